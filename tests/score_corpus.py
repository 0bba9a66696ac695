"""Score the extractor on a corpus of letters with a truth per cell in CSV, the shape the
shared ``make_corpus.py`` tool writes (``raw/<id>.txt``, ``expected/<id>.csv`` with
table_number, row_number, row_label, period, amount_eur), and count the relations found::

    uv run --frozen python tests/score_corpus.py FOLDER

It prints cells exact, wrong, reported (in a table listed as a problem), missing and made
up, the relations by status, and the first differences. A tool, not a test: the tests do
not depend on a corpus outside the repository.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path


def main(folder: Path) -> int:
    from pipeline.extraction import extract_letter
    from pipeline.extraction.arithmetic import relations_of
    from pipeline.reading import read_letter

    raw, expected = folder / "raw", folder / "expected"
    counts: Counter[str] = Counter()
    shown: list[str] = []
    for path in sorted(raw.glob("*.txt")):
        letter = extract_letter(read_letter(path, raw))
        reported = {p.table_number for p in letter.problems}
        got = {
            (t.number, r.number, c.column.period): (r.label, c.amount_eur)
            for t in letter.tables
            for r in t.rows
            for c in r.cells
        }
        with open(expected / f"{path.stem}.csv", encoding="utf-8", newline="") as f:
            for want in csv.DictReader(f):
                key = (int(want["table_number"]), int(want["row_number"]), want["period"])
                if key[0] in reported:
                    counts["reported"] += 1
                    continue
                have = got.pop(key, None)
                value = (want["row_label"], int(want["amount_eur"]) if want["amount_eur"] else None)
                if have is None:
                    counts["missing"] += 1
                elif have != value:
                    counts["wrong"] += 1
                    shown.append(f"{path.name} {key}: {have} != {value}")
                else:
                    counts["exact"] += 1
        counts["made up"] += len(got)
        counts["problems"] += len(letter.problems)
        for relation in relations_of(letter):
            counts[f"relations {relation.status}"] += 1
            if relation.status == "mismatch":
                shown.append(f"{path.name}: mismatch {relation}")
    print(", ".join(f"{name} {n:,}" for name, n in sorted(counts.items())))
    print("\n".join(shown[:30]))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
