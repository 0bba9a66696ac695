"""Writing, validating and publishing the datapackages.

Pure functions, no Dagster. ``write_publication`` writes everything ``dist/`` holds (the
CSV and the Parquet package side by side, card, charts, zips, DCAT description, sums) into
a staging folder, byte for byte the same for the same rows;
``validate_packages`` runs Frictionless over both; ``publish`` swaps a validated
staging folder into place so that ``dist/`` is at every moment either the previous
publication or the new one, never a mix; ``recover`` finishes or undoes a swap that a
crash interrupted.
"""

from __future__ import annotations

import codecs
import fcntl
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from pipeline import archives, freshness, schema
from pipeline.cache import CacheFolder
from pipeline.files import write_atomically

FORMATS = ("csv", "parquet")


@dataclass(frozen=True)
class Source:
    """A letter named in the descriptor's ``sources``."""

    title: str
    path: str | None


def source_title(document: dict) -> str:
    """A letter as the descriptor's ``sources`` names it: its title with its parliamentary
    reference and date ("Miljoenennota 2022 (Kamerstuk 35 925, nr. 1; 2021-09-21)")."""
    facts = "; ".join(str(v) for v in (document.get("reference"), document.get("date")) if v)
    title = document.get("title") or document["document_id"]
    return f"{title} ({facts})" if facts else title


def staging_root(dist: Path) -> Path:
    """Where runs stage their packages: beside ``dist`` so that the swap is a rename."""
    return dist.parent / f".{dist.name}.staging"


def staging_dir(dist: Path, run_id: str) -> Path:
    return staging_root(dist) / run_id


def discard_staged(staged: Path) -> None:
    """Remove one run's staged packages, and the staging root if no other run uses it."""
    shutil.rmtree(staged, ignore_errors=True)
    try:
        staged.parent.rmdir()
    except OSError:
        pass


def previous_dir(dist: Path) -> Path:
    return dist.parent / f".{dist.name}.previous"


def lock_path(dist: Path) -> Path:
    return dist.parent / f".{dist.name}.lock"


class PublicationLocked(Exception):
    """Another publication into the same ``dist`` holds the lock."""


class PublicationLock:
    """The exclusive lock on publishing into ``dist``: an ``flock`` on a file beside it,
    which the kernel lets go of when the holding process ends, however it ends.

    Not re-entrant: whoever starts a publication takes it once and hands this object to
    what needs it held (``publish`` checks that it is).
    """

    def __init__(self, dist: Path) -> None:
        self.dist = dist
        self.path = lock_path(dist).resolve()
        self._fd: int | None = None

    def __enter__(self) -> PublicationLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, timeout: float = 0.0) -> None:
        """Take the lock, waiting up to ``timeout`` seconds for another publication to
        finish; then raise ``PublicationLocked``."""
        if self._fd is not None:
            raise RuntimeError(f"{self.path}: already held by this publication")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise PublicationLocked(
                        f"{self.dist}: another publication is running (it holds {self.path}); try again when it ends"
                    ) from None
                time.sleep(0.1)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_csv(table: pa.Table, path: Path) -> list[int]:
    """The table as CSV, written piece by piece (``archives.piece_starts``: the bytes are
    those of the whole table written at once); returns the pieces' byte lengths, the
    header counted in the first."""
    options = pacsv.WriteOptions(include_header=True, quoting_style="needed")
    bounds = [0, *archives.piece_starts(table), table.num_rows]
    lengths = []
    with pa.OSFile(str(path), "wb") as sink, pacsv.CSVWriter(sink, table.schema, write_options=options) as writer:
        written = 0
        for start, end in zip(bounds, bounds[1:]):
            writer.write_table(table.slice(start, end - start))
            lengths.append(sink.tell() - written)
            written = sink.tell()
    return lengths


PARQUET_ROW_GROUP = 1024 * 1024  # Arrow's default: rows per row group
# zstd at level 6: the 4.75 million amounts of 100,000 letters take 3.3 s and 46.4 MB, where
# level 9 took 6.2 s for 45.8 MB (1.2 % smaller) and level 3 2.1 s for 49.1 MB (7 % larger).
PARQUET_COMPRESSION = {"compression": "zstd", "compression_level": 6}


