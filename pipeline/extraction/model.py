"""What extraction produces: a letter with its tables, and what could not be read.

Plain frozen dataclasses, no behaviour beyond what follows from their fields. A table's
columns are its amount columns only (numbered 1, 2, … left to right); its rows are the
rows that print at least one figure (a sub-heading row is not a row but names the group
of the rows below it). Lines are 1-based lines of the file as stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.dutch import CellKind, Figure
from pipeline.reading import RawLetter


@dataclass(frozen=True)
class Column:
    number: int  # 1-based over the amount columns
    header: str  # the header path joined by one space, as printed, notes left out
    period: str  # the lowest header cell of the column
    year: int | None  # the year the period names, when it names exactly one
    unit_eur: int | None  # a unit the column states for itself ("(in mld.)"), else None


@dataclass(frozen=True)
class Cell:
    column: Column
    value: str  # as printed; "" for a blank cell
    kind: CellKind
    figure: Figure | None
    unit_eur: int | None  # euros per printed unit of this cell (row, else column, else table)

    @property
    def amount_eur(self) -> int | None:
        if self.kind is not CellKind.AMOUNT or self.figure is None:
            return None
        if self.figure.mantissa == 0:
            return 0  # a nil is nil in any unit (a table of nils may name none)
        return None if self.unit_eur is None else self.figure.in_euros(self.unit_eur)


@dataclass(frozen=True)
class Row:
    number: int  # 1-based among the table's rows with a figure
    label: str  # as printed, wrapped lines joined, notes and codes left out
    code: str | None  # an article code or row number printed in a column of its own
    is_total: bool
    line: int  # where the label starts
    group: int  # rows under the same sub-heading (or none) share a group
    subheading: str | None  # the sub-heading the row stands under, as printed
    cells: tuple[Cell, ...]
    # under a "waarvan:" sub-heading, directly or under sub-headings after it, up to the
    # next stage or total row: a part of the row above it, no mutation of its own
    in_breakdown: bool = False


@dataclass(frozen=True)
class Table:
    number: int
    section: str | None
    caption: str
    unit_eur: int | None  # None only when the table names no unit and prints only nils
    columns: tuple[Column, ...]
    first_line: int
    last_line: int
    rows: tuple[Row, ...]
    form: str  # the text form it was read from (see pipeline.extraction.forms)


@dataclass(frozen=True)
class Problem:
    """Something that looks like a table but cannot be read for certain."""

    line: int | None
    reason: str
    table_number: int | None = None  # the number the table would have had
    path: str | None = None  # another file than the letter's (its metadata)

    def where(self, letter_path: str) -> str:
        """``file:line``, as editors and compilers print it."""
        path = self.path or letter_path
        return f"{path}:{self.line}" if self.line is not None else path


@dataclass(frozen=True)
class Letter:
    raw: RawLetter
    date: dt.date | None
    letterhead: str | None
    addressee: str | None
    tables: tuple[Table, ...]
    problems: tuple[Problem, ...] = ()
