"""Normalising extracted letters into the four tidy resources.

Pure functions, no Dagster. ``letter_columns`` turns one letter into plain column lists
in the order and shape the schema declares (cheap to build, to cache and to merge);
``to_tables`` merges the columns of many letters into Arrow tables with the declared
schemas. Rows are in primary-key order: letters by document id, then tables, rows, and
periods in the order the table prints them.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa

from pipeline import dutch, schema
from pipeline.consistency import relations_of
from pipeline.extraction import Letter

Columns = dict[str, dict[str, list]]  # resource name -> field name -> values


def letter_columns(letter: Letter) -> Columns:
    """One letter's rows in the four resources, as column lists."""
    raw = letter.raw
    doc_id = raw.document_id
    meta = raw.metadata
    documents = {
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
    }
    tables = {name: [] for name in schema.TABLES.field_names}
    amounts = {name: [] for name in schema.AMOUNTS.field_names}
    for table in letter.tables:
        for name, value in (("document_id", doc_id), ("table_number", table.number),
                            ("section", table.section), ("caption", table.caption),
                            ("unit_eur", table.unit_eur), ("first_line", table.first_line),
                            ("last_line", table.last_line)):
            tables[name].append(value)
        years = [dutch.year_of(p) for p in table.periods]
        for row in table.rows:
            for cell, year in zip(row.cells, years):
                amounts["document_id"].append(doc_id)
                amounts["table_number"].append(table.number)
                amounts["row_number"].append(row.number)
                amounts["row_label"].append(row.label)
                amounts["is_total"].append(row.is_total)
                amounts["period"].append(cell.period)
                amounts["year"].append(year)
                amounts["amount_eur"].append(cell.figure.in_euros(table.unit_eur))
                amounts["value"].append(cell.value)
                amounts["line"].append(row.line)
    relations = relations_of(letter)
    consistency = {
        "document_id": [doc_id] * len(relations),
        "table_number": [r.table_number for r in relations],
        "period": [r.period for r in relations],
        "relation": [r.relation for r in relations],
        "reported_eur": [r.reported_eur for r in relations],
        "computed_eur": [r.computed_eur for r in relations],
        "difference_eur": [r.difference_eur for r in relations],
        "status": [r.status for r in relations],
    }
    return {"documents": documents, "tables": tables, "amounts": amounts, "consistency": consistency}


def to_tables(columns: Iterable[Columns]) -> dict[str, pa.Table]:
    """Arrow tables with the declared schemas from the columns of letters, in the given order."""
    merged = {r.name: {f: [] for f in r.field_names} for r in schema.RESOURCES}
    for letter in columns:
        for resource, fields in letter.items():
            target = merged[resource]
            for name, values in fields.items():
                target[name].extend(values)
    return {r.name: pa.Table.from_pydict(merged[r.name], schema=r.to_pyarrow_schema())
            for r in schema.RESOURCES}


def tidy_letters(letters: Iterable[Letter]) -> dict[str, pa.Table]:
    """The four resources for these letters, keyed by resource name."""
    ordered = sorted(letters, key=lambda letter: letter.raw.document_id)
    return to_tables(letter_columns(letter) for letter in ordered)
