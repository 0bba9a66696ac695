"""What a text form's reader hands on: a table as printed, before any meaning is given.

A ``Grid`` holds strings and line numbers only: the caption, the header text over each
amount column (one entry per header level), and per row its label, code and printed
cells (None for a blank cell). ``pipeline.extraction.assemble`` turns it into a
``Table``. A reader that cannot read a table for certain raises ``Unreadable`` with the
line and the reason; it never guesses.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class Unreadable(Exception):
    """A table that cannot be read for certain: where (0-based line index) and why."""

    def __init__(self, index: int | None, reason: str) -> None:
        super().__init__(reason)
        self.index = index
        self.reason = reason
        self.end: int | None = None  # the index after the table, once its reader knows it


class Ambiguous(Unreadable):
    """A table whose rows read in more than one way: every whole reading, for a later stage
    (the table's own totals) to settle if exactly one of them adds up."""

    def __init__(self, index: int | None, reason: str, grids: list[Grid], by_convention: Grid | None) -> None:
        super().__init__(index, reason)
        self.grids = grids
        self.by_convention = by_convention  # the reading the table's dash convention leaves, if one


@dataclass(frozen=True)
class GridCell:
    printed: str
    index: int  # 0-based line


@dataclass
class GridRow:
    index: int  # 0-based line where the label starts
    label: str  # as printed, wrapped lines joined
    cells: list[GridCell | None]  # one per amount column; None: blank
    code: str | None = None  # from a code column before the label

    @property
    def is_subheading(self) -> bool:
        return all(c is None for c in self.cells)


@dataclass
class Grid:
    form: str
    top: int  # 0-based index of the table's first line
    bottom: int  # 0-based index of its last line
    caption: str  # the lines above the rows, joined
    unit_texts: list[str]  # where the table's unit may be named, in order
    headers: list[list[str]]  # per amount column: header cells top-down ("" none)
    rows: list[GridRow] = field(default_factory=list)
    # a line whose place this reading took on weak evidence, with why (``doubt_reason``):
    # the reading may stand among others for the table's totals to judge, but if it is
    # the one the table is read as, the table is reported instead
    doubt: int | None = None
    doubt_reason: str = ""

    def certain(self) -> Grid:
        """This reading, if nothing in it was placed on weak evidence; else ``Unreadable``."""
        if self.doubt is not None:
            raise Unreadable(self.doubt, self.doubt_reason)
        return self
