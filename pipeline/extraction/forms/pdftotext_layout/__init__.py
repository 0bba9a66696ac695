"""Tables in ``pdftotext -layout`` output: columns kept by position, runs of spaces
between cells, page breaks as form feeds with the header repeated on the next page.

Positions say what a text copy cannot: which column a figure stands in (blank cells are
simply gaps), and which header words stand over which column. The stages:

1. the body: rows (a label, a wide gap, figures), label and sub-heading lines, page
   breaks with the repeated header left out, page furniture;
2. per page, the column edges: figures are right-aligned, so the right ends of the
   cells (and of the periods in the header line above them) line up per column;
3. per row, the cells: each token ending at an edge closes a cell; tokens before it
   that are part of one figure ("–", "107" of "– 107 610") join it;
4. the header: each header word goes to the column whose edge is the first at or right
   of its end (headers are right-aligned over their columns); a header line with a cell
   over every column is the lowest level, the lines above it an upper level, whose
   cells span leftwards over empty cells when the years below run on ("Realisatie" over
   2018 … 2022);
5. columns that are not amounts (codes, notes, "Div") are told apart by their header
   name and their values.

A line with a label and figures, or a row whose cells are words under the line of periods,
is never a header line: the table is reported rather than headed by it.

A PDF's rendering adds what no text shows: each line's pitch below the line above
(``Line.pitch``). Lines set closer than the table's rows are one cell wrapped (a label's
next line, a year that ends its header cell); lines set a row apart are rows or header
levels of their own (``set_close``). A table whose rows have no padding sets a wrapped
label's next line a row apart too: where the words read such a line otherwise, both readings
go on as ``Ambiguous`` for the table's totals to settle (``read._doubt_the_pitch``).

The stages live in modules named for what they take and give: ``line_shapes`` (what a line
is, asked by every stage), ``body`` (stage 1), ``columns`` (stages 2 and 3),
``header_lines`` and ``header_cells`` (stages 4 and 5), ``text_column`` (a column of words
at the right), and ``read``, which runs them in order. A name with an underscore is the
package's own.
"""

from __future__ import annotations

from pipeline.extraction.forms.pdftotext_layout.line_shapes import is_row
from pipeline.extraction.forms.pdftotext_layout.read import NAME, read

__all__ = ["NAME", "is_row", "read"]
