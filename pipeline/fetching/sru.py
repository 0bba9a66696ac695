"""The source's search service (SRU 2.0): the query for a dossier, its result pages, and
the records in them.

Elements are matched by namespace URI, never by prefix: the real answers prefix every
element (``sru:``, ``gzd:``, ``dcterms:``, ``cd:`` …), but a prefix is the writer's choice.

Paging trusts ``nextRecordPosition`` only. ``numberOfRecords`` is an estimate (the service
says so in ``resultCountPrecision``), so it never ends the search. The search ends at a
page without ``nextRecordPosition`` or at a page without records.

An SRU error arrives as HTTP 200 with a ``diagnostics`` element. It is raised as
``SruError`` with the service's own message, and never read as "no results".
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
CD = "http://standaarden.overheid.nl/cup/data"
OVERHEIDWETGEVING = "http://standaarden.overheid.nl/wetgeving/"
DOSSIER = re.compile(r"^\d{4,6}(?:-[A-Za-z0-9]{1,8})?$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# cd:datumTijdstipWijzigingExpression, e.g. 2021-10-13T14:34:49.3152212+02:00
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})?$")
IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$")


class SruError(PipelineError):
    """The search service answered with a diagnostic, or with something that is no SRU answer."""


@dataclass(frozen=True)
class Record:
    """One search result: a document and where its manifestations are."""

    identifier: str  # "kst-29754-302"
    # The record's version: cd:datumTijdstipWijzigingExpression (a full timestamp) where the
    # record has one, else dcterms:modified (a day), so that two changes on one day differ.
    modified: str
    title: str = ""
    type: str = ""
    urls: dict[str, str] = field(default_factory=dict)  # manifestation ("xml", "pdf", "metadata") -> URL
    preferred_url: str = ""
    position: int = 0
    day: str = ""  # dcterms:modified, the day the search's dt.modified index knows
    dossiers: tuple[str, ...] = ()  # as the source writes them: "29754", "35925-VII"
    main_document: str = ""  # an attachment's overheidwetgeving:hoofddocument: "kst-35300-X-63"

    def dossier_for(self, asked: str) -> str:
        """The dossier number to keep for this record, found by a search for ``asked``: the
        record's own spelling of it, else its first dossier, else ``asked``."""
        own = [d for d in self.dossiers if dossier_key(d) == dossier_key(asked)]
        return (own or list(self.dossiers) or [asked])[0]


@dataclass(frozen=True)
class Page:
    """One result page: its records and where the next page starts (None: this is the last)."""

    records: list[Record]
    next_start: int | None
    estimate: int | None = None  # numberOfRecords: informative only


def dossier_number(text: str) -> str:
    """A dossier number as the source writes it: "36200-vii" and " 36200-VII " give "36200-VII"."""
    return text.strip().upper()


def dossier_key(text: str) -> str:
    """What two spellings of one dossier number share ("36200-VII", "36200 vii")."""
    return re.sub(r"[\s-]+", "", text).upper()


def day_of(value: str | None) -> str:
    """The day (YYYY-MM-DD) of a day or a timestamp as the source writes it, "" when neither."""
    day = (value or "").strip()[:10]
    return day if DAY.match(day) else ""


def later_day(*values: str | None) -> str:
    """The latest day of days and timestamps mixed ("" when none is one). Compared as days,
    because the search's ``dt.modified`` index takes a day: a timestamp and a bare date of
    the same day are the same day, whichever string sorts first."""
    return max((day_of(v) for v in values), default="")


def query(dossier: str, since: str | None = None) -> str:
    """The CQL query for one dossier's publications, modified on or after the day ``since``."""
    number = dossier_number(dossier)
    if not DOSSIER.match(number):
        raise SruError(f"'{dossier}' is not a dossier number (like 29754 or 36200-VII)")
    cql = f'c.product-area==officielepublicaties AND w.dossiernummer=="{number}"'
    if since is not None:
        if not DAY.match(since):
            raise SruError(f"'{since}' is not a date (YYYY-MM-DD)")
        cql += f" AND dt.modified>={since}"
    return cql


