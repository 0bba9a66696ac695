"""Extraction of tables from letters: the quirks it must take, the errors it must give."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from pipeline.errors import ExtractionError
from pipeline.extraction import Letter, extract_letter
from pipeline.reading import RawLetter, split_lines

HEAD = ["MINISTERIE VAN FINANCIEN", "", "Aan de Voorzitter van de Tweede Kamer", "",
        "Den Haag, 3 maart 2020", ""]


def extract(*body: str) -> Letter:
    lines = tuple(HEAD) + body
    raw = RawLetter("letter", Path("raw/letter.txt"), "raw/letter.txt", "0" * 64, lines, {})
    return extract_letter(raw)


def cells(letter: Letter, table: int = 1) -> list[tuple[str, str, int | None]]:
    t = letter.tables[table - 1]
    return [(r.label, c.period, c.figure.in_euros(t.unit_eur)) for r in t.rows for c in r.cells]


def line_of(text: str, *body: str) -> int:
    return len(HEAD) + body.index(text) + 1


def test_header_with_unit_and_years_on_one_line():
    letter = extract("In mln euro 2020 2021", "", "Politie 1,5 2", "Totaal 1,5 2")
    assert cells(letter) == [("Politie", "2020", 1_500_000), ("Politie", "2021", 2_000_000),
                             ("Totaal", "2020", 1_500_000), ("Totaal", "2021", 2_000_000)]
    table = letter.tables[0]
    assert (table.unit_eur, table.first_line, table.last_line) == (1_000_000, 7, 10)
    assert [r.is_total for r in table.rows] == [False, True]


def test_caption_line_then_periods_line():
    letter = extract("(bedragen x € 1.000)", "", "Omschrijving 2020 Structureel", "",
                     "Regeling 2019 1.250 p.m.", "Totaal 1.250 p.m.")
    assert cells(letter) == [("Regeling 2019", "2020", 1_250_000), ("Regeling 2019", "Structureel", None),
                             ("Totaal", "2020", 1_250_000), ("Totaal", "Structureel", None)]
    assert letter.tables[0].caption == "(bedragen x € 1.000) Omschrijving 2020 Structureel"
    assert letter.tables[0].periods == ("2020", "Structureel")


@pytest.mark.parametrize("unit, euros", [("In mld euro", 10**9), ("Bedragen in euro", 1),
                                         ("In duizenden euro", 1000), ("x € 1 mln", 10**6)])
def test_units_scale_amounts(unit, euros):
    assert cells(extract(f"{unit} 2020", "", "Post 7"))[0][2] == 7 * euros


def test_labels_ending_in_digits_and_torn_figures():
    letter = extract("In mln euro 2015 2016 2017", "", "Totaal spoor 2 0 55, 1 60,1")
    assert cells(letter) == [("Totaal spoor 2", "2015", 0), ("Totaal spoor 2", "2016", 55_100_000),
                             ("Totaal spoor 2", "2017", 60_100_000)]
    assert [c.value for c in letter.tables[0].rows[0].cells] == ["0", "55, 1", "60,1"]


def test_a_dash_before_a_number_is_a_minus_only_where_the_count_requires_it():
    letter = extract("In mln euro 2015 2016 2017", "",
                     "Korting – 1,5 2 3",       # three figures: – is a minus sign
                     "Nieuw – 1,5 2 3 4"[:0] + "Nieuw – 1,5 2",  # three figures: – is nil
                     "Totaal – 3 4 5")
    got = cells(letter)
    assert got[:3] == [("Korting", "2015", -1_500_000), ("Korting", "2016", 2_000_000),
                       ("Korting", "2017", 3_000_000)]
    assert got[3:6] == [("Nieuw", "2015", 0), ("Nieuw", "2016", 1_500_000), ("Nieuw", "2017", 2_000_000)]


@pytest.mark.parametrize("minus", ["-", "–", "—", "−", "\u2012"])
def test_dash_variants(minus):
    got = cells(extract("In mln euro 2015 2016", "", f"Post {minus} {minus}1,5"))
    assert got == [("Post", "2015", 0), ("Post", "2016", -1_500_000)]


def test_page_breaks_blank_lines_and_separators_inside_a_table():
    letter = extract("In mln euro 2015 2016", "", " Politie\t1\u00a02 ", " ", "", "OM 3\u202f4", "Totaal 4 6")
    assert [r.label for r in letter.tables[0].rows] == ["Politie", "OM", "Totaal"]
    assert letter.tables[0].rows[0].cells[0].value == "1"


def test_wrapped_label_and_sub_heading():
    letter = extract("In mln euro 2015 2016", "", "Intensiveringen", "Bijdrage aan de", "gemeenten 1 2",
                     "Politie 3 4")
    assert [r.label for r in letter.tables[0].rows] == ["Bijdrage aan de gemeenten", "Politie"]


def test_section_is_the_nearest_numbered_heading_with_hyphenation_undone():
    letter = extract("1. Intensiveren van preven-", "tieve maatregelen", "", "Tekst.", "",
                     "In mln euro 2015", "", "Totaal 1", "", "Slot.")
    assert letter.tables[0].section == "1. Intensiveren van preventieve maatregelen"


def test_prose_after_a_table_ends_it():
    letter = extract("In mln euro 2015 2016", "", "Totaal 1 2", "", "Hiermee kunnen de diensten in 2015 2016",
                     "hun werk doen. Het kabinet blijft dit volgen in 2020 12")
    assert len(letter.tables[0].rows) == 1


def test_a_letter_without_tables():
    letter = extract("Het kabinet investeert € 25 mln in 2015.", "Hoogachtend,")
    assert letter.tables == ()
    assert str(letter.date) == "2020-03-03"
    assert letter.addressee == "Voorzitter van de Tweede Kamer"
    assert letter.letterhead == "MINISTERIE VAN FINANCIEN"


def test_prose_that_mentions_money_is_not_a_table():
    letter = extract("Met een versterking oplopend tot € 40", "mln. in 2020 (het budget is in 2015 213 mln. euro) kan",
                     "De 25 miljoen euro in 2015 is bestemd voor", "")
    assert letter.tables == ()


# ---- errors: file, line and reason -----------------------------------------------------

def error_of(*body: str) -> ExtractionError:
    with pytest.raises(ExtractionError) as info:
        extract(*body)
    return info.value


def test_a_row_with_too_few_values():
    body = ("In mln euro 2015 2016 2017", "", "Politie 1 2 3", "OM 1 2", "Totaal 2 4 3")
    error = error_of(*body)
    assert (error.path, error.line) == ("raw/letter.txt", line_of("OM 1 2", *body))
    assert "2 values" in error.reason and "3 periods" in error.reason
    assert str(error).startswith(f"raw/letter.txt:{line_of('OM 1 2', *body)}: ")


def test_a_row_with_too_many_values():
    body = ("In mln euro 2015 2016", "", "Politie 1,5 2,5 3,5")
    error = error_of(*body)
    assert error.line == line_of("Politie 1,5 2,5 3,5", *body)
    assert "3 values" in error.reason


def test_a_header_with_no_periods():
    body = ("(bedragen x € 1.000)", "", "Politie 1 2")
    error = error_of(*body)
    assert error.line == line_of("(bedragen x € 1.000)", *body)
    assert "no periods" in error.reason


def test_a_header_whose_periods_cannot_be_read():
    body = ("In mln euro 2015 2016 onbekend", "", "Politie 1 2 3")
    assert "cannot be read" in error_of(*body).reason


def test_a_unit_it_does_not_know():
    body = ("In fte 2015 2016", "", "Politie 1 2")
    error = error_of(*body)
    assert error.line == line_of("In fte 2015 2016", *body) and "unit" in error.reason


def test_a_header_without_rows():
    body = ("In mln euro 2015 2016", "", "Dit is geen rij.")
    assert "no rows" in error_of(*body).reason


def test_cents_in_a_table_of_euros():
    body = ("Bedragen in euro 2015", "", "Post 1,5")
    assert "whole euros" in error_of(*body).reason


# ---- property: a random table, written the Dutch way, reads back -------------------------

LABEL_WORDS = st.sampled_from(["Politie", "Gemeenten", "Bijdrage", "aan", "de", "EU", "Regeling",
                               "spoor", "fonds", "Overig"])
LABEL = st.tuples(st.lists(LABEL_WORDS, min_size=1, max_size=4),
                  st.one_of(st.none(), st.integers(1, 2030))).map(
    lambda t: " ".join(t[0] + ([str(t[1])] if t[1] is not None else [])))


def written(mantissa: int | None, decimals: int, style: dict) -> str:
    if mantissa is None:
        return "p.m."
    if mantissa == 0 and style["nil"]:
        return style["nil"]
    digits = str(abs(mantissa)).rjust(decimals + 1, "0")
    whole, frac = (digits[:-decimals], digits[-decimals:]) if decimals else (digits, "")
    if style["thousands"]:
        whole = f"{int(whole):,}".replace(",", ".")
    text = f"{whole},{frac}" if frac else whole
    return (style["minus"] + text) if mantissa < 0 else text


@st.composite
def tables(draw):
    periods = draw(st.lists(st.integers(1990, 2040), min_size=1, max_size=8, unique=True))
    decimals = draw(st.integers(0, 2))
    unit = draw(st.sampled_from([("In mln euro", 10**6), ("(x € 1.000)", 10**3), ("In mld euro", 10**9)]))
    rows = draw(st.lists(st.tuples(LABEL, st.lists(
        st.one_of(st.none(), st.integers(-10**7, 10**7)), min_size=len(periods), max_size=len(periods))),
        min_size=1, max_size=6))
    style = {"thousands": draw(st.booleans()), "nil": draw(st.sampled_from(["–", "-", None])),
             "minus": draw(st.sampled_from(["-", "–", "−"]))}
    return periods, decimals, unit, rows, style


@settings(max_examples=200, deadline=None)
@given(tables())
def test_any_table_written_the_dutch_way_reads_back(table):
    periods, decimals, (unit_text, unit_eur), rows, style = table
    body = [f"{unit_text} {' '.join(map(str, periods))}", ""]
    for label, values in rows:
        body.append(f"{label} {' '.join(written(v, decimals, style) for v in values)}")
    letter = extract(*body)
    assert len(letter.tables) == 1
    got = [(r.label, c.figure.in_euros(unit_eur)) for r in letter.tables[0].rows for c in r.cells]
    expected = [(label, None if v is None else v * unit_eur // 10**decimals)
                for label, values in rows for v in values]
    assert got == expected
