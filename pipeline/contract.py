"""Checking rows against the schema declaration: one letter's rows before they are
published, and whole Arrow tables, vectorised.

Pure functions. ``value_breaks`` tells whether one value breaks its field (a letter whose
table does is reported, not published: ``pipeline.tidy``); ``violations``, used by the
generated asset checks, finds required values, patterns, minimums, enumerations, unique
primary keys and resolvable foreign keys over a whole table. Each finding is a short
sentence; an empty list means the table meets the contract. A required text field holds
more than nothing: an empty string is a missing value, as it is in the CSV package.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyarrow as pa
import pyarrow.compute as pc

from pipeline import schema
from pipeline.versioning import ascending, letter_starts


def _key_strings(table: pa.Table, columns: tuple[str, ...]) -> pa.Array:
    parts = [pc.cast(table.column(c), pa.string()).fill_null("\x00") for c in columns]
    return pc.binary_join_element_wise(*parts, "\x1f") if len(parts) > 1 else parts[0]


def value_breaks(field: schema.Field, value: object) -> str | None:
    """How one value breaks its field's declaration ("is empty", "does not match …"), or None."""
    if value is None or value == "":
        return "is empty" if field.required else None
    if field.pattern is not None and isinstance(value, str) and not re.search(field.pattern, value):
        return f"does not match {field.pattern}"
    if field.minimum is not None and isinstance(value, int) and value < field.minimum:
        return f"is below {field.minimum}"
    if field.enum is not None and value not in field.enum:
        return f"is none of {list(field.enum)}"
    return None


def _missing(field: schema.Field, column: pa.ChunkedArray) -> int:
    """Values missing from a column: nulls, and empty strings of a text field."""
    missing = column.null_count
    if field.type == "string":
        missing += pc.sum(pc.equal(column, "")).as_py() or 0
    return missing


def _field_violations(resource: schema.Resource, field: schema.Field, column: pa.ChunkedArray) -> list[str]:
    """What in one column breaks its field's declaration: missing values, patterns,
    minimums, enumerations."""
    where = f"{resource.name}.{field.name}"
    missing = _missing(field, column) if field.required else 0
    found = [f"{where}: {missing} missing values"] if missing else []
    counted = []
    if field.pattern is not None:
        counted.append((pc.invert(pc.match_substring_regex(column, field.pattern)), f"do not match {field.pattern}"))
    if field.minimum is not None:
        counted.append((pc.less(column, field.minimum), f"below {field.minimum}"))
    if field.enum is not None:
        counted.append((pc.invert(pc.is_in(column, value_set=pa.array(field.enum))), f"outside {list(field.enum)}"))
    for failing, what in counted:
        bad = pc.sum(failing).as_py() or 0
        if bad:
            found.append(f"{where}: {bad} values {what}")
    return found


# Primary keys are checked in slices of whole letters of about this many rows: memory
# follows a slice, not the table (amounts holds 4.75 million rows at 100,000 letters).
KEY_SLICE_ROWS = 250_000


def _letter_slices(table: pa.Table, key: tuple[str, ...]) -> list[pa.Table]:
    """The table in slices no key spans: whole letters at a time when the key begins with
    the document id and the rows come in document order (as assembled); else whole."""
    rows = table.num_rows
    ids = table.column("document_id") if "document_id" in table.column_names else None
    if rows <= KEY_SLICE_ROWS or key[0] != "document_id" or ids is None or not ascending(ids):
        return [table]
    slices, begin = [], 0
    for start in letter_starts(ids)[1:]:
        if start - begin >= KEY_SLICE_ROWS:
            slices.append(table.slice(begin, start - begin))
            begin = start
    return [*slices, table.slice(begin)]


def _duplicate_keys(table: pa.Table, key: tuple[str, ...]) -> int:
    """How many rows repeat a primary key an earlier row has."""
    duplicates = 0
    for part in _letter_slices(table.select(list(key)), key):
        keys = _key_strings(part, key)
        duplicates += len(keys) - len(pc.unique(keys))
    return duplicates


def _unresolved(table: pa.Table, fk: schema.ForeignKey, referenced: pa.Table) -> int:
    """Rows whose foreign key names no row of the referenced table (rows with an empty key
    field are not checked, as Frictionless does not): an anti-join, whose memory follows
    the referenced table."""
    rows = table.select(list(fk.fields)).drop_null()
    target = referenced.select(list(fk.reference_fields)).drop_null()
    return rows.join(target, keys=list(fk.fields), right_keys=list(fk.reference_fields), join_type="left anti").num_rows


def _key_violations(resource: schema.Resource, table: pa.Table, others: Mapping[str, pa.Table]) -> list[str]:
    """Duplicate primary keys, and foreign keys that resolve to no row of the table they name
    (checked when that table is given)."""
    found = []
    duplicates = _duplicate_keys(table, resource.primary_key)
    if duplicates:
        found.append(f"{resource.name}: {duplicates} duplicate primary keys {resource.primary_key}")
    for fk in resource.foreign_keys:
        if fk.resource not in others:
            continue
        missing = _unresolved(table, fk, others[fk.resource])
        if missing:
            found.append(f"{resource.name}: {missing} rows whose {fk.fields} are not in {fk.resource}")
    return found


def violations(resource: schema.Resource, table: pa.Table, others: Mapping[str, pa.Table] = {}) -> list[str]:
    """Every way ``table`` breaks ``resource``'s declaration, as sentences (none: it meets it)."""
    if table.schema != resource.to_pyarrow_schema():
        return [f"{resource.name}: columns or types differ from the declared schema"]
    found = [v for field in resource.fields for v in _field_violations(resource, field, table.column(field.name))]
    return found + _key_violations(resource, table, others)
