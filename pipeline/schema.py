"""The data contract, declared once: every published field with its type, description,
constraints and an example, grouped into resources with their keys.

Everything else is generated from here: the Frictionless table schemas in both
descriptors, the explicit Arrow schemas of the Parquet files, the asset checks that
guard each resource, and the data dictionary in the README.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Literal

import pyarrow as pa

PACKAGE_NAME = "nl-kamerbrief-tables"
PACKAGE_TITLE = "Budget tables from Dutch parliamentary letters"
PACKAGE_DESCRIPTION = (
    "Budget tables printed in Dutch government letters to parliament (Kamerbrieven), "
    "extracted cell by cell, normalised to exact amounts in euros, checked against the "
    "totals the letters print, and traceable to the line of the source text."
)
SCHEMA_VERSION = "4.0.0"
# Why each version of the data contract changed; the changelog quotes it.
CONTRACT_CHANGES = {
    "4.0.0": (
        "Data contract 4.0.0: documents.dossier is the dossier's number alone, in the one format "
        'the source\'s records write it ("29754", "36200-VII"), where it was the number as printed '
        'with its title ("29 754 Terrorismebestrijding") for some letters and the bare number for '
        "others; its title is in the new field dossier_title. A consumer that read the title out "
        "of dossier reads dossier_title now. documents also gains main_document, the document an "
        'attachment (a Bijlage) belongs to, as the source\'s metadata names it ("kst-33037-430"), '
        "so that an attachment's tables can be found with their letter. The new fields come last "
        "and may be empty; nothing else changed."
    ),
    "3.0.0": (
        "Data contract 3.0.0: amounts.column_header, amounts.period and consistency.period may be "
        "empty, for a column over which the table prints no header (such tables could not be "
        "published before); a consumer that counted on a value there must allow for none. "
        'consistency.relation may also be "stages_add_up": a budget stage ("Stand ontwerpbegroting '
        '2019", "Vastgestelde begroting") against the stage above it plus the mutations printed '
        "between them, with the same exact, rounding and mismatch statuses. Nothing else changed."
    ),
    "2.2.0": (
        "Data contract 2.2.0: documents gains kind, dossier and senders, from the letters' "
        "metadata (their sidecar, or the source's metadata for fetched letters). The new fields "
        "come last and may be empty; nothing else changed, so a consumer that reads fields by "
        "name reads every old row as before."
    ),
    "2.1.0": (
        "Data contract 2.1.0: letters fetched from officielebekendmakingen, and PDF letters. "
        'tables.text_form may also be "xml" (read from the CALS structure of the source\'s '
        'document XML; lines are lines of that XML file) or "pdf" (read from a PDF by '
        "the positions of its words; lines are lines of its text rendering, which "
        "`pipeline pdftext FILE` prints). Nothing else changed; a consumer that accepts the "
        "old values reads every old row as before."
    ),
    "2.0.0": (
        "Data contract 2.0.0: real budget tables. Columns are numbered: amounts has "
        "column_number (in its primary key) and column_header (the full header path, as "
        '"Realisatie 2021" and "Begroting 2022" both over 2022), row_code (article codes and '
        "row numbers), subheading, kind (amount, no_figure, blank, percentage, other_unit: only "
        "amounts carry amount_eur, never a percentage) and unit_eur (a row or column may state "
        "its own unit). Consistency is checked per row and column, also for a label's own "
        'formula ("(4 t/m 7)"), with the tolerance it allows. tables has columns and '
        "text_form. A new resource, problems, lists every part of a letter that could not be "
        "read for certain, and documents counts them."
    ),
}
LICENSE = {
    "name": "CC0-1.0",
    "title": "Creative Commons Zero v1.0 Universal",
    "path": "https://creativecommons.org/publicdomain/zero/1.0/",
}
KEYWORDS = [
    "budget",
    "begroting",
    "rijksbegroting",
    "Kamerbrief",
    "Tweede Kamer",
    "public finance",
    "Netherlands",
    "open data",
]
CONTRIBUTORS = [{"title": "The nl-kamerbrief-tables maintainers", "role": "author"}]
# Where the project is published. None until it has a public address: then the descriptors,
# the card and CITATION.cff name it (nothing else needs to change).
HOMEPAGE: str | None = None

FieldType = Literal["string", "integer", "boolean", "date"]

_ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "integer": pa.int64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
}


@dataclass(frozen=True)
class Field:
    """One column: declared once, rendered for Frictionless, Arrow and people."""

    name: str
    type: FieldType
    description: str
    example: str
    required: bool = True
    pattern: str | None = None
    minimum: int | None = None
    enum: tuple[str, ...] | None = None

    def to_frictionless(self) -> dict:
        constraints: dict = {"required": True} if self.required else {}
        if self.pattern is not None:
            constraints["pattern"] = self.pattern
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.enum is not None:
            constraints["enum"] = list(self.enum)
        out: dict = {"name": self.name, "type": self.type, "description": self.description}
        if self.type == "boolean":
            out.update(trueValues=["true"], falseValues=["false"])
        if constraints:
            out["constraints"] = constraints
        return out

    def to_pyarrow(self) -> pa.Field:
        return pa.field(
            self.name,
            _ARROW_TYPES[self.type],
            nullable=not self.required,
            metadata={"description": self.description},
        )


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]

    def to_frictionless(self) -> dict:
        return {
            "fields": list(self.fields),
            "reference": {"resource": self.resource, "fields": list(self.reference_fields)},
        }


@dataclass(frozen=True)
class Resource:
    """One table of the package: its fields, primary key and foreign keys."""

    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = field(default=())

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def to_frictionless_schema(self) -> dict:
        schema: dict = {
            "fields": [f.to_frictionless() for f in self.fields],
            "primaryKey": list(self.primary_key),
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [fk.to_frictionless() for fk in self.foreign_keys]
        return schema

    def to_pyarrow_schema(self) -> pa.Schema:
        return _pyarrow_schema(self)

    def to_markdown(self) -> str:
        lines = [
            f"### `{self.name}`: {self.title}",
            "",
            self.description,
            "",
            f"Primary key: ({', '.join(f'`{k}`' for k in self.primary_key)}).",
        ]
        for fk in self.foreign_keys:
            lines.append(
                f"Foreign key: ({', '.join(f'`{k}`' for k in fk.fields)}) → "
                f"`{fk.resource}` ({', '.join(f'`{k}`' for k in fk.reference_fields)})."
            )
        lines += ["", "| field | type | required | description | example |", "|---|---|---|---|---|"]
        for f in self.fields:
            rules = []
            if f.pattern:
                rules.append(f"pattern `{f.pattern}`")
            if f.minimum is not None:
                rules.append(f"≥ {f.minimum}")
            if f.enum:
                rules.append("one of " + ", ".join(f"`{v}`" for v in f.enum))
            extra = f" ({'; '.join(rules)})" if rules else ""
            lines.append(
                f"| `{f.name}` | {f.type} | {'yes' if f.required else 'no'} | {f.description}{extra} | `{f.example}` |"
            )
        return "\n".join(lines)


def _document_id(description: str = "The letter: its raw file's stem, lowercased.") -> Field:
    return Field("document_id", "string", description, "2021-09-21-miljoenennota", pattern="^[a-z0-9]+(-[a-z0-9]+)*$")


def _table_number(description: str = "The table within the letter, 1-based in document order.") -> Field:
    return Field("table_number", "integer", description, "3", minimum=1)


RELATIONS = ("rows_sum_to_total", "formula_in_label", "sections_sum_to_overview", "stages_add_up")
STATUSES = ("exact", "rounding", "mismatch")
CELL_KINDS = ("amount", "no_figure", "blank", "percentage", "other_unit")
TEXT_FORMS = ("pdf-copy", "pdftotext-layout", "html-copy", "pdftotext-raw", "xml", "pdf")

DOCUMENTS = Resource(
    name="documents",
    title="Letters",
    description="One row per letter in the corpus, with or without tables, read fully or not.",
    fields=(
        _document_id(),
        Field(
            "date",
            "date",
            'The letter\'s date, read from the text ("Den Haag, 21 september 2021"); '
            "from the metadata file when the text has none.",
            "2021-09-21",
            required=False,
        ),
        Field(
            "letterhead",
            "string",
            "The heading text above the addressee, as written (trimmed).",
            "MINISTERIE VAN FINANCIEN",
            required=False,
        ),
        Field(
            "addressee",
            "string",
            'To whom the letter is addressed, from its "Aan ..." line.',
            "Voorzitter van de Tweede Kamer der Staten-Generaal",
            required=False,
        ),
        Field("title", "string", "The letter's title, from its metadata file.", "Miljoenennota 2022", required=False),
        Field(
            "reference",
            "string",
            "The parliamentary reference, from the metadata file.",
            "Kamerstuk 35 925, nr. 1",
            required=False,
        ),
        Field(
            "url",
            "string",
            "Where the letter is published, from the metadata file.",
            "https://zoek.officielebekendmakingen.nl/kst-35925-1.html",
            required=False,
        ),
        Field(
            "source_path",
            "string",
            "The raw text file the rows come from, relative to the project.",
            "raw/2021-09-21-miljoenennota.txt",
        ),
        Field(
            "sha256",
            "string",
            "SHA-256 of the raw file's bytes the rows were read from.",
            "3f1c…",
            pattern="^[0-9a-f]{64}$",
        ),
        Field("lines", "integer", "Number of lines in the raw file.", "412", minimum=0),
        Field(
            "problems",
            "integer",
            "How many tables (or other parts) of the letter could not be read "
            "for certain; each is listed in `problems`. 0 when the letter was read fully.",
            "0",
            minimum=0,
        ),
        Field(
            "kind",
            "string",
            'What the document is, from the metadata ("Kamerbrief", "Memorie van toelichting").',
            "Kamerbrief",
            required=False,
        ),
        Field(
            "dossier",
            "string",
            "The parliamentary dossier's number as the source's records write it (no space; a "
            "chapter after a hyphen), from the metadata; its title is in dossier_title.",
            "36200-VII",
            required=False,
            pattern="^[0-9]+(-[A-Z0-9]+)*$",
        ),
        Field(
            "senders",
            "string",
            'Who sent the letter, from the metadata: each sender with their office, joined by "; ".',
            "Minister van Financiën (W.B. Hoekstra)",
            required=False,
        ),
        Field(
            "main_document",
            "string",
            "For an attachment (a Bijlage), the document it belongs to, as the source's metadata "
            "names it: that letter's document_id where it is in the corpus. Empty for any other document.",
            "kst-33037-430",
            required=False,
        ),
        Field(
            "dossier_title",
            "string",
            "The parliamentary dossier's title, from the metadata.",
            "Terrorismebestrijding",
            required=False,
        ),
    ),
    primary_key=("document_id",),
)

TABLES = Resource(
    name="tables",
    title="Tables",
    description="One row per budget table read from a letter. A table that could not be read "
    "is not here but in `problems`, under the number it would have had.",
    fields=(
        _document_id(),
        _table_number(),
        Field(
            "section",
            "string",
            "The nearest numbered heading above the table, as written "
            "(wrapped lines joined); empty when there is none.",
            "2. Investeringen in de regio",
            required=False,
        ),
        Field(
            "caption",
            "string",
            "The lines above the table's rows as written (title, unit, column headers), trimmed and joined by a space.",
            "Tabel 3 Budgettaire gevolgen (bedragen x € 1.000) 2022 2023 2024",
        ),
        Field(
            "unit_eur",
            "integer",
            'Euros per printed unit of the table (1000000 for "In mln euro"); '
            "empty only when the table names no unit and prints nothing but nils.",
            "1000000",
            required=False,
            minimum=1,
        ),
        Field(
            "columns",
            "integer",
            "How many amount columns the table has (columns that are not "
            "amounts, such as article codes or notes, are not counted).",
            "7",
            minimum=1,
        ),
        Field(
            "first_line",
            "integer",
            "The table's first line (its caption or header) in the raw file, 1-based.",
            "118",
            minimum=1,
        ),
        Field("last_line", "integer", "The table's last line in the raw file, 1-based.", "126", minimum=1),
        Field(
            "text_form",
            "string",
            "The text form the table was read from: a PDF text copy, "
            "pdftotext -layout output, a browser copy of an HTML table, plain pdftotext output, "
            "the source's document XML (its CALS tables), or a PDF (by the positions of its words).",
            "pdf-copy",
            enum=TEXT_FORMS,
        ),
    ),
    primary_key=("document_id", "table_number"),
    foreign_keys=(ForeignKey(("document_id",), "documents", ("document_id",)),),
)

AMOUNTS = Resource(
    name="amounts",
    title="Amounts",
    description="One row per table cell: every column of every table row that prints at least one "
    "figure. The tidy fact table.",
    fields=(
        _document_id(),
        _table_number(),
        Field(
            "row_number",
            "integer",
            "The row within its table, 1-based, counting the rows that print a figure (a sub-heading is not a row).",
            "7",
            minimum=1,
        ),
        Field(
            "column_number",
            "integer",
            "The amount column within its table, 1-based from the left (columns that are not amounts are not counted).",
            "2",
            minimum=1,
        ),
        Field(
            "row_label",
            "string",
            "The row's label as printed (wrapped lines joined, footnote marks and a code column left out).",
            "Totaal maatregel 2",
        ),
        Field(
            "row_code",
            "string",
            "An article code or row number printed before the label in a column "
            'of its own ("12.02", "7"); empty when none.',
            "12.02",
            required=False,
        ),
        Field(
            "subheading",
            "string",
            "The sub-heading (a row without figures) the row stands under within "
            "its table, as printed; empty when none.",
            "Nog te verdelen",
            required=False,
        ),
        Field(
            "is_total",
            "boolean",
            'Whether the row is a total (its label starts with "Totaal", "Subtotaal", "Eindtotaal" or "Totale").',
            "true",
        ),
        Field(
            "column_header",
            "string",
            "The column's full header path as printed, top-down, joined by one space (footnote marks left out); "
            "empty where the table prints no header over the column.",
            "Realisatie 2021",
            required=False,
        ),
        Field(
            "period",
            "string",
            'The lowest header cell of the column ("2022", "Structureel", "(3)=(1+2)"); empty where the table '
            "prints no header over the column.",
            "2021",
            required=False,
        ),
        Field(
            "year",
            "integer",
            "The year the period names, when it names exactly one year and no range or open end; empty otherwise.",
            "2021",
            required=False,
        ),
        Field(
            "kind",
            "string",
            "What the cell holds: amount (a figure in euros; a printed nil is 0), "
            "no_figure (p.m., ..., n.v.t.), blank (nothing printed), percentage, or other_unit (a "
            "figure in a unit that is not euros). Only amount cells have amount_eur.",
            "amount",
            enum=CELL_KINDS,
        ),
        Field(
            "amount_eur",
            "integer",
            "The exact amount in euros: the printed figure times unit_eur. Empty unless kind is amount.",
            "12500000",
            required=False,
        ),
        Field(
            "unit_eur",
            "integer",
            "Euros per printed unit of this cell: the row's own unit (\"BBP "
            "(mld)\"), else the column's, else the table's. Empty unless kind is amount.",
            "1000000",
            required=False,
            minimum=1,
        ),
        Field("value", "string", "The cell exactly as printed; empty for a blank cell.", "12, 5", required=False),
        Field("line", "integer", "The line in the raw file where the row's label starts, 1-based.", "126", minimum=1),
    ),
    primary_key=("document_id", "table_number", "row_number", "column_number"),
    foreign_keys=(ForeignKey(("document_id", "table_number"), "tables", ("document_id", "table_number")),),
)

CONSISTENCY = Resource(
    name="consistency",
    title="Consistency of printed totals",
    description=(
        "One row per arithmetic relation the letter implies, per column: a total row against the rows it "
        'totals, a row whose label states its formula ("(4 t/m 7)", "(1+8+9+10)") against those rows, '
        "an overview table against the tables it sums, and a budget stage against the stage before it "
        "plus the mutations between. A mismatch is a finding about the source, "
        "published as such."
    ),
    fields=(
        _document_id(),
        _table_number("The table whose printed figure is checked (the overview, for sections_sum_to_overview)."),
        Field("row_number", "integer", "The row whose printed figure is checked.", "7", minimum=1),
        Field("column_number", "integer", "The column checked.", "2", minimum=1),
        Field("period", "string", "The column's period, as in amounts.", "2023", required=False),
        Field(
            "relation",
            "string",
            "Which relation: the rows above a total row (back to the previous "
            "total or sub-heading) against it; the rows a label's formula names against it; an "
            "overview table's one total row against the other tables' totals; or a budget stage "
            '("Stand …", "Vastgestelde begroting") against the stage above it plus the mutations between.',
            "rows_sum_to_total",
            enum=RELATIONS,
        ),
        Field(
            "parts",
            "string",
            'What was added up: row numbers ("1+2+3", "2-3": a minus is subtracted) or table numbers ("tables 2+3+4").',
            "1+2+3",
        ),
        Field("reported_eur", "integer", "The figure as printed, in euros.", "12500000"),
        Field("computed_eur", "integer", "The sum of the printed parts, in euros.", "12500000"),
        Field("difference_eur", "integer", "reported_eur minus computed_eur.", "0"),
        Field(
            "tolerance_eur",
            "integer",
            "What rounding of the printed figures can explain: half a unit "
            "of the last printed decimal of each figure involved, summed.",
            "1500000",
            minimum=0,
        ),
        Field(
            "status",
            "string",
            "exact; rounding (the difference is within tolerance_eur); or mismatch.",
            "exact",
            enum=STATUSES,
        ),
    ),
    primary_key=("document_id", "table_number", "row_number", "column_number", "relation"),
    foreign_keys=(ForeignKey(("document_id", "table_number"), "tables", ("document_id", "table_number")),),
)

PROBLEMS = Resource(
    name="problems",
    title="What could not be read",
    description=(
        "One row per table (or other part) of a letter that looks like a table but could not be read "
        "for certain, with the line and the reason. Nothing is guessed: such a table has no rows in "
        "the other resources."
    ),
    fields=(
        _document_id(),
        Field("problem_number", "integer", "The problem within its letter, 1-based in document order.", "1", minimum=1),
        Field(
            "source_path",
            "string",
            "The raw file the problem is in: the letter, or its metadata file.",
            "raw/2021-09-21-miljoenennota.txt",
        ),
        Field(
            "table_number",
            "integer",
            "The number the table would have had; empty when the problem is not one table.",
            "2",
            required=False,
            minimum=1,
        ),
        Field(
            "line",
            "integer",
            "The line in the raw file the reason points at, 1-based; empty when no single line is to blame.",
            "57",
            required=False,
            minimum=1,
        ),
        Field(
            "reason",
            "string",
            "Why it could not be read, in plain words.",
            "row 'Politie' has 5 figures but the table has 6 columns",
        ),
    ),
    primary_key=("document_id", "problem_number"),
    foreign_keys=(ForeignKey(("document_id",), "documents", ("document_id",)),),
)


@functools.cache
def _pyarrow_schema(resource: Resource) -> pa.Schema:
    """A resource's Arrow schema, built once per resource (every table is checked against it)."""
    return pa.schema(
        [f.to_pyarrow() for f in resource.fields],
        metadata={"description": resource.description, "primary_key": ",".join(resource.primary_key)},
    )


RESOURCES: tuple[Resource, ...] = (DOCUMENTS, TABLES, AMOUNTS, CONSISTENCY, PROBLEMS)
RESOURCES_BY_NAME = {r.name: r for r in RESOURCES}


def data_dictionary() -> str:
    """The data dictionary in Markdown, for the README and the dataset card."""
    return "\n\n".join(r.to_markdown() for r in RESOURCES) + "\n"


if __name__ == "__main__":  # python -m pipeline.schema > prints the README's data dictionary
    print(data_dictionary(), end="")
