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

from collections.abc import Callable
from dataclasses import dataclass

from pipeline.extraction.grid import Ambiguous, Grid, Unreadable
from pipeline.extraction.settings import Settings
from pipeline.extraction.text import Line


@dataclass(frozen=True)
class Read:
    """A table read one way, and the index of the line after it."""

    grid: Grid
    end: int


Outcome = Read | Ambiguous | Unreadable


@dataclass(frozen=True)
class TextForm:
    """A form a table is saved in as text, and its reader."""

    name: str  # as published in tables.form
    reader: Callable[[list[Line], int, Settings], tuple[Grid, int]]

    def read(self, lines: list[Line], first: int, settings: Settings) -> Outcome:
        """The table whose first row (or cell) is line ``first``, read by this form's reader."""
        try:
            grid, end = self.reader(lines, first, settings)
        except Unreadable as outcome:  # Ambiguous is one too
            return outcome
        return Read(grid, end)
