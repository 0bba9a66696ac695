"""The last stage: a grid as printed becomes a table with meaning.

Shared by every text form. It gives the columns their header path, period and year
(footnote marks left out), finds the units (the table's, a column's or a row's own, a
percentage or another unit that is not euros), reads each printed cell, numbers the
rows that print a figure and groups them under their sub-headings.
"""

from __future__ import annotations

import re

from pipeline import dutch
from pipeline.dutch import CellKind
from pipeline.extraction.arithmetic import half_unit
from pipeline.extraction.grid import Grid, GridRow, Unreadable
from pipeline.extraction.model import Cell, Column, Row, Table
from pipeline.extraction.settings import Settings

# A space a wrap left inside a formula printed closed up: "(3)=" + "(1)+(2)", "(1)+" + "(2)";
# "(3) = (1) + (2)", printed with spaces, keeps them.
_WRAPPED_FORMULA = re.compile(r"(?<=\)[=+\-–])\s+(?=\()|(?<=\))\s+(?=[=+\-–]\()")
# A label that names percentages as its unit ("(%)", "in % bbp", "in procenten", "EMU-schuldquote");
# "… van 20% voor mbo" names a measure, its row holds amounts.
_PERCENT_LABEL = re.compile(r"(?<!\d)(?<!\d )%|\bprocent|\bpercentage\b|quote\b", re.IGNORECASE)


_STAGE_NUMBER = re.compile(r"\(\d{1,2}\)")  # a column's number closing its header cell: "(2)"


def strip_note(text: str, settings: Settings) -> str:
    """A header or label cell without the footnote mark glued to it ("Realisatie1",
    "20223", "kader*"); a year or a column's number followed by a lone mark ("2022 3",
    "(2) 1"), and a star set apart after any word ("Srv *"), too."""
    words = text.split()
    if not words:
        return ""
    # "EFSF1 2": a mark glued on, then more marks apart
    while len(words) >= 2 and re.fullmatch(r"\d", words[-1]) and re.search(r"[A-Za-z]\d$", words[-2]):
        words.pop()
    last = words[-1]
    year = settings.glued_year_note.match(last)
    if year:
        words[-1] = year.group(1)
    elif len(words) >= 2 and dutch.YEAR.match(words[-2]) and re.fullmatch(r"\d|\*", last):
        words.pop()
    elif len(words) >= 2 and _STAGE_NUMBER.fullmatch(words[-2]) and re.fullmatch(r"\d|\*", last):
        words.pop()  # "en ISB (2) 1": the column's number, then a note mark set apart
    elif len(words) >= 2 and re.fullmatch(r"\*{1,3}", last):
        words.pop()  # "Kasschuif Srv *": a star set apart is a mark, never a word
    else:
        words[-1] = settings.glued_note.sub("", last) or last
    return " ".join(words)


# Forms that give each header cell whole, its text as printed: no space in it is a wrap's.
_CELLS_WHOLE = frozenset({"html-copy", "xml"})


def join_header(parts: list[str], *, as_printed: bool = False) -> str:
    """Header lines of one cell joined: "(3)=" + "(1)+(2)" closes up, words get a space.
    ``as_printed``: the form gives the cell whole, so "(4)= (2+3)" keeps its space."""
    text = " ".join(p for p in parts if p)
    return text if as_printed else _WRAPPED_FORMULA.sub("", text)


def _columns(grid: Grid, settings: Settings) -> tuple[Column, ...]:
    columns = []
    for number, path in enumerate(grid.headers, start=1):
        whole = grid.form in _CELLS_WHOLE
        texts = [join_header([strip_note(t, settings)], as_printed=whole) for t in path if t.strip()]
        header = join_header(texts, as_printed=whole)
        period = texts[-1] if texts else ""
        unit = dutch.find_unit(header, bare=False)
        columns.append(
            Column(
                number,
                header,
                period,
                dutch.year_of(period),
                None if unit is None or unit.unit_eur is None else unit.unit_eur,
            )
        )
    return tuple(columns)


