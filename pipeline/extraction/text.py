"""The first stage: a letter's lines as tokens with their positions, and what each line is.

A ``Line`` keeps the text as stored (``printed``, for the cells published as printed) and
a normalised copy of the same length (``text``: tabs and no-break spaces made plain
spaces), so that a token's span is its span in both. A form feed (``pdftotext`` starts each
page with one) is dropped and remembered; it is not a line break.

The classifiers here answer questions any text form asks: is this line blank, page
furniture (a running footer, a page number), a numbered heading, prose?
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import NamedTuple, TypeVar

from pipeline import dutch
from pipeline.extraction.settings import Settings

_NON_SPACE = re.compile(r"\S+")
T = TypeVar("T")


class Token(NamedTuple):
    text: str
    start: int
    end: int


class Line:
    """One line of the letter and its tokens, split once: every stage reads them."""

    __slots__ = ("index", "text", "printed", "form_feed", "pitch", "_tokens", "words", "content", "memo")

    def __init__(self, index: int, text: str, printed: str, form_feed: bool, pitch: float | None = None) -> None:
        self.index = index  # 0-based
        self.text = text  # separators made spaces, form feed dropped
        self.printed = printed  # as stored, form feed dropped
        self.form_feed = form_feed  # a new page starts here (pdftotext)
        self.pitch = pitch  # a PDF's: points below the line above it; None in a text
        self.words: list[str] = text.split()
        self.content = " ".join(self.words)  # shared by every caller: never mutate ``words``
        self.memo: dict = {}  # what ``per_line`` classifiers found for this line
        self._tokens: tuple[Token, ...] | None = None

    @property
    def tokens(self) -> tuple[Token, ...]:
        """The words with where they stand (made when first asked: most lines are prose)."""
        if self._tokens is None:
            self._tokens = tuple(Token(m.group(), m.start(), m.end()) for m in _NON_SPACE.finditer(self.text))
        return self._tokens

    def __repr__(self) -> str:
        return f"Line({self.number}, {self.printed!r})"

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def is_blank(self) -> bool:
        return not self.words

    @property
    def indent(self) -> int:
        return self.tokens[0].start if self.tokens else len(self.text)

    def span(self, first: int, last: int) -> str:
        """The printed text from token ``first`` to token ``last`` (inclusive)."""
        return self.printed[self.tokens[first].start : self.tokens[last].end]


def lines_of(stored: tuple[str, ...], pitches: tuple[float | None, ...] = ()) -> list[Line]:
    """The letter's lines; ``pitches``, a PDF's, one per line (``pdftext.Rendering``)."""
    out = []
    for index, printed in enumerate(stored):
        form_feed = "\f" in printed
        printed = printed.replace("\f", "")
        pitch = pitches[index] if pitches else None
        out.append(Line(index, printed.translate(dutch.SEPARATORS), printed, form_feed, pitch))
    return out


# ---- what a line is ------------------------------------------------------------------------


def per_line(classify: Callable[[Line, Settings], T]) -> Callable[[Line, Settings], T]:
    """Remember a classifier's answer on the line: the stages ask the same questions of
    the same lines many times (is it prose, a row, a title?)."""
    name = f"{classify.__module__}.{classify.__qualname__}"

    @functools.wraps(classify)
    def remembered(line: Line, settings: Settings) -> T:
        key = (name, settings.token)
        memo = line.memo
        if key not in memo:
            memo[key] = classify(line, settings)
        return memo[key]

    return remembered


def is_furniture(line: Line, settings: Settings, *, whole_rows: bool = True) -> bool:
    """A running footer or header of the paper; with ``whole_rows``, also a page number
    alone on its line (where a line holds a whole row, never where it holds one cell)."""
    text = line.content
    if not text:
        return False
    if any(p.match(text) for p in settings.page_furniture):
        return True
    if whole_rows and settings.page_number.match(text):
        return True
    return _typeset_furniture(line, settings)


def _typeset_furniture(line: Line, settings: Settings) -> bool:
    """A line of the source's typesetting only: each phrase on it (words a few spaces
    apart) the chamber's title, the colophon, the footer or its page number, with at least
    one of them more than a bare number."""
    gap = " " * settings.typeset_gap
    phrases = [" ".join(part.split()) for part in line.text.strip().split(gap) if part.strip()]
    bare = settings.typeset_furniture[-1]
    return any(not bare.match(p) for p in phrases) and all(
        any(pattern.match(p) for pattern in settings.typeset_furniture) for p in phrases
    )


@per_line
def is_heading(line: Line, settings: Settings) -> bool:
    return bool(settings.heading.match(line.content))


def is_sentence(words: list[str], settings: Settings) -> bool:
    """A run of words that reads as prose: too long for a label, or with a sentence break."""
    text = " ".join(words)
    return len(words) > settings.max_label_words or bool(settings.sentence_break.search(text))


@per_line
def ends_sentence(line: Line, settings: Settings) -> bool:
    """A line that closes a sentence of prose ("… is als volgt.", "… weergegeven:"); a line
    of figures and periods that ends in an abbreviation ("2021 … 2025 Struc.") is none."""
    text = line.content
    words = line.words
    return (
        text.endswith((".", "!", "?"))
        and len(words) >= settings.prose_min_words
        and not text.endswith(("e.v.", "p.m.", "n.v.t.", ".."))  # "..": a cell with no figure
        and 2 * sum(1 for w in words if has_letters([w])) >= len(words)
    )


def is_running_text(words: list[str], settings: Settings) -> bool:
    """A line of a paragraph: more words than a row's label has, nearly all of them
    lowercase words ("worden gemeenten jaren … in aan € 3,0 mln in 2014")."""
    plain = [w.strip(".,;:()") for w in words]
    plain = [w for w in plain if w.isalpha()]
    if len(plain) <= settings.max_row_label_words:
        return False
    return sum(1 for w in plain if w.islower()) >= settings.running_text_lowercase * len(plain)


@per_line
def is_prose(line: Line, settings: Settings) -> bool:
    words = line.words
    if not words:
        return False
    return is_sentence(words, settings) or ends_sentence(line, settings) or is_running_text(words, settings)


def has_letters(words: list[str]) -> bool:
    return any(ch.isalpha() for w in words for ch in w)


@per_line
def is_caption(line: Line, settings: Settings) -> bool:
    """A table's caption or unit line: "Tabel 3 …", "(bedragen x € 1.000)"."""
    text = line.content
    if not text or is_prose(line, settings):
        return False
    return bool(settings.caption_start.match(text)) or dutch.find_unit(text) is not None


