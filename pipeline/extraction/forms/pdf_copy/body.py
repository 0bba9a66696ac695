"""Stage 1, lines -> ``labels.Body``: a table's rows from its first, with its label lines and
sub-headings, up to the text after it; and where its labels start."""

from __future__ import annotations

from pipeline import dutch
from pipeline.extraction import figures, headers, labels, text
from pipeline.extraction.forms.pdf_copy.line_shapes import is_row, is_text, periods_to_end
from pipeline.extraction.settings import Settings
from pipeline.extraction.text import Line


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
        and periods_to_end(line.words, settings)
    ):
        return True  # the next table's header ("In mln euro 2020 2021"), not "… in % bbp 1,2%"
    return False


def _may_be_label_text(line: Line, pending: list[int], blanks: int, settings: Settings) -> bool:
    """Whether a line of text may be a label part or a sub-heading: not a title, nor text again after a blank line."""
    return is_text(line, settings) and not text.is_title(line, settings) and not (blanks and pending)


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
        if not is_text(above, settings) or text.is_title(above, settings) or headers.period_run(above.words):
            break
        if not (
            labels.links_down(above.words, settings)
            or (start == first_row and label and labels.goes_on(label, settings))
        ):
            break
        start -= 1
        label = above.words
    return start
