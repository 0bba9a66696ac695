"""pipeline fetch against a local stand-in of officielebekendmakingen (tests/replay.py):
searching, downloading, storing, the good-citizen rules, and untrusted answers."""

from __future__ import annotations

import copy
import json
import time

import pytest
from replay import Answer, Replay

from pipeline.fetching import sru, xmlsafe
from pipeline.fetching.config import Sources
from pipeline.fetching.fetch import fetch_dossiers
from pipeline.fetching.http import Client
from pipeline.fetching.store import UnsafeIdentifier, document_stem

SRU_NS = 'xmlns:sru="http://docs.oasis-open.org/ns/search-ws/sruResponse"'


def sources(**overrides) -> Sources:
    values = dict(dossiers=("29754",), requests_per_second=50.0, page_size=2)
    values.update(overrides)
    return Sources(**values)


def record(identifier: str, modified: str, origin: str, position: int, xml: bool = True) -> str:
    items = [
        f'<gzd:itemUrl manifestation="metadata">{origin}/meta/{identifier}.xml</gzd:itemUrl>',
        f'<gzd:itemUrl manifestation="pdf">{origin}/pdf/{identifier}.pdf</gzd:itemUrl>',
    ]
    if xml:
        items.insert(0, f'<gzd:itemUrl manifestation="xml">{origin}/xml/{identifier}.xml</gzd:itemUrl>')
    return f"""<sru:record><sru:recordData><gzd:gzd xmlns:gzd="http://standaarden.overheid.nl/sru">
<gzd:originalData><meta xmlns:dcterms="http://purl.org/dc/terms/"><owmskern>
<dcterms:identifier>{identifier}</dcterms:identifier><dcterms:title>Brief {identifier}</dcterms:title>
<dcterms:type>Kamerstuk</dcterms:type><dcterms:modified>{modified}</dcterms:modified>
</owmskern></meta></gzd:originalData>
<gzd:enrichedData>{"".join(items)}</gzd:enrichedData></gzd:gzd></sru:recordData>
<sru:recordPosition>{position}</sru:recordPosition></sru:record>"""


def page(total: int, records: list[str], following: int | None = None) -> bytes:
    nxt = f"<sru:nextRecordPosition>{following}</sru:nextRecordPosition>" if following else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sru:searchRetrieveResponse {SRU_NS}>'
        f"<sru:version>2.0</sru:version><sru:numberOfRecords>{total}</sru:numberOfRecords>"
        f"<sru:records>{''.join(records)}</sru:records>{nxt}</sru:searchRetrieveResponse>"
    ).encode()


DOCUMENT = b'<?xml version="1.0"?>\n<officiele-publicatie><kamerstuk><al>Den Haag, 3 maart 2020</al></kamerstuk></officiele-publicatie>\n'
EMPTY = b'<?xml version="1.0"?>\n<officiele-publicatie/>\n'
METADATA = (
    b'<?xml version="1.0"?>\n<metadata_gegevens><metadata name="DC.type" content="Kamerstuk"/></metadata_gegevens>\n'
)
PDF = b"%PDF-1.4\n% a stand-in\n%%EOF\n"


def serve_documents(server: Replay, *identifiers: str, document: bytes = DOCUMENT) -> None:
    for identifier in identifiers:
        server.route(f"/xml/{identifier}.xml", Answer(document))
        server.route(f"/meta/{identifier}.xml", Answer(METADATA))
        server.route(f"/pdf/{identifier}.pdf", Answer(PDF, content_type="application/pdf"))


def fetch(server: Replay, raw, **kwargs):
    return fetch_dossiers(kwargs.pop("config", sources()), raw, sru_url=f"{server.origin}/sru", **kwargs)


# ---- the search and the store ----------------------------------------------------------------


def test_two_pages_of_records_are_stored_with_their_provenance_and_a_second_fetch_downloads_nothing(tmp_path):
    with Replay() as server:
        o = server.origin
        server.route(
            "/sru",
            Answer(page(3, [record("kst-1-1", "2020-03-03", o, 1), record("kst-1-2", "2020-03-04", o, 2)], 3)),
            start="1",
        )
        server.route("/sru", Answer(page(3, [record("kst-1-3", "2020-03-05", o, 3)])), start="3")
        serve_documents(server, "kst-1-1", "kst-1-2", "kst-1-3")
        first = fetch(server, tmp_path)
        assert (first.found, sorted(first.new), first.failed) == (3, ["kst-1-1", "kst-1-2", "kst-1-3"], [])
        folder = tmp_path / "officielebekendmakingen"
        assert (folder / "kst-1-1.xml").read_bytes() == DOCUMENT
        assert (folder / "kst-1-1.metadata.xml").read_bytes() == METADATA
        provenance = json.loads((folder / "kst-1-1.source.json").read_text())
        assert provenance["modified"] == "2020-03-03" and provenance["urls"]["xml"] == f"{o}/xml/kst-1-1.xml"
        assert set(provenance["files"]) == {"kst-1-1.xml", "kst-1-1.metadata.xml"}
        asked = len(server.asked)
        second = fetch(server, tmp_path)
        assert (second.found, second.new, second.changed, second.unchanged) == (3, [], [], 3)
        assert all(path == "/sru" for path in server.paths_asked()[asked:])  # the search pages only
        # the cursor narrows the second search to what was modified since the latest record
        assert "dt.modified>=2020-03-05" in server.asked[-1][1]["query"][0]


