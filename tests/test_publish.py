"""The whole pipeline through Dagster: publication, reproducibility, validity, readers, bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow.parquet as pq
import pytest
from frictionless import Package, validate
from hypothesis import given, settings
from hypothesis import strategies as st
from support import DIST, RAW, SAMPLE, SAMPLE_RAW, tree_bytes

from pipeline import cli, packaging, schema

RESOURCES = [r.name for r in schema.RESOURCES]


@pytest.fixture(scope="module")
def published(tmp_path_factory, publish) -> Path:
    """The project's raw/ published over a copy of the committed dist/ (its version history
    included), whatever letters raw/ holds."""
    dist = tmp_path_factory.mktemp("published") / "dist"
    shutil.copytree(DIST, dist)
    for path in dist.rglob("*"):
        if path.is_file():
            path.write_bytes(b"")  # every byte must be written again, not left in place
    (dist / "CHANGELOG.md").write_bytes(DIST.joinpath("CHANGELOG.md").read_bytes())
    (dist / "parquet" / "datapackage.json").write_bytes(DIST.joinpath("parquet", "datapackage.json").read_bytes())
    for name in RESOURCES:
        target = dist / "parquet" / "data" / f"{name}.parquet"
        target.write_bytes(DIST.joinpath("parquet", "data", f"{name}.parquet").read_bytes())
    code, out, err = publish(RAW, dist)
    assert code in (0, cli.EXIT_PUBLISHED_WITH_PROBLEMS), err  # a letter of raw/ may hold a table it cannot read
    return dist


def test_publishing_raw_reproduces_the_committed_dist_byte_for_byte(published):
    """The committed dist/ is exactly what the committed raw/ produces, whatever letters raw/
    holds: a letter added, changed or removed means publishing again and committing dist/."""
    assert tree_bytes(published) == tree_bytes(DIST)


def test_the_committed_dist_holds_the_letters_of_the_committed_raw():
    """The committed dist/ is made from the letters now in raw/, whichever they are: one
    document per letter, with the SHA-256 of its bytes. A letter added to raw/ and not yet
    published, or published and since removed, fails here in a second."""
    import hashlib

    from pipeline.reading import letter_paths

    in_raw = {
        f"raw/{path.relative_to(RAW).as_posix()}": hashlib.sha256(path.read_bytes()).hexdigest()
        for path in letter_paths(RAW)
    }
    documents = pl.read_csv(DIST / "csv" / "data" / "documents.csv", infer_schema=False)
    assert dict(zip(documents["source_path"], documents["sha256"])) == in_raw


def test_publishing_twice_gives_the_same_bytes(tmp_path, publish):
    for name in ("one", "two"):
        code, _, err = publish(SAMPLE_RAW, tmp_path / name)
        assert code == 0, err
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_frictionless_finds_both_packages_valid(published, fmt):
    report = validate(str(published / fmt / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])


def test_descriptors_carry_the_contract(sample_dist):
    import json

    for fmt in ("csv", "parquet"):
        descriptor = json.loads((sample_dist / fmt / "datapackage.json").read_text())
        assert descriptor["name"] == "nl-kamerbrief-tables"
        assert descriptor["version"] == schema.SCHEMA_VERSION
        assert descriptor["licenses"][0]["name"] == "CC0-1.0"
        assert descriptor["sources"] == [
            {
                "title": "Versterking veiligheidsketen (Kamerstuk 29 754, nr. 302; 2015-02-27)",
                "path": "https://zoek.officielebekendmakingen.nl/kst-29754-302.html",
            }
        ]
        assert [r["name"] for r in descriptor["resources"]] == RESOURCES
        for resource in descriptor["resources"]:
            assert resource["hash"].startswith("sha256:")
            assert ("bytes" in resource) == (fmt == "csv")
            assert all(f["description"] for f in resource["schema"]["fields"])
            assert resource["schema"]["primaryKey"]
        keys = {r["name"]: r["schema"].get("foreignKeys") for r in descriptor["resources"]}
        assert keys["amounts"][0]["reference"] == {"resource": "tables", "fields": ["document_id", "table_number"]}


@pytest.mark.parametrize("name", RESOURCES)
def test_parquet_equals_csv_in_pandas_duckdb_and_polars(sample_dist, name):
    csv_path = sample_dist / "csv" / "data" / f"{name}.csv"
    parquet_path = sample_dist / "parquet" / "data" / f"{name}.parquet"
    resource = schema.RESOURCES_BY_NAME[name]
    assert pq.read_schema(parquet_path).remove_metadata() == resource.to_pyarrow_schema().remove_metadata()
    assert pq.read_schema(parquet_path).field(0).metadata[b"description"]

    def normal(records):
        return [
            {k: (None if v is None or v != v else (str(v)[:10] if "date" == k else v)) for k, v in r.items()}
            for r in records
        ]

    csv_rows = pl.read_csv(csv_path, infer_schema=False).to_dicts()
    typed = {f.name: f.type for f in resource.fields}

    def from_csv(row):
        out = {}
        for k, v in row.items():
            if v is None or v == "":
                out[k] = None
            elif typed[k] == "integer":
                out[k] = int(v)
            elif typed[k] == "boolean":
                out[k] = v == "true"
            else:
                out[k] = v
        return out

    expected = normal([from_csv(r) for r in csv_rows])
    assert normal(pl.read_parquet(parquet_path).to_dicts()) == expected
    assert normal(duckdb.sql(f"select * from '{parquet_path}'").pl().to_dicts()) == expected
    frame = pd.read_parquet(parquet_path)
    assert normal(frame.astype(object).where(frame.notna(), None).to_dict("records")) == expected


def test_duckdb_joins_amounts_to_documents(sample_dist):
    data = sample_dist / "parquet" / "data"
    total = duckdb.sql(
        f"select d.date, sum(a.amount_eur) as eur from '{data}/amounts.parquet' a "
        f"join '{data}/documents.parquet' d using (document_id) "
        f"where a.is_total and a.table_number = 1 group by d.date"
    ).fetchall()
    assert [(str(d), eur) for d, eur in total] == [
        ("2015-02-27", 619_100_000)
    ]  # 24,9+105,4+116,7+120,9+122,4+128,8 = 619,1 mln


# ---- bad input: listed and published around, or (strict) refused with dist untouched ----------


@pytest.fixture
def dist_before(sample_dist, tmp_path) -> Path:
    """A copy of the sample's publication, to publish over."""
    dist = tmp_path / "dist"
    shutil.copytree(sample_dist, dist)
    return dist


