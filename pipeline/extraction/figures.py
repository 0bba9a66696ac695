"""Reading figures off the end of a run of words, where spaces separate both cells and
parts of one figure ("– 1,5", "12, 5", "107 610", "p. m.").

Used where a text form gives words but not cell boundaries (a PDF text copy, a line of
``pdftotext -layout`` output between two wide gaps). ``readings`` lists every way the
words can end in a given number of cells; the caller decides what to do when there is
more than one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline import dutch
from pipeline.dutch import DASH, DIGITS, GROUP_HEAD, GROUP_TAIL, MINUS_WORD, NO_FIGURE, SPLIT_HEAD, TOKEN_NUMBER

_PM_HEAD = ("p.", "p")
_THREE_DIGITS = re.compile(r"^\d{3}$")
_PM_TAIL = ("m.", "m")


def _percent_body(word: str) -> str | None:
    if word.endswith("%") and len(word) > 1:
        return word[:-1]
    return None


@functools.lru_cache(maxsize=1 << 16)
def _cell_starts(words: tuple[str, ...], end: int) -> tuple[int, ...]:
    """Where a cell that ends with ``words[end - 1]`` can start, preferred first.

    A torn figure ("55," "1") must be glued; a lone dash or "-/-" before a number may be
    its sign; three digits after one to three digits may be its thousands ("107 610").
    """
    word = words[end - 1]
    starts: list[int] = []
    if NO_FIGURE.match(word) or DASH.match(word):
        starts.append(end - 1)
    elif word.lower() in _PM_TAIL and end >= 2 and words[end - 2].lower() in _PM_HEAD:
        starts.append(end - 2)
    elif word == "%" and end >= 2 and (number := TOKEN_NUMBER.match(words[end - 2])):
        starts.extend(_signed(words, end - 2, number["sign"] is not None))
    elif (body := _percent_body(word)) is not None and (number := TOKEN_NUMBER.match(body)):
        starts.extend(_signed(words, end - 1, number["sign"] is not None))
    elif DIGITS.match(word) and end >= 2 and (head := SPLIT_HEAD.match(words[end - 2])):
        starts.extend(_signed(words, end - 2, head["sign"] is not None))  # torn: "12," "05"
    elif TOKEN_NUMBER.match(word) or GROUP_TAIL.match(word):
        match = TOKEN_NUMBER.match(word)
        start, signed = end - 1, bool(match and match["sign"])
        if match:
            starts.extend(_signed(words, start, signed))
        # thousands separated by spaces: "107 610", "– 1 234 567,5", "3 082"
        if start == end - 1 and GROUP_TAIL.match(word) and not signed:
            starts.extend(_thousands_starts(words, start))
    return _with_euro_signs(words, starts)


def _thousands_starts(words: tuple[str, ...], start: int) -> list[int]:
    """Where a figure ending at ``words[start]`` can start when spaces part its thousands ("107 610"), signed too."""
    starts: list[int] = []
    group = start
    while group >= 1:
        previous = words[group - 1]
        if GROUP_HEAD.match(previous):
            head_signed = previous[:1] in dutch.DASHES + "+" or previous.startswith("-/-")
            starts.extend(_signed(words, group - 1, head_signed))
        if not _THREE_DIGITS.match(previous):
            break
        group -= 1
    return starts


def _with_euro_signs(words: tuple[str, ...], starts: list[int]) -> tuple[int, ...]:
    """The cell starts in their order, each moved onto a euro sign right before it, each once."""
    out = []
    for start in starts:
        if start >= 1 and words[start - 1] == dutch.EURO:
            start -= 1
        if start not in out:
            out.append(start)
    return tuple(out)


def _signed(words: tuple[str, ...], start: int, signed: bool) -> list[int]:
    """The cell as it starts, and with a lone sign before it."""
    out = [start]
    zero = NUMBER_ZERO.match(words[start])  # "– 0" is a nil and a 0, never minus nought
    if not signed and not zero and start >= 1:
        if MINUS_WORD.match(words[start - 1]):
            return [start - 1]  # "-/-" stands for nothing on its own: it is the sign
        if DASH.match(words[start - 1]):
            out.append(start - 1)
    return out


NUMBER_ZERO = re.compile(r"^0(?:,0+)?$")


def implausible_label(words: list[str]) -> bool:
    """A label does not end in something that prints like a figure of its own ("12,5",
    "–", "€", "– 107"), and has a letter."""
    if not any(ch.isalpha() for w in words for ch in w):
        return True
    if implausible_label_end(words[-1]):
        return True
    return (
        len(words) >= 2 and bool(DIGITS.match(words[-1])) and bool(DASH.match(words[-2]) or MINUS_WORD.match(words[-2]))
    )


def implausible_continuation(words: list[str]) -> bool:
    """The end of a label continued from the line above ends no more in a figure of its
    own than a label on one line does ("… domein – 2"); it need not hold a letter."""
    if implausible_label_end(words[-1]):
        return True
    return (
        len(words) >= 2 and bool(DIGITS.match(words[-1])) and bool(DASH.match(words[-2]) or MINUS_WORD.match(words[-2]))
    )


def implausible_label_end(word: str) -> bool:
    """A word that prints like a figure of its own ends no label."""
    if DASH.match(word) or NO_FIGURE.match(word) or SPLIT_HEAD.match(word) or MINUS_WORD.match(word):
        return True
    if word == dutch.EURO or word.endswith("%") or word == "0":
        return True
    match = TOKEN_NUMBER.match(word)
    return bool(match and (match["frac"] is not None or match["sign"] is not None or "." in match["int"]))


@dataclass(frozen=True)
class Reading:
    label_end: int  # words[:label_end] are the label
    cells: tuple[tuple[int, int], ...]  # (start, end) word spans, left to right


def readings(words: list[str], end: int, count: int) -> Iterator[tuple[int, tuple[tuple[int, int], ...]]]:
    """Every way to read ``count`` cells off the end of ``words[:end]``: (where the rest
    ends, the cells' word spans)."""
    return _readings(tuple(words), end, count)


def _readings(words: tuple[str, ...], end: int, count: int) -> Iterator[tuple[int, tuple[tuple[int, int], ...]]]:
    if count == 0:
        yield end, ()
        return
    if end == 0:
        return
    for start in _cell_starts(words, end):
        for rest, spans in _readings(words, start, count - 1):
            yield rest, spans + ((start, end),)


def trailing_cells(words: list[str]) -> tuple[int, int]:
    """How many cells end the words read greedily (the first way each time), and where
    the words before them end."""
    return _trailing_cells(tuple(words))


@functools.lru_cache(maxsize=1 << 14)
def _trailing_cells(words: tuple[str, ...]) -> tuple[int, int]:
    end, count = len(words), 0
    while end > 0 and (found := _cell_starts(words, end)):
        end = found[0]
        count += 1
    return count, end
