"""The dataset card, ``dist/README.md``, and the index of letters, ``dist/letters/README.md``.

Pure functions, generated from the schema declaration and the published rows, so the card
never drifts from the data. The card is an overview of the corpus that stays short however
many letters there are: what the dataset is and how to cite it, downloads, loading snippets
(each run by the tests), the letters by year, by letterhead and by dossier, the findings
that matter (mismatches, letters not read fully), the newest letters, and the data
dictionary. Each letter has its own page (``pipeline.pages``), listed in the index.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pyarrow as pa
import pyarrow.compute as pc

from pipeline import charts, schema
from pipeline.consistency import MISMATCH, column_name, mismatch_findings, status_counts
from pipeline.pages import dossier_name
from pipeline.pages import markdown_cell as _cell
from pipeline.versioning import rows_per_letter

SHOWN_ROWS = 15  # letterheads and dossiers listed by name; the rest are counted together
SHOWN_FINDINGS = 50  # mismatches and letters not read fully listed on the card
NEWEST_LETTERS = 20
OVERVIEW_CHART = "overview.png"


def _zip_name(fmt: str) -> str:
    return f"{schema.PACKAGE_NAME}-{fmt}.zip"


def _r_type(field: schema.Field) -> str:
    if field.type == "integer":  # amounts in euros pass R's 32-bit integers: doubles hold them exactly
        return "col_double()" if field.name.endswith("_eur") else "col_integer()"
    return {"date": "col_date()", "boolean": "col_logical()", "number": "col_double()"}.get(
        field.type, "col_character()"
    )


def snippets() -> dict[str, str]:
    """The loading snippets by language, paths relative to ``dist/``; the tests run each."""
    amounts = schema.RESOURCES_BY_NAME["amounts"]
    r_types = ",\n  ".join(f"{f.name} = {_r_type(f)}" for f in amounts.fields)
    return {
        "python": """import pandas as pd

# dtype_backend="pyarrow": dates stay dates and amounts stay exact integers, also where a
# cell holds no amount ("p.m.", blank), which NumPy types would turn into float NaN.
amounts = pd.read_parquet("parquet/data/amounts.parquet", dtype_backend="pyarrow")
documents = pd.read_parquet("parquet/data/documents.parquet", dtype_backend="pyarrow")
totals = amounts[amounts["is_total"].fillna(False)].merge(documents[["document_id", "date"]], on="document_id")""",
        "sql": """-- DuckDB
select d.date, a.row_label, a.period, a.amount_eur
from 'parquet/data/amounts.parquet' a
join 'parquet/data/documents.parquet' d using (document_id)
where a.is_total
order by d.date, a.document_id, a.table_number, a.row_number, a.column_number;""",
        "polars": """import polars as pl

amounts = pl.read_parquet("parquet/data/amounts.parquet")
per_year = amounts.filter(pl.col("is_total")).group_by("year").agg(pl.col("amount_eur").sum())""",
        "r": f"""library(readr)

# The CSV package with every column's type given (amounts in euros as doubles: they pass
# R's 32-bit integers; doubles hold them exactly up to 9 quadrillion). Only an empty field is
# missing: a row label may read "NA".
amounts <- read_csv("csv/data/amounts.csv", na = "", col_types = cols(
  {r_types}
))""",
    }


def _snippet_section() -> list[str]:
    code = snippets()
    return [
        "```python\n# pandas\n" + code["python"] + "\n```",
        "",
        "```sql\n" + code["sql"] + "\n```",
        "",
        "```python\n# polars\n" + code["polars"] + "\n```",
        "",
        "```r\n# R, with readr (in CRAN and Debian's r-cran-readr)\n" + code["r"] + "\n```",
        "",
        f"Paths are relative to this folder, or to the unpacked `{_zip_name('parquet')}` / "
        f"`{_zip_name('csv')}`. In R, the Parquet files read with the `nanoparquet` or `arrow` "
        "packages from CRAN. `frictionless validate csv/datapackage.json` checks every row "
        "against the schema; for the Parquet package install `frictionless[parquet]`.",
    ]


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("es" if noun.endswith("ch") else "s") * (n != 1)


def as_of(tables: dict[str, pa.Table]) -> str | None:
    """The date the data runs to: the newest letter's. From the inputs, never the clock,
    so the same letters give the same card."""
    dates = [d for d in tables["documents"].column("date").to_pylist() if d is not None]
    return max(dates).isoformat() if dates else None


def citation(version: str, tables: dict[str, pa.Table]) -> str:
    """How to cite this publication, in one line."""
    date = as_of(tables)
    return (
        f"{schema.CONTRIBUTORS[0]['title']}, *{schema.PACKAGE_TITLE}* ({schema.PACKAGE_NAME}), "
        f"version {version}"
        + (f", data as of {date}" if date else "")
        + f", {schema.LICENSE['name']}"
        + (f", {schema.HOMEPAGE}" if schema.HOMEPAGE else "")
        + "."
    )


def citation_cff(version: str, tables: dict[str, pa.Table]) -> str:
    """``CITATION.cff`` (Citation File Format 1.2.0) for this publication; its date is the
    newest letter's, so the same letters give the same bytes."""
    date = as_of(tables)

    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [
        "cff-version: 1.2.0",
        f"message: {quoted('If you use this dataset, please cite it as below.')}",
        "type: dataset",
        f"title: {quoted(schema.PACKAGE_TITLE)}",
        f"abstract: {quoted(schema.PACKAGE_DESCRIPTION)}",
        "authors:",
        *(f"  - name: {quoted(c['title'])}" for c in schema.CONTRIBUTORS),
        f"version: {quoted(version)}",
        *([f"date-released: {quoted(date)}"] if date else []),
        f"license: {schema.LICENSE['name']}",
        *([f"url: {quoted(schema.HOMEPAGE)}"] if schema.HOMEPAGE else []),
        "keywords:",
        *(f"  - {quoted(k)}" for k in schema.KEYWORDS),
    ]
    return "\n".join(lines) + "\n"


