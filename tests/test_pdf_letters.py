"""PDF letters: read by the positions of their words (pipeline.pdftext renders them as text
the layout reader reads), cited by the lines of that rendering, and refused in plain words
when they are encrypted, scanned or damaged. The real-table PDFs are scored with the other
text forms in tests/test_real_tables.py."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from support import SAMPLE

from pipeline import cli, pdftext
from pipeline.errors import ExtractionError
from pipeline.extraction.forms.pdftotext_layout.read import _across_a_page_break
from pipeline.extraction.labels import Body
from pipeline.reading import read_letter

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REAL_PDF = FIXTURES / "real_tables" / "each-s1" / "kr-owb2018-art7-nominaal-onvoorzien--pdf.pdf"


@pytest.mark.parametrize(
    "name, reason",
    [
        ("encrypted.pdf", "the PDF is encrypted; save a copy without a password first"),
        ("scan.pdf", "the PDF has no text layer (a scan?); OCR it first"),
        ("damaged.pdf", "the PDF is damaged and cannot be read"),
    ],
)
def test_a_pdf_that_cannot_be_read_is_refused_naming_the_file_and_why(tmp_path, name, reason):
    path = tmp_path / name
    shutil.copy(FIXTURES / "pdf" / name, path)
    with pytest.raises(ExtractionError) as caught:
        read_letter(path, tmp_path)
    assert str(caught.value).startswith(f"{path}: {reason}")


def test_the_rendering_is_the_same_every_time_and_the_command_prints_it():
    data = REAL_PDF.read_bytes()
    assert pdftext.render(data, "a.pdf") == pdftext.render(data, "b.pdf")
    out = io.StringIO()
    assert cli.pdftext(REAL_PDF, out=out) == 0
    assert tuple(out.getvalue().split("\n")[:-1]) == pdftext.render(data, str(REAL_PDF))


def test_a_pdf_letter_is_published_and_an_unreadable_one_listed(raw_copy, tmp_path, publish):
    shutil.copy(REAL_PDF, raw_copy / "begroting-2018-art7.pdf")
    shutil.copy(FIXTURES / "pdf" / "scan.pdf", raw_copy / "gescand.pdf")
    dist = tmp_path / "dist"
    code, _, err = publish(raw_copy, dist)
    assert code == cli.EXIT_PUBLISHED_WITH_PROBLEMS
    assert "gescand.pdf: the PDF has no text layer (a scan?); OCR it first" in err
    tables = pq.read_table(dist / "parquet" / "data" / "tables.parquet").to_pylist()
    amounts = pq.read_table(dist / "parquet" / "data" / "amounts.parquet").to_pylist()
    assert {t["text_form"] for t in tables if t["document_id"] == "begroting-2018-art7"} == {"pdf"}
    assert len([a for a in amounts if a["document_id"] == "begroting-2018-art7"]) == 77


def _cells_against_truth(name: str, specs: list[str]):
    """The cells read from a fixture PDF, and those the layout truth of its real tables gives
    (table by table, in order): (table, row, column) -> (label, column header, euros)."""
    import csv

    from realtables import _columns_to_rows

    from pipeline.extraction import extract_letter
    from pipeline.tidy import letter_columns

    path = FIXTURES / "pdf" / name
    letter = extract_letter(read_letter(path, path.parent))
    got = {
        (r["table_number"], r["row_number"], r["column_number"]): (r["row_label"], r["column_header"], r["amount_eur"])
        for r in _columns_to_rows(letter_columns(letter)["amounts"])
    }
    want = {}
    for number, spec in enumerate(specs, 1):
        truth = FIXTURES / "real_tables" / "each-s1" / "expected" / f"{spec}--layout.csv"
        if not truth.exists():
            truth = FIXTURES / "real_tables" / "dev-each-s1" / "expected" / f"{spec}--layout.csv"
        for row in csv.DictReader(truth.open(encoding="utf-8")):
            want[(number, int(row["row_number"]), int(row["column_number"]))] = (
                row["row_label"],
                row["column_header"],
                int(row["amount_eur"]) if row["amount_eur"] else None,
            )
    return letter, got, want


def test_a_pdf_from_a_second_producer_reads_every_cell_exactly():
    """reportlab sets three real tables (tests/fixtures/pdf/make_reportlab_letter.py) with its
    own fonts, spacing and header spans, cells bottom-aligned (labels wrap above their
    figures): every cell as the truth of those tables has it."""
    letter, got, want = _cells_against_truth(
        "reportlab-letter.pdf",
        ["szw-owb2022-art99-nog-onverdeeld", "vws-jv2022-art11-nog-onverdeeld", "fin-vjn2018-kerngegevens"],
    )
    assert letter.problems == ()
    assert got == want
    assert str(letter.date) == "2024-03-12"


def test_tables_broken_across_pages_are_read_whole_without_the_page_furniture():
    """make_reportlab_pages.py: a running header and page numbers on every page; one table
    breaks and repeats its header, one breaks without, one repeats a two-level header, one
    has a single period beside its stub ("Uitgaven  2015") and labels whose last word, a
    year, wraps onto the line of their figures; a caption stands a blank line above its
    table. Each is one table, every cell exact."""
    letter, got, want = _cells_against_truth(
        "reportlab-pages.pdf",
        [
            "kr-owb2018-art7-nominaal-onvoorzien",
            "fin-vjn2018-kerngegevens",
            "vws-jv2022-art11-nog-onverdeeld",
            "szw-2supp2015-najaarsnota-uitgavenmutaties",
        ],
    )
    assert letter.problems == ()
    assert [len(t.rows) for t in letter.tables] == [11, 16, 9, 17]
    assert got == want
    rendering = pdftext.render((FIXTURES / "pdf" / "reportlab-pages.pdf").read_bytes(), "pages.pdf")
    assert sum(line.startswith("\f") for line in rendering) == 4  # five pages: every table crosses a break
    for table in letter.tables:
        assert rendering[table.first_line - 1 : table.last_line] and any(
            line.startswith("\f") for line in rendering[table.first_line - 1 : table.last_line]
        )


def test_a_begroting_typeset_as_the_source_sets_it_reads_every_cell_and_stage_without_its_furniture():
    """make_typeset_pages.py: two real budget-stage tables (development side) in the body
    column of a Kamerstuk as the source's typesetting sets it: the title block in the left
    margin, a kerning pair split in the chamber's name, the colophon in the first page's
    margin beside the footer and its page number. Every cell exact, each table's stages add
    up, and no problem (the furniture is no table)."""
    from pipeline.extraction.arithmetic import relations_of

    letter, got, want = _cells_against_truth(
        "typeset-begroting.pdf", ["ez-owb2018-verdieping-art1-uitgaven", "vws-owb2020-verdieping-art1-opbouw-uitgaven"]
    )
    assert letter.problems == ()
    assert got == want
    stages = [(r.table_number, r.status) for r in relations_of(letter) if r.relation == "stages_add_up"]
    assert {t for t, _ in stages} == {1, 2}
    assert {status for _, status in stages} == {"exact"}


def test_the_sample_letter_set_as_a_pdf_gives_its_cells_and_relations():
    """The sample letter (its CALS XML fixture) set by reportlab (make_sample_letter.py): the
    same 90 cells (sections, labels, headers, amounts) and 24 relations as its text, though
    its headings open a page or run straight into their paragraph (no blank line)."""
    from pipeline.extraction import extract_letter
    from pipeline.extraction.arithmetic import relations_of

    path = FIXTURES / "pdf" / "sample-letter.pdf"
    from_pdf = extract_letter(read_letter(path, path.parent))
    from_text = extract_letter(read_letter(SAMPLE, SAMPLE.parent))

    def cells(letter):
        return [
            (t.number, t.section, t.unit_eur, r.label, r.is_total, c.column.header, c.amount_eur)
            for t in letter.tables
            for r in t.rows
            for c in r.cells
        ]

    def relations(letter):
        return sorted(
            (r.table_number, r.row_number, r.column_number, r.relation, r.status) for r in relations_of(letter)
        )

    assert from_pdf.problems == ()
    assert len(cells(from_pdf)) == 90 and cells(from_pdf) == cells(from_text)
    assert (str(from_pdf.date), from_pdf.addressee) == (
        "2015-02-27",
        "Voorzitter van de Tweede Kamer der Staten-Generaal",
    )
    assert len(relations(from_pdf)) == 24 and relations(from_pdf) == relations(from_text)


def test_the_rendering_keeps_each_lines_pitch_below_the_line_above_it():
    """A PDF's lines carry how far below the line above them they are set; a blank line
    and a page's first line have none. The lines of a wrapped header cell ("Realisatie" over
    "2018") are set closer together than the table's rows."""
    data = (FIXTURES / "real_tables" / "dev-each-s1" / "szw-owb2020-art99-onverdeeld--pdf.pdf").read_bytes()
    lines, pitches = pdftext.rendering(data, "a.pdf")
    assert lines == pdftext.render(data, "a.pdf") and len(pitches) == len(lines)
    assert pitches[0] is None and all(p is None for line, p in zip(lines, pitches) if not line.strip())
    years = next(i for i, line in enumerate(lines) if line.split()[:3] == ["2018", "2019", "2020"])
    rows = [pitches[i] for i in range(years + 2, years + 6)]
    assert all(p is not None and p > 0 for p in rows)
    assert pitches[years] < 0.85 * min(rows)


