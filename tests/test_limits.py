"""One letter may not stall or sink a publication (pipeline.limits): a PDF that takes longer
than its time allows, or needs more memory than a worker has, is listed as a problem with
the limit it hit, the rest publishes, and the next run tries it again. The hostile PDFs are
made here."""

from __future__ import annotations

import shutil
import time
import zlib
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from support import SAMPLE

from pipeline import cli, limits


def pdf_of(objects: list[bytes]) -> bytes:
    """A PDF of these objects (1 is the catalog), with its xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def one_page_pdf(content: bytes = b"", deflated: bytes | None = None) -> bytes:
    """A PDF of one page whose content stream is ``content`` (deflated here, or given
    ``deflated``)."""
    stream = zlib.compress(content, 9) if deflated is None else deflated
    return pdf_of(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
            b"/Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def glyph_bomb(glyphs: int) -> bytes:
    """A page that draws ``glyphs`` glyphs: a few kilobytes that take a reader minutes."""
    return one_page_pdf(b"BT /F1 1 Tf 10 10 Td " + b"(A) Tj " * glyphs + b"ET")


def _raw(tmp_path: Path, sample: bool = True, **pdfs: bytes) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    if sample:
        shutil.copy(SAMPLE, raw / SAMPLE.name)
    for name, data in pdfs.items():
        (raw / f"{name}.pdf").write_bytes(data)
    return raw


def _rows(dist: Path, resource: str) -> list[dict]:
    return pq.read_table(dist / "parquet" / "data" / f"{resource}.parquet").to_pylist()


def test_a_glyph_bomb_is_stopped_at_its_time_limit_and_the_rest_publishes(tmp_path, publish):
    raw, dist = _raw(tmp_path, bomb=glyph_bomb(2_000_000)), tmp_path / "dist"
    started = time.monotonic()
    code, _, err = publish(raw, dist, letter_seconds=1)
    assert time.monotonic() - started < 60  # the bomb alone takes minutes
    assert code == cli.EXIT_PUBLISHED_WITH_PROBLEMS, err
    assert "bomb.pdf: took longer than 3 s to read (the limit: 1 s a letter, 2 s more a PDF page)" in err
    amounts = _rows(dist, "amounts")
    assert len(amounts) == 90 and {a["document_id"] for a in amounts} == {SAMPLE.stem}
    (problem,) = _rows(dist, "problems")
    assert problem["document_id"] == "bomb" and "--letter-timeout gives more" in problem["reason"]


def test_a_letter_a_limit_stopped_is_tried_again_by_the_next_run(tmp_path, publish):
    raw, dist = _raw(tmp_path, sample=False, bomb=glyph_bomb(20_000)), tmp_path / "dist"
    cache = tmp_path / "cache"
    publish(raw, dist, cache=cache, letter_seconds=0.001)  # far too little: stopped
    assert [p["document_id"] for p in _rows(dist, "problems")] == ["bomb"]
    code, _, err = publish(raw, dist, cache=cache)  # the default limit: read this time
    assert code == 0 and _rows(dist, "problems") == [], err


def test_a_time_limit_stops_a_block_and_grants_a_pdfs_pages_more():
    with pytest.raises(limits.LimitExceeded, match="took longer than 0.2 s"):
        with limits.time_limit(0.2):
            time.sleep(2)
    started = time.monotonic()
    with pytest.raises(limits.LimitExceeded, match="took longer than 0.5 s"):
        with limits.time_limit(0.1, seconds_per_page=0.2):
            limits.allow_pages(2)
            time.sleep(3)
    assert 0.4 < time.monotonic() - started < 2
    with limits.time_limit(1):
        pass  # nothing left running after it
    time.sleep(1.2)


def test_a_pdf_that_needs_more_memory_than_a_worker_has_is_stopped_alone(tmp_path, publish):
    # a content stream of 2 GB of spaces, deflated to a few megabytes: an inflate bomb
    deflate = zlib.compressobj(9)
    stream = b"".join(deflate.compress(b" " * (64 << 20)) for _ in range(32)) + deflate.flush()
    raw, dist = _raw(tmp_path, inflated=one_page_pdf(deflated=stream)), tmp_path / "dist"
    code, _, err = publish(raw, dist, worker_memory_mib=768)
    assert code == cli.EXIT_PUBLISHED_WITH_PROBLEMS
    assert "inflated.pdf: needed more than the 768 MiB a worker may use to read it" in err
    assert len(_rows(dist, "amounts")) == 90


def test_a_letter_that_takes_long_is_named_with_its_page_while_it_is_read(monkeypatch, capsys):
    monkeypatch.setattr(limits, "PROGRESS_AFTER", 0.5)
    with limits.reading("raw/rapport.pdf"):
        limits.on_page(3, 140)
        time.sleep(1.6)
    time.sleep(1.2)  # nothing more once it is read
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("reading raw/rapport.pdf: page 3 of 140, ")


def test_a_page_tree_that_refers_to_itself_is_named_as_such_at_once(tmp_path, publish):
    looped = pdf_of([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])
    raw, dist = _raw(tmp_path, looped=looped), tmp_path / "dist"
    started = time.monotonic()
    code, _, err = publish(raw, dist)
    assert time.monotonic() - started < 60
    assert code == cli.EXIT_PUBLISHED_WITH_PROBLEMS
    assert "looped.pdf: the PDF has no pages (its page tree is empty, or refers to itself)" in err
    assert len(_rows(dist, "amounts")) == 90
