"""One letter's rows in the tidy resources: a table that breaks the data contract is that
letter's problem, never the publication's (pipeline.tidy, pipeline.contract)."""

from __future__ import annotations

import dataclasses

import pyarrow as pa
from test_extraction import extract

from pipeline import contract, schema
from pipeline.tidy import letter_columns, to_tables

LETTER = (
    "Tabel 1 Politie",
    "",
    "In mln euro 2020 2021",
    "",
    "Politie 1,5 2",
    "Totaal 1,5 2",
    "",
    "Tabel 2 Justitie",
    "",
    "In mln euro 2020 2021",
    "",
    "OM 3 4",
    "",
)


def test_a_table_whose_rows_break_the_contract_is_a_problem_and_the_rest_is_published():
    letter = extract(*LETTER)
    first, second = letter.tables
    broken = dataclasses.replace(second, rows=tuple(dataclasses.replace(r, label="") for r in second.rows))
    columns = letter_columns(dataclasses.replace(letter, tables=(first, broken)))
    assert columns["tables"]["table_number"] == [1]
    assert set(columns["amounts"]["table_number"]) == {1}
    assert set(columns["consistency"]["table_number"]) <= {1}
    assert columns["documents"]["problems"] == [1]
    (reason,) = columns["problems"]["reason"]
    assert "amounts.row_label is empty" in reason and "data contract" in reason
    assert columns["problems"]["table_number"] == [2]
    assert columns["problems"]["line"] == [broken.rows[0].line]
    # what is published meets the contract
    tables = to_tables([columns])
    for resource in schema.RESOURCES:
        assert contract.violations(resource, tables[resource.name], tables) == [], resource.name


def test_a_column_over_which_no_header_is_printed_is_published_with_none():
    letter = extract(*LETTER)
    first, second = letter.tables
    header_less = tuple(dataclasses.replace(c, header="", period="", year=None) for c in second.columns)
    unheaded = dataclasses.replace(
        second,
        columns=header_less,
        rows=tuple(
            dataclasses.replace(r, cells=tuple(dataclasses.replace(c, column=h) for c, h in zip(r.cells, header_less)))
            for r in second.rows
        ),
    )
    columns = letter_columns(dataclasses.replace(letter, tables=(first, unheaded)))
    assert columns["problems"]["reason"] == []
    at = [k for k, t in enumerate(columns["amounts"]["table_number"]) if t == 2]
    assert {columns["amounts"]["column_header"][k] for k in at} == {None}
    assert {columns["amounts"]["period"][k] for k in at} == {None}
    tables = to_tables([columns])
    for resource in schema.RESOURCES:
        assert contract.violations(resource, tables[resource.name], tables) == [], resource.name


def test_the_contract_counts_an_empty_required_text_as_missing():
    amounts = to_tables([letter_columns(extract(*LETTER))])["amounts"]
    emptied = amounts.set_column(
        amounts.schema.get_field_index("row_label"),
        schema.AMOUNTS.to_pyarrow_schema().field("row_label"),
        pa.array([""] * amounts.num_rows, pa.string()),
    )
    assert contract.violations(schema.AMOUNTS, emptied) == [f"amounts.row_label: {amounts.num_rows} missing values"]


def test_a_letter_whose_rows_frictionless_refuses_is_a_problem_and_the_others_are_kept(tmp_path):
    from pipeline import packaging, parts

    def part(name: str) -> parts.LetterPart:
        letter = extract(*LETTER)
        raw = dataclasses.replace(letter.raw, document_id=name)
        return parts.LetterPart(name, "key-" + name, letter_columns(dataclasses.replace(letter, raw=raw)), (), {})

    def refuses_b(tables, workdir):
        ids = set(tables["documents"].column("document_id").to_pylist())
        return [packaging.ValidationIssue("csv", "tables", 1, "caption", "constraint required")] if "b" in ids else []

    good, bad = part("a"), part("b")
    assert parts._valid_alone(good, tmp_path / "a", refuses_b) is good
    withheld = parts._valid_alone(bad, tmp_path / "b", refuses_b)
    assert withheld.columns["tables"]["table_number"] == [] and withheld.columns["amounts"]["row_label"] == []
    assert withheld.columns["documents"]["problems"] == [1]
    (reason,) = withheld.columns["problems"]["reason"]
    assert reason == (
        "no table of this letter is published: its rows break the data contract "
        "(tables row 1 field caption: constraint required)"
    )
    assembled = parts.assemble([good, withheld])
    assert assembled["documents"].num_rows == 2 and set(assembled["tables"].column("document_id").to_pylist()) == {"a"}
