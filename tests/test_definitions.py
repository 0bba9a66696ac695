"""The Dagster code location loads, and shows the graph and checks the README promises."""

from __future__ import annotations

import dagster as dg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import ASSET_KEYS

from pipeline import schema
from pipeline.definitions import defs


def test_definitions_load_with_every_asset_and_check():
    repo = defs.get_repository_def()
    keys = {k.to_user_string() for k in repo.asset_graph.get_all_asset_keys()}
    assert keys == ASSET_KEYS
    checks = {k.name for k in repo.asset_graph.asset_check_keys}
    assert checks == {f"{r.name}_meets_contract" for r in schema.RESOURCES} | {
        "printed_totals_add_up",
        "letters_read_fully",
        "frictionless_valid",
    }


def test_every_asset_has_a_description():
    repo = defs.get_repository_def()
    for key in repo.asset_graph.get_all_asset_keys():
        assert repo.asset_graph.get(key).description, key


def test_the_contract_checks_catch_a_broken_table():
    import pyarrow as pa

    from pipeline.contract import violations

    good = pa.Table.from_pylist(
        [
            {
                "document_id": "a",
                "table_number": 1,
                "row_number": 2,
                "column_number": 1,
                "period": "2015",
                "relation": "rows_sum_to_total",
                "parts": "1",
                "reported_eur": 1,
                "computed_eur": 1,
                "difference_eur": 0,
                "tolerance_eur": 0,
                "status": "exact",
            }
        ]
        * 2,
        schema=schema.CONSISTENCY.to_pyarrow_schema(),
    )
    found = violations(
        schema.CONSISTENCY, good, {"tables": pa.Table.from_pylist([], schema=schema.TABLES.to_pyarrow_schema())}
    )
    assert any("duplicate primary keys" in f for f in found)
    assert any("not in tables" in f for f in found)


def test_materialisations_carry_what_a_user_wants_to_see(tmp_path):
    from support import materialize_publication

    result = materialize_publication(tmp_path / "dist", tmp_path / "cache")
    assert result.success
    by_asset = {
        m.asset_key.to_user_string(): m.metadata
        for node in ("extracted_letters", "tidy_resources", "staged_datapackages", "published_datapackages")
        for m in result.asset_materializations_for_node(node)
    }
    assert by_asset["amounts"]["dagster/row_count"].value == 90
    assert "| document_id |" in by_asset["amounts"]["preview"].value
    assert by_asset["consistency"]["exact"].value == 24
    assert by_asset["extracted_letters"]["letters made"].value == 1
    assert by_asset["staged_datapackages"]["version"].value == schema.SCHEMA_VERSION
    assert by_asset["problems"]["dagster/row_count"].value == 0
    assert by_asset["published_datapackages"]["csv"].value.endswith("csv/datapackage.json")
    repo = defs.get_repository_def()
    column_schema = repo.asset_graph.get(dg.AssetKey("amounts")).metadata["dagster/column_schema"]
    assert [c.name for c in column_schema.columns] == schema.AMOUNTS.field_names


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from("abcd"), st.integers(0, 3), st.integers(0, 3)), max_size=30),
    st.booleans(),
    st.integers(1, 6),
)
def test_keys_are_checked_in_slices_as_if_whole(rows, in_order, slice_rows):
    """Primary keys are counted in slices of whole letters and foreign keys by an anti-join:
    the counts must be those of counting every row at once, in document order or not."""
    from collections import Counter

    import pyarrow as pa

    from pipeline import contract

    rows = sorted(rows) if in_order else rows
    table = pa.table(
        {
            "document_id": pa.array([r[0] for r in rows], pa.string()),
            "table_number": pa.array([r[1] for r in rows], pa.int64()),
            "row_number": pa.array([r[2] for r in rows], pa.int64()),
        }
    )
    tables = pa.table({"document_id": pa.array(["a", "b", "c"]), "table_number": pa.array([0, 1, 2], pa.int64())})
    key = ("document_id", "table_number", "row_number")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(contract, "KEY_SLICE_ROWS", slice_rows)
        duplicates = contract._duplicate_keys(table, key)
    assert duplicates == len(rows) - len(Counter(rows))
    fk = schema.ForeignKey(("document_id", "table_number"), "tables", ("document_id", "table_number"))
    assert contract._unresolved(table, fk, tables) == sum(
        (d, t) not in {("a", 0), ("b", 1), ("c", 2)} for d, t, _ in rows
    )
