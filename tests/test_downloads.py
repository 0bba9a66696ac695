"""What data users download and load: the snippets on the card (each run here), the
spreadsheet CSVs, each letter's page with its tables as printed, the overview card at
corpus scale, the charts' legends, citation and provenance."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest
import yaml
from support import SAMPLE, SAMPLE_RAW

from pipeline import card, charts, pages, schema, versioning
from pipeline.devtools.synthetic import write_corpus

DOC = SAMPLE.stem

# Hand-checked against the sample letter, lines 245-253 ("In mln euro" over the years,
# then one row per service): the table of section 2 as printed.
SECTION_2 = [
    "| | 2015 | 2016 | 2017 | 2018 | 2019 | 2020 |",
    "|---|---:|---:|---:|---:|---:|---:|",
    "| AIVD | – | 14 | 26 | 26 | 31 | 40 |",
    "| MIVD | – | 12,7 | 20,5 | 17 | 17 | 17 |",
    "| CTIVD | – | 0,5 | 0,5 | 0,5 | 0,5 | 0,5 |",
    "| Kmar | – | 1,5 | 1,5 | 1,5 | 1,5 | 1,5 |",
    "| Politie | – | 1,6 | 1,6 | 8 | 8 | 8 |",
    "| OM | – | 0,8 | 1,3 | 2,1 | 2,1 | 2,1 |",
    "| Totaal spoor 2 | 0 | 31,1 | 51,4 | 55, 1 | 60,1 | 69,1 |",
]


# ---- the snippets on the card, run as a reader runs them ------------------------------------------


@pytest.fixture(scope="module")
def dist_with_a_pm_cell(tmp_path_factory, publish) -> Path:
    """The sample and a letter with a "p.m." cell (no amount): the case that turns an
    integer column into floats in NumPy-backed pandas."""
    folder = tmp_path_factory.mktemp("pm")
    shutil.copytree(SAMPLE_RAW, folder / "raw")
    (folder / "raw" / "pm.txt").write_text(
        "Den Haag, 3 maart 2025\n\nTabel 1 Uitgaven (bedragen x € 1 mln)\n\n"
        "                      2025     2026\nPolitie               1,20     p.m.\n"
        "Justitie              0,85     1,50\n",
        encoding="utf-8",
    )
    code, _, err = publish(folder / "raw", folder / "dist", cache=folder / "cache")
    assert code == 0, err
    return folder / "dist"


def test_the_pandas_snippet_keeps_dates_and_exact_amounts(dist_with_a_pm_cell, monkeypatch):
    monkeypatch.chdir(dist_with_a_pm_cell)
    scope: dict = {}
    exec(card.snippets()["python"], scope)  # noqa: S102 - the card's own snippet
    amounts, documents = scope["amounts"], scope["documents"]
    assert str(documents["date"].dtype) == "date32[day][pyarrow]"
    assert str(amounts["amount_eur"].dtype) == "int64[pyarrow]"  # not float64, though a cell holds no amount
    assert amounts["amount_eur"].isna().sum() == (amounts["kind"] != "amount").sum() == 1
    totals = scope["totals"]
    assert len(totals) == int(amounts["is_total"].fillna(False).sum()) > 0
    assert totals["amount_eur"].max() == 128_800_000  # "Totaal" of 2020 in the sample's table 1


def test_the_duckdb_snippet(sample_dist, monkeypatch):
    monkeypatch.chdir(sample_dist)
    rows = duckdb.sql(card.snippets()["sql"]).fetchall()
    totals = pq.read_table("parquet/data/amounts.parquet").to_pandas()
    assert len(rows) == int(totals["is_total"].sum())
    assert rows[0][1] == "Totaal" and rows[0][3] == 24_900_000


def test_the_polars_snippet(sample_dist, monkeypatch):
    monkeypatch.chdir(sample_dist)
    scope: dict = {}
    exec(card.snippets()["polars"], scope)  # noqa: S102 - the card's own snippet
    per_year = dict(scope["per_year"].sort("year").iter_rows())
    assert set(per_year) == {2015, 2016, 2017, 2018, 2019, 2020}
    assert isinstance(scope["amounts"], pl.DataFrame)


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="R is not installed (.ci/run installs it)")
def test_the_r_snippet_reads_every_column_with_its_type(sample_dist):
    script = (
        card.snippets()["r"]
        + """