def _read_lines(lines: tuple[str, ...], pitches: tuple[float | None, ...] = ()):
    """A letter of ``lines`` read as a PDF's rendering with its ``pitches``, or as a text
    when there are none: the same lines, with and without what a PDF shows."""
    from pipeline.extraction import extract_letter
    from pipeline.reading import RawLetter

    suffix = ".pdf" if pitches else ".txt"
    return extract_letter(
        RawLetter("t", Path("raw/t" + suffix), "raw/t" + suffix, "0" * 64, lines, {}, pitches=pitches)
    )


YEAR_TABLE = (
    "Tabel 1 Uitgaven (x € 1.000)",
    "                      Realisatie      Raming      Raming",
    "                            2018        2019        2020",
    "Verplichtingen                12          14          16",
    "Uitgaven                      10          11          12",
)


def _year_table(pitches: tuple[float | None, ...]):
    """One table whose header words stand right over its years, read as a PDF (``pitches``)."""
    letter = _read_lines(YEAR_TABLE, pitches)
    assert letter.problems == ()
    return [(c.column.header, c.column.period, c.column.year) for c in letter.tables[0].rows[0].cells]


def test_a_pdf_shows_by_its_pitch_whether_the_years_are_a_wrapped_cells_end_or_a_row_of_their_own():
    apart = _year_table((None, 14.0, 11.0, 11.0, 11.0))  # the years as far below as a row
    wrapped = _year_table((None, 14.0, 8.0, 11.0, 11.0))  # as close as a cell's next line
    assert wrapped == [
        ("Realisatie 2018", "Realisatie 2018", 2018),
        ("Raming 2019", "Raming 2019", 2019),
        ("Raming 2020", "Raming 2020", 2020),
    ]
    assert apart == [("Realisatie 2018", "2018", 2018), ("Raming 2019", "2019", 2019), ("Raming 2020", "2020", 2020)]
    # a text cannot tell: the table is reported at its header, never read one way by guess
    text = _read_lines(YEAR_TABLE)
    assert text.tables == () and [p.line for p in text.problems] == [2]
    assert "which a text cannot show" in text.problems[0].reason


