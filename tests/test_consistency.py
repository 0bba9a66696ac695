"""The arithmetic a letter implies, checked only where it implies it: a false finding
accuses the source of an error, so every relation here is one the printed table states."""

from __future__ import annotations

from test_extraction import extract

from pipeline.extraction.arithmetic import relations_of

UNIT = "In mln euro 2025 2026"


def found(*body: str) -> list[tuple[int, int, int, str, str, str]]:
    letter = extract(*body)
    assert letter.problems == ()
    return [
        (r.table_number, r.row_number, r.column_number, r.relation, r.parts, r.status) for r in relations_of(letter)
    ]


def test_a_section_table_of_only_its_total_is_no_overview():
    # make_corpus letters: "Totaal spoor 1" alone under heading 1 used to be taken for an
    # overview of the tables after it, and their sum reported as a mismatch
    relations = found(
        "1. Preventie",
        "",
        UNIT,
        "",
        "Totaal spoor 1 5,0 6,0",
        "",
        "2. Opsporing",
        "",
        UNIT,
        "",
        "AIVD 1,0 2,0",
        "Totaal spoor 2 1,0 2,0",
    )
    assert [r[3] for r in relations] == ["rows_sum_to_total", "rows_sum_to_total"]
    assert all(r[5] == "exact" for r in relations)


def test_an_overview_before_the_sections_is_the_sum_of_their_totals():
    relations = found(
        "Het totaal is als volgt:",
        "",
        UNIT,
        "",
        "Totaal 6,0 8,0",
        "",
        "1. Preventie",
        "",
        UNIT,
        "",
        "Totaal spoor 1 5,0 6,0",
        "",
        "2. Opsporing",
        "",
        UNIT,
        "",
        "AIVD 1,0 2,0",
        "Totaal spoor 2 1,0 2,0",
    )
    overview = [r for r in relations if r[3] == "sections_sum_to_overview"]
    assert overview == [
        (1, 1, 1, "sections_sum_to_overview", "tables 2+3", "exact"),
        (1, 1, 2, "sections_sum_to_overview", "tables 2+3", "exact"),
    ]


def test_waarvan_rows_are_no_parts_of_a_total():
    relations = found(UNIT, "", "Uitgaven 10 20", "waarvan apparaat 4 5", "Ontvangsten 3 4", "Totaal 13 24")
    assert relations == [(1, 4, 1, "rows_sum_to_total", "1+3", "exact"), (1, 4, 2, "rows_sum_to_total", "1+3", "exact")]


def test_a_formula_in_a_label_is_checked():
    relations = found(UNIT, "", "1 Uitgaven 10 20", "2 Ontvangsten 3 4", "3 Saldo (1-2) 7 18")
    assert relations == [
        (1, 3, 1, "formula_in_label", "1-2", "exact"),
        (1, 3, 2, "formula_in_label", "1-2", "mismatch"),
    ]


def test_rounding_is_half_a_printed_unit_per_figure():
    # 1,4 + 1,4 = 2,8 printed as 2,9: within 0,05 per part and total (0,15), a rounding
    assert {r[5] for r in found(UNIT, "", "A 1,4 1,4", "B 1,4 1,4", "Totaal 2,9 2,8")} == {"rounding", "exact"}
    # 3,0 where the parts make 2,8 is beyond it: a mismatch, published as such
    assert "mismatch" in {r[5] for r in found(UNIT, "", "A 1,4 1,4", "B 1,4 1,4", "Totaal 3,0 2,8")}


def stages(*rows: str) -> list[tuple[int, int, str, str]]:
    return [(r[1], r[2], r[4], r[5]) for r in found(UNIT, "", *rows) if r[3] == "stages_add_up"]


def test_a_budget_stage_is_the_stage_before_it_plus_the_mutations_between():
    assert stages(
        "Stand ontwerpbegroting 2025 100,0 110,0",
        "Mutatie nota van wijziging 5,0 0,0",
        "Mutaties 1e suppletoire begroting 2025 -2,5 1,0",
        "Stand ontwerpbegroting 2026 102,5 111,0",
    ) == [(4, 1, "1+2+3", "exact"), (4, 2, "1+2+3", "exact")]


def test_a_breakdown_is_no_mutation_and_a_subtotal_stands_for_its_rows():
    rows = [
        "Stand ontwerpbegroting 2025 100,0 110,0",
        "Nieuwe mutaties 7,0 3,0",
        "waarvan accres 4,0 1,0",
        "Vastgestelde begroting 107,0 113,0",
        "Mutatie A 1,0 1,0",
        "Mutatie B 2,0 2,0",
        "Subtotaal mutaties 3,0 3,0",
        "Stand na 1e suppletoire begroting 110,0 116,0",
    ]
    assert stages(*rows) == [
        (4, 1, "1+2", "exact"),
        (4, 2, "1+2", "exact"),
        (8, 1, "4+7", "exact"),
        (8, 2, "4+7", "exact"),
    ]


