"""Tables in a PDF text copy: one row per line, words and figures separated by single
spaces, blank cells simply absent, header cells that wrap interleaved over lines.

What such a copy shows for certain, this reads: the rows (a label, then one figure per
amount column, read from the right; a leading article code or row number; trailing
non-amount columns named in the header), the periods line and header lines that split
into one cell per column. What it cannot show, this reports instead of guessing:

- a row with fewer figures than the table has columns (which cell is blank?),
- a row whose words can be read as figures in more than one way ("10 275 11 823" when
  spaces also separate thousands), unless the table's conventions or its own totals
  leave one reading (``pipeline.extraction.settle``),
- header cells wrapped over several lines, or spanning several columns (which words
  stand over which column?).

The stages live in modules named for what they take and give: ``line_shapes`` (what a line
is, asked by every stage), ``body`` (the rows), ``header`` (caption, periods and header
lines, and the columns they give), ``rows`` (a row's readings as figures and the table's
conventions), and ``read``, which runs them in order. A name with an underscore is the
package's own.
"""

from __future__ import annotations

from pipeline.extraction.forms.pdf_copy.line_shapes import is_row
from pipeline.extraction.forms.pdf_copy.read import NAME, read

__all__ = ["NAME", "is_row", "read"]