def _labels(pitches: tuple[float | None, ...] = ()):
    """The rows (label, sub-heading) of one table with a line of words and no figures between two rows,
    read from the same lines as a text (no pitches) or as a PDF (``pitches``)."""
    lines = (
        "Tabel 1 Apparaatsuitgaven (x € 1.000)",
        "                                  2018        2019",
        "Personele uitgaven                 100         110",
        "Waarvan",
        "eigen personeel                     60          70",
        "externe inhuur                      40          40",
    )
    letter = _read_lines(lines, pitches)
    assert letter.problems == ()
    return [(r.label, r.subheading) for r in letter.tables[0].rows]


def test_a_pdf_shows_by_its_pitch_whether_a_line_without_figures_is_a_row_or_part_of_a_label():
    rows_apart = _labels((None, 14.0, 11.0, 11.0, 11.0, 11.0))
    wrapped = _labels((None, 14.0, 11.0, 11.0, 8.0, 11.0))  # "eigen personeel" is the cell's next line
    assert rows_apart == [
        ("Personele uitgaven", None),
        ("eigen personeel", "Waarvan"),
        ("externe inhuur", "Waarvan"),
    ]
    assert wrapped == [("Personele uitgaven", None), ("Waarvan eigen personeel", None), ("externe inhuur", None)]
    assert _labels() == wrapped  # a text: the lowercase line below goes on the label


