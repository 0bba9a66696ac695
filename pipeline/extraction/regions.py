"""The second stage: where a table starts, and in which text form it was saved.

A table announces itself by its rows: two or more lines that end in figures (a PDF text
copy, ``pdftotext -layout``), or a run of lines that each hold one cell (a browser copy
of an HTML table: cells apart by blank lines; plain ``pdftotext``: cells one under the
other). The form decides which reader takes it (``pipeline.extraction.forms``); the
reader finds the header above and the end below. A header that names a unit and periods
with no rows under it is also a table, one that cannot be read.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from pipeline import dutch
from pipeline.extraction import headers, text
from pipeline.extraction.forms import CELL_FORMS, ROW_FORMS, TextForm
from pipeline.extraction.settings import Settings
from pipeline.extraction.text import Line


@dataclass(frozen=True)
class Start:
    form: str
    index: int  # the first row (or cell) of the table


def _next_content(lines: list[Line], i: int, settings: Settings) -> int | None:
    """The next line after ``i`` that is not blank or page furniture, within the lookahead."""
    j = i + 1
    while j < len(lines) and j <= i + settings.content_lookahead:
        if not lines[j].is_blank and not text.is_furniture(lines[j], settings):
            return j
        j += 1
    return None


@text.per_line
def is_lone_cell(line: Line, settings: Settings) -> bool:
    """A line that holds one cell and nothing else: a figure, a nil, "p.m.", a percentage."""
    return len(line.words) <= settings.lone_cell_words and dutch.is_cell(line.content)


def is_blank_cells(line: Line) -> bool:
    """A line of spaces only: in a browser copy, a run of blank cells."""
    return bool(line.text) and not line.text.strip(" ") == line.text and line.is_blank


def _cells_form(lines: list[Line], i: int, settings: Settings) -> str | None:
    """One cell per line: apart by blank lines (a browser copy) or not (plain pdftotext),
    judged on the lines up to the prose after the table."""
    window = lines[i : i + settings.cells_window]
    for k, line in enumerate(window):
        if k and text.ends_sentence(line, settings):
            window = window[:k]
            break
    items = [ln for ln in window if not ln.is_blank or is_blank_cells(ln)]
    lone = [ln for ln in items if is_lone_cell(ln, settings)]
    if len(lone) < settings.lone_cells_of_a_table:
        return None
    spaced = sum(1 for a, b in zip(window, window[1:]) if a.text != "" and b.text == "")
    is_spaced = spaced >= settings.cells_spaced_share * (len(items) - 1)
    return next(form.name for form in CELL_FORMS if form.spaced == is_spaced)


def _one_per_line(lines: list[Line], i: int, settings: Settings) -> bool:
    """Lines around ``i`` that each hold one cell, with blank lines between: a browser copy,
    where a label alone on its line ("Stand ontwerpbegroting 2014") is a cell too."""
    reach = settings.browser_copy_window
    window = lines[max(0, i - reach) : i + reach + 1]
    items = [ln for ln in window if ln.words]
    spaced = sum(1 for a, b in zip(window, window[1:]) if a.words and b.text == "")
    if len(items) < 4 or spaced < settings.browser_copy_spaced_share * len(items):
        return False
    nearby = lines[max(0, i - settings.browser_copy_nearby) : i + settings.browser_copy_nearby + 1]
    return sum(1 for ln in nearby if is_lone_cell(ln, settings)) >= settings.lone_cells_of_a_table


# Every cell of a table holds a digit, a dash, "p.m." or "n.v.t.": a line without any of
# them starts no table (most lines of a letter are prose; this keeps them cheap).
_MAY_HOLD_A_CELL = re.compile(r"\d|[–—‒−]|(?<![\w-])-|p\.\s?m\.|n\.\s?v\.\s?t\.|\.\.\.", re.I)


def table_start(lines: list[Line], i: int, settings: Settings) -> Start | None:
    """Whether a table's first row (or cell) is at line ``i``, and in which form."""
    line = lines[i]
    if line.is_blank or not _MAY_HOLD_A_CELL.search(line.text) or text.is_furniture(line, settings, whole_rows=False):
        return None
    if settings.question_heading.match(line.content):
        return None  # "Vraag 2": a heading of the text, not a row
    if is_lone_cell(line, settings):
        cell_form = _cells_form(lines, i, settings)
        return Start(cell_form, i) if cell_form is not None else None
    form = _row_form(line, settings)
    if form is None:
        return None
    if _one_per_line(lines, i, settings):
        return None  # a cell of a browser copy: its table starts at a figure
    rows = _first_rows(lines, i, form, settings)
    if len(rows) < 2 and not _headed(lines, i, settings):
        return None
    following = lines[i + 1] if i + 1 < len(lines) else None
    if following is not None and not following.is_blank and _reads_as_text(following, form, settings):
        return None  # the first line of a paragraph
    if i > 0 and not lines[i - 1].is_blank and text.is_prose(lines[i - 1], settings) and form.runs_on_from_text:
        return None  # the last line of a paragraph
    return Start(form.name, i)