def _write_parquet(table: pa.Table, path: Path) -> None:
    """The table as Parquet, a row group at a time, each joined into one chunk as it is
    written: the bytes are those of the whole table in one chunk (a page ends where the
    data says, not where a chunk did), without copying the whole table at once."""
    with pq.ParquetWriter(path, table.schema, **PARQUET_COMPRESSION) as writer:
        for offset in range(0, max(table.num_rows, 1), PARQUET_ROW_GROUP):
            writer.write_table(
                table.slice(offset, PARQUET_ROW_GROUP).combine_chunks(), row_group_size=PARQUET_ROW_GROUP
            )


def _descriptor(fmt: str, files: dict[str, WrittenFile] | None, sources: list[Source], version: str) -> dict:
    """The package descriptor of ``files`` (resource name -> its file and SHA-256); with
    ``files`` None, before they are written: without the files' hashes and byte counts."""
    resources = []
    for resource in schema.RESOURCES:
        entry: dict = {
            "name": resource.name,
            "title": resource.title,
            "description": resource.description,
            "path": f"data/{resource.name}.{fmt}",
            "format": fmt,
            "mediatype": "text/csv" if fmt == "csv" else "application/vnd.apache.parquet",
        }
        if fmt == "csv":
            entry["encoding"] = "utf-8"
        if files is not None:
            written = files[resource.name]
            if fmt == "csv":
                entry["bytes"] = written.path.stat().st_size
            entry["hash"] = f"sha256:{written.digest}"
        entry["schema"] = resource.to_frictionless_schema()
        if fmt == "parquet":
            # Frictionless reads Parquet through pandas, where a null in an integer
            # column becomes the float NaN and reaches the validator as "nan".
            entry["schema"]["missingValues"] = ["", "nan"]
        resources.append(entry)
    return {
        "name": schema.PACKAGE_NAME,
        "title": schema.PACKAGE_TITLE,
        "description": schema.PACKAGE_DESCRIPTION,
        "version": version,
        **({"homepage": schema.HOMEPAGE} if schema.HOMEPAGE else {}),
        "keywords": schema.KEYWORDS,
        "contributors": schema.CONTRIBUTORS,
        "licenses": [schema.LICENSE],
        "sources": [{"title": s.title, **({"path": s.path} if s.path else {})} for s in sources],
        "resources": resources,
    }


def _write_spreadsheet_csv(table: pa.Table, path: Path) -> None:
    """A CSV as Excel in a Dutch locale opens it: `;` between fields (its list separator)
    and a UTF-8 byte-order mark, without which an en dash shows as three other characters."""
    with open(path, "wb") as f:
        f.write(codecs.BOM_UTF8)
        options = pacsv.WriteOptions(include_header=True, quoting_style="needed", delimiter=";")
        pacsv.write_csv(table, f, write_options=options)


SPREADSHEET = "excel"  # the folder of `;`-separated CSVs with a byte-order mark, one per resource


def _data_path(folder: Path, name: str, fmt: str) -> Path:
    return folder / f"{name}.csv" if fmt == SPREADSHEET else folder / "data" / f"{name}.{fmt}"


@dataclass(frozen=True)
class WrittenFile:
    path: Path
    digest: str  # SHA-256
    pieces: list[int] | None  # the byte lengths of its pieces (the package's CSVs), for the zip


def _write_resource(table: pa.Table, path: Path, fmt: str) -> WrittenFile:
    """One resource's file in ``fmt``."""
    writer = {"csv": _write_csv, "parquet": _write_parquet, SPREADSHEET: _write_spreadsheet_csv}[fmt]
    pieces = writer(table, path)
    return WrittenFile(path, sha256_of(path), pieces)


def _write_files(tables: dict[str, pa.Table], folder: Path, fmt: str) -> dict[str, WrittenFile]:
    """Write the five resources in ``fmt`` under ``<folder>/data`` (the spreadsheet CSVs
    straight in ``folder``), by resource name."""
    for resource in schema.RESOURCES:
        if tables[resource.name].schema != resource.to_pyarrow_schema():
            raise TypeError(f"{resource.name}: the table does not have the declared schema")
    _data_path(folder, "x", fmt).parent.mkdir(parents=True, exist_ok=True)
    return {r.name: _write_resource(tables[r.name], _data_path(folder, r.name, fmt), fmt) for r in schema.RESOURCES}


