"""The source's real XML shapes (issue 23): real documents and metadata of
officielebekendmakingen, and real CALS tables of KOOP's sister services, each copied byte for
byte into tests/fixtures/source_samples/ (its README says where each comes from). Each is put
in a temporary raw/ under the name a fetch gives it and read by the pipeline's own entry points.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from support import PROJECT

from pipeline.extraction import extract_letter
from pipeline.reading import read_letter

SAMPLES = PROJECT / "tests" / "fixtures" / "source_samples"
MOTIE = "kst-32545-143"
AANHANGSEL = "ah-tk-20202021-3235"


def put_document(raw: Path, document_id: str) -> Path:
    """A real document and its metadata.xml in raw/ as ``pipeline fetch`` stores them."""
    raw.mkdir(exist_ok=True)
    shutil.copyfile(SAMPLES / document_id / f"{document_id}.xml", raw / f"{document_id}.xml")
    shutil.copyfile(SAMPLES / document_id / "metadata.xml", raw / f"{document_id}.metadata.xml")
    return raw / f"{document_id}.xml"


def put_wetsuite_file(raw: Path, name: str) -> Path:
    raw.mkdir(exist_ok=True)
    return Path(shutil.copyfile(SAMPLES / "wetsuite-core" / name, raw / name))


def read(path: Path):
    return extract_letter(read_letter(path, path.parent))


def test_the_real_motie_is_read_with_its_fields_from_its_metadata(tmp_path):
    letter = read(put_document(tmp_path / "raw", MOTIE))
    assert (letter.tables, letter.problems) == ((), ())
    assert letter.raw.metadata == {
        "title": "Motie van de leden Inge van Dijk en Grinwis over het definiëren van een grensspaarsaldo voor "
        "negatieve spaarrente",  # OVERHEIDop.documenttitel, not DC.title ("dossier; Motie; title")
        "kind": "Motie",  # DC.type scheme OVERHEIDop.KamerstukTypen, not the series "Kamerstuk"
        "dossier": "32545",  # as the source's records write it
        "dossier_title": "Wet- en regelgeving financiële markten",
        "date": "2021-07-06",  # DCTERMS.issued ("Voorgesteld 6 juli 2021"), not available (07-07)
        "reference": "Kamerstuk 32 545, nr. 143",
        "senders": ["I. (Inge) van Dijk", "P.A. Grinwis"],
        "url": "https://zoek.officielebekendmakingen.nl/kst-32545-143.html",
    }
    assert str(letter.date) == "2021-07-06"


def test_the_real_aanhangsel_is_read_with_only_the_fields_its_metadata_gives(tmp_path):
    letter = read(put_document(tmp_path / "raw", AANHANGSEL))
    assert (letter.tables, letter.problems) == ((), ())
    assert letter.raw.metadata == {
        "title": "Antwoord op vragen van de leden Van Weyenberg, Romke de Jong en Kat over de Tozo",
        "kind": "Kamervragen (Aanhangsel)",
        "date": "2021-06-21",
        "reference": "Aanhangsel Handelingen II 2020/21, nr. 3235",
        "url": "https://zoek.officielebekendmakingen.nl/ah-tk-20202021-3235.html",
        "senders": ["W. Koolmees"],  # who answered (ontvanger), not the members who asked (indieners)
    }  # no dossier (it has none)


def test_the_real_motie_and_aanhangsel_publish_with_no_problem_and_no_table(tmp_path, publish):
    raw, dist = tmp_path / "raw", tmp_path / "dist"
    put_document(raw, MOTIE)
    put_document(raw, AANHANGSEL)
    code, summary, err = publish(raw, dist)
    assert code == 0, err
    data = dist / "parquet" / "data"
    assert pq.read_table(data / "tables.parquet").num_rows == 0
    assert pq.read_table(data / "problems.parquet").num_rows == 0
    fields = ("date", "title", "kind", "dossier", "reference", "url", "senders", "problems", "source_path")
    documents = {
        d["document_id"]: tuple(str(d[f]) if f == "date" else d[f] for f in fields)
        for d in pq.read_table(data / "documents.parquet").to_pylist()
    }
    assert documents == {
        MOTIE: (
            "2021-07-06",
            "Motie van de leden Inge van Dijk en Grinwis over het definiëren van een grensspaarsaldo voor "
            "negatieve spaarrente",
            "Motie",
            "32545",
            "Kamerstuk 32 545, nr. 143",
            "https://zoek.officielebekendmakingen.nl/kst-32545-143.html",
            "I. (Inge) van Dijk; P.A. Grinwis",
            0,
            f"raw/{MOTIE}.xml",
        ),
        AANHANGSEL: (
            "2021-06-21",
            "Antwoord op vragen van de leden Van Weyenberg, Romke de Jong en Kat over de Tozo",
            "Kamervragen (Aanhangsel)",
            None,
            "Aanhangsel Handelingen II 2020/21, nr. 3235",
            "https://zoek.officielebekendmakingen.nl/ah-tk-20202021-3235.html",
            "W. Koolmees",
            0,
            f"raw/{AANHANGSEL}.xml",
        ),
    }


@pytest.mark.parametrize("document_id", [MOTIE, AANHANGSEL])
def test_a_maintainers_meta_json_still_wins_over_the_real_metadata(tmp_path, document_id):
    path = put_document(tmp_path / "raw", document_id)
    path.with_name(f"{document_id}.meta.json").write_text('{"kind": "Kamerbrief"}', encoding="utf-8")
    assert read(path).raw.metadata["kind"] == "Kamerbrief"


# ---- the CALS shapes of the real files ----


def tables_of(path: Path):
    from pipeline.extraction import xml_text
    from pipeline.fetching import xmlsafe

    return list(xml_text.tables_inside(xmlsafe.parse(path.read_bytes(), str(path))))


def head_and_body(table):
    """The texts of a real table's header rows and body rows, as the CALS reader lays them out."""
    from pipeline.extraction.forms import xml
    from pipeline.extraction.settings import DEFAULT

    (tgroup,) = (g for g in table if g.tag == "tgroup")
    width = xml.table_width(tgroup)
    head, body = xml.head_and_body(tgroup, xml.column_names(tgroup), width, DEFAULT)
    return [[e.text if e else "" for e in cells] for _, cells in head], [
        [e.text if e else "" for e in cells] for _, cells in body
    ]


