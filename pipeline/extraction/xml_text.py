"""The words of an element of the source's XML as a reader sees them printed: notes left
out (a footnote and its mark), paragraphs and list items set apart, and whether every word
is set in bold. Tables inside the element are no part of its text (they are read as tables).
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from pipeline.extraction.settings import Settings
from pipeline.fetching import xmlsafe

TABLE = "table"


def words(element: etree._Element, settings: Settings) -> str:
    """The element's text, whitespace collapsed, without its notes and tables."""
    return " ".join("".join(text for text, _ in _pieces(element, settings, False)).split())


def is_bold(element: etree._Element, settings: Settings) -> bool:
    """Every word of the element is bold (and it has words)."""
    pieces = [(text, bold) for text, bold in _pieces(element, settings, False) if text.strip()]
    return bool(pieces) and all(bold for _, bold in pieces)


def _pieces(element: etree._Element, settings: Settings, bold: bool) -> Iterator[tuple[str, bool]]:
    """The element's runs of text, each with whether it is bold, in document order."""
    yield element.text or "", bold
    for child in element:
        name = xmlsafe.local(child)
        if name not in settings.xml_note_elements and name != TABLE:
            apart = " " if name in settings.xml_block_elements else ""
            yield apart, bold
            yield from _pieces(child, settings, bold or _sets_bold(child, name, settings))
            yield apart, bold
        yield child.tail or "", bold


def _sets_bold(element: etree._Element, name: str, settings: Settings) -> bool:
    return name == settings.xml_emphasis and element.get("type") == settings.xml_bold


def tables_inside(element: etree._Element) -> Iterator[etree._Element]:
    """The tables in an element (a paragraph holding a note holding a table), outermost only."""
    for child in element:
        if xmlsafe.local(child) == TABLE:
            yield child
        else:
            yield from tables_inside(child)
