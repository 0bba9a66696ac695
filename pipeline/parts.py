"""Per-letter parts: each letter read, extracted, tidied and validated once, then cached
under a hash of its content, so that a refresh only works on what changed.

Pure functions, no Dagster. A part's key is the SHA-256 of the code that makes parts
(the pipeline's modules, and the versions of Python and of the libraries that shape a part's
rows and chart), the letter's place in ``raw/``, its bytes and its metadata's bytes: change
any of them and the letter is made again; change none and its rows are used as they are. Letters that
need making are made in chunks on a process pool over all cores, and each chunk's rows
are validated by Frictionless as they are made. ``build_corpus`` keeps the last assembly
of the five resources: a refresh drops the rows of changed and removed letters from it
and adds those of new and changed ones, in document order, the same rows a full rebuild
gives.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import hashlib
import json
import logging
import multiprocessing
import os
import pickle
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pyarrow as pa
import pyarrow.compute as pc

from pipeline import freshness, limits, pages, reading, schema
from pipeline.cache import CacheFolder
from pipeline.errors import ExtractionError
from pipeline.extraction import extract_letter
from pipeline.files import write_atomically
from pipeline.tidy import Columns, letter_columns, to_tables, unreadable_columns, withheld_columns
from pipeline.versioning import joined_in_document_order, merged_in_document_order

CHUNK_LETTERS = 250  # letters a worker makes at a time, at the most
# and bytes of them: a chunk holds its share of the letters' bytes, so that a few PDFs of
# megabytes each are spread over the workers instead of all read by one; but no less than
# MIN_CHUNK_BYTES (a few small letters are made in this process: starting workers costs more)
# and no more than CHUNK_BYTES (250 text letters are about 1.5 MB)
CHUNK_BYTES = 4 * 1024 * 1024
MIN_CHUNK_BYTES = 1024 * 1024


log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LetterPart:
    """One letter's rows in the five resources, and what reading it had to say."""

    document_id: str
    key: str
    columns: Columns  # plain lists: quick to pickle, load and merge
    warnings: tuple[str, ...]
    # what it publishes beside the packages, by kind (pages.PUBLISHED): chart, page, sheet
    files: dict[str, bytes] = field(default_factory=dict)
    # stopped by a limit (pipeline.limits): not cached, and made again by the next run
    limited: bool = False


def letter_key(path: str, name: str) -> str:
    """The key of the letter at ``path`` (``name``: its path under raw/, POSIX): a digest of
    the code, its name, its bytes and its sidecars' bytes."""
    digest = hashlib.sha256(freshness.code_version().encode())
    digest.update(name.encode() + b"\0")
    with open(path, "rb") as letter:
        digest.update(letter.read())
    for sidecar in reading.sidecar_paths(path):
        try:
            with open(sidecar, "rb") as meta:
                digest.update(b"\0meta\0" + meta.read())
        except FileNotFoundError:
            digest.update(b"\0meta\0")
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
        write_atomically(self._path(part.key), pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL), durable=False)


def assemble(parts: Iterable[LetterPart]) -> dict[str, pa.Table]:
    """The four resources from parts, in document order."""
    return to_tables(p.columns for p in sorted(parts, key=lambda p: p.document_id))


