"""The Dagster code location loads, and shows the graph and checks the README promises."""

from __future__ import annotations

import dagster as dg

from pipeline import schema
from pipeline.definitions import defs


def test_definitions_load_with_every_asset_and_check():
    repo = defs.get_repository_def()
    keys = {k.to_user_string() for k in repo.asset_graph.get_all_asset_keys()}
    assert keys == {"extracted_letters", "documents", "tables", "amounts", "consistency",
                    "staged_datapackages", "published_datapackages"}
    checks = {k.name for k in repo.asset_graph.asset_check_keys}
    assert checks == {f"{r.name}_meets_contract" for r in schema.RESOURCES} | {
        "printed_totals_add_up", "frictionless_valid"}


def test_every_asset_has_a_description():
    repo = defs.get_repository_def()
    for key in repo.asset_graph.get_all_asset_keys():
        assert repo.asset_graph.get(key).description, key


def test_the_contract_checks_catch_a_broken_table():
    import pyarrow as pa

    from pipeline.contract import violations

    good = pa.Table.from_pylist(
        [{"document_id": "a", "table_number": 1, "period": "2015", "relation": "rows_sum_to_total",
          "reported_eur": 1, "computed_eur": 1, "difference_eur": 0, "status": "exact"}] * 2,
        schema=schema.CONSISTENCY.to_pyarrow_schema())
    found = violations(schema.CONSISTENCY, good, {"tables": pa.Table.from_pylist(
        [], schema=schema.TABLES.to_pyarrow_schema())})
    assert any("duplicate primary keys" in f for f in found)
    assert any("not in tables" in f for f in found)