def search(client: Client, base_url: str, cql: str, page_size: int, max_bytes: int) -> Iterator[Record]:
    """Every record the query finds, page by page, each identifier once: ``startRecord`` is
    the previous page's ``nextRecordPosition`` until a page has none or has no records."""
    start = 1
    seen: set[str] = set()
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
        shown = f"{base_url} (records from {start})"
        page = parse_page(client.get(base_url, max_bytes, params=params), shown)
        for record in page.records:
            if record.identifier not in seen:  # a result that shifted between two pages
                seen.add(record.identifier)
                yield record
        if not page.records or page.next_start is None:
            return
        if page.next_start <= start:
            raise SruError(f"{shown}: nextRecordPosition {page.next_start} does not move past startRecord {start}")
        start = page.next_start


def parse_page(body: bytes, shown: str) -> Page:
    """The records of one result page and the start of the next page, if the page names one."""
    try:
        root = xmlsafe.parse(body, shown)
    except xmlsafe.UnsafeXML as error:
        raise SruError(str(error)) from None
    if root.tag != f"{{{SRU}}}searchRetrieveResponse":
        namespace = xmlsafe.namespace(root)
        raise SruError(
            f"{shown}: not an SRU 2.0 answer (root element '{xmlsafe.local(root)}'"
            + (f" in namespace {namespace})" if namespace else " without a namespace)")
        )
    diagnostics = root.find(f"{{{SRU}}}diagnostics")
    if diagnostics is not None and len(diagnostics):
        messages = []
        for diagnostic in diagnostics:
            parts = {xmlsafe.local(c): xmlsafe.text_of(c) for c in diagnostic}
            messages.append(" ".join(p for p in (parts.get("uri"), parts.get("message"), parts.get("details")) if p))
        raise SruError(f"{shown}: the search service reports: {'; '.join(messages)}")
    records = [read_record(r, shown) for r in root.iterfind(f"{{{SRU}}}records/{{{SRU}}}record")]
    following = root.findtext(f"{{{SRU}}}nextRecordPosition")
    if following is not None and not following.strip().isdigit():
        raise SruError(f"{shown}: nextRecordPosition '{following.strip()}' is not a number")
    estimate = (root.findtext(f"{{{SRU}}}numberOfRecords") or "").strip()
    return Page(
        records,
        int(following) if following is not None else None,
        int(estimate) if estimate.isdigit() else None,
    )


def read_record(element, shown: str) -> Record:
    """One ``sru:record`` element as a Record; ``SruError`` when it names no document."""
    texts: dict[str, list[str]] = {}
    urls: dict[str, str] = {}
    for child in element.iter():
        if not isinstance(child.tag, str):
            continue
        if child.tag == f"{{{GZD}}}itemUrl":
            if child.get("manifestation"):
                urls.setdefault(child.get("manifestation"), xmlsafe.text_of(child))
        else:
            texts.setdefault(child.tag, []).append(xmlsafe.text_of(child))

    def first(namespace: str, name: str) -> str:
        return next((t for t in texts.get(f"{{{namespace}}}{name}", []) if t), "")

    identifier = first(DCTERMS, "identifier")
    if not identifier:
        raise SruError(f"{shown}:{element.sourceline}: a record without a dcterms:identifier")
    day = day_of(first(DCTERMS, "modified"))
    stamp = first(CD, "datumTijdstipWijzigingExpression")
    modified = stamp if TIMESTAMP.match(stamp) else day
    main_document = first(OVERHEIDWETGEVING, "hoofddocument")
    position = first(SRU, "recordPosition")
    return Record(
        identifier,
        modified,
        first(DCTERMS, "title"),
        first(DCTERMS, "type"),
        urls,
        first(GZD, "preferredUrl"),
        int(position) if position.isdigit() else 0,
        day=day or day_of(modified),
        dossiers=tuple(dict.fromkeys(t for t in texts.get(f"{{{OVERHEIDWETGEVING}}}dossiernummer", []) if t)),
        main_document=main_document if IDENTIFIER.match(main_document) else "",
    )
