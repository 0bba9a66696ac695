"""Score the extractor against real budget tables rendered as letters (tests/fixtures/real_tables).

What belongs here: reading a rendered batch and its truth (``load_batch``,
``consistency_expectations``), comparing what the extractor publishes with the truth cell by
cell (``score``), the budget-stage relations the specs declare (``stage_expectations``), and
the scoreboard::

    uv run --frozen python tests/realtables.py [batch ...]   # batch: each-s1, dev-docs-s2, ... or a folder

The batches named ``heldout-*`` hold the tables of a third of the source documents that no
rule is written or tuned against (``SPLIT.md`` in the fixtures): the scoreboard prints their
score beside the development score, per text form, and never their differences. A batch
named ``dev-guard-*`` renders the development tables once more with another seed: its line
is printed and its differences shown, but it is left out of the development sums.

What does not: the extractor itself, and thresholds on how well it does (those belong in tests).
Importing this module does not import the pipeline; only the scoreboard does.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "real_tables"
MAX_DIFFERENCES = 20  # kept per case
SHOWN_DIFFERENCES = 30  # printed by the scoreboard

Key = tuple[int, int, int]  # (table_number, row_number, column_number)
# The fields compared per cell, besides the key; "value" is compared with the truth's "printed".
FIELDS = ("row_label", "is_total", "column_header", "period", "year", "amount_eur", "value", "line")
WHITESPACE = re.compile(r"\s+")
CODE = re.compile(r"^\d[\dA-Za-z.]*$")  # an article code or row number: "13.1", "2A", "7"; not a word


@dataclass(frozen=True)
class Case:
    """One rendered letter and its truth."""

    name: str  # the file stem, "<letter>--<layout>"
    layout: str  # pdf-copy, layout, raw or html-copy
    text_path: Path
    expected: list[dict[str, str]]  # rows of expected/<name>.csv, strings as in the file

    @property
    def letter(self) -> str:
        """The letter's name, shared by its layouts (the ``letter`` column of consistency.csv)."""
        return self.name.rsplit("--", 1)[0]


@dataclass
class CaseScore:
    """How the extractor did on one case, counted per truth cell (plus the cells it made up)."""

    exact: int = 0
    wrong: int = 0
    reported: int = 0
    missing: int = 0
    extra: int = 0
    wrong_fields: Counter[str] = field(default_factory=Counter)  # field -> wrong cells
    differences: list[str] = field(default_factory=list)  # the first MAX_DIFFERENCES

    @property
    def cells(self) -> int:
        """Truth cells: every one is exact, wrong, reported or missing."""
        return self.exact + self.wrong + self.reported + self.missing

    def note(self, text: str) -> None:
        if len(self.differences) < MAX_DIFFERENCES:
            self.differences.append(text)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load_batch(folder: Path | str) -> list[Case]:
    """The cases of a rendered batch folder, by name."""
    folder = Path(folder)
    cases = []
    for text_path in sorted([*folder.glob("*.txt"), *folder.glob("*--pdf.pdf")]):
        name = text_path.stem
        layout = name.rsplit("--", 1)[1]
        if layout == "pdf":
            # the PDF the layout text was made from: the same cells; its lines are those of
            # the pipeline's own rendering, so the truth gives none (checked apart)
            truth = [dict(row, line="") for row in _read_csv(folder / "expected" / f"{name[:-5]}--layout.csv")]
        else:
            truth = _read_csv(folder / "expected" / f"{name}.csv")
        cases.append(Case(name=name, layout=layout, text_path=text_path, expected=truth))
    return cases


def consistency_expectations(folder: Path | str) -> dict[str, list[dict[str, str]]]:
    """Per letter of the batch (stem without ``--<layout>``): the consistency.csv rows, cells whose
    printed value differs from the sum of their printed parts (kind rounding or mismatch)."""
    folder = Path(folder)
    found: dict[str, list[dict[str, str]]] = {p.stem.rsplit("--", 1)[0]: [] for p in folder.glob("*.txt")}
    for row in _read_csv(folder / "expected" / "consistency.csv"):
        found.setdefault(row["letter"], []).append(row)
    return dict(sorted(found.items()))


# A budget stage row ("Stand ontwerpbegroting 2019", "Vastgestelde begroting"): where a spec
# gives such a row its parts, the extractor must find the stages_add_up relation there.
STAGE_LABEL = re.compile(
    r"^(?:\(?\d+[a-z]?[.)]\s+)?(?:stand\b|vastgestelde\s+begroting\b|ontwerp-?\s?begroting\b)", re.I
)
SPEC_FOLDERS = {"dev-": ("specs-dev",), "heldout-": ("specs-heldout",), "extra-": ("specs-extra",), "": ("specs",)}


