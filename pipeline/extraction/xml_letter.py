"""A letter stored as the source's XML (``raw/<id>.xml``): its tables from their CALS
structure (``forms.cals``), its text blocks for the date, addressee and section
headings, in document order. Line numbers are lines of the XML file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.extraction import text
from pipeline.extraction.assemble import assemble
from pipeline.extraction.forms import cals
from pipeline.extraction.grid import Unreadable
from pipeline.extraction.model import Letter, Problem, Table
from pipeline.extraction.settings import Settings
from pipeline.extraction.text import Line
from pipeline.fetching import xmlsafe
from pipeline.reading import RawLetter

# Elements whose text is a block of the letter (a paragraph, a heading, the date line).
TEXT_BLOCKS = {"al", "kop", "tussenkop", "datumtekst", "dagtekening", "aanhef", "slotformule", "functie", "naam"}
HEADINGS = {"kop", "tussenkop"}


@dataclass
class _Walk:
    """Where the walk through the document is: the current section, the tables so far, and
    the text blocks since the last table (where its caption is)."""

    section: str | None = None
    number: int = 0
    since_table: list[Line] = field(default_factory=list)


def extract_xml_letter(raw: RawLetter, settings: Settings) -> Letter:
    shown = str(raw.path)
    try:
        root = xmlsafe.parse("\n".join(raw.lines).encode("utf-8"), shown)
    except xmlsafe.UnsafeXML as error:
        return Letter(raw, None, None, None, (), (Problem(None, str(error).removeprefix(f"{shown}: ")),))
    blocks: list[Line] = []
    tables: list[Table] = []
    problems: list[Problem] = []
    state = _Walk()

    def walk(element) -> None:
        name = xmlsafe.local(element)
        if name == "table":
            state.number += 1
            caption = _caption(element, state.since_table, settings)
            try:
                grid = cals.read(element, caption, settings, shown)
                tables.append(assemble(grid, state.number, state.section, settings))
            except Unreadable as problem:
                problems.append(
                    Problem(None if problem.index is None else problem.index + 1, problem.reason, state.number)
                )
            state.since_table = []
            return
        if name in TEXT_BLOCKS:
            # a heading's number and title are elements of their own: "<nr>2.</nr><titel>…"
            content = (
                " ".join(xmlsafe.text_of(c) for c in element)
                if name in HEADINGS and len(element)
                else xmlsafe.text_of(element)
            )
            if content:
                line = Line((element.sourceline or 1) - 1, content, content, False)
                blocks.append(line)
                state.since_table.append(line)
                if name in HEADINGS and settings.heading.match(content):
                    state.section = content
            return
        for child in element:
            walk(child)

    walk(root)
    from pipeline.extraction.pipeline import complete_letter  # (the text pipeline imports this module)

    return complete_letter(raw, blocks, tables, problems, settings)


def _caption(table, before: list[Line], settings: Settings) -> list[str]:
    """The table's title, and the text block right above it when that is no prose (a
    caption such as "Tabel 2 Uitgaven (bedragen x € 1.000)")."""
    caption = [xmlsafe.text_of(t) for t in table if xmlsafe.local(t) == "title"]
    if before and not text.is_prose(before[-1], settings):
        caption.insert(0, before[-1].content)
    return [c for c in caption if c]
