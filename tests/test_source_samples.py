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
        "dossier": "32 545 Wet- en regelgeving financiële markten",
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
    }  # no dossier (it has none), no senders (its indieners asked the questions; the minister answers)


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
            "32 545 Wet- en regelgeving financiële markten",
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
            None,
            0,
            f"raw/{AANHANGSEL}.xml",
        ),
    }


@pytest.mark.parametrize("document_id", [MOTIE, AANHANGSEL])
def test_a_maintainers_meta_json_still_wins_over_the_real_metadata(tmp_path, document_id):
    path = put_document(tmp_path / "raw", document_id)
    path.with_name(f"{document_id}.meta.json").write_text('{"kind": "Kamerbrief"}', encoding="utf-8")
    assert read(path).raw.metadata["kind"] == "Kamerbrief"
