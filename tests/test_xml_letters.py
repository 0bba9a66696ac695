"""Letters stored as the source's XML: tables from their CALS structure, exact, with the
line of each row's element; letter fields from the text blocks and the source's metadata."""

from __future__ import annotations

from pathlib import Path

from pipeline.extraction import extract_letter
from pipeline.reading import read_letter

LETTER = """<?xml version="1.0" encoding="UTF-8"?>
<officiele-publicatie>
<kamerstuk>
<stuk>
<al>Aan de Voorzitter van de Tweede Kamer der Staten-Generaal</al>
<al>Den Haag, 3 maart 2020</al>
<kop><nr>2.</nr><titel>Uitgaven</titel></kop>
<al>De uitgaven zijn in de volgende tabel weergegeven.</al>
<al>Tabel 1 Uitgaven (bedragen x € 1.000)</al>
<table>
<tgroup cols="6">
<colspec colname="c1"/><colspec colname="c2"/><colspec colname="c3"/><colspec colname="c4"/><colspec colname="c5"/><colspec colname="c6"/>
<thead>
<row><entry morerows="1"><al>Art.</al></entry><entry morerows="1"><al>Omschrijving</al></entry><entry namest="c3" nameend="c4"><al>Realisatie</al></entry><entry morerows="1"><al>Begroting 2021</al></entry><entry morerows="1"><al>Noot</al></entry></row>
<row><entry colname="c3"><al>2019</al></entry><entry colname="c4"><al>2020</al></entry></row>
</thead>
<tbody>
<row><entry/><entry><al>Apparaat:</al></entry><entry/><entry/><entry/><entry/></row>
<row><entry><al>12.01</al></entry><entry><al>Personeel</al></entry><entry><al>1.200</al></entry><entry><al>1.300</al></entry><entry><al>1.400</al></entry><entry><al>1</al></entry></row>
<row><entry><al>12.02</al></entry><entry><al>Materieel</al></entry><entry><al>– 35</al></entry><entry/><entry><al>40</al></entry><entry/></row>
<row><entry/><entry><al>Totaal</al></entry><entry><al>1.165</al></entry><entry><al>1.300</al></entry><entry><al>1.440</al></entry><entry/></row>
</tbody>
</tgroup>
</table>
<al>Dit is de tekst na de tabel.</al>
</stuk>
</kamerstuk>
</officiele-publicatie>
"""


