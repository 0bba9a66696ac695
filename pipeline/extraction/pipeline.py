"""The extractor's stages wired together: lines, regions, a form's reader, assembly."""

from __future__ import annotations

import dataclasses

from pipeline.extraction import forms, hyphenation, regions, settle, text
from pipeline.extraction import letter as letter_fields
from pipeline.extraction.assemble import assemble
from pipeline.extraction.forms import pdftotext_raw
from pipeline.extraction.grid import Ambiguous, Unreadable
from pipeline.extraction.model import Letter, Problem, Table
from pipeline.extraction.settings import DEFAULT, Settings
from pipeline.extraction.xml_letter import extract_xml_letter
from pipeline.reading import RawLetter, is_pdf, is_xml_letter


@dataclasses.dataclass
class _Found:
    """What the walk through a letter found so far: tables, problems, tables its totals left
    open, and the lines (start, end) every table read or reported holds."""

    tables: list[Table] = dataclasses.field(default_factory=list)
    problems: list[Problem] = dataclasses.field(default_factory=list)
    unsettled: dict[int, settle.Unsettled] = dataclasses.field(default_factory=dict)
    claimed: list[tuple[int, int, int]] = dataclasses.field(default_factory=list)  # start, end, table number


def extract_letter(raw: RawLetter, settings: Settings = DEFAULT) -> Letter:
    """Every table of a letter that can be read, a problem for each that cannot, and the
    letter's date, letterhead and addressee."""
    if is_xml_letter(raw.path.name):
        return extract_xml_letter(raw, settings)
    lines = text.lines_of(raw.lines, raw.pitches)
    words = hyphenation.Vocabulary([line.content for line in lines])
    found = _Found()
    section = None
    number = 0
    starts = regions.Starts(lines, settings)
    i = 0
    while i < len(lines):
        start = starts(i)
        if start is not None:
            number += 1
            end, taken = _take_table(lines, start, number, section, words, found, settings)
            if not taken:
                number -= 1  # rows that go on from the table above: its problem, not a table of their own
            i = max(end, i + 1)
            continue
        if regions.header_without_rows(lines, i, settings, starts):
            number += 1
            found.problems.append(
                Problem(
                    i + 1,
                    "a table header (its caption and a line of periods) with no "
                    "rows under it that can be read for certain",
                    number,
                )
            )
            after = _next_prose(lines, i + 1, settings)
            found.claimed.append((i, after, number))
            i = after
            continue
        section = _section_after(lines, i, section, words, settings)
        i += 1
    if found.unsettled:
        _settle(found.tables, found.problems, found.unsettled, settings)
    found.problems += _unread_figures(lines, found.claimed, {t.number for t in found.tables}, settings)
    found.problems.sort(key=lambda p: (p.line is None, p.line or 0))
    if is_pdf(raw.path.name):
        return letter_fields.complete_letter(
            raw, lines, _as_read_from_pdf(found.tables), _pdf_problems(found.problems), settings
        )
    return letter_fields.complete_letter(raw, lines, found.tables, found.problems, settings)


def _unread_figures(
    lines: list, claimed: list[tuple[int, int, int]], read: set[int], settings: Settings
) -> list[Problem]:
    """A problem for each block of figures in columns that no table took: of the table it
    runs into or goes on from (that table is not read fully), of no table when it stands on
    its own; none when it runs into a table already reported whole."""
    found = []
    for k, stop in regions.unread_figure_blocks(lines, [(start, end) for start, end, _ in claimed], settings):
        into = [number for start, _, number in claimed if start == stop]
        before = [(end, number) for _, end, number in claimed if end <= k]
        end, number = max(before) if before else (0, 0)
        if into:
            if into[0] in read:  # (a table reported whole needs no second problem)
                found.append(Problem(k + 1, UNREAD_ROWS, into[0]))
        elif before and all(lines[j].is_blank or text.is_furniture(lines[j], settings) for j in range(end, k)):
            found.append(Problem(k + 1, UNREAD_ROWS, number))
        else:
            found.append(Problem(k + 1, UNREAD_FIGURES))
    return found