def _count_table(title: str, counts: Counter, header: str) -> list[str]:
    lines = [f"### {title}", "", f"| {header} | letters |", "|---|---:|"]
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    for name, n in ranked[:SHOWN_ROWS]:
        lines.append(f"| {_cell(name)} | {n:,} |")
    rest = ranked[SHOWN_ROWS:]
    if rest:
        lines.append(f"| *{len(rest):,} others* | {sum(n for _, n in rest):,} |")
    return [*lines, ""]


def overview_chart(tables: dict[str, pa.Table]) -> bytes | None:
    """Per year of the letters' dates: letters, those with a table not read, those with a mismatch."""
    return charts.render(
        "Letters in the corpus",
        overview_series(tables),
        {1: "letters", 2: "not read fully", 3: "with a mismatch"},
        measure="Per year of the letter's date",
        scales=[(1, "letters")],
    )


def overview_series(tables: dict[str, pa.Table]) -> dict[int, dict[int, int]]:
    """The overview chart's series (letters, not read fully, with a mismatch) per year, every
    year from the first to the last: a year without letters is drawn as the 0 it is, not
    passed over by a line from the year before to the year after."""
    per_year = _letters_per_year(tables)
    years = sorted(per_year["all"])
    span = range(years[0], years[-1] + 1) if years else range(0)
    series = {1: per_year["all"], 2: per_year["not read fully"], 3: per_year["with a mismatch"]}
    return {k: {year: v.get(year, 0) for year in span} for k, v in series.items()}


def _letters_per_year(tables: dict[str, pa.Table]) -> dict[str, Counter]:
    documents = tables["documents"]
    consistency = tables["consistency"]
    mismatched = set(
        consistency.filter(pc.equal(consistency.column("status"), MISMATCH)).column("document_id").to_pylist()
    )
    counts: dict[str, Counter] = defaultdict(Counter)
    year_of = _year_of(documents)
    for doc, problems in zip(documents.column("document_id").to_pylist(), documents.column("problems").to_pylist()):
        year = year_of[doc]
        if year is None:
            continue
        counts["all"][year] += 1
        counts["not read fully"][year] += 1 if problems else 0
        counts["with a mismatch"][year] += 1 if doc in mismatched else 0
    return counts


def attachments_of(documents: pa.Table) -> dict[str, list[str]]:
    """Per letter of the corpus, the attachments in the corpus that name it as their main
    document, in document order."""
    ids = documents.column("document_id").to_pylist()
    corpus = set(ids)
    found: dict[str, list[str]] = defaultdict(list)
    for doc, main in zip(ids, documents.column("main_document").to_pylist()):
        if main in corpus and main != doc:
            found[main].append(doc)
    return dict(found)


def _year_of(documents: pa.Table) -> dict[str, int | None]:
    """Each document's year: its date's, and for an attachment whose letter is in the corpus
    that letter's, so that an attachment's tables count with its letter."""
    own = {
        doc: (date.year if date else None)
        for doc, date in zip(documents.column("document_id").to_pylist(), documents.column("date").to_pylist())
    }
    years = dict(own)
    for main, attachments in attachments_of(documents).items():
        for doc in attachments:
            years[doc] = own[main]
    return years


