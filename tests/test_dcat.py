"""dist/dcat.jsonld: a DCAT-AP-NL 3.0 description of the dataset, checked with pySHACL against
our own reading of the profile (tests/fixtures/dcat/dcat-ap-nl-mandatory.ttl), and true to the
descriptors and files it describes."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, URIRef
from support import DIST, PROJECT

from pipeline import dcat, packaging, schema

SHAPES = PROJECT / "tests" / "fixtures" / "dcat" / "dcat-ap-nl-mandatory.ttl"
DCAT = URIRef("http://www.w3.org/ns/dcat#")
# Where a harvester might read the document from: relative addresses resolve against it.
SERVED_AT = "https://data.example.org/nl-kamerbrief-tables/dcat.jsonld"


def _graph(document: dict | Path, base: str = SERVED_AT) -> Graph:
    data = document.read_text(encoding="utf-8") if isinstance(document, Path) else json.dumps(document)
    return Graph().parse(data=data, format="json-ld", publicID=base)


def _verdict(document: dict | Path) -> tuple[bool, str]:
    """pySHACL's verdict: warnings (the contact point without an e-mail address or URL, which
    the project does not declare yet) are reported but do not fail it."""
    shapes = Graph().parse(SHAPES, format="turtle")
    conforms, _, text = validate(_graph(document), shacl_graph=shapes, allow_warnings=True)
    return conforms, text


def _document(dist: Path) -> dict:
    return json.loads((dist / dcat.FILE).read_text(encoding="utf-8"))


@pytest.mark.parametrize("which", ["committed", "sample"])
def test_the_description_conforms_to_dcat_ap_nl(which, request):
    dist = DIST if which == "committed" else request.getfixturevalue("sample_dist")
    conforms, report = _verdict(dist / dcat.FILE)
    assert conforms, report


def _without_title(doc: dict) -> None:
    del doc["dct:title"]


def _a_distribution_without_licence(doc: dict) -> None:
    del doc["dcat:distribution"][0]["dct:license"]


def _only_a_domain_theme(doc: dict) -> None:
    doc["dcat:theme"] = [t for t in doc["dcat:theme"] if "europa.eu" not in t["@id"]]


def _access_rights_off_the_list(doc: dict) -> None:
    doc["dct:accessRights"]["@id"] = "http://publications.europa.eu/resource/authority/access-right/OPEN"


def _two_publishers(doc: dict) -> None:
    doc["dct:publisher"] = [doc["dct:publisher"], {**doc["dct:publisher"], "@id": "#someone-else"}]


def _a_checksum_without_value(doc: dict) -> None:
    del doc["dcat:distribution"][-1]["spdx:checksum"]["spdx:checksumValue"]


@pytest.mark.parametrize(
    "breakage, path",
    [
        (_without_title, "dct:title"),
        (_a_distribution_without_licence, "dct:license"),
        (_only_a_domain_theme, "dcat:theme"),
        (_access_rights_off_the_list, "dct:accessRights"),
        (_two_publishers, "dct:publisher"),
        (_a_checksum_without_value, "spdx:checksum"),
    ],
)
def test_the_shapes_refuse_a_description_that_breaks_the_profile(sample_dist, breakage, path):
    doc = copy.deepcopy(_document(sample_dist))
    assert _verdict(doc)[0]
    breakage(doc)
    conforms, report = _verdict(doc)
    assert not conforms, report
    assert "Severity: sh:Violation" in report and f"Result Path: {path}\n" in report, report


def test_the_description_says_what_the_descriptors_and_files_say(sample_dist):
    doc = _document(sample_dist)
    descriptor = json.loads((sample_dist / "csv" / "datapackage.json").read_text(encoding="utf-8"))
    assert doc["dct:title"]["@value"] == schema.PACKAGE_TITLE
    assert doc["dct:description"]["@value"] == schema.PACKAGE_DESCRIPTION
    assert doc["dcat:keyword"] == schema.KEYWORDS
    assert doc["dct:identifier"] == schema.PACKAGE_NAME
    assert doc["dcat:version"] == descriptor["version"]
    assert doc["dct:modified"] == {"@type": "xsd:date", "@value": "2015-02-27"}  # the letter's date, not the clock's
    assert [a["foaf:name"] for a in doc["dct:creator"]] == [c["title"] for c in schema.CONTRIBUTORS]
    assert doc["dct:language"]["@id"] == "http://publications.europa.eu/resource/authority/language/NLD"
    sums = packaging.read_sums(sample_dist)
    assert dcat.FILE in sums  # in SHA256SUMS like every other file
    listed = {}
    for distribution in doc["dcat:distribution"]:
        path = distribution["dcat:downloadURL"]["@id"]
        listed[path] = distribution
        assert distribution["dcat:accessURL"]["@id"] == path
        assert distribution["dcat:byteSize"]["@value"] == str((sample_dist / path).stat().st_size)
        assert distribution["spdx:checksum"]["spdx:checksumValue"]["@value"] == sums[path]
        assert distribution["dct:license"]["@id"] == "http://publications.europa.eu/resource/authority/licence/CC0"
    parquet = [f"parquet/data/{r.name}.parquet" for r in schema.RESOURCES]
    assert list(listed) == [
        "nl-kamerbrief-tables-csv.zip",
        "nl-kamerbrief-tables-parquet.zip",
        "csv/datapackage.json",
        "parquet/datapackage.json",
        *parquet,
    ]
    amounts = listed["parquet/data/amounts.parquet"]
    assert amounts["dct:title"]["@value"] == schema.RESOURCES_BY_NAME["amounts"].title
    assert (
        amounts["dcat:mediaType"]["@id"]
        == "https://www.iana.org/assignments/media-types/application/vnd.apache.parquet"
    )
    assert amounts["dct:format"]["@id"] == "http://publications.europa.eu/resource/authority/file-type/PARQUET"
    assert listed["csv/datapackage.json"]["dct:format"]["@id"].endswith("/file-type/JSON")
    assert listed["nl-kamerbrief-tables-csv.zip"]["dct:format"]["@id"].endswith("/file-type/ZIP")


def test_addresses_resolve_against_where_the_document_is_read(sample_dist):
    """No base is written: a harvester resolves each download against the document's own URL,
    and the files lie beside it."""
    doc = _document(sample_dist)
    assert "@base" not in doc["@context"]
    graph = _graph(doc)
    downloads = {str(o) for o in graph.objects(None, URIRef(str(DCAT) + "downloadURL"))}
    assert "https://data.example.org/nl-kamerbrief-tables/nl-kamerbrief-tables-csv.zip" in downloads
    assert "https://data.example.org/nl-kamerbrief-tables/parquet/data/amounts.parquet" in downloads
    (landing,) = graph.objects(URIRef(SERVED_AT + "#dataset"), URIRef(str(DCAT) + "landingPage"))
    assert str(landing) == "https://data.example.org/nl-kamerbrief-tables/README.md"  # the dataset card


def _packages(dist: Path, **changes) -> list[dcat.Package]:
    packages = []
    for fmt in packaging.FORMATS:
        descriptor = json.loads((dist / fmt / "datapackage.json").read_text(encoding="utf-8"))
        packages.append(dcat.Package({**descriptor, **changes}, fmt, packaging.archive_name(fmt)))
    return packages


def _files(dist: Path) -> dict[str, dcat.FileFacts]:
    return {
        name: dcat.FileFacts((dist / name).stat().st_size, digest) for name, digest in packaging.read_sums(dist).items()
    }


def _tables(dist: Path) -> dict:
    import pyarrow.parquet as pq

    return {"documents": pq.read_table(dist / "parquet" / "data" / "documents.parquet")}


def test_a_homepage_becomes_the_landing_page_and_the_contact_url(sample_dist):
    homepage = "https://example.org/nl-kamerbrief-tables"
    doc = dcat.document(_packages(sample_dist, homepage=homepage), _files(sample_dist), _tables(sample_dist))
    assert doc["dcat:landingPage"]["@id"] == homepage
    assert doc["dcat:contactPoint"]["vcard:hasURL"] == {"@id": homepage}
    assert doc["dcat:distribution"][0]["dcat:downloadURL"] == {"@id": "nl-kamerbrief-tables-csv.zip"}
    conforms, report = _verdict(doc)
    assert conforms and "Severity: sh:Warning" not in report, report


def test_the_same_facts_give_the_same_bytes(sample_dist):
    args = (_packages(sample_dist), _files(sample_dist), _tables(sample_dist))
    assert dcat.render(*args) == dcat.render(*args) == (sample_dist / dcat.FILE).read_text(encoding="utf-8")


def test_a_licence_without_an_eu_iri_is_refused(sample_dist):
    licence = {"name": "LicenseRef-ours", "title": "Ours", "path": "https://example.org/licence"}
    with pytest.raises(ValueError, match="LicenseRef-ours"):
        dcat.document(_packages(sample_dist, licenses=[licence]), _files(sample_dist), _tables(sample_dist))


def test_descriptors_that_disagree_are_refused(sample_dist):
    csv, parquet = _packages(sample_dist)
    other = dcat.Package({**parquet.descriptor, "title": "Something else"}, parquet.folder, parquet.archive)
    with pytest.raises(ValueError, match="same dataset"):
        dcat.document([csv, other], _files(sample_dist), _tables(sample_dist))
