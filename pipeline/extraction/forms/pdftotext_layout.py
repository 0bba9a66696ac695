"""Tables in ``pdftotext -layout`` output: columns kept by position, runs of spaces
between cells, page breaks as form feeds with the header repeated on the next page.

Positions say what a text copy cannot: which column a figure stands in (blank cells are
simply gaps), and which header words stand over which column. The stages:

1. the body: rows (a label, a wide gap, figures), label and sub-heading lines, page
   breaks with the repeated header left out, page furniture;
2. per page, the column edges: figures are right-aligned, so the right ends of the
   cells (and of the periods in the header line above them) line up per column;
3. per row, the cells: each token ending at an edge closes a cell; tokens before it
   that are part of one figure ("–", "107" of "– 107 610") join it;
4. the header: each header word goes to the column whose edge is the first at or right
   of its end (headers are right-aligned over their columns); a header line with a cell
   over every column is the lowest level, the lines above it an upper level, whose
   cells span leftwards over empty cells when the years below run on ("Realisatie" over
   2018 … 2022);
5. columns that are not amounts (codes, notes, "Div") are told apart by their header
   name and their values.

A PDF's rendering adds what no text shows: each line's pitch below the line above
(``Line.pitch``). Lines set closer than the table's rows are one cell wrapped (a label's
next line, a year that ends its header cell); lines set a row apart are rows or header
levels of their own (``_set_close``).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline import dutch
from pipeline.extraction import headers, labels, text, wrapped
from pipeline.extraction.grid import Grid, GridCell, Unreadable
from pipeline.extraction.settings import Settings
from pipeline.extraction.text import Line, Token

NAME = "pdftotext-layout"


# ---- the figures at the end of a row --------------------------------------------------------


def _figure_like(word: str, settings: Settings) -> bool:
    return bool(
        dutch.TOKEN_NUMBER.match(word)
        or dutch.GROUP_TAIL.match(word)
        or dutch.DASH.match(word)
        or dutch.MINUS_WORD.match(word)
        or dutch.NO_FIGURE.match(word)
        or dutch.SPLIT_HEAD.match(word)
        or word in ("%", dutch.EURO, "p.", "m.")
        or (word.endswith("%") and dutch.read_cell(word))
        or word.lower() in settings.extra_words
    )


def _runs(line: Line, settings: Settings) -> list[tuple[int, int, bool]]:
    """The line's tokens in runs (first, last, of figures?): a wide gap, or a change
    between figures and words, ends a run."""
    tokens, words = line.tokens, line.words
    runs: list[tuple[int, int, bool]] = []
    for k, token in enumerate(tokens):
        figure = _figure_like(words[k], settings)
        if runs and token.start - tokens[k - 1].end < settings.column_gap and runs[-1][2] == figure:
            runs[-1] = (runs[-1][0], k, figure)
        else:
            runs.append((k, k, figure))
    return runs


def figure_zone(line: Line, settings: Settings) -> int | None:
    """Where the cells at the end of a row start: the first token of the figures that
    stand apart from the label by a gap, after which only figures and, at the right, the
    words of columns that are not amounts ("zie tabel 4.1") follow."""
    runs = _runs(line, settings)
    j = len(runs) - 1
    while j >= 0 and not runs[j][2]:
        j -= 1  # words at the right: a column of references or notes
    if j < 0:
        return None
    while j >= 1 and runs[j - 1][2]:
        j -= 1
    first = runs[j][0]
    tokens = line.tokens
    if first > 0 and tokens[first].start - tokens[first - 1].end < settings.column_gap:
        # figures glued to the label by one space: the figures start after the gap within them
        k = first
        while k <= runs[j][1] and (k == first or tokens[k].start - tokens[k - 1].end < settings.column_gap):
            k += 1
        if k > runs[-1][1]:
            return None
        first = k
    return first


def _glues(word: str, following: str) -> bool:
    """Whether two tokens one space apart can be one cell ("–" "5", "107" "610")."""
    if dutch.DASH.match(word) or dutch.MINUS_WORD.match(word) or word in (dutch.EURO, "+", "p."):
        return True
    if dutch.SPLIT_HEAD.match(word) and following.isdigit():
        return True
    if following == "%":
        return True
    return bool(
        (dutch.GROUP_HEAD.match(word) or (len(word) == 3 and word.isdigit())) and dutch.GROUP_TAIL.match(following)
    )


def _periods_row(line: Line, settings: Settings) -> bool:
    """A row whose figures are all years (a footnote digit aside): over the rows with no
    other header above, it is the header ("Uitgaven    2015")."""
    zone = figure_zone(line, settings)
    return zone is not None and _only_years([w for w in line.words[zone:] if _figure_like(w, settings)])


def _only_years(values: list[str]) -> bool:
    return all(dutch.YEAR.match(headers.unnote(v)) or (v.isdigit() and len(v) == 1) for v in values)


@text.per_line
def is_row(line: Line, settings: Settings) -> bool:
    zone = figure_zone(line, settings)
    if zone is None:
        return False
    label = line.words[:zone]
    values = [w for w in line.words[zone:] if _figure_like(w, settings)]
    words_right = len(values) < len(line.words) - zone
    years = [int(headers.unnote(v)) for v in values if dutch.YEAR.match(headers.unnote(v))]
    if _only_years(values):
        ordered = len(years) >= 2 and all(b >= a for a, b in zip(years, years[1:]))
        years_in_label = sum(1 for w in label if dutch.YEAR.match(headers.unnote(w)))
        if (
            ordered
            or words_right
            or not label
            or label[0].startswith("(")
            or dutch.find_unit(" ".join(label)) is not None
            or years_in_label >= 2  # "2012 2013 … begroting 2016   2016": periods set apart unevenly
        ):
            return False  # a header of periods
    if not label:
        return False
    return text.has_letters(label) and not text.is_sentence(label, settings)


# ---- the body ---------------------------------------------------------------------------------


def _normal(line: Line) -> str:
    return " ".join(line.words)


def _body(
    lines: list[Line],
    first: int,
    header_texts: set[str],
    label_right: int,
    settings: Settings,
    zones: dict[int, int] | None = None,
) -> labels.Body:
    """The table's rows and text lines from its first row on; ``zones`` gets where the
    figures start on rows whose label ends in a figure of its own."""
    body = labels.Body()
    label_start = _label_indent(lines[first], settings)
    pending: list[int] = []
    blanks = 0
    i = first
    while i < len(lines):
        line = lines[i]
        if line.form_feed and body.items:
            body.items.append(("page", i))
            blanks = 0  # the margins at a page break are no gap in the table
        if line.is_blank:
            blanks += 1
            if blanks > settings.max_blank_lines_in_body:
                break
            i += 1
            continue
        kind, zone = _body_line(
            line, header_texts, label_start, label_right, blanks, pending, bool(body.items), settings
        )
        if kind == "end":
            break
        if kind == "row":
            body.add_row(i, pending)
            if zone is not None and zones is not None:
                zones[i] = zone
            blanks = 0  # (after a row whose label ends in a figure it was 0 already)
        elif kind == "text":
            if not body.add_text(i, pending, settings):
                break
            blanks = 0
        i += 1
    return body.close(lines, pending, first, settings, _set_close(lines, body.rows(), settings))


def _body_line(
    line: Line,
    header_texts: set[str],
    label_start: int,
    label_right: int,
    blanks: int,
    pending: list[int],
    rows_read: bool,
    settings: Settings,
) -> tuple[str, int | None]:
    """What a non-blank body line is: "skip", "row" (and where figures start past a label's figure), "text", "end"."""
    if text.is_furniture(line, settings) or _normal(line) in header_texts:
        return "skip", None
    if is_row(line, settings):
        if blanks and rows_read and text.is_title(line, settings):
            return "end", None
        return "row", None
    zone = _label_ends_in_figure(line, label_start, label_right, settings) if pending and not blanks else None
    if zone is not None:
        return "row", zone
    in_label_column = line.tokens[-1].end <= label_right + settings.edge_tolerance
    if (
        in_label_column
        and not text.is_prose(line, settings)
        and not text.is_title(line, settings)
        and len(line.words) <= settings.max_label_words
        and not (blanks and pending)
    ):
        return "text", None
    return "end", None


def _label_ends_in_figure(line: Line, label_start: int, label_right: int, settings: Settings) -> int | None:
    """The last line of a wrapped label that ends in a figure ("Stand ontwerpbegroting" over
    "  2015      32.421.680"): that figure stands where labels start, left of where the
    first row's figures start, and the row's figures follow after a wide gap. Where those
    figures start, or None for any other line."""
    if figure_zone(line, settings) != 0:
        return None
    tokens = line.tokens
    k = 1  # the label's words: up to the first wide gap
    while k < len(tokens) and tokens[k].start - tokens[k - 1].end < settings.column_gap:
        k += 1
    if k == len(tokens) or tokens[k - 1].end > label_right or tokens[0].start > label_start + settings.edge_tolerance:
        return None
    return k


# ---- the header -------------------------------------------------------------------------------


def _header_lines(lines: list[Line], first_row: int, settings: Settings) -> tuple[list[int], list[int]]:
    """The column header lines right above the first row, and the caption lines above
    them (a title running across the columns as one phrase, or a line naming the unit)."""
    header = _header_block(lines, first_row - 1, settings.max_header_lines, settings)
    i = first_row - 1 - len(header)
    if not header and i >= 1 and lines[i].is_blank and _period_spans(lines[i - 1]):
        # a line of periods set apart from the rows by a blank line: the header all the same
        header = _header_block(lines, i - 1, settings.max_header_lines, settings)
        i -= 1 + len(header)
    # Header cells over the columns above a blank line ("Realisatie  Begroting" over the
    # years): set right of the labels, they are a level of the header, never a caption.
    label_start = _label_indent(lines[first_row], settings)
    while (
        header
        and i >= 1
        and lines[i].is_blank
        and not lines[i - 1].is_blank
        and _over_the_columns(lines[i - 1], label_start, settings)
        and len(header) < settings.max_header_lines
    ):
        i -= 1
        block = _header_block(lines, i, settings.max_header_lines - len(header), settings)
        header = block + header  # the lines above it belong to the same header block
        i -= len(block)
    fed = [k for k in header if lines[k].form_feed]
    if fed:  # the header at the foot of a page, repeated at the top of the next: keep that
        header = header[header.index(fed[-1]) :]
    caption: list[int] = []
    if header and i >= 0 and not lines[i].is_blank and labels.open_parenthesis(lines[i].words):
        # a caption whose parenthesis closes on the next line ("(bedragen x €" + "1.000)")
        while header and labels.open_parenthesis([w for k in [i, *caption] for w in lines[k].words]):
            caption.append(header.pop(0))
    if header and not caption and i >= 1 and lines[i].is_blank and _ends_a_caption(lines, i - 1, settings):
        i -= 1  # a caption set apart from its table by a blank line ("Tabel 3 …", "(x € 1.000)")
    if caption:
        # the line that opened the parenthesis is the caption's, however long (a unit and
        # a remark: "Budget in mln. euro's (let op: …" + "varianten)")
        above = [*_caption_above(lines, i - 1, header, label_start, settings), i]
    else:
        above = _caption_above(lines, i, header, label_start, settings)
    i -= len(above)
    # Nor is such a line left behind just above the table (over a blank line or a stub).
    stray = _stray_header_cells(lines, i, header, label_start, settings)
    if stray is not None:
        raise Unreadable(
            stray,
            "a line of header cells stands apart from the rest of the header; "
            "which level it is cannot be told for certain",
        )
    return above + caption, header


def _header_block(lines: list[Line], i: int, room: int, settings: Settings) -> list[int]:
    """The header lines from line ``i`` up, top-down: at most ``room``, up to a blank, prose, a heading or a caption."""
    block: list[int] = []
    while i >= 0 and not lines[i].is_blank and len(block) < room:
        line = lines[i]
        # a numbered label wrapped onto the row below ("1. Korting op de") is no heading,
        # nor is a numbered stub beside header cells ("01 Beheer en …    (1)    (2)")
        heading = (
            text.is_heading(line, settings)
            and _one_phrase(line, settings)
            and not (not block and labels.links_down(line.words, settings))
        )
        if (_one_phrase(line, settings) and text.is_prose(line, settings)) or heading or _is_caption(line, settings):
            break
        block.insert(0, i)
        i -= 1
    return block


def _over_the_columns(line: Line, label_start: int, settings: Settings) -> bool:
    """Whether a line holds header cells: cells apart by wide gaps, none at the start of the labels."""
    return len(_phrases(line, settings)) >= 2 and line.tokens[0].start > label_start + settings.edge_tolerance


def _caption_above(lines: list[Line], i: int, header: list[int], label_start: int, settings: Settings) -> list[int]:
    """The caption lines from line ``i`` up, top-down: up to a blank line, prose or a heading."""
    above: list[int] = []
    while i >= 0 and not lines[i].is_blank and len(above) < settings.max_caption_lines:
        line = lines[i]
        if text.is_prose(line, settings) and not text.is_title(line, settings):
            break
        if text.is_heading(line, settings):
            break
        if header and _over_the_columns(line, label_start, settings):
            # cells over the columns, cut off from the header below: never a caption
            raise Unreadable(
                i,
                "a line of header cells stands apart from the rest of the header; "
                "which level it is cannot be told for certain",
            )
        above.insert(0, i)
        i -= 1
    return above


def _stray_header_cells(
    lines: list[Line], i: int, header: list[int], label_start: int, settings: Settings
) -> int | None:
    """Where a line of header cells stands left behind above the table (over a blank line or a stub), or None."""
    j = i
    while header and j >= 0 and i - j < settings.max_header_lines:
        line = lines[j]
        if not line.is_blank:
            if text.is_prose(line, settings) or text.is_heading(line, settings) or is_row(line, settings):
                break  # the text or the table before this one
            worded = sum(text.has_letters([t.text for t in p]) for p in _phrases(line, settings))
            if _over_the_columns(line, label_start, settings) and worded >= 2:
                return j
        j -= 1
    return None


def _ends_a_caption(lines: list[Line], k: int, settings: Settings) -> bool:
    """Whether line ``k`` is a caption, or ends one whose parenthesis the line above opened
    ("Budgettaire gevolgen variant B (€" + "mln, excl. optionele maatregelen)")."""
    if _is_caption(lines[k], settings):
        return True
    if k < 1 or lines[k - 1].is_blank or not (_one_phrase(lines[k], settings) and _one_phrase(lines[k - 1], settings)):
        return False
    words = lines[k - 1].words + lines[k].words
    closes = lines[k].content.count(")") > lines[k].content.count("(")
    joined = " ".join(words)
    return closes and (bool(settings.caption_start.match(joined)) or dutch.find_unit(joined) is not None)


def _one_phrase(line: Line, settings: Settings) -> bool:
    """A line of words with no wide gaps: a phrase, not cells of a table."""
    tokens = line.tokens
    return all(b.start - a.end < settings.column_gap for a, b in zip(tokens, tokens[1:]))


def _is_caption(line: Line, settings: Settings) -> bool:
    """A caption line: one phrase (no wide gaps), a title or a unit, not a line of cells."""
    return _one_phrase(line, settings) and (
        text.is_title(line, settings) or (len(line.tokens) >= 4 and text.is_caption(line, settings))
    )


# ---- columns ----------------------------------------------------------------------------------


@dataclass
class _Page:
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
        if _figure_like(words[k], settings):
            while k + 1 < len(tokens) and tokens[k + 1].start - tokens[k].end < 2 and _glues(words[k], words[k + 1]):
                k += 1
        else:  # words of a column that is not amounts: one cell up to a wide gap
            while (
                k + 1 < len(tokens)
                and tokens[k + 1].start - tokens[k].end < settings.column_gap
                and not _figure_like(words[k + 1], settings)
            ):
                k += 1
        cells.append((first, k))
        k += 1
    return cells


def _columns(
    lines: list[Line],
    page: _Page,
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
    header = _column_spans(lines[page.header], settings) if page.header is not None else []
    label_start = max(_label_indent(lines[i], settings) for i in page.rows)
    header = [h for h in header if h[0] > label_start + settings.edge_tolerance]  # not the stub
    if len(header) > n:
        return header
    if len(header) == n and len(full) < 2:
        return header
    if previous is not None and len(previous) > n and not header:
        return previous  # a page of rows that leave a column blank: the page before says where
    return [
        (sorted(s[c][0] for s in full)[len(full) // 2], sorted(s[c][1] for s in full)[len(full) // 2]) for c in range(n)
    ]


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


def _column_spans(line: Line, settings: Settings) -> list[tuple[int, int]]:
    """Where the columns of a header line stand: its periods (and the names of note or code
    columns after them), or else its phrases right of the stub ("Ontwerpbegroting 2021 (1)
    Mutaties (2) Stand (3)=(1)+(2)"), each over a column; nothing for a line of neither."""
    spans = _period_spans(line)
    if spans:
        return spans
    words, tokens = line.words, line.tokens
    names = settings.code_column_names | settings.note_column_names
    run = headers.period_run(words)
    if run is not None:
        start, end, periods = run
        if (not start or _stub_like(words[:start])) and words[end:] and all(w.lower() in names for w in words[end:]):
            spans = _spans_of_periods(tokens[start:end], periods)
            if spans:
                return spans + [(t.start, t.end) for t in tokens[end:]]
    phrases = _phrases(line, settings)
    if len(phrases) < 2 or any(dutch.read_cell(" ".join(t.text for t in p)) is not None for p in phrases):
        return []
    if _stub_like([t.text for t in phrases[0]]):
        phrases = phrases[1:]  # the stub over the labels
    return [(p[0].start, p[-1].end) for p in phrases]


def _period_spans(line: Line) -> list[tuple[int, int]]:
    """Where the periods of a header line stand, when right of its stub it holds periods
    only ("2022 3": the 3 is a footnote mark); nothing for any other line."""
    words = line.words
    run = headers.period_run(words)
    if run is None:
        return []
    start, end, periods = run
    if any(not (w.isdigit() and len(w) == 1) for w in words[end:]) or (start and not _stub_like(words[:start])):
        return []
    return _spans_of_periods(line.tokens[start:end], periods)


def _spans_of_periods(tokens: tuple[Token, ...], periods: list[str]) -> list[tuple[int, int]]:
    """Each period's extent over its tokens ("2008 t/m 2031" is one period of three)."""
    spans, k = [], 0
    for period in periods:
        size = len(period.split())
        if k + size > len(tokens):
            return []
        spans.append((tokens[k].start, tokens[k + size - 1].end))
        k += size
    return spans if k == len(tokens) else []


def _stub_like(words: list[str]) -> bool:
    """Words before the periods of a header line that are the stub, not header cells."""
    return not any(dutch.YEAR.match(headers.unnote(w)) for w in words)


_RowCells = tuple[list[str], list[str | None], list[tuple[int, int] | None]]  # label, cells, where


def _cells(line: Line, columns: list[tuple[int, int]], settings: Settings, zone: int | None = None) -> _RowCells:
    """A row's label words and its cells, one per column (None: blank). A figure the label
    runs into with one space ("… experimenteerartikel 3.200") is a cell where it stands
    under the first column."""
    zone = figure_zone(line, settings) if zone is None else zone
    assert zone is not None
    tokens = line.tokens
    while (
        zone >= 2
        and _figure_like(tokens[zone - 1].text, settings)
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
    for (left, right), column in zip(spans, chosen):
        if not full and _cost((left, right), columns[column]) > 2 * settings.edge_tolerance:
            raise Unreadable(
                line.index, f"the figure '{line.printed[left:right].strip()}' stands under no column of the table"
            )
        cells[column] = line.printed[left:right]
        where[column] = (left, right)
    return line.words[:zone], cells, where


# ---- a column of text at the right ("Vindplaats", "Bron") -------------------------------------


def _without_text_column(lines: list[Line], first_row: int, header: list[int], settings: Settings) -> list[Line]:
    """The letter's lines with a column of text at the right of the table left out, when
    the header names one and the rows hold text there: references such as "Kamerstukken
    II 2022/23, 36250 VII, nr. 1" carry figures that are not amounts, and their wrapped
    lines are not part of the row labels. The cells are not amounts, so nothing is lost."""
    names = settings.note_column_names
    named = [h for h in header if lines[h].words and lines[h].words[-1].lower() in names]
    if not named:
        return lines
    cuts, end = _text_cells(lines, first_row, header, settings)
    clipped = {k: _clipped(lines[k], cut) for k, cut in cuts.items()}
    if not any(is_row(c, settings) for c in clipped.values()):
        return lines  # no row holds text at the right: a column of note numbers, read as such
    # a line that stands in the text column alone ("3.3" of "zie tabel" / "3.3") is the rest
    # of a wrapped cell of that column, whatever it holds
    left = min([lines[h].tokens[-1].start for h in named] + list(cuts.values()))
    for k in range(first_row, end):
        line = lines[k]
        if k not in clipped and line.tokens and line.tokens[0].start >= left - settings.edge_tolerance:
            clipped[k] = _clipped(line, line.tokens[0].start)
    for k, line in enumerate(lines):  # the column's name, over the table and where its header repeats
        if _normal(line) in {_normal(lines[h]) for h in named}:
            clipped[k] = _clipped(line, line.tokens[-1].start)
    return [clipped.get(k, line) for k, line in enumerate(lines)]


def _text_cells(lines: list[Line], first_row: int, header: list[int], settings: Settings) -> tuple[dict[int, int], int]:
    """Where a cell of text starts on each line of the table from ``first_row`` that holds
    one, and the index after the table."""
    label_right = _label_right(lines, first_row, settings)
    header_texts = {_normal(lines[h]) for h in header}
    cuts: dict[int, int] = {}
    i, blanks = first_row, 0
    while i < len(lines) and blanks <= settings.max_blank_lines_in_body:
        line = lines[i]
        blanks = blanks + 1 if line.is_blank else 0
        if not line.is_blank and (
            text.is_heading(line, settings) or (text.is_prose(line, settings) and not is_row(line, settings))
        ):
            break  # the table has ended
        if not line.is_blank and _normal(line) not in header_texts:  # a repeated header is left as it is
            cut = _text_cell_start(line, label_right, settings)
            if cut is not None:
                cuts[i] = cut
        i += 1
    return cuts, i


def _text_after_figures(line: Line, settings: Settings) -> int | None:
    """The token where a cell of text starts right after a row's figures: a word directly
    after figures that stand apart from the label by a wide gap ("Inkomstenderving   10,2
    0 Kamerstukken II 2022/23, 36250"). None on any other line."""
    tokens, words = line.tokens, line.words
    for k in range(2, len(tokens)):
        if (
            not _figure_like(words[k - 1], settings)
            or _figure_like(words[k], settings)
            or not text.has_letters([words[k]])
            or words[k].lower() in settings.extra_words
            or dutch.starts_period(words[k])
        ):
            continue
        j = k - 1
        while j >= 1 and _figure_like(words[j - 1], settings):
            j -= 1
        if j >= 1 and tokens[j].start - tokens[j - 1].end >= settings.column_gap and text.has_letters(words[:j]):
            return k
    return None


def _text_cell_start(line: Line, label_right: int, settings: Settings) -> int | None:
    """Where a cell of text at the right of a line starts: the first word after the
    figures of a row, or on a line of no figures the first word right of the label column
    after a wide gap, or the line's first word when the line holds that column alone."""
    tokens, words = line.tokens, line.words
    if tokens and tokens[0].start > label_right + settings.edge_tolerance and text.has_letters(words):
        return tokens[0].start  # a line of the text column alone ("35570 VII, nr. 73 …")
    after = _text_after_figures(line, settings)
    if after is not None:
        return tokens[after].start
    for k in range(1, len(tokens)):
        if (
            tokens[k].start - tokens[k - 1].end >= settings.column_gap
            and text.has_letters([words[k]])
            and tokens[k].start > label_right + settings.edge_tolerance
            and not _figure_like(words[k - 1], settings)
        ):
            return tokens[k].start
    return None


def _clipped(line: Line, cut: int) -> Line:
    return Line(line.index, line.text[:cut].rstrip(), line.printed[:cut].rstrip(), line.form_feed)


# ---- reading a table -------------------------------------------------------------------------


def read(lines: list[Line], first_row: int, settings: Settings) -> tuple[Grid, int]:
    try:
        caption, header = _header_lines(lines, first_row, settings)
    except Unreadable as problem:  # the table is reported whole: its rows are not read apart
        problem.end = _body(lines, first_row, set(), _label_right(lines, first_row, settings), settings).end
        raise
    if not header and _periods_row(lines[first_row], settings):
        header = [first_row]  # "Uitgaven    2015" over the rows, with no other header: the header
    lines = _without_text_column(lines, first_row, header, settings)
    top = (caption or header or [first_row])[0]
    label_right = _label_right(lines, first_row, settings)
    header, leading = _subheading_under_header(lines, header, label_right, settings)
    header_texts = {_normal(lines[i]) for i in caption + header}
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


def _subheading_under_header(
    lines: list[Line], header: list[int], label_right: int, settings: Settings
) -> tuple[list[int], list[int]]:
    """Header lines below the line of periods that stand in the label column and name no
    period ("Apparaat:", "1.   Korting op de") open the first group of rows or
    the first row's label: (the header, those lines)."""
    periods = [h for h in header if headers.period_run(lines[h].words) is not None]
    if not periods:
        return header, []
    below = [h for h in header if h > periods[-1]]
    if below and all(lines[h].tokens[-1].end <= label_right + settings.edge_tolerance for h in below):
        return [h for h in header if h <= periods[-1]], below
    return header, []


def _label_right(lines: list[Line], first_row: int, settings: Settings) -> int:
    """Where the label column ends: left of the first row's figures."""
    zone = figure_zone(lines[first_row], settings)
    assert zone is not None
    return lines[first_row].tokens[zone].start - 1


def _pages(lines: list[Line], body: labels.Body, header: list[int], settings: Settings) -> list[_Page]:
    pages = [_Page([], _lowest_periods(lines, header, settings))]
    for kind, i in body.items:
        if kind == "page":
            pages.append(_Page([], None))
        elif kind == "row":
            pages[-1].rows.append(i)
    # a page's repeated header: the periods line right before its first row
    for page in pages[1:]:
        if page.rows:
            j = page.rows[0] - 1
            while j >= 0 and lines[j].is_blank:
                j -= 1
            if j >= 0 and _column_spans(lines[j], settings) and not is_row(lines[j], settings):
                page.header = j
    return [p for p in pages if p.rows]


def _lowest_periods(lines: list[Line], header: list[int], settings: Settings) -> int | None:
    """The lowest header line that says where the columns stand, if it is the lowest line."""
    if header and _column_spans(lines[header[-1]], settings):
        return header[-1]
    for i in reversed(header):
        if _period_spans(lines[i]):
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
    row_cells: dict[int, _RowCells] = {}
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
    stub, paths = _header_paths(lines, header, first, row_cells, settings)
    amount = _amount_columns(paths, row_cells, n, settings)
    if not amount:
        raise Unreadable(top, "no column of this table holds amounts")
    if header and any(not any(t.strip() for t in paths[c]) for c in amount):
        raise Unreadable(
            header[0],
            "the header words cannot be placed over the columns for certain "
            "(the header and the figures are set apart by different amounts)",
        )
    lead_code = bool(stub) and stub[0].lower() in settings.code_column_names
    label_column = _label_column(lines, body, settings)
    pieces = _pieces(lines, body, row_cells, amount, lead_code, label_column, settings)
    rows = labels.assemble(pieces, len(amount), settings)
    labels.split_codes(rows, settings)
    caption_text = " ".join(lines[i].content for i in caption + header)
    unit_texts = [labels.join([lines[i].words for i in caption])] if caption else []
    if stub:
        unit_texts.insert(0, " ".join(stub))
    return Grid(
        form=NAME,
        top=top,
        bottom=body.end - 1,
        caption=caption_text,
        unit_texts=unit_texts,
        headers=[paths[c] for c in amount],
        rows=rows,
    )


def _pieces(
    lines: list[Line],
    body: labels.Body,
    row_cells: dict[int, _RowCells],
    amount: list[int],
    lead_code: bool,
    label_column: int | None,
    settings: Settings,
) -> list[labels.Piece]:
    """The body's lines for labels.assemble: text lines with their words, rows with code,
    label and amount cells, and in a PDF whether each is set close under the line above."""
    close = _set_close(lines, body.rows(), settings)
    pieces: list[labels.Piece] = []
    for kind, i in body.items:
        if kind == "text":
            pieces.append(labels.Piece(i, lines[i].words, close=close(i)))
        elif kind == "row":
            label, cells, _ = row_cells[i]
            code, label = _code(lines[i], label, lead_code, label_column, settings)
            amounts = [None if cells[c] is None else GridCell(cells[c] or "", i) for c in amount]
            pieces.append(labels.Piece(i, label, amounts, code, close=close(i)))
    return pieces


def _set_close(lines: list[Line], rows: list[int], settings: Settings) -> Callable[[int], bool | None]:
    """Whether a PDF sets line i as close under the line above it as a wrapped cell's next
    line (True) or as far as the table's rows are apart (False); None where the letter
    cannot show it (a text has no pitches, and a table needs two rows in a row)."""
    row_lines = set(rows)
    apart = [p for i in rows if i - 1 in row_lines and (p := lines[i].pitch) is not None]
    if not apart:
        return lambda i: None
    most = settings.wrapped_line_pitch * statistics.median(apart)

    def close(i: int) -> bool | None:
        pitch = lines[i].pitch
        return None if pitch is None or lines[i - 1].is_blank else pitch < most

    return close


def _label_column(lines: list[Line], body: labels.Body, settings: Settings) -> int | None:
    """Where the labels start that no number leads ("Uitgaven", the second line of a wrapped label): the
    position most of them share, when at least two do; None otherwise."""
    starts = Counter(
        lines[i].tokens[0].start
        for kind, i in body.items
        if kind in ("row", "text") and lines[i].tokens and not settings.row_enumerator.match(lines[i].tokens[0].text)
    )
    if not starts:
        return None
    (start, count), *rest = starts.most_common(2)
    if count < 2 or (rest and rest[0][1] == count):
        return None
    return start


def _code(
    line: Line, label: list[str], lead_code: bool, label_column: int | None, settings: Settings
) -> tuple[str | None, list[str]]:
    """A code before the label in a column of its own ("13.1", "7", "Div"): set apart from
    the label, or a number ("1.") left of where the other labels start, its label's words
    there (give or take ``column_gap``: a PDF's words sit a character either way)."""
    tokens = line.tokens
    if len(label) < 2:
        return None, label
    if (
        label_column is not None
        and settings.row_enumerator.match(label[0])
        and tokens[0].end < label_column
        and abs(tokens[1].start - label_column) <= settings.column_gap
    ):
        return label[0], label[1:]
    apart = tokens[1].start - tokens[0].end >= settings.column_gap
    numeric = bool(
        settings.article_code.match(label[0])
        or settings.row_number.match(label[0])
        or settings.lettered_code.match(label[0])
    )
    # a word ("Div") is a code only apart from the label: "Stand 1e …" is a label
    if (apart and (numeric or (lead_code and settings.extra_value.match(label[0])))) or (lead_code and numeric):
        return label[0], label[1:]
    return None, label


def _header_paths(
    lines: list[Line], header: list[int], first: _Page, row_cells: dict[int, _RowCells], settings: Settings
) -> tuple[list[str], list[list[str]]]:
    """The stub (header words over the labels) and, per column, its header cells top-down."""
    stub, per_line, placings, n = _header_cells(lines, header, first, row_cells, settings)
    if not per_line:
        return stub, [[""] for _ in range(n)]
    close = _lowest_set_close(lines, header, first.rows, settings)
    return stub, _levels(per_line, header, placings, n, close, settings)


def _header_cells(
    lines: list[Line], header: list[int], first: _Page, row_cells: dict[int, _RowCells], settings: Settings
) -> tuple[list[str], list[list[list[str]]], dict[int, _LinePlacing], int]:
    """The stub words, each header line's words per column, the lines placed by position,
    and the number of columns."""
    extents = _extents(lines, first, row_cells, settings)
    n = len(extents)
    label_start = max(_label_indent(lines[i], settings) for i in first.rows)
    worded = {
        c
        for c in range(n)
        if any(cells[c] is not None and dutch.read_cell(cells[c]) is None for _, cells, _ in row_cells.values())
    }
    numeric = [c for c in range(n) if c not in worded]
    per_line: list[list[list[str]]] = []
    stub: list[str] = []
    extents = _period_extents(lines, header, extents, n, settings)
    placings: dict[int, _LinePlacing] = {}

    def place(i: int, avoid: list[list[tuple[int, int]]] | None = None) -> _LinePlacing:
        return _placed_line(lines, i, extents, label_start, worded, n, settings, avoid)

    for i in header:
        if _periods_in_order(lines[i].tokens, len(numeric)) is None:
            placings[i] = place(i)
    placings = _kept_apart(placings, n, place)
    placings = _after_stage_marks(lines, header, placings, n, place)
    for i in header:
        if i in placings:
            words, cells = placings[i].stub, placings[i].cells
        else:
            # a line of one period per column of figures: in order, wherever pdftotext
            # put it; words before them are the stub, words after them head the columns
            # of words (notes, references) in order
            ordered = _periods_in_order(lines[i].tokens, len(numeric))
            assert ordered is not None
            words, cells = _ordered_line(ordered, numeric, worded, n, settings)
        stub += words
        per_line.append(cells)
    return stub, per_line, placings, n


def _lowest_set_close(lines: list[Line], header: list[int], rows: list[int], settings: Settings) -> bool | None:
    """Whether a PDF sets the lowest header line as close under the line above it as the
    lines of one wrapped cell (True) or as far apart as the table's rows (False); None
    where the letter cannot show it (a text has no pitches)."""
    return _set_close(lines, rows, settings)(header[-1]) if len(header) >= 2 else None


def _levels(
    per_line: list[list[list[str]]],
    header: list[int],
    placings: dict[int, _LinePlacing],
    n: int,
    close: bool | None,
    settings: Settings,
) -> list[list[str]]:
    """Per column, its header cells top-down: two levels where the lines show them (column
    numbers over the names, or under them where a PDF sets them a row apart, periods under
    upper cells, a band of cells under a spanning one), else one cell of all its lines."""

    def whole(c: int, part: list[list[list[str]]] = per_line) -> str:
        return labels.join([line[c] for line in part])

    numbers = _numbering_lines(per_line)
    if numbers:
        # a line of column numbers over the headers ("(1)  (2)  (4)=(1)+(2)+(3)"): a level of its own
        return [
            [whole(c, per_line[:numbers]), whole(c, per_line[numbers:])]
            if any(line[c] for line in per_line[:numbers])
            else [whole(c)]
            for c in range(n)
        ]
    if close is False and _numbering_under(per_line):
        # a row of column numbers under the headers, set a row apart: a level of its own
        return [[whole(c, per_line[:-1]), whole(c, per_line[-1:])] if per_line[-1][c] else [whole(c)] for c in range(n)]
    over_periods = _over_periods(per_line, header, n, close, settings)
    if over_periods is not None:
        return over_periods
    band = _lower_band(per_line)
    if band is not None:
        top, under = band
        runs = [placings[i].runs if i in placings else [] for i in header[:top]]
        upper = _upper_cells(per_line[:top], runs, under, settings)
        return [[upper[c], whole(c, per_line[top:])] if c in under else [whole(c)] for c in range(n)]
    return [[whole(c)] for c in range(n)]


def _over_periods(
    per_line: list[list[list[str]]], header: list[int], n: int, close: bool | None, settings: Settings
) -> list[list[str]] | None:
    """Upper header cells over a lowest line of one period per column, each spanning the
    years below it as far as they run on; None where the lowest line is not such a line."""
    lowest = per_line[-1]
    headed = [
        c
        for c in range(n)
        if any(line[c] for line in per_line)  # a notes column may have none
        and not settings.names_non_amount_column(" ".join(lowest[c]))
    ]
    if len(per_line) < 2 or not all(lowest[c] and _periods_only(lowest[c]) for c in headed):
        return None
    if _wrapped_onto_periods(per_line, header, headed, close):
        return None
    upper = [labels.join([line[c] for line in per_line[:-1]]) for c in range(n)]
    lower = [" ".join(c) for c in lowest]
    spanned = _spanning([upper[c] for c in headed], [lower[c] for c in headed])
    if spanned is None:
        raise Unreadable(
            header[0],
            "an upper header cell could span the columns on its left or on its right: which is not certain",
        )
    for c, text_ in zip(headed, spanned):
        upper[c] = text_
    return [
        [u, lo] if c in headed else [labels.join([line[c] for line in per_line])]
        for c, (u, lo) in enumerate(zip(upper, lower))
    ]


def _wrapped_onto_periods(
    per_line: list[list[list[str]]], header: list[int], headed: list[int], close: bool | None
) -> bool:
    """Each column's own words directly over its period, on the line right above it
    ("Raming" over "2020" in a narrow column), set as close as the lines of one cell
    (``close``, a PDF's pitches): one cell wrapped onto a second line, not a level over
    the periods. A text cannot show the difference (a wrapped cell and a row of one line
    each print alike), so there the periods stay a level of their own, as they are where
    a cell spans several periods or a column's words end on an earlier line."""
    lowest, above = len(per_line) - 1, len(per_line) - 2
    adjacent = header[lowest] == header[above] + 1 and all(per_line[above][c] for c in headed)
    return adjacent and close is True


def _lower_band(per_line: list[list[list[str]]]) -> tuple[int, list[int]] | None:
    """A lower level of header cells under some columns ("Mutatie Miljoenennota" and
    "Overige mutaties" under "Mutaties 2e suppletoire begroting (3)"): the last header lines
    with words, over a run of two or more columns whose words above them end on an earlier
    line than other columns' do, so that those columns are blank on a line between while
    the others go on (one cell's lines follow on without a blank one). Its first line and
    columns, the fewest lines that make one."""
    worded = [k for k, line in enumerate(per_line) if any(line)]
    for top in reversed(worded[1:]):
        under = sorted({c for line in per_line[top:] for c, cell in enumerate(line) if cell})
        if len(under) < 2 or under != list(range(under[0], under[-1] + 1)):
            continue
        last_above = [max((k for k in range(top) if per_line[k][c]), default=-1) for c in under]
        if min(last_above) < 0:
            continue
        others = [c for c in range(len(per_line[top])) if c not in under]
        if any(per_line[k][c] for k in range(max(last_above) + 1, top) for c in others):
            return top, under
    return None


def _upper_cells(
    above: list[list[list[str]]], runs: list[list[tuple[list[Token], int]]], under: list[int], settings: Settings
) -> dict[int, str]:
    """The upper cell over each column of a lower band: one cell spanning them all where a
    phrase of its words was cut between two of them ("Mutaties 2e | suppletoire"), else
    each column's own words."""
    cut = any(
        a[1] in under and b[1] == a[1] + 1 and b[1] in under and b[0][0].start - a[0][-1].end < settings.column_gap
        for line_runs in runs
        for a, b in zip(line_runs, line_runs[1:])
    )
    if cut:
        text = labels.join([[w for c in under for w in line[c]] for line in above])
        return {c: text for c in under}
    return {c: labels.join([line[c] for line in above]) for c in under}


# A column's number, or part of a formula of them wrapped over lines: "(1)", "(4)=(1)+", "(2)+(3)".
_COLUMN_NUMBER = re.compile(r"^(?=.*\d)[()\d=+\-–\s]+$")


def _numbering_lines(per_line: list[list[list[str]]]) -> int:
    """How many header lines at the top hold column numbers only, over two or more columns
    that have words of their own below them; 0 for none."""
    k = 0
    while (
        k < len(per_line) - 1
        and any(per_line[k])
        and all(_COLUMN_NUMBER.match(" ".join(cell)) for cell in per_line[k] if cell)
    ):
        k += 1
    if not k:
        return 0
    numbered = [c for c in range(len(per_line[0])) if any(line[c] for line in per_line[:k])]
    below = [c for c in numbered if any(line[c] for line in per_line[k:])]
    return k if len(numbered) >= 2 and below == numbered else 0


def _numbering_under(per_line: list[list[list[str]]]) -> bool:
    """Whether the lowest header line holds column numbers only ("1  2  (3)=(1+2)"), under
    two or more columns that have words of their own above them."""
    lowest = per_line[-1]
    numbered = [c for c, cell in enumerate(lowest) if cell]
    return (
        len(per_line) >= 2
        and len(numbered) >= 2
        and all(_COLUMN_NUMBER.match(" ".join(lowest[c])) for c in numbered)
        and all(any(line[c] for line in per_line[:-1]) for c in numbered)
    )


def _period_extents(
    lines: list[Line], header: list[int], extents: list[tuple[int, int]], n: int, settings: Settings
) -> list[tuple[int, int]]:
    """The columns' extents: those of the lowest header line of one period per column, or else ``extents``."""
    for i in reversed(header):
        phrases = _phrases(lines[i], settings)
        periods = [p for p in phrases if _periods_only([t.text for t in p])]
        if len(periods) == n and all(p is q for p, q in zip(periods, phrases[len(phrases) - n :])):
            # A line of one period per column is read in order, wherever pdftotext put
            # it; the header lines above it share its font, so its positions are theirs.
            return [(p[0].start, p[-1].end) for p in periods]
    return extents


def _ordered_line(
    ordered: tuple[list[Token], list[list[Token]], list[Token]],
    numeric: list[int],
    worded: set[int],
    n: int,
    settings: Settings,
) -> tuple[list[str], list[list[str]]]:
    """A header line of periods in order: its stub words, and its cells per column (the periods, then words)."""
    cells: list[list[str]] = [[] for _ in range(n)]
    before, periods, after = ordered
    for c, period in zip(numeric, periods):
        cells[c] = [t.text for t in period]
    for c, run in zip(sorted(worded), _word_runs(after, settings)):
        cells[c] = [t.text for t in run]
    return [t.text for t in before], cells


@dataclass
class _LinePlacing:
    """A header line placed by position: its words over the labels, its runs of words each
    over a column, and whether a phrase (words a single space apart) was cut between columns."""

    stub: list[str]
    runs: list[tuple[list[Token], int]]
    cut: bool
    n: int

    @property
    def cells(self) -> list[list[str]]:
        cells: list[list[str]] = [[] for _ in range(self.n)]
        for run, c in self.runs:
            cells[c].extend(t.text for t in run)
        return cells


def _placed_line(
    lines: list[Line],
    i: int,
    extents: list[tuple[int, int]],
    label_start: int,
    worded: set[int],
    n: int,
    settings: Settings,
    avoid: list[list[tuple[int, int]]] | None = None,
) -> _LinePlacing:
    """A header line placed by position (its runs kept off the ``avoid`` spans of each column, when given)."""
    stub: list[str] = []
    phrases = _phrases(lines[i], settings)
    while (
        phrases and phrases[0][-1].end < extents[0][0] and phrases[0][0].start <= label_start + settings.edge_tolerance
    ):
        stub.extend(t.text for t in phrases.pop(0))  # words over the labels
    placed = _place(phrases, extents, worded, settings, avoid) if phrases else []
    if placed is None and len(phrases) == n and avoid is None:
        # as many phrases, apart by wide gaps, as the table has columns: one over each,
        # in order, however pdftotext set the header apart from the figures (centred)
        placed = [(phrase, c) for c, phrase in enumerate(phrases)]
    if placed is None:
        raise Unreadable(i, "the words of this header line do not stand over the table's columns")
    cut = len(placed) > len(phrases)
    return _LinePlacing(stub, placed, cut, n)


# A header line placed again by position, its runs kept off the given spans of each column.
_Placer = Callable[[int, list[list[tuple[int, int]]]], _LinePlacing]


def _kept_apart(placings: dict[int, _LinePlacing], n: int, place: _Placer) -> dict[int, _LinePlacing]:
    """Header lines whose phrases had to be cut between two columns ("ISB, motie en
    begroting (3)=", the end of one centred cell a space before the next) placed again, each
    character that stands where the other lines put another column's whole phrases costing
    as much as a character of distance from the column: header cells are boxes side by side.
    Where that leaves no placing, the first stands."""
    if not any(p.cut for p in placings.values()):
        return placings
    out = dict(placings)
    for i, placing in placings.items():
        if not placing.cut:
            continue
        taken: list[list[tuple[int, int]]] = [[] for _ in range(n)]
        for j, other in placings.items():
            if j != i and not other.cut:
                for run, c in other.runs:
                    taken[c].append((run[0].start, run[-1].end))
        avoid = [[span for d in range(n) if d != c for span in taken[d]] for c in range(n)]
        try:
            out[i] = place(i, avoid)
        except Unreadable:
            continue
    return out


def _after_stage_marks(
    lines: list[Line], header: list[int], placings: dict[int, _LinePlacing], n: int, place: _Placer
) -> dict[int, _LinePlacing]:
    """Header lines placed again where they put words in a column whose cell a line above
    ended with its stage mark ("Ontwerpbegroting t (1)" takes no "en" from the line below);
    where that leaves no placing, the line stands as it was."""
    out = dict(placings)
    closed: set[int] = set()
    for i in header:
        if i not in out:
            continue
        if any(c in closed and text.has_letters([run[0].text]) for run, c in out[i].runs):
            # a closed column costs every character placed over it
            avoid = [[(0, len(lines[i].text))] if c in closed else [] for c in range(n)]
            try:
                out[i] = place(i, avoid)
            except Unreadable:
                pass
        for run, c in out[i].runs:
            last = run[-1].text
            if wrapped.STAGE_MARK.match(last):
                closed.add(c)
            elif text.has_letters([last]):
                closed.discard(c)
    return out


def _periods_in_order(
    tokens: tuple[Token, ...], count: int
) -> tuple[list[Token], list[list[Token]], list[Token]] | None:
    """A header line that holds exactly ``count`` periods in a row ("2011 … 2015", a
    footnote mark after a year allowed): (the tokens before, the periods, the tokens after)."""
    words = [t.text for t in tokens]
    run = headers.period_run(words)
    if run is None or count == 0:
        return None
    start, end, periods = run
    if len(periods) != count or any(dutch.YEAR.match(headers.unnote(w)) for w in words[:start]):
        return None
    groups: list[list[Token]] = []
    k = start
    for period in periods:
        size = len(period.split())
        groups.append(list(tokens[k : k + size]))
        k += size
    rest = list(tokens[end:])
    while rest and rest[0].text.isdigit() and len(rest[0].text) == 1:
        groups[-1].append(rest.pop(0))  # "2022 3": a footnote mark
    before = list(tokens[:start])
    if count == 1:
        # the one column's cell is the phrase the period ends ("Ontvangsten 2017"), set
        # apart from the stub by a wider gap
        while before and before[-1].end + 1 == groups[0][0].start:
            groups[0].insert(0, before.pop())
    return before, groups, rest


def _word_runs(tokens: list[Token], settings: Settings) -> list[list[Token]]:
    runs: list[list[Token]] = []
    for token in tokens:
        if runs and token.start - runs[-1][-1].end < settings.column_gap:
            runs[-1].append(token)
        else:
            runs.append([token])
    return runs


def _label_indent(line: Line, settings: Settings) -> int:
    """Where a row's label starts (after a code in a column of its own)."""
    tokens = line.tokens
    if (
        len(tokens) >= 2
        and tokens[1].start - tokens[0].end >= settings.column_gap
        and any(p.match(tokens[0].text) for p in (settings.article_code, settings.row_number, settings.lettered_code))
    ):
        return tokens[1].start
    return tokens[0].start


def _periods_only(words: list[str]) -> bool:
    """A header cell that is a period and nothing else ("2018", "2022 3", "2025 e.v.")."""
    if len(words) == 2 and words[1].isdigit() and len(words[1]) == 1:
        words = words[:1]  # a footnote mark
    return (
        dutch.read_periods([headers.unnote(w) for w in words]) is not None
        and len(dutch.read_periods([headers.unnote(w) for w in words]) or []) == 1
    )


def _extents(
    lines: list[Line], page: _Page, row_cells: dict[int, _RowCells], settings: Settings
) -> list[tuple[int, int]]:
    """Each column's full extent on the first page: from its leftmost to its rightmost cell."""
    lefts = [left for left, _ in page.columns]
    rights = [right for _, right in page.columns]
    for i in page.rows:
        for c, where in enumerate(row_cells[i][2]):
            if where is not None:
                lefts[c], rights[c] = min(lefts[c], where[0]), max(rights[c], where[1])
    return list(zip(lefts, rights))


def _phrases(line: Line, settings: Settings) -> list[list[Token]]:
    """A header line's tokens in runs apart by wide gaps."""
    phrases: list[list[Token]] = []
    for token in line.tokens:
        if phrases and token.start - phrases[-1][-1].end < settings.column_gap:
            phrases[-1].append(token)
        else:
            phrases.append([token])
    return phrases


_Placing = tuple[float, list[tuple[int, int, int]]]  # cost, and (first token, last token, column) per run


def _place(
    phrases: list[list[Token]],
    extents: list[tuple[int, int]],
    worded: set[int],
    settings: Settings,
    avoid: list[list[tuple[int, int]]] | None = None,
) -> list[tuple[list[Token], int]] | None:
    """Header words over their columns: the line's words cut into runs (within a phrase)
    and each run put over a column, left to right, so that the runs end nearest the
    columns' right ends (headers are right-aligned; pdftotext may let a bold header drift
    a few characters). Every run earns a bonus, so words that end at columns of their own
    stay apart ("Mutatie Mutatie"); a run may not end too far from its column."""
    tokens = [(t, k) for k, phrase in enumerate(phrases) for t in phrase]
    m, n = len(tokens), len(extents)
    bonus, reach = 2 * settings.edge_tolerance, 3 * settings.edge_tolerance
    memo: dict[tuple[int, int], _Placing | None] = {}

    def solve(i: int, c: int) -> _Placing | None:
        if i == m:
            return 0.0, []
        if c == n:
            return None
        key = (i, c)
        if key in memo:
            return memo[key]
        best: _Placing | None = None
        for j in _run_ends(tokens, i):
            for d in range(c, n):
                miss = _miss(tokens[i][0], tokens[j][0], extents[d], d in worded)
                if miss > reach:
                    continue
                rest = solve(j + 1, d + 1)
                if rest is None:
                    continue
                overlap = _overlap(tokens[i][0].start, tokens[j][0].end, avoid[d]) if avoid else 0
                cost = miss + overlap - bonus + rest[0]
                best = _cheaper(best, cost, (i, j, d), rest[1])
        memo[key] = best
        return best

    found = solve(0, 0)
    if found is None:
        return None
    return [([tokens[k][0] for k in range(i, j + 1)], d) for i, j, d in found[1]]


_OPERATORS = frozenset("=+-–−")
_OPERAND = re.compile(r"^\(?\d")  # a column's number in a formula: "(2)", "3"


def _run_ends(tokens: list[tuple[Token, int]], i: int) -> list[int]:
    """Where a run of header words from token ``i`` may end: within its phrase, never
    inside a formula ("(4) = (2) + (3)")."""
    ends = []
    j = i
    while j < len(tokens) and tokens[j][1] == tokens[i][1]:
        following = tokens[j + 1] if j + 1 < len(tokens) else None
        if not (following and following[1] == tokens[j][1] and _joins_on(tokens[j][0].text, following[0].text)):
            ends.append(j)
        j += 1
    return ends


def _joins_on(word: str, following: str) -> bool:
    """Two words of a phrase that a header cell never ends between: an operator and its
    operand ("=" and "(2)"; not "+" and "suppletoire", the next cell's word)."""
    return (word in _OPERATORS and bool(_OPERAND.match(following))) or (
        following in _OPERATORS and bool(_OPERAND.match(word))
    )


def _overlap(start: int, end: int, spans: list[tuple[int, int]]) -> int:
    """How many characters of ``start``-``end`` stand where the ``spans`` do."""
    return sum(max(0, min(end, b) - max(start, a)) for a, b in spans)


def _miss(first: Token, last: Token, extent: tuple[int, int], over_words: bool) -> int:
    """How far a run of header words stands from a column: its right end from the column's (over words: either end)."""
    # right-aligned over figures; over a column of words, left-aligned
    miss = abs(last.end - extent[1])
    if over_words:
        miss = min(miss, abs(first.start - extent[0]))
    return miss


def _cheaper(
    best: _Placing | None, cost: float, run: tuple[int, int, int], rest: list[tuple[int, int, int]]
) -> _Placing:
    """The cheaper placement: ``run`` then ``rest`` at ``cost`` when it costs less than ``best``, else ``best``."""
    if best is None or cost < best[0]:
        return cost, [run] + rest
    return best


def _spanning(upper: list[str], lower: list[str]) -> list[str] | None:
    """Upper header cells printed once over several columns (right-aligned over the last
    of them, or centred) span the empty upper cells beside them as far as the years
    below run on one by one ("Realisatie" over 2017 … 2021). Empty cells that the cell on
    either side could span are not certain: None."""
    out = list(upper)
    n = len(upper)

    def runs_on(a: int, b: int) -> bool:
        return all(dutch.follows(headers.unnote(lower[k]), headers.unnote(lower[k + 1])) for k in range(a, b))

    k = 0
    while k < n:
        if upper[k]:
            k += 1
            continue
        gap_end = k
        while gap_end + 1 < n and not upper[gap_end + 1]:
            gap_end += 1
        left = k - 1 if k > 0 else None
        right = gap_end + 1 if gap_end + 1 < n else None
        by_left = left is not None and runs_on(left, gap_end)
        by_right = right is not None and runs_on(k, right)
        if by_left == by_right:
            return None  # either cell may span the gap, or neither runs on over it: not certain
        for c in range(k, gap_end + 1):
            if by_left:
                out[c] = upper[left]  # type: ignore[index]
            elif by_right:
                out[c] = upper[right]  # type: ignore[index]
        k = gap_end + 1
    return out


def _amount_columns(paths: list[list[str]], row_cells: dict[int, _RowCells], n: int, settings: Settings) -> list[int]:
    """The columns that hold amounts: not named as codes or notes, and not holding words
    ("Div") or, with no header at all, only small whole numbers (note numbers)."""
    amount = []
    for c in range(n):
        header = " ".join(t for t in paths[c] if t).strip()
        values = [v for _, cells, _ in row_cells.values() if (v := cells[c]) is not None]
        if settings.names_non_amount_column(header):
            continue
        unreadable = [v for v in values if dutch.read_cell(v) is None]
        if unreadable:
            if header and headers.period_run(header.split()) is not None:
                raise Unreadable(None, f"cannot read '{unreadable[0]}' under '{header}' as a figure")
            continue  # a column of codes or words ("Div", "alle")
        if not header and values and all(v.strip().isdigit() and len(v.strip()) <= 2 for v in values):
            continue
        amount.append(c)
    return amount
