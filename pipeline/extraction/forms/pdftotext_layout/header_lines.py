"""Stage 4a, the lines above the first row -> the header lines and the caption above them."""

from __future__ import annotations

from pipeline import dutch
from pipeline.extraction import labels, text
from pipeline.extraction.forms.pdftotext_layout.line_shapes import (
    _phrases,
    figure_like,
    figure_zone,
    is_row,
    label_indent,
    period_spans,
)
from pipeline.extraction.grid import Unreadable
from pipeline.extraction.settings import Settings
from pipeline.extraction.text import Line


def _header_lines(lines: list[Line], first_row: int, settings: Settings) -> tuple[list[int], list[int]]:
    """The column header lines right above the first row, and the caption lines above
    them (a title running across the columns as one phrase, or a line naming the unit)."""
    header = _header_block(lines, first_row - 1, settings.max_header_lines, settings)
    i = first_row - 1 - len(header)
    if not header and i >= 1 and lines[i].is_blank and period_spans(lines[i - 1]):
        # a line of periods set apart from the rows by a blank line: the header all the same
        header = _header_block(lines, i - 1, settings.max_header_lines, settings)
        i -= 1 + len(header)
    # Header cells over the columns above a blank line ("Realisatie  Begroting" over the
    # years): set right of the labels, they are a level of the header, never a caption.
    label_start = label_indent(lines[first_row], settings)
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
            and not (not block and _opens_the_rows(lines, i, settings))
        )
        if (_one_phrase(line, settings) and text.is_prose(line, settings)) or heading or _is_caption(line, settings):
            break
        if _one_phrase(line, settings) and (_leads_in(line) or _goes_on_from_caption(lines, i, settings)):
            break  # the caption's, not a level of the header
        if _row_of_amounts(line, settings):
            # "NWA, actielijn 2   10   20   30" over a line of figures with no label: the rows
            # start higher, and a line among them belongs to none; no header has such a line
            raise Unreadable(
                i, "a row of figures stands above the line the rows seem to start at: a line between them fits no row"
            )
        block.insert(0, i)
        i -= 1
    return block


def _leads_in(line: Line) -> bool:
    """A phrase that ends in a colon ("De resulterende afbakening en reikwijdte is:"):
    it introduces the table; a header cell names a column and ends in no colon."""
    return line.content.rstrip().endswith(":") and len(line.words) >= 3


def _goes_on_from_caption(lines: list[Line], i: int, settings: Settings) -> bool:
    """A phrase right under a caption line, set from the same left edge, that goes on
    from it in lowercase ("Budgettaire opbrengst in € miljoen bij ingaan maatregel in 2023"
    over "en aankondiging in 2021"): the caption wrapped, not a level of the header."""
    if i < 1 or lines[i - 1].is_blank or not _is_caption(lines[i - 1], settings):
        return False
    line, above = lines[i], lines[i - 1]
    return (
        abs(line.tokens[0].start - above.tokens[0].start) <= settings.edge_tolerance
        and line.words[0][:1].islower()
        and not labels.starts_label(line.words, settings)
    )


def _opens_the_rows(lines: list[Line], i: int, settings: Settings) -> bool:
    """Whether a numbered heading right above the first row ("1. Baten") opens the table's
    rows under its header: short, under a line that starts right of the labels (a header
    line's cell, not prose or a label)."""
    above = lines[i - 1] if i >= 1 else None
    return (
        above is not None
        and not above.is_blank
        and not text.is_prose(above, settings)
        and len(lines[i].words) <= settings.max_label_tail_words
        and above.tokens[0].start > label_indent(lines[i], settings) + settings.edge_tolerance
    )


def _row_of_amounts(line: Line, settings: Settings) -> bool:
    """A row with a label and two or more figures that are neither periods nor single
    digits nor column numbers in parentheses; or a line of such figures alone, each with a
    decimal comma, thousands or a percent sign (its label on lines of its own, above and
    below it: "49,0%   46,0%   43,0%"): what a header line never holds."""
    labelled = is_row(line, settings)
    if not labelled and text.has_letters(line.words):
        return False
    zone = figure_zone(line, settings)
    figures = [
        w
        for w in line.words[zone or 0 :]
        if figure_like(w, settings)
        and not (dutch.YEAR.match(w) or len(w) == 1 or w.startswith("("))
        and (labelled or any(mark in w for mark in ",.%"))
    ]
    return len(figures) >= 2


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
        if text.is_heading(line, settings) and not text.is_title(line, settings):
            break  # a numbered heading that names the unit ("99.2. Budgettaire … (bedragen x € 1.000)") is the title
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
