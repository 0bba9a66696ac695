"""Normalising extracted letters into the four tidy resources, as Arrow tables.

Pure functions, no Dagster. Columns are built in the order and with the types the
schema declares, so what leaves here is already the published shape. Rows are sorted
by their primary keys (periods in the order the table prints them).
"""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa

from pipeline import dutch, schema
from pipeline.consistency import relations_of
from pipeline.extraction import Letter


def _columns(resource: schema.Resource) -> dict[str, list]:
    return {name: [] for name in resource.field_names}


def _table(resource: schema.Resource, columns: dict[str, list]) -> pa.Table:
    return pa.Table.from_pydict(columns, schema=resource.to_pyarrow_schema())


def tidy_letters(letters: Iterable[Letter]) -> dict[str, pa.Table]:
    """The four resources for these letters, keyed by resource name."""
    letters = sorted(letters, key=lambda letter: letter.raw.document_id)
    documents = _columns(schema.DOCUMENTS)
    tables = _columns(schema.TABLES)
    amounts = _columns(schema.AMOUNTS)
    consistency = _columns(schema.CONSISTENCY)
    for letter in letters:
        raw = letter.raw
        doc_id = raw.document_id
        meta = raw.metadata
        for name, value in (
            ("document_id", doc_id),
            ("date", letter.date),
            ("letterhead", letter.letterhead),
            ("addressee", letter.addressee),
            ("title", meta.get("title")),
            ("reference", meta.get("reference")),
            ("url", meta.get("url")),
            ("source_path", raw.source_path),
            ("sha256", raw.sha256),
            ("lines", len(raw.lines)),
        ):
            documents[name].append(value)
        for table in letter.tables:
            for name, value in (
                ("document_id", doc_id),
                ("table_number", table.number),
                ("section", table.section),
                ("caption", table.caption),
                ("unit_eur", table.unit_eur),
                ("first_line", table.first_line),
                ("last_line", table.last_line),
            ):
                tables[name].append(value)
            for row in table.rows:
                for cell in row.cells:
                    amounts["document_id"].append(doc_id)
                    amounts["table_number"].append(table.number)
                    amounts["row_number"].append(row.number)
                    amounts["row_label"].append(row.label)
                    amounts["is_total"].append(row.is_total)
                    amounts["period"].append(cell.period)
                    amounts["year"].append(dutch.year_of(cell.period))
                    amounts["amount_eur"].append(cell.figure.in_euros(table.unit_eur))
                    amounts["value"].append(cell.value)
                    amounts["line"].append(row.line)
        for relation in relations_of(letter):
            consistency["document_id"].append(doc_id)
            consistency["table_number"].append(relation.table_number)
            consistency["period"].append(relation.period)
            consistency["relation"].append(relation.relation)
            consistency["reported_eur"].append(relation.reported_eur)
            consistency["computed_eur"].append(relation.computed_eur)
            consistency["difference_eur"].append(relation.difference_eur)
            consistency["status"].append(relation.status)
    return {
        "documents": _table(schema.DOCUMENTS, documents),
        "tables": _table(schema.TABLES, tables),
        "amounts": _table(schema.AMOUNTS, amounts),
        "consistency": _table(schema.CONSISTENCY, consistency),
    }
