"""The letter's own fields: its date, letterhead and addressee, and the numbered section
headings that name the tables below them; and the letter completed with them from what a
reader found (``complete_letter``, for the text and the XML pipelines alike)."""

from __future__ import annotations

import datetime as dt
import re

from pipeline.errors import ExtractionError
from pipeline.extraction import text
from pipeline.extraction.labels import join_wrapped
from pipeline.extraction.model import Letter, Problem, Table
from pipeline.extraction.settings import Settings
from pipeline.extraction.text import Line
from pipeline.reading import RawLetter

MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ],
        start=1,
    )
}
DATE_LINE = re.compile(
    r"^(?:den\s+haag|'s[\s-]*gravenhage|datum)\b[^0-9]*?(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b",
    re.IGNORECASE,
)
# "Aan de Voorzitter van …" opening a paragraph; not "aan de Minister …" going on a sentence
ADDRESSEE_LINE = re.compile(r"^(?:Aan|AAN)\s+(?:de\s+|het\s+|DE\s+|HET\s+)?(?P<addressee>\S.*)$")


def heading_at(lines: list[Line], i: int, settings: Settings) -> str | None:
    """A numbered section heading ("2. Investeringen in ...") starting at index ``i``."""
    line = lines[i]
    # a heading follows a blank line, or opens a page
    if not text.is_heading(line, settings) or (i > 0 and not lines[i - 1].is_blank and not line.form_feed):
        return None
    parts = [line.content]
    j = i + 1
    while j < len(lines) and not lines[j].is_blank:
        if _runs_into_its_text(lines[j - 1], lines[j], settings):
            return join_wrapped(parts)
        parts.append(lines[j].content)
        j += 1
        if len(parts) > settings.max_heading_lines:
            return None
    heading = join_wrapped(parts)
    return None if heading.endswith((".", ":", ",")) and len(parts) > 1 else heading


def _runs_into_its_text(heading: Line, following: Line, settings: Settings) -> bool:
    """The last line of a heading set straight above its paragraph (a PDF keeps them apart
    by type, not by a blank line): it is short and ends no sentence, and the line below is
    prose that starts a sentence of its own."""
    words = heading.words
    return (
        len(words) <= settings.max_label_words
        and not heading.content.endswith((".", ":", ",", "-"))
        and words[-1].lower() not in settings.linking_words
        and following.content[:1].isupper()
        and (text.is_prose(following, settings) or len(following.words) >= settings.prose_min_words)
    )


def letter_date(lines: list[Line], shown: str, metadata: dict) -> dt.date | None:
    """The letter's date: its "Den Haag, 27 februari 2015" line, else its metadata's.
    A date that does not exist raises ``ExtractionError`` (the caller reports it)."""
    for line in lines:
        match = DATE_LINE.match(line.content)
        if match:
            day, month, year = int(match[1]), MONTHS[match[2].lower()], int(match[3])
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise ExtractionError(shown, line.number, f"the date '{match.group(0)}' does not exist") from None
    if isinstance(metadata.get("date"), str):
        try:
            return dt.date.fromisoformat(metadata["date"])
        except ValueError:
            raise ExtractionError(shown, None, f"metadata date '{metadata['date']}' is not YYYY-MM-DD") from None
    return None


def letterhead_and_addressee(lines: list[Line], metadata: dict, settings: Settings) -> tuple[str | None, str | None]:
    """The text above the letter's "Aan …" line (its letterhead) and to whom that line
    addresses it. A letter the source typeset as a Kamerstuk has the chamber's title block
    above it, not a letterhead of its own: none then."""
    for i, line in enumerate(lines[: settings.letterhead_search_lines]):
        match = ADDRESSEE_LINE.match(line.content)
        if match and (i == 0 or lines[i - 1].is_blank or line.form_feed):
            above = [x for x in lines[:i] if x.content]
            typeset = any(text.is_furniture(x, settings, whole_rows=False) for x in above)
            letterhead = None if typeset else " ".join(x.content for x in above) or None
            return letterhead, match["addressee"].strip()
    return None, metadata.get("addressee")


def complete_letter(
    raw: RawLetter, lines: list, tables: list[Table], problems: list[Problem], settings: Settings
) -> Letter:
    """The letter with its own fields (date, letterhead, addressee) read from ``lines`` (the
    text lines, or the text blocks of an XML letter), and the problems of its metadata first."""
    shown = str(raw.path)
    letterhead, addressee = letterhead_and_addressee(lines, raw.metadata, settings)
    try:
        date = letter_date(lines, shown, raw.metadata)
    except ExtractionError as error:
        date = None
        problems.insert(0, Problem(error.line, error.reason, None, None if error.path == shown else error.path))
    problems[:0] = [Problem(e.line, e.reason, None, e.path) for e in raw.problems]
    return Letter(
        raw=raw, date=date, letterhead=letterhead, addressee=addressee, tables=tuple(tables), problems=tuple(problems)
    )
