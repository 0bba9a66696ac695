"""Normalising extracted letters into the five tidy resources.

Pure functions, no Dagster. ``letter_columns`` turns one letter into plain column lists
in the order and shape the schema declares (cheap to build, to cache and to merge);
``to_tables`` merges the columns of many letters into Arrow tables with the declared
schemas. Rows are in primary-key order: letters by document id, then tables, rows and
columns left to right.

A table whose rows break the data contract (a required field left empty, a value outside
its vocabulary) is not published: it becomes a problem of its letter, with the line and
the field, and the rest of the letter and of the corpus publishes. One letter's rows never
hold the publication hostage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pyarrow as pa

from pipeline import contract, reading, schema
from pipeline.extraction import Letter
from pipeline.extraction.arithmetic import relations_of
from pipeline.extraction.model import Problem, Table

Columns = dict[str, dict[str, list]]  # resource name -> field name -> values


def _table_row(doc_id: str, table: Table) -> dict[str, object]:
    return {
        "document_id": doc_id,
        "table_number": table.number,
        "section": table.section,
        "caption": table.caption,
        "unit_eur": table.unit_eur,
        "columns": len(table.columns),
        "first_line": table.first_line,
        "last_line": table.last_line,
        "text_form": table.form,
    }


def _amount_rows(doc_id: str, table: Table) -> list[dict[str, object]]:
    return [
        {
            "document_id": doc_id,
            "table_number": table.number,
            "row_number": row.number,
            "column_number": cell.column.number,
            "row_label": row.label,
            "row_code": row.code,
            "subheading": row.subheading,
            "is_total": row.is_total,
            "column_header": cell.column.header or None,
            "period": cell.column.period or None,
            "year": cell.column.year,
            "kind": cell.kind.value,
            "amount_eur": cell.amount_eur,
            "unit_eur": cell.unit_eur,
            "value": cell.value or None,
            "line": row.line,
        }
        for row in table.rows
        for cell in row.cells
    ]


def contract_problem(
    table: Table, table_row: dict[str, object], amount_rows: list[dict[str, object]]
) -> Problem | None:
    """The first way a table's rows break the data contract, as a problem of its letter."""
    for resource, rows in ((schema.TABLES, [table_row]), (schema.AMOUNTS, amount_rows)):
        for row in rows:
            for field in resource.fields:
                broken = contract.value_breaks(field, row[field.name])
                if broken is not None:
                    line = row.get("line", table.first_line)
                    return Problem(
                        line if isinstance(line, int) else table.first_line,
                        f"the table is not published: its {resource.name}.{field.name} {broken}, "
                        "which the data contract does not allow",
                        table.number,
                    )
    return None


def letter_columns(letter: Letter) -> Columns:
    """One letter's rows in the five resources, as column lists."""
    raw = letter.raw
    doc_id = raw.document_id
    meta = raw.metadata
    published: list[tuple[dict[str, object], list[dict[str, object]]]] = []
    letter_problems = list(letter.problems)
    withheld: set[int] = set()
    for table in letter.tables:
        table_row, amount_rows = _table_row(doc_id, table), _amount_rows(doc_id, table)
        problem = contract_problem(table, table_row, amount_rows)
        if problem is None:
            published.append((table_row, amount_rows))
        else:
            letter_problems.append(problem)
            withheld.add(table.number)
    letter_problems.sort(key=lambda p: (p.line is None, p.line or 0))
    documents: dict[str, list] = {
        "document_id": [doc_id],
        "date": [letter.date],
        "letterhead": [letter.letterhead],
        "addressee": [letter.addressee],
        "source_path": [raw.source_path],
        "sha256": [raw.sha256],
        "lines": [len(raw.lines)],
        "problems": [len(letter_problems)],
        **{name: [value] for name, value in _from_metadata(meta).items()},
    }
    tables: dict[str, list] = {name: [] for name in schema.TABLES.field_names}
    amounts: dict[str, list] = {name: [] for name in schema.AMOUNTS.field_names}
    for table_row, amount_rows in published:
        for name, value in table_row.items():
            tables[name].append(value)
        for values in amount_rows:
            for name, cell_value in values.items():
                amounts[name].append(cell_value)
    relations = [r for r in relations_of(letter) if r.table_number not in withheld]
    consistency: dict[str, list] = {
        "document_id": [doc_id] * len(relations),
        "table_number": [r.table_number for r in relations],
        "row_number": [r.row_number for r in relations],
        "column_number": [r.column_number for r in relations],
        "period": [r.period or None for r in relations],
        "relation": [r.relation for r in relations],
        "parts": [r.parts for r in relations],
        "reported_eur": [r.reported_eur for r in relations],
        "computed_eur": [r.computed_eur for r in relations],
        "difference_eur": [r.difference_eur for r in relations],
        "tolerance_eur": [r.tolerance_eur for r in relations],
        "status": [r.status for r in relations],
    }
    problems: dict[str, list] = {
        "document_id": [doc_id] * len(letter_problems),
        "problem_number": list(range(1, len(letter_problems) + 1)),
        "source_path": [
            raw.source_path if p.path is None else reading.sidecar_source_path(raw.source_path, p.path)
            for p in letter_problems
        ],
        "table_number": [p.table_number for p in letter_problems],
        "line": [p.line for p in letter_problems],
        "reason": [p.reason for p in letter_problems],
    }
    return {
        "documents": documents,
        "tables": tables,
        "amounts": amounts,
        "consistency": consistency,
        "problems": problems,
    }


