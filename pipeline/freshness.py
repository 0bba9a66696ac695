"""Whether a publication must be made again, told cheaply.

What belongs here is what ``pipeline publish`` needs to answer "unchanged" before it loads
anything heavy: nothing in this module reads a letter, imports Arrow or Dagster.

- The code's version: one digest of the package's files and of the libraries whose
  behaviour a part holds. It keys the per-letter cache and the publication.
- Stamps of folders: one digest of every file's relative path, size and modification time.
  As git's index does, a file whose size and time are as stamped is taken to be unchanged.
  A stamp taken within a tick of the file system's clock after its newest file was written
  does not count: a file written again within the same tick would keep its time (git calls
  such entries "racily clean").
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import multiprocessing
import os
import platform
import stat
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

# The package's one folder that no part or publication depends on (the benchmark and the
# synthetic generator): the code's digest walks every other file of the package.
DEVTOOLS = "devtools"
# The libraries whose behaviour a part holds: Arrow's types and casts, Pillow's chart pixels,
# Frictionless's validation, the PDF readers' words and positions, lxml's XML parsing.
PART_LIBRARIES = ("pyarrow", "pillow", "frictionless", "pypdfium2", "pdfplumber", "pdfminer.six", "lxml")

# How long after its newest file was written a stamp is trusted: longer than one tick of the
# file system's clock. Times with a fraction of a second come from a clock that ticks at least
# every hundredth of a second (ext4, XFS, Btrfs, APFS, NTFS, exFAT); times in whole seconds
# from one that may tick every second or two (ext3, HFS+, FAT).
SETTLE_SECONDS = 0.1
SETTLE_SECONDS_WHOLE = 2.0


HERE = Path(__file__).parent  # the pipeline package


def library_versions() -> dict[str, str]:
    """The installed versions of Python and of ``PART_LIBRARIES``."""
    found = {"python": platform.python_version()}
    for name in PART_LIBRARIES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "absent"
    return found


@functools.cache
def code_version() -> str:
    """One digest of what makes a part and a publication other than the letters: every
    module of the pipeline package (found by walking it, so that none can be forgotten; bar
    ``DEVTOOLS``) and the versions of the libraries it works with (an upgrade of Pillow or
    pyarrow can change a chart's bytes or a column's type). Any change to it makes every
    letter and the publication again, so that what older code made never stands in for what
    this code makes."""
    return code_digest(HERE)


def code_digest(package: Path) -> str:
    """``code_version`` of the package in the folder ``package``."""
    digest = hashlib.sha256()
    for path in code_files(package):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(json.dumps(library_versions(), sort_keys=True).encode())
    return digest.hexdigest()


def code_files(package: Path) -> list[Path]:
    """The files of the package the code's digest is taken over: every one but the caches
    Python writes and the ``DEVTOOLS`` folder."""
    return sorted(
        path
        for path in package.rglob("*")
        if path.is_file()
        and path.relative_to(package).parts[0] != DEVTOOLS
        and "__pycache__" not in path.parts
        and path.suffix not in (".pyc", ".pyo")
    )


# -- stamps of folders --------------------------------------------------------------------


class Stamp(NamedTuple):
    """A folder's stamp: the digest of its files' names, sizes and times, the time of its
    newest file, and when the stamp was taken (nanoseconds since the epoch)."""

    digest: str
    newest_ns: int
    taken_ns: int

    def matches(self, recorded: object) -> bool:
        """Whether a stamp recorded earlier (``as_record``) shows the folder as it is now,
        and was taken long enough after its newest file was written to be trusted."""
        if not isinstance(recorded, dict) or recorded.get("digest") != self.digest:
            return False
        taken = recorded.get("taken_ns")
        settle = SETTLE_SECONDS if self.newest_ns % 1_000_000_000 else SETTLE_SECONDS_WHOLE
        return isinstance(taken, int) and taken - self.newest_ns >= settle * 1e9

    def as_record(self) -> dict:
        return self._asdict()


def files_stamped(root: str) -> list[tuple[str, int, int]]:
    """Every file under ``root`` as (relative POSIX path, size, modification time in ns),
    depth first in the order of the names; the files ``os.walk`` finds (a link to a file
    counts as that file, a link to a folder is not followed). ``OSError`` if a file
    vanishes meanwhile."""
    entries: list[tuple[str, int, int]] = []
    _stamp_folder(root, "", entries)
    return entries


def _stamp_folder(folder: str, prefix: str, entries: list[tuple[str, int, int]]) -> None:
    handle = os.open(folder, os.O_RDONLY)
    try:
        for name in sorted(os.listdir(handle)):
            # by name within the open folder: a third quicker than by the whole path
            found = os.stat(name, dir_fd=handle, follow_symlinks=False)
            if stat.S_ISLNK(found.st_mode):  # a link counts as what it points at
                try:
                    found = os.stat(name, dir_fd=handle)
                except FileNotFoundError:
                    continue  # points at nothing: os.walk does not list it as a file either
                if stat.S_ISDIR(found.st_mode):
                    continue  # a link to a folder is not followed
            if stat.S_ISDIR(found.st_mode):
                _stamp_folder(os.path.join(folder, name), f"{prefix}{name}/", entries)
            else:
                entries.append((prefix + name, found.st_size, found.st_mtime_ns))
    finally:
        os.close(handle)


def stamp_of(entries: list[tuple[str, int, int]], taken_ns: int) -> Stamp:
    """The stamp of a folder whose files are ``entries`` (``files_stamped``)."""
    text = "".join(f"{name}\0{size}\0{mtime}\n" for name, size, mtime in entries)
    newest = max((mtime for _, _, mtime in entries), default=0)
    # a name the file system gives in bytes that are not UTF-8 keeps them (surrogateescape)
    return Stamp(hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest(), newest, taken_ns)


def folder_stamp(root: str) -> Stamp | None:
    """The stamp of the folder ``root``; None when it is not a folder or cannot be listed."""
    listing = folder_listing(root)
    return None if listing is None else listing.stamp()


@dataclass(frozen=True)
class Listing:
    """Every file under a folder with its size and time, as listed once: what the stamp
    is made of, kept to answer later questions about the folder without asking the disk."""

    root: str
    entries: list[tuple[str, int, int]]  # files_stamped
    taken_ns: int

    def stamp(self) -> Stamp:
        return stamp_of(self.entries, self.taken_ns)

    @functools.cached_property
    def _prefix(self) -> str:
        return os.path.join(self.root, "")

    def paths(self) -> list[str]:
        """Each file's path, as ``os.path.join(root, name)`` would give it."""
        prefix = self._prefix
        return [prefix + name for name, _, _ in self.entries]

    @functools.cached_property
    def _by_name(self) -> dict[str, tuple[int, int]]:
        return {name: (size, mtime) for name, size, mtime in self.entries}

    def size_and_time(self, path: str) -> tuple[int, int]:
        """The size and time (ns) of a file under ``root`` when listed, by its path
        (``paths``); ``FileNotFoundError`` if it was not there."""
        found = self._by_name.get(path[len(self._prefix) :]) if path.startswith(self._prefix) else None
        if found is None:
            raise FileNotFoundError(path)
        return found


def folder_listing(root: str) -> Listing | None:
    """Every file under the folder ``root``; None when it is not a folder or cannot be listed."""
    taken = time.time_ns()
    if not os.path.isdir(root):
        return None
    try:
        return Listing(root, files_stamped(root), taken)
    except OSError:
        return None


def _fork_context():
    """A way to run a function in a second process that costs milliseconds, where there is
    one: fork, on Linux (macOS has it but its system libraries are not safe to fork)."""
    if sys.platform != "linux" or (os.cpu_count() or 1) < 2:
        return None
    return multiprocessing.get_context("fork")


def listing_and_stamp(here: str, there: str) -> tuple[Listing | None, Stamp | None]:
    """The listing of one folder and the stamp of another, side by side: each file is one
    ``stat`` call, which costs microseconds, and a corpus has hundreds of thousands of files."""
    context = _fork_context()
    if context is not None:
        try:
            with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
                other = pool.submit(folder_stamp, there)
                return folder_listing(here), other.result()
        except (OSError, BrokenProcessPool):  # no second process to be had: one after the other
            pass
    return folder_listing(here), folder_stamp(there)
