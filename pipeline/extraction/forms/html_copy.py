"""Tables in a browser copy of an HTML table: one cell per line with blank lines between,
a run of empty cells as one line of spaces (one space per cell).

Such a copy keeps every cell, blank ones included, but not where a row ends. The row
width follows from the rows themselves: the table is read as every way to cut its cells
into rows of (codes before the label) + label + amount cells + (codes after), and the
one way that reads all its rows, and agrees with its header, is taken. The header is
the cells before the first row: the stub and the names of the code columns, then the
header levels (the lowest has a cell per amount column, names or the columns' numbers
"1", "2", "(3)=(1+2)"; a level above with fewer cells spans them, which is certain when
the years below run on under each). A table's cells run from its caption, through any
line between (a numbered stub cell is no heading there), to the prose after it. More than
one reading, or none, and the table is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline import dutch
from pipeline.extraction import headers, labels, text
from pipeline.extraction.grid import Grid, GridCell, GridRow, Unreadable
from pipeline.extraction.settings import Settings
from pipeline.extraction.text import Line

NAME = "html-copy"


@dataclass(frozen=True)
class _Item:
    text: str  # "" for a blank cell
    index: int  # the line


def _items(lines: list[Line], start: int, end: int) -> list[_Item]:
    """The cells of lines[start:end], a line of k spaces being k blank cells."""
    items = []
    for line in lines[start:end]:
        if line.words:
            items.append(_Item(line.content, line.index))
        elif line.text:
            items.extend(_Item("", line.index) for _ in range(len(line.text)))
    return items


def _is_boundary(lines: list[Line], k: int, settings: Settings) -> bool:
    """What a table's cells do not run through: prose, and a numbered heading (one that
    a cell follows is a numbered row label: "1. Netto-uitgaven …")."""
    line = lines[k]
    if (text.ends_sentence(line, settings) or settings.sentence_break.search(line.content)) and not text.is_title(
        line, settings
    ):
        # a sentence (a long cell of references is no boundary), unless an amount follows it:
        # then it is a row's label ("Dit betreft een overboeking … ." over its figures)
        return not _amount_follows(lines, k)
    if not text.is_heading(line, settings) or _under_a_caption(lines, k, settings):
        return False  # a numbered stub cell ("99 Nog onverdeeld") between a caption and its cells
    j = _next_cell(lines, k)
    return j >= len(lines) or not (dutch.is_cell(lines[j].content) or (lines[j].text and lines[j].is_blank))


def _next_cell(lines: list[Line], k: int) -> int:
    """The first line after line k that is not empty (a line of spaces is blank cells)."""
    j = k + 1
    while j < len(lines) and lines[j].text == "":
        j += 1
    return j


def _amount_follows(lines: list[Line], k: int) -> bool:
    """Whether the cell after line k is an amount (a year heads a column: no amount)."""
    j = _next_cell(lines, k)
    return j < len(lines) and dutch.is_cell(lines[j].content) and not dutch.YEAR.match(lines[j].content)


def _under_a_caption(lines: list[Line], k: int, settings: Settings) -> bool:
    """Whether the line above line k (blank lines aside) is a table's caption or unit: what
    stands between a caption and its table's cells is the table's, never a heading."""
    j = k - 1
    while j >= 0 and lines[j].text == "":
        j -= 1
    if j < 0 or not lines[j].words:
        return False
    above = lines[j].content
    return bool(settings.caption_start.match(above)) or dutch.find_unit(above) is not None


def _extent(lines: list[Line], anchor: int, settings: Settings) -> tuple[int, int]:
    """The lines around a cell up to the prose or headings before and after."""
    start = anchor
    while start > 0 and not _is_boundary(lines, start - 1, settings):
        start -= 1
    end = anchor
    while end < len(lines) and not _is_boundary(lines, end, settings):
        end += 1
    return start, end


# ---- rows -------------------------------------------------------------------------------------


def _is_code(item: _Item, settings: Settings) -> bool:
    """A cell of a code column before the label: a code, a row number, a chapter's number
    with its letter ("2A"), nothing, or the column's name ("Art.nr.") where the table
    prints it in its first row under a blank header cell."""
    return (
        item.text == ""
        or bool(settings.extra_value.match(item.text) or settings.lettered_code.match(item.text))
        or item.text.lower() in settings.extra_words
        or settings.names_code_column(item.text)
    )


def _is_label(item: _Item, settings: Settings) -> bool:
    value = item.text
    return (
        bool(value)
        and (text.has_letters([value]) or bool(settings.range_label.match(value)))
        and dutch.read_cell(value) is None
    )


def _is_cell(item: _Item) -> bool:
    return dutch.read_cell(item.text) is not None


@dataclass(frozen=True)
class _Shape:
    before: int  # code columns before the label
    amounts: int
    after: int  # code columns after the amounts

    @property
    def width(self) -> int:
        return self.before + 1 + self.amounts + self.after


@dataclass(frozen=True)
class _Kinds:
    """What each cell may be, asked once per table (the shape search asks it often)."""

    label: list[bool]
    code: list[bool]
    note: list[bool]
    cell: list[bool]
    year: list[bool]

    @classmethod
    def of(cls, items: list[_Item], settings: Settings) -> _Kinds:
        code = [_is_code(i, settings) for i in items]
        cell = [_is_cell(i) for i in items]
        return cls(
            [_is_label(i, settings) for i in items],
            code,
            [(c and i.text != "0") or not k for c, k, i in zip(code, cell, items)],  # no code or note is 0
            cell,
            [bool(dutch.YEAR.match(headers.unnote(i.text))) for i in items],
        )


def _rows(kinds: _Kinds, start: int, shape: _Shape) -> int:
    """How many rows of this shape follow from ``start``."""
    count = 0
    at = start
    width, before, amounts = shape.width, shape.before, shape.amounts
    while at + width <= len(kinds.label):
        first = at + before + 1  # the first amount cell
        if not (
            kinds.label[at + before]
            and all(kinds.code[at : at + before])
            and all(kinds.note[first + amounts : at + width])
            and all(kinds.cell[first : first + amounts])
        ):
            break
        if all(kinds.year[first : first + amounts]):
            break  # a line of the header ("Verschil", "2014", "2015", …), not a row
        count += 1
        at += width
    return count


# ---- the header -------------------------------------------------------------------------------


@dataclass
class _Reading:
    shape: _Shape
    top: int  # first header item
    body: int  # first row item
    rows: int
    upper: list[str]  # an upper header level with fewer cells than columns ([] when none)


def _header_fits(
    items: list[_Item], top: int, body: int, shape: _Shape, rows: int, settings: Settings
) -> list[str] | None:
    """Whether items[top:body] are this shape's header: code names and stub, then one
    level of a cell per column, or an upper level and then that. Returns the upper level."""
    count = body - top
    fixed = shape.before + 1 + shape.after
    upper = count - fixed - shape.amounts
    if not (0 <= upper <= shape.amounts or upper == 2 * shape.amounts):
        return None  # (two upper levels only with a cell per column each: names over periods over numbers)
    cells = items[top:body]
    if settings.caption_cell.match(cells[shape.before].text):
        return None  # "Tabel 4 …" is the caption, not the stub
    before = cells[: shape.before]
    levels = cells[shape.before + 1 :]
    after = levels[upper : upper + shape.after] if upper else levels[shape.amounts :]
    lower = levels[upper + shape.after :] if upper else levels[: shape.amounts]
    if _heads_an_article(before, cells[shape.before], settings):
        before = []  # "4 | Experimenteren cf. art. III Deltawet": the article the rows belong to
    if any(_is_figure(c.text) for c in before + after):
        return None  # a code column's name is no figure
    if after and _holds_text(items, body, shape, rows, settings):
        after = [c for c in after if _is_figure(c.text) or _is_period(c.text)]  # "Relevante Kamerstukken"
    if any(c.text and not settings.opens_with_non_amount_name(c.text) for c in before + after):
        return None  # a period ("Structureel") heads an amount column, not a column of notes
    if any(settings.names_non_amount_column(c.text) for c in lower):
        return None  # "Noot" heads a column of notes, not of amounts
    if any(_is_figure(c.text) and not _is_period(c.text) for c in lower) and not _numbers_columns(lower):
        return None  # a header cell is no amount: this is a row
    if any(dutch.find_unit(c.text) is not None for c in levels[:upper]):
        # "x € 1 000", "Netto uitgaven in miljoenen euro" over the years is the stub or the
        # caption's unit, not a header level
        return None
    return [c.text for c in levels[:upper]]


def _holds_text(items: list[_Item], body: int, shape: _Shape, rows: int, settings: Settings) -> bool:
    """Whether the columns after the amounts hold words in every row that fills them, and
    no figure: references or notes, whatever their header calls them."""
    cells = [
        items[at + shape.width - shape.after + k]
        for at in range(body, body + rows * shape.width, shape.width)
        for k in range(shape.after)
    ]
    filled = [c for c in cells if c.text]
    return bool(filled) and all(_is_label(c, settings) for c in filled)


def _heads_an_article(before: list[_Item], stub: _Item, settings: Settings) -> bool:
    """Whether the header's code cells and stub are an article's number and name, as a
    begroting heads an article's table: one code cell with the number, the name beside it."""
    return (
        len(before) == 1
        and bool(settings.row_number.match(before[0].text) or settings.article_code.match(before[0].text))
        and _is_label(stub, settings)
        and dutch.find_unit(stub.text) is None
    )