class Stopwatch:
    """Seconds spent per named stage, added up over calls (``with watch("extract"): …``)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextlib.contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - started

    def add(self, seconds: dict[str, float]) -> None:
        for stage, spent in seconds.items():
            self.seconds[stage] = self.seconds.get(stage, 0.0) + spent


def make_chunk(
    paths: list[str], raw_dir: str, keys: list[str], cache_root: str, letter_limits: limits.LetterLimits | None = None
) -> tuple[list[tuple[LetterPart, dict[str, str]]], dict[str, float]]:
    """Make, validate and cache the parts of some letters (in a worker process).

    The rows of the chunk are validated together; then each part and its letter files
    (chart, page, sheet: ``pipeline.pages``) are written to the cache from here, in
    parallel, and the parts come back without the files' bytes but with their SHA-256 by
    kind ("" when the letter has none of a kind), with the seconds each stage took.
    """
    watch = Stopwatch()
    with watch("import"):
        from pipeline import packaging  # frictionless is heavy: import where it is used

    raw = Path(raw_dir)
    workspace = Workspace(Path(cache_root))
    parts = []
    bounds = letter_limits or limits.LetterLimits()
    for path, key in zip(paths, keys):
        try:
            with watch("read and extract"), limits.within(bounds, path):
                letter = extract_letter(reading.read_letter(Path(path), raw))
        except ExtractionError as error:  # listed, with the reason
            with watch("charts and pages"):
                parts.append(unread_part(path, raw, key, error.line, error.reason))
            continue
        except (limits.LimitExceeded, MemoryError) as error:  # listed with the limit, tried again next run
            reason = limits.over_memory(bounds) if isinstance(error, MemoryError) else str(error)
            with watch("charts and pages"):
                parts.append(unread_part(path, raw, key, None, reason, limited=True))
            continue
        with watch("tidy"):
            columns = letter_columns(letter)
        with watch("charts and pages"):
            title = letter.raw.metadata.get("title") or letter.raw.document_id
            files = pages.letter_files(title, columns)
        parts.append(LetterPart(letter.raw.document_id, key, columns, letter.raw.warnings, files))
    if parts:
        with watch("validate rows"), tempfile.TemporaryDirectory(prefix="pipeline-parts-") as tmp:
            issues = packaging.validate_rows(assemble(parts), Path(tmp))
            if issues:  # find the letters whose own rows fail: each is a problem, the others publish
                validate = packaging.validate_rows
                parts = [_valid_alone(part, Path(tmp) / str(n), validate) for n, part in enumerate(parts)]
    made = []
    with watch("cache"):
        for part in parts:
            if not part.limited:  # a letter a limit stopped is tried again by the next run
                workspace.parts.put(part)
            digests = workspace.put_files(part)
            made.append((dataclasses.replace(part, files={}), digests))
    return made, watch.seconds


def unread_part(path: str, raw: Path, key: str, line: int | None, reason: str, limited: bool = False) -> LetterPart:
    """The part of a letter that cannot be read: its metadata, and ``reason`` as its problem
    (at ``line``); ``limited`` when a limit stopped it, so that it is not cached."""
    document_id, source_path, sha256, lines = reading.raw_file_facts(Path(path), raw)
    metadata = reading.letter_metadata(Path(path))[0]
    columns = unreadable_columns(document_id, source_path, sha256, lines, line, reason, metadata)
    return LetterPart(document_id, key, columns, (), pages.letter_files(document_id, columns), limited=limited)


def _valid_alone(part: LetterPart, workdir: Path, validate_rows: Callable) -> LetterPart:
    """The part as it is when its own rows pass Frictionless; else its letter with no table
    published and the first issue as its problem (a case ``tidy``'s own contract check did
    not foresee: the rest of the corpus must not pay for it)."""
    issues = validate_rows(assemble([part]), workdir)
    if not issues:
        return part
    issue = issues[0]
    row = f" row {issue.row}" if issue.row else ""
    where = f"{issue.resource}{row}" + (f" field {issue.field}" if issue.field else "")
    columns = withheld_columns(part.columns, f"its rows break the data contract ({where}: {issue.message})")
    return dataclasses.replace(part, columns=columns)


def _worker_start(parent: int, memory_bytes: int = 0) -> None:
    """In each worker process, first: end with the parent. A parent killed outright (by a
    supervisor or the out-of-memory killer) cannot tell its workers, so each watches for
    the parent to be gone and then exits at once, writing nothing more; a SIGTERM ends a
    worker (Python's default), and Ctrl-C is left to the parent, which ends the pool. Then
    its memory is capped (``limits.limit_memory``): a letter that needs more stops alone."""
    if memory_bytes:
        # what every letter needs is loaded first: the cap is for the letter, and a library
        # that cannot map its own code at import aborts the process instead of raising
        import pdfplumber  # noqa: F401
        import pypdfium2  # noqa: F401  (maps PDFium's library)

        from pipeline import packaging  # noqa: F401

        limits.limit_memory(memory_bytes)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_end_with_parent, args=(parent,), name="end-with-parent", daemon=True).start()


def _end_with_parent(parent: int, every: float = 0.2) -> None:
    """Exit once the process that made the pool is gone (a worker started by a fork server
    is that server's child, so its own parent tells nothing)."""
    while True:
        try:
            os.kill(parent, 0)
        except (ProcessLookupError, PermissionError):  # gone (its pid another user's now)
            os._exit(1)
        time.sleep(every)


Made = list[tuple[LetterPart, dict[str, str]]]  # parts with their files' digests by kind
LIMITED = "-limited"  # ends the key of a letter a limit stopped: no run takes it as made


def _from_cache(keys: list[str], workspace: Workspace, keep: Callable[[list[tuple[int, tuple]]], None]) -> list[int]:
    """Hand the parts the cache holds to ``keep``, a chunk at a time (with their index);
    the indexes of the letters it does not hold."""
    missing = []
    cached: list[tuple[int, tuple[LetterPart, dict[str, str]]]] = []
    for index, key in enumerate(keys):
        part = workspace.parts.get(key)
        if part is None:
            missing.append(index)
            continue
        cached.append((index, (part, workspace.put_files(part))))
        if len(cached) == CHUNK_LETTERS:
            keep(cached)
            cached = []
    if cached:
        keep(cached)
    return missing


def _chunks_made(
    args: list[tuple], workers: int, memory_bytes: int = 0, make: Callable = make_chunk
) -> Iterator[tuple[Made, dict[str, float]]]:
    """``make``'s result (``make_chunk``'s) for each chunk, in order: in this process, or on a
    pool of worker processes that end with this one (in document order, so the first error
    raised is the first failing letter's), each with its memory capped at ``memory_bytes``. A
    memory cap asks for a pool even of one worker: this process is never capped.

    A worker that dies (killed by the system for want of memory, or crashed in a library)
    takes the chunks in flight with it; the pool is replaced and those chunks are made again
    letter by letter, and a letter that takes a worker down when it is read alone is listed
    as a problem (``_Pool``). No other letter is lost, and none is published twice."""
    if workers <= 1 and not memory_bytes:
        for a in args:
            yield make(*a)
        return
    with _Pool(max(workers, 1), memory_bytes, make) as pool:
        # a window of chunks in flight, not all of them: fewer to make again when a worker dies
        yield from pool.results(args, window=2 * pool.workers, rescue=pool.letter_by_letter)


class _Pool:
    """Worker processes that make chunks, replaced when one of them dies.

    Workers start from a fork server, not from a fork of this process: this one runs threads
    (Dagster's, the publication's writers), and a fork copies any lock one of them holds."""

    def __init__(self, workers: int, memory_bytes: int, make: Callable) -> None:
        self.workers, self.memory_bytes, self.make = workers, memory_bytes, make
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("forkserver"),
            initializer=_worker_start,
            initargs=(os.getpid(), self.memory_bytes),
        )

    def __enter__(self) -> _Pool:
        return self

    def __exit__(self, *exc) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)

    def results(
        self, tasks: list[tuple], window: int, rescue: Callable[[tuple], tuple[Made, dict[str, float]]]
    ) -> Iterator[tuple[Made, dict[str, float]]]:
        """Each task's result in order, at most ``window`` tasks in flight; a task whose
        result was lost with a dead worker is handed to ``rescue`` (after the pool is
        replaced), whose result stands for it."""
        queue = collections.deque(tasks)
        flight: collections.deque[tuple[tuple, Future]] = collections.deque()
        while queue or flight:
            while queue and len(flight) < window:
                task = queue.popleft()
                flight.append((task, self.executor.submit(self.make, *task)))
            task, future = flight.popleft()
            try:
                result = future.result()
            except BrokenProcessPool:
                lost = [(task, future), *flight]
                flight.clear()
                self.executor.shutdown(wait=True, cancel_futures=True)  # every future is settled now
                self.executor = self._start()
                for task, future in lost:  # in order: those done before the worker died stand
                    yield future.result() if future.exception() is None else rescue(task)
                continue
            yield result

    def letter_by_letter(self, task: tuple) -> tuple[Made, dict[str, float]]:
        """A chunk whose worker died, made again a letter a task (as many in flight as there
        are workers); a letter whose worker dies again is tried once more alone."""
        paths, raw_dir, keys, *rest = task
        singles = [([path], raw_dir, [key], *rest) for path, key in zip(paths, keys)]
        return _joined(self.results(singles, window=self.workers, rescue=self.alone))

    def alone(self, task: tuple) -> tuple[Made, dict[str, float]]:
        """One letter read with nothing else in flight; when its worker dies again, it is the
        letter that kills it, and it is listed as a problem."""
        return _joined(self.results([task], window=1, rescue=_worker_died))


