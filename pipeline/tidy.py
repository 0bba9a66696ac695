"""Normalising extracted letters into the five tidy resources.

Pure functions, no Dagster. ``letter_columns`` turns one letter into plain column lists
in the order and shape the schema declares (cheap to build, to cache and to merge);
``to_tables`` merges the columns of many letters into Arrow tables with the declared
schemas. Rows are in primary-key order: letters by document id, then tables, rows and
columns left to right.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa

from pipeline import reading, schema
from pipeline.consistency import relations_of
from pipeline.extraction import Letter

Columns = dict[str, dict[str, list]]  # resource name -> field name -> values


def letter_columns(letter: Letter) -> Columns:
    """One letter's rows in the five resources, as column lists."""
    raw = letter.raw
    doc_id = raw.document_id
    meta = raw.metadata
    documents: dict[str, list] = {
        "document_id": [doc_id],
        "date": [letter.date],
        "letterhead": [letter.letterhead],
        "addressee": [letter.addressee],
        "title": [meta.get("title")],
        "reference": [meta.get("reference")],
        "url": [meta.get("url")],
        "source_path": [raw.source_path],
        "sha256": [raw.sha256],
        "lines": [len(raw.lines)],
        "problems": [len(letter.problems)],
        "kind": [meta.get("kind")],
        "dossier": [meta.get("dossier")],
        "senders": ["; ".join(meta["senders"]) if meta.get("senders") else None],
    }
    tables: dict[str, list] = {name: [] for name in schema.TABLES.field_names}
    amounts: dict[str, list] = {name: [] for name in schema.AMOUNTS.field_names}
    for table in letter.tables:
        for name, value in (
            ("document_id", doc_id),
            ("table_number", table.number),
            ("section", table.section),
            ("caption", table.caption),
            ("unit_eur", table.unit_eur),
            ("columns", len(table.columns)),
            ("first_line", table.first_line),
            ("last_line", table.last_line),
            ("text_form", table.form),
        ):
            tables[name].append(value)
        for row in table.rows:
            for cell in row.cells:
                column = cell.column
                values: dict[str, object] = {
                    "document_id": doc_id,
                    "table_number": table.number,
                    "row_number": row.number,
                    "column_number": column.number,
                    "row_label": row.label,
                    "row_code": row.code,
                    "subheading": row.subheading,
                    "is_total": row.is_total,
                    "column_header": column.header,
                    "period": column.period,
                    "year": column.year,
                    "kind": cell.kind.value,
                    "amount_eur": cell.amount_eur,
                    "unit_eur": cell.unit_eur,
                    "value": cell.value or None,
                    "line": row.line,
                }
                for name, cell_value in values.items():
                    amounts[name].append(cell_value)
    relations = relations_of(letter)
    consistency: dict[str, list] = {
        "document_id": [doc_id] * len(relations),
        "table_number": [r.table_number for r in relations],
        "row_number": [r.row_number for r in relations],
        "column_number": [r.column_number for r in relations],
        "period": [r.period for r in relations],
        "relation": [r.relation for r in relations],
        "parts": [r.parts for r in relations],
        "reported_eur": [r.reported_eur for r in relations],
        "computed_eur": [r.computed_eur for r in relations],
        "difference_eur": [r.difference_eur for r in relations],
        "tolerance_eur": [r.tolerance_eur for r in relations],
        "status": [r.status for r in relations],
    }
    problems: dict[str, list] = {
        "document_id": [doc_id] * len(letter.problems),
        "problem_number": list(range(1, len(letter.problems) + 1)),
        "source_path": [
            raw.source_path if p.path is None else reading.sidecar_source_path(raw.source_path, p.path)
            for p in letter.problems
        ],
        "table_number": [p.table_number for p in letter.problems],
        "line": [p.line for p in letter.problems],
        "reason": [p.reason for p in letter.problems],
    }
    return {
        "documents": documents,
        "tables": tables,
        "amounts": amounts,
        "consistency": consistency,
        "problems": problems,
    }


def unreadable_columns(
    document_id: str, source_path: str, sha256: str, lines: int, line: int | None, reason: str
) -> Columns:
    """A letter that cannot be read at all (not text, empty, too large): its documents row,
    and the reason in problems."""
    empty: Columns = {r.name: {f: [] for f in r.field_names} for r in schema.RESOURCES}
    documents: dict[str, list] = {name: [None] for name in schema.DOCUMENTS.field_names}
    documents.update(document_id=[document_id], source_path=[source_path], sha256=[sha256], lines=[lines], problems=[1])
    problems: dict[str, list] = {
        "document_id": [document_id],
        "problem_number": [1],
        "source_path": [source_path],
        "table_number": [None],
        "line": [line],
        "reason": [reason],
    }
    return {**empty, "documents": documents, "problems": problems}


def to_tables(columns: Iterable[Columns]) -> dict[str, pa.Table]:
    """Arrow tables with the declared schemas from the columns of letters, in the given order."""
    merged: dict[str, dict[str, list]] = {r.name: {f: [] for f in r.field_names} for r in schema.RESOURCES}
    for letter in columns:
        for resource, fields in letter.items():
            target = merged[resource]
            for name, values in fields.items():
                target[name].extend(values)
    return {r.name: pa.Table.from_pydict(merged[r.name], schema=r.to_pyarrow_schema()) for r in schema.RESOURCES}


def tidy_letters(letters: Iterable[Letter]) -> dict[str, pa.Table]:
    """The five resources for these letters, keyed by resource name."""
    ordered = sorted(letters, key=lambda letter: letter.raw.document_id)
    return to_tables(letter_columns(letter) for letter in ordered)
