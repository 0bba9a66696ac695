"""Settling a table that reads in more than one way by the arithmetic it prints.

A reader that finds rows readable in several ways ("Totaal 1 120,303": a label "Totaal 1"
and the figure 120,303, or "Totaal" and 1 120,303) hands on every whole reading
(``grid.Ambiguous``). The table's own totals are evidence: when exactly one reading makes
every total add up (exactly, or within the rounding of its printed figures), that reading
is the table as printed. Only where the totals cannot tell does a weaker convention (how
the table prints its dashes) decide, and only if it leaves one reading. A table still
open may be settled by the letter's overview (a first table whose total is the sum of the
section tables' totals) once every other table of the letter is read. What is still open
then may be settled by the letter's own way of printing (``by_letter``): the labels its other
tables print ("Subtotaal regio 1", "Subtotaal regio 2" make "Subtotaal regio 3" a label, not
a figure "3 …"), the numbering of its sections, and how its other figures write thousands. Otherwise
the table is reported.
"""

from __future__ import annotations

import itertools
import math
import re

from pipeline.extraction import arithmetic
from pipeline.extraction.assemble import assemble
from pipeline.extraction.grid import Ambiguous, Grid, Unreadable
from pipeline.extraction.model import Table
from pipeline.extraction.settings import Settings


def _relations(table: Table, settings: Settings) -> list:
    return (
        arithmetic.rows_sum_to_total(table, settings)
        + arithmetic.formula_in_label(table, settings)
        + arithmetic.stages_add_up(table, settings)
    )


class Unsettled(Unreadable):
    """A table its own totals do not settle: the readings still open (none contradicts
    the table's totals), for the letter's overview to settle if it can."""

    def __init__(self, ambiguous: Ambiguous, readings: list[Table]) -> None:
        super().__init__(ambiguous.index, ambiguous.reason)
        self.readings = readings
        self.end: int | None = ambiguous.end  # the index after the table, when its reader said


def by_totals(ambiguous: Ambiguous, number: int, section: str | None, settings: Settings) -> Table:
    """The one reading whose totals add up. Where the totals cannot tell (the table has
    none, or they hold in several readings), the reading the table's dash convention
    leaves, if it is one of those. Raises ``Unsettled`` otherwise, and ``Unreadable`` where
    the reading chosen, or one still open, placed a line on weak evidence (``Grid.doubt``)."""
    tables, fitting, checked = [], [], False
    for grid in ambiguous.grids:
        try:
            table = assemble(grid, number, section, settings)
        except Unreadable:
            continue
        relations = _relations(table, settings)
        checked = checked or bool(relations)
        tables.append((grid, table))
        if relations and all(r.status != arithmetic.MISMATCH for r in relations):
            fitting.append((grid, table))
    if len(fitting) == 1:
        fitting[0][0].certain()
        return fitting[0][1]
    candidates = fitting if fitting else ([] if checked else tables)
    chosen = [(grid, table) for grid, table in candidates if _same(grid, ambiguous.by_convention)]
    if len(chosen) == 1:
        chosen[0][0].certain()
        return chosen[0][1]
    for grid, _ in candidates:
        grid.certain()  # the letter's evidence chooses among tables, not among how they were read
    raise Unsettled(ambiguous, [table for _, table in candidates])


def by_overview(tables: list[Table], unsettled: dict[int, Unsettled], settings: Settings) -> list[Table] | None:
    """The one choice of readings for the unsettled tables that makes the letter's
    overview add up (its total row against the closing totals of the tables in its
    sections, ``arithmetic.sections_sum_to_overview``); None when there is not one."""
    options = [unsettled[number].readings for number in sorted(unsettled)]
    if not all(options) or math.prod(len(o) for o in options) > settings.max_readings:
        return None
    fitting = []
    for choice in itertools.product(*options):
        letter_tables = tuple(sorted([*tables, *choice], key=lambda t: t.number))
        relations = arithmetic.sections_sum_to_overview(letter_tables)
        if relations and all(r.status != arithmetic.MISMATCH for r in relations):
            fitting.append(list(choice))
    return fitting[0] if len(fitting) == 1 else None


def _same(grid: Grid, other: Grid | None) -> bool:
    return other is not None and grid.rows == other.rows


# ---- the letter's own evidence ---------------------------------------------------------------

_TRAILING_NUMBER = re.compile(r"^(?P<stem>.*\S)\s+(?P<number>\d{1,2}[a-z]?)$")
_SECTION_NUMBER = re.compile(r"^(?P<number>\d{1,2})(?:\.\d{1,2})*\.?\s")
_GROUPED_FIGURE = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d.])")


def by_letter(tables: list[Table], open_table: Unsettled) -> Table | None:
    """The one reading of an unsettled table the rest of the letter vouches for, or None.

    The readings of a PDF text copy differ in where a row's label ends: "Subtotaal regio 3
    12,5 40 118,2 …" is the label "Subtotaal regio 3" with "40" and "118,2" apart, or
    "Subtotaal regio" with "3" and "40 118,2" (thousands apart by a space). A reading is vouched for when
    every label in which it differs from the others is printed elsewhere in the letter (the
    same words with another number, "Subtotaal regio 1"; or the same label) or ends in the number
    of the section the table stands in, while each other reading has a label nothing vouches
    for; and a reading that writes thousands apart by spaces loses only where no figure of the
    letter's read tables does so.
    """
    known = _printed_labels(tables)
    grouped_letter = any(_writes_grouped(table) for table in tables)
    vouched = []
    for reading in open_table.readings:
        others = [r for r in open_table.readings if r is not reading]
        differing = _differing_labels(reading, others)
        if differing and all(_vouched(label, reading.section, known) for label in differing):
            vouched.append(reading)
    if len(vouched) != 1:
        return None
    chosen = vouched[0]
    for other in open_table.readings:
        if other is chosen:
            continue
        labels = _differing_labels(other, [chosen])
        if any(_vouched(label, other.section, known) for label in labels):
            return None  # the letter speaks for both
        if grouped_letter and _writes_grouped(other) and not _writes_grouped(chosen):
            return None  # the letter does write thousands apart: the other may be right
    return chosen


def _printed_labels(tables: list[Table]) -> set[str]:
    return {" ".join(row.label.split()).casefold() for table in tables for row in table.rows}


def _differing_labels(reading: Table, others: list[Table]) -> list[str]:
    """The labels of ``reading`` that some other reading does not print at that row."""
    differing = []
    for index, row in enumerate(reading.rows):
        if any(index >= len(o.rows) or o.rows[index].label != row.label for o in others):
            differing.append(row.label)
    return differing


def _vouched(label: str, section: str | None, known: set[str]) -> bool:
    text = " ".join(label.split()).casefold()
    if text in known:
        return True
    numbered = _TRAILING_NUMBER.match(text)
    if numbered is None:
        return False
    stem, number = numbered.group("stem"), numbered.group("number")
    if any(k != text and (m := _TRAILING_NUMBER.match(k)) and m.group("stem") == stem for k in known):
        return True  # "subtotaal regio 1" printed elsewhere vouches for "subtotaal regio 3"
    heading = _SECTION_NUMBER.match(section or "")
    return heading is not None and heading.group("number") == number.rstrip("abcdefghijklmnopqrstuvwxyz")


def _writes_grouped(table: Table) -> bool:
    return any(_GROUPED_FIGURE.search(cell.value) for row in table.rows for cell in row.cells)
