"""Stage 3, a row's words -> its readings as figures (one per amount column, with a code and
notes): every reading the words allow, the table's conventions (thousands apart by spaces,
signs apart, nil dashes) that leave one, and the rows' count of amount columns."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline import dutch
from pipeline.extraction import figures
from pipeline.extraction.forms.pdf_copy.header import Columns
from pipeline.extraction.grid import Unreadable
from pipeline.extraction.settings import Settings
from pipeline.extraction.text import Line


@dataclass(frozen=True)
class RowReading:
    code: str | None
    label_start: int
    label_end: int
    cells: tuple[tuple[int, int], ...]


def _row_readings(
    words: list[str], n: int, trailing: int, lead_code: bool, settings: Settings, continued: bool = False
) -> list[RowReading]:
    found: list[RowReading] = []
    ends = [len(words)]
    for _ in range(trailing):  # each trailing non-amount cell may be blank
        ends = sorted(
            {
                e
                for end in ends
                for e in (end, end - 1)
                if e == end or (end >= 1 and settings.extra_value.match(words[end - 1]))
            },
            reverse=True,
        )
    for end in ends:
        for label_end, cells in figures.readings(words, end, n):
            starts = [0]
            if label_end >= 2 and lead_code and not continued and _may_lead(words[0], settings):
                starts = [1]
            for label_start in starts:
                label = words[label_start:label_end]
                if label and (
                    figures.implausible_continuation(label) if continued else figures.implausible_label(label)
                ):
                    continue
                code = words[0] if label_start else None
                reading = RowReading(code, label_start, label_end, cells)
                if reading not in found:
                    found.append(reading)
    return found


def _may_lead(word: str, settings: Settings) -> bool:
    """Whether a row's first word may be the value of a code column before the label: a
    number ("6.0", "13"), a star, or a word such a column holds ("Div.", "alle", "BZK");
    not a word of the label ("Eigen" of "Eigen personeel")."""
    if not settings.extra_value.match(word):
        return False
    return not word.isalpha() or word.lower() in settings.extra_words or word.isupper()


def count_words(n: int) -> str:
    return f"{n} column{'s' * (n != 1)}"


def _candidates(
    line: Line, n: int, columns: Columns, row_numbers: bool, settings: Settings, continued: bool = False
) -> list[RowReading]:
    found = _row_readings(line.words, n, columns.trailing, columns.lead_code or row_numbers, settings, continued)
    if row_numbers:
        found = [r for r in found if r.code is not None]
    return found


def _grouped(words: list[str]) -> bool:
    """A figure printed with spaces between its thousands ("– 107 610")."""
    parts = [w for w in words if w != dutch.EURO]
    if parts and (dutch.DASH.match(parts[0]) or dutch.MINUS_WORD.match(parts[0])):
        parts = parts[1:]
    return len(parts) >= 2 and all(dutch.GROUP_HEAD.match(parts[0]) and dutch.GROUP_TAIL.match(p) for p in parts[1:])


def spaced_signs(words: list[str], reading: RowReading) -> int:
    """Cells whose sign is printed apart ("– 5.855")."""
    return sum(
        1 for a, b in reading.cells if b - a >= 2 and (dutch.DASH.match(words[a]) or dutch.MINUS_WORD.match(words[a]))
    )


def nil_dashes(words: list[str], reading: RowReading) -> int:
    return sum(1 for a, b in reading.cells if b - a == 1 and dutch.DASH.match(words[a]))


@dataclass(frozen=True)
class Conventions:
    """How this table prints, from the rows that read only one way."""

    grouped: bool  # thousands apart by spaces ("107 610")
    dotted: bool  # thousands apart by dots ("1.582.506")
    spaced_minus: bool  # a minus sign apart from its figure ("– 5.855")
    nil_dash: bool  # a dash alone for nil
    bare_thousands: bool  # figures of four digits or more without a separator ("2025")
    glued_minus: bool  # a minus sign on its figure ("–16.181")
    zero_nil: bool  # nil as "0"


def _conventions(lines: list[Line], candidates: dict[int, list[RowReading]]) -> Conventions:
    """Evidence from the cells every reading of their row agrees on (all cells of a row
    that reads one way only)."""
    certain = []
    for i, found in candidates.items():
        if found:
            agreed = set(found[0].cells).intersection(*(r.cells for r in found[1:]))
            certain.append((lines[i].words, RowReading(None, 0, 0, tuple(sorted(agreed)))))
    return Conventions(
        grouped=any(_grouped(words[a:b]) for words, r in certain for a, b in r.cells),
        dotted=any(
            "." in w and dutch.TOKEN_NUMBER.match(w) for words, r in certain for a, b in r.cells for w in words[a:b]
        ),
        spaced_minus=any(spaced_signs(words, r) for words, r in certain),
        nil_dash=any(nil_dashes(words, r) for words, r in certain),
        bare_thousands=any(
            b - a == 1 and words[a].isdigit() and len(words[a]) >= 4 and not dutch.YEAR.match(words[a])
            for words, r in certain
            for a, b in r.cells
        ),
        glued_minus=any(
            b - a == 1 and len(words[a]) > 1 and dutch.DASH.match(words[a][0]) and words[a][1].isdigit()
            for words, r in certain
            for a, b in r.cells
        ),
        zero_nil=any(b - a == 1 and words[a] == "0" for words, r in certain for a, b in r.cells),
    )


def _prefer(found: list[RowReading], keep) -> list[RowReading]:
    """The readings that keep to a convention, if any do."""
    kept = [r for r in found if keep(r)]
    return kept or found


def read_row(line: Line, n: int, found: list[RowReading], conventions: Conventions) -> list[RowReading]:
    """The readings of a row the table's conventions (from the cells its rows agree on)
    leave: thousands apart by spaces not in a table that writes them with dots or not at
    all ("2234"), a four-digit number without a dot no figure in a table that writes them
    with one. More than one is left to the table's totals to settle."""
    words = line.words

    def grouping(r: RowReading) -> bool:
        return any(_grouped(words[a:b]) for a, b in r.cells)

    def bare(r: RowReading) -> bool:
        return any(b - a == 1 and words[a].isdigit() and len(words[a]) >= 4 for a, b in r.cells)

    if len(found) > 1 and (conventions.dotted or conventions.bare_thousands) and not conventions.grouped:
        found = _prefer(found, lambda r: not grouping(r))
    if len(found) > 1 and conventions.dotted and not conventions.bare_thousands:
        found = _prefer(found, lambda r: not bare(r))
    if len(found) > 1 and conventions.grouped and n == 1:
        # a table that writes "134 987": a lone figure takes all its groups
        longest = max(b - a for r in found for a, b in r.cells)
        found = [r for r in found if r.cells[0][1] - r.cells[0][0] == longest]
    if len(found) == 1:
        first_a, first_b = found[0].cells[0]
        first = words[first_a]
        if (
            first_b - first_a == 1
            and dutch.YEAR.match(first)
            and not conventions.bare_thousands
            and found[0].label_end > found[0].label_start
        ):
            raise Unreadable(
                line.index,
                f"the first figure of row '{' '.join(words[:first_a])}' may be the end "
                f"of its label ('… {first}'): then one of its cells is blank, which a "
                f"table set with single spaces does not show",
            )
        return found
    if len(found) > 1:
        return found
    count, label_end = figures.trailing_cells(words)
    label = " ".join(words[:label_end])
    if count < n:
        raise Unreadable(
            line.index,
            f"row '{label}' has {count} figure{'s' * (count != 1)} but the "
            f"table has {count_words(n)}; a table set with single spaces drops blank cells, "
            f"so which are blank cannot be told",
        )
    raise Unreadable(
        line.index, f"row '{label}' has {count} figures but the table has {count_words(n)}, and no other reading fits"
    )


def rows_n(lines: list[Line], rows: list[int], continued: set[int], settings: Settings) -> int | None:
    """The number of columns every row reads as, when the header does not say."""
    common = None
    for i in rows:
        words = lines[i].words
        counts = set()
        for k in range(1, len(words) + 1):
            for label_end, spans in figures.readings(words, len(words), k):
                label = words[:label_end]
                plausible = (
                    (not label or not figures.implausible_continuation(label))
                    if i in continued
                    else bool(label) and not figures.implausible_label(label)
                )
                if plausible:
                    counts.add(len(spans))
        common = counts if common is None else common & counts
    if not common:
        return None
    return max(common)
