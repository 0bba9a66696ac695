"""One fetch: search each dossier, download what is new or changed, store it in raw/.

A record whose stored provenance has the same modified time (its timestamp where the record
has one, else its day) is not downloaded again; one whose time differs is downloaded, and
counts as changed when a file differs from the one stored. A cursor per dossier (the
latest ``dcterms:modified`` day seen, the day the search's ``dt.modified`` index takes)
narrows the next search, and is saved only when every record of the dossier was dealt
with, so an interrupted or partly failed fetch is simply resumed by the next one. One
failing document is listed and the rest are fetched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.errors import PipelineError
from pipeline.fetching import sru, xmlsafe
from pipeline.fetching.config import Sources
from pipeline.fetching.http import Client, FetchError
from pipeline.fetching.store import METADATA_SUFFIX, Store, document_stem


@dataclass
class Summary:
    found: int = 0
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)  # "<what>: <reason>"
    requests: int = 0

    def lines(self) -> list[str]:
        out = [
            f"{self.found} found, {len(self.new)} new, {len(self.changed)} changed, "
            f"{self.unchanged} unchanged, {len(self.failed)} failed ({self.requests} requests)"
        ]
        out += [f"  new: {s}" for s in self.new] + [f"  changed: {s}" for s in self.changed]
        out += [f"  failed: {f}" for f in self.failed]
        return out


def client_for(sources: Sources, sru_url: str) -> Client:
    hosts = {urlsplit(sru_url).hostname or ""} | set(sources.document_hosts)
    return Client(sources.user_agent, hosts, sources.requests_per_second)


def fetch_dossiers(
    sources: Sources,
    raw: Path,
    dossiers: list[str] | None = None,
    since: str | None = None,
    sru_url: str | None = None,
    client: Client | None = None,
) -> Summary:
    sru_url = sru_url or sources.sru
    client = client or client_for(sources, sru_url)
    store = Store(raw / sources.folder)
    state = store.state()
    cursors: dict[str, str] = state.setdefault("cursors", {})
    summary = Summary()
    for dossier in dossiers or list(sources.dossiers):
        start = since or sru.day_of(cursors.get(dossier)) or None
        try:
            cql = sru.query(dossier, start)
            records = list(sru.search(client, sru_url, cql, sources.page_size, sources.max_search_bytes))
        except PipelineError as error:
            summary.failed.append(f"dossier {dossier}: {error}")
            continue
        complete = True
        latest = cursors.get(dossier, "")
        for record in records:
            summary.found += 1
            try:
                outcome = fetch_record(client, store, sources, record, dossier)
            except PipelineError as error:
                summary.failed.append(f"{record.identifier}: {error}")
                complete = False
                continue
            if outcome == "unchanged":
                summary.unchanged += 1
            else:
                getattr(summary, outcome).append(record.identifier)
            latest = sru.later_day(latest, record.day)
        if complete and latest:
            cursors[dossier] = latest
    if cursors or state:
        store.folder.mkdir(parents=True, exist_ok=True)
        store.save_state(state)
    summary.requests = client.requests
    return summary


def fetch_record(client: Client, store: Store, sources: Sources, record: sru.Record, dossier: str) -> str:
    """Store one record's document unless it is stored with the same modified time:
    "new", "changed" or "unchanged" (a new modified time, the same files)."""
    stem = document_stem(record.identifier)
    known = store.provenance(stem)
    if known is not None and known.get("modified") == record.modified:
        return "unchanged"
    files: dict[str, bytes] = {}
    xml_url, pdf_url, metadata_url = (record.urls.get(m) for m in ("xml", "pdf", "metadata"))
    if xml_url:
        xml = client.get(xml_url, sources.max_document_bytes)
        if xml.strip():
            root = xmlsafe.parse(xml, xml_url)
            if xmlsafe.text_of(root):
                files[".xml"] = xml
    if ".xml" not in files:  # an attachment, or a document whose XML holds no text: its PDF
        if not pdf_url:
            raise FetchError("the record gives no XML with text and no PDF")
        files[".pdf"] = client.get(pdf_url, sources.max_document_bytes)
        if not files[".pdf"].startswith(b"%PDF-"):
            raise FetchError(f"{pdf_url}: not a PDF")
    if metadata_url:
        metadata = client.get(metadata_url, sources.max_document_bytes)
        xmlsafe.parse(metadata, metadata_url)
        files[METADATA_SUFFIX] = metadata
    provenance = {
        "identifier": record.identifier,
        "dossier": record.dossier_for(dossier),
        "title": record.title,
        "type": record.type,
        "modified": record.modified,
        "preferred_url": record.preferred_url,
        "urls": dict(sorted(record.urls.items())),
    }
    if record.main_document:  # an attachment names the document it belongs to
        provenance["main_document"] = record.main_document
    same = known is not None and known.get("files") == store.digests(stem, files)
    store.put(stem, files, provenance)
    return "new" if known is None else "unchanged" if same else "changed"