def _write_package(
    tables: dict[str, pa.Table], out: Path, fmt: str, sources: list[Source], version: str
) -> tuple[Path, dict[str, WrittenFile]]:
    files = _write_files(tables, out, fmt)
    descriptor = out / "datapackage.json"
    _write_json(descriptor, _descriptor(fmt, files, sources, version))
    return descriptor, files


def write_package(tables: dict[str, pa.Table], out: Path, fmt: str, sources: list[Source], version: str) -> Path:
    """Write one package (``fmt`` is csv or parquet) under ``out``; returns its descriptor."""
    return _write_package(tables, out, fmt, sources, version)[0]


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def files_under(root: Path) -> list[str]:
    """Every file under ``root``, as sorted relative POSIX paths (quick for many files)."""
    names: list[str] = []
    base = str(root)
    for directory, _, files in os.walk(base):
        prefix = os.path.relpath(directory, base).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        names.extend(prefix + f for f in files)
    return sorted(names)


SUMS = "SHA256SUMS"


def write_sums(folder: Path, known: dict[str, str] | None = None) -> None:
    """``SHA256SUMS`` for every other file under ``folder``, in ``sha256sum -c`` format.

    ``known`` gives digests already computed (by relative path), so they are not read again.
    """
    known = known or {}
    names = files_under(folder)
    lines = [f"{known.get(name) or sha256_of(folder / name)}  {name}" for name in names if name != SUMS]
    (folder / SUMS).write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_sums(folder: Path) -> dict[str, str]:
    """``SHA256SUMS`` of ``folder``: file name -> SHA-256, in the file's order."""
    sums = {}
    for line in (folder / SUMS).read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        sums[name] = digest
    return sums


def check_sums(folder: Path) -> list[str]:
    """The files under ``folder`` that ``SHA256SUMS`` lists but that do not match (or are missing)."""
    return [
        name
        for name, digest in read_sums(folder).items()
        if not (folder / name).is_file() or sha256_of(folder / name) != digest
    ]


def _place_all(files: list[tuple[str, str]], out: Path) -> None:
    """Put cached files in a staged publication under their names: hard links where it can,
    else copies. Each folder is made once (tens of thousands of files at corpus scale)."""
    for folder in sorted({name.rpartition("/")[0] for _, name in files}):
        (out / folder).mkdir(parents=True, exist_ok=True)
    base = str(out)
    for source, name in files:
        target = f"{base}/{name}"
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)


# How often the interpreter is handed between threads while a publication is written.
HANDOFF_SECONDS = 0.001