def _specs_of(folder: Path) -> list[Path]:
    prefix = next(p for p in SPEC_FOLDERS if folder.name.startswith(p))
    return sorted(spec for name in SPEC_FOLDERS[prefix] for spec in (FIXTURES / name).glob("*.json"))


def _letter_tables(folder: Path) -> dict[str, list[dict]]:
    """The specs of each letter of a batch, in table order: one per table letter, a
    document's tables in a document letter, every spec in a letter holding all."""
    specs = [(path.stem, json.loads(path.read_text(encoding="utf-8"))) for path in _specs_of(folder)]
    if "-docs-" in folder.name:
        letters: dict[str, list[dict]] = {}
        for _, spec in specs:
            name = re.sub(r"[^a-z0-9]+", "-", spec["document_key"].lower()).strip("-")
            letters.setdefault(name, []).append(spec)
        return letters
    if folder.name.split("-")[-2] == "all":
        return {p.stem.rsplit("--", 1)[0]: [s for _, s in specs] for p in folder.glob("*--html-copy.txt")}
    return {slug: [spec] for slug, spec in specs}


def stage_expectations(folder: Path | str) -> dict[str, list[Key]]:
    """Per letter of the batch: (table, row, 0) of each budget stage row whose spec gives its
    parts (row numbers among the rows that print a figure, as the truth counts them)."""
    found: dict[str, list[Key]] = {}
    for letter, specs in _letter_tables(Path(folder)).items():
        for t, spec in enumerate(specs, 1):
            figured = [r for r in spec["rows"] if any(c.strip() for c in r["cells"])]
            for n, row in enumerate(figured, 1):
                if row.get("parts") and STAGE_LABEL.match(row["label"]):
                    found.setdefault(letter, []).append((t, n, 0))
    return found


def _key(row: dict) -> Key:
    return int(row["table_number"]), int(row["row_number"]), int(row["column_number"])


def _optional_int(text: str) -> int | None:
    return None if text == "" else int(text)


def _expected_fields(row: dict[str, str]) -> dict[str, object]:
    """A truth row in the extractor's types ("line" only when the truth gives one)."""
    wanted: dict[str, object] = {
        "row_label": row["row_label"],
        "is_total": row["is_total"] == "true",
        "column_header": row["column_header"],
        "period": row["period"],
        "year": _optional_int(row["year"]),
        "amount_eur": _optional_int(row["amount_eur"]),
        "value": WHITESPACE.sub("", row["printed"]),
    }
    if row["line"] != "":
        wanted["line"] = int(row["line"])
    return wanted


def _where(key: Key, row: dict) -> str:
    return f"t{key[0]} r{key[1]} c{key[2]} {row.get('row_label')!r} [{row.get('period')}]"


def _as_compared(got: dict, wanted: dict[str, object]) -> dict:
    """A published row in the truth's terms: the value without its spaces, an empty header
    as "", and an article code split off the label put back in front of it."""
    actual = dict(got)
    actual["value"] = WHITESPACE.sub("", str(actual.get("value") or ""))
    for name in ("column_header", "period"):  # empty where no header is printed
        actual[name] = actual.get(name) or ""
    code = actual.get("row_code")
    if code and CODE.match(code) and wanted.get("row_label") == f"{code} {actual.get('row_label')}":
        # an article code printed at the start of the label cell is published apart, in row_code
        actual["row_label"] = wanted["row_label"]
    return actual


def _tables_at(case: Case, lines: list[int | None]) -> set[int]:
    """The truth's tables whose rows' lines hold one of ``lines`` (give or take two): a
    problem of the letter that names no table but stands in one reports that table."""
    spans: dict[int, list[int]] = {}
    for row in case.expected:
        if row["line"]:
            spans.setdefault(int(row["table_number"]), []).append(int(row["line"]))
    return {
        table
        for table, at in spans.items()
        for line in lines
        if line is not None and min(at) - 2 <= line <= max(at) + 2
    }


def score(case: Case, got_amounts: list[dict], problems: list[dict]) -> CaseScore:
    """Compare the extractor's amount rows and reported problems with the case's truth."""
    result = CaseScore()
    reported_tables = {p["table_number"] for p in problems if p.get("table_number") is not None}
    reported_tables |= _tables_at(case, [p["line"] for p in problems if p.get("table_number") is None])
    got: dict[Key, dict] = {}
    for row in got_amounts:
        key = _key(row)
        if key in got:
            result.extra += 1
            result.note(f"{_where(key, row)}: published twice")
        else:
            got[key] = row
    expected_keys = set()
    for row in case.expected:
        key = _key(row)
        expected_keys.add(key)
        if key[0] in reported_tables:
            result.reported += 1
            continue
        if key not in got:
            result.missing += 1
            result.note(f"{_where(key, row)}: missing (printed {row['printed']!r})")
            continue
        wanted = _expected_fields(row)
        actual = _as_compared(got[key], wanted)
        bad = [name for name in FIELDS if name in wanted and actual.get(name) != wanted[name]]
        if not bad:
            result.exact += 1
            continue
        result.wrong += 1
        result.wrong_fields.update(bad)
        shown = ", ".join(f"{name} {wanted[name]!r} != {actual.get(name)!r}" for name in bad)
        result.note(f"{_where(key, row)}: expected != got: {shown}")
    for key, row in got.items():
        if key not in expected_keys:
            result.extra += 1
            result.note(f"{_where(key, row)}: extra (value {row.get('value')!r})")
    return result


