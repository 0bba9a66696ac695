"""Dutch figures, units and periods; property tests that formatting and reading agree."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import dutch
from pipeline.dutch import Figure, read_figure


@pytest.mark.parametrize(
    "printed, mantissa, decimals",
    [
        ("55,1", 551, 1),
        ("55, 1", 551, 1),
        ("12", 12, 0),
        ("0", 0, 0),
        ("0,5", 5, 1),
        ("1.234", 1234, 0),
        ("1.234,56", 123456, 2),
        ("12.345.678", 12345678, 0),
        ("-1,5", -15, 1),
        ("–1,5", -15, 1),
        ("– 1,5", -15, 1),
        ("−1,5", -15, 1),
        ("—2", -2, 0),
        ("\u20121,5", -15, 1),
        ("-/- 3", -3, 0),
        ("€ 1.000", 1000, 0),
        ("1\u00a0234", 1234, 0),
        ("– 41 207", -41207, 0),
        ("‒ 8.250", -8250, 0),
        ("+3", 3, 0),
        ("0,0", 0, 1),
        ("107 610,5", 1076105, 1),
    ],
)
def test_read_figure(printed, mantissa, decimals):
    figure = read_figure(printed)
    if mantissa is None:
        assert figure is None
    else:
        assert figure == Figure(mantissa, decimals)


@pytest.mark.parametrize("printed", ["–", "-", "—", "−", "\u2012"])
def test_a_dash_alone_is_nil(printed):
    assert read_figure(printed) == Figure(0)


# a p.m. may carry the sign of the amount it stands for ("-PM": a cut not yet known)
@pytest.mark.parametrize("printed", ["p.m.", "P.M.", "p.m", "pm", "n.v.t.", "-PM", "–p.m.", "+pm"])
def test_unknown_is_null(printed):
    assert read_figure(printed).in_euros(1_000_000) is None


@pytest.mark.parametrize("printed", ["1.5", "12,", "abc", "1,2,3", "1.23", "074", "12 34", "0 123", "-P", "pm."])
def test_not_figures(printed):
    assert read_figure(printed) is None


@pytest.mark.parametrize(
    "printed, kind",
    [
        ("", dutch.CellKind.BLANK),
        ("  ", dutch.CellKind.BLANK),
        ("12,5", dutch.CellKind.AMOUNT),
        ("–", dutch.CellKind.AMOUNT),
        ("p.m.", dutch.CellKind.NO_FIGURE),
        ("...", dutch.CellKind.NO_FIGURE),
        ("…", dutch.CellKind.NO_FIGURE),
        ("1,8%", dutch.CellKind.PERCENTAGE),
        ("– 3,8%", dutch.CellKind.PERCENTAGE),
        ("59 %", dutch.CellKind.PERCENTAGE),
    ],
)
def test_read_cell(printed, kind):
    assert dutch.read_cell(printed)[0] is kind


def test_a_percentage_is_never_an_amount():
    kind, figure = dutch.read_cell("– 3,8%")
    assert kind is dutch.CellKind.PERCENTAGE and figure == Figure(-38, 1)
    assert dutch.read_cell("abc%") is None


def test_amounts_are_exact_integers():
    assert read_figure("55,1").in_euros(1_000_000) == 55_100_000
    assert read_figure("0,001").in_euros(1_000_000_000) == 1_000_000
    assert read_figure("1.234,5").in_euros(1_000) == 1_234_500
    with pytest.raises(ValueError):
        read_figure("1,5").in_euros(1)  # half a euro has no place in amount_eur


@pytest.mark.parametrize(
    "phrase, unit",
    [
        ("In mln euro", 1_000_000),
        ("Bedragen in miljoenen euro", 1_000_000),
        ("x € 1 mln", 1_000_000),
        ("(x € 1.000.000)", 1_000_000),
        ("€ mln", 1_000_000),
        ("In mld euro", 1_000_000_000),
        ("(bedragen x € 1 miljard)", 1_000_000_000),
        ("(bedragen x € 1.000)", 1_000),
        ("x €1.000", 1_000),
        ("In duizenden euro's", 1_000),
        ("(x 1.000)", 1_000),
        ("Bedragen in euro", 1),
        ("(in €)", 1),
        ("(x € 1 000)", 1_000),
        ("Bedragen in EUR 1.000", 1_000),
        ("Tabel 1: Budgettaire kerngegevens in mln", 1_000_000),
        ("BBP (mld)", 1_000_000_000),
        ("(in miljarden euro, tenzij anders aangegeven)", 1_000_000_000),
        ("bedragen x € 1 mln.", 1_000_000),
        ("Mutatie t.o.v. vorig jaar (in mld.)", 1_000_000_000),
    ],
)
def test_units(phrase, unit):
    assert dutch.find_unit(phrase).unit_eur == unit


@pytest.mark.parametrize(
    "phrase",
    [
        "In fte",
        "In dollars",
        "x 1.000 personen",
        "(in procenten bbp)",
        "in %BBP",
        # a scale before another unit names that unit's scale, not euros
        "Vleesverbruik (netto) Nederland (in mln kg, p/j)",
        "Uitstoot (in miljoenen tonnen)",
        "Verbruik (x 1 mln m3)",
        "Woningen (x 1.000 woningen)",
        "Opwek (in mld. kWh)",
    ],
)
def test_units_that_are_not_euros(phrase):
    assert dutch.find_unit(phrase).unit_eur is None


@pytest.mark.parametrize("phrase", ["In", "Bijdrage 5 mln", "Overzicht (Najaarsnota)", "(bedragen x €"])
def test_no_unit(phrase):
    assert dutch.find_unit(phrase) is None


@pytest.mark.parametrize(
    "tokens, periods",
    [
        ("2015 2016", ["2015", "2016"]),
        ("2015 2016 Structureel", ["2015", "2016", "Structureel"]),
        ("2020 2021 2022 e.v.", ["2020", "2021", "2022 e.v."]),
        ("2015-2020 2021", ["2015-2020", "2021"]),
        ("2019/20 2020/21", ["2019/20", "2020/21"]),
        ("2015 t/m 2018 2019", ["2015 t/m 2018", "2019"]),
        ("vanaf 2021", ["vanaf 2021"]),
        ("Incidenteel Structureel", ["Incidenteel", "Structureel"]),
        ("2015 bedrag", None),
    ],
)
def test_periods(tokens, periods):
    assert dutch.read_periods(tokens.split()) == periods


def test_year_of():
    assert dutch.year_of("2018") == 2018
    assert dutch.year_of("Mutatie 2024") == 2024
    assert dutch.year_of("Ontwerpbegroting 2023 (1)") == 2023
    assert dutch.year_of("Structureel") is None
    assert dutch.year_of("2021 e.v.") is None
    assert dutch.year_of("2024 t/m 2082") is None
    assert dutch.year_of("2019/20") is None
    assert dutch.year_of("(3)=(1+2)") is None


def test_periods_that_follow_each_other():
    assert dutch.follows("2022", "2023") and dutch.follows("2023", "2024 t/m 2082")
    assert not dutch.follows("2022", "2022") and not dutch.follows("2022", "Structureel")


def dutch_way(mantissa: int, decimals: int, thousands: bool, minus: str) -> str:
    """Write a figure as Dutch tables do; written here, apart from the package."""
    digits = str(abs(mantissa)).rjust(decimals + 1, "0")
    whole, frac = (digits[:-decimals], digits[-decimals:]) if decimals else (digits, "")
    if thousands:
        whole = f"{int(whole):,}".replace(",", ".")
    text = f"{whole},{frac}" if frac else whole
    return (minus + text) if mantissa < 0 else text


@given(
    mantissa=st.integers(-(10**12), 10**12),
    decimals=st.integers(0, 3),
    thousands=st.booleans(),
    minus=st.sampled_from(["-", "–", "−", "– ", "-/- "]),
    torn=st.booleans(),
)
def test_any_figure_written_the_dutch_way_reads_back(mantissa, decimals, thousands, minus, torn):
    printed = dutch_way(mantissa, decimals, thousands, minus)
    if torn and decimals:
        printed = printed.replace(",", ", ")
    assert read_figure(printed) == Figure(mantissa, decimals)
