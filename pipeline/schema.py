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
SCHEMA_VERSION = "1.0.0"
LICENSE = {
    "name": "CC0-1.0",
    "title": "Creative Commons Zero v1.0 Universal",
    "path": "https://creativecommons.org/publicdomain/zero/1.0/",
}

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
        out = {"name": self.name, "type": self.type, "description": self.description}
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

    @functools.cache
    def to_pyarrow_schema(self) -> pa.Schema:
        return pa.schema(
            [f.to_pyarrow() for f in self.fields],
            metadata={"description": self.description, "primary_key": ",".join(self.primary_key)},
        )

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
                f"| `{f.name}` | {f.type} | {'yes' if f.required else 'no'} | "
                f"{f.description}{extra} | `{f.example}` |"
            )
        return "\n".join(lines)


def _document_id(description: str = "The letter: its raw file's stem, lowercased.") -> Field:
    return Field("document_id", "string", description, "2021-09-21-miljoenennota",
                 pattern="^[a-z0-9]+(-[a-z0-9]+)*$")


def _table_number(description: str = "The table within the letter, 1-based in document order.") -> Field:
    return Field("table_number", "integer", description, "3", minimum=1)


RELATIONS = ("rows_sum_to_total", "sections_sum_to_overview")
STATUSES = ("exact", "rounding", "mismatch")

DOCUMENTS = Resource(
    name="documents",
    title="Letters",
    description="One row per letter in the corpus, with or without tables.",
    fields=(
        _document_id(),
        Field("date", "date", "The letter's date, read from the text (\"Den Haag, 21 september 2021\"); "
              "from the metadata file when the text has none.", "2021-09-21", required=False),
        Field("letterhead", "string", "The heading text above the addressee, as written (trimmed).",
              "MINISTERIE VAN FINANCIEN", required=False),
        Field("addressee", "string", "To whom the letter is addressed, from its \"Aan ...\" line.",
              "Voorzitter van de Tweede Kamer der Staten-Generaal", required=False),
        Field("title", "string", "The letter's title, from its metadata file.",
              "Miljoenennota 2022", required=False),
        Field("reference", "string", "The parliamentary reference, from the metadata file.",
              "Kamerstuk 35 925, nr. 1", required=False),
        Field("url", "string", "Where the letter is published, from the metadata file.",
              "https://zoek.officielebekendmakingen.nl/kst-35925-1.html", required=False),
        Field("source_path", "string", "The raw text file the rows come from, relative to the project.",
              "raw/2021-09-21-miljoenennota.txt"),
        Field("sha256", "string", "SHA-256 of the raw file's bytes.", "3f1c…",
              pattern="^[0-9a-f]{64}$"),
        Field("lines", "integer", "Number of lines in the raw file.", "412", minimum=0),
    ),
    primary_key=("document_id",),
)

TABLES = Resource(
    name="tables",
    title="Tables",
    description="One row per budget table found in a letter.",
    fields=(
        _document_id(),
        _table_number(),
        Field("section", "string", "The nearest numbered heading above the table, as written "
              "(wrapped lines joined); empty when there is none.",
              "2. Investeringen in de regio", required=False),
        Field("caption", "string", "The table's header line(s) as written, trimmed and joined by a space.",
              "In mln euro 2022 2023 2024 2025 Structureel"),
        Field("unit_eur", "integer", "Euros per printed unit (1000000 for \"In mln euro\").", "1000000",
              minimum=1),
        Field("first_line", "integer", "The table's first line (its header) in the raw file, 1-based.",
              "118", minimum=1),
        Field("last_line", "integer", "The table's last row's line in the raw file, 1-based.", "126",
              minimum=1),
    ),
    primary_key=("document_id", "table_number"),
    foreign_keys=(ForeignKey(("document_id",), "documents", ("document_id",)),),
)

AMOUNTS = Resource(
    name="amounts",
    title="Amounts",
    description="One row per table cell: the tidy fact table.",
    fields=(
        _document_id(),
        _table_number(),
        Field("row_number", "integer", "The row within its table, 1-based.", "7", minimum=1),
        Field("row_label", "string", "The row's label as written, spaces normalised.", "Totaal maatregel 2"),
        Field("is_total", "boolean", "Whether the row is a total (\"Totaal\", \"Totaal maatregel 2\", \"Subtotaal\").",
              "true"),
        Field("period", "string", "The column header as written (\"2022\", \"Structureel\").", "2023"),
        Field("year", "integer", "The period's year; empty when the column is not a single year.", "2023",
              required=False),
        Field("amount_eur", "integer", "The exact amount in euros; empty when the cell holds no number "
              "(\"p.m.\"). A printed nil (\"–\") is 0.", "12500000", required=False),
        Field("value", "string", "The cell exactly as printed.", "12, 5"),
        Field("line", "integer", "The row's line in the raw file, 1-based.", "126", minimum=1),
    ),
    primary_key=("document_id", "table_number", "row_number", "period"),
    foreign_keys=(ForeignKey(("document_id", "table_number"), "tables", ("document_id", "table_number")),),
)

CONSISTENCY = Resource(
    name="consistency",
    title="Consistency of printed totals",
    description=(
        "One row per arithmetic relation the letter implies, per period: a table's rows against its "
        "total row, and an overview table against the sum of the other tables' totals. A mismatch is "
        "a finding about the source, published as such."
    ),
    fields=(
        _document_id(),
        _table_number("The table whose printed figure is checked (the overview, for "
                      "sections_sum_to_overview)."),
        Field("period", "string", "The column header as written.", "2023"),
        Field("relation", "string", "Which relation: the non-total rows against the table's total row, "
              "or the overview's one total row against the sum of the other tables' totals.",
              "rows_sum_to_total", enum=RELATIONS),
        Field("reported_eur", "integer", "The total as printed, in euros.", "12500000"),
        Field("computed_eur", "integer", "The sum of the printed parts, in euros.", "12500000"),
        Field("difference_eur", "integer", "reported_eur minus computed_eur.", "0"),
        Field("status", "string", "exact; rounding (within what rounding of the printed figures "
              "explains); or mismatch.", "exact", enum=STATUSES),
    ),
    primary_key=("document_id", "table_number", "period", "relation"),
    foreign_keys=(ForeignKey(("document_id", "table_number"), "tables", ("document_id", "table_number")),),
)

RESOURCES: tuple[Resource, ...] = (DOCUMENTS, TABLES, AMOUNTS, CONSISTENCY)
RESOURCES_BY_NAME = {r.name: r for r in RESOURCES}


def data_dictionary() -> str:
    """The data dictionary in Markdown, for the README and the dataset card."""
    return "\n\n".join(r.to_markdown() for r in RESOURCES) + "\n"


if __name__ == "__main__":  # python -m pipeline.schema > prints the README's data dictionary
    print(data_dictionary(), end="")
