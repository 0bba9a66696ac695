"""pipeline fetch against a local stand-in of officielebekendmakingen (tests/replay.py):
searching, downloading, storing, the good-citizen rules, and untrusted answers."""

from __future__ import annotations

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
    changed = {(a["row_label"], a["period"]): a["amount_eur"] for a in amounts if a["document_id"] == "kst-29754-303"}
    assert changed[("Totaal", "2017")] == 21_000_000  # the figures of the changed version
