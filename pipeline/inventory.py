"""What a publication holds, read back from its Parquet files: each letter with its counts,
and every problem as ``file:line: reason``. Pure functions over ``dist/``; ``pipeline
letters`` and ``pipeline problems`` print them (as text, or as JSON with ``--json``)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq


class NoPublication(Exception):
    """The folder holds no published Parquet package."""


def _read(dist: Path, resource: str, columns: list[str]) -> list[dict]:
    path = dist / "parquet" / "data" / f"{resource}.parquet"
    if not path.exists():
        raise NoPublication(f"{dist}: no publication here (no parquet/data/{resource}.parquet); run pipeline publish")
    return pq.read_table(path, columns=columns).to_pylist()


def letters(dist: Path) -> list[dict]:
    """Each letter of the publication: its id, date, title, tables, amounts and problems."""
    tables = Counter(r["document_id"] for r in _read(dist, "tables", ["document_id"]))
    amounts = Counter(r["document_id"] for r in _read(dist, "amounts", ["document_id"]))
    found = []
    for d in _read(dist, "documents", ["document_id", "date", "title", "source_path", "problems"]):
        doc = d["document_id"]
        found.append(
            {
                "document_id": doc,
                "date": d["date"].isoformat() if d["date"] else None,
                "title": d["title"],
                "source_path": d["source_path"],
                "tables": tables.get(doc, 0),
                "amounts": amounts.get(doc, 0),
                "problems": d["problems"],
            }
        )
    return found


def problems(dist: Path) -> list[dict]:
    """Every problem of the publication, in the order it lists them."""
    columns = ["document_id", "problem_number", "source_path", "table_number", "line", "reason"]
    return _read(dist, "problems", columns)


def problem_line(problem: dict) -> str:
    """``raw/x.txt:12: reason``, as the publish summary prints a problem."""
    line = f":{problem['line']}" if problem["line"] else ""
    return f"{problem['source_path']}{line}: {problem['reason']}"


def letters_text(found: list[dict]) -> str:
    """The letters as an aligned table a terminal shows."""
    head = ("letter", "date", "tables", "amounts", "problems", "title")
    rows = [
        (d["document_id"], d["date"] or "", str(d["tables"]), str(d["amounts"]), str(d["problems"]), d["title"] or "")
        for d in found
    ]
    widths = [max(len(r[k]) for r in [head, *rows]) for k in range(len(head) - 1)]
    lines = []
    for r in [head, *rows]:
        cells = [r[k].rjust(widths[k]) if 2 <= k <= 4 else r[k].ljust(widths[k]) for k in range(len(head) - 1)]
        lines.append("  ".join([*cells, r[-1]]).rstrip())
    return "\n".join(lines) + "\n"


def as_json(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
