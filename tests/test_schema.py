"""The schema's declaration checks itself (as pudl checks its own metadata): every key names
a field of its resource, every foreign key a resource and its primary key, every
constraint fits its field's type, and every example reads as its field says (but one
shortened with "…" for the data dictionary)."""

from __future__ import annotations

import datetime
import re

import pytest

from pipeline import schema

FIELDS = [(resource, f) for resource in schema.RESOURCES for f in resource.fields]


def _id(value) -> str:
    resource, f = value if isinstance(value, tuple) else (value, None)
    return f"{resource.name}.{f.name}" if f is not None else resource.name


@pytest.mark.parametrize("resource", schema.RESOURCES, ids=_id)
def test_keys_name_fields_of_their_resource_that_are_required_and_unique(resource):
    names = resource.field_names
    assert len(names) == len(set(names)), "a field declared twice"
    assert resource.primary_key and set(resource.primary_key) <= set(names)
    assert all(f.required for f in resource.fields if f.name in resource.primary_key), (
        "a primary key field may be empty"
    )
    assert resource.name == resource.name.lower() and schema.RESOURCES_BY_NAME[resource.name] is resource


@pytest.mark.parametrize("resource", schema.RESOURCES, ids=_id)
def test_foreign_keys_resolve_to_a_primary_key_of_the_same_types(resource):
    for key in resource.foreign_keys:
        assert set(key.fields) <= set(resource.field_names)
        target = schema.RESOURCES_BY_NAME[key.resource]
        assert tuple(key.reference_fields) == tuple(target.primary_key)
        types = {f.name: f.type for f in resource.fields}
        target_types = {f.name: f.type for f in target.fields}
        assert [types[n] for n in key.fields] == [target_types[n] for n in key.reference_fields]
        # the referenced resource comes first: a reader loading them in order can check it
        assert schema.RESOURCES.index(target) < schema.RESOURCES.index(resource)


@pytest.mark.parametrize("resource, field", FIELDS, ids=_id)
def test_constraints_fit_the_type_and_the_example_meets_them(resource, field):
    assert re.fullmatch(r"[a-z][a-z0-9_]*", field.name)
    assert field.description.strip().endswith((".", ")"))
    if field.pattern is not None:
        assert field.type == "string"
        re.compile(field.pattern)
    if field.minimum is not None:
        assert field.type == "integer"
    if field.enum is not None:
        assert field.type == "string" and len(set(field.enum)) == len(field.enum) and field.enum
    example = field.example
    if example == "" and not field.required:
        return
    if field.type == "integer":
        value = int(example)
        assert field.minimum is None or value >= field.minimum
    elif field.type == "date":
        datetime.date.fromisoformat(example)
    elif field.type == "boolean":
        assert example in ("true", "false")
    elif not example.endswith("…"):  # an example shortened for the table ("3f1c…") is not checked
        assert field.pattern is None or re.fullmatch(field.pattern, example), example
        assert field.enum is None or example in field.enum, example


def test_the_renderings_agree_on_names_types_and_nullability():
    for resource in schema.RESOURCES:
        arrow = resource.to_pyarrow_schema()
        frictionless = resource.to_frictionless_schema()
        assert arrow.names == [f["name"] for f in frictionless["fields"]] == resource.field_names
        for f, declared in zip(frictionless["fields"], resource.fields):
            assert f["type"] == declared.type
            assert arrow.field(declared.name).nullable == (not declared.required)
            assert bool(f.get("constraints", {}).get("required")) == declared.required
