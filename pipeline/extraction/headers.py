"""Words of a table header: periods, years with footnote marks, cells closed by years.

Shared by the readers of every text form.
"""

from __future__ import annotations

import functools

from pipeline import dutch


def period_run(words: list[str]) -> tuple[int, int, list[str]] | None:
    """The longest run of words that reads as periods: (start, end, periods)."""
    found = _period_run(tuple(words))
    return None if found is None else (found[0], found[1], list(found[2]))  # the caller's own list


@functools.lru_cache(maxsize=1 << 14)
def _period_run(words: tuple[str, ...]) -> tuple[int, int, list[str]] | None:
    best = None
    for start in range(len(words)):
        if not dutch.starts_period(unnote(words[start])):
            continue
        for end in range(len(words), start, -1):
            periods = dutch.read_periods([unnote(w) for w in words[start:end]])
            if periods:
                if best is None or end - start > best[1] - best[0]:
                    best = (start, end, periods)
                break
    return best


def unnote(word: str) -> str:
    """A year with a footnote mark glued on ("20231") is the year."""
    if len(word) in (5, 6) and word.isdigit() and dutch.YEAR.match(word[:4]):
        return word[:4]
    return word


def split_by_years(words: list[str]) -> list[str] | None:
    """Header words as cells each closed by a year: "MN 2015 FJR 2015"."""
    cells, current = [], []
    for word in words:
        current.append(word)
        if dutch.YEAR.match(unnote(word)):
            cells.append(" ".join(current))
            current = []
    return None if current or not cells else cells
