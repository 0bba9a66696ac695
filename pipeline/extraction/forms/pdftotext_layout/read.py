"""Reading a table: lines and its first row -> a ``Grid`` and the index after it, through the
stages in order (the package's docstring lists them)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from pipeline.extraction import headers, labels, text
from pipeline.extraction.forms.pdftotext_layout.body import _body
from pipeline.extraction.forms.pdftotext_layout.columns import Page, RowCells, _cells, _columns, column_spans
from pipeline.extraction.forms.pdftotext_layout.header_cells import (
    _code,
    _label_column,
    amount_columns,
    codes_in_own_column,
    header_paths,
)
from pipeline.extraction.forms.pdftotext_layout.header_lines import _header_lines
from pipeline.extraction.forms.pdftotext_layout.line_shapes import (
    _label_right,
    _phrases,
    figure_zone,
    is_code,
    is_row,
    normal,
    period_spans,
    periods_row,
    set_close,
)
from pipeline.extraction.forms.pdftotext_layout.text_column import without_text_column
from pipeline.extraction.grid import Ambiguous, Grid, GridCell, Unreadable
from pipeline.extraction.settings import Settings
from pipeline.extraction.text import Line

NAME = "pdftotext-layout"


def read(lines: list[Line], first_row: int, settings: Settings) -> tuple[Grid, int]:
    first_row = _past_a_header_end(lines, first_row, settings)
    try:
        caption, header = _header_lines(lines, first_row, settings)
    except Unreadable as problem:  # the table is reported whole: its rows are not read apart
        problem.end = _body(lines, first_row, set(), _label_right(lines, first_row, settings), settings).end
        raise
    if not header and periods_row(lines[first_row], settings):
        header = [first_row]  # "Uitgaven    2015" over the rows, with no other header: the header
    lines = without_text_column(lines, first_row, header, settings)
    top = (caption or header or [first_row])[0]
    label_right = _label_right(lines, first_row, settings)
    header, leading = _subheading_under_header(lines, header, label_right, settings)
    worded = _worded_row_under_periods(lines, header, first_row, label_right, settings)
    if worded is not None:
        raise Unreadable(
            worded,
            f"a row with words in its cells ('{_words_right_of(lines[worded], label_right)}') stands between "
            "the header and the first row of figures: it would be read as header words",
        )
    header_texts = {normal(lines[i]) for i in caption + header}
    zones: dict[int, int] = {}
    body = _body(lines, first_row, header_texts, label_right, settings, zones)
    body.items[:0] = [("text", i) for i in leading]
    try:
        grid = _read(lines, body, caption, header, top, settings, zones)
    except Unreadable as problem:
        problem.end = body.end
        if problem.index is None:
            problem.index = top  # a problem of the whole table: where it starts
        raise
    return grid, body.end


def _past_a_header_end(lines: list[Line], first_row: int, settings: Settings) -> int:
    """The table's first row, past a line that only looks like one: the last line of
    header cells wrapped over several columns ("begroting      1", the ends of "…
    vastgestelde" / "begroting" and "Realisatie t-" / "1"; "begroting    2015") has a
    word and a figure, but its words stand over the columns, right of where the labels of
    the rows below end, where no label stands."""
    if not lines[first_row].tokens:
        return first_row
    reach = range(first_row + 1, min(len(lines), first_row + 1 + settings.max_text_lines_in_body))
    following = next((i for i in reach if is_row(lines[i], settings)), None)
    if following is None:
        return first_row
    start = lines[first_row].tokens[0].start
    if start > _label_right(lines, following, settings) or start > _labels_end(lines, following, settings):
        return following
    return first_row


def _labels_end(lines: list[Line], first: int, settings: Settings) -> int:
    """Where the labels of the rows from ``first`` on end, the longest of the next few,
    and a column's gap right of it (the table's width where no row follows)."""
    ends = []
    for i in range(first, min(len(lines), first + settings.max_header_lines)):
        zone = figure_zone(lines[i], settings) if is_row(lines[i], settings) else None
        if zone:
            ends.append(lines[i].tokens[zone - 1].end)
    return max(ends) + settings.column_gap if ends else len(lines[first].text)


def _subheading_under_header(
    lines: list[Line], header: list[int], label_right: int, settings: Settings
) -> tuple[list[int], list[int]]:
    """Header lines below the line of periods that stand in the label column and name no
    period ("Apparaat:", "1.   Korting op de") open the first group of rows or
    the first row's label: (the header, those lines)."""
    in_label_column = {h for h in header if lines[h].tokens[-1].end <= label_right + settings.edge_tolerance}
    # ("Totaal uitgavenkader" names a period, "Totaal", but stands over the labels only)
    periods = [h for h in header if headers.period_run(lines[h].words) is not None and h not in in_label_column]
    if not periods:
        return header, []
    below = [h for h in header if h > periods[-1]]
    leading: list[int] = []
    while below and below[-1] in in_label_column and not _closes_the_stub(lines, below[-1], header, settings):
        leading.insert(0, below.pop())  # the last such lines: "begroting" over a column stays header
    return [h for h in header if h not in leading], leading


