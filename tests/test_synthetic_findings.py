"""Constructs the synthetic corpus found the extractor misreading or reporting though they
read one way only (tests/fixtures/synthetic_findings.md): each as a minimal letter."""

from __future__ import annotations

from test_extraction import cells, extract

INTRO = ["Het financiële beeld van deze maatregelen is als volgt.", ""]


def html(*rows: list[str]) -> tuple[str, ...]:
    """A browser copy: one cell per line, a blank line after each, under a sentence."""
    out: list[str] = list(INTRO)
    for row in rows:
        for cell in row:
            out += [cell, ""]
    return tuple(out)


def headers(letter, table: int = 1) -> list[tuple[str, str, int | None]]:
    return [(c.header, c.period, c.year) for c in letter.tables[table - 1].columns]


def test_1_a_sign_apart_inside_a_long_row():
    letter = extract(
        "In mln euro 2021 2022 2023 2024 2025 2026",
        "",
        "1 Belastingen en premies 1,0 2,0 3,0 4,0 5,0 6,0",
        "2 Netto-uitgaven 1,0 2,0 3,0 4,0 5,0 6,0",
        "3 EMU-saldo Rijk (1–2) 0,0 0,0 0,0 -/- 1,0 -/- 2,0 -/- 3,0",
        "",
        "Dit is de tekst na de tabel en die loopt door tot het einde.",
    )
    assert letter.problems == ()
    row = letter.tables[0].rows[2]
    assert (row.code, row.label) == ("3", "EMU-saldo Rijk (1–2)")
    assert [c.amount_eur for c in row.cells] == [0, 0, 0, -1_000_000, -2_000_000, -3_000_000]


def test_2a_a_notes_column_in_a_browser_copy():
    letter = extract(
        *html(
            ["(bedragen x € 1.000)", " ", "2021", "2022", "Noot"],
            ["Politie", "1.000", "2.000", "1"],
            ["Rechtspraak", "3.000", "4.000", " "],
            ["Totaal", "4.000", "6.000", "2"],
        )
    )
    assert letter.problems == ()
    assert [h[0] for h in headers(letter)] == ["2021", "2022"]
    assert cells(letter)[-1] == ("Totaal", "2022", 6_000_000)


def test_2b_a_period_column_of_small_figures_in_a_browser_copy():
    letter = extract(
        *html(
            ["(bedragen x € 1.000)", " ", "2021", "2022", "Structureel"],
            ["Politie", "1.000", "2.000", "5"],
            ["Rechtspraak", "3.000", "4.000", "7"],
            ["Totaal", "4.000", "6.000", "12"],
        )
    )
    assert letter.problems == ()
    assert [h[0] for h in headers(letter)] == ["2021", "2022", "Structureel"]
    assert cells(letter)[-1] == ("Totaal", "Structureel", 12_000)


def test_3a_a_column_blank_on_one_page_of_a_layout_table():
    letter = extract(
        "Tabel 1 Uitgaven (bedragen x € 1.000)",
        " Omschrijving                  2021      2022      2023      Noot",
        " Politie                      1.000     2.000     3.000",
        "\f Omschrijving                  2021      2022      2023      Noot",
        " Rechtspraak                  1.000     2.000     3.000         1",
        " Totaal                       2.000     4.000     6.000         2",
        "",
        "Dit is de tekst na de tabel en die loopt door tot het einde.",
    )
    assert letter.problems == ()
    assert [r.label for r in letter.tables[0].rows] == ["Politie", "Rechtspraak", "Totaal"]
    assert [h[1] for h in headers(letter)] == ["2021", "2022", "2023"]


def test_3b_a_column_blank_in_every_row_of_a_layout_table():
    letter = extract(
        "Tabel 3 Kerngegevens (in €)",
        "                      Ontwerpbegroting 2021 (1)   Mutaties (2)      Stand (3)=(1)+(2)",
        " Verplichtingen                       1 816 041             83",
        " Uitgaven                                     2             71",
        " Ontvangsten                                ‒25             79",
        "",
        "Dit is de tekst na de tabel en die loopt door tot het einde.",
    )
    assert letter.problems == ()
    assert [h[0] for h in headers(letter)] == ["Ontwerpbegroting 2021 (1)", "Mutaties (2)", "Stand (3)=(1)+(2)"]
    assert [c.value for c in letter.tables[0].rows[0].cells] == ["1 816 041", "83", ""]


def test_4a_a_subheading_under_the_header_of_a_pdf_copy():
    letter = extract(
        "(bedragen x € 1.000)",
        "",
        "Omschrijving 2021 2022 2023",
        "",
        "Apparaat:",
        "Politie 1.000 2.000 3.000",
        "Rechtspraak 1.000 2.000 3.000",
        "Subtotaal apparaat 2.000 4.000 6.000",
        "Programma:",
        "Subsidies 5 6 7",
        "Opvang 5 6 7",
        "Subtotaal programma 10 12 14",
        "Totaal 2.010 4.012 6.014",
    )
    assert letter.problems == ()
    rows = letter.tables[0].rows
    assert len(rows) == 7 and rows[0].subheading == "Apparaat:" and rows[3].subheading == "Programma:"


