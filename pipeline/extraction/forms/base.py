"""What a text form is to the extractor: a name (as the ``tables`` resource publishes it) and
a reader, whose outcome is a value that carries the table's extent.

A reader takes a letter's lines and the index of a table's first row (or cell) and comes
back with one of:

- ``Read``: the table as printed (a ``Grid``) and the index after it;
- ``Ambiguous``: every whole reading of a table whose rows read in more than one way, for the
  table's own totals to settle (``pipeline.extraction.settle``);
- ``Unreadable``: where and why the table cannot be read for certain, and where it ends when
  the reader knows.

Inside a reader, a stage that finds the table unreadable raises ``Unreadable`` (the readers'
stages are deep, and an exception ends them all at once); ``TextForm.read`` turns what the
reader raised into the outcome, so that the stages after it match on values.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.extraction.grid import Ambiguous, Grid, Unreadable
from pipeline.extraction.settings import Settings
from pipeline.extraction.text import Line

_WIDE_GAP = re.compile(r"\S {3,}\S")


def gapped(line: Line) -> bool:
    """Words set apart by wide gaps, as ``pdftotext -layout`` prints columns."""
    return _WIDE_GAP.search(line.text) is not None


@dataclass(frozen=True)
class Read:
    """A table read one way, and the index of the line after it."""

    grid: Grid
    end: int


Outcome = Read | Ambiguous | Unreadable


@dataclass(frozen=True)
class TextForm:
    """A form a table is saved in as text, its reader, and how ``regions`` tells a table in it.

    A form whose tables start at a row of figures on one line (a row form) gives ``is_row``
    and ``takes`` (the lines whose shape is its own: set apart by wide gaps, or not; the row
    forms take no line alike); a form of one cell a line (a cell form) gives ``spaced``
    (whether a blank line follows each cell)."""

    name: str  # as published in tables.form
    reader: Callable[[list[Line], int, Settings], tuple[Grid, int]]
    # ---- a row form ----
    is_row: Callable[[Line, Settings], bool] | None = None
    takes: Callable[[Line], bool] | None = None
    gapped: bool = False  # its rows set their cells apart by wide gaps (then so may a row that reads as prose)
    runs_on_from_text: bool = False  # a row right under a paragraph's line may be that paragraph's last line
    # ---- a cell form ----
    spaced: bool | None = None

    def read(self, lines: list[Line], first: int, settings: Settings) -> Outcome:
        """The table whose first row (or cell) is line ``first``, read by this form's reader."""
        try:
            grid, end = self.reader(lines, first, settings)
        except Unreadable as outcome:  # Ambiguous is one too
            return outcome
        return Read(grid, end)
