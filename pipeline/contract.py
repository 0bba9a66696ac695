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


def violations(resource: schema.Resource, table: pa.Table, others: Mapping[str, pa.Table] = {}) -> list[str]:
    found: list[str] = []
    if table.schema != resource.to_pyarrow_schema():
        found.append(f"{resource.name}: columns or types differ from the declared schema")
        return found
    for field in resource.fields:
        column = table.column(field.name)
        if field.required and column.null_count:
            found.append(f"{resource.name}.{field.name}: {column.null_count} missing values")
        if field.pattern is not None:
            bad = pc.sum(pc.invert(pc.match_substring_regex(column, field.pattern))).as_py() or 0
            if bad:
                found.append(f"{resource.name}.{field.name}: {bad} values do not match {field.pattern}")
        if field.minimum is not None:
            bad = pc.sum(pc.less(column, field.minimum)).as_py() or 0
            if bad:
                found.append(f"{resource.name}.{field.name}: {bad} values below {field.minimum}")
        if field.enum is not None:
            bad = pc.sum(pc.invert(pc.is_in(column, value_set=pa.array(field.enum)))).as_py() or 0
            if bad:
                found.append(f"{resource.name}.{field.name}: {bad} values outside {list(field.enum)}")
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
