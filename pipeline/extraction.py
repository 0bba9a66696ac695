"""Finding budget tables in the lines of a letter, and the letter's own fields.

Pure functions, no Dagster. ``extract_letter`` turns a ``RawLetter`` into a ``Letter``:
its date, letterhead and addressee, and every table with its unit, periods, rows and
cells, each traceable to its 1-based line in the raw file. Anything that looks like a
table but cannot be read raises ``ExtractionError`` naming the file and the line.

A table starts at a header: a unit phrase followed by period columns on the same line
("In mln euro 2015 2016 Structureel"), or a caption line that names the unit
("(bedragen x € 1.000)") followed by a line of periods. Rows follow: a label, then one
printed figure per period. A row is read from the right, so labels may end in digits
("Totaal maatregel 3"); a figure torn after its comma ("12, 5") is glued, and a dash before
a number is a minus sign only where the column count requires it ("– 1,5").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterator

from pipeline import dutch
from pipeline.dutch import DASH, DIGITS, MINUS_WORD, NUMBER, SPLIT_HEAD, UNKNOWN, Figure
from pipeline.errors import ExtractionError
from pipeline.reading import RawLetter

MONTHS = {
    name: number
    for number, name in enumerate(
        ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
         "september", "oktober", "november", "december"],
        start=1,
    )
}
DATE_LINE = re.compile(
    r"^(?:den\s+haag|'s[\s-]*gravenhage|datum)\b[^0-9]*?(\d{1,2})\s+("
    + "|".join(MONTHS)
    + r")\s+(\d{4})\b",
    re.IGNORECASE,
)
ADDRESSEE_LINE = re.compile(r"^aan\s+(?:de\s+|het\s+)?(?P<addressee>\S.*)$", re.IGNORECASE)
HEADING_LINE = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+[A-ZÀ-Ý]")
TOTAL_LABEL = re.compile(r"^(?:sub|eind|generaal\s+)?totaal\b|^totale?n?\b", re.IGNORECASE)
NOT_LINKING = {"en", "of", "tot", "en/of"}
# Words after "in" or "x" that start prose, not a unit ("in de jaren 2015 2016").
NOT_A_UNIT = {"de", "het", "een", "die", "dat", "deze", "dit", "totaal", "jaren", "jaar", "de", "en"}
HEADER_SEARCH_LINES = 40
NON_SPACE = re.compile(r"\S+")
PM_HEAD = re.compile(r"^p\.$", re.IGNORECASE)
PM_TAIL = re.compile(r"^m\.?$", re.IGNORECASE)
UNIT_CUES = ("€", "eur", "mln", "mld", "mrd", "mio", "miljoen", "miljard", "duizend", "dzd", "1.000")
YEAR_ANYWHERE = re.compile(r"\b(?:19|20)\d{2}\b")
MAX_HEADING_LINES = 3
MAX_LABEL_WORDS = 10
MAX_LABEL_LINES = 3
SENTENCE_BREAK = re.compile(r"[a-z]{2}[.!?;]\s+[A-Z]")
GRAND_TOTAL_LABEL = re.compile(r"^(?:generaal\s+|eind)?totaal\b", re.IGNORECASE)


@dataclass(frozen=True)
class Cell:
    period: str
    value: str  # as printed
    figure: Figure


@dataclass(frozen=True)
class Row:
    number: int
    label: str
    is_total: bool
    line: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    number: int
    section: str | None
    caption: str
    unit_eur: int
    periods: tuple[str, ...]
    first_line: int
    last_line: int
    rows: tuple[Row, ...]

    @property
    def decimals(self) -> int:
        """The precision the table is printed at: the most decimals of any figure."""
        return max((c.figure.decimals for r in self.rows for c in r.cells), default=0)


@dataclass(frozen=True)
class Letter:
    raw: RawLetter
    date: dt.date | None
    letterhead: str | None
    addressee: str | None
    tables: tuple[Table, ...]


@dataclass(frozen=True)
class _Header:
    caption: str
    unit_eur: int
    periods: tuple[str, ...]
    first_line: int  # 0-based index
    last_line: int   # 0-based index
    strong: bool = True  # opens with a unit phrase: a table must follow


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int


# ---- small helpers ---------------------------------------------------------------------


def _content(line: str) -> str:
    """A line without its page-break space or trailing spaces (separators already spaces)."""
    return line.strip()


def _tokens(line: str) -> list[_Token]:
    return [_Token(m.group(), m.start(), m.end()) for m in NON_SPACE.finditer(line)]


def join_wrapped(parts: list[str]) -> str:
    """Join lines of one phrase, undoing end-of-line hyphenation ("preven-" + "tieve")."""
    text = parts[0].strip()
    for part in parts[1:]:
        part = part.strip()
        first = part.split()[0] if part else ""
        if (text.endswith("-") and len(text) > 1 and text[-2].isalpha()
                and first[:1].islower() and first not in NOT_LINKING):
            text = text[:-1] + part
        else:
            text = f"{text} {part}"
    return " ".join(text.split())


def _reads_like_prose(words: list[str]) -> bool:
    """A long run of words, or a sentence break, is not a row label."""
    return len(words) > MAX_LABEL_WORDS or bool(SENTENCE_BREAK.search(" ".join(words)))


def _has_letter(words: list[str]) -> bool:
    return any(ch.isalpha() for w in words for ch in w)


# ---- rows ------------------------------------------------------------------------------


def _cells_ending_at(words: list[str], end: int) -> list[tuple[int, int]]:
    """Ways the last figure of ``words[:end]`` can be printed: (start, optional merges).

    Preferred first. A torn figure ("55," "1") must be glued; a lone dash before a
    number is either nil and a number, or a minus sign (one optional merge).
    """
    word = words[end - 1]
    found: list[tuple[int, int]] = []
    if UNKNOWN.match(word):
        found.append((end - 1, 0))
    elif end >= 2 and PM_TAIL.match(word) and PM_HEAD.match(words[end - 2]):
        found.append((end - 2, 0))
    elif DASH.match(word):
        found.append((end - 1, 0))
    elif match := NUMBER.match(word):
        start, signed = end - 1, match["sign"] is not None
        if DIGITS.match(word) and end >= 2 and (head := SPLIT_HEAD.match(words[end - 2])):
            start, signed = end - 2, head["sign"] is not None
        found.append((start, 0))
        before = words[start - 1] if start >= 1 else ""
        if not signed and (DASH.match(before) or MINUS_WORD.match(before)):
            found.append((start - 1, 1))
    return [(start - 1 if start >= 1 and words[start - 1] == dutch.EURO else start, merges)
            for start, merges in found]


def _readings(words: list[str], end: int, count: int) -> Iterator[tuple[int, list[tuple[int, int]], int]]:
    """Every way to read ``count`` figures off the end of ``words[:end]``."""
    if count == 0:
        yield end, [], 0
        return
    if end == 0:
        return
    for start, merges in _cells_ending_at(words, end):
        for label_end, spans, more in _readings(words, start, count - 1):
            yield label_end, spans + [(start, end)], merges + more


def _implausible_label_end(word: str) -> bool:
    """A label does not end in something that prints like a figure of its own."""
    if DASH.match(word) or UNKNOWN.match(word) or SPLIT_HEAD.match(word) or MINUS_WORD.match(word):
        return True
    if word == dutch.EURO:
        return True
    match = NUMBER.match(word)
    return bool(match and (match["frac"] is not None or match["sign"] is not None or "." in match["int"]))


def _read_row(words: list[str], count: int, label_before: list[str]) -> tuple[int, list[tuple[int, int]]] | None:
    """The reading of a row with ``count`` figures: (label token count, figure spans), or None."""
    best = None
    for label_end, spans, merges in _readings(words, len(words), count):
        label = label_before + words[:label_end]
        if not _has_letter(label):
            continue
        if label_end and _implausible_label_end(words[label_end - 1]):
            continue
        if best is None or merges < best[0]:
            best = (merges, label_end, spans)
            if merges == 0:
                break
    return None if best is None else (best[1], best[2])


def _trailing_figures(words: list[str]) -> tuple[int, int]:
    """How many figures end the line read greedily, and where its label ends."""
    end, count = len(words), 0
    while end > 0 and (found := _cells_ending_at(words, end)):
        end = found[0][0]
        count += 1
    return count, end


# ---- headers ---------------------------------------------------------------------------


def _unit_in(words: list[str]) -> int | None:
    """The unit named by these words: all of them, or a trailing phrase that starts
    with a lead word ("in", "x", "bedragen") or an opening parenthesis."""
    for start in range(len(words)):
        if start == 0 or words[start].startswith("(") or dutch.is_unit_lead(words[start]):
            unit = dutch.unit_of(dutch.unit_words(" ".join(words[start:])))
            if unit is not None:
                return unit
    return None


def _first_period(words: list[str]) -> int | None:
    return next((i for i, w in enumerate(words) if dutch.starts_period(w)), None)


def _may_be_header(text: str) -> bool:
    """A cheap first look: a header names a unit, or opens with "in"/"x" and a year."""
    lower = text.lower()
    if any(cue in lower for cue in UNIT_CUES):
        return True
    return lower.startswith(("in ", "x ", "(in ", "(x ", "bedragen")) and bool(YEAR_ANYWHERE.search(text))


def _header_at(lines: list[str], i: int, shown: str) -> _Header | None:
    """The table header that starts at line index ``i``, if one does."""
    text = _content(lines[i])
    if not text or not _may_be_header(text):
        return None
    words = text.split()
    k = _first_period(words)
    if k is not None and k > 0:
        prefix = words[:k]
        unit = _unit_in(prefix)
        if unit is not None:
            periods = dutch.read_periods(words[k:])
            strong = prefix[0].startswith(("(", dutch.EURO)) or dutch.is_unit_lead(prefix[0])
            if periods is None and not strong:
                return None
            if periods is None:
                raise ExtractionError(
                    shown, i + 1,
                    f"the table header's periods cannot be read: '{' '.join(words[k:])}'",
                )
            return _Header(text, unit, tuple(periods), i, i, strong)
        periods = dutch.read_periods(words[k:])
        foreign = dutch.names_foreign_unit(dutch.unit_words(" ".join(prefix)))
        years = sum(bool(dutch.YEAR.match(p)) for p in periods or [])
        if (periods and 2 <= len(prefix) <= 3 and dutch.is_unit_lead(prefix[0])
                and prefix[1].lower() not in NOT_A_UNIT and (years >= 2 or (years and foreign))):
            raise ExtractionError(
                shown, i + 1, f"the table header names a unit that is not known: '{' '.join(prefix)}'"
            )
        return None
    if k is not None:
        return None
    # A caption that names the unit, with the periods on a line below it.
    whole = dutch.unit_of(dutch.unit_words(text))
    paren = re.search(r"\(([^()]*)\)\s*$", text)
    paren_unit = dutch.unit_of(dutch.unit_words(paren.group(1))) if paren else None
    unit = whole or paren_unit or _unit_in(words)
    if unit is None or not (whole or paren_unit or dutch.is_unit_lead(words[0]) or
                            any(dutch.is_unit_lead(w) for w in words[-4:])):
        return None
    strong = bool(whole or paren_unit)
    j = i + 1
    while j < len(lines) and not _content(lines[j]):
        j += 1
    below = _content(lines[j]).split() if j < len(lines) else []
    k2 = _first_period(below)
    periods = dutch.read_periods(below[k2:]) if k2 is not None else None
    if periods and not _unit_in(below[:k2] or ["-"]):
        caption = f"{text} {_content(lines[j])}"
        return _Header(caption, unit, tuple(periods), i, j)
    if strong and not (k2 is not None and k2 > 0 and _unit_in(below[:k2])):
        raise ExtractionError(
            shown, i + 1, "the table header names a unit but no periods (no line of years follows it)"
        )
    return None


# ---- tables ----------------------------------------------------------------------------


def _label_of(pending: list[str], label_words: list[str]) -> str:
    """A row's label, with the text lines above it that wrap into it.

    A line above belongs to the label when the label goes on in lowercase below it or
    the line ends in a hyphen; an unconnected line above is a sub-heading and is left out.
    """
    parts = [" ".join(label_words)] if label_words else []
    for line in reversed(pending):
        below = parts[0] if parts else ""
        if parts and not (below[:1].islower() or line.endswith("-")):
            break
        parts.insert(0, line)
    return join_wrapped(parts)


def _read_table(lines: list[str], raw_lines: tuple[str, ...], header: _Header, shown: str,
                number: int, section: str | None) -> tuple[Table | None, int]:
    """Read the rows below a header; returns the table (None when a weak header
    turns out to head no rows) and the index after it."""
    periods = header.periods
    count = len(periods)
    rows: list[Row] = []
    pending: list[str] = []
    blank_since_row = False
    i = header.last_line + 1
    while i < len(lines):
        text = _content(lines[i])
        if not text:
            blank_since_row = True
            i += 1
            continue
        if _header_at(lines, i, shown) is not None:
            break
        tokens = _tokens(lines[i])
        words = [t.text for t in tokens]
        reading = _read_row(words, count, [p for p in pending])
        if reading is not None and rows and (
                _reads_like_prose(words[: reading[0]])
                or (blank_since_row and GRAND_TOTAL_LABEL.match(rows[-1].label))):
            break  # a sentence after the table that happens to end in figures
        if reading is not None:
            label_end, spans = reading
            label = _label_of(pending, words[:label_end])
            cells = []
            for period, (start, end) in zip(periods, spans):
                printed = raw_lines[i][tokens[start].start : tokens[end - 1].end]
                figure = dutch.read_figure(printed)
                if figure is None:  # cannot happen: spans are figures
                    raise ExtractionError(shown, i + 1, f"cannot read the figure '{printed}'")
                try:
                    figure.in_euros(header.unit_eur)
                except ValueError as exc:
                    raise ExtractionError(shown, i + 1, f"'{printed}': {exc}") from None
                cells.append(Cell(period, printed, figure))
            rows.append(Row(len(rows) + 1, label, bool(TOTAL_LABEL.match(label)), i + 1, tuple(cells)))
            pending = []
            blank_since_row = False
            i += 1
            continue
        figures, label_end = _trailing_figures(words)
        if figures and _has_letter(words[:label_end]):
            if rows and blank_since_row:
                break  # prose after the table that happens to end in a number
            raise ExtractionError(
                shown, i + 1,
                f"row '{' '.join(words[:label_end])}' has {figures} value{'s' * (figures != 1)} "
                f"but the table has {count} period{'s' * (count != 1)} "
                f"({', '.join(periods)}) and no other reading fits",
            )
        if figures and len(words) == 1 and rows:
            i += 1  # a lone page number between rows
            continue
        if figures and not _has_letter(words) and not pending:
            raise ExtractionError(
                shown, i + 1,
                f"row has {figures} values and no label; the table has {count} periods ({', '.join(periods)})",
            )
        # A text line: part of the next row's label, a sub-heading, or the end of the table.
        above = [text]
        nxt = i + 1
        while nxt < len(lines) and _content(lines[nxt]) and len(above) <= MAX_LABEL_LINES:
            next_words = _content(lines[nxt]).split()
            if _read_row(next_words, count, pending + above) is not None:
                break
            above.append(_content(lines[nxt]))
            nxt += 1
        else:
            break
        if len(above) > MAX_LABEL_LINES or _reads_like_prose(" ".join(above).split()):
            break
        pending.extend(above)
        blank_since_row = False
        i = nxt
    if not rows and not header.strong:
        return None, header.first_line + 1
    if not rows:
        raise ExtractionError(
            shown, header.first_line + 1, f"the table header is followed by no rows of {count} values"
        )
    table = Table(
        number=number,
        section=section,
        caption=header.caption,
        unit_eur=header.unit_eur,
        periods=periods,
        first_line=header.first_line + 1,
        last_line=rows[-1].line,
        rows=tuple(rows),
    )
    return table, rows[-1].line  # index of the line after the last row


# ---- the letter ------------------------------------------------------------------------


def _heading_at(lines: list[str], i: int) -> str | None:
    """A numbered section heading ("2. Investeringen in ...") starting at index ``i``."""
    text = _content(lines[i])
    if not HEADING_LINE.match(text) or (i > 0 and _content(lines[i - 1])):
        return None
    parts = [text]
    j = i + 1
    while j < len(lines) and _content(lines[j]):
        parts.append(_content(lines[j]))
        j += 1
        if len(parts) > MAX_HEADING_LINES:
            return None
    heading = join_wrapped(parts)
    return None if heading.endswith((".", ":", ",")) and len(parts) > 1 else heading


def _letter_date(lines: list[str], shown: str, metadata: dict) -> dt.date | None:
    for i, line in enumerate(lines):
        match = DATE_LINE.match(_content(line))
        if match:
            day, month, year = int(match[1]), MONTHS[match[2].lower()], int(match[3])
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise ExtractionError(shown, i + 1, f"the date '{match.group(0)}' does not exist") from None
    if isinstance(metadata.get("date"), str):
        try:
            return dt.date.fromisoformat(metadata["date"])
        except ValueError:
            raise ExtractionError(shown, None, f"metadata date '{metadata['date']}' is not YYYY-MM-DD") from None
    return None


def _letterhead_and_addressee(lines: list[str], metadata: dict) -> tuple[str | None, str | None]:
    for i, line in enumerate(lines[:HEADER_SEARCH_LINES]):
        match = ADDRESSEE_LINE.match(_content(line))
        if match:
            above = [_content(x) for x in lines[:i] if _content(x)]
            return (" ".join(above) or None), match["addressee"].strip()
    return None, metadata.get("addressee")


def extract_letter(raw: RawLetter) -> Letter:
    """Every table of a letter, with the letter's date, letterhead and addressee."""
    shown = str(raw.path)
    # Separators become plain spaces once, keeping every character's position, so that
    # a figure's span in a line is also its span in the raw line.
    lines = [line.translate(dutch.SEPARATORS) for line in raw.lines]
    tables: list[Table] = []
    section = None
    i = 0
    while i < len(lines):
        header = _header_at(lines, i, shown)
        if header is not None:
            table, after = _read_table(lines, raw.lines, header, shown, len(tables) + 1, section)
            if table is not None:
                tables.append(table)
                i = after
                continue
        heading = _heading_at(lines, i)
        if heading is not None:
            section = heading
        i += 1
    letterhead, addressee = _letterhead_and_addressee(lines, raw.metadata)
    return Letter(
        raw=raw,
        date=_letter_date(lines, shown, raw.metadata),
        letterhead=letterhead,
        addressee=addressee,
        tables=tuple(tables),
    )