@contextmanager
def _quick_handoffs() -> Iterator[None]:
    """The interpreter handed between threads every millisecond instead of Python's 5. The
    writing threads let go of it for each block Arrow, zlib or the disk takes, and need it
    back for the next; with the default they wait behind this thread's Python work (linking
    the letter files, the card) up to 5 ms a time. A stored zip of 46 MB took 6.2 s beside a
    busy thread instead of 0.14 s alone, and 0.59 s at 1 ms."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(HANDOFF_SECONDS)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def _place_letter_files(
    letter_files: dict[str, dict[str, tuple[str, str]]], documents: pa.Table, out: Path
) -> tuple[dict[str, str], set[str]]:
    """Each letter's cached files put in place (the pages that link to other letters of the
    corpus written with those links): their SHA-256 by published name, and the letters with
    a chart."""
    from pipeline import pages

    known: dict[str, str] = {}
    drawn = set()
    placed = []
    linked = _cross_links(documents)
    rewritten = []
    for document_id, files in sorted(letter_files.items()):
        for kind, (cached, digest) in files.items():
            if digest:
                name = pages.PUBLISHED[kind].format(document_id)
                if kind == "page" and document_id in linked:
                    rewritten.append((cached, name, linked[document_id]))
                else:
                    placed.append((cached, name))
                    known[name] = digest
        if files.get("chart", (None, ""))[1]:
            drawn.add(document_id)
    _place_all(placed, out)
    for cached, name, (main_in_corpus, attachments) in rewritten:
        page = pages.cross_linked(Path(cached).read_text(encoding="utf-8"), main_in_corpus, attachments)
        (out / name).write_text(page, encoding="utf-8")
        known[name] = hashlib.sha256(page.encode("utf-8")).hexdigest()
    return known, drawn


def _cross_links(documents: pa.Table) -> dict[str, tuple[bool, list[str]]]:
    """The letters whose pages link to another letter of the corpus: an attachment to its
    letter (True), a letter to its attachments."""
    from pipeline import card

    attachments = card.attachments_of(documents)
    links = {main: (False, docs) for main, docs in attachments.items()}
    for docs in attachments.values():
        for doc in docs:
            links[doc] = (True, links.get(doc, (False, []))[1])
    return links


def archive_name(fmt: str) -> str:
    """The zip of the package in ``fmt``, in ``dist/``."""
    return f"{schema.PACKAGE_NAME}-{fmt}.zip"


def _write_dcat(out: Path, descriptors: dict[str, Path], known: dict[str, str], tables: dict[str, pa.Table]) -> None:
    """``dcat.jsonld`` (``pipeline.dcat``) for the packages written under ``out``: the digests
    it needs that ``known`` lacks (the zips, the descriptors) are taken once and added to it,
    for ``write_sums``."""
    from pipeline import dcat

    packages = [
        dcat.Package(json.loads(descriptors[fmt].read_text(encoding="utf-8")), fmt, archive_name(fmt))
        for fmt in FORMATS
    ]
    listed = [p.archive for p in packages] + [f"{p.folder}/{dcat.DESCRIPTOR}" for p in packages]
    listed += [
        f"{p.folder}/{r['path']}" for p in packages if p.folder in dcat.DATA_FILES_OF for r in p.descriptor["resources"]
    ]
    files = {}
    for name in listed:
        digest = known.get(name) or sha256_of(out / name)
        known[name] = digest
        files[name] = dcat.FileFacts((out / name).stat().st_size, digest)
    (out / dcat.FILE).write_text(dcat.render(packages, files, tables), encoding="utf-8")


@dataclass(frozen=True)
class Publication:
    descriptors: dict[str, Path]
    version: str
    changes: list[tuple[str, str, int, int, int]]  # (letter, resource, added, removed, changed) since dist/


def write_publication(
    tables: dict[str, pa.Table],
    out: Path,
    sources: list[Source],
    previous,
    may_differ: set[str] | None,
    letter_files: dict[str, dict[str, tuple[str, str]]],
    deflated: Path | None = None,
) -> Publication:
    """Everything ``dist/`` holds, under ``out``: both packages with their version, the
    changelog, the spreadsheet CSVs, each letter's chart, page and sheet, the index of
    letters, the dataset card, one zip per package, the DCAT description ``dcat.jsonld`` and
    ``SHA256SUMS``.

    ``previous`` is the publication being replaced (``versioning.read_previous``);
    ``may_differ`` the letters whose rows may have changed since (None: any);
    ``letter_files`` each letter's cached files by kind (``pages.PUBLISHED``) with their
    SHA-256 ("" when it has none of that kind); ``deflated`` the folder that keeps the
    pieces of the CSV package's zip (``archives.DeflatedPieces``), if any.
    """
    from pipeline import card, site, versioning

    # The version first: it does not depend on the files' bytes (a descriptor compares
    # without its hashes), so each package can be written and zipped in one go, the packages
    # and the spreadsheet CSVs side by side on threads (Arrow's writers, zlib and hashing let
    # go of the interpreter) while this thread places the letters' files and writes the card.
    released = versioning.release(previous, _descriptor("parquet", None, sources, "0.0.0"), tables, may_differ)
    out.mkdir(parents=True, exist_ok=True)

    pieces = archives.DeflatedPieces(deflated)

    def package(fmt: str) -> tuple[Path, dict[str, WrittenFile]]:
        descriptor, files = _write_package(tables, out / fmt, fmt, sources, released.version)
        folder = out / fmt
        lengths = {f"data/{w.path.name}": w.pieces for w in files.values() if w.pieces is not None}
        archive = out / archive_name(fmt)
        if fmt == "csv":
            archives.write_zip(archive, folder, files_under(folder), compress=True, pieces=lengths, deflated=pieces)
        else:  # Parquet is compressed already
            archives.write_zip(archive, folder, files_under(folder), compress=False)
        return descriptor, files

    with _quick_handoffs(), ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        packages = {fmt: pool.submit(package, fmt) for fmt in sorted(FORMATS, reverse=True)}  # Parquet is slowest
        sheets = pool.submit(_write_files, tables, out / SPREADSHEET, SPREADSHEET)
        (out / "CHANGELOG.md").write_text(released.changelog, encoding="utf-8")
        known, drawn = _place_letter_files(letter_files, tables["documents"], out)
        (out / "letters").mkdir(exist_ok=True)
        (out / "letters" / "README.md").write_text(card.letters_index(tables, drawn), encoding="utf-8")
        card_text = card.render(released.version, tables, drawn)
        (out / "README.md").write_text(card_text, encoding="utf-8")
        (out / "index.html").write_text(site.index_html(tables, card_text), encoding="utf-8")
        (out / "CITATION.cff").write_text(card.citation_cff(released.version, tables), encoding="utf-8")
        overview = card.overview_chart(tables)
        if overview is not None:
            (out / card.OVERVIEW_CHART).write_bytes(overview)
        descriptors = {}
        for fmt in FORMATS:
            descriptors[fmt], written = packages[fmt].result()
            known.update({f"{fmt}/data/{w.path.name}": w.digest for w in written.values()})
        known.update({f"{SPREADSHEET}/{w.path.name}": w.digest for w in sheets.result().values()})
    _write_dcat(out, descriptors, known, tables)  # after the zips: it gives their sizes and digests
    pieces.prune()  # what the zip just written did not use
    write_sums(out, known)
    changes = [
        (doc, resource, c["added"], c["removed"], c["changed"])
        for (doc, resource), c in sorted(released.changes.rows.items())
        if sum(c.values())
    ]
    return Publication(descriptors, released.version, changes)


@dataclass(frozen=True)
class ValidationIssue:
    package: str
    resource: str
    row: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = (
            self.resource + (f" row {self.row}" if self.row else "") + (f" field {self.field}" if self.field else "")
        )
        return f"{self.package}: {where}: {self.message}"


def validate_package(descriptor: Path) -> list[ValidationIssue]:
    """Frictionless's verdict on one package (types, constraints, keys, hashes, bytes)."""
    import frictionless  # heavy import, kept local

    report = frictionless.validate(str(descriptor))
    issues = []
    for error in report.errors:
        issues.append(ValidationIssue(descriptor.parent.name, "(package)", None, None, error.message))
    for task in report.tasks:
        for error in task.errors:
            issues.append(
                ValidationIssue(
                    descriptor.parent.name,
                    task.name,
                    getattr(error, "row_number", None),
                    getattr(error, "field_name", None),
                    error.message,
                )
            )
    return issues