# A column's number, alone or with its formula: "1", "(2)", "(3)=(1+2)", "4 = 2 + 3".
_COLUMN_NUMBER = re.compile(r"^\(?(\d{1,2})\)?(?:\s*=\s*[()\d+\-–\s]+)?$")


def _numbers_columns(cells: list[_Item]) -> bool:
    """Whether header cells number their columns ("1", "2", "(3)=(1+2)", blank under the
    rest): two or more, each the number of its own column, one with the formula that
    makes it. A row's amounts may count 1, 2, but hold no formula."""
    numbered = [(k, m) for k, c in enumerate(cells) if c.text and (m := _COLUMN_NUMBER.match(c.text))]
    return (
        len(numbered) >= 2
        and len(numbered) == sum(1 for c in cells if c.text)
        and all(int(m.group(1)) == k + 1 for k, m in numbered)
        and any("=" in cells[k].text for k, _ in numbered)
    )


def _is_figure(value: str) -> bool:
    found = dutch.read_cell(value)
    return found is not None and found[0] is not dutch.CellKind.BLANK


def _is_period(value: str) -> bool:
    words = [headers.unnote(w) for w in value.split()]
    return dutch.read_periods(words) is not None


def _readings(items: list[_Item], settings: Settings) -> tuple[list[_Reading], list[_Reading]]:
    """Every shape, first row and header start that read the cells as a table; and the
    ones whose upper header level spans no runs of years (for the report, if no other)."""
    kinds = _Kinds.of(items, settings)
    starts = [k for k in range(len(items) - 1) if kinds.label[k] and kinds.cell[k + 1]]
    run = _figure_runs(kinds, len(items))
    found, unspanned = [], []
    for before in range(settings.max_extra_columns + 1):
        for after in range(settings.max_extra_columns + 1):
            for label_at in starts:
                body = label_at - before
                if body < 0:
                    continue
                for amounts in range(1, min(settings.max_amount_columns, run[label_at + 1]) + 1):
                    shape = _Shape(before, amounts, after)
                    rows = _rows(kinds, body, shape)
                    if rows == 0:
                        continue
                    reading, tried = _header_reading(items, body, shape, rows, settings)
                    unspanned.extend(tried)
                    if reading is not None:
                        found.append(reading)
    return found, unspanned