def test_the_bgr_table_in_a_note_in_a_paragraph_is_found_with_its_bold_rows_as_header(tmp_path):
    from pipeline.extraction.forms import xml
    from pipeline.extraction.settings import DEFAULT

    (table,) = tables_of(put_wetsuite_file(tmp_path / "raw", "bgr.xml"))  # <al><noot><table>
    head, body = head_and_body(table)
    assert head == [
        ["Naam regeling/bevoegdheden", "Mandaatverlening", "Mandaatverlening", "Ondergemandateerde", "Kader"],
        ["", "Door", "Aan", "", ""],
    ]
    # the first row under them opens with a bold cell, but its last cell is not bold: a body row
    assert body[0] == ["I. Algemeen", "", "", "", "Gemeentewet, Wet gemeenschappelijke regelingen, Wet Open Overheid"]
    assert not xml.holds_figures(table, DEFAULT)  # "procuratie tot € 50.000" is words with a figure in them


def test_a_table_of_text_is_passed_over_silently_but_one_with_a_figure_is_reported(tmp_path):
    raw = tmp_path / "raw"
    letter = read(put_wetsuite_file(raw, "bgr.xml"))
    assert (letter.tables, letter.problems) == ((), ())
    # the same real table with one cell made a figure: no longer text, and it cannot be read as a
    # budget table (no unit, no column of amounts): reported with its line and why
    text = (raw / "bgr.xml").read_text(encoding="utf-8")
    figured = raw / "bgr-with-a-figure.xml"
    figured.write_text(text.replace("<al>Voorzitter</al>", "<al>1.200</al>", 1), encoding="utf-8")
    letter = read(figured)
    (problem,) = letter.problems
    assert letter.tables == () and problem.table_number == 1
    assert problem.line == 1 and problem.reason  # the file is one line
    # a figure with a currency or unit the figure reader does not take still makes it a table of figures
    guilders = raw / "bgr-with-guilders.xml"
    guilders.write_text(text.replace("<al>Voorzitter</al>", "<al>f 1 200</al>", 1), encoding="utf-8")
    (problem,) = read(guilders).problems
    assert problem.line == 1 and "'f 1 200' is a figure in a form this reader does not take" in problem.reason


