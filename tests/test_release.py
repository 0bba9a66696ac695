"""What a downloader sees: versions and changelog, the dataset card, charts, zips, checksums."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile

import pyarrow as pa
import pyarrow.parquet as pq
from frictionless import validate
from support import DIST, SAMPLE, tree_bytes

from pipeline import charts, schema, versioning
from pipeline.devtools.synthetic import write_corpus


def test_versions_and_changelog_follow_the_data(raw_copy, tmp_path, publish):
    first = schema.SCHEMA_VERSION  # a dataset starts at its contract's version
    major, minor, _ = map(int, first.split("."))
    added, removed = f"{major}.{minor + 1}.0", f"{major + 1}.0.0"
    dist = tmp_path / "dist"
    result = publish(raw_copy, dist)
    assert result.code == 0, result.err
    descriptor = json.loads((dist / "csv" / "datapackage.json").read_text())
    assert descriptor["version"] == first
    assert f"## {first}" in (dist / "CHANGELOG.md").read_text()

    write_corpus(tmp_path / "corpus", 1, seed=11)
    shutil.copy(tmp_path / "corpus" / "raw" / "synthetic-1.txt", raw_copy / "synthetic-1.txt")
    result = publish(raw_copy, dist)
    assert result.code == 0, result.err
    assert json.loads((dist / "parquet" / "datapackage.json").read_text())["version"] == added
    changelog = (dist / "CHANGELOG.md").read_text()
    assert changelog.index(f"## {added}") < changelog.index(f"## {first}")
    entry = changelog.split(f"## {added}")[1].split(f"## {first}")[0]
    assert "| synthetic-1 | documents | 1 | 0 | 0 |" in entry
    assert SAMPLE.stem not in entry

    before = tree_bytes(dist)
    result = publish(raw_copy, dist)
    assert result.code == 0, result.err
    assert tree_bytes(dist) == before  # nothing changed: not a byte

    (raw_copy / "synthetic-1.txt").unlink()
    result = publish(raw_copy, dist)  # rows removed: a major version
    assert result.code == 0, result.err
    changelog = (dist / "CHANGELOG.md").read_text()
    assert "| synthetic-1 | documents | 0 | 1 | 0 |" in changelog.split(f"## {removed}")[1].split(f"## {added}")[0]


def test_changed_rows_and_schema_changes_are_told_apart():
    tables = {r.name: r.to_pyarrow_schema().empty_table() for r in schema.RESOURCES}
    documents = pa.Table.from_pylist(
        [
            {
                "document_id": "a",
                "date": None,
                "letterhead": None,
                "addressee": None,
                "title": "A",
                "reference": None,
                "url": None,
                "source_path": "raw/a.txt",
                "sha256": "0" * 64,
                "lines": 3,
                "problems": 0,
            }
        ],
        schema=schema.DOCUMENTS.to_pyarrow_schema(),
    )
    old = {**tables, "documents": documents}
    new = {**tables, "documents": documents.set_column(9, "lines", pa.array([4], pa.int64()))}
    descriptor = {
        "version": "1.0.0",
        "name": "x",
        "resources": [{"name": r.name, "schema": r.to_frictionless_schema()} for r in schema.RESOURCES],
    }
    previous = versioning.Previous(descriptor, old, versioning.CHANGELOG_HEADER + "\n## 1.0.0\n\nFirst.\n")
    assert versioning.release(previous, descriptor, new).version == "1.0.1"  # a row corrected: a patch
    assert versioning.release(previous, descriptor, old).version == "1.0.0"
    retitled = {**descriptor, "title": "Another title"}
    assert versioning.release(previous, retitled, old).version == "1.0.1"
    reshaped = json.loads(json.dumps(descriptor))
    reshaped["resources"][0]["schema"]["fields"][1]["type"] = "string"
    assert versioning.release(previous, reshaped, old).version == "2.0.0"
    widened = json.loads(json.dumps(descriptor))
    text_form = next(
        f
        for r in widened["resources"]
        if r["name"] == "tables"
        for f in r["schema"]["fields"]
        if f["name"] == "text_form"
    )
    text_form["constraints"]["enum"].append("scanned")  # a new allowed value: old readers read every old row
    assert versioning.release(previous, widened, old).version == "1.1.0"
    text_form["constraints"]["enum"].remove("pdf-copy")  # a value gone: a reader may break
    assert versioning.release(previous, widened, old).version == "2.0.0"


def test_the_dataset_card_is_generated_from_the_schema(sample_dist):
    card = (sample_dist / "README.md").read_text(encoding="utf-8")
    assert schema.data_dictionary() in card
    for needle in (
        "pd.read_parquet",
        "from 'parquet/data/amounts.parquet'",
        "pl.read_parquet",
        "library(readr)",
        "CC0-1.0",
        "nl-kamerbrief-tables-csv.zip",
        "SHA256SUMS",
        "excel/",
        f"[Versterking veiligheidsketen](letters/{SAMPLE.stem}.md)",
        "CITATION.cff",
        "| relations | exact | rounding | mismatch |",
        "CHANGELOG.md",
        "data as of **2015-02-27**",
        "### Letters not read fully",
        "Every letter was read fully.",
        "![Letters per year](overview.png)",
    ):
        assert needle in card, needle
    for resource in schema.RESOURCES:
        for field in resource.fields:
            assert f"| `{field.name}` | {field.type} |" in card


def test_charts_are_deterministic_pngs(sample_dist):
    chart = sample_dist / "charts" / f"{SAMPLE.stem}.png"
    data = chart.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    totals = {1: {2015: 10, 2016: 20}, 2: {2015: 5, 2016: -5}}
    assert charts.render("x", totals) == charts.render("x", totals)
    assert charts.render("x", {}) is None


def test_zips_hold_each_package_and_validate(tmp_path):
    for fmt in ("csv", "parquet"):
        archive = DIST / f"nl-kamerbrief-tables-{fmt}.zip"
        with zipfile.ZipFile(archive) as z:
            names = z.namelist()
            assert f"{fmt}/datapackage.json" in names
            assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in z.infolist())
            z.extractall(tmp_path / fmt)
        assert tree_bytes(tmp_path / fmt / fmt) == tree_bytes(DIST / fmt)
        report = validate(str(tmp_path / fmt / fmt / "datapackage.json"))
        assert report.valid


def test_sha256sums_cover_every_file_and_check():
    listed = {line.split("  ", 1)[1] for line in (DIST / "SHA256SUMS").read_text().splitlines()}
    assert listed == set(tree_bytes(DIST)) - {"SHA256SUMS"}
    done = subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=DIST, capture_output=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_parquet_types_travel():
    expected = {"integer": pa.int64(), "string": pa.string(), "boolean": pa.bool_(), "date": pa.date32()}
    for resource in schema.RESOURCES:
        arrow = pq.read_schema(DIST / "parquet" / "data" / f"{resource.name}.parquet")
        for field in resource.fields:
            assert arrow.field(field.name).type == expected[field.type]
            assert arrow.field(field.name).metadata[b"description"].decode() == field.description
        assert b"pandas" not in (arrow.metadata or {})
