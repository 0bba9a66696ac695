"""The source's own typeset PDFs (XPP, as repository.overheid.nl serves them): their page
furniture (the chamber's title, the colophon in the first page's margin, the footer and its
page number) is left out, their kerning and WinAnsi en dashes come out whole, and a document
with no table publishes with no problem. The files are byte-for-byte copies
(tests/fixtures/pdf/service/README.md)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline import cli, pdftext
from pipeline.extraction import text
from pipeline.extraction.settings import Settings

SERVICE = Path(__file__).resolve().parent / "fixtures" / "pdf" / "service"
TYPESET = ["kst-32545-143", "ah-tk-20202021-3235"]


def _rendered(name: str) -> list[text.Line]:
    data = (SERVICE / f"{name}.pdf").read_bytes()
    rendering = pdftext.rendering(data, name)
    return text.lines_of(rendering.lines, rendering.pitches)


def test_kerning_splits_and_the_winansi_en_dash_come_out_whole():
    contents = [line.content for line in _rendered("kst-32545-143")]
    assert "Tweede Kamer der Staten-Generaal" in contents
    assert "Vergaderjaar 2020–2021" in contents  # byte 0x96 of the font: an en dash
    assert not any("T weede" in c or "V ergaderjaar" in c for c in contents)


@pytest.mark.parametrize("name", TYPESET)
def test_the_colophon_title_and_footer_of_every_page_are_furniture(name):
    settings = Settings()
    furniture = [line.content for line in _rendered(name) if text.is_furniture(line, settings)]
    assert name in furniture  # the document's identifier in the colophon
    assert any(c.startswith("ISSN ") for c in furniture)
    assert any(c.startswith("’s-Gravenhage 20") and "Tweede Kamer, vergaderjaar" in c for c in furniture)
    assert "Tweede Kamer der Staten-Generaal" in furniture


@pytest.mark.parametrize(
    "content",
    [
        "Totaal 2021 12,5",
        "Uitgaven   2019   2020",
        "kst-32545-143 toelichting",
        "ISSN 0921 - 7371 en meer",
        "12   14",  # figures alone are a row, not page numbers
        "Vergaderjaar 2020–2021 uitgaven 14,2",
    ],
)
def test_a_line_that_holds_more_than_the_typesetting_is_no_furniture(content):
    line = text.lines_of((content,))[0]
    assert not text.is_furniture(line, Settings(), whole_rows=False)


def test_the_typeset_documents_publish_with_no_problem_and_the_scan_is_named(tmp_path, publish):
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in SERVICE.iterdir():
        if path.suffix in {".pdf", ".xml"}:
            shutil.copy(path, raw / path.name)
    dist = tmp_path / "dist"
    code, _, err = publish(raw, dist)
    assert code == cli.EXIT_PUBLISHED_WITH_PROBLEMS
    problems = pq.read_table(dist / "parquet" / "data" / "problems.parquet").to_pylist()
    assert [(p["document_id"], p["reason"]) for p in problems] == [
        ("blg-1007826", "the PDF has no text layer (a scan?); OCR it first")
    ]
    documents = {
        d["document_id"]: d for d in pq.read_table(dist / "parquet" / "data" / "documents.parquet").to_pylist()
    }
    assert documents["kst-32545-143"]["problems"] == 0
    assert documents["ah-tk-20202021-3235"]["problems"] == 0
    # no "Aan …" line opens a paragraph of these documents: no addressee is made up from a sentence
    assert documents["ah-tk-20202021-3235"]["addressee"] is None
    assert documents["ah-tk-20202021-3235"]["letterhead"] is None


def test_a_scan_that_cannot_be_read_keeps_what_its_metadata_says(tmp_path, publish):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("blg-1007826.pdf", "blg-1007826.metadata.xml"):
        shutil.copy(SERVICE / name, raw / name)
    dist = tmp_path / "dist"
    publish(raw, dist)
    (document,) = pq.read_table(dist / "parquet" / "data" / "documents.parquet").to_pylist()
    assert document["title"].startswith("Beslisnota inzake aangenomen moties")
    assert document["kind"] == "Bijlage" and document["main_document"] == "kst-33037-430"
    assert document["reference"] == "Bijlage bij Kamerstuk 33 037, nr. 430"  # not its letter's own
    assert document["dossier"] and document["url"] == "https://zoek.officielebekendmakingen.nl/blg-1007826.html"
    assert document["lines"] == 0  # a PDF's bytes are no lines of text
    assert document["problems"] == 1


def test_the_xml_and_the_pdf_of_one_document_are_one_letter_read_from_its_xml(tmp_path, publish):
    """The source serves a Kamerstuk as XML and as PDF: both in raw/ are one document, read
    from its XML (the structure), the PDF its source of record, and the summary says so."""
    samples = Path(__file__).resolve().parent / "fixtures" / "source_samples" / "kst-32545-143"
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(samples / "kst-32545-143.xml", raw / "kst-32545-143.xml")
    shutil.copy(samples / "metadata.xml", raw / "kst-32545-143.metadata.xml")
    shutil.copy(SERVICE / "kst-32545-143.pdf", raw / "kst-32545-143.pdf")
    dist = tmp_path / "dist"
    code, _, err = publish(raw, dist)
    assert code == 0
    assert f"{raw / 'kst-32545-143.pdf'}: the PDF of the same document as {raw / 'kst-32545-143.xml'}" in err
    (document,) = pq.read_table(dist / "parquet" / "data" / "documents.parquet").to_pylist()
    assert document["source_path"] == "raw/kst-32545-143.xml" and document["problems"] == 0


@pytest.mark.parametrize(
    "top, letterhead",
    [
        (["MINISTERIE VAN FINANCIËN"], "MINISTERIE VAN FINANCIËN"),
        (
            [
                "Tweede Kamer der Staten-Generaal",
                "Vergaderjaar 2014–2015",
                "29 754                 Terrorismebestrijding",
                "Nr. 302                BRIEF VAN DE MINISTER-PRESIDENT",
            ],
            None,  # the chamber's title block of a typeset Kamerstuk is no letterhead
        ),
    ],
)
def test_a_letterhead_is_the_ministrys_not_the_typeset_title_block(top, letterhead):
    from pipeline.extraction.letter import letterhead_and_addressee

    lines = text.lines_of((*top, "", "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal"))
    assert letterhead_and_addressee(lines, {}, Settings()) == (
        letterhead,
        "Voorzitter van de Tweede Kamer der Staten-Generaal",
    )