def _no_rows() -> Columns:
    """Every resource with its fields and no rows."""
    return {r.name: {f: [] for f in r.field_names} for r in schema.RESOURCES}


def _from_metadata(meta: dict) -> dict[str, object]:
    """The documents fields a letter's metadata fills, where it gives them."""
    return {
        "title": meta.get("title"),
        "reference": meta.get("reference"),
        "url": meta.get("url"),
        "kind": meta.get("kind"),
        "dossier": meta.get("dossier"),
        "senders": "; ".join(meta["senders"]) if meta.get("senders") else None,
        "main_document": reading.as_document_id(meta["main_document"]) if meta.get("main_document") else None,
        "dossier_title": meta.get("dossier_title"),
    }


def unreadable_columns(
    document_id: str,
    source_path: str,
    sha256: str,
    lines: int,
    line: int | None,
    reason: str,
    metadata: dict | None = None,
) -> Columns:
    """A letter that cannot be read at all (not text, a scan, too large): its documents row,
    with what its metadata says of it (a valid date included), and the reason in problems."""
    meta = metadata or {}
    documents: dict[str, list] = {name: [None] for name in schema.DOCUMENTS.field_names}
    documents.update({name: [value] for name, value in _from_metadata(meta).items()})
    try:
        documents["date"] = [dt.date.fromisoformat(meta["date"])] if isinstance(meta.get("date"), str) else [None]
    except ValueError:
        documents["date"] = [None]  # the letter's one problem stays the reason it cannot be read
    documents.update(document_id=[document_id], source_path=[source_path], sha256=[sha256], lines=[lines], problems=[1])
    problems: dict[str, list] = {
        "document_id": [document_id],
        "problem_number": [1],
        "source_path": [source_path],
        "table_number": [None],
        "line": [line],
        "reason": [reason],
    }
    return {**_no_rows(), "documents": documents, "problems": problems}


def withheld_columns(columns: Columns, reason: str) -> Columns:
    """A letter's columns with none of its tables published and ``reason`` as one more problem."""
    documents = {name: list(values) for name, values in columns["documents"].items()}
    problems = {name: list(values) for name, values in columns["problems"].items()}
    (doc_id,), (source_path,) = documents["document_id"], documents["source_path"]
    documents["problems"] = [(documents["problems"][0] or 0) + 1]
    for name, value in (
        ("document_id", doc_id),
        ("problem_number", len(problems["problem_number"]) + 1),
        ("source_path", source_path),
        ("table_number", None),
        ("line", None),
        ("reason", f"no table of this letter is published: {reason}"),
    ):
        problems[name].append(value)
    return {**_no_rows(), "documents": documents, "problems": problems}


def to_tables(columns: Iterable[Columns]) -> dict[str, pa.Table]:
    """Arrow tables with the declared schemas from the columns of letters, in the given order."""
    merged = _no_rows()
    for letter in columns:
        for resource, fields in letter.items():
            target = merged[resource]
            for name, values in fields.items():
                target[name].extend(values)
    return {r.name: pa.Table.from_pydict(merged[r.name], schema=r.to_pyarrow_schema()) for r in schema.RESOURCES}