def validate_packages(descriptors: dict[str, Path]) -> list[ValidationIssue]:
    """Frictionless over every row of both packages."""
    return [issue for fmt in FORMATS for issue in validate_package(descriptors[fmt])]


def validate_rows(tables: dict[str, pa.Table], workdir: Path) -> list[ValidationIssue]:
    """Frictionless over some rows (types, required values, constraints), written as a CSV
    package in ``workdir``. Keys are left to the vectorised contract checks, which see
    every letter at once; here they would cost a quarter more and see only a chunk."""
    descriptor_path = write_package(tables, workdir, "csv", [], version=schema.SCHEMA_VERSION)  # never published
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        resource["schema"].pop("primaryKey", None)
        resource["schema"].pop("foreignKeys", None)
    _write_json(descriptor_path, descriptor)
    return validate_package(descriptor_path)


PLAIN_SOURCE_KEYS = {"title", "path"}  # all the Data Package profile asks of them: strings


def sources_to_validate(sources: list) -> list:
    """The sources the Data Package profile needs to see: one of each set of keys among the
    sources that hold a string title and path only (the profile asks those keys for strings
    and no more, so one stands for all; a test holds Frictionless to that), and every other
    source as it is. At 100,000 letters the sources one by one took Frictionless 2 s."""
    shapes = set()
    kept = []
    for source in sources:
        plain = isinstance(source, dict) and set(source) <= PLAIN_SOURCE_KEYS
        if plain and all(isinstance(value, str) for value in source.values()):
            if frozenset(source) in shapes:
                continue
            shapes.add(frozenset(source))
        kept.append(source)
    return kept


