"""Tables in the source's XML: CALS tables (``table`` > ``tgroup`` > ``colspec``, ``thead``,
``tbody`` > ``row`` > ``entry``), read from their structure.

Nothing is guessed here that the structure says: a cell is an ``entry``, a span is
``namest``/``nameend`` (columns) or ``morerows`` (rows), a blank cell is an empty entry.
What the structure leaves to the reader, as a printed table leaves it: which column holds
the labels (the first column of words), which hold codes before it, which are amounts
(every value a figure, the header no name of a code or note column), and where the header
ends when there is no ``thead`` (at the first row with a figure). Units, periods, figures
and totals are read by the same later stages as for text. A cell's line is the line of its
``row`` element in the XML file.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline import dutch
from pipeline.extraction.grid import Grid, GridCell, GridRow, Unreadable
from pipeline.extraction.settings import Settings
from pipeline.fetching import xmlsafe

FORM = "xml"


@dataclass(frozen=True)
class _Entry:
    text: str
    line: int  # 0-based line of the row element


def _rows_of(section, colnames: dict[str, int], width: int, shown: str) -> list[tuple[int, list[_Entry | None]]]:
    """The rows of a ``thead`` or ``tbody`` as one entry per column (spans filled in:
    a cell spanning columns or rows stands in each of them)."""
    rows: list[tuple[int, list[_Entry | None]]] = []
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
            first = _column(element.get("namest") or element.get("colname"), colnames, shown, element)
            if first is None:
                while free < width and cells[free] is not None:
                    free += 1
                first = free
            last = _column(element.get("nameend"), colnames, shown, element)
            last = first if last is None else last
            if not 0 <= first <= last < width:
                raise Unreadable(line, f"an entry spans columns {first + 1}–{last + 1} of a table of {width}")
            entry = _Entry(xmlsafe.text_of(element), line)
            below = element.get("morerows")
            for column in range(first, last + 1):
                cells[column] = entry
                if below and below.isdigit() and int(below) > 0:
                    carried[column] = (entry, int(below))
            free = last + 1
        rows.append((line, cells))
    return rows


def _column(name: str | None, colnames: dict[str, int], shown: str, element) -> int | None:
    if name is None:
        return None
    if name not in colnames:
        raise Unreadable((element.sourceline or 1) - 1, f"an entry names column '{name}', which no colspec declares")
    return colnames[name]


def _is_figure(text: str) -> bool:
    return bool(text) and dutch.read_cell(text) is not None


def read(table, caption: list[str], settings: Settings, shown: str) -> Grid:
    """The grid of one CALS ``table`` element; ``caption`` is the text right above it."""
    top = (table.sourceline or 1) - 1
    tgroups = [g for g in table if xmlsafe.local(g) == "tgroup"]
    if len(tgroups) != 1:
        raise Unreadable(top, f"a table of {len(tgroups)} tgroups; one is read")
    tgroup = tgroups[0]
    colspecs = [c for c in tgroup if xmlsafe.local(c) == "colspec"]
    cols = tgroup.get("cols")
    width = int(cols) if cols and cols.isdigit() else len(colspecs)
    colnames = {c.get("colname"): k for k, c in enumerate(colspecs) if c.get("colname")}
    head_rows, body_rows = _head_and_body(tgroup, colnames, width, shown)
    if not body_rows:
        raise Unreadable(top, "a table with no rows of figures")
    texts = [[e.text if e is not None else "" for e in cells] for _, cells in body_rows]
    label_column = _label_column(texts, width, settings)
    if label_column is None:
        raise Unreadable(body_rows[0][0], "no column of this table holds the row labels")
    paths = [_path(head_rows, c) for c in range(width)]
    amount = _amount_columns(texts, paths, label_column, width, settings)
    if not amount:
        raise Unreadable(body_rows[0][0], "no column of this table holds amounts")
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
        form=FORM,
        top=top,
        bottom=last,
        caption=" ".join(t for t in (*caption, *header_text) if t),
        unit_texts=[t for t in (stub, *caption) if t],
        headers=[paths[c] or [""] for c in amount],
        rows=rows,
    )


def _head_and_body(
    tgroup, colnames: dict[str, int], width: int, shown: str
) -> tuple[list[tuple[int, list[_Entry | None]]], list[tuple[int, list[_Entry | None]]]]:
    """The header rows and the body rows of a ``tgroup``; with no ``thead``, the rows above the first figure head it."""
    head_rows: list[tuple[int, list[_Entry | None]]] = []
    body_rows: list[tuple[int, list[_Entry | None]]] = []
    for section in tgroup:
        if xmlsafe.local(section) == "thead":
            head_rows += _rows_of(section, colnames, width, shown)
        elif xmlsafe.local(section) == "tbody":
            body_rows += _rows_of(section, colnames, width, shown)
    if not any(xmlsafe.local(s) == "thead" for s in tgroup):
        # no thead: the header is the rows above the first row with a figure
        while body_rows and not any(e is not None and _is_figure(e.text) for e in body_rows[0][1]):
            head_rows.append(body_rows.pop(0))
    return head_rows, body_rows


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


def _path(head_rows: list[tuple[int, list[_Entry | None]]], column: int) -> list[str]:
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
