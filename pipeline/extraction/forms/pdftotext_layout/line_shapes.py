"""What a line of ``pdftotext -layout`` text is, asked by every stage: a row (a label, a wide gap,
figures at its end: ``figure_zone``, ``is_row``), its phrases and label indent, the spans of a
line of periods, and (from a PDF's rendering) whether lines are set closer than the table's rows."""

from __future__ import annotations

import statistics
from collections.abc import Callable

from pipeline import dutch
from pipeline.extraction import headers, text
from pipeline.extraction.settings import Settings
from pipeline.extraction.text import Line, Token


def figure_like(word: str, settings: Settings) -> bool:
    return bool(
        dutch.TOKEN_NUMBER.match(word)
        or dutch.GROUP_TAIL.match(word)
        or dutch.DASH.match(word)
        or dutch.MINUS_WORD.match(word)
        or dutch.NO_FIGURE.match(word)
        or dutch.SPLIT_HEAD.match(word)
        or word in ("%", dutch.EURO, "p.", "m.")
        or (word.endswith("%") and dutch.read_cell(word))
        or word.lower() in settings.extra_words
    )


def _runs(line: Line, settings: Settings) -> list[tuple[int, int, bool]]:
    """The line's tokens in runs (first, last, of figures?): a wide gap, or a change
    between figures and words, ends a run."""
    tokens, words = line.tokens, line.words
    runs: list[tuple[int, int, bool]] = []
    for k, token in enumerate(tokens):
        figure = figure_like(words[k], settings)
        if runs and token.start - tokens[k - 1].end < settings.column_gap and runs[-1][2] == figure:
            runs[-1] = (runs[-1][0], k, figure)
        else:
            runs.append((k, k, figure))
    return runs


def figure_zone(line: Line, settings: Settings) -> int | None:
    """Where the cells at the end of a row start: the first token of the figures that
    stand apart from the label by a gap, after which only figures and, at the right, the
    words of columns that are not amounts ("zie tabel 4.1") follow."""
    runs = _runs(line, settings)
    j = len(runs) - 1
    while j >= 0 and not runs[j][2]:
        j -= 1  # words at the right: a column of references or notes
    if j < 0:
        return None
    while j >= 1 and runs[j - 1][2]:
        j -= 1
    first = runs[j][0]
    tokens = line.tokens
    if first > 0 and tokens[first].start - tokens[first - 1].end < settings.column_gap:
        # figures glued to the label by one space: the figures start after the gap within them
        k = first
        while k <= runs[j][1] and (k == first or tokens[k].start - tokens[k - 1].end < settings.column_gap):
            k += 1
        if k > runs[-1][1]:
            return None
        first = k
    if first == 0:
        # every word reads as a cell: a word of the kind a code column holds ("Diversen",
        # "alle") that leads the line is its label, with what stands left of it ("4")
        lettered = [k for k in range(runs[-1][1] + 1) if text.has_letters([tokens[k].text])]
        if lettered and lettered[-1] < runs[-1][1]:
            return lettered[-1] + 1
    return first


def glues(word: str, following: str) -> bool:
    """Whether two tokens one space apart can be one cell ("–" "5", "107" "610")."""
    if dutch.DASH.match(word) or dutch.MINUS_WORD.match(word) or word in (dutch.EURO, "+", "p."):
        return True
    if dutch.SPLIT_HEAD.match(word) and following.isdigit():
        return True
    if following == "%":
        return True
    return bool(
        (dutch.GROUP_HEAD.match(word) or (len(word) == 3 and word.isdigit())) and dutch.GROUP_TAIL.match(following)
    )


def periods_row(line: Line, settings: Settings) -> bool:
    """A row whose figures are all years (a footnote digit aside): over the rows with no
    other header above, it is the header ("Uitgaven    2015")."""
    zone = figure_zone(line, settings)
    if zone is None:
        return False
    values = [w for w in line.words[zone:] if figure_like(w, settings)]
    # a footnote digit goes with a year; a single digit alone is a row's figure ("… voertuigen  8")
    return _only_years(values) and any(dutch.YEAR.match(headers.unnote(v)) for v in values)


def _only_years(values: list[str]) -> bool:
    return all(dutch.YEAR.match(headers.unnote(v)) or (v.isdigit() and len(v) == 1) for v in values)


@text.per_line
def is_row(line: Line, settings: Settings) -> bool:
    zone = figure_zone(line, settings)
    if zone is None:
        return False
    label = line.words[:zone]
    values = [w for w in line.words[zone:] if figure_like(w, settings)]
    words_right = len(values) < len(line.words) - zone
    years = [int(headers.unnote(v)) for v in values if dutch.YEAR.match(headers.unnote(v))]
    if _only_years(values):
        ordered = len(years) >= 2 and all(b >= a for a, b in zip(years, years[1:]))
        years_in_label = sum(1 for w in label if dutch.YEAR.match(headers.unnote(w)))
        if (
            ordered
            or words_right
            or not label
            or label[0].startswith("(")
            or dutch.find_unit(" ".join(label)) is not None
            or years_in_label >= 2  # "2012 2013 … begroting 2016   2016": periods set apart unevenly
            or _year_in_a_column(line, zone, settings)  # "… begroting     2012     oorspronkelijk …    2011"
            # "vastgestelde    Realisatie    oorspronkelijk vastgestelde    2012": the next
            # line of header cells over several columns, no label
            or (label[0][:1].islower() and _words_in_columns(line, zone, settings))
        ):
            return False  # a header of periods
    if not label:
        return False
    if len(label) == 1 and settings.article_code.match(label[0]) and len(values) >= 2:
        return True  # "7.4   72  0  72": the article's code, its name wrapped whole onto the next line
    return text.has_letters(label) and not text.is_sentence(label, settings)


