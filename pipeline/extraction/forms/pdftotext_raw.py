"""Tables in plain ``pdftotext`` output (no ``-layout``): cells one per line, in the order
pdftotext met them, which for a table is often column block by column block.

Only one order is certain: the periods one per line, then every row as its label and
one figure per period, up to the prose after the table. Anything else (a column block
that comes after the rows, a header split over lines in some other order, a row with a
figure short) is reported with the reason, never guessed: the same table saved with
``pdftotext -layout`` is read by its positions.
"""

from __future__ import annotations

from pipeline import dutch
from pipeline.extraction import headers, labels, text
from pipeline.extraction.grid import Grid, GridCell, GridRow, Unreadable
from pipeline.extraction.settings import Settings
from pipeline.extraction.text import Line

NAME = "pdftotext-raw"
ADVICE = "; plain pdftotext output does not keep the cells of a table in reading order: save it with pdftotext -layout"
# The same, where the text is the pipeline's own rendering of a PDF (no other saving to advise).
PDF_ADVICE = "; the cells of this table do not stand in reading order in the PDF"


def _is_boundary(line: Line, settings: Settings) -> bool:
    return text.is_heading(line, settings) or (text.is_prose(line, settings) and not text.is_title(line, settings))


def _extent(lines: list[Line], anchor: int, settings: Settings) -> tuple[int, int]:
    start = anchor
    while start > 0 and not _is_boundary(lines[start - 1], settings):
        start -= 1
    end = anchor
    while end < len(lines) and not _is_boundary(lines[end], settings):
        end += 1
    return start, end


def read(lines: list[Line], anchor: int, settings: Settings) -> tuple[Grid, int]:
    start, end = _extent(lines, anchor, settings)
    body = [
        line
        for line in lines[start:end]
        if not line.is_blank and not text.is_furniture(line, settings, whole_rows=False)
    ]
    try:
        return _read(body, settings), end
    except Unreadable as problem:
        problem.end = end
        if problem.index is None:
            problem.index = start
        raise


def _read(body: list[Line], settings: Settings) -> Grid:
    # caption lines, then the periods one per line
    k = 0
    while k < len(body) and not _period(body[k]):
        k += 1
    caption = body[:k]
    periods = []
    while k < len(body) and _period(body[k]):
        periods.append(body[k])
        k += 1
    if not periods or not caption:
        raise Unreadable(
            body[0].index if body else None, "the table's header is not a caption over a line per period" + ADVICE
        )
    n = len(periods)
    rows: list[GridRow] = []
    while k < len(body):
        label = body[k]
        if not (label.tokens and text.has_letters(label.words) and not dutch.is_cell(label.content)):
            raise Unreadable(label.index, f"'{label.content}' is not where a row's label should be" + ADVICE)
        figures = body[k + 1 : k + 1 + n]
        if len(figures) < n or not all(dutch.is_cell(f.content) for f in figures):
            raise Unreadable(label.index, f"row '{label.content}' is not followed by {n} figures" + ADVICE)
        rows.append(GridRow(label.index, label.content, [GridCell(f.content, f.index) for f in figures]))
        k += 1 + n
    if not rows:
        raise Unreadable(caption[0].index, "the table has a header but no rows" + ADVICE)
    labels.split_codes(rows, settings)
    unit_texts = [labels.join([c.words for c in caption])]
    return Grid(
        form=NAME,
        top=caption[0].index,
        bottom=body[-1].index,
        caption=" ".join(c.content for c in caption + periods),
        unit_texts=unit_texts,
        headers=[[p.content] for p in periods],
        rows=rows,
    )


def _period(line: Line) -> bool:
    words = [headers.unnote(w) for w in line.words]
    found = dutch.read_periods(words)
    return found is not None and len(found) == 1