def _row_form(line: Line, settings: Settings) -> TextForm | None:
    """The row form whose shape the line has (``TextForm.takes``), if the line is a row of it."""
    form = next((form for form in ROW_FORMS if form.takes is not None and form.takes(line)), None)
    return form if form is not None and form.is_row is not None and form.is_row(line, settings) else None


def _reads_as_text(line: Line, form: TextForm, settings: Settings) -> bool:
    """A line of prose that is no row of ``form`` (in a form of wide gaps, a line with them is one)."""
    return text.is_prose(line, settings) and not (form.gapped and form.takes is not None and form.takes(line))


def _first_rows(lines: list[Line], i: int, form: TextForm, settings: Settings) -> list[int]:
    """The table's first rows from line ``i`` on (three at most), over text lines, up to prose, a title or a header."""
    rows = [i]
    nxt = _next_content(lines, i, settings)
    skipped = 0
    while nxt is not None and len(rows) < 3 and skipped <= settings.max_text_lines_in_body:
        if form.is_row is not None and form.is_row(lines[nxt], settings):
            rows.append(nxt)
        elif (
            _reads_as_text(lines[nxt], form, settings)
            or text.is_title(lines[nxt], settings)
            or is_header_line(lines[nxt], settings)
        ):
            break
        else:
            skipped += 1
        nxt = _next_content(lines, nxt, settings)
    return rows


def _headed(lines: list[Line], i: int, settings: Settings) -> bool:
    """A single row directly under a caption or header line (over blank lines and a
    sub-heading or two: "Bijdragen:")."""
    j = i - 1
    skipped = 0
    while j >= 0:
        line = lines[j]
        if line.is_blank:
            j -= 1
            continue
        if text.is_caption(line, settings) or is_header_line(line, settings):
            return True
        if (
            skipped >= settings.max_text_lines_in_body
            or text.is_prose(line, settings)
            or not line.content.endswith(":")
        ):
            return False
        skipped += 1
        j -= 1
    return False


def is_header_line(line: Line, settings: Settings) -> bool:
    """A line that names periods: "In mln euro 2015 2016", "2020 2021 2022"."""
    if text.is_prose(line, settings):
        return False
    run = headers.period_run(line.words)
    if run is None or any(w.lower() not in settings.note_column_names for w in line.words[run[1] :]):
        return False  # periods end a header line (but for a note column): "… in 2026 structureel middelen"
    return len(run[2]) >= 2 or dutch.find_unit(line.content) is not None


@dataclass
class Starts:
    """``table_start`` over one letter's lines, each line asked once."""

    lines: list[Line]
    settings: Settings
    _known: dict[int, Start | None] = field(default_factory=dict)

    def __call__(self, i: int) -> Start | None:
        if i not in self._known:
            self._known[i] = table_start(self.lines, i, self.settings)
        return self._known[i]


def _unit_and_period(line: Line, run_end: int) -> bool:
    """A line that names a unit in euros and ends in its one period ("In mln euro 2019")."""
    unit = dutch.find_unit(line.content)
    return unit is not None and unit.unit_eur is not None and run_end == len(line.words)


def _line_of_years(line: Line, settings: Settings) -> bool:
    """A header line of two or more years after a short stub ("Omschrijving 2019 2020"),
    not a sentence that ends in a year and a period word ("… € 20,2 mln in 2024 structureel")."""
    if not _TWO_YEARS.search(line.text) or not is_header_line(line, settings):
        return False
    start, _, periods = headers.period_run(line.words)  # type: ignore[misc]
    stub = line.words[:start]
    return (
        sum(1 for p in periods if dutch.YEAR.match(headers.unnote(p))) >= 2
        and len(stub) <= settings.max_stub_words
        and not any(ch.isdigit() for w in stub for ch in w)
    )


_TWO_YEARS = re.compile(r"(?:19|20)\d\d.*(?:19|20)\d\d")  # what a line of two years holds at the least