def _closes_the_stub(lines: list[Line], h: int, header: list[int], settings: Settings) -> bool:
    """Whether a header line under the periods goes on from a parenthesis the header line
    above it leaves open ("(in miljoenen euro, min =" … / "tekort)"): the stub's end, no
    sub-heading (after a page break the table prints it again with its header)."""
    return h - 1 in header and labels.open_parenthesis(lines[h - 1].words) and labels.goes_on(lines[h].words, settings)


def _words_right_of(line: Line, label_right: int) -> str:
    """The words of a line right of the labels, for a report."""
    return " ".join(t.text for t in line.tokens if t.start > label_right)


def _worded_row_under_periods(
    lines: list[Line], header: list[int], first_row: int, label_right: int, settings: Settings
) -> int | None:
    """A header line under the line of periods that opens at the labels' indent with a
    label and also holds words right of the labels: a row whose cells are words
    ("AR1 Meerjarige … agenda   Budgetneutraal   Budget-"), not a header line."""
    periods = [h for h in header if headers.period_run(lines[h].words) is not None]
    if not periods:
        return None
    indent = lines[first_row].tokens[0].start
    for h in header:
        tokens = lines[h].tokens
        if h <= periods[-1] or not tokens or abs(tokens[0].start - indent) > settings.edge_tolerance:
            continue
        right = [t.text for t in tokens if t.start > label_right]
        if any(text.has_letters([w]) and not headers.period_run([w]) for w in right) and tokens[0].end <= label_right:
            return h
    return None


def _pages(lines: list[Line], body: labels.Body, header: list[int], settings: Settings) -> list[Page]:
    pages = [Page([], _lowest_periods(lines, header, settings))]
    for kind, i in body.items:
        if kind == "page":
            pages.append(Page([], None))
        elif kind == "row":
            pages[-1].rows.append(i)
    # a page's repeated header: the periods line right before its first row
    for page in pages[1:]:
        if page.rows:
            j = page.rows[0] - 1
            while j >= 0 and lines[j].is_blank:
                j -= 1
            if j >= 0 and column_spans(lines[j], settings) and not is_row(lines[j], settings):
                page.header = j
    return [p for p in pages if p.rows]


def _lowest_periods(lines: list[Line], header: list[int], settings: Settings) -> int | None:
    """The lowest header line that says where the columns stand, if it is the lowest line."""
    if header and column_spans(lines[header[-1]], settings):
        return header[-1]
    for i in reversed(header):
        if period_spans(lines[i]):
            return i
    return None


def _read(
    lines: list[Line],
    body: labels.Body,
    caption: list[int],
    header: list[int],
    top: int,
    settings: Settings,
    zones: dict[int, int],
) -> Grid:
    pages = _pages(lines, body, header, settings)
    if not pages:
        raise Unreadable(body.end - 1, "lines that look like the start of a table, but no row of figures follows")
    first = pages[0]
    row_cells: dict[int, RowCells] = {}
    for page in pages:
        page.columns = _columns(lines, page, settings, first.columns or None, zones)
        if len(page.columns) != len(first.columns):
            raise Unreadable(
                page.rows[0],
                f"the table goes on over a page break with {len(page.columns)} "
                f"columns where it had {len(first.columns)}",
            )
        for i in page.rows:
            row_cells[i] = _cells(lines[i], page.columns, settings, zones.get(i))
    n = len(first.columns)
    _one_text_column(lines, header, first, settings)
    stub, paths = header_paths(lines, header, first, row_cells, settings)
    amount = amount_columns(paths, row_cells, n, settings)
    if not amount:
        raise Unreadable(top, "no column of this table holds amounts")
    headed = [c for c in amount if any(t.strip() for t in paths[c])]
    if header and not headed and len(amount) > 1:
        raise Unreadable(header[0], "the header stands over the labels only: which column is which cannot be told")
    if header and headed and len(headed) < len(amount):
        # (a header over the labels only, "Aansluiting met …", heads a column of one figure per row)
        raise Unreadable(
            header[0],
            "the header words cannot be placed over the columns for certain "
            "(the header and the figures are set apart by different amounts)",
        )
    lead_code = (bool(stub) and stub[0].lower() in settings.code_column_names) or codes_in_own_column(
        lines, body, settings
    )
    label_column = _label_column(lines, body, settings)
    pieces = _pieces(lines, body, row_cells, amount, lead_code, label_column, settings)
    caption_text = " ".join(lines[i].content for i in caption + header)
    unit_texts = [labels.join([lines[i].words for i in caption])] if caption else []
    if stub:
        unit_texts.insert(0, " ".join(stub))

    def grid_of(pieces: list[labels.Piece]) -> Grid:
        rows = labels.assemble(pieces, len(amount), settings, set_in_a_column=True)
        labels.split_codes(rows, settings)
        return Grid(
            form=NAME,
            top=top,
            bottom=body.end - 1,
            caption=caption_text,
            unit_texts=unit_texts,
            headers=[paths[c] for c in amount],
            rows=rows,
        )

    grid = grid_of(pieces)
    _doubt_the_pitch(grid, pieces, grid_of, settings)
    return grid