def _distinct_headers(grid: Grid, columns: tuple[Column, ...]) -> None:
    """Two columns of one table under the same header cannot be told apart by a reader of
    the data: the header was read wrong, or the table prints what tells them apart
    somewhere the reader did not take it. Either way the table is reported."""
    seen: set[str] = set()
    for column in columns:
        if column.header and column.header in seen:
            raise Unreadable(grid.top, f"two columns are read under the same header '{column.header}'")
        seen.add(column.header)


# A figure no header holds: with decimals or thousands ("3,9", "45.54", "1.000") or a sign
# ("-100"); years, column numbers ("(3)=(1+2)"), rates ("21%") and units ("x € 1.000") are headers' own.
_FIGURE_IN_HEADER = re.compile(r"^[-–−]?\d{1,3}(?:[.,]\d+)+$|^[-–−]\d+(?:[.,]\d+)?$")
# A header that counts things ("Aantal (x 1.000)", "Aantallen"): its "x 1.000" scales the count.
_COUNT_HEADER = re.compile(r"^aantal(?:len)?\b", re.IGNORECASE)


def _headed(grid: Grid, columns: tuple[Column, ...]) -> None:
    """A table of two or more columns of figures names what each is for: where one has no
    header, a reader cannot tell its figures' year from the next column's, and the header
    was lost in the reading (a header broken over lines, set in the caption's lines). A
    table of one column may have none: its figures are the rows' own ("Verwerkt in de
    Miljoenennota  70,2")."""
    if len(columns) >= 2 and any(not column.header for column in columns):
        raise Unreadable(grid.top, "some columns of figures have no header: what each is for cannot be told")
    for column in columns:
        unit = dutch.find_unit(column.header)
        words = column.header if unit is None else column.header[: unit.start] + column.header[unit.end :]
        figures = [w for w in words.split() if _FIGURE_IN_HEADER.match(w)]
        if figures:
            raise Unreadable(
                grid.top,
                f"the header '{column.header}' holds figures ('{figures[0]}'): a line of figures read as a header",
            )


def _nils_shown(grid: Grid, columns: tuple[Column, ...], rows: list[Row]) -> None:
    """A table whose only amounts are dashes shows them to be nils only under a header
    that names a year: "Overheidsfinanciën: -" under "Score:", or "Drempel/vrijstellingen -"
    beside "Tarief 21%", scores or says "none", and is no table of nil amounts."""
    amounts = [cell.value for row in rows for cell in row.cells if cell.kind is CellKind.AMOUNT]
    if amounts and all(column.year is None for column in columns) and all(v.strip(dutch.DASHES) == "" for v in amounts):
        raise Unreadable(
            grid.top, "the table prints dashes only under headers that name no year: nothing shows they are nil amounts"
        )


# A column's number closing its header, with the formula that makes it: "(3)=(1)+(2)",
# "(5)=(3+4)", "(3)=(2) – (1)", "(4)" ("… t/m …" and other words are no formula read here).
_COLUMN_NUMBER = re.compile(r"\((\d{1,2})\)\s*(?:=\s*([()\d\s+\-–]+?))?\s*$")
_TERM = re.compile(r"([+\-–]?)\s*\(?\s*(\d{1,2})\s*\)?")


def _column_formulas(columns: tuple[Column, ...]) -> list[tuple[int, list[tuple[int, int]]]]:
    """Per column whose header ends in its number and a formula of other columns' numbers,
    (its index, [(sign, index of a term's column)]); none where the numbers do not name
    the table's columns one to one."""
    numbered: dict[int, int] = {}
    formulas: list[tuple[int, str]] = []
    for index, column in enumerate(columns):
        found = _COLUMN_NUMBER.search(column.header)
        if found is None:
            continue
        number = int(found.group(1))
        if number in numbered:
            return []
        numbered[number] = index
        if found.group(2):
            formulas.append((index, found.group(2)))
    out = []
    for index, formula in formulas:
        terms = [(-1 if sign in ("-", "–") else 1, int(n)) for sign, n in _TERM.findall(formula)]
        if len(terms) < 2 or any(n not in numbered or numbered[n] == index for _, n in terms):
            continue
        out.append((index, [(sign, numbered[n]) for sign, n in terms]))
    return out


