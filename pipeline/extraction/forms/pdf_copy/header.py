"""Stage 2, the lines above the first row -> the header: its caption, the periods line and
the header lines, and the columns they give (one cell per column, or reported)."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline import dutch
from pipeline.extraction import headers, labels, text
from pipeline.extraction.forms.pdf_copy.line_shapes import periods_to_end
from pipeline.extraction.grid import Unreadable
from pipeline.extraction.settings import Settings
from pipeline.extraction.text import Line


@dataclass
class Header:
    top: int  # first line of the caption or header
    caption_lines: list[int]  # caption lines above the column header
    header_lines: list[int]  # column header lines, top-down
    leading: list[int] = field(default_factory=list)  # text under the header: the rows' first sub-heading


def _header(lines: list[Line], first_row: int, settings: Settings) -> Header:
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
        if (
            j < i
            and j >= 0
            and (periods_to_end(lines[j].words, settings) or _years_then_one_cell(lines[j].words))
            and not text.is_title(lines[j], settings)
        ):
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
    return Header(top, sorted(caption), header, leading)


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


def leads_in(line: Line) -> bool:
    """A line that ends in a colon and names no period or unit ("Maatregelen:"): it
    introduces what follows (a list, a table) and names no column."""
    return (
        line.content.rstrip().endswith(":")
        and headers.period_run(line.words) is None
        and dutch.find_unit(line.content) is None
    )


def cells_of(words: list[str], n: int) -> list[str] | None:
    """Header words over ``n`` columns, when the words say for certain which is which."""
    periods = dutch.read_periods([headers.unnote(w) for w in words])
    if periods is not None and len(periods) == n:
        return [p for p in periods]
    if len(words) == n:
        return list(words)
    by_years = headers.split_by_years(words)
    if by_years is not None and len(by_years) == n:
        return by_years
    then_one = headers.split_by_years_then_one(words)
    return then_one if then_one is not None and len(then_one) == n else None


def _years_then_one_cell(words: list[str]) -> bool:
    """Header cells each closed by a year, two or more, then one more ("MN 2016 FJR 2016 Verschil")."""
    cells = headers.split_by_years_then_one(words)
    return cells is not None and len(cells) >= 3


@dataclass
class Columns:
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


def _columns(lines: list[Line], header: Header, settings: Settings) -> Columns:
    """Read the column header for as much as it says: the number of amount columns and
    their header texts, the stub, and the non-amount columns named in it."""
    levels = header.header_lines
    periods_at = _periods_line(lines, levels, settings)
    if periods_at is None:
        return Columns(None, None, [], False, 0, None)
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
                "the column header goes on below its periods and a table set with single spaces "
                "does not show which words stand over which column",
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
        cells = cells_of(words_above, n) or headers.over_runs_of_years(words_above, periods)
        if cells is None:
            raise Unreadable(
                level,
                "the column header runs over several lines and a table set with single spaces "
                "does not show which words stand over which column",
            )
        upper.append(cells)
    for column, cells_by_level in enumerate(zip(*upper) if upper else []):
        paths[column] = list(cells_by_level) + paths[column]
    return Columns(n, paths, stub, lead_code, len(suffix), index)