def _year_in_a_column(line: Line, zone: int, settings: Settings) -> bool:
    """Whether a year among the words before the figures stands apart from the words on
    both sides by a column's gap: a header cell of its own ("Realisatie" / "2012" over a
    column), on a line whose figures are years too; a label does not hold one so."""
    tokens = line.tokens
    return any(
        dutch.YEAR.match(headers.unnote(tokens[k].text))
        and tokens[k].start - tokens[k - 1].end >= settings.column_gap
        and tokens[k + 1].start - tokens[k].end >= settings.column_gap
        for k in range(1, min(zone, len(tokens) - 1))
    )


def _words_in_columns(line: Line, zone: int, settings: Settings) -> bool:
    """Whether the words before a line's figures (years, here) fall apart into cells by a
    column's gap ("vastgestelde    Realisatie     oorspronkelijk vastgestelde    2012"):
    header cells over several columns; a row's label is one phrase."""
    tokens = line.tokens
    return any(tokens[k].start - tokens[k - 1].end >= settings.column_gap for k in range(1, min(zone, len(tokens))))


def normal(line: Line) -> str:
    return " ".join(line.words)


def period_spans(line: Line) -> list[tuple[int, int]]:
    """Where the periods of a header line stand, when right of its stub it holds periods
    only ("2022 3": the 3 is a footnote mark); nothing for any other line."""
    words = line.words
    run = headers.period_run(words)
    if run is None:
        return []
    start, end, periods = run
    if any(not (w.isdigit() and len(w) == 1) for w in words[end:]) or (start and not stub_like(words[:start])):
        return []
    return spans_of_periods(line.tokens[start:end], periods)


def spans_of_periods(tokens: tuple[Token, ...], periods: list[str]) -> list[tuple[int, int]]:
    """Each period's extent over its tokens ("2008 t/m 2031" is one period of three)."""
    spans, k = [], 0
    for period in periods:
        size = len(period.split())
        if k + size > len(tokens):
            return []
        spans.append((tokens[k].start, tokens[k + size - 1].end))
        k += size
    return spans if k == len(tokens) else []


def stub_like(words: list[str]) -> bool:
    """Words before the periods of a header line that are the stub, not header cells."""
    return not any(dutch.YEAR.match(headers.unnote(w)) for w in words)


def _label_right(lines: list[Line], first_row: int, settings: Settings) -> int:
    """Where the label column ends: left of the first row's figures."""
    zone = figure_zone(lines[first_row], settings)
    assert zone is not None
    return lines[first_row].tokens[zone].start - 1


def set_close(lines: list[Line], rows: list[int], settings: Settings) -> Callable[[int], bool | None]:
    """Whether a PDF sets line i as close under the line above it as a wrapped cell's next
    line (True) or as far as the table's rows are apart (False); None where the letter
    cannot show it (a text has no pitches, and a table needs two rows in a row)."""
    row_lines = set(rows)
    apart = [p for i in rows if i - 1 in row_lines and (p := lines[i].pitch) is not None]
    if not apart:
        return lambda i: None
    most = settings.wrapped_line_pitch * statistics.median(apart)

    def close(i: int) -> bool | None:
        pitch = lines[i].pitch
        return None if pitch is None or lines[i - 1].is_blank else pitch < most

    return close


def word_runs(tokens: list[Token], settings: Settings) -> list[list[Token]]:
    runs: list[list[Token]] = []
    for token in tokens:
        if runs and token.start - runs[-1][-1].end < settings.column_gap:
            runs[-1].append(token)
        else:
            runs.append([token])
    return runs


def is_code(word: str, settings: Settings) -> bool:
    """A word that may stand in a code column before the labels: an article code, a row
    number or a lettered code ("11", "3.", "IIA")."""
    return any(p.match(word) for p in (settings.article_code, settings.row_number, settings.lettered_code))


def label_indent(line: Line, settings: Settings) -> int:
    """Where a row's label starts (after a code in a column of its own)."""
    tokens = line.tokens
    if (
        len(tokens) >= 2
        and tokens[1].start - tokens[0].end >= settings.column_gap
        and is_code(tokens[0].text, settings)
    ):
        return tokens[1].start
    return tokens[0].start


def _phrases(line: Line, settings: Settings) -> list[list[Token]]:
    """A header line's tokens in runs apart by wide gaps."""
    phrases: list[list[Token]] = []
    for token in line.tokens:
        if phrases and token.start - phrases[-1][-1].end < settings.column_gap:
            phrases[-1].append(token)
        else:
            phrases.append([token])
    return phrases