def test_a_changed_record_is_downloaded_again(tmp_path):
    with Replay() as server:
        o = server.origin
        server.route(
            "/sru",
            Answer(page(1, [record("kst-1-1", "2020-03-03", o, 1)])),
            Answer(page(1, [record("kst-1-1", "2020-04-01", o, 1)])),
        )
        changed = DOCUMENT.replace(b"3 maart", b"4 maart")
        server.route("/xml/kst-1-1.xml", Answer(DOCUMENT), Answer(changed))
        server.route("/meta/kst-1-1.xml", Answer(METADATA))
        assert fetch(server, tmp_path).new == ["kst-1-1"]
        again = fetch(server, tmp_path)
        assert again.changed == ["kst-1-1"]
        assert (tmp_path / "officielebekendmakingen" / "kst-1-1.xml").read_bytes() == changed


def test_a_document_whose_xml_holds_no_text_is_fetched_as_its_pdf(tmp_path):
    with Replay() as server:
        o = server.origin
        server.route("/sru", Answer(page(1, [record("blg-1-9", "2020-03-03", o, 1)])))
        serve_documents(server, "blg-1-9", document=EMPTY)
        summary = fetch(server, tmp_path)
        folder = tmp_path / "officielebekendmakingen"
        assert summary.new == ["blg-1-9"] and (folder / "blg-1-9.pdf").read_bytes() == PDF
        assert not (folder / "blg-1-9.xml").exists()


def test_an_interrupted_fetch_is_resumed_by_the_next(tmp_path):
    with Replay() as server:
        o = server.origin
        records = [record("kst-1-1", "2020-03-03", o, 1), record("kst-1-2", "2020-03-04", o, 2)]
        server.route("/sru", Answer(page(2, records)))
        serve_documents(server, "kst-1-1")
        server.route("/xml/kst-1-2.xml", Answer(b"gone", 404, content_type="text/plain"), Answer(DOCUMENT))
        server.route("/meta/kst-1-2.xml", Answer(METADATA))
        first = fetch(server, tmp_path)
        assert first.new == ["kst-1-1"] and len(first.failed) == 1 and "HTTP 404" in first.failed[0]
        state = json.loads((tmp_path / "officielebekendmakingen" / "fetch-state.json").read_text())
        assert "29754" not in state["cursors"]  # not every record was dealt with: no cursor yet
        second = fetch(server, tmp_path)
        assert (second.new, second.unchanged, second.failed) == (["kst-1-2"], 1, [])


# ---- a good citizen ---------------------------------------------------------------------------


def test_requests_name_the_project_and_keep_to_the_rate(tmp_path):
    with Replay() as server:
        o = server.origin
        server.route("/sru", Answer(page(1, [record("kst-1-1", "2020-03-03", o, 1)])))
        serve_documents(server, "kst-1-1")
        client = Client("nl-kamerbrief-tables/test", {"127.0.0.1"}, requests_per_second=10)
        started = time.monotonic()
        fetch(server, tmp_path, client=client)
        assert time.monotonic() - started >= 0.2  # three requests at most ten a second
        assert {headers["User-Agent"] for _, _, headers in server.asked} == {"nl-kamerbrief-tables/test"}


def test_429_with_retry_after_and_503_are_retried(tmp_path):
    with Replay() as server:
        o = server.origin
        server.route(
            "/sru",
            Answer(b"slow down", 429, {"Retry-After": "1"}, "text/plain"),
            Answer(b"busy", 503, content_type="text/plain"),
            Answer(page(1, [record("kst-1-1", "2020-03-03", o, 1)])),
        )
        serve_documents(server, "kst-1-1")
        started = time.monotonic()
        summary = fetch(server, tmp_path)
        assert summary.new == ["kst-1-1"] and time.monotonic() - started >= 1.0
        assert server.paths_asked()[:3] == ["/sru", "/sru", "/sru"]


def test_a_search_diagnostic_is_an_error_not_an_empty_result(tmp_path):
    diagnostic = (
        f'<sru:searchRetrieveResponse {SRU_NS} xmlns:diag="http://docs.oasis-open.org/ns/search-ws/diagnostic">'
        "<sru:numberOfRecords>0</sru:numberOfRecords><sru:diagnostics><diag:diagnostic>"
        "<diag:uri>info:srw/diagnostic/1/6</diag:uri><diag:message>Unsupported parameter value</diag:message>"
        "</diag:diagnostic></sru:diagnostics></sru:searchRetrieveResponse>"
    ).encode()
    with Replay() as server:
        server.route("/sru", Answer(diagnostic))
        summary = fetch(server, tmp_path)
        assert summary.found == 0 and len(summary.failed) == 1
        assert "info:srw/diagnostic/1/6 Unsupported parameter value" in summary.failed[0]


# ---- untrusted answers --------------------------------------------------------------------------


@pytest.mark.parametrize("identifier", ["../kst-1-1", "/etc/passwd", "a/b", "a\\b", ".hidden", "kst..1", "", "x" * 200])
def test_an_identifier_never_names_a_path_outside_the_folder(identifier):
    with pytest.raises(UnsafeIdentifier):
        document_stem(identifier)


def test_a_record_with_a_path_like_identifier_is_skipped_and_listed(tmp_path):
    with Replay() as server:
        o = server.origin
        server.route("/sru", Answer(page(1, [record("../../evil", "2020-03-03", o, 1)])))
        summary = fetch(server, tmp_path)
        assert summary.new == [] and "not a safe file name" in summary.failed[0]
        assert not any(p.name == "evil.xml" for p in tmp_path.parent.rglob("evil.xml"))


