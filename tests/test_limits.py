"""One letter may not stall or sink a publication (pipeline.limits): a PDF that takes longer
than its time allows, needs more memory than a worker has, has more pages or more content a
page than a PDF may have, or takes its worker process down, is listed as a problem with the
limit it hit, the rest publishes, and the next run tries it again. The hostile PDFs are made
here."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from support import PROJECT, SAMPLE, children

from pipeline import cli, limits, parts

PIPELINE = str(Path(sys.executable).parent / "pipeline")  # the command, as installed beside this Python


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


def one_page_pdf(content: bytes = b"", deflated: bytes | None = None, xobject: bytes = b"") -> bytes:
    """A PDF of one page whose content stream is ``content`` (deflated here, or given
    ``deflated``), with an XObject /X1 of the dictionary and stream ``xobject`` to draw."""
    stream = zlib.compress(content, 9) if deflated is None else deflated
    return pdf_of(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> "
            + (b"/XObject << /X1 6 0 R >> " if xobject else b"")
            + b">> /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            *([xobject] if xobject else []),
        ]
    )


def deflated_run(byte: bytes, count: int, piece: int = 64 << 20) -> bytes:
    """``count`` bytes of ``byte`` deflated: gigabytes in a few megabytes."""
    deflate, block = zlib.compressobj(1), byte * piece
    out = [deflate.compress(block) for _ in range(count // piece)]
    return b"".join([*out, deflate.compress(byte * (count % piece)), deflate.flush()])


def stream_object(attributes: bytes, stream: bytes) -> bytes:
    return b"<< %s /Length %d /Filter /FlateDecode >>\nstream\n" % (attributes, len(stream)) + stream + b"\nendstream"


def empty_pages(count: int) -> bytes:
    """A PDF of ``count`` empty pages."""
    kids = b" ".join(b"%d 0 R" % (3 + n) for n in range(count))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
    return pdf_of(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count)]
        + [page] * count
    )


def glyph_bomb(glyphs: int) -> bytes:
    """A page that draws ``glyphs`` glyphs: a few kilobytes that take a reader minutes."""
    return one_page_pdf(b"BT /F1 1 Tf 10 10 Td " + b"(A) Tj " * glyphs + b"ET")


def ten_million_glyphs() -> bytes:
    """The issue's glyph bomb: ten million glyphs in a stream of 300 MB, deflated to well under 1 MB."""
    glyphs = b"1 0 0 1 72 720 Tm (A) Tj " * 10_000_000
    return one_page_pdf(deflated=zlib.compress(b"BT /F1 1 Tf " + glyphs + b"ET", 9))


def reported_beside_the_sample(tmp_path: Path, publish, name: str, pdf: bytes, message: str, **options) -> str:
    """Publish the PDF ``name`` beside the sample letter: within a minute, the PDF listed as
    a problem with ``message``, the sample published, the publication valid, no worker left
    behind. Returns what the run printed on stderr."""
    raw, dist = _raw(tmp_path, **{name: pdf}), tmp_path / "dist"
    started = time.monotonic()
    code, _, err = publish(raw, dist, **options)
    assert time.monotonic() - started < 60
    assert code == cli.EXIT_PUBLISHED_WITH_PROBLEMS, err
    assert f"{name}.pdf: {message}" in err
    _sample_published_beside_it(dist)
    return err


def _raw(tmp_path: Path, sample: bool = True, **pdfs: bytes) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    if sample:
        shutil.copy(SAMPLE, raw / SAMPLE.name)
    for name, data in pdfs.items():
        (raw / f"{name}.pdf").write_bytes(data)
    return raw


def _sample_published_beside_it(dist: Path) -> None:
    """The sample letter's 90 amounts published, the publication valid, and no worker process
    left behind."""
    amounts = _rows(dist, "amounts")
    assert len(amounts) == 90 and {a["document_id"] for a in amounts} == {SAMPLE.stem}
    assert cli.validate(dist, out=io.StringIO()) == 0
    assert _workers_left() == []


def _rows(dist: Path, resource: str) -> list[dict]:
    return pq.read_table(dist / "parquet" / "data" / f"{resource}.parquet").to_pylist()


def test_a_glyph_bomb_is_stopped_at_its_time_limit_and_the_rest_publishes(tmp_path, publish):
    message = "took longer than 3 s to read (the limit: 1 s a letter, 2 s more a PDF page)"
    # 400,000 glyphs: PDFium reads them in half a second, but placing each takes 9 s here
    reported_beside_the_sample(tmp_path, publish, "bomb", glyph_bomb(400_000), message, letter_seconds=1)
    (problem,) = _rows(tmp_path / "dist", "problems")
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
    # two million glyphs in 14 MB of content (under the content limit): PDFium needs more than
    # a gigabyte for their page, fails to get it in a worker of 768 MiB and ends that worker
    message = "the worker process reading it died (the system stopped it, most often for want of memory"
    err = reported_beside_the_sample(tmp_path, publish, "glyphs", glyph_bomb(2_000_000), message, worker_memory_mib=768)
    assert "limits     120 s a letter and 2 s more a PDF page (--letter-timeout), 768 MiB a worker" in err


def test_a_form_that_inflates_past_the_content_limit_is_refused_before_it_is_read(tmp_path, publish):
    # a form its page draws, of 2 GB of spaces deflated to a few megabytes: an inflate bomb
    # that the page's own content does not show; the forms a page draws are measured with it
    form = stream_object(b"/Type /XObject /Subtype /Form /BBox [0 0 595 842]", deflated_run(b" ", 2 << 30))
    bomb = one_page_pdf(b"/X1 Do", xobject=form)
    message = "page 1 of the PDF draws from more than 64 MiB of content once inflated"
    reported_beside_the_sample(tmp_path, publish, "inflated", bomb, message)