# --- the scoreboard ------------------------------------------------------------------------


def _columns_to_rows(columns: dict[str, list]) -> list[dict]:
    lengths = {name: len(values) for name, values in columns.items()}
    if len(set(lengths.values())) > 1:
        raise ValueError(f"amount columns of unequal length: {lengths}")
    names = list(columns)
    return [dict(zip(names, values)) for values in zip(*columns.values())]


@dataclass(frozen=True)
class Extracted:
    """What the extractor publishes for one case, as rows."""

    amounts: list[dict]
    problems: list[dict]
    consistency: list[dict]


def extract_case(case: Case) -> Extracted:
    from pipeline.extraction import extract_letter
    from pipeline.reading import read_letter
    from pipeline.tidy import letter_columns

    columns = letter_columns(extract_letter(read_letter(case.text_path, case.text_path.parent)))
    return Extracted(
        _columns_to_rows(columns["amounts"]),
        _columns_to_rows(columns["problems"]),
        _columns_to_rows(columns["consistency"]),
    )


def _extract(case: Case) -> tuple[list[dict], list[dict]]:
    """The extractor's published amount rows and reported problems for one case."""
    found = extract_case(case)
    return found.amounts, found.problems


@dataclass
class StageScore:
    """The budget-stage relations of the stage rows the specs declare, in tables that were read."""

    expected: int = 0  # stage rows in tables read
    found: int = 0  # ... with a stages_add_up relation whose every column has the truth's status
    false_mismatches: int = 0  # stages_add_up mismatches anywhere that the truth does not hold

    def add(self, other: StageScore) -> None:
        self.expected += other.expected
        self.found += other.found
        self.false_mismatches += other.false_mismatches


def stage_score(
    case: Case, found: Extracted, stages: dict[str, list[Key]], truth: dict[str, list[dict[str, str]]]
) -> StageScore:
    result = StageScore()
    kinds = {
        (int(e["table_number"]), int(e["row_number"]), int(e["column_number"])): e["kind"]
        for e in truth.get(case.letter, [])
    }
    reported = {p["table_number"] for p in found.problems if p.get("table_number") is not None}
    relations: dict[tuple[int, int], list[dict]] = {}
    for r in found.consistency:
        if r["relation"] == "stages_add_up":
            relations.setdefault((r["table_number"], r["row_number"]), []).append(r)
            key = (r["table_number"], r["row_number"], r["column_number"])
            if r["status"] == "mismatch" and kinds.get(key) != "mismatch":
                result.false_mismatches += 1
    for table, row, _ in stages.get(case.letter, []):
        if table in reported:
            continue
        result.expected += 1
        at = relations.get((table, row), [])
        if at and all(r["status"] == kinds.get((table, row, r["column_number"]), "exact") for r in at):
            result.found += 1
    return result


def _one_line(error: BaseException) -> str:
    return " ".join(f"{type(error).__name__}: {error}".split())


HELD_OUT = "heldout-"  # batches of the held-out documents


GUARD = "-guard-"  # the development tables rendered once more: scored per batch, not summed


def is_held_out(folder: Path) -> bool:
    return folder.name.startswith(HELD_OUT)


def is_guard(folder: Path) -> bool:
    return GUARD in folder.name


def _batch_totals(
    folder: Path, differences: list[str], errors: list[str]
) -> tuple[dict[str, CaseScore], dict[str, StageScore]]:
    """Per layout, the batch's counts and its stage relations; its differences and failures
    added to the lists."""
    totals: dict[str, CaseScore] = {}
    stage_totals: dict[str, StageScore] = {}
    stages, truth = stage_expectations(folder), consistency_expectations(folder)
    for case in load_batch(folder):
        stage = StageScore()
        try:
            found = extract_case(case)
            result = score(case, found.amounts, found.problems)
            stage = stage_score(case, found, stages, truth)
        except Exception as error:  # one case never stops the scoreboard
            errors.append(f"{folder.name}/{case.name}: {_one_line(error)}")
            result = score(case, [], [])
            result.differences.clear()  # all missing; the error line says why
        differences.extend(f"{folder.name}/{case.name}: {d}" for d in result.differences)
        add(totals.setdefault(case.layout, CaseScore()), result)
        stage_totals.setdefault(case.layout, StageScore()).add(stage)
    return totals, stage_totals