def _joined(results: Iterable[tuple[Made, dict[str, float]]]) -> tuple[Made, dict[str, float]]:
    made: Made = []
    seconds: dict[str, float] = {}
    for chunk, spent in results:
        made.extend(chunk)
        for stage, value in spent.items():
            seconds[stage] = seconds.get(stage, 0.0) + value
    return made, seconds


def _worker_died(task: tuple) -> tuple[Made, dict[str, float]]:
    """The part of the one letter of ``task`` that takes down the worker reading it, made
    here: not cached, so the next run tries it again."""
    (path,), raw_dir, (key,), cache_root, *_ = task
    reason = (
        "the worker process reading it died (the system stopped it, most often for want of memory, or a "
        "library it uses crashed); it is left out, and the next run tries it again"
    )
    part = unread_part(path, Path(raw_dir), key, None, reason, limited=True)
    digests = Workspace(Path(cache_root)).put_files(part)
    return [(dataclasses.replace(part, files={}), digests)], {}


def _make(
    paths: list[str],
    raw_dir: Path,
    keys: list[str],
    workspace: Workspace,
    workers: int | None,
    watch: Stopwatch,
    letter_limits: limits.LetterLimits | None = None,
) -> tuple[Made, list[dict[str, pa.Table]]]:
    """The parts of these letters and their files' digests: from the part cache, else made
    (in parallel, chunk by chunk) and cached; the seconds of the workers' stages added to
    ``watch``. Their rows come back as Arrow tables, a batch per chunk, and the parts
    without them: a letter's rows as Python lists take several times the memory, which at
    100,000 letters is gigabytes."""
    found: dict[int, tuple[LetterPart, dict[str, str]]] = {}
    batches: list[dict[str, pa.Table]] = []

    def keep(items: list[tuple[int, tuple[LetterPart, dict[str, str]]]]) -> None:
        batches.append(assemble(part for _, (part, _) in items))
        for index, (part, digest) in items:
            found[index] = (dataclasses.replace(part, columns={}), digest)

    missing = _from_cache(keys, workspace, keep)
    chunks = _chunked(missing, [_size(paths[i]) for i in missing], workers or os.cpu_count() or 1)
    bounds = letter_limits or limits.LetterLimits()
    args = [
        ([str(paths[i]) for i in chunk], str(raw_dir), [keys[i] for i in chunk], str(workspace.root), bounds)
        for chunk in chunks
    ]
    # PDFs are read in worker processes whose memory is capped; text letters need no cap
    capped = bounds.memory_bytes if any(reading.is_pdf(paths[i]) for i in missing) else 0
    done = 0
    pool_size = min(workers or os.cpu_count() or 1, len(chunks))
    for n, (made, seconds) in enumerate(_chunks_made(args, pool_size, capped)):
        chunk = chunks[n]
        watch.add(seconds)
        done += len(made)
        keep(list(zip(chunk, made)))
        if len(chunks) > 1:
            log.info("letters made: %s of %s", f"{done:,}", f"{len(missing):,}")
    return [found[i] for i in range(len(paths))], batches


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:  # (gone since it was listed: its chunk reports it)
        return 0


