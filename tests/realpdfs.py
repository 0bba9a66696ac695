"""Measure the extractor on real PDF reports (not in the repository: their folder is an argument).

    uv run --frozen python tests/realpdfs.py FOLDER [--held-out] [--workers N]

For each PDF of FOLDER: its pages, the table-like regions the extractor found (tables read
plus tables reported as problems), the share read, and whether every published figure
stands on its row's lines of the rendering (``pipeline pdftext``): from the line where the
row's label starts up to the next row's line (or a few lines for a table's last row). A
figure that stands elsewhere is a wrong reading and is listed. With ``--held-out`` only the
totals are printed: the held-out reports are scored, never looked at.

What belongs here: running the extractor over a folder and counting. What does not: the
extractor, and thresholds (tests hold those; real reports are too large for the tests).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

LAST_ROW_LINES = 4  # lines of a table's last row: its label may wrap below its figures
SPACES = re.compile(r"\s+")


@dataclass
class Report:
    name: str
    pages: int = 0
    tables: int = 0
    reported: int = 0
    figures: int = 0
    off_their_lines: list[str] = field(default_factory=list)
    seconds: float = 0.0
    failure: str = ""

    @property
    def regions(self) -> int:
        return self.tables + self.reported


def _row_spans(amounts: list[dict]) -> dict[tuple[int, int], tuple[int, int]]:
    """Per (table, row): the lines from its label's to the line before the next row's."""
    starts: dict[int, list[tuple[int, int]]] = {}
    for a in amounts:
        starts.setdefault(a["table_number"], [])
        if (a["row_number"], a["line"]) not in starts[a["table_number"]]:
            starts[a["table_number"]].append((a["row_number"], a["line"]))
    spans = {}
    for table, rows in starts.items():
        rows.sort()
        for (row, line), after in zip(rows, [*rows[1:], None]):
            end = after[1] - 1 if after is not None and after[1] > line else line + LAST_ROW_LINES
            spans[(table, row)] = (line, end)
    return spans


def measure(path: Path) -> Report:
    from pipeline.extraction import extract_letter
    from pipeline.extraction.pipeline import UNREAD_FIGURES
    from pipeline.reading import read_letter
    from pipeline.tidy import letter_columns

    report = Report(path.name)
    begin = time.perf_counter()
    try:
        letter = extract_letter(read_letter(path, path.parent))
    except Exception as error:  # one report never stops the measurement
        report.failure = f"{type(error).__name__}: {error}"
        report.seconds = time.perf_counter() - begin
        return report
    columns = letter_columns(letter)
    lines = letter.raw.lines
    report.pages = 1 + sum(line.count("\f") for line in lines)
    report.tables = len(columns["tables"]["table_number"])
    report.reported = len({t for t in columns["problems"]["table_number"] if t is not None}) + sum(
        1
        for reason in columns["problems"]["reason"]
        if reason == UNREAD_FIGURES  # figures no reader took
    )
    names = list(columns["amounts"])
    amounts = [dict(zip(names, values)) for values in zip(*columns["amounts"].values())]
    spans = _row_spans(amounts)
    for a in amounts:
        if not a["value"]:
            continue
        report.figures += 1
        first, last = spans[(a["table_number"], a["row_number"])]
        window = SPACES.sub("", "".join(lines[first - 1 : last]))
        if SPACES.sub("", a["value"]) not in window:
            report.off_their_lines.append(
                f"{path.name}:{a['line']}: table {a['table_number']} row {a['row_number']} "
                f"'{a['row_label']}': {a['value']!r} is not on its row's lines"
            )
    report.seconds = time.perf_counter() - begin
    return report


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--held-out", action="store_true", help="print the totals only")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    paths = sorted(args.folder.glob("*.pdf"))
    with ProcessPoolExecutor(args.workers) as pool:
        reports = list(pool.map(measure, paths))
    total = Report("total")
    for r in reports:
        for name in ("pages", "tables", "reported", "figures", "seconds"):
            setattr(total, name, getattr(total, name) + getattr(r, name))
        total.off_their_lines += r.off_their_lines
        if not args.held_out:
            share = f"{100 * r.tables / r.regions:5.1f}%" if r.regions else "    -"
            print(
                f"{r.name[:48]:<48} {r.pages:>4} p {r.tables:>4} read {r.reported:>4} reported {share} "
                f"{r.figures:>6} figures {len(r.off_their_lines):>4} off {r.seconds:6.1f} s {r.failure}"
            )
    failures = sum(1 for r in reports if r.failure)
    share = 100 * total.tables / total.regions if total.regions else 0.0
    print(
        f"\n{len(reports)} PDFs, {total.pages} pages: {total.regions} table-like regions, {total.tables} read "
        f"({share:.1f} %), {total.reported} reported; {total.figures} figures published, "
        f"{len(total.off_their_lines)} not on their row's lines; {failures} PDF(s) failed; "
        f"{total.seconds:.0f} s of work"
    )
    if not args.held_out:
        print("\n".join(total.off_their_lines[:40]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