def render(version: str, tables: dict[str, pa.Table], charts_drawn: set[str]) -> str:
    documents = tables["documents"]
    consistency = tables["consistency"]
    letters = documents.num_rows
    statuses = status_counts(consistency)
    date = as_of(tables)
    lines = [
        f"# {schema.PACKAGE_TITLE}",
        "",
        schema.PACKAGE_DESCRIPTION,
        "",
        f"- Version **{version}** (data contract {schema.SCHEMA_VERSION}); what changed: "
        f"[CHANGELOG.md](CHANGELOG.md)" + (f"; data as of **{date}** (the newest letter)" if date else ""),
        f"- Licence: [{schema.LICENSE['name']}]({schema.LICENSE['path']}) ({schema.LICENSE['title']})",
        f"- {letters:,} letters, {tables['tables'].num_rows:,} tables, {tables['amounts'].num_rows:,} amounts, "
        f"{consistency.num_rows:,} checked relations ({_count(statuses.get(MISMATCH, 0), 'mismatch')}), "
        f"{tables['problems'].num_rows:,} parts that could not be read",
        "- Every letter has its own page with its tables as printed: [letters/](letters/README.md)",
        f"- Cite as: {citation(version, tables)} ([CITATION.cff](CITATION.cff))",
        "",
        "## Download",
        "",
        "| file | what |",
        "|---|---|",
        f"| [{_zip_name('csv')}]({_zip_name('csv')}) | the CSV datapackage (descriptor and five CSV files) |",
        f"| [{_zip_name('parquet')}]({_zip_name('parquet')}) "
        "| the Parquet datapackage (descriptor and five Parquet files) |",
        "| [excel/](excel/) | the five tables as `;`-separated CSV with a byte-order mark, as Excel opens "
        "them in a Dutch locale |",
        "| `letters/<document_id>.md`, `.csv` | per letter: its page, and its tables as printed for a spreadsheet |",
        "| [index.html](index.html) | this card as a page to open in a browser, with every letter and a search box |",
        "| [SHA256SUMS](SHA256SUMS) | SHA-256 of every published file (`sha256sum -c SHA256SUMS`) |",
        "",
        "## Load it",
        "",
        *_snippet_section(),
        "",
        "## The corpus",
        "",
    ]
    if date:
        lines += [f"![Letters per year]({OVERVIEW_CHART})", ""]
    lines += _by_year(tables)
    docs = documents.select(["document_id", "letterhead", "dossier", "dossier_title"]).to_pylist()
    lines += _count_table("By letterhead", Counter(d["letterhead"] or "(none printed)" for d in docs), "letterhead")
    lines += _count_table("By dossier", Counter(dossier_name(d) or "(not given)" for d in docs), "dossier")
    lines += _findings(tables)
    lines += _newest(tables)
    lines += ["## Data dictionary", "", schema.data_dictionary()]
    return "\n".join(lines)


