"""``dist/dcat.jsonld``: the dataset and its downloads described in DCAT-AP-NL 3.0, the
profile of DCAT that data.overheid.nl harvests, as JSON-LD.

Pure functions, no Dagster and no reading of files. Every fact comes from what the
publication already declares: the dataset's title, description, keywords, licence,
contributors, homepage and version from the packages' descriptors (``packaging._descriptor``,
itself generated from ``pipeline.schema``), each Parquet file's title, description and media
type from its resource there, byte sizes and SHA-256 digests from the files as written, and
the dates from the letters (the newest letter's date is ``dct:modified``, as the card's "as
of": never the clock, so the same letters give the same bytes). What DCAT-AP-NL adds are
IRIs from the code lists it prescribes; they are the constants below, each with where it
comes from.

Addresses. The project has no public address yet (``schema.HOMEPAGE`` is None), and even
with one, the homepage is the project's page, not necessarily the folder that serves
``dist/``. So the document sets no ``@base``: every IRI of ours is a relative reference —
``#dataset``, ``nl-kamerbrief-tables-csv.zip``, ``parquet/data/amounts.parquet`` — which
JSON-LD resolves against the address the document was read from (RFC 3986, section 5.1.3:
the retrieval URI). ``dcat.jsonld`` lies in ``dist/`` beside what it describes, so wherever
``dist/`` is served (a web server, a repository's raw files, a copy on disk) the download
URLs resolve to the files beside it, and the committed bytes hold no invented address. A
``urn:`` or placeholder base would have given IRIs that resolve nowhere and that a harvester
would publish as they are; an absolute base would put into reproducible bytes an address
that does not exist. Whoever registers the document with data.overheid.nl gives its URL,
and that URL is the base. Once ``schema.HOMEPAGE`` is set it becomes the landing page and
the contact point's URL; until then the landing page is the dataset card, ``README.md``.

The profile asks for a publisher, a creator and a contact point. The project declares its
contributors only (``schema.CONTRIBUTORS``): the creators are those with the role "author"
(all of them if none has it), the publisher is the one with the role "publisher" or else the
first creator (the maintainers publish what they make), and the contact point names the
publisher, with its e-mail address when the contributor gives one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pyarrow as pa

FILE = "dcat.jsonld"

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "spdx": "http://spdx.org/rdf/terms#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

# The EU Vocabularies' named authority lists, which DCAT-AP-NL 3.0 prescribes ("Waardelijsten")
# for language, access rights, file type and theme, and DCAT-AP for the licence.
EU = "http://publications.europa.eu/resource/authority/"
LANGUAGE = EU + "language/NLD"  # the letters and the tables' labels are Dutch
ACCESS_RIGHTS = EU + "access-right/PUBLIC"  # the profile allows public, restricted, non-public
# SPDX identifier of the descriptor's licence -> its IRI in the EU licence list. DCAT-AP-NL asks
# for a Creative Commons licence and names no list of its own yet.
LICENCES = {"CC0-1.0": EU + "licence/CC0"}
# IANA media types (the profile's list for dcat:mediaType), as IRIs under IANA's registry.
IANA = "https://www.iana.org/assignments/media-types/"
JSON_TYPE = "application/json"
ZIP_TYPE = "application/zip"
# Media type -> the EU file-type list's entry (the profile's list for dct:format).
FILE_TYPES = {
    "text/csv": EU + "file-type/CSV",
    "application/vnd.apache.parquet": EU + "file-type/PARQUET",
    JSON_TYPE: EU + "file-type/JSON",
    ZIP_TYPE: EU + "file-type/ZIP",
}
# dcat:theme: DCAT-AP-NL 3.0 asks for at least one concept of the EU Data Theme vocabulary and
# recommends domain terms beside it. ECON is "Economy and finance", GOVE "Government and public
# sector". Begroting (budget) is the term under Financiën in the TaxonomieBeleidsagenda of OWMS
# 4.0 (standaarden.overheid.nl), the list of themes data.overheid.nl has classified datasets by.
THEMES = (
    (EU + "data-theme/ECON", {"en": "Economy and finance", "nl": "Economie en financiën"}),
    (EU + "data-theme/GOVE", {"en": "Government and public sector", "nl": "Overheid en publieke sector"}),
    ("http://standaarden.overheid.nl/owms/terms/Begroting", {"nl": "Begroting"}),
)
SHA256 = "spdx:checksumAlgorithm_sha256"
# The metadata's own text (titles, descriptions) is English.
TEXT_LANGUAGE = "en"
# The packages whose data files are listed one by one: a reader (DuckDB, pandas, polars) reads a
# Parquet file straight from its URL; the CSVs come in their package's zip.
DATA_FILES_OF = ("parquet",)
DESCRIPTOR = "datapackage.json"  # the Data Package standard's name for a package's descriptor


@dataclass(frozen=True)
class FileFacts:
    """What the publication knows of one of its files."""

    size: int  # bytes
    sha256: str  # hex digest


@dataclass(frozen=True)
class Package:
    """One datapackage of the publication, as ``dist/`` holds it."""

    descriptor: dict  # its datapackage.json, as written
    folder: str  # its folder in dist/ ("csv")
    archive: str  # its zip in dist/ ("nl-kamerbrief-tables-csv.zip")


def _text(value: str) -> dict:
    return {"@language": TEXT_LANGUAGE, "@value": value}


def _typed(value: str, datatype: str) -> dict:
    return {"@type": datatype, "@value": value}


def _node(iri: str, kind: str) -> dict:
    """A term of a code list, typed with the class the profile gives the property's values."""
    return {"@id": iri, "@type": kind}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _shared(packages: Sequence[Package]) -> dict:
    """The dataset's facts, which every descriptor carries alike."""
    keys = ("name", "title", "description", "version", "keywords", "contributors", "licenses", "homepage")
    facts = [{k: p.descriptor.get(k) for k in keys} for p in packages]
    if any(f != facts[0] for f in facts):
        raise ValueError("the packages' descriptors do not describe the same dataset")
    return facts[0]


