"""What each letter publishes beside the packages: its chart, its page and its tables as a sheet.

Pure functions, from one letter's rows (the five resources as column lists):

- ``letters/<document_id>.md``: the letter's facts and source link, its chart, its findings
  (mismatches as printed, at their lines; parts that could not be read) and every table
  **as printed**: rows by columns with the letter's own labels, headers and figures, under
  its section, caption and unit;
- ``letters/<document_id>.csv``: the same tables as printed for a spreadsheet: `;`-separated
  UTF-8 with a byte-order mark, as Excel in a Dutch locale opens it, one block per table;
- ``charts/<document_id>.png``: ``pipeline.charts``.

They depend on the letter alone, so they are made with its part in the workers and cached
by its key; the same rows give the same bytes.
"""

from __future__ import annotations

import csv
import io

import pyarrow as pa

from pipeline import charts, schema
from pipeline.consistency import MISMATCH, mismatch_findings, mismatch_sentence, unit_words

Columns = dict[str, dict[str, list]]

# The page's row naming an attachment's letter; ``cross_linked`` links it where that letter is in the corpus.
ATTACHMENT_OF = "| attachment of |"
DOCUMENT_ID_ROW = "| document id |"

# Where each kind of letter file is published, by document id.
PUBLISHED = {"chart": "charts/{}.png", "page": "letters/{}.md", "sheet": "letters/{}.csv"}
BOM = "\ufeff"


def letter_files(title: str, columns: Columns) -> dict[str, bytes]:
    """A letter's chart (when it has totals to draw), page and sheet (when it has tables)."""
    files: dict[str, bytes] = {}
    chart = charts.letter_chart(title, columns)
    if chart is not None:
        files["chart"] = chart
    tables = printed_tables(columns)
    files["page"] = page(columns, tables, chart is not None).encode("utf-8")
    if tables:
        files["sheet"] = sheet(tables).encode("utf-8")
    return files


class PrintedTable:
    """One table as the letter prints it: its header row, and its rows (by row number) of
    label and figures; the sub-heading each row falls under."""

    def __init__(
        self,
        number: int,
        section: str | None,
        caption: str | None,
        unit_eur: int | None,
        lines: tuple[int | None, int | None],
        headers: list[str],
        rows: list[tuple[int, list[str]]],
        subheadings: dict[int, str],
    ) -> None:
        self.number, self.section, self.caption, self.unit_eur = number, section, caption, unit_eur
        self.lines, self.headers, self.rows, self.subheadings = lines, headers, rows, subheadings

    @property
    def unit(self) -> str:
        return f"in {unit_words(self.unit_eur)}" if self.unit_eur else ""


def printed_tables(columns: Columns) -> list[PrintedTable]:
    """Every table of the letter as printed, from its ``tables`` and ``amounts`` rows."""
    tables, amounts = columns["tables"], columns["amounts"]
    cells: dict[int, dict[int, dict[int, str]]] = {}
    labels: dict[tuple[int, int], str] = {}
    headers: dict[int, dict[int, str]] = {}
    subheadings: dict[int, dict[int, str]] = {}
    for t, r, c, label, sub, header, value in zip(
        amounts["table_number"],
        amounts["row_number"],
        amounts["column_number"],
        amounts["row_label"],
        amounts["subheading"],
        amounts["column_header"],
        amounts["value"],
    ):
        cells.setdefault(t, {}).setdefault(r, {})[c] = value or ""
        labels[(t, r)] = label or ""
        headers.setdefault(t, {})[c] = header or ""
        if sub:
            subheadings.setdefault(t, {})[r] = sub
    found = []
    for number, section, caption, unit_eur, first, last in zip(
        tables["table_number"],
        tables["section"],
        tables["caption"],
        tables["unit_eur"],
        tables["first_line"],
        tables["last_line"],
    ):
        by_row = cells.get(number, {})
        columns_of = sorted(headers.get(number, {}))
        rows = [(r, [labels[(number, r)], *(by_row[r].get(c, "") for c in columns_of)]) for r in sorted(by_row)]
        found.append(
            PrintedTable(
                number,
                section,
                caption,
                unit_eur,
                (first, last),
                [headers[number][c] for c in columns_of] if columns_of else [],
                rows,
                subheadings.get(number, {}),
            )
        )
    return found


def markdown_cell(text) -> str:
    """Text for a Markdown table cell or line: a bar escaped, a line break a space."""
    return "" if text is None else str(text).replace("|", "\\|").replace("\n", " ")


def _table_block(table: PrintedTable, source: str) -> list[str]:
    first, last = table.lines
    span = f"lines {first}–{last}" if last and last != first else f"line {first}"
    where = f"{span} of `{source}`" if first else f"`{source}`"
    lines = [f"### Table {table.number}" + (f": {markdown_cell(table.section)}" if table.section else ""), ""]
    facts = [f"printed at {where}"] + ([table.unit] if table.unit else [])
    if table.caption:
        lines += [f"> {markdown_cell(table.caption)}", ""]
    lines += ["; ".join(facts), ""]
    if not table.rows:
        return [*lines, "(no rows)", ""]
    lines += [
        "| | " + " | ".join(markdown_cell(h) for h in table.headers) + " |",
        "|---|" + "---:|" * len(table.headers),
    ]
    shown_sub = None
    for number, row in table.rows:
        sub = table.subheadings.get(number)
        if sub and sub != shown_sub:
            lines.append(f"| *{markdown_cell(sub)}* |" + " |" * len(table.headers))
            shown_sub = sub
        lines.append("| " + " | ".join(markdown_cell(v) for v in row) + " |")
    return [*lines, ""]