def test_column_numbers_a_pdf_sets_a_row_apart_under_the_headers_are_a_level_of_their_own():
    lines = (
        "Tabel 1 Budgettaire gevolgen (x € 1.000)",
        "                         Stand       Mutaties             Stand",
        "                     begroting    suppletoire         begroting",
        "                             1              2         (3)=(1+2)",
        "Verplichtingen             100             10               110",
        "Uitgaven                    90              5                95",
    )

    def periods(pitches: tuple[float | None, ...]) -> list[tuple[str, str]]:
        return [(c.column.header, c.column.period) for c in _read_lines(lines, pitches).tables[0].rows[0].cells]

    headers = ["Stand begroting 1", "Mutaties suppletoire 2", "Stand begroting (3)=(1+2)"]
    assert periods((None, 14.0, 8.0, 11.0, 11.0, 11.0)) == list(zip(headers, ["1", "2", "(3)=(1+2)"]))
    # set as close as a cell's next line: the end of each cell
    assert periods((None, 14.0, 8.0, 8.0, 11.0, 11.0)) == list(zip(headers, headers))
    # a text cannot show the pitch; numbered bare ("1", not "(1)") they are no cell's end
    assert periods(()) == list(zip(headers, ["1", "2", "(3)=(1+2)"]))


def test_a_pdf_shows_by_its_pitch_whether_the_line_under_the_last_row_ends_its_label():
    lines = (
        "Tabel 1 Mutaties (x € 1.000)",
        "                                    2018        2019",
        "a. Uitvoering door de dienst         -200        -200",
        "b. Inzet capaciteit door             -180        -180",
        "Zaken en Wetgeving",
    )

    def labels(pitches: tuple[float | None, ...]) -> list[str]:
        return [r.label for r in _read_lines(lines, pitches).tables[0].rows]

    assert labels((None, 14.0, 11.0, 11.0, 8.0)) == [
        "a. Uitvoering door de dienst",
        "b. Inzet capaciteit door Zaken en Wetgeving",
    ]
    assert labels((None, 14.0, 11.0, 11.0, 11.0)) == ["a. Uitvoering door de dienst", "b. Inzet capaciteit door"]


