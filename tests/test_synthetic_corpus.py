"""The extractor against the synthetic corpus (``pipeline.devtools.synthetic``): letters in three text
forms whose ground truth the generator knows exactly, figures formatted by its own code.

Every truth cell must be read exactly (every field), no cell may be made up, no letter may
report a problem, every table must have its unit, extent and column count, and every relation
the letter implies must be found with its status, none a mismatch. What this corpus caught
the extractor misreading, and how each is pinned, is in tests/fixtures/synthetic_findings.md.
"""

from __future__ import annotations

import json
import os
import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.devtools.synthetic import FORMS, generate_letter, write_corpus
from pipeline.extraction import extract_letter
from pipeline.extraction.arithmetic import relations_of
from pipeline.reading import read_letter
from pipeline.tidy import letter_columns

# A bigger sweep: SYNTHETIC_DOCS=3000 SYNTHETIC_SEED=99 uv run --frozen pytest tests/test_synthetic_corpus.py
DOCS = int(os.environ.get("SYNTHETIC_DOCS", "120"))
SEED = int(os.environ.get("SYNTHETIC_SEED", "20240917"))
SHOWN = 25  # differences shown per failing test
FINDINGS = "tests/fixtures/synthetic_findings.md"
CELL_FIELDS = (
    "row_label",
    "row_code",
    "is_total",
    "column_header",
    "period",
    "year",
    "kind",
    "amount_eur",
    "value",
    "line",
)
TABLE_FIELDS = ("unit_eur", "columns", "first_line", "last_line")
WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Case:
    """One letter: its truth and what the extractor made of it."""

    name: str
    form: str
    truth: dict
    amounts: list[dict]
    tables: list[dict]
    problems: list[str]
    relations: dict[tuple[int, int, int, str], str]


def _rows(columns: dict[str, list]) -> list[dict]:
    names = list(columns)
    return [dict(zip(names, values)) for values in zip(*columns.values())]


def _case(path: Path, raw: Path, expected: Path) -> Case:
    truth = json.loads((expected / f"{path.stem}.json").read_text(encoding="utf-8"))
    letter = extract_letter(read_letter(path, raw))
    columns = letter_columns(letter)
    problems = [f"line {p.line}: {p.reason}" for p in letter.problems]
    relations = {(r.table_number, r.row_number, r.column_number, r.relation): r.status for r in relations_of(letter)}
    return Case(
        path.stem, truth["form"], truth, _rows(columns["amounts"]), _rows(columns["tables"]), problems, relations
    )


@pytest.fixture(scope="module")
def cases(tmp_path_factory) -> list[Case]:
    out = tmp_path_factory.mktemp("synthetic")
    write_corpus(out, DOCS, seed=SEED)
    raw, expected = out / "raw", out / "expected"
    return [_case(path, raw, expected) for path in sorted(raw.glob("*.txt"))]


def _report(differences: list[str], what: str) -> str:
    shown = "\n".join(differences[:SHOWN])
    return (
        f"{len(differences)} {what} (what the corpus caught before: {FINDINGS}); "
        f"the first {min(SHOWN, len(differences))}:\n{shown}"
    )


def _key(row: dict) -> tuple[int, int, int]:
    return row["table_number"], row["row_number"], row["column_number"]


def _cell_differences(case: Case) -> list[str]:
    got = {_key(row): row for row in case.amounts}
    wanted = {_key(row): row for row in case.truth["cells"]}
    out = []
    for key, want in wanted.items():
        where = f"{case.name} [{case.form}] t{key[0]} r{key[1]} c{key[2]} {want['row_label']!r}"
        if key not in got:
            out.append(f"{where}: missing (printed {want['printed']!r}, line {want['line']})")
            continue
        have = dict(got[key])
        have["value"] = WHITESPACE.sub("", have["value"] or "")
        expected = dict(want, value=WHITESPACE.sub("", want["printed"]))
        bad = [f"{name} {expected[name]!r} != {have[name]!r}" for name in CELL_FIELDS if expected[name] != have[name]]
        if bad:
            out.append(f"{where}: " + ", ".join(bad))
    for key in got.keys() - wanted.keys():
        out.append(
            f"{case.name} [{case.form}] t{key[0]} r{key[1]} c{key[2]}: extra cell "
            f"{got[key]['row_label']!r} = {got[key]['value']!r}"
        )
    return out


def test_no_letter_reports_a_problem(cases):
    problems = [f"{c.name} [{c.form}] {p}" for c in cases for p in c.problems]
    assert not problems, _report(problems, "problems reported")


def test_every_cell_is_read_exactly_and_none_is_made_up(cases):
    differences = [d for case in cases for d in _cell_differences(case)]
    assert not differences, _report(differences, "cells differ from the truth")
    assert sum(len(c.truth["cells"]) for c in cases) > 2_000  # not trivially small


def _table_differences(case: Case) -> list[str]:
    got = {t["table_number"]: t for t in case.tables}
    out = []
    for want in case.truth["tables"]:
        where = f"{case.name} [{case.form}] table {want['table_number']}"
        have = got.get(want["table_number"])
        if have is None:
            out.append(f"{where}: missing")
            continue
        bad = [f"{name} {want[name]!r} != {have[name]!r}" for name in TABLE_FIELDS if want[name] != have[name]]
        if bad:
            out.append(f"{where}: " + ", ".join(bad))
    extra = len(got) - len(case.truth["tables"])
    if extra > 0:
        out.append(f"{case.name} [{case.form}]: {extra} extra table(s)")
    return out


def test_every_table_has_its_unit_extent_and_columns(cases):
    differences = [d for case in cases for d in _table_differences(case)]
    assert not differences, _report(differences, "tables differ from the truth")


def test_every_implied_relation_is_found_with_its_status(cases):
    differences = []
    for case in cases:
        for want in case.truth["relations"]:
            key = (want["table_number"], want["row_number"], want["column_number"], want["relation"])
            status = case.relations.get(key)
            if status != want["status"]:
                differences.append(f"{case.name} [{case.form}] {key}: {want['status']} != {status}")
        for key, status in case.relations.items():
            if status == "mismatch":
                differences.append(f"{case.name} [{case.form}] {key}: a mismatch the letter does not hold")
    assert not differences, _report(differences, "relations differ from the truth")


def test_the_corpus_has_every_form_and_relation(cases):
    forms = Counter(c.form for c in cases)
    assert set(forms) == set(FORMS), forms
    assert forms["pdf-copy"] > forms["layout"] and forms["pdf-copy"] > forms["html-copy"]
    relations = Counter((r["relation"], r["status"]) for c in cases for r in c.truth["relations"])
    for relation in ("rows_sum_to_total", "formula_in_label", "sections_sum_to_overview"):
        for status in ("exact", "rounding"):
            assert relations[relation, status], (relation, status, relations)
    kinds = Counter(cell["kind"] for c in cases for cell in c.truth["cells"])
    assert {"amount", "blank", "no_figure", "percentage"} <= set(kinds), kinds


def test_the_same_seed_gives_the_same_bytes(tmp_path):
    write_corpus(tmp_path / "a", 12, seed=7)
    write_corpus(tmp_path / "b", 12, seed=7)
    paths = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.*"))
    assert len(paths) == 36
    for path in paths:
        assert (tmp_path / "a" / path).read_bytes() == (tmp_path / "b" / path).read_bytes(), path
    assert generate_letter(random.Random(3), "x").text == generate_letter(random.Random(3), "x").text
