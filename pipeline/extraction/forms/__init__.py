"""One reader per text form a table is saved in. Each takes the lines and the index of
the table's first row (or cell) and returns a ``Grid`` and the index after the table, or
raises ``Unreadable``.

- ``inline``: a PDF text copy (rows on one line, single spaces).
- ``aligned``: ``pdftotext -layout`` (columns by position).
- ``cells``: a browser copy of an HTML table (one cell per line, blank lines between).
- ``blocks``: plain ``pdftotext`` (cells one per line, often in column blocks).
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.extraction.forms import aligned, blocks, cells, inline

READERS: dict[str, Callable] = {
    inline.FORM: inline.read,
    aligned.FORM: aligned.read,
    cells.FORM: cells.read,
    blocks.FORM: blocks.read,
}