def read(tmp_path: Path, text: str = LETTER, name: str = "kst-1-2.xml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract_letter(read_letter(path, tmp_path))


def line_of(fragment: str, text: str = LETTER) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_a_cals_table_reads_exactly_with_spans_codes_blanks_and_notes(tmp_path):
    letter = read(tmp_path)
    assert letter.problems == ()
    (table,) = letter.tables
    assert table.form == "xml" and table.unit_eur == 1000 and table.section == "2. Uitgaven"
    assert [(c.header, c.period, c.year) for c in table.columns] == [
        ("Realisatie 2019", "2019", 2019),
        ("Realisatie 2020", "2020", 2020),
        ("Begroting 2021", "Begroting 2021", 2021),
    ]
    rows = [
        (r.code, r.label, r.subheading, [c.amount_eur if c.amount_eur is not None else None for c in r.cells])
        for r in table.rows
    ]
    assert rows == [
        ("12.01", "Personeel", "Apparaat:", [1_200_000, 1_300_000, 1_400_000]),
        ("12.02", "Materieel", "Apparaat:", [-35_000, None, 40_000]),
        (None, "Totaal", "Apparaat:", [1_165_000, 1_300_000, 1_440_000]),
    ]
    assert table.rows[0].line == line_of("<al>Personeel</al>")
    assert (table.first_line, table.last_line) == (line_of("<table>"), line_of("<al>Totaal</al>"))


def test_letter_fields_come_from_the_text_blocks(tmp_path):
    letter = read(tmp_path)
    assert str(letter.date) == "2020-03-03"
    assert letter.addressee == "Voorzitter van de Tweede Kamer der Staten-Generaal"


def test_a_table_that_cannot_be_read_is_reported_with_its_line(tmp_path):
    broken = LETTER.replace('<entry namest="c3" nameend="c4">', '<entry namest="c3" nameend="c9">')
    letter = read(tmp_path, broken)
    (problem,) = letter.problems
    assert problem.line == line_of('nameend="c9"', broken) and "c9" in problem.reason and problem.table_number == 1


def test_unsafe_xml_is_reported_not_read(tmp_path):
    evil = LETTER.replace(
        "<officiele-publicatie>", '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<officiele-publicatie>', 1
    )
    letter = read(tmp_path, evil)
    assert letter.tables == () and "DTD or entities" in letter.problems[0].reason


# The shapes of real CALS tables (tests/fixtures/source_samples/): no thead but bold rows at the
# top of tbody, text in several <al> with <nadruk>, footnotes in cells, the table in <al><noot>.
BOLD_HEADED = """<?xml version="1.0" encoding="UTF-8"?>
<officiele-publicatie>
<kamerstuk>
<stuk>
<al>Den Haag, 3 maart 2020</al>
<al>Tabel 1 Uitgaven (bedragen x € 1.000)</al>
<al><noot><table frame="all">
<tgroup cols="4" char="" charoff="50">
<colspec colname="c1" colnum="1"/><colspec colname="c2" colnum="2"/><colspec colname="c3" colnum="3"/><colspec colname="c4" colnum="4"/>
<tbody>
<row><entry morerows="0"><al><nadruk type="vet">Omschrijving</nadruk></al></entry><entry namest="c2" nameend="c3" morerows="0"><al><nadruk type="vet">Realisatie</nadruk></al></entry><entry><al><nadruk type="vet">Begroting</nadruk></al><al><nadruk type="vet">2021</nadruk></al></entry></row>
<row><entry/><entry><al><nadruk type="vet">2019</nadruk></al></entry><entry><al><nadruk type="vet">2020</nadruk></al></entry><entry/></row>
<row><entry><al>Apparaat:</al></entry><entry/><entry/><entry/></row>
<row><entry><al>Personeel</al><al>en <nadruk type="cur">materieel</nadruk><noot type="voet"><noot.nr>1</noot.nr><noot.al>Inclusief inhuur.</noot.al></noot></al></entry><entry><al>1.200</al></entry><entry><al>1.300<noot type="voet"><noot.nr>2</noot.nr><noot.al>Voorlopig, 2020.</noot.al></noot></al></entry><entry><al>1.400</al></entry></row>
<row><entry><al><nadruk type="vet">Totaal</nadruk></al></entry><entry><al><nadruk type="vet">1.200</nadruk></al></entry><entry><al><nadruk type="vet">1.300</nadruk></al></entry><entry><al><nadruk type="vet">1.400</nadruk></al></entry></row>
</tbody>
</tgroup>
</table></noot></al>
</stuk>
</kamerstuk>
</officiele-publicatie>
"""


def test_a_table_without_thead_is_headed_by_its_bold_rows_with_notes_left_out_of_its_cells(tmp_path):
    letter = read(tmp_path, BOLD_HEADED)
    assert letter.problems == ()
    (table,) = letter.tables
    assert table.unit_eur == 1000
    assert [(c.header, c.period) for c in table.columns] == [
        ("Realisatie 2019", "2019"),
        ("Realisatie 2020", "2020"),
        ("Begroting 2021", "Begroting 2021"),
    ]
    rows = [(r.label, r.subheading, [c.amount_eur for c in r.cells]) for r in table.rows]
    assert rows == [
        ("Personeel en materieel", "Apparaat:", [1_200_000, 1_300_000, 1_400_000]),  # no "1 Inclusief inhuur."
        ("Totaal", "Apparaat:", [1_200_000, 1_300_000, 1_400_000]),
    ]
    assert table.rows[0].line == line_of("<al>Personeel</al>", BOLD_HEADED)


def test_without_bold_rows_the_rows_above_the_first_figure_still_head_a_table(tmp_path):
    plain = (
        BOLD_HEADED.replace('<nadruk type="vet">', "<nadruk>")
        .replace(
            '<entry namest="c2" nameend="c3" morerows="0"><al><nadruk>Realisatie</nadruk></al></entry>',
            "<entry><al>Realisatie 2019</al></entry><entry><al>Realisatie 2020</al></entry>",
        )
        .replace(
            "<row><entry/><entry><al><nadruk>2019</nadruk></al></entry><entry><al><nadruk>2020</nadruk></al></entry><entry/></row>\n",
            "",
        )
    )
    (table,) = read(tmp_path, plain).tables
    # "Apparaat:" has no figure: it is read as the header's last row, as before bold rows were known
    assert [(r.label, r.subheading) for r in table.rows] == [("Personeel en materieel", None), ("Totaal", None)]
    assert [c.header for c in table.columns] == ["Realisatie 2019", "Realisatie 2020", "Begroting 2021"]


def test_a_span_name_that_differs_only_in_case_and_spaces_is_matched_to_its_colspec(tmp_path):
    loose = LETTER.replace('<entry namest="c3" nameend="c4">', '<entry namest=" C3" nameend="c4 ">')
    assert read(tmp_path, loose).tables[0].columns == read(tmp_path, LETTER, "kst-1-3.xml").tables[0].columns


def test_a_span_name_two_colspecs_may_mean_is_reported_not_guessed(tmp_path):
    twice = LETTER.replace('<colspec colname="c4"/>', '<colspec colname="C3"/>').replace(
        '<entry namest="c3" nameend="c4">', '<entry namest="c3" nameend="C3 ">'
    )
    (problem,) = read(tmp_path, twice).problems
    assert problem.line == line_of('nameend="C3 "', twice) and "'C3 ', which two colspecs may mean" in problem.reason


def test_colspecs_are_placed_by_their_colnum(tmp_path):
    """A colspec names the column of its colnum, not of its place among the colspecs (the
    columns between have no colspec)."""
    sparse = LETTER.replace(
        '<colspec colname="c1"/><colspec colname="c2"/><colspec colname="c3"/><colspec colname="c4"/>',
        '<colspec colname="c1" colnum="1"/><colspec colname="c3" colnum="3"/><colspec colname="c4"/>',
    ).replace('<entry colname="c3"><al>2019</al></entry>', '<entry namest="c3"><al>2019</al></entry>')
    assert read(tmp_path, sparse).tables[0].columns == read(tmp_path, LETTER, "kst-1-3.xml").tables[0].columns
