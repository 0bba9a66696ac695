"""Tables in the source's XML: CALS tables (``table`` > ``tgroup`` > ``colspec``, ``thead``,
``tbody`` > ``row`` > ``entry``), read from their structure.

Nothing is guessed here that the structure says: a cell is an ``entry``, a span is
``namest``/``nameend`` (columns) or ``morerows`` (rows), a blank cell is an empty entry.
What the structure leaves to the reader, as a printed table leaves it: which column holds
the labels (the first column of words), which hold codes before it, which are amounts
(every value a figure, the header no name of a code or note column), and where the header
ends when there is no ``thead`` (after the bold rows at the top, else at the first row with
a figure). A cell's text is its words without its notes (``xml_text``); a span's column
name is matched to its colspec exactly, else but for case and spaces, else reported. Units,
periods, figures and totals are read by the same later stages as for text. A cell's line is
the line of its ``row`` element in the XML file.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from pipeline import dutch
from pipeline.extraction import xml_text
from pipeline.extraction.grid import Grid, GridCell, GridRow, Unreadable
from pipeline.extraction.settings import Settings
from pipeline.fetching import xmlsafe

NAME = "xml"


@dataclass(frozen=True)
class _Entry:
    text: str
    line: int  # 0-based line of the row element
    bold: bool = False  # every word of it set in bold


Rows = list[tuple[int, list[_Entry | None]]]  # per row: its line, and its entry in each column


def _rows_of(section, colnames: dict[str, int], width: int, settings: Settings) -> Rows:
    """The rows of a ``thead`` or ``tbody`` as one entry per column (spans filled in:
    a cell spanning columns or rows stands in each of them)."""
    rows: Rows = []
    carried: dict[int, tuple[_Entry, int]] = {}  # column -> (entry, rows still to cover)
    for row in (r for r in section if xmlsafe.local(r) == "row"):
        line = (row.sourceline or 1) - 1
        cells: list[_Entry | None] = [None] * width
        for column, (entry, left) in list(carried.items()):
            cells[column] = entry
            if left <= 1:
                del carried[column]
            else:
                carried[column] = (entry, left - 1)
        free = 0
        for element in (e for e in row if xmlsafe.local(e) == "entry"):
            while free < width and cells[free] is not None:
                free += 1
            first, last = _columns_of(element, colnames, free)
            if not 0 <= first <= last < width:
                raise Unreadable(line, f"an entry spans columns {first + 1}–{last + 1} of a table of {width}")
            entry = _Entry(xml_text.words(element, settings), line, xml_text.is_bold(element, settings))
            below = element.get("morerows")
            for column in range(first, last + 1):
                cells[column] = entry
                if below and below.isdigit() and int(below) > 0:
                    carried[column] = (entry, int(below))
            free = last + 1
        rows.append((line, cells))
    return rows


def _columns_of(element, colnames: dict[str, int], free: int) -> tuple[int, int]:
    """The first and last column an entry stands in: where its ``namest`` or ``colname``
    and its ``nameend`` put it, else in the next free column."""
    first = _column(element.get("namest") or element.get("colname"), colnames, element)
    first = free if first is None else first
    last = _column(element.get("nameend"), colnames, element)
    return first, first if last is None else last


def _colspecs(tgroup) -> list[tuple[etree._Element, int]]:
    """Each ``colspec`` with its column (0-based): its ``colnum`` where it has one, else the
    column after the previous colspec's."""
    found = []
    column = -1
    for colspec in (c for c in tgroup if xmlsafe.local(c) == "colspec"):
        colnum = (colspec.get("colnum") or "").strip()
        column = int(colnum) - 1 if colnum.isdigit() else column + 1
        found.append((colspec, column))
    return found


def column_names(tgroup) -> dict[str, int]:
    """Each colspec's name with its column (0-based)."""
    return {c.get("colname"): column for c, column in _colspecs(tgroup) if c.get("colname")}


def table_width(tgroup) -> int:
    """The number of columns: the ``tgroup``'s ``cols``, else as far as its colspecs go."""
    cols = (tgroup.get("cols") or "").strip()
    return int(cols) if cols.isdigit() else max((column + 1 for _, column in _colspecs(tgroup)), default=0)


def _column(name: str | None, colnames: dict[str, int], element) -> int | None:
    """The column a span or position names: the colspec of that name, else the one colspec
    whose name is the same but for case and spaces ("Col2 " for "col2"); a name that matches
    none, or more than one, is reported (a cell is never put in a column by a guess)."""
    if name is None:
        return None
    if name in colnames:
        return colnames[name]
    alike = {column for declared, column in colnames.items() if _loose(declared) == _loose(name)}
    if len(alike) == 1:
        return alike.pop()
    declared = ", ".join(f"'{n}'" for n in colnames) or "none"
    why = "which two colspecs may mean" if alike else "which no colspec declares"
    raise Unreadable((element.sourceline or 1) - 1, f"an entry names column '{name}', {why} (the colspecs: {declared})")


def _loose(name: str) -> str:
    return "".join(name.split()).casefold()


def holds_figures(table, settings: Settings) -> bool:
    """A figure stands in some cell of the table (its notes left out), with a currency, a
    unit or a note mark beside it or not. A table without one is text (a list of mandates,
    say), no budget table. A dash or ``p.m.`` alone shows no figure: a column of dashes is a
    list's bullets."""
    return any(
        any(ch.isdigit() for ch in text) and _looks_like_figure(text, settings)
        for text in (xml_text.words(entry, settings) for entry in _entries(table))
    )