def _pdfium_and_pdfminer_words(pdf: Path) -> list[tuple[list[dict], list[dict]]]:
    """Per page, the words of the characters PDFium reads (pdftext's) and of those pdfminer
    reads (pdfplumber's own), made by the same word extraction."""
    import pdfplumber
    import pypdfium2
    from pdfplumber.utils import extract_words

    options = dict(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False, use_text_flow=False, extra_attrs=["size"])
    document = pypdfium2.PdfDocument(pdf)
    with pdfplumber.open(pdf) as plumbed:
        return [
            (extract_words(pdftext._page_chars(document[number], page), **options), page.extract_words(**options))
            for number, page in enumerate(plumbed.pages)
        ]


@pytest.mark.parametrize(
    "pdf",
    [
        FIXTURES / "pdf" / "service" / "kst-32545-143.pdf",
        REAL_PDF,
        FIXTURES / "real_tables" / "dev-docs-s2" / "1supp-2012-iia--pdf.pdf",
    ],
    ids=lambda p: p.name,
)
def test_pdfium_places_each_word_where_pdfminer_does(pdf):
    # PDFium reads the characters (fifteen times faster than pdfminer's interpreter); each
    # word stands where pdfminer puts it: same text, same size, its edges within a third of a
    # point (PDFium takes a font's widths in whole thousandths of an em, pdfminer as the
    # file gives them; an f's ink reaches past its advance) and its baseline within a tenth
    # (a font whose descriptor gives no descent); a typeset Kamerstuk with a font of size 1
    # scaled by its matrix among them
    for ours, theirs in _pdfium_and_pdfminer_words(pdf):
        assert [w["text"] for w in ours] == [w["text"] for w in theirs]
        for word, their in zip(ours, theirs):
            assert word["size"] == pytest.approx(their["size"], abs=0.001), word["text"]
            for key, within in (("x0", 0.3), ("x1", 0.3), ("top", 0.12), ("bottom", 0.12)):
                assert word[key] == pytest.approx(their[key], abs=within), (word["text"], key)


def test_a_ligature_is_read_as_its_letters_in_one_word():
    # Chromium sets "fi" as one glyph: PDFium gives its letters, each boxed round a part of
    # the glyph's ink (their box ends above the baseline, and the word broke in two at it);
    # they are one glyph again, in one word, as pdfminer's "ﬁ" (U+FB01) made one
    pdf = FIXTURES / "real_tables" / "dev-each-s1" / "vws-owb2018-art11-nominaal-onvoorzien--pdf.pdf"
    (ours, theirs), *_ = _pdfium_and_pdfminer_words(pdf)
    (word,) = [w for w in ours if "nanci" in w["text"]]
    (their,) = [w for w in theirs if "nanci" in w["text"]]
    assert word["text"] == their["text"] == "financiële"
    assert word["x0"] == pytest.approx(their["x0"], abs=0.02) and word["x1"] == pytest.approx(their["x1"], abs=0.02)
    assert word["bottom"] == pytest.approx(their["bottom"], abs=0.02)
    assert "Het financiële beeld is als volgt." in "\n".join(pdftext.render(pdf.read_bytes(), pdf.name))


@pytest.mark.parametrize(
    "pdf",
    [REAL_PDF, FIXTURES / "pdf" / "typeset-begroting.pdf"],
    ids=lambda p: p.name,
)
def test_a_page_drawn_sideways_and_turned_upright_by_its_rotate_reads_as_the_upright_page(pdf, tmp_path):
    # a landscape page whose content (here: each page of the PDF, as a form) is drawn turned a
    # quarter, and which /Rotate 90 turns upright again, as wide tables are often printed:
    # pdfminer's turn by /Rotate, the glyphs turned in the PDF's space boxed from their
    # origin, and a ligature's letters (the "fi" of "financiële" in REAL_PDF), which PDFium
    # places without the form's turn, placed again
    import pypdfium2

    source, turned = pypdfium2.PdfDocument(pdf), pypdfium2.PdfDocument.new()
    for number in range(len(source)):
        width, height = source[number].get_size()
        form = source.page_as_xobject(number, turned).as_pageobject()
        form.transform(pypdfium2.PdfMatrix(0, 1, -1, 0, height, 0))  # a quarter anticlockwise
        page = turned.new_page(height, width)
        page.insert_obj(form)
        page.gen_content()
        page.set_rotation(90)
    turned.save(tmp_path / "turned.pdf")
    assert pdftext.rendering((tmp_path / "turned.pdf").read_bytes(), "turned.pdf") == pdftext.rendering(
        pdf.read_bytes(), pdf.name
    )


