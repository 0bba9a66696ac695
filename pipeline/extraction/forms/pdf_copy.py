"""Tables in a PDF text copy: one row per line, words and figures separated by single
spaces, blank cells simply absent, header cells that wrap interleaved over lines.

What such a copy shows for certain, this reads: the rows (a label, then one figure per
amount column, read from the right; a leading article code or row number; trailing
non-amount columns named in the header), the periods line and header lines that split
into one cell per column. What it cannot show, this reports instead of guessing:

- a row with fewer figures than the table has columns (which cell is blank?),
- a row whose words can be read as figures in more than one way ("10 275 11 823" when
  spaces also separate thousands), unless the table's conventions or its own totals
  leave one reading (``pipeline.extraction.settle``),
- header cells wrapped over several lines, or spanning several columns (which words
  stand over which column?).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from pipeline import dutch
from pipeline.extraction import figures, headers, labels, text, wrapped
from pipeline.extraction import letter as letter_fields
from pipeline.extraction.grid import Ambiguous, Grid, GridCell, Unreadable
from pipeline.extraction.settings import Settings
from pipeline.extraction.text import Line

NAME = "pdf-copy"


# ---- what a line is, in this form ---------------------------------------------------------


@text.per_line
def is_row(line: Line, settings: Settings) -> bool:
    """A label (or nothing) followed by at least one figure, and not a header of periods.
    A row may end in a word of a non-amount column after its figures ("Div", "alle")."""
    words = line.words
    if not words:
        return False
    if len(words) >= 2 and words[-1].lower() in settings.extra_words:
        words = words[:-1]
    count, label_end = figures.trailing_cells(words)
    if count == 0:
        return False
    label = words[:label_end]
    if is_periods_header(words, label_end, count, line) or _is_caption_line(line, label_end, settings):
        return False
    if not label:
        return True
    if letter_fields.DATE_LINE.match(line.content):
        return False  # "Den Haag, 4 december 2018"
    if count == 1 and label[-1].lower() in settings.linking_words and dutch.YEAR.match(words[label_end]):
        return False  # a sentence that names a year: "… € 46,9 mln in 2019"
    return (
        text.has_letters(label) and not text.is_sentence(label, settings) and len(label) <= settings.max_row_label_words
    )


def _is_caption_line(line: Line, label_end: int, settings: Settings) -> bool:
    """A caption that happens to end in a number: "Overzicht … uitgavenmutaties 2015",
    "(Najaarsnota) Bedragen in EUR 1.000" (the figure is part of the unit)."""
    words = line.words
    if settings.caption_start.match(line.content):
        return True  # "Tabel 3 …", "Overzicht … artikel 17"
    unit = dutch.find_unit(line.content)
    if unit is None or label_end >= len(words):
        return False
    first_figure = line.tokens[label_end].start - line.tokens[0].start
    return unit.start <= first_figure < unit.end


def is_periods_header(words: list[str], label_end: int, count: int, line: Line) -> bool:
    """Trailing "figures" that are years: a header ("In mln euro 2015 2016", "(in
    miljarden 2025 2026", "(in lopende prijzen) 2009"), not a row."""
    years = [headers.unnote(w) for w in words[label_end:]]
    if not all(dutch.YEAR.match(y) for y in years):
        return False
    label_text = " ".join(words[:label_end])
    if (
        label_text
        and all(y != w for y, w in zip(years, words[label_end:]))
        and not (label_text.startswith("(") or dutch.find_unit(label_text))
    ):
        return False  # "Politie 19001 19002": figures after a label, not years that each carry a note
    by_years = headers.split_by_years(words)
    if (
        by_years is not None
        and len(by_years) >= 2
        and all(not figures.implausible_label(c.split()[:-1] or ["x"]) for c in by_years)
    ):
        return True  # "MN 2015 FJR 2015", "Realisatie 2014 Realisatie 2015"
    ordered = all(int(b) >= int(a) for a, b in zip(years, years[1:]))
    label = " ".join(words[:label_end])
    return ordered and (count >= 2 or label.startswith("(") or dutch.find_unit(label) is not None)


def _is_text(line: Line, settings: Settings) -> bool:
    """A line of words that may be a label part or a sub-heading: no figures, not prose."""
    words = line.words
    return (
        bool(words)
        and figures.trailing_cells(words)[0] == 0
        and not text.is_prose(line, settings)
        and len(words) <= settings.max_label_words
    )


# ---- the body: rows and what lies between them ----------------------------------------------


def _prose_paragraph_starts(lines: list[Line], i: int, settings: Settings) -> bool:
    """A line directly followed (no blank line between) by prose is the start of a paragraph."""
    j = i + 1
    return j < len(lines) and not lines[j].is_blank and text.is_prose(lines[j], settings)


def _body(lines: list[Line], first: int, settings: Settings) -> labels.Body:
    body = labels.Body()
    items = body.items
    pending: list[int] = []
    blanks = 0
    i = first
    while i < len(lines):
        line = lines[i]
        if line.is_blank:
            blanks += 1
            if blanks > settings.max_blank_lines_in_body:
                break
            i += 1
            continue
        if text.is_furniture(line, settings):
            i += 1
            continue
        if blanks and text.is_heading(line, settings) and not is_row(line, settings):
            break
        if is_row(line, settings) and items and not pending and not blanks and _no_label(line):
            pending.append(i)  # "2015" alone under a row: the end of its label
            i += 1
            continue
        if is_row(line, settings):
            if _after_table(lines, i, items, pending, blanks, settings):
                break
            body.add_row(i, pending)
            blanks = 0
            i += 1
            continue
        if not _may_be_label_text(line, pending, blanks, settings) or not body.add_text(i, pending, settings):
            break
        blanks = 0
        i += 1
    return body.close(lines, pending, first, settings)


def _after_table(
    lines: list[Line], i: int, items: list[tuple[str, int]], pending: list[int], blanks: int, settings: Settings
) -> bool:
    """Whether a row after blank lines is what follows the table: a sentence, or the next table's header."""
    line = lines[i]
    if items and blanks and _prose_paragraph_starts(lines, i, settings):
        return True  # a sentence after the table that happens to end in figures
    unit = dutch.find_unit(line.content)
    if (
        items
        and pending == []
        and blanks
        and text.is_caption(line, settings)
        and unit is not None
        and unit.unit_eur is not None
        and _periods_to_end(line.words, settings)
    ):
        return True  # the next table's header ("In mln euro 2020 2021"), not "… in % bbp 1,2%"
    return False


def _may_be_label_text(line: Line, pending: list[int], blanks: int, settings: Settings) -> bool:
    """Whether a line of text may be a label part or a sub-heading: not a title, nor text again after a blank line."""
    return _is_text(line, settings) and not text.is_title(line, settings) and not (blanks and pending)


def _no_label(line: Line) -> bool:
    return figures.trailing_cells(line.words)[1] == 0 and len(line.words) == 1


def _label_start(lines: list[Line], first_row: int, settings: Settings) -> int:
    """Where the first row's label starts: text lines right above it may open it
    ("Inkomsten (belastingen en sociale" above "premies) 284,8")."""
    start = first_row
    words = lines[first_row].words
    label = words[: figures.trailing_cells(words)[1]]
    while start - 1 >= 0 and first_row - start < settings.max_text_lines_in_body:
        above = lines[start - 1]
        if not _is_text(above, settings) or text.is_title(above, settings) or headers.period_run(above.words):
            break
        if not (
            labels.links_down(above.words, settings)
            or (start == first_row and label and labels.goes_on(label, settings))
        ):
            break
        start -= 1
        label = above.words
    return start


# ---- the header ---------------------------------------------------------------------------


@dataclass
class _Header:
    top: int  # first line of the caption or header
    caption_lines: list[int]  # caption lines above the column header
    header_lines: list[int]  # column header lines, top-down
    leading: list[int] = field(default_factory=list)  # text under the header: the rows' first sub-heading


def _header(lines: list[Line], first_row: int, settings: Settings) -> _Header:
    """The lines above the first row: a group of header lines right above it, and above
    that (over blank lines) caption groups that name the table or its unit."""
    i = first_row - 1
    while i >= 0 and (lines[i].is_blank or text.is_furniture(lines[i], settings)):
        i -= 1
    header, i = _header_group(lines, i, settings)
    leading: list[int] = []
    # Text right above the rows that names no period, over a blank line under a line that
    # ends in its periods ("Omschrijving 2021 2022" / "" / "Apparaat:"): that line is the
    # header, the text a sub-heading of the rows.
    if header and not any(headers.period_run(lines[h].words) for h in header):
        j = i
        while j >= 0 and lines[j].is_blank:
            j -= 1
        if j < i and j >= 0 and _periods_to_end(lines[j].words, settings) and not text.is_title(lines[j], settings):
            leading = header
            header, i = _header_group(lines, j, settings)
    caption: list[int] = []
    # a title at the top of the group, with the lines that close its parenthesis
    while (
        header
        and (
            headers.period_run(lines[header[0]].words) is None or settings.caption_start.match(lines[header[0]].content)
        )
        and (
            text.is_title(lines[header[0]], settings)
            or (caption and labels.open_parenthesis([w for c in caption for w in lines[c].words]))
        )
    ):
        caption.append(header.pop(0))
    caption = _caption_groups(lines, i, caption, settings)
    # Text right above the rows that names no period, under a line that names the unit and
    # the periods ("In mln euro 2015 2016" / "" / "Intensiveringen"): that line is the
    # header, the text a sub-heading of the rows.
    if (
        not leading
        and header
        and caption
        and not any(headers.period_run(lines[h].words) for h in header)
        and headers.period_run(lines[caption[-1]].words)
        and dutch.find_unit(lines[caption[-1]].content)
    ):
        leading, header = header, [caption.pop()]
    top = (sorted(caption) or header or [first_row])[0]
    return _Header(top, sorted(caption), header, leading)


def _caption_groups(lines: list[Line], i: int, caption: list[int], settings: Settings) -> list[int]:
    """The caption lines after the groups above them (up from ``i``, over blank lines) that name the table or unit."""
    j = i
    while True:
        while j >= 0 and lines[j].is_blank:
            j -= 1
        group, k = _caption_group(lines, j, settings)
        complete = k < 0 or lines[k].is_blank
        if not group or not complete or not any(text.is_caption(lines[g], settings) for g in group):
            break
        caption = group + caption
        j = k
    return caption


def _caption_group(lines: list[Line], j: int, settings: Settings) -> tuple[list[int], int]:
    """The run of non-blank lines ending at ``j`` (upward) up to prose or a heading, and where it stops."""
    group: list[int] = []
    k = j
    while k >= 0 and not lines[k].is_blank and len(group) < settings.max_caption_lines:
        if text.is_prose(lines[k], settings) or text.is_heading(lines[k], settings):
            break
        group.insert(0, k)
        k -= 1
    return group, k


def _header_group(lines: list[Line], i: int, settings: Settings) -> tuple[list[int], int]:
    """The run of non-blank header lines ending at ``i`` (upward), and where it stops."""
    group: list[int] = []
    while i >= 0 and not lines[i].is_blank and len(group) < settings.max_header_lines:
        line = lines[i]
        if text.is_heading(line, settings) or text.is_furniture(line, settings):
            break
        if text.is_prose(line, settings) and not text.is_caption(line, settings):
            break
        group.insert(0, i)
        i -= 1
    return group, i


def _periods_to_end(words: list[str], settings: Settings) -> bool:
    """A line that ends in its periods (and the names of non-amount columns)."""
    run = headers.period_run(words)
    names = settings.code_column_names | settings.note_column_names
    return run is not None and all(w.lower() in names for w in words[run[1] :])


def _cells_of(words: list[str], n: int) -> list[str] | None:
    """Header words over ``n`` columns, when the words say for certain which is which."""
    periods = dutch.read_periods([headers.unnote(w) for w in words])
    if periods is not None and len(periods) == n:
        return [p for p in periods]
    if len(words) == n:
        return list(words)
    by_years = headers.split_by_years(words)
    if by_years is not None and len(by_years) == n:
        return by_years
    return None


@dataclass
class _Columns:
    n: int | None
    headers: list[list[str]] | None  # per column, per level
    stub: list[str]
    lead_code: bool  # a code column before the label
    trailing: int  # non-amount columns after the amounts
    periods_line: int | None


def _periods_line(
    lines: list[Line], levels: list[int], settings: Settings
) -> tuple[int, tuple[int, int, list[str]]] | None:
    """The lowest header line that ends in its periods (and non-amount column names), with where they stand."""
    names = settings.code_column_names | settings.note_column_names
    periods_at = None
    for index in reversed(levels):
        words = lines[index].words
        run = headers.period_run(words)
        if run is None:
            continue
        start, end, _ = run
        if all(w.lower() in names for w in words[end:]):
            periods_at = (index, run)
            break
        if dutch.find_unit(" ".join(words[:start])) is not None:
            raise Unreadable(index, f"the table header's periods cannot be read: '{' '.join(words[start:])}'")
    return periods_at


def _columns(lines: list[Line], header: _Header, settings: Settings) -> _Columns:
    """Read the column header for as much as it says: the number of amount columns and
    their header texts, the stub, and the non-amount columns named in it."""
    levels = header.header_lines
    periods_at = _periods_line(lines, levels, settings)
    if periods_at is None:
        return _Columns(None, None, [], False, 0, None)
    index, (start, end, periods) = periods_at
    words = lines[index].words
    prefix, suffix = words[:start], words[end:]
    lead_code = bool(prefix) and prefix[0].lower() in settings.code_column_names
    stub = prefix[1:] if lead_code else prefix
    n = len(periods)
    paths = [[p] for p in periods]
    position = levels.index(index)
    # Lines below the periods line close a stub left open ("(in miljarden" … "euro)").
    below = levels[position + 1 :]
    if below:
        if not labels.open_parenthesis(stub):
            raise Unreadable(
                below[0],
                "the column header goes on below its periods and a PDF text "
                "copy does not show which words stand over which column",
            )
        stub = stub + [w for b in below for w in lines[b].words]
    # Lines above it are header levels over the same columns, or the caption.
    above = levels[:position]
    upper: list[list[str]] = []
    for level in above:
        words_above = lines[level].words
        if text.is_caption(lines[level], settings) and not upper:
            header.caption_lines.append(level)
            continue
        cells = _cells_of(words_above, n) or headers.over_runs_of_years(words_above, periods)
        if cells is None:
            raise Unreadable(
                level,
                "the column header runs over several lines and a PDF text copy "
                "does not show which words stand over which column",
            )
        upper.append(cells)
    for column, cells_by_level in enumerate(zip(*upper) if upper else []):
        paths[column] = list(cells_by_level) + paths[column]
    return _Columns(n, paths, stub, lead_code, len(suffix), index)


# ---- rows ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _RowReading:
    code: str | None
    label_start: int
    label_end: int
    cells: tuple[tuple[int, int], ...]


def _row_readings(
    words: list[str], n: int, trailing: int, lead_code: bool, settings: Settings, continued: bool = False
) -> list[_RowReading]:
    found: list[_RowReading] = []
    ends = [len(words)]
    for _ in range(trailing):  # each trailing non-amount cell may be blank
        ends = sorted(
            {
                e
                for end in ends
                for e in (end, end - 1)
                if e == end or (end >= 1 and settings.extra_value.match(words[end - 1]))
            },
            reverse=True,
        )
    for end in ends:
        for label_end, cells in figures.readings(words, end, n):
            starts = [0]
            if label_end >= 2 and lead_code and not continued and settings.extra_value.match(words[0]):
                starts = [1]
            for label_start in starts:
                label = words[label_start:label_end]
                if label and (
                    figures.implausible_continuation(label) if continued else figures.implausible_label(label)
                ):
                    continue
                code = words[0] if label_start else None
                reading = _RowReading(code, label_start, label_end, cells)
                if reading not in found:
                    found.append(reading)
    return found


def _count_words(n: int) -> str:
    return f"{n} column{'s' * (n != 1)}"


def _candidates(
    line: Line, n: int, columns: _Columns, row_numbers: bool, settings: Settings, continued: bool = False
) -> list[_RowReading]:
    found = _row_readings(line.words, n, columns.trailing, columns.lead_code or row_numbers, settings, continued)
    if row_numbers:
        found = [r for r in found if r.code is not None]
    return found


def _grouped(words: list[str]) -> bool:
    """A figure printed with spaces between its thousands ("– 107 610")."""
    parts = [w for w in words if w != dutch.EURO]
    if parts and (dutch.DASH.match(parts[0]) or dutch.MINUS_WORD.match(parts[0])):
        parts = parts[1:]
    return len(parts) >= 2 and all(dutch.GROUP_HEAD.match(parts[0]) and dutch.GROUP_TAIL.match(p) for p in parts[1:])


def _spaced_signs(words: list[str], reading: _RowReading) -> int:
    """Cells whose sign is printed apart ("– 5.855")."""
    return sum(
        1 for a, b in reading.cells if b - a >= 2 and (dutch.DASH.match(words[a]) or dutch.MINUS_WORD.match(words[a]))
    )


def _nil_dashes(words: list[str], reading: _RowReading) -> int:
    return sum(1 for a, b in reading.cells if b - a == 1 and dutch.DASH.match(words[a]))


@dataclass(frozen=True)
class _Conventions:
    """How this table prints, from the rows that read only one way."""

    grouped: bool  # thousands apart by spaces ("107 610")
    dotted: bool  # thousands apart by dots ("1.582.506")
    spaced_minus: bool  # a minus sign apart from its figure ("– 5.855")
    nil_dash: bool  # a dash alone for nil
    bare_thousands: bool  # figures of four digits or more without a separator ("2025")
    glued_minus: bool  # a minus sign on its figure ("–16.181")
    zero_nil: bool  # nil as "0"


def _conventions(lines: list[Line], candidates: dict[int, list[_RowReading]]) -> _Conventions:
    """Evidence from the cells every reading of their row agrees on (all cells of a row
    that reads one way only)."""
    certain = []
    for i, found in candidates.items():
        if found:
            agreed = set(found[0].cells).intersection(*(r.cells for r in found[1:]))
            certain.append((lines[i].words, _RowReading(None, 0, 0, tuple(sorted(agreed)))))
    return _Conventions(
        grouped=any(_grouped(words[a:b]) for words, r in certain for a, b in r.cells),
        dotted=any(
            "." in w and dutch.TOKEN_NUMBER.match(w) for words, r in certain for a, b in r.cells for w in words[a:b]
        ),
        spaced_minus=any(_spaced_signs(words, r) for words, r in certain),
        nil_dash=any(_nil_dashes(words, r) for words, r in certain),
        bare_thousands=any(
            b - a == 1 and words[a].isdigit() and len(words[a]) >= 4 and not dutch.YEAR.match(words[a])
            for words, r in certain
            for a, b in r.cells
        ),
        glued_minus=any(
            b - a == 1 and len(words[a]) > 1 and dutch.DASH.match(words[a][0]) and words[a][1].isdigit()
            for words, r in certain
            for a, b in r.cells
        ),
        zero_nil=any(b - a == 1 and words[a] == "0" for words, r in certain for a, b in r.cells),
    )


def _prefer(found: list[_RowReading], keep) -> list[_RowReading]:
    """The readings that keep to a convention, if any do."""
    kept = [r for r in found if keep(r)]
    return kept or found


def _read_row(line: Line, n: int, found: list[_RowReading], conventions: _Conventions) -> list[_RowReading]:
    """The readings of a row the table's conventions (from the cells its rows agree on)
    leave: thousands apart by spaces not in a table that writes them with dots or not at
    all ("2234"), a four-digit number without a dot no figure in a table that writes them
    with one. More than one is left to the table's totals to settle."""
    words = line.words

    def grouping(r: _RowReading) -> bool:
        return any(_grouped(words[a:b]) for a, b in r.cells)

    def bare(r: _RowReading) -> bool:
        return any(b - a == 1 and words[a].isdigit() and len(words[a]) >= 4 for a, b in r.cells)

    if len(found) > 1 and (conventions.dotted or conventions.bare_thousands) and not conventions.grouped:
        found = _prefer(found, lambda r: not grouping(r))
    if len(found) > 1 and conventions.dotted and not conventions.bare_thousands:
        found = _prefer(found, lambda r: not bare(r))
    if len(found) > 1 and conventions.grouped and n == 1:
        # a table that writes "134 987": a lone figure takes all its groups
        longest = max(b - a for r in found for a, b in r.cells)
        found = [r for r in found if r.cells[0][1] - r.cells[0][0] == longest]
    if len(found) == 1:
        first_a, first_b = found[0].cells[0]
        first = words[first_a]
        if (
            first_b - first_a == 1
            and dutch.YEAR.match(first)
            and not conventions.bare_thousands
            and found[0].label_end > found[0].label_start
        ):
            raise Unreadable(
                line.index,
                f"the first figure of row '{' '.join(words[:first_a])}' may be the end "
                f"of its label ('… {first}'): then one of its cells is blank, which a "
                f"PDF text copy does not show",
            )
        return found
    if len(found) > 1:
        return found
    count, label_end = figures.trailing_cells(words)
    label = " ".join(words[:label_end])
    if count < n:
        raise Unreadable(
            line.index,
            f"row '{label}' has {count} figure{'s' * (count != 1)} but the "
            f"table has {_count_words(n)}; a PDF text copy drops blank cells, "
            f"so which are blank cannot be told",
        )
    raise Unreadable(
        line.index, f"row '{label}' has {count} figures but the table has {_count_words(n)}, and no other reading fits"
    )


def _rows_n(lines: list[Line], rows: list[int], continued: set[int], settings: Settings) -> int | None:
    """The number of columns every row reads as, when the header does not say."""
    common = None
    for i in rows:
        words = lines[i].words
        counts = set()
        for k in range(1, len(words) + 1):
            for label_end, spans in figures.readings(words, len(words), k):
                label = words[:label_end]
                plausible = (
                    (not label or not figures.implausible_continuation(label))
                    if i in continued
                    else bool(label) and not figures.implausible_label(label)
                )
                if plausible:
                    counts.add(len(spans))
        common = counts if common is None else common & counts
    if not common:
        return None
    return max(common)


# ---- reading a table ------------------------------------------------------------------------


def read(lines: list[Line], first_row: int, settings: Settings) -> tuple[Grid, int]:
    """The table whose first row is at ``first_row``: the grid and the index after it."""
    start = _label_start(lines, first_row, settings)
    header = _header(lines, start, settings)
    body = _body(lines, header.leading[0] if header.leading else start, settings)
    try:
        grid = _read(lines, body, header, settings)
    except Unreadable as problem:
        problem.end = body.end
        problem.top = header.top  # type: ignore[attr-defined]
        raise
    return grid, body.end


def _read(lines: list[Line], body: labels.Body, header: _Header, settings: Settings) -> Grid:
    rows_at = [i for kind, i in body.items if kind == "row"]
    continued = {i for (kind, i), (before, _) in zip(body.items[1:], body.items) if kind == "row" and before == "text"}
    if not rows_at:
        raise Unreadable(body.end - 1, "lines that look like the start of a table, but no row of figures follows")
    try:
        columns = _header_columns(lines, header, rows_at, continued, settings)
    except Unreadable as problem:
        unwrapped = _unwrapped_columns(lines, header, rows_at, continued, settings)
        if unwrapped is None:
            raise problem from None
        columns = unwrapped
    n = columns.n
    assert n is not None
    row_numbers = False
    candidates = {i: _candidates(lines[i], n, columns, row_numbers, settings, i in continued) for i in rows_at}
    conventions = _conventions(lines, candidates)
    options = {i: _read_row(lines[i], n, candidates[i], conventions) for i in rows_at}
    ambiguous = [i for i in rows_at if len(options[i]) > 1]
    combinations = math.prod(len(options[i]) for i in ambiguous)
    if ambiguous and combinations > settings.max_readings:
        raise Unreadable(ambiguous[0], _ambiguity(lines[ambiguous[0]], options[ambiguous[0]]))
    grids = []
    for choice in itertools.product(*(options[i] for i in rows_at)):
        grids.append(_grid(lines, body, header, columns, dict(zip(rows_at, choice)), n, settings))
    if ambiguous:
        by_convention = None
        dashes = {i: _by_dash_convention(lines[i], options[i], conventions) for i in rows_at}
        if all(len(found) == 1 for found in dashes.values()):
            by_convention = _grid(lines, body, header, columns, {i: dashes[i][0] for i in rows_at}, n, settings)
        raise Ambiguous(ambiguous[0], _ambiguity(lines[ambiguous[0]], options[ambiguous[0]]), grids, by_convention)
    return grids[0]


def _header_columns(
    lines: list[Line], header: _Header, rows_at: list[int], continued: set[int], settings: Settings
) -> _Columns:
    """The columns as the header says them line by line: a line of periods (with header
    levels above it that split one cell per column), or one line of cells."""
    columns = _columns(lines, header, settings)
    if columns.n is not None:
        return columns
    n = _rows_n(lines, rows_at, continued, settings)
    if n is None:
        raise Unreadable(rows_at[0], "the rows of this table do not agree on how many figures they hold")
    levels = header.header_lines
    if not levels and n == 1 and header.caption_lines:
        levels = []  # one column under the caption, no column header of its own
    elif not levels:
        raise Unreadable(rows_at[0], "rows of figures without a header naming their columns")
    cells = _cells_of(lines[levels[-1]].words, n) if levels else [""]
    if cells is None:
        raise Unreadable(levels[-1], f"the column header does not split into one cell per column ({_count_words(n)})")
    if len(levels) > 1:
        for level in levels[:-1]:
            if not text.is_caption(lines[level], settings):
                raise Unreadable(
                    level,
                    "the column header runs over several lines and a PDF text "
                    "copy does not show which words stand over which column",
                )
            header.caption_lines.append(level)
    return _Columns(n, [[c] for c in cells], [], False, 0, None)


def _unwrapped_columns(
    lines: list[Line], header: _Header, rows_at: list[int], continued: set[int], settings: Settings
) -> _Columns | None:
    """The columns of a header whose cells wrap over its lines, when every way of putting
    the cells back together (``pipeline.extraction.wrapped``) gives the same columns."""
    levels = _header_block(lines, header, settings)
    n = _rows_n(lines, rows_at, continued, settings)
    if len(levels) < 2 or n is None:
        return None  # one line wraps nothing: what it says is read (or reported) as it is
    words = [lines[i].words for i in levels]
    names = settings.code_column_names | settings.note_column_names
    spare = 1 + sum(w.lower() in names for line in words for w in line)
    found = wrapped.readings(
        words, n, spare, settings.max_header_readings, settings.max_header_steps, settings.column_heads
    )
    if found is None:
        return None
    options = {option for reading in found for option in _columns_of_reading(reading, n, settings)}
    if len(options) != 1:
        return None
    paths, stub, lead_code, trailing = options.pop()
    return _Columns(n, [list(p) for p in paths], list(stub), lead_code, trailing, None)


def _header_block(lines: list[Line], header: _Header, settings: Settings) -> list[int]:
    """The header lines and the lines right above them with no blank line between (a
    wrapped header's first line may read like a title or, long, like prose), up to a line
    that opens a caption ("Tabel 3 …"), names a unit but no periods, or ends a sentence; running page
    footers left out."""
    block = [i for i in header.header_lines if not text.is_furniture(lines[i], settings)]
    i = (block[0] if block else header.top) - 1
    while block and i >= 0 and len(block) < settings.max_header_lines:
        line = lines[i]
        if text.is_furniture(line, settings):
            i -= 1
            continue
        if (
            line.is_blank
            or settings.caption_start.match(line.content)
            or text.is_heading(line, settings)
            or (dutch.find_unit(line.content) is not None and headers.period_run(line.words) is None)
            or line.content.rstrip().endswith((".", ":"))
        ):
            break
        block.insert(0, i)
        i -= 1
    return block


_ColumnsOption = tuple[tuple[tuple[str, ...], ...], tuple[str, ...], bool, int]


def _columns_of_reading(reading: wrapped.Reading, n: int, settings: Settings) -> list[_ColumnsOption]:
    """The ways a header reading can stand over ``n`` amount columns: the lowest level one
    cell per column, after the names of non-amount columns and a stub over the labels; a
    level above one cell per column, or one over each run of periods that go on one by one."""
    names = settings.code_column_names | settings.note_column_names
    if any(
        len(words) > 1 and (words[0].lower() in names or words[-1].lower() in names)
        for level in reading
        for words in map(str.split, level)
    ):
        return []  # the name of a non-amount column is a cell of its own
    *upper, lowest = reading
    cells = list(lowest)
    lead_code = bool(cells) and cells[0].lower() in settings.code_column_names
    if lead_code:
        cells = cells[1:]
    trailing = 0
    while cells and cells[-1].lower() in settings.note_column_names | settings.code_column_names:
        cells.pop()
        trailing += 1
    stubs: list[tuple[tuple[str, ...], list[str]]] = []
    if len(cells) == n:
        stubs.append(((), cells))
    if len(cells) == n + 1 and _may_be_stub(cells[0], settings):
        stubs.append((tuple(cells[0].split()), cells[1:]))
    options: list[_ColumnsOption] = []
    for stub, cell_texts in stubs:
        for paths in _over_levels(upper, cell_texts, not stub, settings):
            options.append((tuple(tuple(p) for p in paths[0]), stub or paths[1], lead_code, trailing))
    return options


def _over_levels(
    upper: list[wrapped.Level], names: list[str], allow_stub: bool, settings: Settings
) -> list[tuple[list[list[str]], tuple[str, ...]]]:
    """Column paths for the levels above the lowest cells ``names``, and a stub found on
    the top level: each level one cell per column, or one over each run of periods."""
    periods = all(dutch.read_periods([headers.unnote(w) for w in name.split()]) for name in names)
    per_level: list[list[tuple[tuple[str, ...], list[str]]]] = []
    for k, level in enumerate(upper):
        choices: list[tuple[tuple[str, ...], list[str]]] = [((), list(level))]
        if allow_stub and k == 0 and len(level) > 1 and _may_be_stub(level[0], settings):
            choices.append((tuple(level[0].split()), list(level[1:])))
        options = []
        for stub, spanning in choices:
            if len(spanning) == len(names):
                options.append((stub, spanning))
            elif periods and (over := headers.over_runs_of_years(spanning, names)) is not None:
                options.append((stub, over))
        if not options:
            return []
        per_level.append(options)
    found = []
    for combination in itertools.product(*per_level):
        stub = next((s for s, _ in combination if s), ())
        paths = [[over[column] for _, over in combination] + [name] for column, name in enumerate(names)]
        found.append((paths, stub))
    return found


def _may_be_stub(cell: str, settings: Settings) -> bool:
    """A cell over the row labels names them or the unit; it is not a period or a stage,
    nor opens with a column's name ("Stand", "Mutaties")."""
    words = cell.split()
    if words and words[0].lower() in settings.column_heads:
        return False
    return not any(dutch.YEAR.match(headers.unnote(w)) or wrapped.STAGE_MARK.match(w) for w in words)


def _by_dash_convention(line: Line, found: list[_RowReading], conventions: _Conventions) -> list[_RowReading]:
    """A dash before a figure is its sign in a table that prints signs apart ("– 5.855")
    and nil as "0", and a nil in a table that prints nil as a dash and signs on their
    figures ("–16.181"): each convention shown by the cells that read one way only, and
    the other one not. Weaker evidence than the table's totals: used only where they do
    not settle the reading."""
    signs = conventions.spaced_minus and not conventions.nil_dash and conventions.zero_nil
    nils = conventions.nil_dash and not conventions.spaced_minus and conventions.glued_minus
    if len(found) <= 1 or not (signs or nils):
        return found
    words = line.words

    def score(r: _RowReading) -> int:
        return _spaced_signs(words, r) if signs else _nil_dashes(words, r)

    best = max(score(r) for r in found)
    return [r for r in found if score(r) == best]


def _ambiguity(line: Line, found: list[_RowReading]) -> str:
    words = line.words
    shown = "; ".join(" | ".join(" ".join(words[a:b]) for a, b in r.cells) for r in found[:3])
    return (
        f"the figures of this row can be read in {len(found)} ways ({shown}): a PDF text copy "
        f"separates cells and the thousands of a figure alike, and the table's totals do not "
        f"tell which"
    )


def _grid(
    lines: list[Line],
    body: labels.Body,
    header: _Header,
    columns: _Columns,
    readings: dict[int, _RowReading],
    n: int,
    settings: Settings,
) -> Grid:
    grid_rows = labels.assemble(_pieces(lines, body, readings), n, settings)
    labels.split_codes(grid_rows, settings)
    caption_lines = sorted(set(header.caption_lines) | set(header.header_lines))
    unit_texts = _caption_texts(lines, sorted(header.caption_lines))
    if columns.stub:
        unit_texts.insert(0, " ".join(columns.stub))
    if columns.periods_line is not None:
        unit_texts.append(" ".join(lines[columns.periods_line].words))
    return Grid(
        form=NAME,
        top=header.top,
        bottom=body.end - 1,
        caption=" ".join(lines[i].content for i in caption_lines),
        unit_texts=unit_texts,
        headers=columns.headers or [[""] for _ in range(n)],
        rows=grid_rows,
    )


def _caption_texts(lines: list[Line], indices: list[int]) -> list[str]:
    """Caption lines joined where they follow each other, so that a unit wrapped over two
    lines ("(bedragen x €" + "1.000)") is read whole."""
    groups: list[list[int]] = []
    for i in indices:
        if groups and groups[-1][-1] == i - 1:
            groups[-1].append(i)
        else:
            groups.append([i])
    return [labels.join([lines[i].words for i in group]) for group in groups]


def _pieces(lines: list[Line], body: labels.Body, readings: dict[int, _RowReading]) -> list[labels.Piece]:
    pieces = []
    for kind, i in body.items:
        words = lines[i].words
        if kind == "text":
            pieces.append(labels.Piece(i, words))
            continue
        reading = readings[i]
        cells: list[GridCell | None] = [GridCell(lines[i].span(a, b - 1), i) for a, b in reading.cells]
        pieces.append(labels.Piece(i, words[reading.label_start : reading.label_end], cells, reading.code))
    return pieces