UNREAD_FIGURES = (
    "figures set out in columns here are read as no table: no caption, unit or header of periods "
    "this reader knows stands over them, or no row holds a label, so nothing of them is published"
)
UNREAD_ROWS = (
    "the table has rows beside the ones read, in lines that are read as no rows of it (a label "
    "of figures, say); those rows are not published"
)


def _take_table(
    lines: list,
    start: regions.Start,
    number: int,
    section: str | None,
    words: hyphenation.Vocabulary,
    found: _Found,
    settings: Settings,
) -> tuple[int, bool]:
    """Read the table at ``start`` into ``found`` (a table, a problem, or a table its totals
    leave open) with the lines it holds; the index after it, and whether ``number`` was
    taken (not where the rows go on from the table above: a problem of that table)."""
    end = start.index + 1
    first = start.index
    try:
        table, end = _read_table(lines, start, number, section, words, settings)
        earlier = _read_before([row.line - 1 for row in table.rows], found.claimed)
        if earlier is not None:
            end = max(_next_prose(lines, start.index + 1, settings), start.index + 1)
            return _of_the_table_above(found, start, Problem(start.index + 1, GOES_ON, earlier), end), False
        found.tables.append(table)
        first = min(first, table.first_line - 1)  # from its caption on
    except settle.Unsettled as open_table:
        found.unsettled[number] = open_table
        end = open_table.end or end
    except Unreadable as problem:
        where = start.index if problem.index is None else problem.index  # every table problem has a line
        reason = problem.reason
        earlier = _read_before([where], found.claimed) if where < start.index else None
        if earlier is None and where == start.index:  # rows right under a table, that go on from it
            earlier = _ended_right_above(lines, start.index, found.claimed, settings)
            reason = reason if earlier is None else f"{reason} ({GOES_ON_UNREAD})"
        if earlier is not None:  # a problem above the rows that start it: of the table above
            end = max(problem.end or end, start.index + 1)
            return _of_the_table_above(found, start, Problem(where + 1, reason, earlier), end), False
        found.problems.append(Problem(where + 1, problem.reason, number))
        end = problem.end or end
    except Exception as error:  # a bug must not cost the letter: report the table
        # where the table ends is not known: nothing up to the text that follows it is read,
        # so that no part of it is read again as a table of its own under a wrong header
        end = max(_next_prose(lines, start.index + 1, settings), start.index + 1)
        found.problems.append(
            Problem(
                start.index + 1,
                f"internal error while reading this table ({type(error).__name__}: {error}); please report it"
                f" (lines {start.index + 1}-{end} are not read)",
                number,
            )
        )
    found.claimed.append((first, end, number))
    return end, True


def _ended_right_above(lines: list, i: int, claimed: list[tuple[int, int, int]], settings: Settings) -> int | None:
    """The number of the table read before that ends right above line ``i``, with no blank
    line or text between (a page's footer aside), or None: rows from ``i`` that the reader
    of the next region cannot read go on from that table (a row it could not take, a label
    squeezed against its figure), and are that table's problem."""
    for _, end, number in reversed(claimed):
        if end <= i and all(text.is_furniture(lines[j], settings) for j in range(end, i)):
            return number
        if end <= i:
            return None
    return None


def _read_before(indices: list[int], claimed: list[tuple[int, int, int]]) -> int | None:
    """The number of the table read before that holds any of these lines, or None. A
    table whose reader went back up to that table's header, over lines that table ended
    before (sub-headings, a page's footer), would publish the earlier rows twice and the
    rows that start it not at all."""
    for i in indices:
        for first, end, number in claimed:
            if first <= i < end:
                return number
    return None


def _of_the_table_above(found: _Found, start: regions.Start, problem: Problem, end: int) -> int:
    """Rows from ``start`` to ``end`` that go on from the table read before them: its
    ``problem`` (its rows from here on are not published), those lines its; the index after."""
    assert problem.table_number is not None
    found.problems.append(problem)
    found.claimed.append((start.index, end, problem.table_number))
    return end