def header_without_rows(lines: list[Line], i: int, settings: Settings, starts: Starts | None = None) -> bool:
    """A table's caption naming its unit (or "Tabel …"), or a line of periods, with periods
    on it or in the lines right below it, and no row of figures after that which any form
    reads as a table: it looks like a table and is reported, never passed over."""
    if not (text.is_title(lines[i], settings) or _line_of_years(lines[i], settings)):
        return False
    starts = starts or Starts(lines, settings)
    block = [i]
    j = i + 1
    while j < len(lines) and len(block) < settings.caption_block_lines:
        line = lines[j]
        if line.is_blank:
            if j + 1 < len(lines) and lines[j + 1].is_blank:
                break
            j += 1
            continue
        if text.is_prose(line, settings) or text.is_heading(line, settings) or starts(j):
            break
        block.append(j)
        j += 1
    has_periods = any(
        (run := headers.period_run(lines[k].words)) is not None
        and (len(run[2]) >= 2 or _unit_and_period(lines[k], run[1]))
        for k in block
    )
    if not has_periods:
        return False
    return not any(starts(k) for k in range(i + 1, min(len(lines), block[-1] + settings.caption_rows_after)))


# ---- what no table claimed -------------------------------------------------------------------


@text.per_line
def figures_in_columns(line: Line, settings: Settings) -> bool:
    """A line that sets two or more figures apart by wide gaps, as a table's row does in a
    text set out by position (``pdftotext -layout``, a PDF's rendering)."""
    if not settings.wide_gap.search(line.text):
        return False  # no gap as wide as a column's between two words (most lines: prose)
    tokens = line.tokens
    apart = [
        token.text
        for before, token in zip(tokens, tokens[1:])
        if token.start - before.end >= settings.column_gap and dutch.is_cell(token.text)
    ]
    years = all(dutch.YEAR.match(headers.unnote(t)) for t in apart)  # a header of periods, no row
    return len(apart) >= 2 and not years and not text.is_furniture(line, settings)


def unread_figure_blocks(
    lines: list[Line], claimed: list[tuple[int, int]], settings: Settings
) -> list[tuple[int, int]]:
    """The blocks of lines with figures in columns that no table read or reported holds
    (two such lines, at most one other line between them, or one under lines that name a
    unit: a table of one row), each (start, index after it: its first blank line or
    the first line a table holds): a table the readers did not recognise, or part of one,
    which must be reported rather than dropped in silence."""
    taken = [False] * len(lines)
    for start, end in claimed:
        for k in range(max(start, 0), min(end, len(lines))):
            taken[k] = True
    found: list[tuple[int, int]] = []
    k = 0
    while k < len(lines):
        if taken[k] or not _sets_out_figures(lines[k], settings):
            k += 1
            continue
        nearby = [j for j in (k + 1, k + 2) if j < len(lines) and not taken[j]]
        if _under_a_unit(lines, taken, k, settings.unit_reach_above_row) or any(
            _sets_out_figures(lines[j], settings) for j in nearby
        ):
            start = k
            while k < len(lines) and not taken[k] and not lines[k].is_blank:
                k += 1  # the block goes on to its first blank line
            found.append((start, k))
            continue
        k += 1
    return found


def _sets_out_figures(line: Line, settings: Settings) -> bool:
    """A line with figures in columns, or one a text copy sets with single spaces: ending in
    two or more figures that are not all years, no sentence ("< 50 1 2", "Totaal 3,1 4,0")."""
    if figures_in_columns(line, settings):
        return True
    words = line.words
    if len(words) < 2 or not (dutch.is_cell(words[-1]) and dutch.is_cell(words[-2])):
        return False  # (most lines: prose, which ends in a word)
    tail = list(itertools.takewhile(dutch.is_cell, reversed(words)))
    if all(dutch.YEAR.match(headers.unnote(w)) for w in tail) or settings.wide_gap.search(line.text):
        return False
    return not (
        text.is_furniture(line, settings)
        or text.ends_sentence(line, settings)
        or settings.sentence_break.search(line.content)
    )


def _under_a_unit(lines: list[Line], taken: list[bool], k: int, reach: int) -> bool:
    """Whether line ``k`` stands right under lines that name a unit ("(x € 1000)"), with no
    blank line between and none of them read: a caption and header over a row of figures."""
    for j in range(k - 1, max(k - 1 - reach, -1), -1):
        if taken[j] or lines[j].is_blank:
            return False
        if dutch.find_unit(lines[j].text) is not None:
            return True
    return False
