"""The arithmetic relations a letter implies, checked with exact integer arithmetic: the
table arithmetic that settles a table read in two ways (``settle``) and that the published
consistency resource reports (``pipeline.consistency`` reports it).

Pure functions. A relation is published only where the letter itself says it holds, since
a finding that does not follow from the letter would accuse the source of an error:

- ``rows_sum_to_total``: a total row ("Totaal", "Subtotaal", "Totale …") against the rows
  above it back to the previous total or sub-heading, when the total closes that block (it
  is the last row of its table or of its sub-heading's group) or the block opens with a
  sub-heading. A breakdown row ("waarvan …") is not a part. A total in the middle of an
  unheaded list (with nested sub-totals, say) implies nothing certain, and is not checked.
  The last row of a table whose rows all stand in sub-headed groups without totals of their
  own is the total of its group or of the whole table: checked against the group where that adds up, else
  against the whole table where that does, else not at all.
- ``formula_in_label``: a row whose label states how it is made from other numbered rows
  ("(2–3)", "(4 t/m 7)", "(1+8+9+10)", "(5=1+2+3+4)"), the numbers being the rows' codes
  or the numbers their labels open with.
- ``sections_sum_to_overview``: an overview table of one total row, printed before the
  first numbered section, against the totals of the tables in the sections (a table
  without a total row counts with the sum of its rows).
- ``stages_add_up``: a budget stage ("Stand ontwerpbegroting 2019", "Vastgestelde begroting",
  "Stand na 2e suppletoire begroting") against the stage above it plus the mutations
  between them ("Mutaties 1e suppletoire begroting", "Nieuwe mutaties"): a breakdown
  ("waarvan …", or rows under a "waarvan" sub-heading) is not a mutation, and a subtotal
  stands for the rows it totals. The structure is taken from the labels; it is published
  only where the printed figures bear it out in at least one column, so that a table whose
  rows nest in a way the labels do not show is not accused of an error it does not make.

Per column. ``exact`` when the difference is nil; ``rounding`` when it is within what
rounding every printed figure involved to its own printed precision explains (half a unit
of its last decimal each); else ``mismatch``. A column where a figure involved is not an
amount ("p.m.", blank, a percentage) has no relation.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

from pipeline.dutch import CellKind
from pipeline.extraction.model import Cell, Letter, Row, Table
from pipeline.extraction.settings import DEFAULT, Settings
from pipeline.schema import RELATIONS, STATUSES

ORDER = RELATIONS  # relations of one cell are listed in this order
EXACT, ROUNDING, MISMATCH = STATUSES  # a relation's status, as the schema names them
_LEADING_NUMBER = re.compile(r"^(\d{1,3})[.)]?\s")


@dataclass(frozen=True)
class Relation:
    table_number: int
    row_number: int
    column_number: int
    period: str
    relation: str
    parts: str
    reported_eur: int
    computed_eur: int
    tolerance: Fraction

    @property
    def difference_eur(self) -> int:
        return self.reported_eur - self.computed_eur

    @property
    def tolerance_eur(self) -> int:
        return math.floor(self.tolerance)

    @property
    def status(self) -> str:
        if self.difference_eur == 0:
            return EXACT
        return ROUNDING if abs(self.difference_eur) <= self.tolerance else MISMATCH


def half_unit(cell: Cell) -> Fraction:
    """Half the smallest step a cell is printed in, in euros."""
    assert cell.figure is not None and cell.unit_eur is not None
    return Fraction(cell.unit_eur, 2 * 10**cell.figure.decimals)


def _half_units(cells: list[Cell]) -> Fraction:
    """The sum of the cells' ``half_unit``: made over one denominator, as one Fraction (a
    sum of Fractions reduces at every step, and a table's relations make thousands)."""
    steps = []
    for cell in cells:
        assert cell.figure is not None and cell.unit_eur is not None
        steps.append((cell.unit_eur, cell.figure.decimals))
    most = max(decimals for _, decimals in steps)
    return Fraction(sum(unit * 10 ** (most - decimals) for unit, decimals in steps), 2 * 10**most)


def _amount(cell: Cell) -> int | None:
    return cell.amount_eur if cell.kind is CellKind.AMOUNT else None