def test_a_document_url_on_another_host_is_refused(tmp_path):
    with Replay() as server:
        server.route("/sru", Answer(page(1, [record("kst-1-1", "2020-03-03", "https://elders.example", 1)])))
        summary = fetch(server, tmp_path)
        assert "refused, not a host of the source" in summary.failed[0]
        assert server.paths_asked() == ["/sru"]


def test_a_redirect_off_the_service_host_is_refused(tmp_path):
    with Replay() as server:
        o = server.origin
        server.route("/sru", Answer(page(1, [record("kst-1-1", "2020-03-03", o, 1)])))
        server.route("/xml/kst-1-1.xml", Answer(b"", 302, {"Location": "https://elders.example/x.xml"}))
        summary = fetch(server, tmp_path)
        assert "https://elders.example/x.xml: refused" in summary.failed[0]


def test_a_response_larger_than_the_limit_is_cut_off(tmp_path):
    with Replay() as server:
        o = server.origin
        server.route("/sru", Answer(page(1, [record("kst-1-1", "2020-03-03", o, 1)])))
        serve_documents(server, "kst-1-1", document=b"<a>" + b"x" * 5000 + b"</a>")
        summary = fetch(server, tmp_path, config=sources(max_document_bytes=1000))
        assert "more than the 1,000 allowed" in summary.failed[0]
        assert not (tmp_path / "officielebekendmakingen" / "kst-1-1.xml").exists()


@pytest.mark.parametrize(
    "xml",
    [
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xx"><!ENTITY y "&x;&x;&x;">]><a>&y;</a>',
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>',
        b'<?xml version="1.0"?><!DOCTYPE a SYSTEM "http://127.0.0.1:9/a.dtd"><a/>',
    ],
)
def test_xml_with_a_dtd_or_entities_is_refused(xml):
    with pytest.raises(xmlsafe.UnsafeXML, match="DTD or entities"):
        xmlsafe.parse(xml, "answer.xml")


def test_malformed_xml_names_its_line():
    with pytest.raises(xmlsafe.UnsafeXML, match=r"answer.xml:2: not well-formed"):
        xmlsafe.parse(b"<a>\n<b></a>", "answer.xml")


def test_odd_dossier_numbers_and_dates_are_refused_before_any_request():
    with pytest.raises(sru.SruError):
        sru.query("29754 OR 1=1")
    with pytest.raises(sru.SruError):
        sru.query("29754", since="yesterday")


# ---- in Dagster: the sensor on the search service, and a document per partition -------------


def _sources_file(tmp_path, server: Replay):
    path = tmp_path / "sources.toml"
    path.write_text(
        f'[officielebekendmakingen]\ndossiers = ["29754"]\nsru = "{server.origin}/sru"\nrequests_per_second = 50.0\n',
        encoding="utf-8",
    )
    return path


def test_the_source_feed_sensor_adds_a_partition_and_a_run_per_new_or_changed_record(tmp_path):
    import dagster as dg

    from pipeline.defs.sources import SourceSettings, kamerstukken, source_feed

    with Replay() as server, dg.instance_for_test() as instance:
        o = server.origin
        server.route(
            "/sru",
            Answer(page(2, [record("kst-1-1", "2020-03-03", o, 1), record("kst-1-2", "2020-03-04", o, 2)])),
            Answer(page(2, [record("kst-1-1", "2020-03-03", o, 1), record("kst-1-2", "2020-05-01", o, 2)])),
        )
        resources = {"sources": SourceSettings(sources_file=str(_sources_file(tmp_path, server)))}
        first = source_feed(dg.build_sensor_context(instance=instance, resources=resources))
        assert [r.partition_key for r in first.run_requests] == ["kst-1-1", "kst-1-2"]
        assert [r.run_key for r in first.run_requests] == ["kst-1-1@2020-03-03", "kst-1-2@2020-03-04"]
        assert first.dynamic_partitions_requests[0].partition_keys == ["kst-1-1", "kst-1-2"]
        assert json.loads(first.cursor) == {"29754": "2020-03-04"}
        instance.add_dynamic_partitions(kamerstukken.name, ["kst-1-1", "kst-1-2"])
        second = source_feed(dg.build_sensor_context(instance=instance, resources=resources, cursor=first.cursor))
        assert "dt.modified>=2020-03-04" in server.asked[-1][1]["query"][0]
        assert not second.dynamic_partitions_requests  # nothing new to add
        assert "kst-1-2@2020-05-01" in [r.run_key for r in second.run_requests]  # the changed record runs again


def test_a_partition_of_source_document_fetches_its_record_into_raw(tmp_path):
    import dagster as dg

    from pipeline.defs.resources import PipelinePaths
    from pipeline.defs.sources import SourceSettings, kamerstukken, source_document

    with Replay() as server, dg.instance_for_test() as instance:
        serve_documents(server, "kst-1-1")
        instance.add_dynamic_partitions(kamerstukken.name, ["kst-1-1"])
        urls = {"xml": f"{server.origin}/xml/kst-1-1.xml", "metadata": f"{server.origin}/meta/kst-1-1.xml"}
        result = dg.materialize(
            [source_document],
            instance=instance,
            partition_key="kst-1-1",
            resources={
                "sources": SourceSettings(sources_file=str(_sources_file(tmp_path, server))),
                "paths": PipelinePaths(raw_dir=str(tmp_path / "raw")),
            },
            run_config={
                "ops": {
                    "source_document": {
                        "config": {"identifier": "kst-1-1", "dossier": "29754", "modified": "2020-03-03", "urls": urls}
                    }
                }
            },
        )
        assert result.success
        assert (tmp_path / "raw" / "officielebekendmakingen" / "kst-1-1.xml").read_bytes() == DOCUMENT


