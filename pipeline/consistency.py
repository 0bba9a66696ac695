"""The arithmetic relations a letter implies, checked with exact integer arithmetic.

Pure functions. Two relations:

- ``rows_sum_to_total``: in a table with a total row, the rows above the last total row
  that are not totals themselves add up to it, per period.
- ``sections_sum_to_overview``: when a letter opens with an overview table of one total
  row, that row equals the sum of the other tables' totals, per period (a table without a
  total row counts with the sum of its rows).

A relation is ``exact`` when the difference is nil, ``rounding`` when it is within what
rounding every printed figure involved to the precision its table prints explains
(half a unit of the last printed decimal each), else ``mismatch``. Periods where any
figure involved holds no number ("p.m.") have no relation.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from pipeline.extraction import Letter, Row, Table


@dataclass(frozen=True)
class Relation:
    table_number: int
    period: str
    relation: str
    reported_eur: int
    computed_eur: int
    status: str

    @property
    def difference_eur(self) -> int:
        return self.reported_eur - self.computed_eur


def _half_unit(table: Table) -> Fraction:
    """Half the smallest printed step of a table, in euros."""
    return Fraction(table.unit_eur, 2 * 10**table.decimals)


def _status(difference: int, slack: Fraction) -> str:
    if difference == 0:
        return "exact"
    return "rounding" if abs(difference) <= slack else "mismatch"


def _amount(table: Table, row: Row, period: str) -> int | None:
    index = table.periods.index(period)
    return row.cells[index].figure.in_euros(table.unit_eur)


def _total_row(table: Table) -> Row | None:
    totals = [r for r in table.rows if r.is_total]
    return totals[-1] if totals else None


def _parts(table: Table) -> list[Row]:
    total = _total_row(table)
    last = total.number if total else len(table.rows) + 1
    return [r for r in table.rows if not r.is_total and r.number < last]


def rows_sum_to_total(table: Table) -> list[Relation]:
    total = _total_row(table)
    parts = _parts(table)
    if total is None or not parts:
        return []
    relations = []
    for period in table.periods:
        reported = _amount(table, total, period)
        amounts = [_amount(table, r, period) for r in parts]
        if reported is None or None in amounts:
            continue
        computed = sum(amounts)
        slack = _half_unit(table) * (len(amounts) + 1)
        relations.append(Relation(table.number, period, "rows_sum_to_total", reported, computed,
                                  _status(reported - computed, slack)))
    return relations


def _table_total(table: Table, period: str) -> int | None:
    """A table's printed total for a period, or the sum of its rows when it prints none."""
    total = _total_row(table)
    if total is not None:
        return _amount(table, total, period)
    amounts = [_amount(table, r, period) for r in table.rows]
    return None if None in amounts else sum(amounts)


def _table_slack(table: Table) -> Fraction:
    total = _total_row(table)
    figures = 1 if total is not None else len(table.rows)
    return _half_unit(table) * figures


def sections_sum_to_overview(tables: tuple[Table, ...]) -> list[Relation]:
    if len(tables) < 2:
        return []
    overview, others = tables[0], tables[1:]
    if len(overview.rows) != 1 or not overview.rows[0].is_total:
        return []
    relations = []
    for period in overview.periods:
        if not all(period in t.periods for t in others):
            continue
        reported = _amount(overview, overview.rows[0], period)
        amounts = [_table_total(t, period) for t in others]
        if reported is None or None in amounts:
            continue
        computed = sum(amounts)
        slack = _half_unit(overview) + sum(_table_slack(t) for t in others)
        relations.append(Relation(overview.number, period, "sections_sum_to_overview", reported,
                                  computed, _status(reported - computed, slack)))
    return relations


def relations_of(letter: Letter) -> list[Relation]:
    """Every relation of a letter, ordered by table, then period as printed, then relation."""
    relations = sections_sum_to_overview(letter.tables)
    for table in letter.tables:
        relations.extend(rows_sum_to_total(table))
    order = {name: i for i, name in enumerate(("rows_sum_to_total", "sections_sum_to_overview"))}
    position = {(t.number, p): i for t in letter.tables for i, p in enumerate(t.periods)}
    return sorted(relations, key=lambda r: (r.table_number, position[(r.table_number, r.period)],
                                            order[r.relation]))