def test_a_hyphen_that_ends_a_line_is_kept():
    # PDFium marks a hyphen at a line's end as a soft one (code 2); it is printed, as a text copy has it
    pdf = FIXTURES / "pdf" / "service" / "ah-tk-20202021-3235.pdf"
    lines = pdftext.render(pdf.read_bytes(), pdf.name)
    assert any(line.endswith("een beperk-") for line in lines)
    assert not any("\x02" in line for line in lines)


@pytest.mark.slow  # 10-15 s; every CI run has it on the main Python
def test_a_report_of_hundreds_of_pages_is_read_in_the_memory_of_one_page(tmp_path):
    # each page's characters and layout are let go of once its words are taken: the peak
    # of reading 300 pages is within 40 MiB of that of reading 10 (it grew by 1.5 MiB a page before)
    import subprocess
    import sys

    import pypdfium2

    def pages(copies: int) -> Path:
        source = pypdfium2.PdfDocument(FIXTURES / "pdf" / "reportlab-pages.pdf")
        made = pypdfium2.PdfDocument.new()
        for _ in range(copies):
            made.import_pages(source)
        path = tmp_path / f"{copies}.pdf"
        made.save(path)
        return path

    def peak_mib(path: Path) -> float:
        read = (
            "import resource, sys; from pathlib import Path; from pipeline import pdftext; "
            "lines = pdftext.render(Path(sys.argv[1]).read_bytes(), sys.argv[1]); "
            "print(len(lines), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
        )
        done = subprocess.run([sys.executable, "-c", read, str(path)], capture_output=True, text=True, check=True)
        return float(done.stdout.split()[1])

    few, many = pages(2), pages(60)
    assert len(pypdfium2.PdfDocument(many)) == 30 * len(pypdfium2.PdfDocument(few))
    assert peak_mib(many) - peak_mib(few) < 40


def test_a_table_whose_rows_have_no_padding_is_settled_by_its_totals_not_its_pitch():
    # Word sets a label wrapped under its figures as far below as the next row: the pitch
    # would make "instituten" a sub-heading and the total a sum of the rows under it alone;
    # the total is the sum of all three, so "instituten" ends the first row's label
    lines = (
        "Budgettaire gevolgen in mln. euro's",
        "                                   2021        2022",
        "Wetenschappelijke                    10          20",
        "instituten",
        "Open competitie                      60          60",
        "NWA-actielijn 1                      40          40",
        "Totaal                              110         120",
    )
    pitches = (None, 14.0, 12.6, 12.6, 12.6, 12.6, 12.6)
    letter = _read_lines(lines, pitches)
    assert letter.problems == ()
    rows = letter.tables[0].rows
    assert [(r.label, r.subheading) for r in rows] == [
        ("Wetenschappelijke instituten", None),
        ("Open competitie", None),
        ("NWA-actielijn 1", None),
        ("Totaal", None),
    ]
    # where the total adds up only with the sub-heading, the pitch stands
    apart = _read_lines(lines[:-1] + ("Totaal                              100         100",), pitches)
    assert [(r.label, r.subheading) for r in apart.tables[0].rows][1:] == [
        ("Open competitie", "instituten"),
        ("NWA-actielijn 1", "instituten"),
        ("Totaal", "instituten"),
    ]
    # with no total to tell, a line whose words go on from the label above goes on with it
    untotalled = _read_lines(lines[:-1], pitches[:-1])
    assert [r.label for r in untotalled.tables[0].rows] == [
        "Wetenschappelijke instituten",
        "Open competitie",
        "NWA-actielijn 1",
    ]