def _by_year(tables: dict[str, pa.Table]) -> list[str]:
    documents = tables["documents"]
    year_of = _year_of(documents)
    letters = Counter(year_of.values())
    table_count: Counter = Counter()
    amount_count: Counter = Counter()
    for counts, resource in ((table_count, "tables"), (amount_count, "amounts")):
        for doc, n in rows_per_letter(tables[resource]).items():
            counts[year_of[doc]] += n
    per_year = _letters_per_year(tables)
    lines = [
        "### By year of the letter",
        "",
        "| year | letters | tables | amounts | not read fully | with a mismatch |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for year in sorted(letters, key=lambda y: (y is None, y)):
        label = str(year) if year is not None else "(no date)"
        lines.append(
            f"| {label} | {letters[year]:,} | {table_count[year]:,} | {amount_count[year]:,} | "
            f"{per_year['not read fully'][year]:,} | {per_year['with a mismatch'][year]:,} |"
        )
    attached = sum(len(a) for a in attachments_of(documents).values())
    if attached:
        lines += [
            "",
            f"Attachments (Bijlagen) of letters in the corpus count in their letter's year: {attached:,} here.",
        ]
    return [*lines, ""]


def _findings(tables: dict[str, pa.Table]) -> list[str]:
    lines = [
        "## Findings",
        "",
        "Each relation checks printed figures against each other where the letter says they add "
        "up: a total row against the rows it totals, a row whose label states its formula "
        '("(4 t/m 7)") against those rows, and an overview table against the other tables\' '
        "totals. `rounding` means within what rounding of the printed figures explains; a "
        "`mismatch` is a finding about the source, published as it is.",
        "",
        "| relations | " + " | ".join(schema.STATUSES) + " |",
        "|---:|" + "---:|" * len(schema.STATUSES),
    ]
    statuses = status_counts(tables["consistency"])
    lines += [
        f"| {tables['consistency'].num_rows:,} | " + " | ".join(f"{statuses[s]:,}" for s in schema.STATUSES) + " |",
        "",
    ]
    found = mismatch_findings(tables["consistency"], tables["amounts"], tables["documents"])
    if found:
        lines += [
            "### Mismatches",
            "",
            "| letter | where | table, period | printed | its parts add up to |",
            "|---|---|---|---:|---:|",
        ]
        for m in found[:SHOWN_FINDINGS]:
            lines.append(
                f"| [`{m['document_id']}`](letters/{m['document_id']}.md) | `{m['where']}` | "
                f"{m['table_number']}, {_cell(column_name(m))} | {m['printed']} | "
                f"{m['added_up']} ({m['unit']}) |"
            )
        if len(found) > SHOWN_FINDINGS:
            lines.append(f"\n… and {len(found) - SHOWN_FINDINGS:,} more: `consistency` where status is mismatch.")
        lines.append("")
    lines += [
        "### Letters not read fully",
        "",
        "A part of a letter that looks like a table but could not be read for certain is listed in "
        "`problems` with its file, line and reason; nothing of it was guessed, and the rest of the "
        "letter is published.",
        "",
    ]
    documents = tables["documents"]
    failing = [d for d in documents.select(["document_id", "source_path", "problems"]).to_pylist() if d["problems"]]
    if failing:
        lines += ["| letter | file | parts not read |", "|---|---|---:|"]
        for d in failing[:SHOWN_FINDINGS]:
            lines.append(
                f"| [`{d['document_id']}`](letters/{d['document_id']}.md) | `{d['source_path']}` | {d['problems']} |"
            )
        if len(failing) > SHOWN_FINDINGS:
            lines.append(f"\n… and {len(failing) - SHOWN_FINDINGS:,} more letters: see `problems`.")
    else:
        lines.append("Every letter was read fully.")
    return [*lines, ""]


def _newest(tables: dict[str, pa.Table]) -> list[str]:
    documents = tables["documents"].select(["document_id", "date", "title", "reference"]).to_pylist()
    newest = sorted(documents, key=lambda d: (d["date"] is not None, d["date"], d["document_id"]), reverse=True)
    lines = [
        f"## The newest letters ({min(NEWEST_LETTERS, len(newest))} of {len(newest):,}; "
        "all in [letters/](letters/README.md))",
        "",
        "| date | letter | reference |",
        "|---|---|---|",
    ]
    for d in newest[:NEWEST_LETTERS]:
        lines.append(
            f"| {d['date'] or ''} | [{_cell(d['title'] or d['document_id'])}](letters/{d['document_id']}.md) "
            f"| {_cell(d['reference'])} |"
        )
    return [*lines, ""]


def letter_rows(tables: dict[str, pa.Table]) -> list[dict]:
    """Each letter with what the index of letters lists of it (its date as text, its tables
    and amounts counted), in document order: for ``letters/README.md`` and ``index.html``."""
    per_table, per_amount = rows_per_letter(tables["tables"]), rows_per_letter(tables["amounts"])
    fields = ["document_id", "date", "title", "reference", "problems", "main_document"]
    return [
        {
            **d,
            "date": d["date"].isoformat() if d["date"] else "",
            "tables": per_table.get(d["document_id"], 0),
            "amounts": per_amount.get(d["document_id"], 0),
        }
        for d in tables["documents"].select(fields).to_pylist()
    ]


def letters_index(tables: dict[str, pa.Table], charts_drawn: set[str]) -> str:
    """``letters/README.md``: every letter, in document order, with its page."""
    lines = [
        "# Letters",
        "",
        f"Every letter in the dataset ({tables['documents'].num_rows:,}), each with its page: "
        "its facts and source, chart, findings and tables as printed. [Back to the dataset](../README.md)",
        "",
        "| letter | date | title | reference | tables | amounts | not read | chart |",
        "|---|---|---|---|---:|---:|---:|---|",
    ]
    corpus = set(tables["documents"].column("document_id").to_pylist())
    for d in letter_rows(tables):
        doc = d["document_id"]
        chart = f"[chart](../charts/{doc}.png)" if doc in charts_drawn else ""
        main = d["main_document"]
        title = _cell(d["title"]) + (
            f" (attachment of [`{main}`]({main}.md))" if main in corpus and main != doc else ""
        )
        lines.append(
            f"| [`{doc}`]({doc}.md) | {d['date']} | {title} | {_cell(d['reference'])} | "
            f"{d['tables']} | {d['amounts']} | {d['problems'] or ''} | {chart} |"
        )
    return "\n".join(lines) + "\n"