def _figure_runs(kinds: _Kinds, count: int) -> list[int]:
    """How many figures follow each other from each of ``count`` cells on (0 after the last)."""
    run = [0] * (count + 1)  # figures in a row from each cell on: no row has more amounts
    for k in range(count - 1, -1, -1):
        run[k] = run[k + 1] + 1 if kinds.cell[k] else 0
    return run


def _header_reading(
    items: list[_Item], body: int, shape: _Shape, rows: int, settings: Settings
) -> tuple[_Reading | None, list[_Reading]]:
    """The first reading whose header fits (from the nearest start up), and those before it spanning no years."""
    unspanned: list[_Reading] = []
    for top in _tops(items, body, shape, settings):
        upper = _header_fits(items, top, body, shape, rows, settings)
        if upper is None:
            continue
        reading = _Reading(shape, top, body, rows, upper)
        if (
            0 < len(upper) < shape.amounts
            and headers.over_lower_cells(upper, [i.text for i in _lower(items, reading)]) is None
        ):
            unspanned.append(reading)
            continue  # an upper level that spans no runs of years: try a higher start
        return reading, unspanned
    return None, unspanned


def _tops(items: list[_Item], body: int, shape: _Shape, settings: Settings) -> list[int]:
    """Where the header may start: after the caption lines that lead the cells."""
    smallest = shape.before + 1 + shape.after + shape.amounts
    tops = []
    top = 0
    while body - top >= smallest:
        tops.append(top)
        if not (_captionlike(items[top], settings) or _title_then_unit(items, top, body, shape)):
            break
        top += 1
    return tops[::-1]


def _title_then_unit(items: list[_Item], top: int, body: int, shape: _Shape) -> bool:
    """Whether items[top] is a table's title over its unit: the unit follows it, as the
    stub after the blank names of the code columns before the label, if any."""
    if _is_figure(items[top].text):
        return False
    for k in range(top + 1, min(top + 2 + shape.before, body)):
        if dutch.find_unit(items[k].text) is not None:
            return True
        if items[k].text:
            return False
    return False


def _captionlike(item: _Item, settings: Settings) -> bool:
    value = item.text
    return bool(value) and (bool(settings.caption_start.match(value)) or dutch.find_unit(value) is not None)