def test_the_daily_job_fetches_before_it_extracts():
    from pipeline.definitions import defs

    job = defs.resolve_job_def("fetch_and_publish")
    keys = {k.to_user_string() for k in job.asset_layer.selected_asset_keys}
    assert {"fetched_sources", "extracted_letters", "published_datapackages"} <= keys
    graph = defs.get_repository_def().asset_graph
    assert dg_key("fetched_sources") in graph.get(dg_key("extracted_letters")).parent_keys


def test_no_test_reaches_another_machine():
    import socket

    with pytest.raises(AssertionError, match="tests stay on 127.0.0.1"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)


def dg_key(name: str):
    import dagster as dg

    return dg.AssetKey(name)


# ---- end to end: the source's own shapes, fetched, then published ----------------------------


def serve_fixtures(server: Replay, urls: str = "urls.txt", first_page: str = "sru-page1.xml") -> None:
    from urllib.parse import urlsplit

    from replay import FIXTURES

    for line in (FIXTURES / urls).read_text(encoding="utf-8").splitlines():
        if line.strip():
            url, name = line.split()
            kind = {"pdf": "application/pdf", "html": "text/html"}.get(name.rsplit(".", 1)[-1], "application/xml")
            server.route(urlsplit(url).path, Answer(server.file(name), content_type=kind))
    server.route("/sru", Answer(server.file(first_page)), start="1")
    server.route("/sru", Answer(server.file("sru-page2.xml")), start="3")


def test_fetch_then_publish_gives_the_sample_letters_cells_from_its_xml(sample_dist, tmp_path, publish):
    import io

    import pyarrow.parquet as pq
    from support import PROJECT

    from pipeline import cli

    raw, dist = tmp_path / "raw", tmp_path / "dist"
    with Replay() as server:
        serve_fixtures(server)
        out, err = io.StringIO(), io.StringIO()
        argv = [
            "--sru",
            f"{server.origin}/sru",
            "--dossier",
            "29754",
            "--raw",
            str(raw),
            "--sources",
            str(PROJECT / "sources.toml"),
        ]
        assert cli.fetch(PROJECT / "sources.toml", raw, ["29754"], None, f"{server.origin}/sru", out, err) == 0, (
            err.getvalue()
        )
        assert out.getvalue().startswith("3 found, 3 new, 0 changed, 0 unchanged, 0 failed"), out.getvalue()
        folder = raw / "officielebekendmakingen"
        assert {p.name for p in folder.iterdir()} >= {
            "kst-29754-302.xml",
            "kst-29754-302.metadata.xml",
            "kst-29754-303.xml",
            "blg-29754-999.pdf",
        }
        documents = [p for p in server.paths_asked() if p != "/sru"]
        # what a real record lists but the fetch does not use is never asked for
        assert not [p for p in documents if "/metadataowms/" in p or "/odt/" in p or "/html/" in p]
        attachment = json.loads((folder / "blg-29754-999.source.json").read_text())
        assert attachment["main_document"] == "kst-29754-303" and set(attachment["files"]) == {
            "blg-29754-999.pdf",
            "blg-29754-999.metadata.xml",
        }
        assert json.loads((folder / "kst-29754-303.source.json").read_text())["modified"] == "2015-03-10T09:30:00+01:00"
        assert cli.main(["fetch", *argv]) == 0
        assert [p for p in server.paths_asked() if p != "/sru"] == documents  # the second fetch: no document

        # the record of 303 changes upstream: only it is downloaded again
        server.routes.clear()
        serve_fixtures(server, "urls-changed.txt", "sru-page1-changed.xml")
        out = io.StringIO()
        assert cli.fetch(PROJECT / "sources.toml", raw, ["29754"], None, f"{server.origin}/sru", out, err) == 0
        assert "1 changed" in out.getvalue() and "changed: kst-29754-303" in out.getvalue()

    code, _, err = publish(raw, dist)
    assert code == 0, err
    amounts = pq.read_table(dist / "parquet" / "data" / "amounts.parquet").to_pylist()
    consistency = pq.read_table(dist / "parquet" / "data" / "consistency.parquet").to_pylist()
    tables = pq.read_table(dist / "parquet" / "data" / "tables.parquet").to_pylist()
    documents = {
        d["document_id"]: d for d in pq.read_table(dist / "parquet" / "data" / "documents.parquet").to_pylist()
    }
    from_xml = [a for a in amounts if a["document_id"] == "kst-29754-302"]
    assert len(from_xml) == 90 and len([c for c in consistency if c["document_id"] == "kst-29754-302"]) == 24
    assert {t["text_form"] for t in tables if t["document_id"] == "kst-29754-302"} == {"xml"}
    letter = documents["kst-29754-302"]
    assert (str(letter["date"]), letter["title"], letter["reference"], letter["url"], letter["addressee"]) == (
        "2015-02-27",
        "Versterking veiligheidsketen",
        "Kamerstuk 29 754, nr. 302",
        "https://zoek.officielebekendmakingen.nl/kst-29754-302.html",
        "Voorzitter van de Tweede Kamer der Staten-Generaal",
    )

    # the same cells as the sample letter's text, read by hand (tests/test_golden.py)
    sample = [a for a in pq.read_table(sample_dist / "parquet" / "data" / "amounts.parquet").to_pylist()]
    fields = ("table_number", "row_number", "column_number", "row_label", "column_header", "amount_eur")
    assert [tuple(a[f] for f in fields) for a in from_xml] == [tuple(a[f] for f in fields) for a in sample]
    assert documents["kst-29754-303"]["source_path"] == "raw/officielebekendmakingen/kst-29754-303.xml"
    # the attachment the source gives as PDF only is read from its PDF (it holds no table)
    assert documents["blg-29754-999"]["source_path"] == "raw/officielebekendmakingen/blg-29754-999.pdf"
    assert documents["blg-29754-999"]["main_document"] == "kst-29754-303"  # fetched, published, linked
    changed = {(a["row_label"], a["period"]): a["amount_eur"] for a in amounts if a["document_id"] == "kst-29754-303"}
    assert changed[("Totaal", "2017")] == 21_000_000  # the figures of the changed version


