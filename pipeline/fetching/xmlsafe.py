"""Parsing XML that comes from outside: no DTDs, no entities, no network, bounded size.

lxml keeps each element's source line (``sourceline``), which the tables read from XML
cite as their ``line``. What belongs here: turning bytes into a tree safely, and nothing
about what the tree means.
"""

from __future__ import annotations

from lxml import etree

from pipeline.errors import PipelineError


class UnsafeXML(PipelineError):
    """XML that is malformed or asks for what untrusted XML may not (a DTD, entities)."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse(data: bytes, shown: str) -> etree._Element:
    """The root element of ``data``; ``UnsafeXML`` naming ``shown`` when it is not plain XML."""
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        raise UnsafeXML(f"{shown}: the XML declares a DTD or entities, which is refused")
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as error:
        line = error.lineno if error.lineno else None
        where = f"{shown}:{line}" if line else shown
        raise UnsafeXML(f"{where}: not well-formed XML ({error.msg})") from None
    if root.getroottree().docinfo.doctype:
        raise UnsafeXML(f"{shown}: the XML declares a DTD, which is refused")
    return root


def local(element: etree._Element) -> str:
    """An element's name without its namespace."""
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def namespace(element: etree._Element) -> str:
    """An element's namespace URI, "" when it has none."""
    tag = element.tag
    return (etree.QName(tag).namespace or "") if isinstance(tag, str) else ""


def text_of(element: etree._Element) -> str:
    """All text inside an element, whitespace collapsed."""
    return " ".join("".join(element.itertext()).split())
