"""The extractor's stages wired together: lines, regions, a form's reader, assembly."""

from __future__ import annotations

import dataclasses

from pipeline.errors import ExtractionError
from pipeline.extraction import hyphenation, regions, settle, text
from pipeline.extraction import letter as letter_fields
from pipeline.extraction.assemble import assemble
from pipeline.extraction.forms import READERS, blocks
from pipeline.extraction.grid import Ambiguous, Unreadable
from pipeline.extraction.model import Letter, Problem, Table
from pipeline.extraction.settings import DEFAULT, Settings
from pipeline.reading import PDF_SUFFIX, XML_SUFFIX, RawLetter

PDF_FORM = "pdf"  # a table read from a PDF letter, through its text rendering


def extract_letter(raw: RawLetter, settings: Settings = DEFAULT) -> Letter:
    """Every table of a letter that can be read, a problem for each that cannot, and the
    letter's date, letterhead and addressee."""
    if raw.path.name.endswith(XML_SUFFIX):
        from pipeline.extraction.xml_letter import extract_xml_letter

        return extract_xml_letter(raw, settings)
    lines = text.lines_of(raw.lines)
    words = hyphenation.vocabulary(line.content for line in lines)
    tables: list[Table] = []
    problems: list[Problem] = []
    section = None
    number = 0
    unsettled: dict[int, settle.Unsettled] = {}
    starts = regions.Starts(lines, settings)
    i = 0
    while i < len(lines):
        start = starts(i)
        if start is not None:
            number += 1
            end = start.index + 1
            try:
                table, end = _read_table(lines, start, number, section, words, settings)
                tables.append(table)
            except settle.Unsettled as open_table:
                unsettled[number] = open_table
                end = open_table.end or end
            except Unreadable as problem:
                where = start.index if problem.index is None else problem.index  # every table problem has a line
                problems.append(Problem(where + 1, problem.reason, number))
                end = getattr(problem, "end", end)
            except Exception as error:  # a bug must not cost the letter: report the table
                problems.append(
                    Problem(
                        start.index + 1,
                        f"internal error while reading this table ({type(error).__name__}: {error}); please report it",
                        number,
                    )
                )
                end = _next_blank(lines, start.index)
            i = max(end, i + 1)
            continue
        if regions.header_without_rows(lines, i, settings, starts):
            number += 1
            problems.append(
                Problem(
                    i + 1,
                    "a table header (its caption and a line of periods) with no "
                    "rows under it that can be read for certain",
                    number,
                )
            )
            i = _next_prose(lines, i + 1, settings)
            continue
        section = _section_after(lines, i, section, words, settings)
        i += 1
    if unsettled:
        _settle(tables, problems, unsettled, settings)
    return complete_letter(raw, lines, _as_read_from(raw, tables, problems), problems, settings)


def _read_table(
    lines: list, start: regions.Start, number: int, section: str | None, words: frozenset[str], settings: Settings
) -> tuple[Table, int]:
    """The table that starts at ``start`` and the index after it: read by its form's reader,
    its wrapped words decided by the letter's vocabulary, and settled by its own totals
    when its rows read in more than one way (``settle.Unsettled`` when they do not tell)."""
    try:
        grid, end = READERS[start.form](lines, start.index, settings)
        try:
            return assemble(hyphenation.resolve_grid(grid, words), number, section, settings), end
        except Unreadable as problem:  # (no unit, a cell that is no figure): the table ends where it ends
            problem.end = end  # type: ignore[attr-defined]
            raise
    except Ambiguous as ambiguous:
        ambiguous.grids = [hyphenation.resolve_grid(g, words) for g in ambiguous.grids]
        if ambiguous.by_convention is not None:
            ambiguous.by_convention = hyphenation.resolve_grid(ambiguous.by_convention, words)
        return settle.by_totals(ambiguous, number, section, settings), getattr(ambiguous, "end", start.index + 1)


def _section_after(lines: list, i: int, section: str | None, words: frozenset[str], settings: Settings) -> str | None:
    """The section the letter is in after line ``i``: the one a heading there opens, else ``section``."""
    heading = letter_fields.heading_at(lines, i, settings)
    if heading is not None:
        section = hyphenation.resolve(heading, words)
    return section


def _as_read_from(raw: RawLetter, tables: list[Table], problems: list[Problem]) -> list[Table]:
    """The tables, their form the PDF's when they were read from a PDF letter; the problems
    of a PDF letter without advice on how to save a text the pipeline rendered itself."""
    if raw.path.name.endswith(PDF_SUFFIX):  # read from the PDF's rendering: say so
        tables = [dataclasses.replace(t, form=PDF_FORM) for t in tables]
        problems[:] = [
            dataclasses.replace(p, reason=p.reason.replace(blocks.ADVICE, blocks.PDF_ADVICE)) for p in problems
        ]
    return tables


def complete_letter(
    raw: RawLetter, lines: list, tables: list[Table], problems: list[Problem], settings: Settings
) -> Letter:
    """The letter with its own fields (date, letterhead, addressee) read from ``lines`` (the
    text lines, or the text blocks of an XML letter), and the problems of its metadata first."""
    shown = str(raw.path)
    letterhead, addressee = letter_fields.letterhead_and_addressee(lines, raw.metadata, settings)
    try:
        date = letter_fields.letter_date(lines, shown, raw.metadata)
    except ExtractionError as error:
        date = None
        problems.insert(0, Problem(error.line, error.reason, None, None if error.path == shown else error.path))
    problems[:0] = [Problem(e.line, e.reason, None, e.path) for e in raw.problems]
    return Letter(
        raw=raw, date=date, letterhead=letterhead, addressee=addressee, tables=tuple(tables), problems=tuple(problems)
    )


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


def _next_blank(lines: list, i: int) -> int:
    while i < len(lines) and not lines[i].is_blank:
        i += 1
    return i


def _next_prose(lines: list, i: int, settings: Settings) -> int:
    """The next line of prose or a heading: where the text after a table goes on."""
    while i < len(lines) and not (text.is_prose(lines[i], settings) or text.is_heading(lines[i], settings)):
        i += 1
    return i