def _check(
    table: Table,
    row: Row,
    parts: list[tuple[int, Row]],
    relation: str,
    parts_text: str,
    *,
    blank_is_nil: bool = False,
) -> list[Relation]:
    """The relation per column: the row's figure against the signed sum of the parts'
    (``blank_is_nil``: a part's blank cell counts as nothing, where another part has a
    figure in the column; else a column with a blank part is not checked)."""
    found = []
    for column in table.columns:
        cell = row.cells[column.number - 1]
        part_cells = [(sign, part.cells[column.number - 1]) for sign, part in parts]
        reported = _amount(cell)
        found_amounts = [_amount(c) for _, c in part_cells]
        nils = blank_is_nil and any(a is not None for a in found_amounts)
        if nils:
            found_amounts = [0 if c.kind is CellKind.BLANK else a for (_, c), a in zip(part_cells, found_amounts)]
        amounts = [a for a in found_amounts if a is not None]
        if reported is None or len(amounts) != len(found_amounts):
            continue
        computed = sum(sign * a for (sign, _), a in zip(part_cells, amounts))
        tolerance = _half_units([cell, *(c for _, c in part_cells if c.kind is not CellKind.BLANK)])
        checked = Relation(
            table.number, row.number, column.number, column.period, relation, parts_text, reported, computed, tolerance
        )
        found.append(checked)
    return found


def _join_numbers(numbers: list[int]) -> str:
    return "+".join(str(n) for n in numbers)


def rows_sum_to_total(table: Table, settings: Settings = DEFAULT) -> list[Relation]:
    found = []
    rows = table.rows
    for index, total in enumerate(rows):
        if not total.is_total:
            continue
        block: list[Row] = []
        k = index - 1
        while k >= 0 and not rows[k].is_total and rows[k].group == total.group:
            block.insert(0, rows[k])
            k -= 1
        closes = index == len(rows) - 1 or rows[index + 1].group != total.group or rows[index + 1].is_total
        headed = total.subheading is not None and (k < 0 or rows[k].group != total.group)
        parts = [r for r in block if not settings.breakdown_label.match(r.label)]
        if not parts or not (closes or headed):
            continue
        checked = _check(
            table, total, [(1, r) for r in parts], "rows_sum_to_total", _join_numbers([r.number for r in parts])
        )
        last_of_groups = (
            k >= 0
            and index == len(rows) - 1
            and rows[0].subheading is not None  # every row under a sub-heading: the groups are the table's
            and not any(r.is_total for r in rows[: k + 1])
        )
        if not last_of_groups or not any(r.status == MISMATCH for r in checked):
            found += checked
            continue
        # The table's last total after sub-headed groups none of which has a total of its own
        # ("Gelijke kansen …" and its rows, then "TOTAAL"): the total of its group, or of the
        # whole table. The letter says which only where one of them adds up.
        whole = [r for r in rows[:index] if not settings.breakdown_label.match(r.label)]
        everything = _check(
            table, total, [(1, r) for r in whole], "rows_sum_to_total", _join_numbers([r.number for r in whole])
        )
        if everything and not any(r.status == MISMATCH for r in everything):
            found += everything
    return found


def _row_numbers(table: Table) -> dict[int, Row]:
    """The numbers rows are known by in their labels' formulas: their codes, or the
    number their label opens with ("5. Netto …")."""
    numbered: dict[int, Row] = {}
    for row in table.rows:
        key = None
        if row.code is not None and row.code.isdigit():
            key = int(row.code)
        elif match := _LEADING_NUMBER.match(row.label):
            key = int(match.group(1))
        if key is not None:
            if key in numbered:
                return {}  # numbers that repeat name nothing for certain
            numbered[key] = row
    return numbered


def _terms(expression: str) -> list[tuple[int, int]] | None:
    """ "4 t/m 7" -> [(1, 4), (1, 5), (1, 6), (1, 7)]; "2–3" -> [(1, 2), (-1, 3)]."""
    tokens = re.findall(r"\d+|t/m|[+\-–]", expression)
    terms: list[tuple[int, int]] = []
    sign = 1
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in "+-–":
            sign = 1 if token == "+" else -1
            i += 1
            continue
        if token == "t/m":
            return None
        number = int(token)
        if i + 2 < len(tokens) and tokens[i + 1] == "t/m":
            last = int(tokens[i + 2])
            if last <= number:
                return None
            terms += [(sign, n) for n in range(number, last + 1)]
            i += 3
        else:
            terms.append((sign, number))
            i += 1
        sign = 1
    return terms


