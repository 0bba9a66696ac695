"""Stages 2 and 3, rows -> per page the column edges (figures are right-aligned, so the right
ends of the cells and of the periods above them line up), and a row -> its cells (each token
ending at an edge closes a cell; the tokens of one figure join it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline import dutch
from pipeline.extraction import headers, text
from pipeline.extraction.forms.pdftotext_layout.line_shapes import (
    _phrases,
    figure_like,
    figure_zone,
    glues,
    label_indent,
    period_spans,
    spans_of_periods,
    stub_like,
)
from pipeline.extraction.grid import Unreadable
from pipeline.extraction.settings import Settings
from pipeline.extraction.text import Line


@dataclass
class Page:
    rows: list[int]  # row line indices
    header: int | None = None  # the lowest header line over these rows
    columns: list[tuple[int, int]] = field(default_factory=list)  # (left, right) per column


def _figure_cells(line: Line, settings: Settings, zone: int | None = None) -> list[tuple[int, int]]:
    """The figures at the end of a row as token spans (first, last), tokens one space
    apart joined where they make one figure ("– 107 610", "12, 5", "p. m.")."""
    zone = figure_zone(line, settings) if zone is None else zone
    assert zone is not None
    tokens, words = line.tokens, line.words
    cells: list[tuple[int, int]] = []
    k = zone
    while k < len(tokens):
        first = k
        if figure_like(words[k], settings):
            while k + 1 < len(tokens) and tokens[k + 1].start - tokens[k].end < 2 and glues(words[k], words[k + 1]):
                k += 1
        else:  # words of a column that is not amounts: one cell up to a wide gap
            while (
                k + 1 < len(tokens)
                and tokens[k + 1].start - tokens[k].end < settings.column_gap
                and not figure_like(words[k + 1], settings)
            ):
                k += 1
        cells.append((first, k))
        k += 1
    return cells


def _columns(
    lines: list[Line],
    page: Page,
    settings: Settings,
    previous: list[tuple[int, int]] | None = None,
    zones: dict[int, int] | None = None,
) -> list[tuple[int, int]]:
    """The page's columns as (left, right) positions: where the cells of the rows that
    fill every column stand (the median of each), or the periods of the header line
    over them when some column is blank in every row."""
    row_spans = [_spans(lines[i], settings, (zones or {}).get(i)) for i in page.rows]
    n = max(len(s) for s in row_spans)
    full = [s for s in row_spans if len(s) == n]
    header = column_spans(lines[page.header], settings) if page.header is not None else []
    label_start = max(label_indent(lines[i], settings) for i in page.rows)
    header = [h for h in header if h[0] > label_start + settings.edge_tolerance]  # not the stub
    if len(header) > n:
        return header
    if len(header) == n and len(full) < 2:
        return header
    if previous is not None and len(previous) > n and not header:
        return previous  # a page of rows that leave a column blank: the page before says where
    if n == 1 and len(header) <= 1:
        stepped = _stepped_columns([s[0] for s in row_spans if s], settings)
        if stepped:
            return stepped
    return [_median_span([s[c] for s in full]) for c in range(n)]


def _median_span(cells: list[tuple[int, int]]) -> tuple[int, int]:
    """Where a column's cells stand: the median of their left ends and of their right ends."""
    return sorted(c[0] for c in cells)[len(cells) // 2], sorted(c[1] for c in cells)[len(cells) // 2]


def _stepped_columns(cells: list[tuple[int, int]], settings: Settings) -> list[tuple[int, int]] | None:
    """Rows of one figure each whose right ends stand in two or more places, apart by more
    than twice ``edge_tolerance`` (mutations in one column, the stands they lead to in the
    next: "‒ 174" under "2.483.429" set further right): a column at each place, or None
    where they line up as one."""
    groups: list[list[tuple[int, int]]] = []
    for cell in sorted(cells, key=lambda c: c[1]):
        if groups and cell[1] - groups[-1][-1][1] <= 2 * settings.edge_tolerance:
            groups[-1].append(cell)
        else:
            groups.append([cell])
    if len(groups) < 2:
        return None
    return [_median_span(group) for group in groups]


def _spans(line: Line, settings: Settings, zone: int | None = None) -> list[tuple[int, int]]:
    tokens = line.tokens
    return [(tokens[a].start, tokens[b].end) for a, b in _figure_cells(line, settings, zone)]


def _cost(span: tuple[int, int], column: tuple[int, int]) -> int:
    """How far a cell stands from a column: right-aligned figures share the right end,
    left-aligned words the left."""
    return min(abs(span[1] - column[1]), abs(span[0] - column[0]))


def _assign(spans: list[tuple[int, int]], columns: list[tuple[int, int]]) -> list[int] | None:
    """The columns of a row's cells, left to right, standing nearest to them; None when
    another assignment stands as near (which cell is blank cannot be told)."""
    n, k = len(columns), len(spans)
    if k > n:
        return None
    best: dict[tuple[int, int], tuple[int, list[int], int]] = {}

    def solve(i: int, c: int) -> tuple[int, list[int], int]:
        """Best (cost, columns, number of best ways) for spans[i:] in columns[c:]."""
        if i == k:
            return 0, [], 1
        if n - c < k - i:
            return 10**9, [], 0
        key = (i, c)
        if key not in best:
            take_cost, take_cols, take_ways = solve(i + 1, c + 1)
            take = (take_cost + _cost(spans[i], columns[c]), [c] + take_cols, take_ways)
            skip = solve(i, c + 1)
            if take[0] < skip[0]:
                best[key] = take
            elif skip[0] < take[0]:
                best[key] = skip
            else:
                best[key] = (take[0], take[1], take[2] + skip[2])
        return best[key]

    cost, chosen, ways = solve(0, 0)
    if k == n:
        return list(range(n))
    if ways != 1 or cost >= 10**9:
        return None
    return chosen


def column_spans(line: Line, settings: Settings) -> list[tuple[int, int]]:
    """Where the columns of a header line stand: its periods (and the names of note or code
    columns after them), or else its phrases right of the stub ("Ontwerpbegroting 2021 (1)
    Mutaties (2) Stand (3)=(1)+(2)"), each over a column; nothing for a line of neither."""
    spans = period_spans(line)
    if spans:
        return spans
    words, tokens = line.words, line.tokens
    names = settings.code_column_names | settings.note_column_names
    run = headers.period_run(words)
    if run is not None:
        start, end, periods = run
        if (not start or stub_like(words[:start])) and words[end:] and all(w.lower() in names for w in words[end:]):
            spans = spans_of_periods(tokens[start:end], periods)
            if spans:
                return spans + [(t.start, t.end) for t in tokens[end:]]
    phrases = _phrases(line, settings)
    if len(phrases) < 2 or any(dutch.read_cell(" ".join(t.text for t in p)) is not None for p in phrases):
        return []
    if stub_like([t.text for t in phrases[0]]):
        phrases = phrases[1:]  # the stub over the labels
    return [(p[0].start, p[-1].end) for p in phrases]


RowCells = tuple[list[str], list[str | None], list[tuple[int, int] | None]]  # label, cells, where


def _squeezed(spans: list[tuple[int, int]], columns: list[tuple[int, int]], settings: Settings) -> bool:
    """Whether a row's figures stand a single space apart, one after the other, and not
    right under the right ends of the columns nearest them: a run squeezed where
    pdftotext could not fit it, standing wherever it fits, not under its columns."""
    return (
        len(spans) >= 2
        and all(b[0] - a[1] == 1 for a, b in zip(spans, spans[1:]))
        and any(abs(span[1] - column[1]) > settings.edge_tolerance for span, column in zip(spans, columns))
    )


def _cells(line: Line, columns: list[tuple[int, int]], settings: Settings, zone: int | None = None) -> RowCells:
    """A row's label words and its cells, one per column (None: blank). A figure the label
    runs into with one space ("… experimenteerartikel 3.200") is a cell where it stands
    under the first column."""
    zone = figure_zone(line, settings) if zone is None else zone
    assert zone is not None
    tokens = line.tokens
    while (
        zone >= 2
        and figure_like(tokens[zone - 1].text, settings)
        and not dutch.YEAR.match(tokens[zone - 1].text)
        and tokens[zone - 1].end > columns[0][0] - settings.edge_tolerance
        and text.has_letters(line.words[: zone - 1])
    ):
        zone -= 1
    spans = [(tokens[a].start, tokens[b].end) for a, b in _figure_cells(line, settings, zone)]
    chosen = _assign(spans, columns)
    if chosen is None:
        raise Unreadable(
            line.index,
            f"the {len(spans)} figures of this row do not stand under the table's "
            f"{len(columns)} columns in one way only",
        )
    cells: list[str | None] = [None] * len(columns)
    where: list[tuple[int, int] | None] = [None] * len(columns)
    full = len(spans) == len(columns)  # a figure in every column: in order, wherever they stand
    if not full and _squeezed(spans, [columns[c] for c in chosen], settings):
        raise Unreadable(
            line.index,
            f"the {len(spans)} figures of this row stand a single space apart, squeezed out of their "
            f"columns, and the table has {len(columns)}: which are blank cannot be told",
        )
    for (left, right), column in zip(spans, chosen):
        if not full and _cost((left, right), columns[column]) > 2 * settings.edge_tolerance:
            raise Unreadable(
                line.index, f"the figure '{line.printed[left:right].strip()}' stands under no column of the table"
            )
        cells[column] = line.printed[left:right]
        where[column] = (left, right)
    return line.words[:zone], cells, where