UPPER = [
    "Tabel 1 Uitgaven (bedragen x € 1.000)",
    "                                        Realisatie   Begroting   Verschil",
]
UPPER_HEADERS = [
    ("Realisatie 2020", "2020", 2020),
    ("Realisatie 2021", "2021", 2021),
    ("Begroting 2021", "2021", 2021),
    ("Verschil 2021", "2021", 2021),
]
AFTER = ["", "Dit is de tekst na de tabel en die loopt door tot het einde."]


def test_4b_a_subheading_under_an_upper_header_level_in_layout():
    letter = extract(
        *UPPER,
        " Omschrijving                  2020      2021        2021       2021",
        " Apparaat:",
        " Politie                      1.000     2.000       2.100       -100",
        " Rechtspraak                  1.000     2.000       2.000          0",
        " Subtotaal apparaat           2.000     4.000       4.100       -100",
        " Programma:",
        " Subsidies                        5         6           6          0",
        " Subtotaal programma              5         6           6          0",
        " Totaal                       2.005     4.006       4.106       -100",
        *AFTER,
    )
    assert letter.problems == ()
    assert headers(letter) == UPPER_HEADERS


def test_5_an_upper_header_level_with_a_notes_column_in_layout():
    letter = extract(
        *UPPER,
        " Omschrijving                  2020      2021        2021       2021      Noot",
        " Politie                      1.000     2.000       2.100       -100         1",
        " Rechtspraak                  1.000     2.000       2.000          0",
        " Totaal                       2.000     4.000       4.100       -100         2",
        *AFTER,
    )
    assert letter.problems == ()
    assert headers(letter) == UPPER_HEADERS


def test_6_a_unit_stub_over_an_upper_level_in_a_browser_copy():
    letter = extract(
        *html(
            ["In duizenden euro", "Realisatie", "Begroting", "Verschil"],
            ["2019", "2020", "2021", "2021", "2021"],
            ["Politie", "1.000", "2.000", "3.000", "3.100", "-100"],
            ["Rechtspraak", "1.000", "2.000", "3.000", "3.000", "0"],
        )
    )
    assert letter.problems == ()
    assert letter.tables[0].unit_eur == 1000
    assert [h[0] for h in headers(letter)] == [
        "Realisatie 2019",
        "Realisatie 2020",
        "Realisatie 2021",
        "Begroting 2021",
        "Verschil 2021",
    ]


def test_7_a_wrapped_label_in_a_table_with_a_code_column():
    letter = extract(
        "Tabel 1 Uitgaven (bedragen x € 1.000)",
        "",
        "Art. 2021 2022 2023",
        "",
        "12.01 Politie 1.000 2.000 3.000",
        "12.02 Compensatie van gemeenten voor de kosten",
        "van de jeugdzorg 1.000 2.000 3.000",
        "Totaal 2.000 4.000 6.000",
    )
    assert letter.problems == ()
    row = letter.tables[0].rows[1]
    assert (row.code, row.label) == ("12.02", "Compensatie van gemeenten voor de kosten van de jeugdzorg")


def test_8_a_row_ending_in_dots_under_the_first_row():
    letter = extract(
        "x € 1.000",
        "",
        "Omschrijving 2015 2016 2017 2018 2019 2020 e.v.",
        "",
        "Fonds 2 0 0 1 ‒4.348 –834 ‒1.973",
        "Dijkversterking 33.391 –1 0 569 28 ...",
        "Totaal 33.391 - 1 1 −3.779 – 806 –1.972",
    )
    assert letter.problems == ()
    assert [r.label for r in letter.tables[0].rows] == ["Fonds 2", "Dijkversterking", "Totaal"]


def test_9_a_row_of_percentages_after_a_blank_line():
    letter = extract(
        "In mln euro 2021 2022 2023",
        "",
        "1 Belastingen en premies 1,0 2,0 3,0",
        "2 Netto-uitgaven 1,0 2,0 3,0",
        "",
        "3 EMU-saldo in % bbp 1,2% 1,3% 1,4%",
        *AFTER,
    )
    assert letter.problems == ()
    rows = letter.tables[0].rows
    assert len(rows) == 3 and [c.value for c in rows[2].cells] == ["1,2%", "1,3%", "1,4%"]


def test_10_a_small_browser_copy_table_near_the_signature():
    letter = extract(
        *html(
            [
                "Tabel 1 Overzicht (in miljarden euro)",
                " ",
                "Ontwerpbegroting 2012 (1)",
                "Mutaties (2)",
                "Stand (3)=(1)+(2)",
            ],
            ["Provinciefonds", "–782", "3", " "],
            ["Eindtotaal", "-782", "3", "–"],
        ),
        "Ik vertrouw erop uw Kamer hiermee voldoende te hebben geïnformeerd.",
        "",
        "De Minister van Financiën,",
        "A.B. Jansen",
    )
    assert letter.problems == ()
    assert letter.tables[0].form == "html-copy" and len(letter.tables[0].rows) == 2


def test_11_a_continued_label_does_not_end_in_a_signed_figure():
    letter = extract(
        "Tabel 3 Kerngegevens (in miljarden euro)",
        "",
        "2010 2011 2012 2013",
        "",
        "Politie 1 52 5 −7",
        "Versterking van de",
        "uitvoeringsorganisaties in het sociaal domein – 2 8 2 – 69",
        "Totaal −1 60 7 −76",
    )
    assert letter.problems == ()
    assert [c.value for c in letter.tables[0].rows[1].cells] == ["– 2", "8", "2", "– 69"]