def _unread_figure(texts: list[list[str]], settings: Settings) -> str:
    """Why a table of figures has no amounts, when a cell says it: a figure written in a
    form the figure reader does not take ("f 3 000")."""
    unread = next((t for row in texts for t in row if _looks_like_figure(t, settings) and not _is_figure(t)), None)
    return f" ('{unread}' is a figure in a form this reader does not take)" if unread else ""


def _looks_like_figure(text: str, settings: Settings) -> bool:
    bare = settings.figure_suffix.sub("", settings.figure_prefix.sub("", text))
    return _is_figure(text) or (bare != text and _is_figure(bare))


def _entries(element):
    for child in element:
        if xmlsafe.local(child) == "entry":
            yield child
        elif xmlsafe.local(child) != "table":  # (a table in a cell is a table of its own)
            yield from _entries(child)


def _is_figure(text: str) -> bool:
    return bool(text) and dutch.read_cell(text) is not None


def read(table, caption: list[str], settings: Settings, shown: str) -> Grid:
    """The grid of one CALS ``table`` element; ``caption`` is the text right above it."""
    top = (table.sourceline or 1) - 1
    tgroups = [g for g in table if xmlsafe.local(g) == "tgroup"]
    if len(tgroups) != 1:
        raise Unreadable(top, f"a table of {len(tgroups)} tgroups; one is read")
    tgroup = tgroups[0]
    colnames, width = column_names(tgroup), table_width(tgroup)
    head_rows, body_rows = head_and_body(tgroup, colnames, width, settings)
    if not body_rows:
        raise Unreadable(top, "a table with no rows of figures")
    texts = [[e.text if e is not None else "" for e in cells] for _, cells in body_rows]
    label_column = _label_column(texts, width, settings)
    if label_column is None:
        raise Unreadable(body_rows[0][0], "no column of this table holds the row labels")
    paths = [_path(head_rows, c) for c in range(width)]
    amount = _amount_columns(texts, paths, label_column, width, settings)
    if not amount:
        raise Unreadable(body_rows[0][0], "no column of this table holds amounts" + _unread_figure(texts, settings))
    rows = []
    for (line, _), row in zip(body_rows, texts, strict=True):
        code = " ".join(row[c] for c in range(label_column) if row[c]) or None
        rows.append(
            GridRow(line, row[label_column], [GridCell(row[c], line) if row[c] else None for c in amount], code)
        )
    stub = " ".join(paths[label_column])
    last = body_rows[-1][0]
    header_text = [
        " ".join(e.text for k, e in enumerate(cells) if e is not None and e.text and (k == 0 or cells[k - 1] is not e))
        for _, cells in head_rows
    ]
    return Grid(
        form=NAME,
        top=top,
        bottom=last,
        caption=" ".join(t for t in (*caption, *header_text) if t),
        unit_texts=[t for t in (stub, *caption) if t],
        headers=[paths[c] or [""] for c in amount],
        rows=rows,
    )


def head_and_body(tgroup, colnames: dict[str, int], width: int, settings: Settings) -> tuple[Rows, Rows]:
    """The header rows and the body rows of a ``tgroup``: its ``thead`` heads it; with no
    ``thead``, the bold rows of words and periods at the top of its body do, else the rows
    above its first figure."""
    head_rows: Rows = []
    body_rows: Rows = []
    for section in tgroup:
        if xmlsafe.local(section) == "thead":
            head_rows += _rows_of(section, colnames, width, settings)
        elif xmlsafe.local(section) == "tbody":
            body_rows += _rows_of(section, colnames, width, settings)
    if any(xmlsafe.local(s) == "thead" for s in tgroup):
        return head_rows, body_rows
    above = 0  # the rows above the first row with a figure
    while above < len(body_rows) and not any(e is not None and _is_figure(e.text) for e in body_rows[above][1]):
        above += 1
    bold = 0
    while bold < len(body_rows) and _is_bold_header_row(body_rows[bold][1]):
        bold += 1
    cut = bold or above
    return body_rows[:cut], body_rows[cut:]


def _is_bold_header_row(cells: list[_Entry | None]) -> bool:
    """Every cell of the row that holds text holds bold words or periods only ("2019"), and
    one does: a header row where a table has no ``thead``."""
    filled = [e for e in cells if e is not None and e.text]
    return (
        bool(filled)
        and all(e.bold for e in filled)
        and all(not _is_figure(e.text) or dutch.read_periods(e.text.split()) is not None for e in filled)
    )


def _label_column(texts: list[list[str]], width: int, settings: Settings) -> int | None:
    """The first column of the body that holds words (not figures, nor values of a non-amount column): the labels."""
    return next(
        (
            c
            for c in range(width)
            if any(row[c] and not _is_figure(row[c]) and not settings.extra_value.match(row[c]) for row in texts)
        ),
        None,
    )


def _amount_columns(
    texts: list[list[str]], paths: list[list[str]], label_column: int, width: int, settings: Settings
) -> list[int]:
    """The columns after the labels whose every value is a figure, but for code, note and unheaded note columns."""
    amount = []
    for c in range(label_column + 1, width):
        values = [row[c] for row in texts if row[c]]
        header = " ".join(paths[c])
        if settings.names_non_amount_column(header) or not values or not all(_is_figure(v) for v in values):
            continue
        if not header and all(v.isdigit() and len(v) <= 2 for v in values):
            continue  # note numbers in a column with no header
        amount.append(c)
    return amount


def _path(head_rows: Rows, column: int) -> list[str]:
    """A column's header cells top-down, a cell spanning rows counted once."""
    path: list[str] = []
    seen: list[_Entry] = []
    for _, cells in head_rows:
        entry = cells[column]
        if entry is None or not entry.text or any(entry is s for s in seen):
            continue
        seen.append(entry)
        path.append(entry.text)
    return path
