"""Finding budget tables in the text of a letter, and the letter's own fields.

Pure functions, no Dagster. ``extract_letter`` turns a ``RawLetter`` into a ``Letter``:
its date, letterhead and addressee, every table it can read for certain, and a
``Problem`` (line and reason) for every table it cannot. It runs in named stages:

1. ``text``: the lines as tokens with their positions; page furniture, headings, prose.
2. ``regions``: where a table is, and in which text form it was saved (a PDF text copy,
   ``pdftotext -layout``, plain ``pdftotext``, a browser copy of an HTML table).
3. ``forms``: the reader of that form finds the table's extent, reads its header into
   columns with their spans and its rows into cells, and hands on a ``Grid``.
4. ``assemble``: units (the table's, a column's, a row's), periods, years, kinds of
   cells, row numbers and groups: the ``Table``.

Tolerances and vocabularies live in ``settings.Settings``.
"""

from __future__ import annotations

from pipeline.extraction.model import Cell, Column, Letter, Problem, Row, Table
from pipeline.extraction.pipeline import extract_letter

__all__ = ["Cell", "Column", "Letter", "Problem", "Row", "Table", "extract_letter"]
