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

What belongs here besides the paths: ``save_summary``, which keeps the summary a later run
reads when it finds nothing changed (``pipeline.run.unchanged_publication``, which reads the
letters and the publication record as well and so lives above the modules that keep them).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.freshness import Stamp

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
