"""The dataset card, ``dist/README.md``: generated from the schema declaration and the rows.

Pure functions. What the dataset is, how to download and load it, the letters it comes
from, the charts, the consistency findings and the data dictionary, all from
``pipeline.schema`` and the published tables, so the card never drifts from the data.
"""

from __future__ import annotations

from collections import Counter

import pyarrow as pa

from pipeline import schema
from pipeline.consistency import mismatch_rows

EMBED_CHARTS_UP_TO = 20
SHOWN_PROBLEMS = 50


def _zip_name(fmt: str) -> str:
    return f"{schema.PACKAGE_NAME}-{fmt}.zip"


def snippets() -> str:
    return f"""```python
# pandas
import pandas as pd
amounts = pd.read_parquet("parquet/data/amounts.parquet")
```

```sql
-- DuckDB
select d.date, a.row_label, a.period, a.amount_eur
from 'parquet/data/amounts.parquet' a
join 'parquet/data/documents.parquet' d using (document_id)
where a.is_total;
```

```python
# polars
import polars as pl
amounts = pl.read_parquet("parquet/data/amounts.parquet")
```

```r
# R
library(arrow)
amounts <- read_parquet("parquet/data/amounts.parquet")
```

Paths are relative to this folder, or to the unpacked `{_zip_name("parquet")}`. The CSV package
(`csv/datapackage.json`) holds the same rows; `frictionless validate csv/datapackage.json`
checks them against the schema."""


def _cell(text) -> str:
    return "" if text is None else str(text).replace("|", "\\|").replace("\n", " ")


def render(version: str, tables: dict[str, pa.Table], charts: set[str]) -> str:
    documents = tables["documents"].to_pylist()
    per_doc_tables = Counter(tables["tables"].column("document_id").to_pylist())
    per_doc_cells = Counter(tables["amounts"].column("document_id").to_pylist())
    consistency = tables["consistency"]
    statuses = Counter(zip(consistency.column("document_id").to_pylist(),
                           consistency.column("status").to_pylist()))
    lines = [
        f"# {schema.PACKAGE_TITLE}",
        "",
        schema.PACKAGE_DESCRIPTION,
        "",
        f"- Version **{version}** (data contract {schema.SCHEMA_VERSION}); what changed: "
        f"[CHANGELOG.md](CHANGELOG.md)",
        f"- Licence: [{schema.LICENSE['name']}]({schema.LICENSE['path']}) ({schema.LICENSE['title']})",
        f"- {len(documents):,} letters, {tables['tables'].num_rows:,} tables, "
        f"{tables['amounts'].num_rows:,} amounts, {consistency.num_rows:,} checked relations, "
        f"{tables['problems'].num_rows:,} parts that could not be read",
        "",
        "## Download",
        "",
        "| file | what |",
        "|---|---|",
        f"| [{_zip_name('csv')}]({_zip_name('csv')}) | the CSV datapackage (descriptor and five CSV files) |",
        f"| [{_zip_name('parquet')}]({_zip_name('parquet')}) "
        "| the Parquet datapackage (descriptor and five Parquet files) |",
        "| [SHA256SUMS](SHA256SUMS) | SHA-256 of every published file (`sha256sum -c SHA256SUMS`) |",
        "",
        "## Load it",
        "",
        snippets(),
        "",
        "## Letters",
        "",
        "| letter | date | title | reference | tables | amounts | not read | chart |",
        "|---|---|---|---|---:|---:|---:|---|",
    ]
    for d in documents:
        doc = d["document_id"]
        title = f"[{_cell(d['title'])}]({d['url']})" if d["title"] and d["url"] else _cell(d["title"] or "")
        chart = f"[chart](charts/{doc}.png)" if doc in charts else ""
        lines.append(f"| `{doc}` | {_cell(d['date'])} | {title} | {_cell(d['reference'])} | "
                     f"{per_doc_tables[doc]} | {per_doc_cells[doc]} | {d['problems'] or ''} | {chart} |")
    if charts and len(charts) <= EMBED_CHARTS_UP_TO:
        lines += ["", "## Charts", ""]
        for doc in sorted(charts):
            lines += [f"![Totals per year of {doc}](charts/{doc}.png)", ""]
    lines += [
        "",
        "## Consistency of the printed totals",
        "",
        "Each relation checks printed figures against each other where the letter says they add "
        "up: a total row against the rows it totals, a row whose label states its formula "
        "(\"(4 t/m 7)\") against those rows, and an overview table against the other tables' "
        "totals. `rounding` means within what rounding of the printed figures explains; a "
        "`mismatch` is a finding about the source, published as it is.",
        "",
        "| letter | relations | exact | rounding | mismatch |",
        "|---|---:|---:|---:|---:|",
    ]
    for d in documents:
        doc = d["document_id"]
        counts = [statuses[(doc, s)] for s in schema.STATUSES]
        if sum(counts):
            lines.append(f"| `{doc}` | {sum(counts)} | " + " | ".join(map(str, counts)) + " |")
    mismatches = mismatch_rows(consistency)
    if mismatches:
        lines += ["", "Mismatches:", "",
                  "| letter | table | row | column | relation | parts | printed | sum of parts |",
                  "|---|---:|---:|---|---|---|---:|---:|"]
        for m in mismatches[:50]:
            lines.append(f"| `{m['document_id']}` | {m['table_number']} | {m['row_number']} | "
                         f"{m['column_number']} ({_cell(m['period'])}) | {m['relation']} | {m['parts']} | "
                         f"{m['reported_eur']:,} | {m['computed_eur']:,} |")
    problems = tables["problems"].to_pylist()
    lines += [
        "",
        "## What could not be read",
        "",
        "A part of a letter that looks like a table but could not be read for certain is listed "
        "here (and in `problems`) with its file, line and reason; nothing of it was guessed. The "
        "rest of the letter is published.",
        "",
    ]
    if problems:
        lines += ["| file:line | table | reason |", "|---|---:|---|"]
        for p in problems[:SHOWN_PROBLEMS]:
            where = p["source_path"] + (f":{p['line']}" if p["line"] is not None else "")
            lines.append(f"| `{where}` | {p['table_number'] or ''} | {_cell(p['reason'])} |")
        if len(problems) > SHOWN_PROBLEMS:
            lines.append(f"\n… and {len(problems) - SHOWN_PROBLEMS:,} more in `problems`.")
    else:
        lines.append("Every letter was read fully.")
    lines += ["", "## Data dictionary", "", schema.data_dictionary()]
    return "\n".join(lines)