# A unit in euros names one of these (a cheap test first: most lines are prose, no title).
_UNIT_HINT = re.compile(r"€|eur|mld|mrd|miljard|\bbn\b|mln|mio|miljoen|duizend|dzd|1[. ]?000", re.IGNORECASE)
# The same words in lowercase, for a text in ASCII lowercased (three times quicker than
# ignoring case, and the same answer: case is only ASCII's there).
_UNIT_HINT_LOWER = re.compile(_UNIT_HINT.pattern)


# A unit in parentheses cut off at the end of a line, its figure on the next: "(bedragen x €", "(x EUR".
_UNIT_OPENS_AT_END = re.compile(r"\((?:bedragen\s+)?(?:x|in)\s+(?:€|EUR|euro)\s*$", re.IGNORECASE)


def _has_unit_hint(text: str) -> bool:
    if text.isascii():
        return _UNIT_HINT_LOWER.search(text.lower()) is not None
    return _UNIT_HINT.search(text) is not None


@per_line
def is_title(line: Line, settings: Settings) -> bool:
    """A line that opens a new table even amid rows: "Tabel 3 …", or a line that starts or
    ends with a unit in euros ("(bedragen x € 1.000)", "Overzicht … Bedragen in EUR 1.000").
    A label naming its own unit ("Feitelijk EMU-saldo (in procenten") is not one."""
    text = line.content
    if not text:
        return False
    if settings.caption_start.match(text) and not text.endswith("."):
        return True
    if not _has_unit_hint(text):
        return False
    if _UNIT_OPENS_AT_END.search(text) and not settings.sentence_break.search(text):
        return True  # a title whose unit wraps: "… van beleid (bedragen x €" over "1.000)"
    unit = dutch.find_unit(text)
    if unit is None or unit.unit_eur is None:
        return False
    closed = _closed_by_its_unit(text, unit, settings)
    if is_prose(line, settings) and not closed:
        return False
    return closed or unit.start <= 1 or len(text[unit.end :].strip(" ).")) == 0


def _closed_by_its_unit(text: str, unit: dutch.UnitPhrase, settings: Settings) -> bool:
    """A long title closed by its unit in parentheses, no sentence in it ("Wijziging van
    de begrotingsstaat … voor het jaar 2019 (Slotwet) (bedragen x € 1.000)"), a remark on
    the sign after it in the same parentheses or not ("(in miljoenen euro, + is uitgave)"):
    a caption, however many words it has; prose does not end a line so."""
    if not text.endswith(")") or settings.sentence_break.search(text):
        return False
    if not text[: unit.start].rstrip().endswith("("):
        return False
    rest = text[unit.end : -1]
    return not rest.strip(" )") or (rest.startswith(",") and "(" not in rest and ")" not in rest)