# ---- the source's real answers (tests/fixtures/officielebekendmakingen/real/) ------------------

REAL = "real/plooi-oep-module"
ESTIMATE = b"info:srw/vocabulary/resultCountPrecision/1/estimate"


def real_answer(server: Replay, name: str) -> bytes:
    """A real file (origins made the server's); a bare ``sru:record`` wrapped in an answer."""
    data = server.file(f"{REAL}/{name}")
    if b"<sru:searchRetrieveResponse" in data:
        return data
    record = data.split(b"?>", 1)[1]
    return (
        (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<sru:searchRetrieveResponse {SRU_NS}>'
            "<sru:version>2.0</sru:version><sru:numberOfRecords>1</sru:numberOfRecords><sru:records>"
        ).encode()
        + record
        + b"</sru:records><sru:resultCountPrecision>"
        + ESTIMATE
        + b"</sru:resultCountPrecision></sru:searchRetrieveResponse>"
    )


def real_answers(server: Replay, *names: str) -> bytes:
    """One answer holding the records of several real files, in turn."""
    answers = [real_answer(server, name) for name in names]
    records = b"".join(a.split(b"<sru:records>", 1)[1].split(b"</sru:records>", 1)[0] for a in answers)
    head, tail = answers[0].split(b"<sru:records>", 1)[0], answers[0].split(b"</sru:records>", 1)[1]
    return head + b"<sru:records>" + records + b"</sru:records>" + tail