GOES_ON_UNREAD = "the table goes on here: its rows from here on are not published"
GOES_ON = (
    "the table goes on here, past lines it could not read as its own (sub-headings, a page's "
    "footer): its rows from here on are not published"
)


def _read_table(
    lines: list,
    start: regions.Start,
    number: int,
    section: str | None,
    words: hyphenation.Vocabulary,
    settings: Settings,
) -> tuple[Table, int]:
    """The table that starts at ``start`` and the index after it: read by its form's reader,
    its wrapped words decided by the letter's vocabulary, and settled by its own totals
    when its rows read in more than one way (``settle.Unsettled`` when they do not tell)."""
    outcome = forms.TEXT_FORMS[start.form].read(lines, start.index, settings)
    if isinstance(outcome, Ambiguous):
        outcome.grids = [hyphenation.resolve_grid(g, words) for g in outcome.grids]
        if outcome.by_convention is not None:
            outcome.by_convention = hyphenation.resolve_grid(outcome.by_convention, words)
        try:
            return settle.by_totals(outcome, number, section, settings), outcome.end or start.index + 1
        except Unreadable as problem:  # (a reading placed a line on weak evidence): it ends where it ends
            problem.end = problem.end if problem.end is not None else outcome.end
            raise
    if isinstance(outcome, Unreadable):
        raise outcome
    try:
        grid = hyphenation.resolve_grid(outcome.grid, words).certain()
        return assemble(grid, number, section, settings), outcome.end
    except Unreadable as problem:  # (no unit, a cell that is no figure): the table ends where it ends
        problem.end = outcome.end
        raise


def _section_after(
    lines: list, i: int, section: str | None, words: hyphenation.Vocabulary, settings: Settings
) -> str | None:
    """The section the letter is in after line ``i``: the one a heading there opens, else ``section``."""
    heading = letter_fields.heading_at(lines, i, settings)
    if heading is not None:
        section = hyphenation.resolve(heading, words)
    return section


def _as_read_from_pdf(tables: list[Table]) -> list[Table]:
    """The tables of a PDF letter, read from its rendering: their form the PDF's."""
    return [dataclasses.replace(t, form=forms.PDF) for t in tables]


def _pdf_problems(problems: list[Problem]) -> list[Problem]:
    """The problems of a PDF letter, without advice on how to save a text the pipeline rendered itself."""
    return [
        dataclasses.replace(p, reason=p.reason.replace(pdftotext_raw.ADVICE, pdftotext_raw.PDF_ADVICE))
        for p in problems
    ]


def _settle(
    tables: list[Table], problems: list[Problem], unsettled: dict[int, settle.Unsettled], settings: Settings
) -> None:
    """Tables their own totals left open, settled by the letter's overview when every
    other table was read, else one by one by the letter's own evidence (its labels, its
    sections, its thousands); what is still open is reported (in the order of the letter)."""
    chosen = None
    if not any(p.table_number is not None for p in problems):
        chosen = settle.by_overview(tables, unsettled, settings)
    if chosen is None:
        read = list(tables)
        chosen = [t for t in (settle.by_letter(read, unsettled[n]) for n in sorted(unsettled)) if t is not None]
        settled = {t.number for t in chosen}
        for number, open_table in unsettled.items():
            if number not in settled:
                problems.append(
                    Problem(None if open_table.index is None else open_table.index + 1, open_table.reason, number)
                )
        problems.sort(key=lambda p: (p.line is None, p.line or 0))
    tables[:] = sorted([*tables, *chosen], key=lambda t: t.number)


def _next_prose(lines: list, i: int, settings: Settings) -> int:
    """The next line of prose or a heading: where the text after a table goes on."""
    while i < len(lines) and not (text.is_prose(lines[i], settings) or text.is_heading(lines[i], settings)):
        i += 1
    return i