def validate_descriptors(descriptors: dict[str, Path]) -> list[ValidationIssue]:
    """The descriptors against the Data Package standard, and every file against its
    declared hash (and byte count): what holds a package together, without its rows."""
    import frictionless

    issues = []
    for fmt, descriptor in descriptors.items():
        content = json.loads(descriptor.read_text(encoding="utf-8"))
        if isinstance(content.get("sources"), list):
            content["sources"] = sources_to_validate(content["sources"])
        report = frictionless.Package.validate_descriptor(content)
        issues += [ValidationIssue(fmt, "(descriptor)", None, None, e.message) for e in report.errors]
        for resource in content["resources"]:
            path = descriptor.parent / resource["path"]
            if resource.get("hash") != f"sha256:{sha256_of(path)}":
                issues.append(ValidationIssue(fmt, resource["name"], None, None, "the file does not match its hash"))
            if "bytes" in resource and resource["bytes"] != path.stat().st_size:
                issues.append(
                    ValidationIssue(fmt, resource["name"], None, None, "the file does not have its byte count")
                )
    return issues


def last_publication(cache: CacheFolder, dist: Path) -> dict | None:
    """The record of what ``dist`` was published from, if ``dist`` is still exactly that.

    A file whose size and modification time are as recorded is taken to be unchanged (as
    git's index does); any other is read and its SHA-256 compared.
    """
    try:
        manifest = json.loads(cache.publication_record(dist).read_text(encoding="utf-8"))
        recorded = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not dist.is_dir():
        return None
    found = freshness.files_stamped(str(dist))  # as record_publication stamped them
    if len(found) != len(recorded):
        return None
    for name, size, mtime in found:
        if name not in recorded:
            return None
        recorded_size, recorded_mtime, digest = recorded[name]
        if (size, mtime) != (recorded_size, recorded_mtime) and sha256_of(dist / name) != digest:
            return None
    return manifest


def record_publication(cache: CacheFolder, dist: Path, inputs: str, keys: dict[str, str]) -> freshness.Stamp:
    """Remember what ``dist`` now holds, and from which inputs (SHA256SUMS gives the digests);
    returns the stamp of ``dist`` this record was made from."""
    digests = read_sums(dist) if (dist / SUMS).exists() else {}
    taken = time.time_ns()
    entries = freshness.files_stamped(str(dist))
    files = {name: [size, mtime, digests.get(name) or sha256_of(dist / name)] for name, size, mtime in entries}
    record = {"inputs": inputs, "keys": keys, "files": files}
    write_atomically(cache.publication_record(dist), json.dumps(record, sort_keys=True).encode())
    return freshness.stamp_of(entries, taken)


def _finish_swap(dist: Path) -> None:
    previous = previous_dir(dist)
    if previous.exists():
        if not dist.exists():
            os.replace(previous, dist)  # the swap stopped between its two renames
        else:
            shutil.rmtree(previous)


def recover(dist: Path) -> None:
    """Undo a swap that stopped half-way, and clear what interrupted runs staged.

    Call it holding the publication lock, before a run stages anything.
    """
    _finish_swap(dist)
    shutil.rmtree(staging_root(dist), ignore_errors=True)


def publish(staged: Path, dist: Path, lock: PublicationLock) -> None:
    """Swap the staged packages into ``dist``: two renames, recoverable if interrupted.
    The caller holds ``lock`` (since before it staged them)."""
    if not (lock.held and lock.dist == dist):
        raise RuntimeError(f"{dist}: publishing needs the publication lock held")
    _finish_swap(dist)
    previous = previous_dir(dist)
    if dist.exists():
        os.replace(dist, previous)
    os.replace(staged, dist)
    if previous.exists():
        shutil.rmtree(previous)
    try:
        staged.parent.rmdir()  # the staging root, when no other run is staging
    except OSError:
        pass
