"""Letters are made in chunks of at most 250 letters and a worker's share of their bytes, so
that a few large PDFs are spread over the workers; how the letters are cut into chunks changes
no published byte."""

from __future__ import annotations

import shutil

from hypothesis import given
from hypothesis import strategies as st
from support import PROJECT, SAMPLE, tree_bytes

from pipeline import parts


@given(st.lists(st.integers(0, 3 * parts.CHUNK_BYTES), max_size=600), st.integers(1, 8))
def test_chunks_keep_the_order_and_stay_within_their_letters_and_bytes(sizes, workers):
    indexes = list(range(len(sizes)))
    chunks = parts._chunked(indexes, sizes, workers)
    share = -(-sum(sizes) // workers)
    most = min(parts.CHUNK_BYTES, max(parts.MIN_CHUNK_BYTES, share))
    assert [i for chunk in chunks for i in chunk] == indexes
    for n, chunk in enumerate(chunks):
        held = sum(sizes[i] for i in chunk)
        assert 0 < len(chunk) <= parts.CHUNK_LETTERS
        assert held <= most or len(chunk) == 1
        if n + 1 < len(chunks):  # a chunk closes only when the next letter would not fit
            following = sizes[chunks[n + 1][0]]
            assert len(chunk) == parts.CHUNK_LETTERS or held + following > most


def test_a_few_small_letters_make_one_chunk_and_a_few_large_ones_one_a_worker():
    assert parts._chunked([0, 1, 2], [5_000, 6_000, 7_000], workers=2) == [[0, 1, 2]]
    assert parts._chunked([0, 1, 2, 3], [3 << 20] * 4, workers=2) == [[0], [1], [2], [3]]
    assert len(parts._chunked(list(range(1000)), [5_000] * 1000, workers=2)) == 4  # 250 a chunk


def test_how_the_letters_are_chunked_changes_no_published_byte(tmp_path, publish, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / SAMPLE.name)
    for name in ("reportlab-letter.pdf", "reportlab-pages.pdf", "typeset-begroting.pdf", "sample-letter.pdf"):
        shutil.copy(PROJECT / "tests" / "fixtures" / "pdf" / name, raw / name)
    together, apart = tmp_path / "together", tmp_path / "apart"
    assert publish(raw, together).code in (0, 4)
    monkeypatch.setattr(parts, "CHUNK_BYTES", 1)  # every letter a chunk of its own
    monkeypatch.setattr(parts, "MIN_CHUNK_BYTES", 1)
    assert publish(raw, apart).code in (0, 4)
    assert tree_bytes(apart) == tree_bytes(together)
