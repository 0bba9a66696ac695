"""Per-letter parts: each letter read, extracted, tidied and validated once, then cached
under a hash of its content, so that a refresh only works on what changed.

Pure functions, no Dagster. A part's key is the SHA-256 of the code that makes parts,
the letter's place in ``raw/``, its bytes and its metadata's bytes: change any of them and
the letter is made again; change none and the cached part is used as it is. Letters
that need making are made in chunks on a process pool over all cores, and each chunk's
rows are validated by Frictionless as they are made. ``assemble`` concatenates the parts
in document order into the four resources, the same rows a full rebuild gives.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from pipeline import reading, schema
from pipeline.errors import PipelineError
from pipeline.extraction import extract_letter
from pipeline.tidy import Columns, letter_columns, to_tables

# The modules whose code decides what a part holds.
PART_MODULES = ("reading", "dutch", "extraction", "consistency", "tidy", "schema", "parts")
CHUNK_LETTERS = 250


class PartInvalid(PipelineError):
    """A letter's rows do not pass Frictionless validation (a bug in the pipeline, not the letter)."""


@dataclass(frozen=True)
class LetterPart:
    """One letter's rows in the four resources, and what reading it had to say."""

    document_id: str
    key: str
    columns: Columns  # plain lists: quick to pickle, load and merge
    warnings: tuple[str, ...]

    @property
    def cells(self) -> int:
        return len(self.columns["amounts"]["document_id"])

    @property
    def table_count(self) -> int:
        return len(self.columns["tables"]["document_id"])


@functools.cache
def code_version() -> str:
    digest = hashlib.sha256()
    for module in PART_MODULES:
        digest.update((Path(__file__).parent / f"{module}.py").read_bytes())
    return digest.hexdigest()


def letter_key(path: Path, raw_dir: Path) -> str:
    digest = hashlib.sha256(code_version().encode())
    digest.update(path.relative_to(raw_dir).as_posix().encode() + b"\0")
    digest.update(path.read_bytes())
    meta = reading.metadata_path(path)
    digest.update(b"\0meta\0" + (meta.read_bytes() if meta.exists() else b""))
    return digest.hexdigest()


class PartCache:
    """Parts on disk, one file each, named by key; written atomically."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> LetterPart | None:
        try:
            with open(self._path(key), "rb") as f:
                part = pickle.load(f)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError):
            return None
        return part if isinstance(part, LetterPart) and part.key == key else None

    def put(self, part: LetterPart) -> None:
        path = self._path(part.key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(part, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)


def assemble(parts: Iterable[LetterPart]) -> dict[str, pa.Table]:
    """The four resources from parts, in document order."""
    return to_tables(p.columns for p in sorted(parts, key=lambda p: p.document_id))


def make_chunk(paths: list[str], raw_dir: str, keys: list[str], validate: bool = True) -> list[LetterPart]:
    """Make the parts of some letters (in a worker process); validate their rows together."""
    from pipeline import packaging  # frictionless is heavy: import where it is used

    raw = Path(raw_dir)
    parts = []
    for path, key in zip(paths, keys):
        letter = extract_letter(reading.read_letter(Path(path), raw))
        parts.append(LetterPart(letter.raw.document_id, key, letter_columns(letter), letter.raw.warnings))
    if validate and parts:
        with tempfile.TemporaryDirectory(prefix="pipeline-parts-") as tmp:
            issues = packaging.validate_rows(assemble(parts), Path(tmp))
        if issues:
            raise PartInvalid("; ".join(str(i) for i in issues[:5]))
    return parts


@dataclass(frozen=True)
class PartsReport:
    parts: list[LetterPart]
    reused: int
    made: int


def build_parts(raw_dir: Path, cache: PartCache, workers: int | None = None) -> PartsReport:
    """Every letter's part: from the cache when its key is known, else made and cached."""
    paths = reading.letter_paths(raw_dir)
    reading.check_unique_ids(paths)
    keys = [letter_key(p, raw_dir) for p in paths]
    parts: dict[int, LetterPart] = {}
    missing = []
    for index, key in enumerate(keys):
        part = cache.get(key)
        if part is None:
            missing.append(index)
        else:
            parts[index] = part
    chunks = [missing[i : i + CHUNK_LETTERS] for i in range(0, len(missing), CHUNK_LETTERS)]
    workers = min(workers or os.cpu_count() or 1, len(chunks))
    args = [([str(paths[i]) for i in chunk], str(raw_dir), [keys[i] for i in chunk]) for chunk in chunks]
    if workers <= 1:
        made = [make_chunk(*a) for a in args]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(make_chunk, *a) for a in args]
            made = [f.result() for f in futures]  # in document order: the first error is the first letter's
    for chunk, chunk_parts in zip(chunks, made):
        for index, part in zip(chunk, chunk_parts):
            cache.put(part)
            parts[index] = part
    return PartsReport([parts[i] for i in range(len(paths))], reused=len(paths) - len(missing),
                       made=len(missing))


def inputs_digest(parts: Iterable[LetterPart]) -> str:
    """One digest of everything a publication is made from."""
    digest = hashlib.sha256(code_version().encode())
    for part in sorted(parts, key=lambda p: p.document_id):
        digest.update(part.key.encode())
    return digest.hexdigest()
