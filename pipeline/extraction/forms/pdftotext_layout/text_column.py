"""A column of text at the right of the figures ("Vindplaats", "Bron") -> the lines without it,
and where it starts."""

from __future__ import annotations

from pipeline import dutch
from pipeline.extraction import text
from pipeline.extraction.forms.pdftotext_layout.line_shapes import _label_right, figure_like, is_row, normal
from pipeline.extraction.settings import Settings
from pipeline.extraction.text import Line


def without_text_column(lines: list[Line], first_row: int, header: list[int], settings: Settings) -> list[Line]:
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
    # words in the text column on a line of no figures elsewhere ("3.3" of "zie tabel" /
    # "3.3", alone or beside the rest of a wrapped label: "uitgaven   1.1") are the rest
    # of a wrapped cell of that column, whatever they hold
    left = min([lines[h].tokens[-1].start for h in named] + list(cuts.values()))
    for k in range(first_row, end):
        line = lines[k]
        inside = [n for n, t in enumerate(line.tokens) if t.start >= left - settings.edge_tolerance]
        if k not in clipped and inside and not any(figure_like(w, settings) for w in line.words[: inside[0]]):
            clipped[k] = _clipped(line, line.tokens[inside[0]].start)
    for k, line in enumerate(lines):  # the column's name, over the table and where its header repeats
        if normal(line) in {normal(lines[h]) for h in named}:
            clipped[k] = _clipped(line, line.tokens[-1].start)
    return [clipped.get(k, line) for k, line in enumerate(lines)]


def _text_cells(lines: list[Line], first_row: int, header: list[int], settings: Settings) -> tuple[dict[int, int], int]:
    """Where a cell of text starts on each line of the table from ``first_row`` that holds
    one, and the index after the table."""
    label_right = _label_right(lines, first_row, settings)
    header_texts = {normal(lines[h]) for h in header}
    cuts: dict[int, int] = {}
    i, blanks = first_row, 0
    while i < len(lines) and blanks <= settings.max_blank_lines_in_body:
        line = lines[i]
        blanks = blanks + 1 if line.is_blank else 0
        if (
            not line.is_blank
            and (text.is_heading(line, settings) or text.is_prose(line, settings))
            and not is_row(line, settings)  # a numbered row ("1  Belasting- en …  322.365") is no heading
        ):
            break  # the table has ended
        if not line.is_blank and normal(line) not in header_texts:  # a repeated header is left as it is
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
            not figure_like(words[k - 1], settings)
            or figure_like(words[k], settings)
            or not text.has_letters([words[k]])
            or words[k].lower() in settings.extra_words
            or dutch.starts_period(words[k])
        ):
            continue
        j = k - 1
        while j >= 1 and figure_like(words[j - 1], settings):
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
        # a line of the text column alone ("35570 VII, nr. 73 …"); figures before its
        # words are a row's, set on the next line ("341.354 Tabel"): they stay
        first = next(k for k, w in enumerate(words) if text.has_letters([w]))
        if first and all(figure_like(w, settings) for w in words[:first]):
            return tokens[first].start
        return tokens[0].start
    after = _text_after_figures(line, settings)
    if after is not None:
        return tokens[after].start
    for k in range(1, len(tokens)):
        if (
            tokens[k].start - tokens[k - 1].end >= settings.column_gap
            and text.has_letters([words[k]])
            and tokens[k].start > label_right + settings.edge_tolerance
            and not figure_like(words[k - 1], settings)
        ):
            return tokens[k].start
    return None


def _clipped(line: Line, cut: int) -> Line:
    return Line(line.index, line.text[:cut].rstrip(), line.printed[:cut].rstrip(), line.form_feed)
