"""Header cells wrapped over several lines of a PDF text copy, put back together.

A PDF viewer copies a table's header line by line: the first line holds the first line of
every header cell, left to right; the next line the second line of each cell that has
one, and so on. Which words stand over which column is not shown, but the wrap is not
arbitrary. Text is wrapped greedily in cells of one width: a line of a cell holds as many
words as fit, so it ends only where its next word would not have fit, and a line of more
than one word is never wider than the cell. A header level is one run of such lines;
a header of two levels is two runs, one above the other.

``readings`` finds every way to cut the header lines into levels and cells that one cell
width explains, with cells that read as header cells (a year ends a cell, unless a period
or a column's stage mark follows it: "2024 t/m 2082", "2023 (1)"). It returns them all,
or None when there are too many to weigh; the reader keeps a header only when every
reading gives the same columns. Nothing here knows about rows or figures.

Width is counted in characters, which is what a text copy keeps of a typeset width.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from pipeline import dutch
from pipeline.extraction import headers

Level = tuple[str, ...]  # the cells of one header level, left to right
Reading = tuple[Level, ...]  # the levels of a header, top-down

# A column's stage mark or formula, printed after its name: "(1)", "(3)=(1)+(2)", "(3)=(1+2)".
STAGE_MARK = re.compile(r"^\(\d{1,2}\)(?:=\(?\d{1,2}\)?(?:[+\-–]\(?\d{1,2}\)?)+\)?)?$")


def readings(
    lines: list[list[str]],
    columns: int,
    spare: int,
    max_readings: int,
    max_steps: int,
    heads: frozenset[str] = frozenset(),
) -> list[Reading] | None:
    """Every reading of the header ``lines`` (words per line, top-down) that one cell width
    explains, whose lowest level has ``columns`` cells plus at most ``spare`` more (a stub,
    names of non-amount columns) and whose upper levels no more than that; None when there
    are more than ``max_readings``, or when weighing them takes more than ``max_steps``.
    ``heads``: the words (lowercase) that open a column's name ("stand", "mutaties"); one
    printed capitalised opens its cell, never stands inside one."""
    found = _readings(tuple(tuple(words) for words in lines), columns, columns + spare, max_readings, max_steps, heads)
    return None if found is None else list(found)


class _OverBudget(Exception):
    pass


@functools.lru_cache(maxsize=1 << 10)
def _readings(
    lines: tuple[tuple[str, ...], ...], least: int, most: int, max_readings: int, max_steps: int, heads: frozenset[str]
) -> tuple[Reading, ...] | None:
    if not lines or not all(lines):
        return ()
    found: dict[Reading, None] = {}
    longest = max(len(" ".join(words)) for words in lines)
    search = _Search(lines, least, most, max_steps, heads)
    try:
        for width in range(1, longest + 1):
            for reading in search.over_levels(0, width):
                found[reading] = None
                if len(found) > max_readings:
                    return None
    except _OverBudget:
        return None
    return tuple(found)


class _Search:
    """The readings of one header at each cell width, counting its steps."""

    def __init__(
        self, lines: tuple[tuple[str, ...], ...], least: int, most: int, max_steps: int, heads: frozenset[str]
    ):
        self.lines, self.least, self.most, self.heads = lines, least, most, heads
        self.steps_left = max_steps
        self.memo: dict[tuple[int, int, int, tuple[int, ...], int], tuple[Level, ...]] = {}

    def over_levels(self, first: int, width: int) -> Iterator[Reading]:
        """The lines from ``first`` on cut into runs (levels), each run into cells."""
        last = len(self.lines)
        for cut in range(first + 1, last + 1):
            if cut == last:
                for level in self.cells_from(first, cut, width, (0,) * (cut - first), self.most):
                    if len(level) >= self.least:
                        yield (level,)
                return
            rests = []
            for rest in self.over_levels(cut, width):
                self.steps_left -= 1  # each way kept costs a step: no search outgrows its budget
                if self.steps_left < 0:
                    raise _OverBudget
                rests.append(rest)
            if not rests:
                continue
            for level in self.cells_from(first, cut, width, (0,) * (cut - first), self.most):
                for rest in rests:
                    yield (level, *rest)

    def cells_from(self, first: int, stop: int, width: int, at: tuple[int, ...], most: int) -> tuple[Level, ...]:
        """The cells, at most ``most``, of lines ``first``..``stop`` from word positions ``at``
        (one per line) to the ends of the lines: the next cell starts on the first line and
        goes down as far as it was wrapped."""
        key = (first, stop, width, at, most)
        if key in self.memo:
            return self.memo[key]
        self.steps_left -= 1
        if self.steps_left < 0:
            raise _OverBudget
        lines = self.lines[first:stop]
        found: list[Level] = []
        if all(a == len(words) for a, words in zip(at, lines)):
            found.append(())
        elif at[0] < len(lines[0]) and most > 0:  # else words left below with no cell above, or too many cells
            for cell, after in _one_cell(lines, width, at):
                if _reads_as_header_cell(cell, self.heads):
                    for rest in self.cells_from(first, stop, width, after, most - 1):
                        found.append((" ".join(cell), *rest))
        self.steps_left -= len(found)  # each way kept costs a step: no search outgrows its budget
        if self.steps_left < 0:
            raise _OverBudget
        self.memo[key] = tuple(found)
        return self.memo[key]


def _one_cell(
    lines: tuple[tuple[str, ...], ...], width: int, at: tuple[int, ...]
) -> Iterator[tuple[list[str], tuple[int, ...]]]:
    """A cell starting at ``at``: its words and the positions after it, for each way it
    may run down the lines (a line of the cell ends where its next word would not fit)."""

    def down(k: int, words: list[str], last: str, after: list[int]) -> Iterator[tuple[list[str], tuple[int, ...]]]:
        yield words, tuple(after)
        if k == len(lines):
            return
        line, start = lines[k], after[k]
        if start == len(line) or len(last) + 1 + len(line[start]) <= width:
            return  # the next word would have fit on the line above
        for end in _fragment_ends(line, start, width):
            part = " ".join(line[start:end])
            moved = list(after)
            moved[k] = end
            yield from down(k + 1, words + list(line[start:end]), part, moved)

    first = lines[0]
    for end in _fragment_ends(first, at[0], width):
        after = list(at)
        after[0] = end
        yield from down(1, list(first[at[0] : end]), " ".join(first[at[0] : end]), after)


def _fragment_ends(words: tuple[str, ...], start: int, width: int) -> Iterator[int]:
    """Where a line of a cell starting at ``start`` may end: one word of any length, or
    more words that fit the width."""
    yield start + 1
    length = len(words[start])
    for end in range(start + 2, len(words) + 1):
        length += 1 + len(words[end - 1])
        if length > width:
            return
        yield end


def _reads_as_header_cell(words: list[str], heads: frozenset[str] = frozenset()) -> bool:
    """A cell holds a letter or digit. A column's stage mark ends its cell ("Stand
    (5)=(3)+(4)"), and so does a year, unless what follows continues that one period or is
    the stage mark: "2024 t/m 2082", "2022 e.v.", "2023 (1)"; never "2020 2021" or
    "2023 (1) ISB"."""
    if any(STAGE_MARK.match(w) for w in words[:-1]) or not any(c.isalnum() for w in words for c in w):
        return False
    if any(headers.ORDINAL.match(w) and not (nxt[:1].islower()) for w, nxt in zip(words, [*words[1:], ""])):
        return False  # an ordinal qualifies the word after it: "1e suppletoire", never "1e Stand" or a cell's end
    if any(w[:1].isupper() and w.lower() in heads for w in words[1:]):
        return False  # "Stand" or "Mutaties" opens a column's name: never "Stand Mutaties …"
    for k, word in enumerate(words):
        if dutch.YEAR.match(headers.unnote(word)):
            rest = list(words[k:])
            if STAGE_MARK.match(rest[-1]):
                rest.pop()
            periods = dutch.read_periods([headers.unnote(w) for w in rest])
            return periods is not None and len(periods) == 1
    return True