stopifnot(nrow(problems(amounts)) == 0)
stopifnot(nrow(amounts) == 90)
stopifnot(is.double(amounts$amount_eur), is.integer(amounts$table_number), is.logical(amounts$is_total))
stopifnot(max(amounts$amount_eur, na.rm = TRUE) == 128800000)
cat(sum(is.na(amounts$amount_eur)), "\\n")
"""
    )
    done = subprocess.run(["Rscript", "-e", script], cwd=sample_dist, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    nil = pq.read_table(sample_dist / "parquet" / "data" / "amounts.parquet").column("amount_eur").null_count
    assert done.stdout.split() == [str(nil)]


def test_the_card_shows_each_snippet_and_says_what_validating_parquet_needs(sample_dist):
    text = (sample_dist / "README.md").read_text(encoding="utf-8")
    for code in card.snippets().values():
        assert code in text
    assert "library(arrow)" not in text  # not installable everywhere (Debian has no r-cran-arrow)
    assert "frictionless[parquet]" in text


# ---- spreadsheets ----------------------------------------------------------------------------------


def test_the_spreadsheet_csvs_open_in_columns_with_their_characters(sample_dist):
    for resource in schema.RESOURCES:
        data = (sample_dist / "excel" / f"{resource.name}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs to read UTF-8
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
        assert rows[0] == resource.field_names
        parquet = pq.read_table(sample_dist / "parquet" / "data" / f"{resource.name}.parquet")
        assert len(rows) - 1 == parquet.num_rows
    # A reader that guesses the separator, as a spreadsheet's import does, finds the columns.
    sniffed = duckdb.sql(f"select * from read_csv('{sample_dist / 'excel' / 'amounts.csv'}')").df()
    assert list(sniffed.columns) == schema.RESOURCES_BY_NAME["amounts"].field_names
    values = pq.read_table(sample_dist / "parquet" / "data" / "amounts.parquet").column("value").to_pylist()
    assert (sniffed["value"] == "–").sum() == values.count("–") >= 6  # the nils of 2015, en dashes intact


def test_each_letter_has_its_tables_as_printed(sample_dist):
    page = (sample_dist / "letters" / f"{DOC}.md").read_text(encoding="utf-8")
    lines = page.splitlines()
    start = lines.index(
        SECTION_2[0],
        lines.index(
            "### Table 3: 2. Uitbreiding van de scope en intensiteit van de activiteiten van AIVD en MIVD in "
            "binnen- en buitenland"
        ),
    )
    assert lines[start : start + len(SECTION_2)] == SECTION_2
    assert f"printed at lines 245–253 of `raw/{SAMPLE.name}`; in mln euro" in lines
    assert "<https://zoek.officielebekendmakingen.nl/kst-29754-302.html>" in page
    assert f"![Each table's total per year](../charts/{DOC}.png)" in page
    assert "- 24 relations between printed figures checked: 24 exact, 0 rounding, 0 mismatch" in lines
    sheet = (sample_dist / "letters" / f"{DOC}.csv").read_bytes()
    assert sheet.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(sheet.decode("utf-8-sig")), delimiter=";"))
    at = rows.index(["MIVD", "–", "12,7", "20,5", "17", "17", "17"])
    assert rows[at - 2] == ["", "2015", "2016", "2017", "2018", "2019", "2020"]
    index = (sample_dist / "letters" / "README.md").read_text(encoding="utf-8")
    assert f"| [`{DOC}`]({DOC}.md) | 2015-02-27 | Versterking veiligheidsketen |" in index


def test_a_mismatch_is_on_the_letters_page_and_the_card_as_printed(tmp_path, publish):
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE_RAW, raw)
    (raw / "mis.txt").write_text(
        "Den Haag, 3 maart 2025\n\nTabel 1 Uitgaven (bedragen x € 1 mln)\n\n"
        "                      2025     2026\nPolitie               1,20     3,00\n"
        "Justitie              0,85     1,50\nTotaal                2,15     4,50\n",
        encoding="utf-8",
    )
    code, _, err = publish(raw, tmp_path / "dist", cache=tmp_path / "cache")
    assert code == 0, err
    page = (tmp_path / "dist" / "letters" / "mis.md").read_text(encoding="utf-8")
    assert (
        "- **mismatch** at `raw/mis.txt:8`: table 1, 2025: printed 2,15 but rows 1+2 add up to 2,05 (mln euro)"
    ) in page.splitlines()
    text = (tmp_path / "dist" / "README.md").read_text(encoding="utf-8")
    assert "| [`mis`](letters/mis.md) | `raw/mis.txt:8` | 1, 2025 | 2,15 | 2,05 (mln euro) |" in text
    assert "data as of **2025-03-03** (the newest letter)" in text


# ---- the card at corpus scale ----------------------------------------------------------------------


@pytest.mark.slow  # 10-15 s; every CI run has it on the main Python
def test_the_card_stays_short_however_many_letters(tmp_path, publish):
    """The card is an overview: its length does not grow with the letters (each has its page,
    listed in letters/README.md)."""
    sizes = {}
    for n in (40, 400):
        write_corpus(tmp_path / f"c{n}", n, seed=3)
        dist = tmp_path / f"d{n}"
        assert publish(tmp_path / f"c{n}" / "raw", dist, cache=tmp_path / "cache").code in (0, 4)
        text = (dist / "README.md").read_text(encoding="utf-8")
        sizes[n] = len(text.encode())
        assert "## The corpus" in text and "### By year of the letter" in text and "### By dossier" in text
        assert (dist / card.OVERVIEW_CHART).read_bytes().startswith(b"\x89PNG")
        pages_made = {p.stem for p in (dist / "letters").glob("*.md")} - {"README"}
        assert len(pages_made) == n
        index = (dist / "letters" / "README.md").read_text(encoding="utf-8")
        assert all(f"]({doc}.md)" in index for doc in pages_made)
    assert sizes[400] < 1.3 * sizes[40] and sizes[400] < 40_000, sizes


# ---- charts ---------------------------------------------------------------------------------------


def test_chart_legends_name_the_sections_and_ring_a_mismatch():
    columns = {
        "amounts": {
            "table_number": [1, 1, 1],
            "row_number": [1, 2, 3],
            "column_number": [1, 1, 1],
            "is_total": [False, False, True],
            "column_header": ["2025"] * 3,
            "period": ["2025"] * 3,
            "year": [2025] * 3,
            "amount_eur": [1, 2, 4],
        },
        "tables": {"table_number": [1], "section": ["2. Inlichtingendiensten"], "caption": ["In mln euro"]},
        "consistency": {"table_number": [1], "row_number": [3], "column_number": [1], "status": ["mismatch"]},
    }
    assert charts.table_names(columns) == {1: "2. Inlichtingendiensten"}
    assert charts.mismatched_totals(columns) == {(1, 2025)}
    ringed = charts.letter_chart("x", columns)
    plain = charts.render("x", charts.table_totals(columns), charts.table_names(columns))
    assert ringed is not None and plain is not None and ringed != plain
    assert charts.table_names({"tables": {"table_number": [4], "section": [None]}}) == {4: "table 4"}


# ---- citation and provenance ----------------------------------------------------------------------


def test_descriptors_cite_their_sources_and_themselves(sample_dist):
    for fmt in ("csv", "parquet"):
        descriptor = json.loads((sample_dist / fmt / "datapackage.json").read_text(encoding="utf-8"))
        assert descriptor["keywords"] == schema.KEYWORDS and descriptor["contributors"] == schema.CONTRIBUTORS
        assert descriptor["sources"] == [
            {
                "title": "Versterking veiligheidsketen (Kamerstuk 29 754, nr. 302; 2015-02-27)",
                "path": "https://zoek.officielebekendmakingen.nl/kst-29754-302.html",
            }
        ]
    cff = yaml.safe_load((sample_dist / "CITATION.cff").read_text(encoding="utf-8"))
    version = json.loads((sample_dist / "csv" / "datapackage.json").read_text())["version"]
    assert (cff["cff-version"], cff["type"], cff["version"], cff["date-released"]) == (
        "1.2.0",
        "dataset",
        version,
        "2015-02-27",
    )
    assert cff["license"] == "CC0-1.0" and cff["authors"]


def test_documents_carry_the_letters_metadata(sample_dist):
    (row,) = pq.read_table(sample_dist / "parquet" / "data" / "documents.parquet").to_pylist()
    assert (row["kind"], row["dossier"], row["dossier_title"]) == ("Kamerbrief", "29754", "Terrorismebestrijding")
    assert row["senders"] == (
        "Minister-President, Minister van Algemene Zaken (M. Rutte); "
        "Vice-Minister-President, Minister van Sociale Zaken en Werkgelegenheid (L.F. Asscher)"
    )


def test_new_optional_fields_at_the_end_only_widen_the_schema():
    def descriptor(documents: list[dict]) -> dict:
        return {"resources": [{"name": "documents", "schema": {"fields": documents, "primaryKey": ["document_id"]}}]}

    old = descriptor([{"name": "document_id", "type": "string", "constraints": {"required": True}}])
    optional = descriptor([*old["resources"][0]["schema"]["fields"], {"name": "kind", "type": "string"}])
    required = descriptor(
        [
            *old["resources"][0]["schema"]["fields"],
            {"name": "kind", "type": "string", "constraints": {"required": True}},
        ]
    )
    first = descriptor([{"name": "kind", "type": "string"}, *old["resources"][0]["schema"]["fields"]])
    assert versioning.widened(old, optional)
    assert not versioning.widened(old, required)
    assert not versioning.widened(old, first)
    assert not versioning.widened(optional, old)


def test_pages_are_the_same_bytes_for_the_same_rows():
    columns = {r.name: {f: [] for f in r.field_names} for r in schema.RESOURCES}
    columns["documents"] = {f: [None] for f in schema.DOCUMENTS.field_names}
    columns["documents"].update(
        document_id=["a"], source_path=["raw/a.txt"], sha256=["0" * 64], lines=[3], problems=[0]
    )
    first, again = pages.letter_files("a", columns), pages.letter_files("a", columns)
    assert first == again and set(first) == {"page"}  # no tables: no chart, no sheet
    assert b"No table was read from this letter." in first["page"]