def page(columns: Columns, tables: list[PrintedTable], has_chart: bool) -> str:
    """The letter's page, ``letters/<document_id>.md``."""
    doc: dict = {name: values[0] if values else None for name, values in columns["documents"].items()}
    document_id = doc["document_id"]
    lines = [
        f"# {markdown_cell(doc['title'] or document_id)}",
        "",
        "[All letters](README.md) · [the dataset](../README.md)",
        "",
        "| | |",
        "|---|---|",
    ]
    shown = {**doc, "dossier": dossier_name(doc)}
    for name in ("date", "kind", "reference", "dossier", "senders", "letterhead", "addressee"):
        if shown.get(name):
            lines.append(f"| {name} | {markdown_cell(shown[name])} |")
    if doc.get("main_document"):
        lines.append(f"{ATTACHMENT_OF} `{markdown_cell(doc['main_document'])}` |")
    if doc.get("url"):
        lines.append(f"| published at | <{doc['url']}> |")
    lines += [
        f"| read from | `{doc['source_path']}` ({doc['lines']} lines, SHA-256 `{doc['sha256'][:12]}…`) |",
        f"| document id | `{document_id}` |",
        "",
    ]
    if has_chart:
        lines += [f"![Each table's total per year](../charts/{document_id}.png)", ""]
    lines += ["## Findings", ""]
    lines += _findings(columns, doc)
    lines += ["## Tables as printed", ""]
    if tables:
        lines += [
            f"Also as a spreadsheet: [{document_id}.csv]({document_id}.csv) (`;`-separated, as Excel "
            "opens it). The tidy rows are in the datapackages.",
            "",
        ]
        for table in tables:
            lines += _table_block(table, doc["source_path"])
    else:
        lines += ["No table was read from this letter.", ""]
    return "\n".join(lines)


def _findings(columns: Columns, doc: dict) -> list[str]:
    statuses = columns["consistency"].get("status", [])
    lines = []
    if statuses:
        counts = {s: statuses.count(s) for s in schema.STATUSES}
        lines.append(
            f"- {len(statuses)} relations between printed figures checked: "
            + ", ".join(f"{n} {s}" for s, n in counts.items())
        )
    else:
        lines.append("- No printed figure states a relation to check (no total row, formula or overview).")
    found = []
    if MISMATCH in statuses:  # Arrow tables only for the few letters that need them
        tables = {
            name: pa.Table.from_pydict(columns[name], schema=schema.RESOURCES_BY_NAME[name].to_pyarrow_schema())
            for name in ("consistency", "amounts", "documents")
        }
        found = mismatch_findings(tables["consistency"], tables["amounts"], tables["documents"])
    for m in found:
        lines.append(f"- **mismatch** at `{m['where']}`: {markdown_cell(mismatch_sentence(m))}")
    problems = columns["problems"]
    for source, line, reason in zip(problems["source_path"], problems["line"], problems["reason"]):
        where = source + (f":{line}" if line is not None else "")
        lines.append(f"- **not read** at `{where}`: {markdown_cell(reason)}")
    if not problems["reason"]:
        lines.append("- Every table was read fully.")
    return [*lines, ""]


def sheet(tables: list[PrintedTable]) -> str:
    """The tables as printed, for a spreadsheet: `;`-separated, with a byte-order mark so
    that Excel reads UTF-8 (an en dash stays an en dash)."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        writer.writerow([f"Tabel {table.number}" + (f": {table.section}" if table.section else "")])
        if table.caption:
            writer.writerow([table.caption])
        if table.unit:
            writer.writerow([table.unit])
        writer.writerow(["", *table.headers])
        shown_sub = None
        for number, row in table.rows:
            sub = table.subheadings.get(number)
            if sub and sub != shown_sub:
                writer.writerow([sub])
                shown_sub = sub
            writer.writerow(row)
    return out.getvalue()


def cross_linked(page_text: str, main_in_corpus: bool, attachments: list[str]) -> str:
    """A letter's page with the links only the corpus knows: to the letter an attachment
    belongs to (where that letter is published too), and to a letter's attachments. The
    page is made from the letter alone (and cached so); this is applied as it is published."""
    out = []
    for line in page_text.split("\n"):
        if main_in_corpus and line.startswith(ATTACHMENT_OF + " `"):
            main = line[len(ATTACHMENT_OF) + 2 : line.rindex("`")]
            line = f"{ATTACHMENT_OF} [`{main}`]({main}.md) |"
        elif attachments and line.startswith(DOCUMENT_ID_ROW):
            links = ", ".join(f"[`{doc}`]({doc}.md)" for doc in attachments)
            out.append(f"| attachments | {links} |")
        out.append(line)
    return "\n".join(out)


def dossier_name(doc: dict) -> str | None:
    """A dossier as a reader names it: its number and, where known, its title."""
    number, title = doc.get("dossier"), doc.get("dossier_title")
    return f"{number} {title}" if number and title else number or None