def _licence(dataset: dict) -> dict:
    (licence,) = dataset["licenses"]
    try:
        return _node(LICENCES[licence["name"]], "dct:LicenseDocument")
    except KeyError:
        raise ValueError(f"{licence['name']}: no IRI in the EU licence list is known for it (pipeline.dcat)") from None


def _agent(contributor: dict) -> dict:
    agent = {"@id": "#" + _slug(contributor["title"]), "@type": "foaf:Agent", "foaf:name": contributor["title"]}
    if contributor.get("email"):
        agent["foaf:mbox"] = {"@id": "mailto:" + contributor["email"]}
    return agent


def _parties(dataset: dict) -> dict:
    """Creators, publisher and contact point, from the descriptors' contributors."""
    contributors = dataset["contributors"]
    creators = [c for c in contributors if c.get("role") == "author"] or contributors
    publisher = next((c for c in contributors if c.get("role") == "publisher"), creators[0])
    contact: dict = {"@id": "#contact", "@type": "vcard:Kind", "vcard:fn": publisher["title"]}
    if publisher.get("email"):
        contact["vcard:hasEmail"] = {"@id": "mailto:" + publisher["email"]}
    if dataset.get("homepage"):
        contact["vcard:hasURL"] = {"@id": dataset["homepage"]}
    return {
        "dct:creator": [_agent(c) for c in creators],
        "dct:publisher": _agent(publisher),
        "dcat:contactPoint": contact,
    }


def _kind(package: Package) -> str:
    """The package's format as people write it ("CSV", "Parquet")."""
    return {"csv": "CSV"}.get(package.folder, package.folder.capitalize())


def _distribution(path: str, title: str, description: str, media_type: str, facts: FileFacts, licence: dict) -> dict:
    return {
        "@id": "#" + path,
        "@type": "dcat:Distribution",
        "dct:title": _text(title),
        "dct:description": _text(description),
        "dcat:accessURL": {"@id": path},
        "dcat:downloadURL": {"@id": path},
        "dcat:mediaType": _node(IANA + media_type, "dct:MediaType"),
        "dct:format": _node(FILE_TYPES[media_type], "dct:MediaTypeOrExtent"),
        "dcat:byteSize": _typed(str(facts.size), "xsd:nonNegativeInteger"),
        "spdx:checksum": {
            "@type": "spdx:Checksum",
            "spdx:algorithm": _node(SHA256, "spdx:ChecksumAlgorithm"),
            "spdx:checksumValue": _typed(facts.sha256, "xsd:hexBinary"),
        },
        "dct:license": licence,
    }


