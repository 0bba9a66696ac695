"""Where fetched documents go in raw/, and what is kept of where they came from.

A document ``<id>`` of the source is stored as ``raw/<folder>/<id>.xml`` (its text and
tables), ``<id>.metadata.xml`` (the source's metadata) and, when the XML holds no text,
``<id>.pdf``; ``<id>.source.json`` records the record's identifiers (its dossier as the
record writes it, and for an attachment ``main_document``, the document it belongs to),
its modified time, the URLs and the SHA-256 of every file stored, and is written last, so
a document whose provenance is there is complete. No clock time is kept: raw/ stays a
function of the source, and dist/ of raw/.

An identifier comes from the service, so it is untrusted: only ``[a-z0-9._-]`` names that
do not start with a dot are stored; anything else is refused, never rewritten into a path.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.files import write_atomically

SAFE_IDENTIFIER = re.compile(r"^[a-z0-9][a-z0-9._-]{0,119}$")
PROVENANCE_SUFFIX = ".source.json"
METADATA_SUFFIX = ".metadata.xml"
STATE_FILE = "fetch-state.json"


class UnsafeIdentifier(PipelineError):
    pass


def document_stem(identifier: str) -> str:
    """The file name stem for a source identifier; ``UnsafeIdentifier`` when it could
    name anything but one file in the folder ("../x", "/etc/passwd", "a/b", "a\\b")."""
    stem = identifier.strip().lower()
    if not SAFE_IDENTIFIER.match(stem) or ".." in stem:
        raise UnsafeIdentifier(f"the identifier {identifier!r} is not a safe file name; the record is skipped")
    return stem


class Store:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, stem: str, suffix: str) -> Path:
        path = self.folder / f"{stem}{suffix}"
        if path.resolve().parent != self.folder.resolve():
            raise UnsafeIdentifier(f"{stem!r} would leave {self.folder}")  # belt and braces
        return path

    def provenance(self, stem: str) -> dict | None:
        """What was stored of a document, if it was stored completely and still is."""
        path = self.path(stem, PROVENANCE_SUFFIX)
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        for name, digest in record.get("files", {}).items():
            stored = self.folder / name
            if not stored.is_file() or hashlib.sha256(stored.read_bytes()).hexdigest() != digest:
                return None  # changed or lost since: fetch it again
        return record

    def digests(self, stem: str, files: dict[str, bytes]) -> dict[str, str]:
        """The provenance's ``files``: each file's name and SHA-256."""
        return dict(
            sorted((self.path(stem, suffix).name, hashlib.sha256(data).hexdigest()) for suffix, data in files.items())
        )

    def put(self, stem: str, files: dict[str, bytes], provenance: dict) -> None:
        """Store a document's files, then its provenance (with their SHA-256)."""
        for suffix, data in files.items():
            write_atomically(self.path(stem, suffix), data)
        digests = self.digests(stem, files)
        for suffix in (".xml", METADATA_SUFFIX, ".pdf"):
            if suffix not in files:  # a manifestation it no longer has (an XML now full: no PDF)
                self.path(stem, suffix).unlink(missing_ok=True)
        record = dict(provenance, files=digests)
        write_atomically(
            self.path(stem, PROVENANCE_SUFFIX),
            (json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode(),
        )

    def state(self) -> dict:
        try:
            return json.loads((self.folder / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def save_state(self, state: dict) -> None:
        write_atomically(self.folder / STATE_FILE, (json.dumps(state, indent=2, sort_keys=True) + "\n").encode())