def assert_refused(publish, raw: Path, dist: Path, *fragments: str) -> str:
    """With --strict: a clear message, exit 1, dist exactly as it was, nothing left behind."""
    before = tree_bytes(dist)
    code, out, err = publish(raw, dist, strict=True)
    assert code == 1
    for fragment in fragments:
        assert fragment in err, err
    assert "Traceback" not in err
    assert tree_bytes(dist) == before
    leftovers = [p.name for p in dist.parent.iterdir() if p.name.startswith((".dist.staging", ".dist.previous"))]
    assert leftovers == []
    return err


def assert_listed(publish, raw: Path, dist: Path, *fragments: str) -> str:
    """By default: the rest is published, the problem listed as file:line: reason, exit 4."""
    code, out, err = publish(raw, dist)
    assert code == cli.EXIT_PUBLISHED_WITH_PROBLEMS, err
    for fragment in fragments:
        assert fragment in out + err, out + err
    assert "Traceback" not in out + err
    return out


def rewrite_sample_line(raw: Path, starting: str, new: str) -> tuple[Path, int]:
    """Replace the first line of the sample that starts with ``starting``; its path and number."""
    letter = raw / SAMPLE.name
    lines = letter.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines, 1) if line.startswith(starting))
    lines[number - 1] = new
    letter.write_text("\n".join(lines), encoding="utf-8")
    return letter, number


def test_a_row_with_too_few_values_is_listed_and_the_rest_published(raw_copy, tmp_path, publish):
    letter, number = rewrite_sample_line(raw_copy, "MIVD – 12,7", "MIVD – 12,7 20,5 17 17 ")
    dist = tmp_path / "fresh"
    out = assert_listed(
        publish,
        raw_copy,
        dist,
        f"{letter}:{number}: ",
        "5 figures",
        "6 columns",
        "problems   1 in 1 letter",
        "letters_read_fully WARN",
    )
    assert "tables     4" in out  # the other four tables of the letter
    assert "mismatch   " not in out  # the overview is not checked against a table left unread
    problems = pl.read_csv(dist / "csv" / "data" / "problems.csv")
    assert problems.select("source_path", "table_number", "line").rows() == [(f"raw/{SAMPLE.name}", 3, number)]
    documents = pl.read_csv(dist / "csv" / "data" / "documents.csv")
    assert documents["problems"].to_list() == [1]
    tables = pl.read_csv(dist / "csv" / "data" / "tables.csv")
    assert tables["table_number"].to_list() == [1, 2, 4, 5]  # numbers stay those of the letter
    card = (dist / "README.md").read_text(encoding="utf-8")
    assert f"| [`{SAMPLE.stem}`](letters/{SAMPLE.stem}.md) | `raw/{SAMPLE.name}` | 1 |" in card
    page = (dist / "letters" / f"{SAMPLE.stem}.md").read_text(encoding="utf-8")
    assert f"- **not read** at `raw/{SAMPLE.name}:{number}`: row 'MIVD' has 5 figures" in page