def _distributions(packages: Sequence[Package], files: Mapping[str, FileFacts], licence: dict) -> list[dict]:
    """Each package's zip, then each descriptor, then the data files listed one by one."""
    out = []
    for p in packages:
        kind = _kind(p)
        names = [r["name"] for r in p.descriptor["resources"]]
        distribution = _distribution(
            p.archive,
            f"{kind} datapackage (zip)",
            f"The {kind} datapackage in one zip: its {DESCRIPTOR} and its {len(names)} tables ({', '.join(names)}).",
            ZIP_TYPE,
            files[p.archive],
            licence,
        )
        distribution["dcat:packageFormat"] = _node(IANA + ZIP_TYPE, "dct:MediaType")
        out.append(distribution)
    for p in packages:
        path = f"{p.folder}/{DESCRIPTOR}"
        description = (
            f"The Frictionless descriptor of the {_kind(p)} datapackage: each table's fields, "
            "keys, path and SHA-256, and the letters it was read from."
        )
        out.append(
            _distribution(path, f"{_kind(p)} datapackage descriptor", description, JSON_TYPE, files[path], licence)
        )
    for p in packages:
        if p.folder not in DATA_FILES_OF:
            continue
        for resource in p.descriptor["resources"]:
            path = f"{p.folder}/{resource['path']}"
            facts = files[path]
            if resource.get("hash", f"sha256:{facts.sha256}") != f"sha256:{facts.sha256}":
                raise ValueError(f"{path}: the file does not match the hash its descriptor gives")
            out.append(
                _distribution(path, resource["title"], resource["description"], resource["mediatype"], facts, licence)
            )
    return out


def _dates(tables: Mapping[str, pa.Table]) -> tuple[str | None, str | None]:
    """The oldest and the newest letter's date (the newest is the card's "as of")."""
    from pipeline.card import as_of

    dates = [d for d in tables["documents"].column("date").to_pylist() if d is not None]
    return (min(dates).isoformat() if dates else None), as_of(dict(tables))


def document(packages: Sequence[Package], files: Mapping[str, FileFacts], tables: Mapping[str, pa.Table]) -> dict:
    """The DCAT-AP-NL description of the publication as a JSON-LD object.

    ``packages`` are the publication's datapackages, ``files`` what is known of each file the
    description lists (by path in ``dist/``), ``tables`` the published rows (for the dates).
    """
    dataset_facts = _shared(packages)
    licence = _licence(dataset_facts)
    first, newest = _dates(tables)
    dataset: dict = {
        "@id": "#dataset",
        "@type": "dcat:Dataset",
        "dct:identifier": dataset_facts["name"],
        "dct:title": _text(dataset_facts["title"]),
        "dct:description": _text(dataset_facts["description"]),
        "dcat:keyword": list(dataset_facts["keywords"]),
        "dcat:version": dataset_facts["version"],
        "dct:language": _node(LANGUAGE, "dct:LinguisticSystem"),
        "dct:accessRights": _node(ACCESS_RIGHTS, "dct:RightsStatement"),
        "dcat:theme": [
            {
                "@id": iri,
                "@type": "skos:Concept",
                "skos:prefLabel": [{"@language": k, "@value": v} for k, v in labels.items()],
            }
            for iri, labels in THEMES
        ],
        "dcat:landingPage": {"@id": dataset_facts["homepage"] or "README.md", "@type": "foaf:Document"},
        **_parties(dataset_facts),
        "dcat:distribution": _distributions(packages, files, licence),
    }
    if newest:
        dataset["dct:modified"] = _typed(newest, "xsd:date")
        dataset["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": _typed(first or newest, "xsd:date"),
            "dcat:endDate": _typed(newest, "xsd:date"),
        }
    return {"@context": CONTEXT, **dataset}


def render(packages: Sequence[Package], files: Mapping[str, FileFacts], tables: Mapping[str, pa.Table]) -> str:
    """``dcat.jsonld``: ``document`` as JSON with sorted keys, so the same facts give the same bytes."""
    return json.dumps(document(packages, files, tables), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