def _column_formulas_hold(grid: Grid, columns: tuple[Column, ...], rows: list[Row]) -> None:
    """A header that makes a column of others ("(5)=(3+4)") stands over the right columns
    only if some row bears the formula out: where no row with all its figures does (two
    or more such rows), the header's cells were placed over the wrong columns (or the
    formula itself is misprinted), and the table is reported rather than published under
    headers that may belong to its neighbours. A form that gives each cell whole (a
    browser copy) places no header cell, and is not checked."""
    if grid.form in _CELLS_WHOLE:
        return
    for index, terms in _column_formulas(columns):
        checked = held = 0
        for row in rows:
            involved = [row.cells[index], *(row.cells[k] for _, k in terms)]
            amounts = [c.amount_eur if c.kind is CellKind.AMOUNT else None for c in involved]
            if any(a is None for a in amounts):
                continue
            result, *parts = (a or 0 for a in amounts)
            total = sum(sign * part for (sign, _), part in zip(terms, parts, strict=True))
            checked += 1
            held += abs(result - total) <= sum(half_unit(c) for c in involved)
        if checked >= 2 and held == 0:
            raise Unreadable(
                grid.top,
                f"no row bears out the header's formula '{columns[index].header}': "
                "its cells may stand over the wrong columns",
            )


def _foreign_columns(grid: Grid) -> set[int]:
    """The columns whose figures are not euros: a header that names another unit ("in fte",
    "(in mln kg, p/j)"), a header that counts ("Aantal (x 1.000)"), or a column of years
    alone under a header that names no year (a "Struc. in" column names the year a
    structural figure is reached: 2025, 2026)."""
    out = set()
    for number, path in enumerate(grid.headers, start=1):
        header = " ".join(path)
        unit = dutch.find_unit(header)
        if (unit is not None and unit.unit_eur is None) or _COUNT_HEADER.match(header.strip()):
            out.add(number)
            continue
        printed = [cell.printed.strip() for row in grid.rows if (cell := row.cells[number - 1]) is not None]
        printed = [p for p in printed if p]
        reached_in = header.split()[-1:] == ["in"]  # "Struc. in": the year it is reached in
        # (under a header that names a year the figures are that year's amounts: "1900" in mln)
        names_a_year = any(dutch.YEAR.match(w) for w in header.split())
        years = printed and (len(printed) >= 2 or reached_in) and all(dutch.YEAR.match(p) for p in printed)
        if years and not names_a_year:
            out.add(number)
    return out


def _table_unit(grid: Grid) -> tuple[int | None, str | None]:
    """The table's unit and the phrase that names it; a foreign unit is an error."""
    for text in grid.unit_texts:
        found = dutch.find_unit(text)
        if found is None:
            continue
        if found.unit_eur is None:
            raise Unreadable(grid.top, f"the table states its figures in '{found.text}', not in euros")
        named, stated = dutch.stated_units(text)
        if len(named) > 1:
            # "… een intensivering (€ 1 miljard)" over "bedragen in mln. euro's": the one a
            # phrase states as the unit is the table's; two such, or none, leave it open
            if len(stated) != 1:
                raise Unreadable(
                    grid.top, "the caption names more than one unit, and which the figures are in is not certain"
                )
            unit = stated.pop()
            return unit, found.text if unit == found.unit_eur else None
        return found.unit_eur, found.text
    return None, None


