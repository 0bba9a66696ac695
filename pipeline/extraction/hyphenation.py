"""Whether a hyphen at the end of a wrapped line belongs to the word or to the wrap.

A label, header or heading wrapped after a hyphen ("Btw-" / "compensatiefonds", "preven-" /
"tieve") is joined by ``labels.join_wrapped`` with a soft hyphen (U+00AD) where the line
broke: that hyphen may be the word's own or one the typesetting added. The letter's own
text decides (``resolve``), once the reader has found the table:

- the hyphenated word printed whole on a line elsewhere in the letter keeps its hyphen;
- else the joined word printed elsewhere proves the hyphen was the wrap's ("Ontwerpbegroting");
- else a part before the hyphen that keeps one (a capitalised word or an abbreviation in
  capitals: "Btw-", "HLA-", "Financiële-", "Ontwerp-") keeps it;
- else two vowels that would run together without it keep it, where a part is a word the letter
  prints on its own ("integratie-" + "uitkeringen": Dutch writes the hyphen where the parts of
  a compound would otherwise read as one vowel sound; a word cut inside a syllable, "weerba-",
  has no part of its own to show);
- else, in a letter whose typesetting cuts no word at a line end (no line ends in a part of a
  word that the letter never prints whole, going on below in a part it never prints whole
  either), the hyphen is the word's where the part after it is a word the letter prints
  whole elsewhere ("ontwerp-" + "begroting"): such a letter breaks a line only where a word
  has a hyphen of its own;
- else (a lowercase part, "preven-") the hyphen was the wrap's and goes.

What belongs here: the letter's vocabulary and that decision. Nothing here reads tables.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Container, Iterable

from pipeline.extraction.grid import Grid

SOFT_HYPHEN = "\u00ad"
_WRAPPED = re.compile(rf"(\S*){SOFT_HYPHEN}(\S*)")
_EDGES = "()[]{}.,;:!?\"'«»“”‘’*"


@dataclasses.dataclass(frozen=True)
class Words(Container[str]):
    """What a letter prints: its words printed whole on a line (casefolded, without the
    punctuation around them), those printed whole more than once, and whether its
    typesetting cuts words at a line end."""

    whole: frozenset[str] = frozenset()
    repeated: frozenset[str] = frozenset()
    cuts_words: bool = False

    def __contains__(self, word: object) -> bool:
        return word in self.whole


def vocabulary(lines: Iterable[str]) -> Words:
    """The words the letter prints whole on a line; a word cut at the end of a line
    ("preven-") is not one, nor is the rest of it that opens the next line ("tieve"). The
    letter cuts words where such a cut leaves two parts it never prints whole."""
    counts: Counter[str] = Counter()
    cuts: list[tuple[str, str]] = []
    cut: str | None = None
    for line in lines:
        tokens = line.split()
        if cut is not None and tokens:
            cuts.append((cut, tokens[0].strip(_EDGES).casefold()))
        for token in tokens[1:] if cut is not None else tokens:
            word = token.strip(_EDGES)
            if word and not word.endswith(("-", SOFT_HYPHEN)):
                counts[word.casefold()] += 1
        cut = None
        if tokens:
            last = tokens[-1]
            if last.endswith(("-", SOFT_HYPHEN)) and any(ch.isalpha() for ch in last):
                cut = last.strip(_EDGES).rstrip("-" + SOFT_HYPHEN).rsplit("-", 1)[-1].casefold()
    whole = frozenset(counts)
    cuts_words = any(
        head.isalpha() and tail[:1].isalpha() and tail[:1].islower() and head not in whole and tail not in whole
        for head, tail in cuts
    )
    return Words(whole, frozenset(w for w, n in counts.items() if n > 1), cuts_words)


class Vocabulary(Container[str]):
    """``vocabulary`` of a letter's lines, gathered when it is first asked for: most
    letters have no wrap left to decide, and then nothing of theirs is ever asked for."""

    def __init__(self, lines: list[str]) -> None:
        self._lines: list[str] | None = lines
        self._words = Words()

    @property
    def words(self) -> Words:
        if self._lines is not None:
            self._words, self._lines = vocabulary(self._lines), None
        return self._words

    def __contains__(self, word: object) -> bool:
        return word in self.words


def resolve(text: str, words: Words | Vocabulary) -> str:
    """``text`` with each soft hyphen a wrap left decided: a hyphen, or nothing."""
    if SOFT_HYPHEN not in text:
        return text
    printed = words.words if isinstance(words, Vocabulary) else words
    return _WRAPPED.sub(lambda m: _decided(m.group(1), m.group(2), printed), text)


def _decided(before: str, after: str, words: Words) -> str:
    head, tail = before.lstrip(_EDGES), after.rstrip(_EDGES)
    if f"{head}-{tail}".casefold() in words:
        return f"{before}-{after}"
    if f"{head}{tail}".casefold() in words:
        return f"{before}{after}"
    keeps = (
        _keeps_hyphen(head)
        or _parts_clash(head, tail, words)
        or (not words.cuts_words and tail.casefold() in words.repeated)
    )
    return f"{before}-{after}" if keeps else f"{before}{after}"


# Vowel pairs Dutch separates with a hyphen in a compound, as they would read as one sound
# together (the klinkerbotsing rule): "zee-egel", "auto-ongeluk", "integratie-uitkering".
_CLASHING_VOWELS = frozenset({"aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "ii", "oe", "oi", "oo", "ou", "ui", "uu"})


def _parts_clash(head: str, tail: str, words: Container[str]) -> bool:
    """Two parts of a compound whose vowels would run together, one printed as a word."""
    if not (head and tail) or f"{head[-1]}{tail[0]}".lower() not in _CLASHING_VOWELS:
        return False
    return head.casefold() in words or tail.casefold() in words


def _keeps_hyphen(part: str) -> bool:
    """A part before a hyphen that keeps it: a capitalised word or an abbreviation ("Btw",
    "HLA", "Financiële"), or one with a digit ("2e-")."""
    last = part.rsplit("-", 1)[-1]
    return bool(last) and (last[0].isupper() or any(ch.isdigit() for ch in last))


def resolve_grid(grid: Grid, words: Words | Vocabulary) -> Grid:
    """The grid with every soft hyphen of its caption, units, headers and labels decided."""
    return dataclasses.replace(
        grid,
        caption=resolve(grid.caption, words),
        unit_texts=[resolve(t, words) for t in grid.unit_texts],
        headers=[[resolve(h, words) for h in column] for column in grid.headers],
        rows=[dataclasses.replace(row, label=resolve(row.label, words)) for row in grid.rows],
    )