def real_pages(
    total: int = 76, estimate: int | None = None, last_says_next: bool = False, empty_page_after: bool = False
) -> dict[int, bytes]:
    """``total`` hits in pages of 10 (startRecord -> answer). Page 1 is the real sru.xml as it is
    (unless the estimate changes); pages 2.. are its records with new identifiers and positions.
    The last page holds the rest and no nextRecordPosition (``last_says_next``: it says one
    all the same); ``empty_page_after`` adds a page without records, which still says next."""
    from lxml import etree
    from replay import FIXTURES

    data = (FIXTURES / REAL / "sru.xml").read_bytes()
    ns = {"sru": sru.SRU, "dcterms": sru.DCTERMS}
    template = etree.fromstring(data)
    pages: dict[int, bytes] = {}
    count = -(-total // 10) + (1 if empty_page_after else 0)
    for number in range(1, count + 1):
        start = (number - 1) * 10 + 1
        if number == 1 and total >= 10 and (estimate is None or estimate == 76) and (total > 10 or last_says_next):
            pages[start] = data
            continue
        root = copy.deepcopy(template)
        records = root.find("sru:records", ns)
        for index, record in enumerate(list(records)):
            if start + index > total:
                records.remove(record)
                continue
            identifier = record.find(".//dcterms:identifier", ns)
            identifier.text = f"{identifier.text}-p{number}" if number > 1 else identifier.text
            record.find("sru:recordPosition", ns).text = str(start + index)
        held = len(records)
        root.find("sru:numberOfRecords", ns).text = str(76 if estimate is None else estimate)
        root.find("sru:echoedSearchRetrieveRequest/sru:startRecord", ns).text = str(start)
        following = root.find("sru:nextRecordPosition", ns)
        if start + held > total and not last_says_next and not (held == 0 and empty_page_after):
            root.remove(following)
        else:
            following.text = str(start + max(held, 10))
        pages[start] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return pages


def search_pages(pages: dict[int, bytes]) -> tuple[list[sru.Record], list[str]]:
    """Every record found on the replayed pages, and the startRecord of each page asked."""
    with Replay() as server:
        for start, body in pages.items():
            server.route("/sru", Answer(body), start=str(start))
        server.route("/sru", Answer(b"no such page", 404, content_type="text/plain"))
        client = Client("nl-kamerbrief-tables/test", {"127.0.0.1"}, requests_per_second=50)
        found = list(sru.search(client, f"{server.origin}/sru", sru.query("27926"), 10, 20 * 1024 * 1024))
        return found, [query["startRecord"][0] for _, query, _ in server.asked]


def test_all_76_hits_of_the_real_answer_are_found_in_pages_of_ten():
    found, asked = search_pages(real_pages())
    assert len(found) == 76 and len({r.identifier for r in found}) == 76
    assert asked == ["1", "11", "21", "31", "41", "51", "61", "71"]  # the last page says no next
    assert [r.identifier for r in found[:2]] == ["blg-998035", "h-ek-20212022-2-7"]
    assert found[9].identifier == "h-ek-20212022-2-1"  # the real page's 10th, whose recordPosition says 3
    assert found[-1].identifier == "kst-22112-3185-p8"  # position 76: the 6th record of the last page


@pytest.mark.parametrize("estimate", [76, 500, 20, 0], ids=["true", "too-high", "too-low", "zero"])
def test_numberOfRecords_is_an_estimate_that_neither_ends_nor_extends_the_search(estimate):
    found, asked = search_pages(real_pages(estimate=estimate))
    assert len(found) == 76 and len({r.identifier for r in found}) == 76
    assert asked == [str(s) for s in range(1, 72, 10)]


@pytest.mark.parametrize("estimate", [76, 500])
def test_an_empty_page_ends_the_search_even_when_it_names_a_next_one(estimate):
    found, asked = search_pages(real_pages(estimate=estimate, last_says_next=True, empty_page_after=True))
    assert len(found) == 76 and asked == [str(s) for s in range(1, 82, 10)]


def test_a_page_without_next_record_position_ends_the_search_even_when_it_is_full():
    found, asked = search_pages(real_pages(total=10))  # 10 hits: page 1 holds all and says no next
    assert len(found) == 10 and asked == ["1"]


def test_a_next_record_position_that_does_not_move_on_is_an_error():
    pages = real_pages()
    pages[11] = pages[11].replace(b"<sru:nextRecordPosition>21<", b"<sru:nextRecordPosition>11<")
    with pytest.raises(sru.SruError, match=r"records from 11\): nextRecordPosition 11 does not move past"):
        search_pages(pages)


def renamed_prefixes(data: bytes) -> bytes:
    """The same answer with other prefixes: SRU in the default namespace, the rest renamed."""
    for old, new in ((b"sru", b""), (b"gzd", b"g"), (b"dcterms", b"dc"), (b"cd", b"t"), (b"overheidwetgeving", b"o")):
        tail = new + b":" if new else b""
        data = data.replace(b"<" + old + b":", b"<" + tail).replace(b"</" + old + b":", b"</" + tail)
        data = data.replace(b"xmlns:" + old + b"=", (b"xmlns:" + new if new else b"xmlns") + b"=")
    return data


def test_records_are_matched_by_namespace_not_by_prefix():
    from replay import FIXTURES

    data = (FIXTURES / REAL / "sru.xml").read_bytes()
    renamed = renamed_prefixes(data)
    assert b"<sru:" not in renamed and b'xmlns="http://docs.oasis-open.org/ns/search-ws/sruResponse"' in renamed
    assert sru.parse_page(renamed, "renamed.xml") == sru.parse_page(data, "sru.xml")
    unqualified = renamed.replace(b' xmlns="http://docs.oasis-open.org/ns/search-ws/sruResponse"', b"")
    with pytest.raises(sru.SruError, match=r"unqualified.xml: not an SRU 2.0 answer .* without a namespace"):
        sru.parse_page(unqualified, "unqualified.xml")


def read_real_record(name: str) -> sru.Record:
    from replay import FIXTURES

    data = (FIXTURES / REAL / name).read_bytes()
    root = xmlsafe.parse(data, name)
    if xmlsafe.local(root) == "record":
        return sru.read_record(root, name)
    page = sru.parse_page(data, name)
    assert page.next_start is None and len(page.records) == 1
    return page.records[0]


@pytest.mark.parametrize(
    "name, identifier, modified, day, dossiers, main_document, manifestations",
    [
        (
            "sru_record_kst.xml",
            "kst-35842-4",
            "2021-05-27T13:08:55.5655901+02:00",
            "2021-05-27",
            ("35842",),
            "",
            "html metadata metadataowms odt pdf xml",
        ),
        # the timestamp is half a year after dcterms:modified: the version is the timestamp,
        # the day the search's dt.modified index has is dcterms:modified's
        (
            "sru_record_handeling.xml",
            "h-ek-20202021-1-1",
            "2021-04-07T14:09:01.888711+02:00",
            "2020-10-02",
            (),
            "",
            "html metadata metadataowms odt pdf xml",
        ),
        (
            "sru_record_kv_onopgemaakt.xml",
            "kv-2989900822",
            "2014-07-11",
            "2014-07-11",
            (),
            "",
            "html metadata metadataowms xml",
        ),
        (
            "sru_record_bijlage.xml",
            "blg-936562",
            "2020-06-17",
            "2020-06-17",
            ("35300-X",),
            "kst-35300-X-63",
            "metadata metadataowms pdf",
        ),
    ],
)
def test_the_real_records_are_read(name, identifier, modified, day, dossiers, main_document, manifestations):
    record = read_real_record(name)
    assert (record.identifier, record.modified, record.day) == (identifier, modified, day)
    assert (record.dossiers, record.main_document) == (dossiers, main_document)
    assert sorted(record.urls) == manifestations.split()
    assert record.preferred_url == f"https://zoek.officielebekendmakingen.nl/{identifier}.html"


def test_the_ten_records_of_the_real_page_are_read_with_their_timestamps():
    from replay import FIXTURES

    page = sru.parse_page((FIXTURES / REAL / "sru.xml").read_bytes(), "sru.xml")
    assert (len(page.records), page.next_start, page.estimate) == (10, 11, 76)
    assert [r.position for r in page.records] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 3]
    assert all(r.day == "2021-10-13" and r.modified.startswith("2021-10-13T") for r in page.records)
    by_id = {r.identifier: r for r in page.records}
    assert by_id["blg-998035"].modified == "2021-10-13T14:34:49.3152212+02:00"
    assert by_id["blg-998035"].main_document == "kst-27926-347" and sorted(by_id["blg-998035"].urls) == [
        "metadata",
        "metadataowms",
        "pdf",
    ]
    assert by_id["blg-1000150"].dossiers == ("35925-VII",)  # kept as the source writes it
    assert by_id["h-tk-20202021-101-5"].dossiers == ()  # a Handeling: behandeldDossier is no dossiernummer


