"""The project's synthetic corpus: every cell and every table matches the ground truth."""

from __future__ import annotations

import json

import pytest

from pipeline.dutch import year_of
from pipeline.extraction import extract_letter
from pipeline.reading import read_letter
from pipeline.synthetic import write_corpus

DOCS = 300


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    write_corpus(out, DOCS, seed=20150227)
    return out


def test_the_generator_is_deterministic(tmp_path):
    write_corpus(tmp_path / "a", 5, seed=7)
    write_corpus(tmp_path / "b", 5, seed=7)
    for path in sorted((tmp_path / "a").rglob("*.*")):
        assert path.read_bytes() == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes()


def test_every_cell_of_the_synthetic_corpus(corpus):
    letters = sorted((corpus / "raw").glob("*.txt"))
    assert len(letters) == DOCS
    total = 0
    for path in letters:
        truth = json.loads((corpus / "expected" / f"{path.stem}.json").read_text())
        letter = extract_letter(read_letter(path, corpus / "raw"))
        got = [
            {"table_number": t.number, "row_number": r.number, "row_label": r.label,
             "is_total": r.is_total, "period": c.period, "year": year_of(c.period),
             "amount_eur": c.figure.in_euros(t.unit_eur), "line": r.line}
            for t in letter.tables for r in t.rows for c in r.cells
        ]
        assert got == truth["cells"], path.name
        tables = [{"table_number": t.number, "section": t.section, "caption": t.caption,
                   "unit_eur": t.unit_eur, "first_line": t.first_line, "last_line": t.last_line}
                  for t in letter.tables]
        assert tables == truth["tables"], path.name
        total += len(got)
    assert total > 10_000  # the corpus is not trivially small


def test_the_corpus_has_the_quirks_it_claims(corpus):
    text = "\n".join(p.read_text() for p in (corpus / "raw").glob("*.txt"))
    for quirk in ["p.m", "–", ", ", "Structureel", "e.v.", "(bedragen x € 1.000)", "In mld euro",
                  "Bedragen in euro", "Regeling 2019", "\n Totaal", "-\n"]:
        assert quirk in text, quirk