def _one_text_column(lines: list[Line], header: list[int], first: Page, settings: Settings) -> None:
    """``Unreadable`` where the rows' labels stand in two or more columns of text: a header
    line names them apart over the labels ("variant A   beschrijving maatregel   Dep.") and
    rows set words under the second name, a wide gap after their first words. Read as one
    label, the description and the department became part of every row's label."""
    left = first.columns[0][0] - settings.edge_tolerance
    for i in header:
        names = [p for p in _phrases(lines[i], settings) if p[-1].end < left]
        if len(names) < 2:
            continue
        first_name = " ".join(t.text for t in names[0])
        if (len(names[0]) == 1 and is_code(first_name, settings)) or settings.names_non_amount_column(first_name):
            continue  # (a code column before the labels, "11   Waterkwantiteit", is read as such)
        second = names[1][0].start
        under = sum(
            1
            for r in first.rows
            if any(
                b.start - a.end >= settings.column_gap and abs(b.start - second) <= settings.edge_tolerance
                for a, b in zip(lines[r].tokens, lines[r].tokens[1:])
                if b.end < left
            )
        )
        if under >= 2:
            shown = ", ".join(f"'{' '.join(t.text for t in p)}'" for p in names)
            raise Unreadable(
                i,
                f"the rows' labels stand in {len(names)} columns of text ({shown}): "
                "which words are the label cannot be told",
            )


def _doubt_the_pitch(
    grid: Grid, pieces: list[labels.Piece], grid_of: Callable[[list[labels.Piece]], Grid], settings: Settings
) -> None:
    """``Ambiguous`` when a line of text right under a row is set apart by its pitch (as far
    below the row as the rows are apart) and the words alone read it otherwise: a table whose
    rows have no padding sets a label wrapped under its figures ("Wetenschappelijke" over
    "instituten") as far apart as its rows, so the pitch may mean a sub-heading or may mean
    nothing. The table's totals decide (``settle``); where they say nothing, a line whose words
    go on from the label above goes on, and the pitch decides the others."""
    doubted = {
        piece.index
        for above, piece in zip(pieces, pieces[1:])
        if above.is_row and not piece.is_row and piece.close is False and piece.words
    }
    if not doubted:
        return
    by_words = grid_of([dataclasses.replace(p, close=None) if p.index in doubted else p for p in pieces])
    if by_words.rows != grid.rows:
        # where the totals say nothing, lines whose words go on from the label above (lowercase,
        # or closing its parenthesis: "beter belonen", "programma's)") go on; others stand apart
        going_on = all(labels.goes_on(p.words, settings) for p in pieces if p.index in doubted)
        raise Ambiguous(
            min(doubted),
            "a line under a row stands as far below it as the rows are apart, and its words read it as "
            "the end of that row's label: a label wrapped under its figures or a sub-heading",
            [grid, by_words],
            by_words if going_on else grid,
        )


def _pieces(
    lines: list[Line],
    body: labels.Body,
    row_cells: dict[int, RowCells],
    amount: list[int],
    lead_code: bool,
    label_column: int | None,
    settings: Settings,
) -> list[labels.Piece]:
    """The body's lines for labels.assemble: text lines with their words, rows with code,
    label and amount cells, and in a PDF whether each is set close under the line above."""
    close = set_close(lines, body.rows(), settings)
    across = _across_a_page_break(body)
    pieces: list[labels.Piece] = []
    for kind, i in body.items:
        if kind == "text":
            # under a page's repeated header the pitch says nothing of whether the line goes
            # on from the label before the break
            pieces.append(labels.Piece(i, lines[i].words, close=None if i in across else close(i)))
        elif kind == "row":
            label, cells, _ = row_cells[i]
            code, label = _code(lines[i], label, lead_code, label_column, settings)
            amounts = [None if cells[c] is None else GridCell(cells[c] or "", i) for c in amount]
            pieces.append(labels.Piece(i, label, amounts, code, close=close(i)))
    if not any(p.close for p in pieces):
        # no line is set closer than the rows: whether the rows have padding the pitch cannot
        # show, and a line whose words link it to the one above ("… scholing in de" over
        # "loonheffing") is not set apart by it
        pieces = [
            dataclasses.replace(piece, close=None)
            if k and piece.words and _linked(pieces[k - 1].words, piece.words, settings)
            else piece
            for k, piece in enumerate(pieces)
        ]
    return pieces


def _across_a_page_break(body: labels.Body) -> set[int]:
    """The body's lines that are the first on a new page: a page break stands between each
    and the body line before it."""
    breaks = sorted(i for kind, i in body.items if kind == "page")
    held = sorted(i for kind, i in body.items if kind != "page")
    return {i for before, i in zip(held, held[1:]) if any(before < b <= i for b in breaks)}


def _linked(above: list[str], words: list[str], settings: Settings) -> bool:
    """Whether the line above leaves itself open to this one for certain: it ends in a
    hyphen, a linking word or an open parenthesis (a lowercase line may still be a
    sub-heading of its own: "overige mutaties …")."""
    return bool(above) and bool(words) and labels.links_down(above, settings)