@pytest.mark.parametrize(
    "batch, letter", [("dev-each-s1", "fin-fjr2010-inkomsten-rijk-emu-basis"), ("dev-docs-s2", "fjr-2010")]
)
def test_a_note_mark_raised_over_a_year_is_no_header_level(batch, letter):
    # "2010¹" in a PDF: the mark stands on a line of its own, just after "2010" or less than
    # half a line above it. It is a note on the year, not a level of the header ("1 2010").
    from pipeline.extraction import extract_letter

    path = FIXTURES / "real_tables" / batch / f"{letter}--pdf.pdf"
    found = extract_letter(read_letter(path, path.parent))
    assert found.problems == ()
    assert [c.header for c in found.tables[0].columns] == ["2010"]


STAGE_TABLE = (
    "Overzicht budgettaire gevolgen van beleid (in € 1 000)",
    "                  Realisatie Realisatie Vastgestelde Verschil",
    "                      2010       2011     begroting",
    "Verplichtingen       15 169     17 130       16 028     1 102",
    "Uitgaven             14 652     16 619       16 028       591",
)


def test_stage_words_over_the_periods_of_some_columns_are_a_level_in_a_pdf_that_sets_them_apart():
    # "Realisatie" over "2010" and "2011", beside "Vastgestelde" / "begroting" and "Verschil":
    # not every column ends in a period, yet the same doubt holds. A PDF that sets the
    # lower line a row apart shows two levels; a text cannot show it and reports the table.
    letter = _read_lines(STAGE_TABLE, (None, 14.0, 11.0, 11.0, 11.0))
    assert letter.problems == ()
    assert [(c.column.header, c.column.period) for c in letter.tables[0].rows[0].cells] == [
        ("Realisatie 2010", "2010"),
        ("Realisatie 2011", "2011"),
        ("Vastgestelde begroting", "begroting"),
        ("Verschil", "Verschil"),
    ]
    text = _read_lines(STAGE_TABLE)
    assert text.tables == () and [p.line for p in text.problems] == [2]
    assert "which a text cannot show" in text.problems[0].reason


def test_a_line_left_open_to_the_next_goes_on_where_no_line_of_the_table_is_set_close():
    # Every line of this table is as far below the one above as its rows are apart (Word
    # sets its rows with no padding), so the pitch cannot tell a wrapped label from a row
    # of its own; "… scholing in de" leaves itself open to the line below: one label.
    lines = (
        "Tabel 2 Grondslag (in mld. euro)",
        "                                                 2020       2021",
        "Uitgaven",
        "Bekostiging onderwijs                             4,2        4,1",
        "Lasten",
        "Vrijstelling voor studie en scholing in de",
        "loonheffing                                       1,8        1,8",
        "Totaal grondslag                                  6,0        5,9",
    )
    letter = _read_lines(lines, (None, 14.0, 12.6, 12.6, 12.6, 12.6, 12.6, 12.6))
    assert letter.problems == ()
    assert [(r.label, r.subheading) for r in letter.tables[0].rows] == [
        ("Bekostiging onderwijs", "Uitgaven"),
        ("Vrijstelling voor studie en scholing in de loonheffing", "Lasten"),
        ("Totaal grondslag", "Lasten"),
    ]


def test_a_label_wrapped_over_a_page_break_goes_on_under_the_repeated_header():
    """The first line on a new page stands under the repeated header, so its pitch says
    nothing of the label before the break: "en beperking van de" goes on from "Een
    doelmatige energievoorziening" by its words. The body lists a line held back for a label
    after the page break that follows it (line 49 before the break at 50)."""
    body = Body()
    body.items = [("row", 46), ("row", 48), ("page", 50), ("text", 49), ("text", 52), ("text", 53), ("row", 54)]
    assert _across_a_page_break(body) == {52}
