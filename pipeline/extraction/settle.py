"""Settling a table that reads in more than one way by the arithmetic it prints.

A reader that finds rows readable in several ways ("Totaal 1 120,303": a label "Totaal 1"
and the figure 120,303, or "Totaal" and 1 120,303) hands on every whole reading
(``grid.Ambiguous``). The table's own totals are evidence: when exactly one reading makes
every total add up (exactly, or within the rounding of its printed figures), that reading
is the table as printed. Only where the totals cannot tell does a weaker convention (how
the table prints its dashes) decide, and only if it leaves one reading; otherwise the
table is reported.
"""

from __future__ import annotations

from pipeline import consistency
from pipeline.extraction.assemble import assemble
from pipeline.extraction.grid import Ambiguous, Grid, Unreadable
from pipeline.extraction.model import Table
from pipeline.extraction.settings import Settings


def _relations(table: Table, settings: Settings) -> list:
    return consistency.rows_sum_to_total(table, settings) + consistency.formula_in_label(table, settings)


def by_totals(ambiguous: Ambiguous, number: int, section: str | None, settings: Settings) -> Table:
    """The one reading whose totals add up. Where the totals cannot tell (the table has
    none, or they hold in several readings), the reading the table's dash convention
    leaves, if it is one of those. Raises ``Unreadable`` otherwise."""
    tables, fitting, checked = [], [], False
    for grid in ambiguous.grids:
        try:
            table = assemble(grid, number, section, settings)
        except Unreadable:
            continue
        relations = _relations(table, settings)
        checked = checked or bool(relations)
        tables.append((grid, table))
        if relations and all(r.status != "mismatch" for r in relations):
            fitting.append((grid, table))
    if len(fitting) == 1:
        return fitting[0][1]
    candidates = fitting if fitting else ([] if checked else tables)
    chosen = [table for grid, table in candidates if _same(grid, ambiguous.by_convention)]
    if len(chosen) == 1:
        return chosen[0]
    raise Unreadable(ambiguous.index, ambiguous.reason)


def _same(grid: Grid, other: Grid | None) -> bool:
    return other is not None and grid.rows == other.rows
