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
- else (a lowercase part, "preven-") the hyphen was the wrap's and goes.

What belongs here: the letter's vocabulary and that decision. Nothing here reads tables.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Container, Iterable

from pipeline.extraction.grid import Grid

SOFT_HYPHEN = "\u00ad"
_WRAPPED = re.compile(rf"(\S*){SOFT_HYPHEN}(\S*)")
_EDGES = "()[]{}.,;:!?\"'«»“”‘’*"


def vocabulary(lines: Iterable[str]) -> frozenset[str]:
    """The words the letter prints whole on a line (casefolded, without the punctuation
    around them); a word cut at the end of a line ("preven-") is not one, nor is the rest of
    it that opens the next line ("tieve")."""
    words: set[str] = set()
    cut = False
    for line in lines:
        tokens = line.split()
        for token in tokens[1:] if cut else tokens:
            word = token.strip(_EDGES)
            if word and not word.endswith(("-", SOFT_HYPHEN)):
                words.add(word.casefold())
        if tokens:
            last = tokens[-1]
            cut = last.endswith(("-", SOFT_HYPHEN)) and any(ch.isalpha() for ch in last)
    return frozenset(words)


class Vocabulary(Container[str]):
    """``vocabulary`` of a letter's lines, gathered when it is first asked for a word: most
    letters have no wrap left to decide, and then no word of theirs is ever asked for."""

    def __init__(self, lines: list[str]) -> None:
        self._lines: list[str] | None = lines
        self._words: frozenset[str] = frozenset()

    def __contains__(self, word: object) -> bool:
        if self._lines is not None:
            self._words, self._lines = vocabulary(self._lines), None
        return word in self._words


def resolve(text: str, words: Container[str]) -> str:
    """``text`` with each soft hyphen a wrap left decided: a hyphen, or nothing."""
    if SOFT_HYPHEN not in text:
        return text
    return _WRAPPED.sub(lambda m: _decided(m.group(1), m.group(2), words), text)


def _decided(before: str, after: str, words: Container[str]) -> str:
    head, tail = before.lstrip(_EDGES), after.rstrip(_EDGES)
    if f"{head}-{tail}".casefold() in words:
        return f"{before}-{after}"
    if f"{head}{tail}".casefold() in words:
        return f"{before}{after}"
    return f"{before}-{after}" if _keeps_hyphen(head) or _parts_clash(head, tail, words) else f"{before}{after}"


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


def resolve_grid(grid: Grid, words: Container[str]) -> Grid:
    """The grid with every soft hyphen of its caption, units, headers and labels decided."""
    return dataclasses.replace(
        grid,
        caption=resolve(grid.caption, words),
        unit_texts=[resolve(t, words) for t in grid.unit_texts],
        headers=[[resolve(h, words) for h in column] for column in grid.headers],
        rows=[dataclasses.replace(row, label=resolve(row.label, words)) for row in grid.rows],
    )
