"""The forms a table reaches the extractor in, each in a module named as the ``tables``
resource publishes it (``pdf-copy`` in ``pdf_copy.py``), and the registry of the text forms.

- ``pdf_copy``: a PDF text copy (rows on one line, single spaces).
- ``pdftotext_layout``: ``pdftotext -layout`` (columns by position).
- ``html_copy``: a browser copy of an HTML table (one cell per line, blank lines between).
- ``pdftotext_raw``: plain ``pdftotext`` (cells one per line, often in column blocks).
- ``xml``: the source's own XML (CALS tables), read by structure, not from lines of text.

A PDF letter is read through a rendering of its words in the ``pdftotext -layout`` form, and
its tables are published with the form ``pdf`` (``PDF``). ``pipeline.extraction.regions``
tells a table's text form from its lines by what each form's entry in ``TEXT_FORMS`` says of
it. Adding a text form: its module with ``NAME`` and ``read``, its entry in ``TEXT_FORMS``,
and its name in the data contract (``pipeline.schema.TEXT_FORMS``, a contract change);
CONTRIBUTING.md walks through it.
"""

from __future__ import annotations

from pipeline.extraction.forms import html_copy, pdf_copy, pdftotext_layout, pdftotext_raw, xml
from pipeline.extraction.forms.base import Outcome, Read, TextForm, gapped

TEXT_FORMS: dict[str, TextForm] = {
    form.name: form
    for form in (
        TextForm(
            pdf_copy.NAME,
            pdf_copy.read,
            is_row=pdf_copy.is_row,
            takes=lambda line: not gapped(line),
            runs_on_from_text=True,
        ),
        TextForm(
            pdftotext_layout.NAME, pdftotext_layout.read, is_row=pdftotext_layout.is_row, takes=gapped, gapped=True
        ),
        TextForm(html_copy.NAME, html_copy.read, spaced=True),
        TextForm(pdftotext_raw.NAME, pdftotext_raw.read, spaced=False),
    )
}
ROW_FORMS = [form for form in TEXT_FORMS.values() if form.is_row is not None]
CELL_FORMS = [form for form in TEXT_FORMS.values() if form.spaced is not None]
XML = xml.NAME
PDF = "pdf"  # a table read from a PDF letter, through its rendering as text
PUBLISHED = (*TEXT_FORMS, XML, PDF)  # every form the tables resource names, in its order

__all__ = ["CELL_FORMS", "PDF", "PUBLISHED", "ROW_FORMS", "TEXT_FORMS", "XML", "Outcome", "Read", "TextForm"]
