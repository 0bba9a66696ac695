"""An attachment (a Bijlage: only a PDF and metadata at the source) names the document it
belongs to; that link is published (documents.main_document), both letters' pages link to
each other, the index shows it, and the card counts the attachment with its letter."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq

from pipeline import packaging

SOURCE = Path(__file__).resolve().parent / "fixtures" / "officielebekendmakingen"
MAIN, ATTACHMENT = "kst-29754-303", "blg-29754-999"


def _raw(tmp_path: Path, *names: str) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in names:
        for suffix in (".xml", ".metadata.xml"):
            if name == ATTACHMENT and suffix == ".xml":
                continue  # an attachment's XML holds no text: the PDF is the letter
            shutil.copy(SOURCE / f"{name}{suffix}", raw / f"{name}{suffix}")
    if ATTACHMENT in names:
        shutil.copy(SOURCE / f"{ATTACHMENT}.pdf", raw / f"{ATTACHMENT}.pdf")
    return raw


def test_an_attachment_is_published_linked_to_its_letter(tmp_path, publish):
    raw, dist = _raw(tmp_path, MAIN, ATTACHMENT), tmp_path / "dist"
    publish(raw, dist)
    documents = {d["document_id"]: d for d in pq.read_table(dist / "parquet/data/documents.parquet").to_pylist()}
    assert documents[ATTACHMENT]["main_document"] == MAIN
    assert documents[MAIN]["main_document"] is None
    attachment_page = (dist / "letters" / f"{ATTACHMENT}.md").read_text(encoding="utf-8")
    assert f"| attachment of | [`{MAIN}`]({MAIN}.md) |" in attachment_page
    main_page = (dist / "letters" / f"{MAIN}.md").read_text(encoding="utf-8")
    assert f"| attachments | [`{ATTACHMENT}`]({ATTACHMENT}.md) |" in main_page
    index = (dist / "letters" / "README.md").read_text(encoding="utf-8")
    assert f"(attachment of [`{MAIN}`]({MAIN}.md))" in index
    assert "Attachments (Bijlagen) of letters in the corpus count in their letter's year: 1 here." in (
        dist / "README.md"
    ).read_text(encoding="utf-8")
    assert packaging.check_sums(dist) == []  # the rewritten pages are summed as published


def test_an_attachment_without_its_letter_names_it_without_a_link_that_leads_nowhere(tmp_path, publish):
    raw, dist = _raw(tmp_path, ATTACHMENT), tmp_path / "dist"
    publish(raw, dist)
    page = (dist / "letters" / f"{ATTACHMENT}.md").read_text(encoding="utf-8")
    assert f"| attachment of | `{MAIN}` |" in page
    assert f"]({MAIN}.md)" not in (dist / "letters" / "README.md").read_text(encoding="utf-8")
    assert "Attachments (Bijlagen)" not in (dist / "README.md").read_text(encoding="utf-8")


def test_the_cross_linked_pages_are_the_same_bytes_cold_or_warm(tmp_path, publish):
    raw, cache = _raw(tmp_path, MAIN, ATTACHMENT), tmp_path / "cache"
    publish(raw, tmp_path / "cold", cache=cache)
    publish(raw, tmp_path / "warm", cache=cache)  # every part from the cache
    for name in (f"letters/{MAIN}.md", f"letters/{ATTACHMENT}.md", "SHA256SUMS"):
        assert (tmp_path / "cold" / name).read_bytes() == (tmp_path / "warm" / name).read_bytes()
