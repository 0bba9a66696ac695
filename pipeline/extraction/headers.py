"""Words of a table header: periods, years with footnote marks, cells closed by years.

Shared by the readers of every text form.
"""

from __future__ import annotations

import functools
import re

from pipeline import dutch

# An ordinal: "1e", "2e", "1ste", "2de", "3de".
ORDINAL = re.compile(r"^\d{1,2}(?:e|ste|de)$")


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
    if len(word) in (5, 6) and word.isdigit() and dutch.YEAR.match(word[:4]) and word[4] != "0":
        return word[:4]  # (no footnote is numbered 0: "19000" is a figure)
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


def split_by_years_then_one(words: list[str]) -> list[str] | None:
    """Header words as cells each closed by a year and, after the last year, the words of
    one more cell: "MN 2016 FJR 2016 Verschil". A year ends its cell, so the words after
    the last one can only be the last column's."""
    last = max((k for k, w in enumerate(words) if dutch.YEAR.match(unnote(w))), default=None)
    if last is None or last == len(words) - 1:
        return None
    closed = split_by_years(words[: last + 1])
    return None if closed is None else [*closed, " ".join(words[last + 1 :])]


def over_lower_cells(upper: list[str], lower: list[str]) -> list[str] | None:
    """Upper header cells over a lower level that leaves some columns blank: a column with no
    lower cell has an upper cell of its own (printed over both levels), and each run of
    columns with lower cells has one upper cell over it ("Mutaties 2e suppletoire begroting"
    over "Mutatie Miljoenennota" and "Overige mutaties"). The runs of years decide where the
    lower level has no blank; None when the cells do not match one to one."""
    if all(cell.strip() for cell in lower):
        return over_runs_of_years(upper, lower)
    runs: list[int] = []
    for k, cell in enumerate(lower):
        if cell.strip() and k and lower[k - 1].strip():
            runs[-1] += 1
        else:
            runs.append(1)
    if len(runs) != len(upper):
        return None
    return [cell for cell, run in zip(upper, runs) for _ in range(run)]


def over_runs_of_years(upper: list[str], periods: list[str]) -> list[str] | None:
    """Upper header cells over the periods below, each over a run of periods that go on one
    by one ("Realisatie" over 2017 … 2021, then "Begroting" over 2021): a period that
    repeats, or one that does not follow, starts the next cell. Where that gives more runs
    than cells (a period skipped or misprinted: "2019, 2010, 2021"), only a period that
    repeats starts one: a cell spans distinct periods. None when the runs do not match the
    cells one to one."""
    for starts_a_cell in (_breaks_the_run, _repeats):
        runs: list[int] = []
        for k, period in enumerate(periods):
            if k and not starts_a_cell(periods[k - runs[-1] : k], period):
                runs[-1] += 1
            else:
                runs.append(1)
        if len(runs) == len(upper):
            return [cell for cell, run in zip(upper, runs) for _ in range(run)]
        if len(runs) < len(upper):
            return None
    return None


def run_on(periods: list[str]) -> bool:
    """Whether the periods go on one by one (2017, 2018, 2019)."""
    return all(dutch.follows(unnote(a), unnote(b)) for a, b in zip(periods, periods[1:]))


def distinct(periods: list[str]) -> bool:
    """Whether no period stands twice among them (what one spanning cell stands over)."""
    plain = [unnote(p) for p in periods]
    return len(set(plain)) == len(plain)


def _breaks_the_run(run: list[str], period: str) -> bool:
    return not run_on([run[-1], period])


def _repeats(run: list[str], period: str) -> bool:
    """Whether a period stands in the run so far: a cell spans distinct periods, so the
    groups a level repeats ("Verplichtingen Uitgaven Ontvangsten" twice) are a cell each."""
    return not distinct([*run, period])


def ordinal_before_a_capital(words: list[str]) -> bool:
    """Whether an ordinal stands before a capitalised word ("1e Mutaties"): an ordinal
    qualifies the word after it ("1e suppletoire"), so the two are in different cells."""
    return any(ORDINAL.match(w) and nxt[:1].isupper() for w, nxt in zip(words, words[1:]))
