"""Score the extractor against real budget tables rendered as letters (tests/fixtures/real_tables).

What belongs here: reading a rendered batch and its truth (``load_batch``,
``consistency_expectations``), comparing what the extractor publishes with the truth cell by
cell (``score``), the budget-stage relations the specs declare (``stage_expectations``), and
the scoreboard::

    uv run --frozen python tests/realtables.py [batch ...]   # batch: each-s1, dev-docs-s2, ... or a folder

The batches named ``heldout-*`` hold the tables of a third of the source documents that no
rule is written or tuned against (``SPLIT.md`` in the fixtures): the scoreboard prints their
score beside the development score, per text form, and never their differences.

What does not: the extractor itself, and thresholds on how well it does (those belong in tests).
Importing this module does not import the pipeline; only the scoreboard does.
"""

from __future__ import annotations

import csv
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


def score(case: Case, got_amounts: list[dict], problems: list[dict]) -> CaseScore:
    """Compare the extractor's amount rows and reported problems with the case's truth."""
    result = CaseScore()
    reported_tables = {p["table_number"] for p in problems if p.get("table_number") is not None}
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
        actual = dict(got[key])
        actual["value"] = WHITESPACE.sub("", str(actual.get("value") or ""))
        code = actual.get("row_code")
        if code and CODE.match(code) and wanted.get("row_label") == f"{code} {actual.get('row_label')}":
            # an article code printed at the start of the label cell is published apart, in row_code
            actual["row_label"] = wanted["row_label"]
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


def _extract(case: Case) -> tuple[list[dict], list[dict]]:
    """The extractor's published amount rows and reported problems for one case."""
    from pipeline.extraction import extract_letter
    from pipeline.reading import read_letter
    from pipeline.tidy import letter_columns

    letter = extract_letter(read_letter(case.text_path, case.text_path.parent))
    amounts = _columns_to_rows(letter_columns(letter)["amounts"])
    problems = [{"table_number": p.table_number, "line": p.line, "reason": p.reason} for p in letter.problems]
    return amounts, problems


def _one_line(error: BaseException) -> str:
    return " ".join(f"{type(error).__name__}: {error}".split())


HELD_OUT = "heldout-"  # batches of the held-out documents


def is_held_out(folder: Path) -> bool:
    return folder.name.startswith(HELD_OUT)


def _batch_totals(folder: Path, differences: list[str], errors: list[str]) -> dict[str, CaseScore]:
    """Per layout, the batch's counts; its differences and failures added to the lists."""
    totals: dict[str, CaseScore] = {}
    for case in load_batch(folder):
        try:
            amounts, problems = _extract(case)
            result = score(case, amounts, problems)
        except Exception as error:  # one case never stops the scoreboard
            errors.append(f"{folder.name}/{case.name}: {_one_line(error)}")
            result = score(case, [], [])
            result.differences.clear()  # all missing; the error line says why
        differences.extend(f"{folder.name}/{case.name}: {d}" for d in result.differences)
        add(totals.setdefault(case.layout, CaseScore()), result)
    return totals


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

    header = (
        f"{'batch':<16} {'layout':<10} {'cells':>6} {'exact':>6} {'wrong':>6} {'reported':>8} "
        f"{'missing':>7} {'extra':>6} {'exact%':>7}  wrong fields"
    )
    lines = [header, "-" * len(header)]
    differences: list[str] = []
    errors: list[str] = []
    held_out_errors = 0
    by_part: dict[str, dict[str, CaseScore]] = {"development": {}, "held-out": {}}
    for folder in folders:
        held_out = is_held_out(folder)
        found_errors: list[str] = []
        totals = _batch_totals(folder, [] if held_out else differences, found_errors)
        if held_out:
            held_out_errors += len(found_errors)  # counted, never shown: no rule is tuned on them
        else:
            errors += found_errors
        part = by_part["held-out" if held_out else "development"]
        for layout, t in sorted(totals.items()):
            lines.append(_line(folder.name, layout, t))
            add(part.setdefault(layout, CaseScore()), t)
    lines += ["", "development against held-out documents, per text form:", header, "-" * len(header)]
    for layout in sorted(set(by_part["development"]) | set(by_part["held-out"])):
        for name, part in by_part.items():
            if layout in part:
                lines.append(_line(name, layout, part[layout]))
    print("\n".join(lines))
    if errors or held_out_errors:
        print(f"\nextraction failed ({len(errors) + held_out_errors} case(s), cells counted missing):")
        print("\n".join(errors + ([f"{held_out_errors} held-out case(s), not shown"] if held_out_errors else [])))
    print(
        f"\nfirst {min(SHOWN_DIFFERENCES, len(differences))} of {len(differences)} development difference(s) "
        f"shown (at most {MAX_DIFFERENCES} kept per case; held-out differences are never shown):"
    )
    print("\n".join(differences[:SHOWN_DIFFERENCES]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