def add(total: CaseScore, result: CaseScore) -> None:
    for name in ("exact", "wrong", "reported", "missing", "extra"):
        setattr(total, name, getattr(total, name) + getattr(result, name))
    total.wrong_fields.update(result.wrong_fields)


def _line(name: str, layout: str, t: CaseScore) -> str:
    share = 100 * t.exact / t.cells if t.cells else 0.0
    fields = " ".join(f"{n}:{c}" for n, c in t.wrong_fields.most_common())
    return (
        f"{name:<16} {layout:<10} {t.cells:>6} {t.exact:>6} {t.wrong:>6} "
        f"{t.reported:>8} {t.missing:>7} {t.extra:>6} {share:>6.1f}%  {fields}"
    ).rstrip()


HEADER = (
    f"{'batch':<16} {'layout':<10} {'cells':>6} {'exact':>6} {'wrong':>6} {'reported':>8} "
    f"{'missing':>7} {'extra':>6} {'exact%':>7}  wrong fields"
)
PARTS = ("development", "held-out")


@dataclass
class Board:
    """The scoreboard as it is filled: a line per batch and layout, the sums per part, and
    what went wrong where it may be shown (never for a held-out batch)."""

    lines: list[str] = field(default_factory=lambda: [HEADER, "-" * len(HEADER)])
    cells: dict[str, dict[str, CaseScore]] = field(default_factory=lambda: {p: {} for p in PARTS})
    stages: dict[str, dict[str, StageScore]] = field(default_factory=lambda: {p: {} for p in PARTS})
    differences: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    held_out_errors: int = 0

    def score_batch(self, folder: Path) -> None:
        held_out = is_held_out(folder)
        part = PARTS[held_out]
        found_errors: list[str] = []
        totals, stage_totals = _batch_totals(folder, [] if held_out else self.differences, found_errors)
        if held_out:
            self.held_out_errors += len(found_errors)  # counted, never shown: no rule is tuned on them
        else:
            self.errors += found_errors
        for layout, t in sorted(totals.items()):
            self.lines.append(_line(folder.name, layout, t))
            if not is_guard(folder):  # another rendering of the same tables: not counted twice
                add(self.cells[part].setdefault(layout, CaseScore()), t)
        if not is_guard(folder):
            for layout, stage in stage_totals.items():
                self.stages[part].setdefault(layout, StageScore()).add(stage)

    def summary(self) -> list[str]:
        lines = ["", "development against held-out documents, per text form:", HEADER, "-" * len(HEADER)]
        for layout in sorted(set(self.cells[PARTS[0]]) | set(self.cells[PARTS[1]])):
            lines += [_line(name, layout, self.cells[name][layout]) for name in PARTS if layout in self.cells[name]]
        lines += ["", "budget-stage relations (stages_add_up) at the stage rows the specs declare, in tables read:"]
        for layout in sorted(set(self.stages[PARTS[0]]) | set(self.stages[PARTS[1]])):
            for name in PARTS:
                st = self.stages[name].get(layout)
                if st is not None:
                    lines.append(
                        f"{name:<16} {layout:<10} found {st.found} of {st.expected}, "
                        f"false mismatches {st.false_mismatches}"
                    )
        return lines


def main(argv: list[str]) -> int:
    folders = [Path(a) if Path(a).is_dir() else FIXTURES / a for a in argv] or sorted(
        p for p in FIXTURES.iterdir() if (p / "expected").is_dir()
    )
    missing = [str(f) for f in folders if not (f / "expected").is_dir()]
    if missing:
        print(f"not a rendered batch: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        import pipeline.extraction  # noqa: F401
        import pipeline.reading  # noqa: F401
        import pipeline.tidy  # noqa: F401
    except Exception as error:  # the extractor is mid-rewrite: say so, do not trace back
        print(f"cannot import the pipeline: {_one_line(error)}", file=sys.stderr)
        return 2
    board = Board()
    for folder in folders:
        board.score_batch(folder)
    print("\n".join(board.lines + board.summary()))
    if board.errors or board.held_out_errors:
        hidden = [f"{board.held_out_errors} held-out case(s), not shown"] if board.held_out_errors else []
        print(f"\nextraction failed ({len(board.errors) + board.held_out_errors} case(s), cells counted missing):")
        print("\n".join(board.errors + hidden))
    differences = board.differences
    print(
        f"\nfirst {min(SHOWN_DIFFERENCES, len(differences))} of {len(differences)} development difference(s) "
        f"shown (at most {MAX_DIFFERENCES} kept per case; held-out differences are never shown):"
    )
    print("\n".join(differences[:SHOWN_DIFFERENCES]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