def test_a_stage_that_adds_up_in_no_column_is_not_taken_for_a_finding():
    # the items are a breakdown of "Nieuwe mutaties" that no label says: counting both adds
    # up nowhere, so the structure is not what the labels suggest and nothing is published
    assert (
        stages(
            "Stand ontwerpbegroting 2025 100,0 110,0",
            "Nieuwe mutaties 7,0 3,0",
            "Accres 4,0 1,0",
            "Overig 3,0 2,0",
            "Stand ontwerpbegroting 2026 107,0 113,0",
        )
        == []
    )
    # where one column adds up, the structure holds, and the other column is a finding
    assert stages(
        "Stand ontwerpbegroting 2025 100,0 110,0",
        "Mutaties 7,0 3,0",
        "Stand ontwerpbegroting 2026 107,0 114,0",
    ) == [(3, 1, "1+2", "exact"), (3, 2, "1+2", "mismatch")]


def _groups_then_total(total: str) -> list[tuple[int, int, int, str, str, str]]:
    return found(
        "Overzicht maatregelen (in mln euro)",
        "                                                    2025        Struc",
        "Schotten verzachten:",
        "32. Alle kinderen dezelfde eindtoets                  10           10",
        "33. Een beter aanbod dakpanbrugklassen                20           20",
        "",
        "Gelijke kansen:",
        "36. Hoogbegaafde leerlingen meer uitdagen              5            5",
        "37. Achterstandsmiddelen verhogen                      7            7",
        "",
        f"TOTAAL                                          {total}",
    )


def test_a_last_total_after_groups_without_totals_is_checked_against_what_it_adds_up_to():
    # "TOTAAL" under the last of two sub-headed groups, neither with a total of its own
    assert _groups_then_total("   42           42") == [
        (1, 5, 1, "rows_sum_to_total", "1+2+3+4", "exact"),
        (1, 5, 2, "rows_sum_to_total", "1+2+3+4", "exact"),
    ]
    assert _groups_then_total("   12           12") == [
        (1, 5, 1, "rows_sum_to_total", "3+4", "exact"),
        (1, 5, 2, "rows_sum_to_total", "3+4", "exact"),
    ]
    # adding up to neither: which rows it totals is not certain, so no finding accuses the source
    assert _groups_then_total("   50           50") == []


def test_the_tolerance_is_the_sum_of_each_figures_half_unit():
    from fractions import Fraction

    from hypothesis import given
    from hypothesis import strategies as st

    from pipeline.dutch import CellKind, Figure
    from pipeline.extraction.arithmetic import _half_units, half_unit
    from pipeline.extraction.model import Cell, Column

    column = Column(1, "2025", "2025", 2025, None)
    cells = st.builds(
        lambda unit, decimals: Cell(column, "1", CellKind.AMOUNT, Figure(1, decimals), unit),
        st.sampled_from([1, 1_000, 1_000_000, 1_000_000_000]),
        st.integers(0, 3),
    )

    @given(st.lists(cells, min_size=1, max_size=12))
    def check(some):
        assert _half_units(some) == sum((half_unit(c) for c in some), Fraction(0))

    check()


LAYOUT_UNIT = "Bedragen x € 1.000                              2025        2026        2027"


def layout_stages(*rows: str) -> list[tuple[int, int, str, str]]:
    return [(r[1], r[2], r[4], r[5]) for r in found(LAYOUT_UNIT, *rows, "") if r[3] == "stages_add_up"]


def test_rows_under_sub_headings_after_waarvan_are_a_breakdown_not_mutations():
    # "waarvan:" opens the breakdown of "Nieuwe mutaties"; the sub-headings after it
    # ("Algemene uitkering", "Decentralisatie-uitkeringen") group its parts, up to the stage.
    assert layout_stages(
        "Stand ontwerpbegroting 2025                     100.000     110.000     120.000",
        "Nieuwe mutaties                                   7.000       3.000       1.000",
        "waarvan:",
        "Algemene uitkering",
        "Accres tranche 2025                               4.000       1.000       1.000",
        "Decentralisatie-uitkeringen",
        "Regionale opgaven                                 3.000       2.000           0",
        "Stand ontwerpbegroting 2026                     107.000     113.000     121.000",
    ) == [(5, c, "1+2", "exact") for c in (1, 2, 3)]


def test_a_blank_mutation_is_none_where_every_column_then_adds_up():
    # "Extrapolatie" is printed over the new year only, and the first stage has no figure
    # there: no column has every figure, but read as nils the blanks make each add up.
    assert layout_stages(
        "Stand ontwerpbegroting 2025                     100.000     110.000",
        "Mutaties 1e suppletoire begroting 2025            5.000       4.000       4.000",
        "Extrapolatie                                                          110.000",
        "Stand ontwerpbegroting 2026                     105.000     114.000     114.000",
    ) == [(4, c, "1+2+3", "exact") for c in (1, 2, 3)]
    # where the blanks read as nils leave a column that does not add up, nothing is published
    assert (
        layout_stages(
            "Stand ontwerpbegroting 2025                     100.000     110.000",
            "Mutaties 1e suppletoire begroting 2025            5.000       4.000       4.000",
            "Extrapolatie                                                          110.000",
            "Stand ontwerpbegroting 2026                     105.000     114.000     119.000",
        )
        == []
    )
