"""What a new user puts in raw/ is read, or named with why not: suffixes in any case, UTF-16
text, old Mac line ends, a text that lost its line breaks, a Word file beside the letters,
and metadata with a typo or a date that is no date (issue 24)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from support import SAMPLE

from pipeline import cli
from pipeline.errors import ExtractionError
from pipeline.reading import read_letter

SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")
META = SAMPLE.with_name(SAMPLE.name.replace(".txt", ".meta.json"))
PDF = Path(__file__).resolve().parent / "fixtures" / "pdf" / "sample-letter.pdf"


def _rows(dist: Path, resource: str) -> list[dict]:
    return pq.read_table(dist / "parquet" / "data" / f"{resource}.parquet").to_pylist()


def test_suffixes_in_capitals_are_read_and_other_files_are_named_with_what_to_do(tmp_path, publish):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "Brief.TXT").write_text(SAMPLE_TEXT, encoding="utf-8")
    shutil.copy(PDF, raw / "Scan.PDF")
    (raw / "notitie.docx").write_bytes(b"PK\x03\x04 not really a Word file")
    (raw / "begroting.xlsx").write_bytes(b"PK\x03\x04")
    (raw / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")  # hidden: the system's, not the user's
    (raw / "fetch-state.json").write_text("{}", encoding="utf-8")  # pipeline fetch's own
    dist = tmp_path / "dist"
    code, _, err = publish(raw, dist)
    amounts = _rows(dist, "amounts")
    assert {a["document_id"] for a in amounts} == {"brief", "scan"}
    assert len([a for a in amounts if a["document_id"] == "brief"]) == 90
    assert f"not read: {raw / 'notitie.docx'}: a word-processor document: save it as PDF" in err
    assert f"not read: {raw / 'begroting.xlsx'}: a spreadsheet" in err
    assert ".DS_Store" not in err and "fetch-state.json" not in err
    assert code == 0


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_text_with_its_byte_order_mark_reads_as_the_same_letter(tmp_path, encoding):
    path = tmp_path / "brief.txt"
    data = SAMPLE_TEXT.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path.write_bytes(data)
    assert read_letter(path, tmp_path).lines == read_letter(SAMPLE, SAMPLE.parent).lines


def test_utf16_without_its_mark_is_named_as_such(tmp_path):
    path = tmp_path / "brief.txt"
    path.write_bytes(SAMPLE_TEXT.encode("utf-16-le"))
    with pytest.raises(ExtractionError, match="looks like UTF-16 without a byte-order mark"):
        read_letter(path, tmp_path)


def test_old_mac_line_ends_read_as_lines(tmp_path):
    path = tmp_path / "brief.txt"
    path.write_text(SAMPLE_TEXT.replace("\n", "\r"), encoding="utf-8", newline="")
    assert read_letter(path, tmp_path).lines == read_letter(SAMPLE, SAMPLE.parent).lines


def test_a_text_without_line_breaks_is_named_not_read_as_nothing(tmp_path, publish):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "een-regel.txt").write_text(SAMPLE_TEXT.replace("\n", " ") * 3, encoding="utf-8")
    code, _, err = publish(raw, tmp_path / "dist")
    assert code == cli.EXIT_PUBLISHED_WITH_PROBLEMS
    assert f"{raw / 'een-regel.txt'}:1: the line is" in err and "has lost its line breaks" in err


def test_a_metadata_typo_is_a_problem_that_names_the_field_it_resembles(tmp_path, publish):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / SAMPLE.name)
    meta = json.loads(META.read_text(encoding="utf-8"))
    meta["titel"] = meta.pop("title")
    meta["date"] = "27-02-2015"
    text = json.dumps(meta, indent=2)
    (raw / META.name).write_text(text, encoding="utf-8")
    line = {key: n for n, row in enumerate(text.splitlines(), 1) for key in ("titel", "date") if f'"{key}"' in row}
    dist = tmp_path / "dist"
    code, _, err = publish(raw, dist)
    assert code == cli.EXIT_PUBLISHED_WITH_PROBLEMS
    shown = raw / META.name
    assert f"{shown}:{line['titel']}: unknown metadata field 'titel'; did you mean 'title'?" in err
    assert f"{shown}:{line['date']}: metadata field 'date' is '27-02-2015', not a date written YYYY-MM-DD" in err
    (document,) = _rows(dist, "documents")
    assert document["problems"] == 2 and document["title"] is None
    assert document["kind"] == "Kamerbrief"  # the rest of the metadata is kept
    assert str(document["date"]) == "2015-02-27"  # from the letter's own "Den Haag, …" line
    problems = _rows(dist, "problems")
    assert {p["source_path"] for p in problems} == {f"raw/{META.name}"}


@pytest.mark.parametrize(
    "written, published",
    [("29754", "29754"), ("29 754", "29754"), ("36200-vii", "36200-VII"), ("29 754 Terrorismebestrijding", None)],
)
def test_a_dossier_is_published_in_the_one_format_the_source_writes_it(tmp_path, written, published):
    from pipeline.reading import read_metadata

    path = tmp_path / "brief.meta.json"
    path.write_text(json.dumps({"dossier": written, "dossier_title": "Terrorismebestrijding"}), encoding="utf-8")
    meta, _, wrong = read_metadata(path, str(path))
    assert meta.get("dossier") == published and meta["dossier_title"] == "Terrorismebestrijding"
    assert bool(wrong) == (published is None)
    if wrong:
        assert "not a dossier number as the source writes it" in wrong[0].reason