def formula_in_label(table: Table, settings: Settings = DEFAULT) -> list[Relation]:
    numbered = _row_numbers(table)
    if not numbered:
        return []
    own = {id(row): n for n, row in numbered.items()}
    found = []
    for row in table.rows:
        match = settings.formula.search(row.label)
        if match is None:
            continue
        terms = _terms(match["expr"])
        if not terms or any(n not in numbered for _, n in terms):
            continue
        if match["self"] is not None and own.get(id(row)) != int(match["self"]):
            continue
        if any(numbered[n] is row for _, n in terms):
            continue
        parts = [(sign, numbered[n]) for sign, n in terms]
        text = "".join(("+" if sign > 0 else "-") + str(p.number) for sign, p in parts).lstrip("+")
        found += _check(table, row, parts, "formula_in_label", text)
    return found


def _closing_total(table: Table) -> Row | None:
    last = table.rows[-1]
    return last if last.is_total else None


def sections_sum_to_overview(tables: tuple[Table, ...], all_read: bool = True) -> list[Relation]:
    """The one total row of a letter's first table against the closing totals of the tables
    in its sections. Only when every table of the letter was read (``all_read``): the parts
    of a table that could not be read are unknown, not zero."""
    if len(tables) < 2 or not all_read:
        return []
    overview, others = tables[0], tables[1:]
    if (
        len(overview.rows) != 1
        or not overview.rows[0].is_total
        or overview.section is not None
        or any(t.section is None for t in others)
    ):
        return []
    headers = [c.header for c in overview.columns]
    if any([c.header for c in t.columns] != headers for t in others):
        return []
    found = []
    total = overview.rows[0]
    for column in overview.columns:
        at = column.number - 1
        cell = total.cells[at]
        reported = _amount(cell)
        if reported is None:
            continue
        computed, tolerance, complete = 0, half_unit(cell), True
        for table in others:
            closing = _closing_total(table)
            if closing is None and any(r.is_total for r in table.rows):
                complete = False
                break
            part_rows = [closing] if closing is not None else list(table.rows)
            cells = [r.cells[at] for r in part_rows]
            amounts = [_amount(c) for c in cells]
            if any(a is None for a in amounts):
                complete = False
                break
            computed += sum(amounts)  # type: ignore[arg-type]
            tolerance += sum((half_unit(c) for c in cells), Fraction(0))
        if not complete:
            continue
        found.append(
            Relation(
                overview.number,
                total.number,
                column.number,
                column.period,
                "sections_sum_to_overview",
                "tables " + _join_numbers([t.number for t in others]),
                reported,
                computed,
                tolerance,
            )
        )
    return found


def stages_add_up(table: Table, settings: Settings = DEFAULT) -> list[Relation]:
    rows = table.rows
    stages = [k for k, row in enumerate(rows) if settings.stage_label.match(row.label)]
    found = []
    for before, stage in zip(stages, stages[1:]):
        mutations = _mutations(rows[before + 1 : stage], settings)
        if not mutations:
            continue
        parts = [(1, rows[before])] + [(1, row) for row in mutations]
        text = _join_numbers([r.number for _, r in parts])
        checked = _check(table, rows[stage], parts, "stages_add_up", text)
        if any(r.status != MISMATCH for r in checked):
            found += checked
            continue
        # A stage table may leave a mutation blank where it is none ("Extrapolatie" over
        # the new year only), so that no column has every figure; read as nils, the blanks
        # must make every column add up, or the rows are not the stage's parts.
        with_nils = _check(table, rows[stage], parts, "stages_add_up", text, blank_is_nil=True)
        if with_nils and all(r.status != MISMATCH for r in with_nils):
            found += with_nils
    return found


def _mutations(between: tuple[Row, ...], settings: Settings) -> list[Row]:
    """The rows between two stages that change the first into the second: not breakdowns,
    and a subtotal in place of the rows it totals."""
    kept: list[Row] = []
    for row in between:
        if row.in_breakdown or settings.breakdown_label.match(row.label):
            continue
        if row.is_total:
            while kept and not kept[-1].is_total and kept[-1].group == row.group:
                kept.pop()
        kept.append(row)
    return kept


def relations_of(letter: Letter, settings: Settings = DEFAULT) -> list[Relation]:
    """Every relation of a letter, ordered by table, row, column, then relation."""
    all_read = not any(problem.table_number is not None for problem in letter.problems)
    relations = sections_sum_to_overview(letter.tables, all_read)
    for table in letter.tables:
        relations += rows_sum_to_total(table, settings)
        relations += formula_in_label(table, settings)
        relations += stages_add_up(table, settings)
    order = {name: i for i, name in enumerate(ORDER)}
    return sorted(relations, key=lambda r: (r.table_number, r.row_number, r.column_number, order[r.relation]))
