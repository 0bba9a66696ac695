"""Settling a table that reads in more than one way by the arithmetic it prints.

A reader that finds rows readable in several ways ("Totaal 1 120,303": a label "Totaal 1"
and the figure 120,303, or "Totaal" and 1 120,303) hands on every whole reading
(``grid.Ambiguous``). The table's own totals are evidence: when exactly one reading makes
every total add up (exactly, or within the rounding of its printed figures), that reading
is the table as printed. Only where the totals cannot tell does a weaker convention (how
the table prints its dashes) decide, and only if it leaves one reading. A table still
open may be settled by the letter's overview (a first table whose total is the sum of the
section tables' totals) once every other table of the letter is read; otherwise it is
reported.
"""

from __future__ import annotations

import itertools
import math

from pipeline import consistency
from pipeline.extraction.assemble import assemble
from pipeline.extraction.grid import Ambiguous, Grid, Unreadable
from pipeline.extraction.model import Table
from pipeline.extraction.settings import Settings


def _relations(table: Table, settings: Settings) -> list:
    return consistency.rows_sum_to_total(table, settings) + consistency.formula_in_label(table, settings)


class Unsettled(Unreadable):
    """A table its own totals do not settle: the readings still open (none contradicts
    the table's totals), for the letter's overview to settle if it can."""

    def __init__(self, ambiguous: Ambiguous, readings: list[Table]) -> None:
        super().__init__(ambiguous.index, ambiguous.reason)
        self.readings = readings


def by_totals(ambiguous: Ambiguous, number: int, section: str | None, settings: Settings) -> Table:
    """The one reading whose totals add up. Where the totals cannot tell (the table has
    none, or they hold in several readings), the reading the table's dash convention
    leaves, if it is one of those. Raises ``Unsettled`` otherwise."""
    tables, fitting, checked = [], [], False
    for grid in ambiguous.grids:
        try:
            table = assemble(grid, number, section, settings)
        except Unreadable:
            continue
        relations = _relations(table, settings)
        checked = checked or bool(relations)
        tables.append((grid, table))
        if relations and all(r.status != consistency.MISMATCH for r in relations):
            fitting.append((grid, table))
    if len(fitting) == 1:
        return fitting[0][1]
    candidates = fitting if fitting else ([] if checked else tables)
    chosen = [table for grid, table in candidates if _same(grid, ambiguous.by_convention)]
    if len(chosen) == 1:
        return chosen[0]
    raise Unsettled(ambiguous, [table for _, table in candidates])


def by_overview(tables: list[Table], unsettled: dict[int, Unsettled], settings: Settings) -> list[Table] | None:
    """The one choice of readings for the unsettled tables that makes the letter's
    overview add up (its total row against the closing totals of the tables in its
    sections, ``consistency.sections_sum_to_overview``); None when there is not one."""
    options = [unsettled[number].readings for number in sorted(unsettled)]
    if not all(options) or math.prod(len(o) for o in options) > settings.max_readings:
        return None
    fitting = []
    for choice in itertools.product(*options):
        letter_tables = tuple(sorted([*tables, *choice], key=lambda t: t.number))
        relations = consistency.sections_sum_to_overview(letter_tables)
        if relations and all(r.status != consistency.MISMATCH for r in relations):
            fitting.append(list(choice))
    return fitting[0] if len(fitting) == 1 else None


def _same(grid: Grid, other: Grid | None) -> bool:
    return other is not None and grid.rows == other.rows