def test_spans_are_placed_by_the_colspec_names_the_bwb_files_really_use(tmp_path):
    """bwb_toestand_2 names its colspecs col1, col02, col2 (columns 1, 2, 3) and col01, col1,
    col03, col3 (columns 1-4 of a tgroup of 5): names that differ by a zero are different
    columns, so a span is placed by the exact name and never by a name made alike."""
    first, _, third, _ = tables_of(put_wetsuite_file(tmp_path / "raw", "bwb_toestand_2.xml"))
    head, body = head_and_body(first)
    assert head[1][1] == head[1][2] != head[1][0]  # namest="col02" nameend="col2": columns 2 and 3
    assert head[1][1].startswith("Rijkssubsidie") and body[0] == ["f 3 000", "f 1 636", "f 1 780"]
    head, _ = head_and_body(third)
    assert len(head[1]) == 5 and head[1][1] == head[1][2] == head[1][3] != head[1][4]  # col1..col3: 2-4


def test_a_footnote_in_a_cell_is_no_part_of_its_text(tmp_path):
    first = tables_of(put_wetsuite_file(tmp_path / "raw", "bwb_toestand_5.xml"))[0]
    head, body = head_and_body(first)  # no thead: the row above the first figure ("-") heads it
    assert head == [["I. Algemene Gegevens"] * 3]  # not "I. Algemene Gegevens * de tussen haakjes …"
    assert body[0] == ["-", "(8.1)", "Gemeentecode"]
    # its dashes are a list's bullets, not nils: the table holds no figure and is passed over
    lines = range(first.sourceline, max(e.sourceline for e in first.iter()) + 1)
    problems = read(put_wetsuite_file(tmp_path / "again", "bwb_toestand_5.xml")).problems
    assert problems and not any(p.line in lines for p in problems)


REAL_FILES = ["bgr.xml", "bwb_toestand_2.xml", "bwb_toestand_5.xml", "stb.xml", "stcrt.xml", "gmb.xml", "prb.xml"]


@pytest.mark.parametrize("name", REAL_FILES)
def test_every_real_file_reads_or_names_the_line_and_reason_of_each_problem(tmp_path, name):
    letter = read(put_wetsuite_file(tmp_path / "raw", name))  # a BOM, CRLF, <?xpp?>, one line, <toestand>
    assert letter.tables == ()  # none holds a budget table
    for problem in letter.problems:
        assert problem.line and problem.reason and problem.table_number
    if name.startswith("bwb"):  # tables of guilders and of a file format's positions: figures, no budget
        assert letter.problems and all("amounts" in p.reason or "unit" in p.reason for p in letter.problems)
    else:
        assert letter.problems == ()


def test_the_real_files_publish_with_problems_only_for_their_tables_of_figures(tmp_path, publish):
    raw, dist = tmp_path / "raw", tmp_path / "dist"
    for name in REAL_FILES:
        put_wetsuite_file(raw, name)
    code, summary, err = publish(raw, dist)
    assert code == 4 and "Traceback" not in err, err  # published, with problems listed
    data = dist / "parquet" / "data"
    problems = pq.read_table(data / "problems.parquet").to_pylist()
    assert {p["document_id"] for p in problems} == {"bwb-toestand-2", "bwb-toestand-5"}
    assert all(p["line"] and p["reason"] and p["source_path"].startswith("raw/bwb_toestand_") for p in problems)
    documents = {d["document_id"]: d["problems"] for d in pq.read_table(data / "documents.parquet").to_pylist()}
    assert documents == {"bgr": 0, "bwb-toestand-2": 4, "bwb-toestand-5": 4, "stb": 0, "stcrt": 0, "gmb": 0, "prb": 0}


def test_an_xml_that_is_no_document_of_the_source_is_reported_not_read_as_an_empty_letter(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    path = Path(shutil.copyfile(SAMPLES / MOTIE / "metadata.xml", raw / "kst-32545-143-metadata.xml"))
    (problem,) = read(path).problems
    assert problem.line == 2 and "<metadata_gegevens>" in problem.reason and "<officiele-publicatie>" in problem.reason