def test_a_suffixed_dossier_is_searched_and_matched_as_the_source_writes_it():
    for written in ("36200-VII", "36200-vii", " 36200-VII "):
        assert sru.query(written).endswith('w.dossiernummer=="36200-VII"')
    assert sru.query("29754", since="2021-10-13").endswith('w.dossiernummer=="29754" AND dt.modified>=2021-10-13')
    record = next(r for r in read_real_page_records() if r.identifier == "blg-1000150")
    assert record.dossier_for("35925-vii") == record.dossier_for("35925-VII") == "35925-VII"
    assert sru.dossier_key("35925 VII") == sru.dossier_key("35925-VII") != sru.dossier_key("35925")


def read_real_page_records() -> list[sru.Record]:
    from replay import FIXTURES

    return sru.parse_page((FIXTURES / REAL / "sru.xml").read_bytes(), "sru.xml").records


def test_the_cursor_is_the_latest_day_whether_records_give_a_timestamp_or_a_date():
    assert sru.later_day("2021-10-13", "2021-10-13T23:59:59.9999999+02:00") == "2021-10-13"
    assert sru.later_day("2021-10-13T08:00:00+02:00", "2021-10-14") == "2021-10-14"
    assert sru.later_day("2021-10-14T00:30:00+02:00", "2021-10-13T23:45:00+00:00") == "2021-10-14"
    assert sru.later_day(None, "", "not a day") == ""
    assert sru.day_of("2021-04-07T14:09:01.888711+02:00") == "2021-04-07"


def serve_records(server: Replay, body: bytes) -> None:
    """Every document a result page names, answered with a stand-in of its kind."""
    from urllib.parse import urlsplit

    for record in sru.parse_page(body, "page").records:
        for manifestation, answer in (
            ("xml", Answer(DOCUMENT)),
            ("metadata", Answer(METADATA)),
            ("pdf", Answer(PDF, content_type="application/pdf")),
        ):
            if manifestation in record.urls:
                server.route(urlsplit(record.urls[manifestation]).path, answer)


def test_the_cursor_takes_each_records_dcterms_modified_day_across_timestamps_and_dates(tmp_path):
    with Replay() as server:
        # handeling: timestamp 2021-04-07, dcterms:modified 2020-10-02; bijlage: 2020-06-17 only
        both = real_answers(server, "sru_record_handeling.xml", "sru_record_bijlage.xml")
        assert len(sru.parse_page(both, "both").records) == 2
        server.route("/sru", Answer(both))
        serve_records(server, both)
        summary = fetch(server, tmp_path)
        assert (len(summary.new), summary.failed) == (2, [])
        state = json.loads((tmp_path / "officielebekendmakingen" / "fetch-state.json").read_text())
        assert state["cursors"] == {"29754": "2020-10-02"}  # the day dt.modified knows, not 2021-04-07
        fetch(server, tmp_path)
        assert "dt.modified>=2020-10-02" in server.asked[-1][1]["query"][0]


def test_two_changes_on_one_day_are_told_apart_by_the_records_timestamp(tmp_path):
    from urllib.parse import urlsplit

    with Replay() as server:
        first = real_answer(server, "sru_record_kst.xml")
        later = first.replace(
            b"2021-05-27T13:08:55.5655901+02:00</cd:datumTijdstipWijzigingExpression>",
            b"2021-05-27T16:40:12.0000001+02:00</cd:datumTijdstipWijzigingExpression>",
        )
        assert later != first and b"<dcterms:modified>2021-05-27</dcterms:modified>" in later
        server.route("/sru", Answer(first), Answer(first), Answer(later))
        serve_records(server, first)
        xml_path = urlsplit(sru.parse_page(first, "page").records[0].urls["xml"]).path
        changed = DOCUMENT.replace(b"3 maart", b"4 maart")
        server.route(xml_path, Answer(DOCUMENT), Answer(changed))
        assert fetch(server, tmp_path).new == ["kst-35842-4"]
        folder = tmp_path / "officielebekendmakingen"
        provenance = json.loads((folder / "kst-35842-4.source.json").read_text())
        assert provenance["modified"] == "2021-05-27T13:08:55.5655901+02:00" and provenance["dossier"] == "35842"
        asked = len(server.asked)
        assert fetch(server, tmp_path).unchanged == 1 and server.paths_asked()[asked:] == ["/sru"]
        again = fetch(server, tmp_path)
        assert again.changed == ["kst-35842-4"] and (folder / "kst-35842-4.xml").read_bytes() == changed
        assert (
            json.loads((folder / "kst-35842-4.source.json").read_text())["modified"]
            == "2021-05-27T16:40:12.0000001+02:00"
        )
        state = json.loads((folder / "fetch-state.json").read_text())
        assert state["cursors"] == {"29754": "2021-05-27"}


