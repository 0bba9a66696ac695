"""The published zips, and the pieces their large members are deflated in.

Pure functions, no Dagster. A CSV is written in *pieces* that start where a letter starts,
at letters chosen by their id alone (``piece_starts``), so that a letter added, changed or
removed changes the piece it is in and no other. Each piece is deflated on its own and kept
by the SHA-256 of its bytes (``DeflatedPieces``): the next publication deflates only the
pieces that changed, and takes the rest from the cache. A member's deflate stream is its
pieces' streams one after the other (each ends on a byte boundary, with no reference to an
earlier one) and an empty final block, which is any unzip's ordinary deflate. The zip around
them is written by ``stream_zip``; nothing in it depends on the clock, so the same files give
the same bytes, cold, warm or piece by piece, wherever zlib is the same version (which is
part of a kept piece's key).
"""

from __future__ import annotations

import datetime
import hashlib
import os
import stat
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from itertools import zip_longest
from pathlib import Path
from typing import cast

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.files import write_atomically

# One letter in this many starts a piece: about 64 letters a piece (half a megabyte of the
# amounts CSV), so that one letter's change costs one piece's deflate. Changing it changes
# every zip's bytes, not their contents.
LETTERS_PER_PIECE = 64
# A piece is read whole to be deflated: none holds more rows than this (11 MB of amounts).
MAX_PIECE_ROWS = 100_000
DEFLATE_LEVEL = 1  # CSV is repetitive: level 1 packs nearly as tight as 6, three times faster
FINAL_BLOCK = b"\x03\x00"  # an empty final block (fixed Huffman): ends a deflate stream
ZIP_TIME = datetime.datetime(1980, 1, 1)  # the earliest a zip can say: no wall clock in the bytes
FILE_MODE = stat.S_IFREG | 0o644
ZIP32_LIMIT = 0xFFFFFFFF  # the largest size or offset a zip without Zip64 can give
READ_BLOCK = 1 << 20  # a file that is not in pieces is read (and deflated) a mebibyte at a time
# The version of zlib and the level decide a piece's deflated bytes: part of its key.
_KEY_PREFIX = f"raw deflate, level {DEFLATE_LEVEL}, zlib {zlib.ZLIB_RUNTIME_VERSION}\n".encode()


def starts_piece(document_id: str) -> bool:
    """Whether a letter starts a piece: decided by its id alone, one letter in
    ``LETTERS_PER_PIECE``, so that the other letters' pieces stay as they were."""
    return hashlib.sha256(document_id.encode()).digest()[0] % LETTERS_PER_PIECE == 0


def piece_starts(table: pa.Table) -> list[int]:
    """The rows after the first where a piece starts: the first row of a letter that
    ``starts_piece``, or of any letter once the piece holds ``MAX_PIECE_ROWS`` rows; and
    within a letter longer than that, every ``MAX_PIECE_ROWS`` rows from its first. A table
    without letters is cut every ``MAX_PIECE_ROWS`` rows."""
    rows = table.num_rows
    if "document_id" not in table.column_names:
        return list(range(MAX_PIECE_ROWS, rows, MAX_PIECE_ROWS))
    if rows < 2:
        return []
    ids = table.column("document_id").combine_chunks()
    changes = pc.not_equal(ids.slice(1), ids.slice(0, len(ids) - 1))
    firsts = pc.add(pc.indices_nonzero(pc.fill_null(changes, True)), 1)
    letters = [0, *firsts.to_pylist()]
    names = ["", *ids.take(firsts).to_pylist()]
    starts: list[int] = []
    piece = 0  # the first row of the piece being filled
    for first, end, document_id in zip(letters, [*letters[1:], rows], names):
        if first and (starts_piece(document_id or "") or first - piece >= MAX_PIECE_ROWS):
            starts.append(first)
            piece = first
        for cut in range(first + MAX_PIECE_ROWS, end, MAX_PIECE_ROWS):
            starts.append(cut)
            piece = cut
    return starts