def test_a_page_whose_content_inflates_past_its_limit_is_refused_before_it_is_read(tmp_path, publish):
    bomb = ten_million_glyphs()
    assert len(bomb) < 1_000_000
    message = "page 1 of the PDF draws from more than 64 MiB of content once inflated"
    reported_beside_the_sample(tmp_path, publish, "bomb", bomb, message)


def test_a_pdf_of_more_pages_than_a_letter_may_have_is_refused_before_its_pages_are_read(tmp_path, publish):
    message = "the PDF has 10,000 pages, more than the 2,000 a letter may have"
    err = reported_beside_the_sample(tmp_path, publish, "pages", empty_pages(10_000), message)
    assert "--max-pages gives more" in err


def test_an_image_of_fifty_thousand_pixels_square_is_never_decoded(tmp_path, publish):
    # 2.5 billion pixels: a reader that decoded it would need 2.5 GB; the text beside it is read
    image = stream_object(
        b"/Type /XObject /Subtype /Image /Width 50000 /Height 50000 /ColorSpace /DeviceGray /BitsPerComponent 8",
        deflated_run(b"\0", 50_000 * 50_000),
    )
    text = b"q 595 0 0 842 0 0 cm /X1 Do Q BT /F1 12 Tf 72 720 Td (Een brief met een kaart.) Tj ET"
    raw, dist = _raw(tmp_path, kaart=one_page_pdf(text, xobject=image)), tmp_path / "dist"
    started = time.monotonic()
    code, _, err = publish(raw, dist)
    assert time.monotonic() - started < 60
    assert code == 0, err
    assert {d["document_id"] for d in _rows(dist, "documents")} == {"kaart", SAMPLE.stem}


def make_chunk_or_die(paths, *rest):
    """``parts.make_chunk``, but the worker dies (as the out-of-memory killer ends it) when
    its chunk holds a letter named boom."""
    if any(Path(path).stem == "boom" for path in paths):
        os.kill(os.getpid(), signal.SIGKILL)
    return parts.make_chunk(paths, *rest)


def test_a_worker_that_dies_is_replaced_and_only_the_letter_that_kills_it_is_left_out(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    names = ["a", "b", "boom", "c", "d", "e", "f"]
    for name in names:
        shutil.copy(SAMPLE, raw / f"{name}.txt")
    paths = [str(raw / f"{name}.txt") for name in names]
    chunks = [paths[0:2], paths[2:4], paths[4:6], paths[6:]]  # boom shares its chunk with c
    args = [(chunk, str(raw), [f"key-{Path(p).stem}" for p in chunk], str(tmp_path / "cache")) for chunk in chunks]
    made = [part for chunk, _ in parts._chunks_made(args, 2, make=make_chunk_or_die) for part, _ in chunk]
    assert [part.document_id for part in made] == names  # each once, in order
    died = {part.document_id for part in made if part.limited}
    assert died == {"boom"}
    (boom,) = [part for part in made if part.document_id == "boom"]
    assert "the worker process reading it died" in boom.columns["problems"]["reason"][0]
    assert all(part.columns["amounts"]["amount_eur"] for part in made if part.document_id != "boom")
    assert _workers_left() == []


def _workers_left(grace: float = 5.0) -> list[int]:
    """The processes this one started, and theirs, bar the fork server that starts workers."""
    deadline = time.monotonic() + grace
    while True:
        left = [pid for server in children(os.getpid()) for pid in children(server)]
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.2)


def test_the_glyph_bomb_beside_the_sample_publishes_the_sample_within_time_and_memory(tmp_path):
    # the case, as a user runs it: the CLI in its own process, timed, its peak memory
    # (and its workers') taken from the operating system once it has ended
    raw = _raw(tmp_path, bomb=ten_million_glyphs())
    dist = tmp_path / "dist"
    command = [PIPELINE, "publish", "--raw", str(raw), "--dist", str(dist)]
    command += ["--cache", str(tmp_path / "cache"), "--no-record"]
    # a Python of its own runs it, so that the peak is this run's alone (its children's, the
    # fork server's and the workers' included, once each has ended)
    timed = (
        "import resource, subprocess, sys, time; started = time.monotonic(); "
        "code = subprocess.run(sys.argv[1:]).returncode; "
        "print(time.monotonic() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
        "sys.exit(code)"
    )
    done = subprocess.run([sys.executable, "-c", timed, *command], cwd=PROJECT, capture_output=True, text=True)
    seconds, peak_kib = (float(figure) for figure in done.stderr.split()[-2:])
    assert done.returncode == cli.EXIT_PUBLISHED_WITH_PROBLEMS, done.stderr
    assert "bomb.pdf: page 1 of the PDF draws from more than 64 MiB" in done.stderr
    assert "amounts    90" in done.stdout
    assert seconds < 120 + 60  # the time limit and start-up
    assert peak_kib * 1024 < limits.LetterLimits().memory_bytes
    validated = subprocess.run([PIPELINE, "validate", str(dist)], cwd=PROJECT, capture_output=True, text=True)
    assert validated.returncode == 0, validated.stdout + validated.stderr


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
    message = "the PDF has no pages (its page tree is empty, or refers to itself)"
    reported_beside_the_sample(tmp_path, publish, "looped", looped, message)


def test_strict_refuses_a_publication_a_limit_stopped_a_letter_of(tmp_path, publish):
    raw, dist = _raw(tmp_path, pages=empty_pages(3)), tmp_path / "dist"
    code, _, err = publish(raw, dist, strict=True, max_pages=2)
    assert code == 1 and "the PDF has 3 pages, more than the 2 a letter may have" in err
    assert not dist.exists()
