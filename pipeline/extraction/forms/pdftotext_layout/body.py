"""Stage 1, lines -> ``labels.Body``: a table's rows from its first, with its label and
sub-heading lines, page breaks (the repeated header left out) and page furniture."""

from __future__ import annotations

from pipeline.extraction import labels, text
from pipeline.extraction.forms.pdftotext_layout.line_shapes import (
    figure_like,
    figure_zone,
    is_row,
    label_indent,
    normal,
    set_close,
)
from pipeline.extraction.grid import Unreadable
from pipeline.extraction.settings import Settings
from pipeline.extraction.text import Line


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
    label_start = label_indent(lines[first], settings)
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
            _no_figures_left_behind(line, i, body, blanks, label_right, settings)
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
    return body.close(lines, pending, first, settings, set_close(lines, body.rows(), settings))


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
    if text.is_furniture(line, settings) or normal(line) in header_texts:
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


def _no_figures_left_behind(
    line: Line, i: int, body: labels.Body, blanks: int, label_right: int, settings: Settings
) -> None:
    """Where the table would end at a line of figures only, right of the labels, right
    under a row (a row's last figure set on the next line: "329.441" / "341.354"), which
    cell it fills is not certain: the table is reported, never read with a blank there."""
    if (
        body.rows()
        and not blanks
        and line.tokens
        and line.tokens[0].start > label_right + settings.edge_tolerance
        and all(figure_like(t.text, settings) for t in line.tokens)
    ):
        problem = Unreadable(i, "a figure stands on a line of its own under a row: whose cell it is is not certain")
        problem.end = i + 1
        raise problem


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
