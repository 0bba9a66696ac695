"""Checking Arrow tables against the schema declaration, vectorised.

Pure functions used by the generated asset checks: required values, patterns, minimums,
enumerations, unique primary keys and resolvable foreign keys. Each finding is a short
sentence; an empty list means the table meets the contract.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyarrow as pa
import pyarrow.compute as pc

from pipeline import schema


def _key_strings(table: pa.Table, columns: tuple[str, ...]) -> pa.Array:
    parts = [pc.cast(table.column(c), pa.string()).fill_null("\x00") for c in columns]
    return pc.binary_join_element_wise(*parts, "\x1f") if len(parts) > 1 else parts[0]


def _field_violations(resource: schema.Resource, field: schema.Field, column: pa.ChunkedArray) -> list[str]:
    """What in one column breaks its field's declaration: missing values, patterns,
    minimums, enumerations."""
    where = f"{resource.name}.{field.name}"
    found = [f"{where}: {column.null_count} missing values"] if field.required and column.null_count else []
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


def _key_violations(resource: schema.Resource, table: pa.Table, others: Mapping[str, pa.Table]) -> list[str]:
    """Duplicate primary keys, and foreign keys that resolve to no row of the table they name
    (checked when that table is given)."""
    found = []
    keys = _key_strings(table, resource.primary_key)
    duplicates = len(keys) - len(pc.unique(keys))
    if duplicates:
        found.append(f"{resource.name}: {duplicates} duplicate primary keys {resource.primary_key}")
    for fk in resource.foreign_keys:
        if fk.resource not in others:
            continue
        referenced = _key_strings(others[fk.resource], fk.reference_fields)
        missing = pc.sum(pc.invert(pc.is_in(_key_strings(table, fk.fields), value_set=referenced))).as_py() or 0
        if missing:
            found.append(f"{resource.name}: {missing} rows whose {fk.fields} are not in {fk.resource}")
    return found


def violations(resource: schema.Resource, table: pa.Table, others: Mapping[str, pa.Table] = {}) -> list[str]:
    """Every way ``table`` breaks ``resource``'s declaration, as sentences (none: it meets it)."""
    if table.schema != resource.to_pyarrow_schema():
        return [f"{resource.name}: columns or types differ from the declared schema"]
    found = [v for field in resource.fields for v in _field_violations(resource, field, table.column(field.name))]
    return found + _key_violations(resource, table, others)