class DeflatedPieces:
    """Each piece deflated on its own, kept in ``folder`` (None: kept nowhere) under the
    SHA-256 of the piece. ``prune`` then drops every piece this publication did not use."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.reused = 0
        self.deflated_now = 0

    def deflate(self, piece: bytes) -> bytes:
        """``piece`` as raw deflate blocks that end on a byte boundary, none of them final."""
        key = hashlib.sha256(_KEY_PREFIX + piece).hexdigest()
        self.used.add(key)
        kept = self._kept(key)
        if kept is not None:
            self.reused += 1
            return kept
        compressor = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
        deflated = compressor.compress(piece) + compressor.flush(zlib.Z_SYNC_FLUSH)
        self.deflated_now += 1
        if self.folder is not None:
            # Its CRC-32 first: a file cut short or left empty by a crash is not taken.
            entry = zlib.crc32(deflated).to_bytes(4, "big") + deflated
            write_atomically(self.folder / key, entry, durable=False)
        return deflated

    def _kept(self, key: str) -> bytes | None:
        if self.folder is None:
            return None
        try:
            entry = (self.folder / key).read_bytes()
        except OSError:
            return None
        deflated = entry[4:]
        return deflated if len(entry) >= 4 and zlib.crc32(deflated) == int.from_bytes(entry[:4], "big") else None

    def prune(self) -> None:
        if self.folder is None or not self.folder.is_dir():
            return
        for name in os.listdir(self.folder):
            if name not in self.used:
                (self.folder / name).unlink(missing_ok=True)


class _MemberDeflate:
    """What ``stream_zip`` asks of a compressor, for one member: each chunk it is given
    is a piece, deflated (or taken from the cache) on its own."""

    def __init__(self, pieces: DeflatedPieces) -> None:
        self.pieces = pieces

    def compress(self, piece: bytes) -> bytes:
        return self.pieces.deflate(piece) if piece else b""

    def flush(self) -> bytes:
        return FINAL_BLOCK


def _read_pieces(path: Path, lengths: list[int] | None) -> Iterator[bytes]:
    """The file's bytes, piece by piece (``lengths``), or a mebibyte at a time."""
    with open(path, "rb") as source:
        if lengths is not None:
            for length in lengths:
                yield source.read(length)
            rest = source.read()  # a file longer than its pieces (never, but never lost)
            if rest:
                yield rest
        else:
            yield from iter(lambda: source.read(READ_BLOCK), b"")


def _crc32(path: Path) -> int:
    crc = 0
    for block in _read_pieces(path, None):
        crc = zlib.crc32(block, crc)
    return crc


def write_zip(
    target: Path,
    folder: Path,
    names: Iterable[str],
    compress: bool,
    pieces: dict[str, list[int]] | None = None,
    deflated: DeflatedPieces | None = None,
) -> None:
    """A zip of the files ``names`` under ``folder`` (as ``<folder name>/<name>``, in that
    order). With ``compress``, each is deflated piece by piece: ``pieces`` gives the byte
    lengths of a file's pieces (a file not in it is cut every mebibyte), ``deflated`` keeps
    them. Without, they are stored as they are."""
    from stream_zip import NO_COMPRESSION_32, NO_COMPRESSION_64, ZIP_32, ZIP_64, stream_zip

    names = list(names)
    pieces = pieces or {}
    deflated = deflated or DeflatedPieces(None)
    sizes = {name: (folder / name).stat().st_size for name in names}
    # Zip64 only where the plain format could overflow: a deflate (or a piece's sync
    # marker) can be a little longer than its input, so leave room.
    large = sum(sizes.values()) * 1.01 + (1 << 20) * (len(names) + 1) >= ZIP32_LIMIT

    def members():
        for name in names:
            path = folder / name
            if compress:
                method = ZIP_64 if large else ZIP_32
            else:
                stored = NO_COMPRESSION_64 if large else NO_COMPRESSION_32
                method = stored(sizes[name], _crc32(path))
            yield f"{folder.name}/{name}", ZIP_TIME, FILE_MODE, method, _read_pieces(path, pieces.get(name))

    with open(target, "wb") as out:
        # stream_zip asks a compressor for compress() and flush() only: ours is zlib's duck.
        def compressor() -> zlib._Compress:
            return cast("zlib._Compress", _MemberDeflate(deflated))

        # Written a mebibyte at a time: each write lets another thread take the interpreter,
        # and getting it back can take a switch interval (5 ms) when the others are busy.
        blocks = stream_zip(members(), chunk_size=READ_BLOCK, get_compressobj=compressor, extended_timestamps=False)
        for block in blocks:
            out.write(block)


def zip_differences(target: Path, folder: Path, names: Iterable[str]) -> list[str]:
    """What a zip written by ``write_zip`` does not hold as ``folder`` holds it: each of
    ``names`` missing, different (read back through zlib, every member's CRC-32 checked) or
    extra, or why the zip cannot be read at all."""
    prefix = f"{folder.name}/"
    try:
        with zipfile.ZipFile(target) as archive:
            held = {info.filename: info for info in archive.infolist()}
            wanted = [prefix + name for name in names]
            differences = [name for name in sorted(held) if name not in wanted]
            for name in wanted:
                if name not in held:
                    differences.append(f"{name} (missing)")
                    continue
                # Compared block by block; a CRC-32 that does not match raises as it is read.
                with archive.open(held[name]) as member, open(folder / name[len(prefix) :], "rb") as source:
                    held_blocks = iter(lambda: member.read(READ_BLOCK), b"")
                    file_blocks = iter(lambda: source.read(READ_BLOCK), b"")
                    if any(a != b for a, b in zip_longest(held_blocks, file_blocks)):
                        differences.append(f"{name} (differs)")
            return differences
    except (OSError, zipfile.BadZipFile, zlib.error) as error:
        return [f"{target.name}: {error}"]
