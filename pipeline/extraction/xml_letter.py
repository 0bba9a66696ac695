"""A letter stored as the source's XML (``raw/<id>.xml``): its tables from their CALS
structure (``forms.xml``), its text blocks for the date, addressee and section
headings, in document order. Line numbers are lines of the XML file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.extraction import text, xml_text
from pipeline.extraction.assemble import assemble
from pipeline.extraction.forms import xml
from pipeline.extraction.grid import Unreadable
from pipeline.extraction.letter import complete_letter
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
    """The walk through the document: the current section, the tables and problems so far,
    the text blocks, and those since the last table (where its caption is)."""

    settings: Settings
    shown: str
    section: str | None = None
    number: int = 0
    blocks: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    since_table: list[Line] = field(default_factory=list)

    def walk(self, element) -> None:
        name = xmlsafe.local(element)
        if name == "table":
            self.table(element)
        elif name in TEXT_BLOCKS:
            self.block(element, name)
            for table in xml_text.tables_inside(element):  # a table in a note in a paragraph
                self.table(table)
        else:
            for child in element:
                self.walk(child)

    def table(self, element) -> None:
        """A CALS table read, or reported; one without a figure in any cell is text (a list
        of mandates, say), no budget table, and is passed over."""
        self.since_table, before = [], self.since_table
        if not xml.holds_figures(element, self.settings):
            return
        self.number += 1
        try:
            grid = xml.read(element, _caption(element, before, self.settings), self.settings, self.shown)
            self.tables.append(assemble(grid, self.number, self.section, self.settings))
        except Unreadable as problem:
            line = None if problem.index is None else problem.index + 1
            self.problems.append(Problem(line, problem.reason, self.number))

    def block(self, element, name: str) -> None:
        """A paragraph, heading or date line: a line of the letter's text."""
        content = xml_text.words(element, self.settings)
        if content:
            line = Line((element.sourceline or 1) - 1, content, content, False)
            self.blocks.append(line)
            self.since_table.append(line)
            if name in HEADINGS and self.settings.heading.match(content):
                self.section = content


def extract_xml_letter(raw: RawLetter, settings: Settings) -> Letter:
    shown = str(raw.path)
    try:
        root = xmlsafe.parse("\n".join(raw.lines).encode("utf-8"), shown)
    except xmlsafe.UnsafeXML as error:
        return Letter(raw, None, None, None, (), (Problem(None, str(error).removeprefix(f"{shown}: ")),))
    state = _Walk(settings, shown)
    if xmlsafe.local(root) in settings.xml_document_roots:
        state.walk(root)
    else:
        state.problems.append(Problem(root.sourceline, _not_a_document(xmlsafe.local(root), settings)))

    return complete_letter(raw, state.blocks, state.tables, state.problems, settings)


def _not_a_document(root: str, settings: Settings) -> str:
    known = " or ".join(f"<{r}>" for r in sorted(settings.xml_document_roots))
    return (
        f"the XML is a <{root}>, not a document of the source ({known}: officielebekendmakingen's "
        "or wetten.overheid.nl's); nothing in it is read"
    )


def _caption(table, before: list[Line], settings: Settings) -> list[str]:
    """The table's title, and the text block right above it when that is no prose (a
    caption such as "Tabel 2 Uitgaven (bedragen x € 1.000)")."""
    caption = [xml_text.words(t, settings) for t in table if xmlsafe.local(t) == "title"]
    if before and not text.is_prose(before[-1], settings):
        caption.insert(0, before[-1].content)
    return [c for c in caption if c]
