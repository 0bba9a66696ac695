"""What a line of a PDF text copy is, asked by every stage: a row (a label, then one figure
per amount column, read from the right), a caption line, a line of periods, a line of text."""

from __future__ import annotations

from pipeline import dutch
from pipeline.extraction import figures, headers, text
from pipeline.extraction import letter as letter_fields
from pipeline.extraction.settings import Settings
from pipeline.extraction.text import Line


@text.per_line
def is_row(line: Line, settings: Settings) -> bool:
    """A label (or nothing) followed by at least one figure, and not a header of periods.
    A row may end in a word of a non-amount column after its figures ("Div", "alle")."""
    words = line.words
    if not words:
        return False
    if len(words) >= 2 and words[-1].lower() in settings.extra_words:
        words = words[:-1]
    count, label_end = figures.trailing_cells(words)
    if count == 0:
        return False
    label = words[:label_end]
    if is_periods_header(words, label_end, count, line) or _is_caption_line(line, label_end, settings):
        return False
    if not label:
        return True
    if letter_fields.DATE_LINE.match(line.content):
        return False  # "Den Haag, 4 december 2018"
    if count == 1 and label[-1].lower() in settings.linking_words and dutch.YEAR.match(words[label_end]):
        return False  # a sentence that names a year: "… € 46,9 mln in 2019"
    return (
        text.has_letters(label) and not text.is_sentence(label, settings) and len(label) <= settings.max_row_label_words
    )


def _is_caption_line(line: Line, label_end: int, settings: Settings) -> bool:
    """A caption that happens to end in a number: "Overzicht … uitgavenmutaties 2015",
    "(Najaarsnota) Bedragen in EUR 1.000" (the figure is part of the unit)."""
    words = line.words
    if settings.caption_start.match(line.content):
        return True  # "Tabel 3 …", "Overzicht … artikel 17"
    unit = dutch.find_unit(line.content)
    if unit is None or label_end >= len(words):
        return False
    first_figure = line.tokens[label_end].start - line.tokens[0].start
    return unit.start <= first_figure < unit.end


def is_periods_header(words: list[str], label_end: int, count: int, line: Line) -> bool:
    """Trailing "figures" that are years: a header ("In mln euro 2015 2016", "(in
    miljarden 2025 2026", "(in lopende prijzen) 2009"), not a row."""
    years = [headers.unnote(w) for w in words[label_end:]]
    if not all(dutch.YEAR.match(y) for y in years):
        return False
    label_text = " ".join(words[:label_end])
    if (
        label_text
        and all(y != w for y, w in zip(years, words[label_end:]))
        and not (label_text.startswith("(") or dutch.find_unit(label_text))
    ):
        return False  # "Politie 19001 19002": figures after a label, not years that each carry a note
    by_years = headers.split_by_years(words)
    if (
        by_years is not None
        and len(by_years) >= 2
        and all(not figures.implausible_label(c.split()[:-1] or ["x"]) for c in by_years)
    ):
        return True  # "MN 2015 FJR 2015", "Realisatie 2014 Realisatie 2015"
    ordered = all(int(b) >= int(a) for a, b in zip(years, years[1:]))
    label = " ".join(words[:label_end])
    return ordered and (count >= 2 or label.startswith("(") or dutch.find_unit(label) is not None)


def is_text(line: Line, settings: Settings) -> bool:
    """A line of words that may be a label part or a sub-heading: no figures, not prose."""
    words = line.words
    return (
        bool(words)
        and figures.trailing_cells(words)[0] == 0
        and not text.is_prose(line, settings)
        and len(words) <= settings.max_label_words
    )


def periods_to_end(words: list[str], settings: Settings) -> bool:
    """A line that ends in its periods (and the names of non-amount columns)."""
    run = headers.period_run(words)
    names = settings.code_column_names | settings.note_column_names
    return run is not None and all(w.lower() in names for w in words[run[1] :])