def _lower(items: list[_Item], reading: _Reading) -> list[_Item]:
    """The lowest header level: a cell per amount column."""
    shape = reading.shape
    levels = items[reading.top + shape.before + 1 : reading.body]
    upper = len(reading.upper)
    return levels[upper + shape.after :] if upper else levels[: shape.amounts]


# ---- reading a table --------------------------------------------------------------------------


def read(lines: list[Line], anchor: int, settings: Settings) -> tuple[Grid, int]:
    start, end = _extent(lines, anchor, settings)
    items = _items(lines, start, end)
    try:
        grid, used = _read(items, end, settings)
        rest = items[used:]
        if rest and not _captionlike(rest[0], settings) and any(_is_cell(i) for i in rest if i.text):
            raise Unreadable(rest[0].index, "cells follow the table's last row that belong to no row")
    except Unreadable as problem:
        problem.end = end
        if problem.index is None:
            problem.index = anchor
        raise
    return grid, grid.bottom + 1


def _read(items: list[_Item], end: int, settings: Settings) -> tuple[Grid, int]:
    readings, unspanned = _readings(items, settings)
    if not readings and unspanned:
        first = unspanned[0]
        raise Unreadable(
            items[first.top].index,
            f"the header's upper level has {len(first.upper)} cells over "
            f"{first.shape.amounts} columns and the copy does not show "
            "which it spans",
        )
    if not readings:
        raise Unreadable(
            None, "the cells of this table cannot be cut into rows of one width under a header that fits them"
        )
    most = max(r.body + r.rows * r.shape.width for r in readings)
    best = [r for r in readings if r.body + r.rows * r.shape.width == most]
    headed = [r for r in best if all(c.text for c in _lower(items, r))]
    best = headed or best  # an amount column has a header; a notes column may have none
    if len({(r.shape, r.body, r.top) for r in best}) > 1:
        shapes = ", ".join(f"{r.shape.amounts} amount column(s)" for r in best[:3])
        raise Unreadable(
            items[best[0].body].index, f"the cells of this table can be read as rows in more than one way ({shapes})"
        )
    reading = best[0]
    shape = reading.shape
    header = items[reading.top : reading.body]
    names_before = header[: shape.before]
    stub = header[shape.before]
    rest = header[shape.before + 1 :]
    upper = rest[: len(reading.upper)]
    after_names = rest[len(upper) : len(upper) + shape.after] if upper else rest[shape.amounts :]
    lower = rest[len(upper) + shape.after :] if upper else rest[: shape.amounts]
    del names_before, after_names
    lower_texts = [i.text for i in lower]
    if upper:
        if len(upper) == 2 * shape.amounts:
            # three levels of a cell per column ("Stand ontwerp begroting", "2022", "(1)"); a
            # blank cell is no level of its column
            names, periods = upper[: shape.amounts], upper[shape.amounts :]
            paths = [[t for t in (u.text, p.text, lo) if t] for u, p, lo in zip(names, periods, lower_texts)]
        elif len(upper) == shape.amounts:
            paths = [[u.text, lo] for u, lo in zip(upper, lower_texts)]
        else:
            spanned = headers.over_lower_cells([u.text for u in upper], lower_texts)
            if spanned is None:
                raise Unreadable(
                    upper[0].index,
                    f"the header's upper level has {len(upper)} cells over "
                    f"{shape.amounts} columns and the copy does not show "
                    "which it spans",
                )
            paths = [[u, lo] for u, lo in zip(spanned, lower_texts)]
    else:
        paths = [[t] for t in lower_texts]
    rows: list[GridRow] = []
    at = reading.body
    for _ in range(reading.rows):
        row = items[at : at + shape.width]
        label = row[shape.before]
        codes = [c.text for c in row[: shape.before] if c.text and not settings.names_code_column(c.text)]
        cells = [
            None if c.text == "" else GridCell(c.text, c.index)
            for c in row[shape.before + 1 : shape.before + 1 + shape.amounts]
        ]
        rows.append(GridRow(label.index, label.text, cells, codes[0] if codes else None))
        at += shape.width
    labels.split_codes(rows, settings)
    caption_items = items[: reading.top]
    top = (caption_items or header or items)[0].index
    caption = " ".join(i.text for i in caption_items + header if i.text)
    unit_texts = [" ".join(i.text for i in caption_items if i.text)]
    if stub.text:
        unit_texts.insert(0, stub.text)
    bottom = items[at - 1].index
    return Grid(form=NAME, top=top, bottom=bottom, caption=caption, unit_texts=unit_texts, headers=paths, rows=rows), at