def test_a_row_with_too_few_values_is_refused_when_strict(raw_copy, dist_before, publish):
    letter, number = rewrite_sample_line(raw_copy, "MIVD – 12,7", "MIVD – 12,7 20,5 17 17 ")
    err = assert_refused(publish, raw_copy, dist_before, f"{letter}:{number}: ", "5 figures", "6 columns")
    assert err.splitlines()[0].startswith(f"{letter}:{number}: ")


def test_a_header_with_no_periods_is_listed(raw_copy, dist_before, publish):
    letter, number = rewrite_sample_line(raw_copy, "In mln euro", "In mln euro")
    assert_listed(publish, raw_copy, dist_before, f"{letter}:{number + 2}: ", "without a header")


def test_a_non_text_file_is_listed_with_its_letter(raw_copy, dist_before, publish):
    (raw_copy / "scan.txt").write_bytes(b"%PDF-1.4\n\x00\x01\x02binary")
    assert_listed(publish, raw_copy, dist_before, "raw/scan.txt:2: ", "not a text file", "documents  2")
    documents = pl.read_csv(dist_before / "csv" / "data" / "documents.csv")
    assert documents.filter(pl.col("document_id") == "scan")["problems"].to_list() == [1]


def test_a_non_text_file_is_refused_when_strict(raw_copy, dist_before, publish):
    (raw_copy / "scan.txt").write_bytes(b"%PDF-1.4\n\x00\x01\x02binary")
    assert_refused(publish, raw_copy, dist_before, "raw/scan.txt:2: ", "not a text file")


def test_a_letter_published_before_keeps_its_rows_when_it_no_longer_reads(raw_copy, dist_before, publish):
    before = pl.read_csv(dist_before / "csv" / "data" / "amounts.csv")
    rewrite_sample_line(raw_copy, "MIVD – 12,7", "MIVD – 12,7 20,5 17 17 ")
    assert_listed(publish, raw_copy, dist_before, "problems   1 in 1 letter")
    # the letter's table 3 cannot be read now; the refresh keeps what was published
    assert pl.read_csv(dist_before / "csv" / "data" / "amounts.csv").equals(before)


def test_a_missing_raw_folder_is_refused(tmp_path, dist_before, publish):
    code, _, err = publish(tmp_path / "nowhere", dist_before)
    assert code != 0 and "no such folder" in err


def test_a_letter_without_tables_still_appears(tmp_path, publish):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "Brief Zonder Tabel.txt").write_text(
        "MINISTERIE\n\nAan de Voorzitter\n\nDen Haag, 1 april 2021\n\nGeen bedragen.\n"
    )
    code, out, err = publish(raw, tmp_path / "dist")
    assert code == 0, err
    docs = pl.read_csv(tmp_path / "dist" / "csv" / "data" / "documents.csv")
    assert docs["document_id"].to_list() == ["brief-zonder-tabel"]
    assert docs["date"].to_list() == ["2021-04-01"]
    assert pl.read_csv(tmp_path / "dist" / "csv" / "data" / "amounts.csv").height == 0


def _package_with_sources(tmp_path, sources) -> dict[str, Path]:
    folder = tmp_path / "csv"
    shutil.copytree(DIST / "csv", folder)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["sources"] = sources
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return {"csv": folder / "datapackage.json"}


def test_sources_are_validated_one_of_a_kind(tmp_path):
    """Thousands of letters are thousands of sources of one kind: Frictionless sees one of
    each kind, and every source that is not plain title-and-path strings."""
    many = [{"title": f"Brief {n}", "path": f"https://example.org/{n}"} for n in range(3000)]
    odd = [{"title": "Brief"}, {"title": 5, "path": "x"}, {"title": "a", "email": "not-an-email"}, "str"]
    assert packaging.sources_to_validate(many + odd + many) == [many[0], *odd]
    assert packaging.validate_descriptors(_package_with_sources(tmp_path / "good", many)) == []
    issues = packaging.validate_descriptors(_package_with_sources(tmp_path / "bad", [*many, odd[1], *many]))
    assert len(issues) == 1 and "sources/1/title" in issues[0].message


@settings(max_examples=40, deadline=None)
@given(title=st.text(), path=st.text(), keys=st.sampled_from([("title",), ("path",), ("title", "path"), ()]))
def test_any_plain_source_passes_the_profile(title, path, keys):
    """What lets one plain source stand for all: the Data Package profile asks a source's
    title and path to be strings and nothing more. If a Frictionless upgrade asks more,
    this fails, and ``sources_to_validate`` must keep every source again."""
    descriptor = json.loads((DIST / "csv" / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["sources"] = [{k: v for k, v in (("title", title), ("path", path)) if k in keys}]
    assert Package.validate_descriptor(descriptor).errors == []