def _row_cells(
    grid: Grid,
    grid_row: GridRow,
    label: str,
    columns: tuple[Column, ...],
    foreign_columns: set[int],
    unit_eur: int | None,
) -> tuple[Cell, ...]:
    """The row's cells read: each one's kind, figure and unit (the row's own, else its column's, else the table's)."""
    own = dutch.find_unit(label)
    percent_row = bool(_PERCENT_LABEL.search(label)) and (own is None or own.unit_eur is None)
    foreign_row = own is not None and own.unit_eur is None and not percent_row
    row_unit = own.unit_eur if own is not None else None
    cells = []
    for column, grid_cell in zip(columns, grid_row.cells):
        if grid_cell is None:
            cells.append(Cell(column, "", CellKind.BLANK, None, None))
            continue
        found = dutch.read_cell(grid_cell.printed)
        if found is None:
            raise Unreadable(
                grid_cell.index, f"cannot read the cell '{grid_cell.printed}' of row '{label}' as a figure"
            )
        kind, figure = found
        cell_unit = row_unit or column.unit_eur or unit_eur
        if kind is CellKind.AMOUNT:
            kind = _amount_kind(percent_row, foreign_row or column.number in foreign_columns)
        if kind is CellKind.AMOUNT and figure is not None and figure.mantissa:
            if cell_unit is None:
                raise Unreadable(
                    grid.top,
                    "the table names no unit (no 'x € 1.000', 'in mln euro' or the like above or beside it)",
                )
            try:
                figure.in_euros(cell_unit)
            except ValueError as exc:
                raise Unreadable(grid_cell.index, f"'{grid_cell.printed}': {exc}") from None
        cells.append(
            Cell(column, grid_cell.printed.strip(), kind, figure, cell_unit if kind is CellKind.AMOUNT else None)
        )
    return tuple(cells)


def _amount_kind(percent_row: bool, foreign: bool) -> CellKind:
    """What an amount is: a percentage in a percentage row, another unit in a row or column of one, else an amount."""
    if percent_row:
        return CellKind.PERCENTAGE
    if foreign:
        return CellKind.OTHER_UNIT
    return CellKind.AMOUNT


def _letters_one_under_another(grid: Grid) -> None:
    """A label of single letters only, three or more ("t i m i m"): a chart's axis title
    set on its side, one letter a line, and the ticks beside it ("60%", "50%") read as a
    table's figures. No table labels its rows so."""
    for row in grid.rows:
        words = row.label.split()
        if len(words) >= 3 and all(len(w) == 1 and w.isalpha() for w in words):
            raise Unreadable(
                row.index,
                f"the label '{row.label}' is letters set one under another: the axis title of a chart, "
                "whose ticks are no table's figures",
            )


def assemble(grid: Grid, number: int, section: str | None, settings: Settings) -> Table:
    _letters_one_under_another(grid)
    unit_eur, _ = _table_unit(grid)
    columns = _columns(grid, settings)
    _distinct_headers(grid, columns)
    _headed(grid, columns)
    foreign_columns = _foreign_columns(grid)
    rows: list[Row] = []
    group = 0
    subheading = None
    breakdown = False  # under "waarvan:", and the sub-headings after it
    for grid_row in grid.rows:
        if grid_row.is_subheading:
            group += 1
            subheading = strip_note(grid_row.label, settings) or None
            breakdown = breakdown or bool(settings.breakdown_label.match(subheading or ""))
            continue
        label = strip_note(grid_row.label, settings)
        cells = _row_cells(grid, grid_row, label, columns, foreign_columns, unit_eur)
        is_total = bool(settings.total_label.match(label))
        if is_total or settings.stage_label.match(label):
            breakdown = False
        rows.append(
            Row(
                len(rows) + 1,
                label,
                grid_row.code,
                is_total,
                grid_row.index + 1,
                group,
                subheading,
                cells,
                breakdown,
            )
        )
    if not rows:
        raise Unreadable(grid.top, "the table has a header but no rows of figures")
    _nils_shown(grid, columns, rows)
    _column_formulas_hold(grid, columns, rows)
    return Table(
        number=number,
        section=section,
        caption=grid.caption,
        unit_eur=unit_eur,
        columns=columns,
        first_line=grid.top + 1,
        last_line=grid.bottom + 1,
        rows=tuple(rows),
        form=grid.form,
    )