def _chunked(indexes: list[int], sizes: list[int], workers: int = 1) -> list[list[int]]:
    """The letters to make, in order, cut into chunks of at most ``CHUNK_LETTERS`` letters
    and, but for a letter larger than that alone, at most a worker's share of their bytes
    (within ``MIN_CHUNK_BYTES`` and ``CHUNK_BYTES``)."""
    share = -(-sum(sizes) // max(workers, 1))
    most_bytes = min(CHUNK_BYTES, max(MIN_CHUNK_BYTES, share))
    chunks: list[list[int]] = []
    chunk: list[int] = []
    held = 0
    for index, size in zip(indexes, sizes):
        if chunk and (len(chunk) == CHUNK_LETTERS or held + size > most_bytes):
            chunks.append(chunk)
            chunk, held = [], 0
        chunk.append(index)
        held += size
    if chunk:
        chunks.append(chunk)
    return chunks


@dataclass(frozen=True)
class Corpus:
    """Every letter's rows, assembled into the five resources, and what they came from."""

    tables: dict[str, pa.Table]
    keys: dict[str, str]  # document id -> part key
    warnings: dict[str, tuple[str, ...]]
    made: int
    reused: int
    # document id -> kind of letter file (pages.PUBLISHED) -> its SHA-256, "" when it has none
    files: dict[str, dict[str, str]] = field(default_factory=dict)
    # seconds per stage of making it (the workers' stages summed over the workers)
    seconds: dict[str, float] = field(default_factory=dict, compare=False)

    @property
    def inputs(self) -> str:
        """One digest of everything a publication is made from."""
        return _inputs_digest(self.keys)

    @property
    def limited(self) -> bool:
        """Whether a limit stopped any of its letters (``pipeline.limits``)."""
        return any(key.endswith(LIMITED) for key in self.keys.values())


def _inputs_digest(keys: dict[str, str]) -> str:
    digest = hashlib.sha256(freshness.code_version().encode())
    for document_id in sorted(keys):
        digest.update(f"{document_id}\0{keys[document_id]}\n".encode())
    return digest.hexdigest()


def _letters(
    raw_dir: Path, workspace: Workspace, listing: freshness.Listing | None = None
) -> tuple[list[str], list[str], list[str]]:
    """The letters in ``raw_dir``: their paths, document ids and part keys (with a
    ``listing`` of ``raw_dir``, the files and their sizes and times are taken from it)."""
    if listing is None:
        paths = reading.letter_files(raw_dir)
        return paths, reading.unique_document_ids(paths), workspace.keys_for(paths, raw_dir)
    paths = reading.read_as_letters(sorted(p for p in listing.paths() if reading.is_letter(os.path.basename(p))))
    return paths, reading.unique_document_ids(paths), workspace.keys_for(paths, raw_dir, listing.size_and_time)


def inputs_of(raw_dir: Path, workspace: Workspace, listing: freshness.Listing | None = None) -> str:
    """``Corpus.inputs`` of the corpus ``raw_dir`` would give, without making or loading
    any part: to tell cheaply that nothing changed (from a ``listing`` of ``raw_dir`` if
    one was made: then only letters whose size or time moved are read)."""
    _, ids, keys = _letters(raw_dir, workspace, listing)
    return _inputs_digest(dict(zip(ids, keys)))


class Assembly(NamedTuple):
    """The last assembly a workspace kept: the five tables and what they were made from."""

    tables: dict[str, pa.Table]
    keys: dict[str, str]  # document id -> part key
    warnings: dict[str, list[str]]  # document id -> warnings, for letters that had any
    files: dict[str, dict[str, str]]  # document id -> kind of letter file -> SHA-256, "" if none


def _kept(path: str, kept: set[str] | None) -> bool:
    return os.path.exists(path) if kept is None else path in kept


def _size_and_time(path: str) -> tuple[int, int]:
    found = os.stat(path)
    return found.st_size, found.st_mtime_ns


class Workspace:
    """The cache folder: parts by key, the last assembly, and a memo of file keys."""

    def __init__(self, root: Path) -> None:
        self.root = root
        folder = CacheFolder(root)
        self.parts = PartCache(folder.parts)
        self.assembled = folder.assembled
        self.assembled_staging = folder.assembled_staging
        self.memo = folder.keys_memo
        self.files = folder.files

    def file_path(self, key: str, kind: str) -> str:
        """Where a letter file of one kind (``pages.PUBLISHED``) is kept by its part's key
        (a string: a publication asks for tens of thousands, and pathlib costs ten times more)."""
        return f"{self.files}/{key[:2]}/{key}.{kind}"

    def kept_files(self) -> set[str]:
        """The letter files the cache holds, as ``file_path`` names them: one listing of
        each of its folders, where asking after each file costs a second per 250,000."""
        kept: set[str] = set()
        try:
            folders = os.listdir(self.files)
        except FileNotFoundError:
            return kept
        for folder in folders:
            prefix = f"{self.files}/{folder}/"
            kept.update(prefix + name for name in os.listdir(prefix))
        return kept

    def files_for(
        self, document_id: str, key: str, corpus: Corpus, kept: set[str] | None = None
    ) -> dict[str, tuple[str, str]]:
        """A letter's files by kind: the cached file and its SHA-256 ("" when the letter has
        none of that kind); made again from the assembled rows if the cache lost any
        (``kept``: the files the cache holds, ``kept_files``; else each is looked for)."""
        digests = corpus.files.get(document_id)
        if digests is None or any(
            digest and not _kept(self.file_path(key, kind), kept) for kind, digest in digests.items()
        ):
            mine = {
                name: corpus.tables[name]
                .filter(pc.equal(corpus.tables[name].column("document_id"), document_id))
                .to_pydict()
                for name in corpus.tables
            }
            title = mine["documents"]["title"][0]
            digests = self.put_files(
                LetterPart(document_id, key, {}, (), pages.letter_files(title or document_id, mine))
            )
        return {kind: (self.file_path(key, kind), digest) for kind, digest in digests.items()}

    def put_files(self, part: LetterPart) -> dict[str, str]:
        """Keep a part's letter files by key; their SHA-256 by kind, "" for a kind the
        letter has none of (no file is kept for it)."""
        digests = {}
        for kind in pages.PUBLISHED:
            data = part.files.get(kind)
            if data:
                write_atomically(Path(self.file_path(part.key, kind)), data, durable=False)
            digests[kind] = hashlib.sha256(data).hexdigest() if data else ""
        return digests

    # -- keys, with a memo by file size and modification time (as git's index does) --

    def keys_for(
        self, paths: list[str], raw_dir: Path, size_and_time: Callable[[str], tuple[int, int]] = _size_and_time
    ) -> list[str]:
        """Each letter's key: from the memo when its size and time (and its sidecars') are
        as memoised, else by reading it."""
        try:
            memo = json.loads(self.memo.read_text(encoding="utf-8"))
            if memo.get("code") != freshness.code_version():
                memo = {}
        except (OSError, ValueError):
            memo = {}
        files = memo.get("files", {})
        keys, fresh = [], {}
        base = len(os.path.join(raw_dir, ""))  # the paths' common start, with its separator
        for text in paths:
            stamp = list(size_and_time(text))
            for sidecar in reading.sidecar_paths(text):
                try:
                    stamp += size_and_time(sidecar)
                except FileNotFoundError:
                    stamp += [-1, -1]
            name = text[base:].replace(os.sep, "/")
            entry = files.get(name)
            key = entry[-1] if entry and entry[:-1] == stamp else letter_key(text, name)
            fresh[name] = stamp + [key]
            keys.append(key)
        if fresh != files:
            write_atomically(
                self.memo, json.dumps({"code": freshness.code_version(), "files": fresh}).encode(), durable=False
            )
        return keys

    # -- the last assembly ----------------------------------------------------------

    def load_assembly(self) -> Assembly | None:
        try:
            index = json.loads((self.assembled / "index.json").read_text(encoding="utf-8"))
            if index.get("code") != freshness.code_version():
                return None
            tables = {}
            for resource in schema.RESOURCES:
                with pa.memory_map(str(self.assembled / f"{resource.name}.arrow")) as source:
                    tables[resource.name] = pa.ipc.open_file(source).read_all()
                if tables[resource.name].schema != resource.to_pyarrow_schema():
                    return None
        except (OSError, ValueError, pa.ArrowInvalid):
            return None
        return Assembly(tables, index["keys"], index["warnings"], index.get("files", {}))

    def save_assembly(self, corpus: Corpus) -> None:
        fresh = self.assembled_staging
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir(parents=True)
        for name, table in corpus.tables.items():
            with pa.ipc.new_file(str(fresh / f"{name}.arrow"), table.schema) as writer:
                writer.write_table(table)
        index = {
            "code": freshness.code_version(),
            "keys": corpus.keys,
            "files": corpus.files,
            "warnings": {d: list(w) for d, w in corpus.warnings.items() if w},
        }
        (fresh / "index.json").write_text(json.dumps(index), encoding="utf-8")
        shutil.rmtree(self.assembled, ignore_errors=True)
        os.replace(fresh, self.assembled)


def build_corpus(
    raw_dir: Path, workspace: Workspace, workers: int | None = None, letter_limits: limits.LetterLimits | None = None
) -> Corpus:
    """Every letter in ``raw_dir``, assembled. Letters whose key the last assembly already
    holds keep their rows from it; the others come from the part cache or are made (each
    within ``letter_limits``; one a limit stopped keeps a key of its own, so that the next
    run makes it again)."""
    watch = Stopwatch()
    with watch("keys"):
        paths, ids, keys = _letters(raw_dir, workspace)
    with watch("load last assembly"):
        last = workspace.load_assembly()
    last_keys = last.keys if last else {}
    kept = [doc for doc, key in zip(ids, keys) if last_keys.get(doc) == key]
    wanted = [i for i, (doc, key) in enumerate(zip(ids, keys)) if last_keys.get(doc) != key]
    made, batches = _make(
        [paths[i] for i in wanted], raw_dir, [keys[i] for i in wanted], workspace, workers, watch, letter_limits
    )
    parts = [part for part, _ in made]
    limited = {part.document_id for part in parts if part.limited}
    keys = [key + LIMITED if doc in limited else key for doc, key in zip(ids, keys)]
    file_digests = dict(last.files) if last else {}
    file_digests.update({part.document_id: digests for part, digests in made})
    with watch("assemble"):
        fresh = joined_in_document_order(batches) if batches else assemble([])
        del batches
        kept_set = set(kept)
        warnings = {doc: tuple(w) for doc, w in (last.warnings if last else {}).items() if doc in kept_set}
        warnings.update({p.document_id: p.warnings for p in parts if p.warnings})
        if last and kept:
            tables = {name: merged_in_document_order(last.tables[name], kept_set, fresh[name]) for name in fresh}
        else:
            tables = fresh
    corpus = Corpus(
        tables,
        dict(zip(ids, keys)),
        warnings,
        made=len(parts),
        reused=len(kept),
        files={doc: file_digests[doc] for doc in ids if doc in file_digests},
        seconds=watch.seconds,
    )
    if parts or len(kept) != len(last_keys) or last is None:
        with watch("save assembly"):
            workspace.save_assembly(corpus)
    return corpus
