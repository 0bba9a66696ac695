"""The cache folder: every path in it, and the check that a publication is unchanged.

One folder (``--cache``; ``$PIPELINE_CACHE_DIR``, else ``.cache/pipeline``) holds all that a run
keeps for the next one. This module names every path in it; no other module joins a name
onto the cache folder.

- ``parts/<ab>/<key>.pickle``: each letter's rows by part key (``pipeline.parts``)
- ``files/<ab>/<key>.<kind>``: each letter's page, sheet and chart
- ``assembled/``: the last assembly of the five resources (``assembled.tmp/`` while it is written)
- ``keys.json``: the part keys of raw/'s files by size and time, so that a refresh reads
  only the letters that moved
- ``publications/<dist>.json``: what a dist/ folder was last published from, file by file
  (``pipeline.packaging``)
- ``publications/<dist>.summary.json``: what ``pipeline publish`` printed of it, with the
  stamps of raw/ and dist/ at the time
- ``publications/<dist>-deflated/``: the deflated pieces of its CSV zip (``pipeline.archives``)

``<dist>`` is a digest of the dist/ folder's absolute path, so that publications into several
folders can share one cache.

What belongs here besides the paths: ``unchanged_publication``, which tells from the records
above, before anything heavy is imported, that ``dist/`` already holds what ``raw/`` and the code
make; and ``save_summary``, which keeps the record it reads.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.freshness import Listing, Stamp

Stamps = tuple["Stamp | None", "Stamp | None"]  # of raw/ and dist/


def default_root() -> Path:
    """Where the cache lives unless told otherwise: $PIPELINE_CACHE_DIR, else .cache/pipeline
    (read when asked, so a changed environment is seen without importing again)."""
    return Path(os.environ.get("PIPELINE_CACHE_DIR") or ".cache/pipeline")


@dataclass(frozen=True)
class CacheFolder:
    """The paths of one cache folder."""

    root: Path

    @classmethod
    def at(cls, root: Path | str | None) -> CacheFolder:
        """The cache folder ``root``, or the default one."""
        return cls(Path(root) if root else default_root())

    @property
    def parts(self) -> Path:
        return self.root / "parts"

    @property
    def files(self) -> Path:
        return self.root / "files"

    @property
    def assembled(self) -> Path:
        return self.root / "assembled"

    @property
    def assembled_staging(self) -> Path:
        return self.root / ".assembled.tmp"

    @property
    def keys_memo(self) -> Path:
        return self.root / "keys.json"

    def _publication(self, dist: Path, suffix: str) -> Path:
        name = hashlib.sha256(str(dist.resolve()).encode()).hexdigest()[:16]
        return self.root / "publications" / f"{name}{suffix}"

    def publication_record(self, dist: Path) -> Path:
        """What ``dist`` was last published from, file by file."""
        return self._publication(dist, ".json")

    def printed_summary(self, dist: Path) -> Path:
        """What ``pipeline publish`` printed of the publication in ``dist``."""
        return self._publication(dist, ".summary.json")

    def deflated_pieces(self, dist: Path) -> Path:
        """The deflated pieces of the CSV zip of the publication in ``dist``."""
        return self._publication(dist, "-deflated")


def as_record(stamp: Stamp | None) -> dict | None:
    return None if stamp is None else stamp.as_record()


def save_summary(
    cache: CacheFolder, dist: Path, inputs: str, facts: dict, raw_stamp: dict | None, dist_stamp: dict | None
) -> None:
    """Keep what this run printed of the publication dist/ now holds, for a later run with
    the same inputs that needs no Dagster run at all: with the code's version and the stamps
    of raw/ (taken before the run read it) and of dist/ (taken once it was published)."""
    from pipeline import freshness
    from pipeline.files import write_atomically

    facts = {
        k: v for k, v in facts.items() if k not in ("unchanged", "version", "previous_version", "changes", "dry_run")
    }
    record = {"inputs": inputs, "facts": facts, "code": freshness.code_version(), "raw": raw_stamp, "dist": dist_stamp}
    write_atomically(cache.printed_summary(dist), json.dumps(record).encode(), durable=False)


def unchanged_publication(raw: Path, dist: Path, cache: CacheFolder) -> tuple[dict | None, Stamps]:
    """The summary of the publication dist/ holds, when the letters in raw/, the code and
    its libraries are exactly those it was made from and dist/ is exactly as published;
    None otherwise, or when anything cannot be told for certain. With it, the stamps of
    raw/ and dist/ as this looked at them.

    Quick when the stamps of raw/ and dist/ are those recorded: two folders listed and
    every file's size and time looked at, nothing read. Otherwise each letter's key and
    each published file are checked as recorded (reading any file whose time moved), and
    when that finds nothing changed the new stamps are recorded for the next time.
    """
    from pipeline import freshness

    listing, dist_stamp = freshness.listing_and_stamp(str(raw), str(dist))
    raw_stamp = None if listing is None else listing.stamp()
    stamps = (raw_stamp, dist_stamp)
    try:
        kept = json.loads(cache.printed_summary(dist).read_text(encoding="utf-8"))
        facts, inputs = kept["facts"], kept["inputs"]
    except (OSError, ValueError, KeyError, TypeError):
        return None, stamps
    if (
        kept.get("code") == freshness.code_version()
        and raw_stamp is not None
        and raw_stamp.matches(kept.get("raw"))
        and dist_stamp is not None
        and dist_stamp.matches(kept.get("dist"))
    ):
        return facts, stamps
    if listing is None or not unchanged_file_by_file(listing, dist, cache, inputs):
        return None, stamps
    save_summary(cache, dist, inputs, facts, as_record(raw_stamp), as_record(dist_stamp))
    return facts, stamps


def unchanged_file_by_file(raw: Listing, dist: Path, cache: CacheFolder, inputs: str) -> bool:
    """Whether each letter's key gives ``inputs`` and dist/ is file by file as published
    from them (the slower check, for when the stamps do not tell; the letters' sizes and
    times come from the listing of raw/ the stamp was made of)."""
    from pipeline import packaging, parts
    from pipeline.errors import PipelineError

    try:
        # The letters first: when one changed, dist/'s files need not be looked at.
        if parts.inputs_of(Path(raw.root), parts.Workspace(cache.root), raw) != inputs:
            return False
        last = packaging.last_publication(cache, dist)
    except (OSError, ValueError, KeyError, PipelineError):
        return False
    return last is not None and last.get("inputs") == inputs
