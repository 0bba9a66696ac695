"""The source's search service (SRU 2.0): the query for a dossier, its result pages, and
the records in them.

An SRU error arrives as HTTP 200 with a ``diagnostics`` element: it is raised as
``SruError`` with the service's own message, never read as "no results".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from pipeline.errors import PipelineError
from pipeline.fetching import xmlsafe
from pipeline.fetching.http import Client

SRU = "http://docs.oasis-open.org/ns/search-ws/sruResponse"
GZD = "http://standaarden.overheid.nl/sru"
DCTERMS = "http://purl.org/dc/terms/"
DOSSIER = re.compile(r"^\d{4,6}(?:-[A-Za-z0-9]{1,8})?$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class SruError(PipelineError):
    """The search service answered with a diagnostic, or with something that is no SRU answer."""


@dataclass(frozen=True)
class Record:
    """One search result: a document and where its manifestations are."""

    identifier: str  # "kst-29754-302"
    modified: str  # the record's modified time, as the service gives it
    title: str = ""
    type: str = ""
    urls: dict[str, str] = field(default_factory=dict)  # manifestation ("xml", "pdf", "metadata") -> URL
    preferred_url: str = ""
    position: int = 0


def query(dossier: str, since: str | None = None) -> str:
    """The CQL query for one dossier's publications, modified on or after ``since``."""
    if not DOSSIER.match(dossier):
        raise SruError(f"'{dossier}' is not a dossier number (like 29754 or 36200-VII)")
    cql = f"c.product-area==officielepublicaties AND w.dossiernummer=={dossier}"
    if since is not None:
        if not DAY.match(since):
            raise SruError(f"'{since}' is not a date (YYYY-MM-DD)")
        cql += f" AND dt.modified>={since}"
    return cql


def search(client: Client, base_url: str, cql: str, page_size: int, max_bytes: int) -> Iterator[Record]:
    """Every record the query finds, page by page (``startRecord`` until ``numberOfRecords``)."""
    start = 1
    while True:
        params = {
            "operation": "searchRetrieve",
            "version": "2.0",
            "query": cql,
            "startRecord": str(start),
            "maximumRecords": str(page_size),
            "recordSchema": "gzd",
            "httpAccept": "application/xml",
        }
        body = client.get(base_url, max_bytes, params=params)
        total, records, following = parse_page(body, f"{base_url} (records from {start})")
        yield from records
        if following is None or following <= start or following > total:
            return
        start = following


def parse_page(body: bytes, shown: str) -> tuple[int, list[Record], int | None]:
    """(numberOfRecords, the page's records, the next start or None) of one result page."""
    try:
        root = xmlsafe.parse(body, shown)
    except xmlsafe.UnsafeXML as error:
        raise SruError(str(error)) from None
    if xmlsafe.local(root) != "searchRetrieveResponse":
        raise SruError(f"{shown}: not an SRU answer (root element '{xmlsafe.local(root)}')")
    diagnostics = root.find(f"{{{SRU}}}diagnostics")
    if diagnostics is not None and len(diagnostics):
        messages = []
        for diagnostic in diagnostics:
            parts = {xmlsafe.local(c): xmlsafe.text_of(c) for c in diagnostic}
            messages.append(" ".join(p for p in (parts.get("uri"), parts.get("message"), parts.get("details")) if p))
        raise SruError(f"{shown}: the search service reports: {'; '.join(messages)}")
    total_text = root.findtext(f"{{{SRU}}}numberOfRecords")
    if total_text is None or not total_text.strip().isdigit():
        raise SruError(f"{shown}: the answer gives no numberOfRecords")
    records = [_record(r, shown) for r in root.iter(f"{{{SRU}}}record")]
    following = root.findtext(f"{{{SRU}}}nextRecordPosition")
    if following is not None and following.strip().isdigit():
        return int(total_text), records, int(following)
    positions = [r.position for r in records if r.position]
    return int(total_text), records, (max(positions) + 1) if positions else None


def _record(element, shown: str) -> Record:
    position_text = element.findtext(f"{{{SRU}}}recordPosition") or "0"
    identifier = modified = title = kind = preferred = ""
    urls: dict[str, str] = {}
    for child in element.iter():
        name = xmlsafe.local(child)
        if child.tag == f"{{{DCTERMS}}}identifier" and not identifier:
            identifier = xmlsafe.text_of(child)
        elif child.tag == f"{{{DCTERMS}}}modified" and not modified:
            modified = xmlsafe.text_of(child)
        elif child.tag == f"{{{DCTERMS}}}title" and not title:
            title = xmlsafe.text_of(child)
        elif child.tag == f"{{{DCTERMS}}}type" and not kind:
            kind = xmlsafe.text_of(child)
        elif name == "preferredUrl":
            preferred = xmlsafe.text_of(child)
        elif name == "itemUrl" and child.get("manifestation"):
            urls.setdefault(child.get("manifestation"), xmlsafe.text_of(child))
    if not identifier:
        raise SruError(f"{shown}:{element.sourceline}: a record without a dcterms:identifier")
    return Record(
        identifier, modified, title, kind, urls, preferred, int(position_text) if position_text.strip().isdigit() else 0
    )