def test_a_record_stored_with_a_date_that_now_gives_a_timestamp_is_checked_once_and_unchanged(tmp_path):
    with Replay() as server:
        stamped = real_answer(server, "sru_record_kst.xml")
        dated = b"".join(line for line in stamped.splitlines(keepends=True) if b"cd:datumTijdstipWijziging" not in line)
        server.route("/sru", Answer(dated), Answer(stamped))
        serve_records(server, stamped)
        assert fetch(server, tmp_path).new == ["kst-35842-4"]
        folder = tmp_path / "officielebekendmakingen"
        assert json.loads((folder / "kst-35842-4.source.json").read_text())["modified"] == "2021-05-27"
        second = fetch(server, tmp_path)  # the versions differ: downloaded, but the files are the same
        assert (second.new, second.changed, second.unchanged) == ([], [], 1)
        assert json.loads((folder / "kst-35842-4.source.json").read_text())["modified"].startswith("2021-05-27T13:08")


def real_attachment_metadata() -> bytes:
    """The real metadata.xml of blg-1007826, made that of blg-936562 (see real/README.md)."""
    from replay import FIXTURES

    path = "real/plooi-integratie/frbr/officielepublicaties/blg/onopgemaakt/blg-1007826/1/metadata/metadata.xml"
    data = (FIXTURES / path).read_bytes()
    for old, new in (
        (b"blg-1007826", b"blg-936562"),
        (b"kst-33037-430", b"kst-35300-X-63"),
        (b'"33037"', b'"35300-X"'),
        (b'"430"', b'"63"'),
    ):
        assert old in data
        data = data.replace(old, new)
    return data


def test_an_attachment_record_lands_with_its_pdf_its_metadata_and_its_main_document(tmp_path):
    from pipeline.reading import read_source_metadata

    with Replay() as server:
        answer = real_answer(server, "sru_record_bijlage.xml")
        server.route("/sru", Answer(answer))
        frbr = "/frbr/officielepublicaties/blg/onopgemaakt/blg-936562/1"
        server.route(f"{frbr}/pdf/blg-936562.pdf", Answer(PDF, content_type="application/pdf"))
        server.route(f"{frbr}/metadata/metadata.xml", Answer(real_attachment_metadata()))
        summary = fetch(server, tmp_path, config=sources(dossiers=("35300-x",)))
        assert (summary.new, summary.failed) == (["blg-936562"], [])
        assert 'w.dossiernummer=="35300-X"' in server.asked[0][1]["query"][0]
        assert not [p for p in server.paths_asked() if "metadataowms" in p]  # not needed, not fetched
        folder = tmp_path / "officielebekendmakingen"
        assert {p.name for p in folder.iterdir()} == {
            "blg-936562.pdf",
            "blg-936562.metadata.xml",
            "blg-936562.source.json",
            "fetch-state.json",
        }
        assert (folder / "blg-936562.pdf").read_bytes() == PDF
        provenance = json.loads((folder / "blg-936562.source.json").read_text())
        assert (provenance["main_document"], provenance["dossier"], provenance["type"]) == (
            "kst-35300-X-63",
            "35300-X",
            "Bijlage",
        )
        assert sorted(provenance["urls"]) == ["metadata", "metadataowms", "pdf"]
        stored = read_source_metadata(folder / "blg-936562.metadata.xml", "blg-936562.metadata.xml")
        assert stored["main_document"] == "kst-35300-X-63"


def test_a_letters_source_metadata_names_its_main_document():
    from replay import FIXTURES

    from pipeline.reading import read_source_metadata

    path = (
        FIXTURES / "real/plooi-integratie/frbr/officielepublicaties/blg/onopgemaakt/blg-1007826/1/metadata/metadata.xml"
    )
    assert read_source_metadata(path, str(path))["main_document"] == "kst-33037-430"
    letter_meta = read_source_metadata(FIXTURES / "kst-29754-302.metadata.xml", "kst-29754-302.metadata.xml")
    assert "main_document" not in letter_meta  # a main document names none


def test_an_attachment_read_as_a_letter_carries_its_main_document(tmp_path):
    import shutil

    from replay import FIXTURES

    from pipeline.reading import read_letter

    for name in ("blg-29754-999.pdf", "blg-29754-999.metadata.xml"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    letter = read_letter(tmp_path / "blg-29754-999.pdf", tmp_path)
    assert letter.metadata["main_document"] == "kst-29754-303" and not letter.problems


def test_the_sensor_runs_a_record_per_version_and_keeps_the_day_as_its_cursor(tmp_path):
    import dagster as dg

    from pipeline.defs.sources import SourceSettings, source_feed

    with Replay() as server, dg.instance_for_test() as instance:
        server.route("/sru", Answer(real_answers(server, "sru_record_kst.xml", "sru_record_bijlage.xml")))
        resources = {"sources": SourceSettings(sources_file=str(_sources_file(tmp_path, server)))}
        result = source_feed(dg.build_sensor_context(instance=instance, resources=resources))
        assert [r.run_key for r in result.run_requests] == [
            "kst-35842-4@2021-05-27T13:08:55.5655901+02:00",
            "blg-936562@2020-06-17",
        ]
        configs = [r.run_config["ops"]["source_document"]["config"] for r in result.run_requests]
        assert [(c["dossier"], c["main_document"]) for c in configs] == [("35842", ""), ("35300-X", "kst-35300-X-63")]
        assert json.loads(result.cursor) == {"29754": "2021-05-27"}
