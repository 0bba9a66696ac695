"""Stage 4b and 5, the header lines and the columns -> each column's header path (words placed
over the column whose edge is the first at or right of their end; an upper level spans its
years), and which columns hold amounts (not codes, notes or "Div")."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline import dutch
from pipeline.extraction import headers, labels, text, wrapped
from pipeline.extraction.forms.pdftotext_layout.columns import Page, RowCells
from pipeline.extraction.forms.pdftotext_layout.line_shapes import _phrases, label_indent, set_close, word_runs
from pipeline.extraction.grid import Unreadable
from pipeline.extraction.settings import Settings
from pipeline.extraction.text import Line, Token


def _label_column(lines: list[Line], body: labels.Body, settings: Settings) -> int | None:
    """Where the labels start ("Uitgaven", the second line of a wrapped label; after its number,
    "1.   Bijstellingen"): the position most of them share, give or take a character (a
    PDF's words sit a character either way), when at least two lines start there and one
    that no number leads; None otherwise."""
    unnumbered: Counter[int] = Counter()
    after_number: Counter[int] = Counter()
    for kind, i in body.items:
        if kind in ("row", "text") and lines[i].tokens:
            at, numbered = _after_codes(lines[i].tokens, settings)
            (after_number if numbered else unnumbered)[at] += 1
    starts = unnumbered + after_number
    if not starts:
        return None
    # a PDF's words sit a character either way: count the starts a character off with each
    near = {at: sum(starts[at + d] for d in (-1, 0, 1)) for at in starts}
    best = max(near.values())
    tied = sorted(at for at, count in near.items() if count == best)
    if best < 2 or tied[-1] - tied[0] > 1:
        return None
    start = max(tied, key=lambda at: (starts[at], -at))  # where most start exactly, else the leftmost
    if sum(unnumbered[start + d] for d in (-1, 0, 1)) < 1:
        return None
    return start


def _after_codes(tokens: Sequence[Token], settings: Settings) -> tuple[int, bool]:
    """Where a line's words start after the numbers that lead it (a row number "1.", or
    codes in columns of their own: "1   21   Kasschuif …"), and whether any did."""
    k = 0
    while k < len(tokens) - 1 and (
        (k == 0 and settings.row_enumerator.match(tokens[k].text))
        or (_numeric_code(tokens[k].text, settings) and tokens[k + 1].start - tokens[k].end >= settings.column_gap)
    ):
        k += 1
    return tokens[k].start, k > 0


def _numeric_code(word: str, settings: Settings) -> bool:
    """An article code ("13.1"), a row number ("7") or a chapter's number with its letter ("2A")."""
    return bool(
        settings.article_code.match(word) or settings.row_number.match(word) or settings.lettered_code.match(word)
    )


def codes_in_own_column(lines: list[Line], body: labels.Body, settings: Settings) -> bool:
    """Whether the table sets codes before its labels in a column of their own: most of
    its rows open with a numeric code set apart from the label by a column gap (then a
    row whose code stands closer to its label, "2A Staten-Generaal", has one too)."""
    rows = [lines[i].tokens for i in body.rows() if len(lines[i].tokens) >= 2]
    apart = sum(
        1
        for tokens in rows
        if _numeric_code(tokens[0].text, settings) and tokens[1].start - tokens[0].end >= settings.column_gap
    )
    return apart >= 2 and apart * 2 > len(rows)


def _code(
    line: Line, label: list[str], lead_code: bool, label_column: int | None, settings: Settings
) -> tuple[str | None, list[str]]:
    """A code before the label in a column of its own ("13.1", "7", "Div"): set apart from
    the label, or a number ("1.") left of where the other labels start, its label's words
    there (give or take ``column_gap``: a PDF's words sit a character either way)."""
    tokens = line.tokens
    if len(label) < 2:
        return None, label
    apart = tokens[1].start - tokens[0].end >= settings.column_gap
    # the first word left of where the other labels start, its label's words there
    before_labels = (
        label_column is not None
        and tokens[0].end < label_column
        and abs(tokens[1].start - label_column) <= settings.column_gap
    )
    if settings.names_non_amount_column(label[0]) and (apart or before_labels):
        return None, label[1:]  # the code column's name on the first row ("Art.nr. Verplichtingen")
    if before_labels and settings.row_enumerator.match(label[0]):
        return label[0], label[1:]
    numeric = _numeric_code(label[0], settings)
    # a word ("Div") is a code only apart from the label: "Stand 1e …" is a label
    if (apart and (numeric or (lead_code and settings.extra_value.match(label[0])))) or (lead_code and numeric):
        return label[0], label[_second_code(tokens, label, label_column, settings) :]
    return None, label


def _second_code(tokens: Sequence[Token], label: list[str], label_column: int | None, settings: Settings) -> int:
    """Where the label starts after a row's code: past a second code in a column of its own
    before the labels (a mutation's number, then its article: "1   21   Kasschuif …"), which
    is no word of the label; the row keeps its first code, as a browser copy's does."""
    if (
        label_column is not None
        and len(label) >= 3
        and _numeric_code(label[1], settings)
        and tokens[1].end < label_column
        and tokens[2].start - tokens[1].end >= settings.column_gap
        and abs(tokens[2].start - label_column) <= settings.column_gap
    ):
        return 2
    return 1


def header_paths(
    lines: list[Line], header: list[int], first: Page, row_cells: dict[int, RowCells], settings: Settings
) -> tuple[list[str], list[list[str]]]:
    """The stub (header words over the labels) and, per column, its header cells top-down."""
    header = _without_raised_top_mark(lines, header, settings)
    stub, per_line, placings, n, uncertain = _header_cells(lines, header, first, row_cells, settings)
    if not per_line:
        return stub, [[""] for _ in range(n)]
    close = _lowest_set_close(lines, header, first.rows, settings)
    paths = _one_stage_over_its_amounts(per_line, n, settings) or _levels(
        per_line, header, placings, n, close, settings
    )
    for cut in uncertain:
        if not cut.whole_in(paths):
            raise Unreadable(cut.line, cut.reason)
    return stub, paths


@dataclass
class _UncertainCut:
    """A phrase of a header line cut between two columns where the positions do not settle
    it: the line, the two columns, and the words either side of the cut."""

    line: int
    left: int
    right: int
    last: str
    first: str
    lone: bool = False  # the line's only phrase

    @property
    def reason(self) -> str:
        if self.lone:
            return (
                f"the only phrase of an upper header line ('… {self.last} {self.first} …', its words a single "
                "space apart) stands over several columns, and the lines below do not show which columns "
                "it spans"
            )
        return (
            f"header words a single space apart ('{self.last} {self.first}') were cut between two columns "
            "that fit them loosely, and a word the other way fits about as well: where they belong is "
            "not certain"
        )

    def whole_in(self, paths: list[list[str]]) -> bool:
        """Whether the levels made the phrase one cell over both columns (a spanning cell)."""
        joined = f" {self.last} {self.first} "
        return all(joined in f" {' '.join(paths[c])} " for c in (self.left, self.right))


def _uncertain_cuts(
    placings: dict[int, _LinePlacing],
    extents: list[tuple[int, int]],
    worded: set[int],
    n: int,
    settings: Settings,
) -> list[_UncertainCut]:
    """The phrases cut a single space apart between two columns that fit their parts
    loosely (an edge more than ``edge_tolerance`` off its column's), where moving the word
    either side of the cut to the other column costs about as much (within
    ``edge_tolerance``; a character standing in another column's header box costs one,
    as in ``_kept_apart``; a run may not hold a word twice). A cut is certain where the
    words show it: the same word either side ("Mutatie Mutatie"), an ordinal before a
    capital ("Stand 1e Mutaties"), a cell ended by its stage mark ("(1)")."""
    out: list[_UncertainCut] = []
    for i, placing in placings.items():
        boxes = [
            [(run[0].start, run[-1].end) for j, other in placings.items() if j != i for run, e in other.runs if e == c]
            for c in range(n)
        ]
        cost = _RunCost(extents, worded, [[span for e in range(n) if e != c for span in boxes[e]] for c in range(n)])
        for (a, c), (b, d) in zip(placing.runs, placing.runs[1:]):
            if not _one_space_apart(a[-1], b[0], settings) or _cut_shown(a[-1].text, b[0].text):
                continue
            if max(cost.miss(a, c), cost.miss(b, d)) <= settings.edge_tolerance:
                continue
            chosen = cost(a, c) + cost(b, d)
            moved = []
            if len(a) > 1 and not _holds_a_word_twice([a[-1], *b]):
                moved.append(cost(a[:-1], c) + cost([a[-1], *b], d))
            if len(b) > 1 and not _holds_a_word_twice([*a, b[0]]):
                moved.append(cost([*a, b[0]], c) + cost(b[1:], d))
            if moved and min(moved) <= chosen + settings.edge_tolerance:
                out.append(_UncertainCut(i, c, d, a[-1].text, b[0].text))
    return out


def _lone_phrases_cut(header: list[int], placings: dict[int, _LinePlacing], settings: Settings) -> list[_UncertainCut]:
    """Upper header lines (all but the lowest) that hold one phrase, its words a single
    space apart, placed over several columns ("Vastgestelde begroting" over the right two
    of "Verplichtingen  Uitgaven  Ontvangsten", over which no upper word stands): one cell
    spanning columns, but which ones (two, or all three) the text does not show. A cut the
    words show is certain (a capital opens a cell: "Realisatie Begroting Verschil"), and so
    is a word over each column repeating group by group. Where every column has upper
    words, they are its cells."""
    out: list[_UncertainCut] = []
    if len(header) < 2 or any(i not in placings for i in header):
        return out
    upper = {c for i in header[:-1] for _, c in placings[i].runs}
    bare = {c for _, c in placings[header[-1]].runs} - upper  # headed columns with no upper words
    for i in header[:-1]:
        placing = placings[i]
        if not bare or not placing.cut or len(placing.runs) < 2:
            continue
        if _a_word_per_column(placing.runs, placing.n) is not None:
            continue  # words repeating group by group: a cell each (``_grouped_by_repeats``)
        pairs = list(zip(placing.runs, placing.runs[1:]))
        if all(_one_space_apart(a[-1], b[0], settings) for (a, _), (b, _) in pairs) and not any(
            _cut_shown(a[-1].text, b[0].text) or b[0].text[:1].isupper() for (a, _), (b, _) in pairs
        ):
            (a, c), (b, d) = pairs[0]
            out.append(_UncertainCut(i, c, d, a[-1].text, b[0].text, lone=True))
    return out


@dataclass
class _RunCost:
    """What a run of header words costs over a column: its miss of the column's edge
    (``_miss``) and each character standing in another column's header box."""

    extents: list[tuple[int, int]]
    worded: set[int]
    others: list[list[tuple[int, int]]]  # per column, the other columns' boxes

    def miss(self, run: list[Token], c: int) -> int:
        return _miss(run[0], run[-1], self.extents[c], c in self.worded)

    def __call__(self, run: list[Token], c: int) -> int:
        return self.miss(run, c) + _overlap(run[0].start, run[-1].end, self.others[c])


def _cut_shown(last: str, first: str) -> bool:
    """Whether the words either side of a cut show it: the same word twice, an ordinal
    before a capital, a stage mark ending the cell on the left."""
    return last == first or headers.ordinal_before_a_capital([last, first]) or bool(wrapped.STAGE_MARK.match(last))


def _header_cells(
    lines: list[Line], header: list[int], first: Page, row_cells: dict[int, RowCells], settings: Settings
) -> tuple[list[str], list[list[list[str]]], dict[int, _LinePlacing], int, list[_UncertainCut]]:
    """The stub words, each header line's words per column, the lines placed by position,
    the number of columns, and the phrases cut between columns where it is not certain."""
    extents = _extents(lines, first, row_cells, settings)
    n = len(extents)
    label_start = max(label_indent(lines[i], settings) for i in first.rows)
    worded = {
        c
        for c in range(n)
        if any(cells[c] is not None and dutch.read_cell(cells[c]) is None for _, cells, _ in row_cells.values())
    }
    numeric = [c for c in range(n) if c not in worded]
    per_line: list[list[list[str]]] = []
    stub: list[str] = []
    extents = _period_extents(lines, header, extents, n, settings)
    placings: dict[int, _LinePlacing] = {}

    def place(i: int, avoid: list[list[tuple[int, int]]] | None = None) -> _LinePlacing:
        return _placed_line(lines, i, extents, label_start, worded, n, settings, avoid)

    for i in header:
        if _periods_in_order(lines[i].tokens, len(numeric)) is None:
            placings[i] = place(i)
    placings = _kept_apart(placings, n, place)
    placings = _after_stage_marks(lines, header, placings, n, place, settings)
    uncertain = _uncertain_cuts(placings, extents, worded, n, settings) + _lone_phrases_cut(header, placings, settings)
    for i in header:
        if i in placings:
            words, cells = placings[i].stub, placings[i].cells
        else:
            # a line of one period per column of figures: in order, wherever pdftotext
            # put it; words before them are the stub, words after them head the columns
            # of words (notes, references) in order
            ordered = _periods_in_order(lines[i].tokens, len(numeric))
            assert ordered is not None
            words, cells = _ordered_line(ordered, numeric, worded, n, settings)
        stub += words
        per_line.append(cells)
    return stub, _without_raised_note_marks(per_line, settings), placings, n, uncertain


def _without_raised_top_mark(lines: list[Line], header: list[int], settings: Settings) -> list[int]:
    """The header lines without a first line that is only a note mark set raised over a
    word below it (a PDF's "2010¹": "1" on a line of its own, just right of "2010", or less
    than half a line above it). A column number stands over its column a line apart."""
    if len(header) < 2 or len(lines[header[0]].tokens) != 1:
        return header
    mark, below = lines[header[0]].tokens[0], lines[header[1]]
    trails = any(t.end <= mark.start <= t.end + 1 for t in below.tokens)
    after = lines[header[1] + 1].pitch if header[1] + 1 < len(lines) else None
    raised = below.pitch is not None and after is not None and below.pitch < after * settings.raised_mark_pitch
    return header[1:] if settings.note_mark.match(mark.text) and (trails or raised) else header


def _without_raised_note_marks(per_line: list[list[list[str]]], settings: Settings) -> list[list[list[str]]]:
    """The header lines without a note mark set raised on a line of its own inside a cell
    (a PDF's "Vastgestelde" / "1" / "begroting": the "1" of "begroting¹" stands above that
    word): a lone number or star, the only word of its line, between words of the same
    column. A cell's own words never stand alone so; notes are left out of headers."""
    out = [list(line) for line in per_line]
    for k in range(1, len(per_line) - 1):
        worded = [c for c, cell in enumerate(per_line[k]) if cell]
        if len(worded) != 1:
            continue
        c = worded[0]
        cell = per_line[k][c]
        if len(cell) == 1 and settings.note_mark.match(cell[0]) and per_line[k - 1][c] and per_line[k + 1][c]:
            out[k][c] = []
    return out


def _lowest_set_close(lines: list[Line], header: list[int], rows: list[int], settings: Settings) -> bool | None:
    """Whether a PDF sets the lowest header line as close under the line above it as the
    lines of one wrapped cell (True) or as far apart as the table's rows (False); None
    where the letter cannot show it (a text has no pitches)."""
    return set_close(lines, rows, settings)(header[-1]) if len(header) >= 2 else None


def _levels(
    per_line: list[list[list[str]]],
    header: list[int],
    placings: dict[int, _LinePlacing],
    n: int,
    close: bool | None,
    settings: Settings,
) -> list[list[str]]:
    """Per column, its header cells top-down: two levels where the lines show them (column
    numbers over the names, or under them where a PDF sets them a row apart, periods under
    upper cells, a band of cells under a spanning one), else one cell of all its lines."""

    def whole(c: int, part: list[list[list[str]]] = per_line) -> str:
        return labels.join([line[c] for line in part])

    numbers = _numbering_lines(per_line)
    if numbers:
        # a line of column numbers over the headers ("(1)  (2)  (4)=(1)+(2)+(3)"): a level of its own
        return _cut_levels(per_line, numbers, _worded(per_line[:numbers], n))
    numbered = _numbers_below(per_line, header, n, settings)
    if numbered is not None:
        return numbered
    if _numbering_under(per_line) and (close is False or (close is None and _bare_numbers(per_line[-1]))):
        # a row of column numbers under the headers, set a row apart (a PDF shows it) or
        # numbered bare ("1  2  (3)=(1+2)": a number in its column's cell is set in
        # parentheses after the name, "Ontwerpbegroting (1)"): a level of its own
        return _cut_levels(per_line, -1, _worded(per_line[-1:], n))
    over_periods = _over_periods(per_line, header, n, close, settings)
    if over_periods is not None:
        return over_periods
    stacked = _stage_words_right_over_periods(per_line, header)
    if stacked and close is False:
        # a PDF sets the lowest line a row apart: a level of its own under the words above
        return _cut_levels(per_line, -1, _worded(per_line[-1:], n) & _worded(per_line[:-1], n))
    if stacked and close is None:
        raise Unreadable(
            header[-2],
            "words stand right over the periods of some columns ('Realisatie' over '2007'): one header cell "
            "wrapped onto a second line or a level over the periods, which a text cannot show",
        )
    grouped = _grouped_by_repeats(per_line, header, placings, n, settings)
    if grouped is not None:
        return grouped
    band = _lower_band(per_line)
    if band is not None:
        top, under = band
        runs = [placings[i].runs if i in placings else [] for i in header[:top]]
        upper = _upper_cells(per_line[:top], runs, under, settings)
        return [[upper[c], whole(c, per_line[top:])] if c in under else [whole(c)] for c in range(n)]
    return [[whole(c)] for c in range(n)]


def _one_stage_over_its_amounts(per_line: list[list[list[str]]], n: int, settings: Settings) -> list[list[str]] | None:
    """One phrase over "Verplichtingen  Uitgaven  Ontvangsten" (``Settings.whole_labels``)
    and nothing else: a budget stage ("Vastgestelde begroting") over the three amounts a
    begrotingsstaat states for it, so it spans all three, wherever its words were set."""
    if len(per_line) != 2 or n != len(settings.whole_labels):
        return None
    lower = [labels.join([cell]) for cell in per_line[1]]
    if {cell.lower().rstrip(":") for cell in lower} != settings.whole_labels:
        return None
    upper = labels.join([cell for cell in per_line[0] if cell])
    return [[upper, cell] for cell in lower] if upper else None


def _grouped_by_repeats(
    per_line: list[list[list[str]]],
    header: list[int],
    placings: dict[int, _LinePlacing],
    n: int,
    settings: Settings,
) -> list[list[str]] | None:
    """Upper header cells each printed once over a group of columns whose lowest cells
    repeat group by group ("Vastgestelde begroting" and "Mutaties 1e suppletoire
    begroting", each over "Verplichtingen  Uitgaven  Ontvangsten"): the repeats show the
    groups, so each upper line's words are cut into one cell per group
    (``_cells_over_groups``), wherever they were set (centred, a word over each column;
    two groups' cells a single space apart). Taken where every group has upper words and
    no upper line sets two phrases over one group; None otherwise."""
    while per_line and not any(per_line[-1]):
        per_line, header = per_line[:-1], header[:-1]  # lines of words over the labels only
    if any(i not in placings for i in header):
        return None  # a line of periods in order: not this kind of header
    per_line, runs_of = _spread_lowest(per_line, header, placings, n)
    depth, groups = _lowest_level(per_line, n)
    if groups is None:
        return None
    lowest = [rc for i in header[-depth:] for rc in runs_of[i]]
    spans = [
        (
            min(run[0].start for run, c in lowest if c in columns),
            max(run[-1].end for run, c in lowest if c in columns),
        )
        for columns in groups
    ]
    upper: list[list[list[str]]] = [[] for _ in groups]
    for i in header[:-depth]:
        tokens = [t for run, _ in placings[i].runs for t in run]
        cells = _cells_over_groups(i, tokens, spans, settings) if tokens else [[] for _ in groups]
        if cells is None:
            return None
        for g, cell in enumerate(cells):
            upper[g].append(cell)
    texts = [labels.join(lines_) for lines_ in upper]
    if not all(texts):
        return None
    out: list[list[str]] = [[labels.join([line[c] for line in per_line])] for c in range(n)]
    for text_, columns in zip(texts, groups):
        for c in columns:
            out[c] = [text_, labels.join([line[c] for line in per_line[-depth:]])]
    return out


def _spread_lowest(
    per_line: list[list[list[str]]], header: list[int], placings: dict[int, _LinePlacing], n: int
) -> tuple[list[list[list[str]]], dict[int, list[tuple[list[Token], int]]]]:
    """The header's words per line and column, and each line's runs, with the lowest two
    lines (not the top one) spread a word per column where they repeat so
    (``_a_word_per_column``)."""
    runs_of = {i: placings[i].runs for i in header}
    per_line = list(per_line)
    for back in range(1, min(2, len(header) - 1) + 1):
        spread = _a_word_per_column(runs_of[header[-back]], n)
        if spread is not None:
            runs_of[header[-back]] = spread
            per_line[-back] = [[t.text for run, c in spread if c == column for t in run] for column in range(n)]
    return per_line, runs_of


def _a_word_per_column(runs: list[tuple[list[Token], int]], n: int) -> list[tuple[list[Token], int]] | None:
    """A line of exactly one word per column whose words repeat group by group
    ("Verplich- Uitgaven Ontvangsten" three times over nine columns), set a single space
    apart wider than its columns: a word over each column, in order, wherever the widths
    put them; None for any other line."""
    tokens = [t for run, _ in runs for t in run]
    if len(tokens) != n or _repeat_size([headers.unnote(t.text) for t in tokens]) is None:
        return None
    return [([t], c) for c, t in enumerate(tokens)]


def _lowest_level(per_line: list[list[list[str]]], n: int) -> tuple[int, list[list[int]] | None]:
    """How many lines the lowest header level takes, and the groups its repeating cells
    show (``_repeated_groups``): its last line, or the two last where the last only goes
    on from the line above it, each of its words wrapped from a cell there ("Verplich-" /
    "tingen"); (1, None) where no level repeats."""
    groups = _repeated_groups(per_line, n)
    if groups is not None or len(per_line) < 3:
        return 1, groups
    above, last = per_line[-2], per_line[-1]
    if not any(last) or not all(
        above[c] and (above[c][-1].endswith("-") or last[c][0][:1].islower()) for c in range(n) if last[c]
    ):
        return 1, None
    return 2, _repeated_groups(per_line[:-2] + [[above[c] + last[c] for c in range(n)]], n)


def _repeated_groups(per_line: list[list[list[str]]], n: int) -> list[list[int]] | None:
    """The groups of headed columns (side by side, each with a lowest cell) whose lowest
    cells repeat group by group; None where they do not."""
    if len(per_line) < 2:
        return None
    lowest = per_line[-1]
    headed = [c for c in range(n) if any(line[c] for line in per_line)]
    if not headed or headed != list(range(headed[0], headed[-1] + 1)) or not all(lowest[c] for c in headed):
        return None
    size = _repeat_size([" ".join(headers.unnote(w) for w in lowest[c]) for c in headed])
    return None if size is None else [headed[g : g + size] for g in range(0, len(headed), size)]


_GroupCut = tuple[int, list[tuple[int, list[Token]]]]  # cost, and (group, its words) per block


def _cells_over_groups(
    i: int, tokens: list[Token], spans: list[tuple[int, int]], settings: Settings
) -> list[list[str]] | None:
    """An upper header line's words cut into one cell per group (the groups' ``spans``,
    from their lowest cells): blocks of words, left to right, each over a group it
    overlaps and nearest its right end, cut at every wide gap and at most once a single
    space apart between two groups. Where cuts a single space apart cost within
    ``edge_tolerance`` of each other, the one before a capital starts the next cell
    ("… ontwerp-begroting | Stand van …"); where that leaves more than one, reported.
    None where the words do not fit the groups (two phrases over one)."""
    options: list[_GroupCut] = []

    def walk(j: int, g: int, cost: int, blocks: list[tuple[int, list[Token]]]) -> None:
        if j == len(tokens):
            options.append((cost, blocks))
            return
        for end in range(j, len(tokens)):
            if end > j and not _one_space_apart(tokens[end - 1], tokens[end], settings):
                break  # a cell never runs over a wide gap
            block = tokens[j : end + 1]
            for h in range(g, len(spans)):
                left, right = spans[h]
                if block[-1].end < left - settings.edge_tolerance or block[0].start > right + settings.edge_tolerance:
                    continue  # not over this group
                # nearest its right end, and not running over the group on its left
                before = spans[h - 1][1] - settings.edge_tolerance if h else block[0].start
                miss = abs(block[-1].end - right) + max(0, before - block[0].start)
                walk(end + 1, h + 1, cost + miss, blocks + [(h, block)])

    walk(0, 0, 0, [])
    if not options:
        return None
    cells: list[list[str]] = [[] for _ in spans]
    for h, block in _cheapest_cut(i, options, settings):
        cells[h] = [t.text for t in block]
    return cells


def _cheapest_cut(i: int, options: list[_GroupCut], settings: Settings) -> list[tuple[int, list[Token]]]:
    """The cheapest cut of a header line into groups' cells; among cuts within
    ``edge_tolerance`` of it, the one whose cuts a single space apart fall before capitals;
    reported where that leaves more than one."""
    best = min(cost for cost, _ in options)
    near = [blocks for cost, blocks in options if cost <= best + settings.edge_tolerance]
    if len(near) > 1:
        near = [blocks for blocks in near if _cut_before_capitals(blocks, settings)]
    if len(near) != 1:
        raise Unreadable(
            i, "header words a single space apart could be cut between the groups of columns in more than one place"
        )
    return near[0]


def _cut_before_capitals(blocks: list[tuple[int, list[Token]]], settings: Settings) -> bool:
    """Whether every cut a single space apart falls before a capitalised word."""
    return all(
        b[0].text[:1].isupper() for (_, a), (_, b) in zip(blocks, blocks[1:]) if _one_space_apart(a[-1], b[0], settings)
    )


def _repeat_size(cells: list[str]) -> int | None:
    """The size of the group of distinct cells that ``cells`` repeat two or more times over
    ("Verplichtingen Uitgaven Ontvangsten" twice: 3); None where they do not."""
    for size in range(2, len(cells) // 2 + 1):
        if len(cells) % size == 0 and len(set(cells[:size])) == size:
            if all(cell == cells[k % size] for k, cell in enumerate(cells)):
                return size
    return None


def _over_periods(
    per_line: list[list[list[str]]], header: list[int], n: int, close: bool | None, settings: Settings
) -> list[list[str]] | None:
    """Upper header cells over a lowest line of one period per column, each spanning the
    years below it as far as they run on; None where the lowest line is not such a line."""
    lowest = per_line[-1]
    headed = [
        c
        for c in range(n)
        if any(line[c] for line in per_line)  # a notes column may have none
        and not settings.names_non_amount_column(" ".join(lowest[c]))
    ]
    if len(per_line) < 2 or not all(lowest[c] and _periods_only(lowest[c]) for c in headed):
        return None
    if not any(line[c] for line in per_line[:-1] for c in headed):
        return None  # the lines above hold words over the labels only: the periods are the header
    if _wrapped_onto_periods(per_line, header, headed, close):
        return None
    if close is None and _words_right_over_periods(per_line, header, headed):
        raise Unreadable(
            header[-2],
            "each column's words stand right over its period: one header cell wrapped onto a second line "
            "or a level over the periods, which a text cannot show",
        )
    upper = [labels.join([line[c] for line in per_line[:-1]]) for c in range(n)]
    lower = [" ".join(c) for c in lowest]
    spanned = _spanning([upper[c] for c in headed], [lower[c] for c in headed])
    if spanned is None:
        raise Unreadable(
            header[0],
            "an upper header cell could span the columns on its left or on its right: which is not certain",
        )
    for c, text_ in zip(headed, spanned):
        upper[c] = text_
    return [
        [u, lo] if c in headed else [labels.join([line[c] for line in per_line])]
        for c, (u, lo) in enumerate(zip(upper, lower))
    ]


def _stage_words_right_over_periods(per_line: list[list[list[str]]], header: list[int]) -> bool:
    """Whether two or more columns end in a period on the lowest header line with words on
    the line right above it ("Realisatie" / "2007" beside "Vastgestelde" / "begroting"):
    where not every column does, ``_over_periods`` does not take the header, and what the
    words are (a wrapped cell or a level) is as uncertain as there."""
    if len(per_line) < 2 or header[-1] != header[-2] + 1:
        return False
    lowest, above = per_line[-1], per_line[-2]
    stacked = [
        c
        for c in range(len(lowest))
        if lowest[c] and _periods_only(lowest[c]) and above[c] and text.has_letters(above[c])
    ]
    return len(stacked) >= 2


def _wrapped_onto_periods(
    per_line: list[list[list[str]]], header: list[int], headed: list[int], close: bool | None
) -> bool:
    """Each column's own words directly over its period, on the line right above it
    ("Raming" over "2020" in a narrow column), set as close as the lines of one cell
    (``close``, a PDF's pitches): one cell wrapped onto a second line, not a level over
    the periods. A text cannot show the difference (a wrapped cell and a row of one line
    each print alike: "Realisatie / 2018" is one cell in one begroting and two levels in a
    jaarverslag), so there the table is reported (``_over_periods``). The periods stay a
    level of their own where a cell spans several periods or a column's words end on an
    earlier line."""
    return close is True and _words_right_over_periods(per_line, header, headed)


def _words_right_over_periods(per_line: list[list[list[str]]], header: list[int], headed: list[int]) -> bool:
    """Whether every headed column has words on the line right above its period."""
    lowest, above = len(per_line) - 1, len(per_line) - 2
    return header[lowest] == header[above] + 1 and all(per_line[above][c] for c in headed)


def _lower_band(per_line: list[list[list[str]]]) -> tuple[int, list[int]] | None:
    """A lower level of header cells under some columns ("Mutatie Miljoenennota" and
    "Overige mutaties" under "Mutaties 2e suppletoire begroting (3)"): the last header lines
    with words, over a run of two or more columns whose words above them end on an earlier
    line than other columns' do, so that those columns are blank on a line between while
    the others go on (one cell's lines follow on without a blank one). Its first line and
    columns, the fewest lines that make one."""
    worded = [k for k, line in enumerate(per_line) if any(line)]
    for top in reversed(worded[1:]):
        under = sorted({c for line in per_line[top:] for c, cell in enumerate(line) if cell})
        if len(under) < 2 or under != list(range(under[0], under[-1] + 1)):
            continue
        last_above = [max((k for k in range(top) if per_line[k][c]), default=-1) for c in under]
        if min(last_above) < 0:
            continue
        others = [c for c in range(len(per_line[top])) if c not in under]
        if any(per_line[k][c] for k in range(max(last_above) + 1, top) for c in others):
            return top, under
    return None


def _upper_cells(
    above: list[list[list[str]]], runs: list[list[tuple[list[Token], int]]], under: list[int], settings: Settings
) -> dict[int, str]:
    """The upper cell over each column of a lower band: one cell spanning them all where a
    phrase of its words was cut between two of them ("Mutaties 2e | suppletoire"), else
    each column's own words."""
    cut = any(
        c in under and d == c + 1 and d in under for line_runs in runs for c, d in _cut_pairs(line_runs, settings)
    )
    if cut:
        text = labels.join([[w for c in under for w in line[c]] for line in above])
        return {c: text for c in under}
    return {c: labels.join([line[c] for line in above]) for c in under}


# A column's number, or part of a formula of them wrapped over lines: "(1)", "(4)=(1)+", "(2)+(3)".
_COLUMN_NUMBER = re.compile(r"^(?=.*\d)(?:[()\d=+\-–\s]|t/m)+$")  # "(4=(1)t/m(3))" too


def _numbering_lines(per_line: list[list[list[str]]]) -> int:
    """How many header lines at the top hold column numbers only, over two or more columns
    that have words of their own below them; 0 for none."""
    k = 0
    while (
        k < len(per_line) - 1
        and any(per_line[k])
        and all(_COLUMN_NUMBER.match(" ".join(cell)) for cell in per_line[k] if cell)
    ):
        k += 1
    if not k:
        return 0
    numbered = [c for c in range(len(per_line[0])) if any(line[c] for line in per_line[:k])]
    below = [c for c in numbered if any(line[c] for line in per_line[k:])]
    return k if len(numbered) >= 2 and below == numbered else 0


def _numbers_below(
    per_line: list[list[list[str]]], header: list[int], n: int, settings: Settings
) -> list[list[str]] | None:
    """Column numbers a level of their own at the foot of the header: under a line of
    periods (``_numbers_under_periods``), or on lines of their own under names that end
    above them (``_numbers_apart``); None for neither."""
    under_periods = _numbers_under_periods(per_line, header, n, settings)
    if under_periods is not None:
        return under_periods
    block = _numbers_apart(per_line)
    if not block:
        return None
    return _cut_levels(per_line, -block, _worded(per_line[-block:], n))


def _worded(lines: list[list[list[str]]], n: int) -> set[int]:
    """The columns that have words on any of these header lines."""
    return {c for c in range(n) if any(line[c] for line in lines)}


def _cut_levels(per_line: list[list[list[str]]], at: int, levelled: set[int]) -> list[list[str]]:
    """Per column, the header lines above ``at`` and from ``at`` on as two levels, for the
    ``levelled`` columns; one cell of all its lines for the others."""

    def joined(c: int, lines: list[list[list[str]]]) -> str:
        return labels.join([line[c] for line in lines])

    return [
        [joined(c, per_line[:at]), joined(c, per_line[at:])] if c in levelled else [joined(c, per_line)]
        for c in range(len(per_line[0]))
    ]


def _numbers_apart(per_line: list[list[list[str]]]) -> int:
    """How many lines at the foot of the header hold column numbers only ("(1)  (2)  (4="
    / "(1)t/m(3))"), over two or more columns with names above, where a name ends a line or
    more above them: the numbers are a row of their own, not the ends of the names' cells
    (a cell's number follows its last line). 0 for none."""
    k = 0
    while (
        k < len(per_line) - 1
        and any(per_line[-1 - k])
        and all(_COLUMN_NUMBER.match(" ".join(cell)) for cell in per_line[-1 - k] if cell)
    ):
        k += 1
    if not k:
        return 0
    numbered = [c for c in range(len(per_line[0])) if any(line[c] for line in per_line[-k:])]
    named = [c for c in numbered if any(line[c] for line in per_line[:-k])]
    above = per_line[-k - 1]
    if len(numbered) < 2 or named != numbered or all(above[c] for c in numbered):
        return 0
    return k


def _numbers_under_periods(
    per_line: list[list[list[str]]], header: list[int], n: int, settings: Settings
) -> list[list[str]] | None:
    """Column numbers on a line of their own under a line of one period per column, the
    names above ("Stand ontwerp begroting" / "2022" / "(1)"): the numbers are a level of
    their own, under the periods and the cells over them; None for any other header. A
    number cannot be part of a period's cell."""
    if len(per_line) < 3 or not _numbering_under(per_line):
        return None
    above = _over_periods(per_line[:-1], header[:-1], n, None, settings)
    if above is None:
        return None
    return [path + [" ".join(per_line[-1][c])] if per_line[-1][c] else path for c, path in enumerate(above)]


def _bare_numbers(line: list[list[str]]) -> bool:
    """Whether a line of column numbers numbers a column bare, with no parentheses ("1")."""
    return any(len(cell) == 1 and cell[0].isdigit() and len(cell[0]) <= 2 for cell in line)  # not a year


def _numbering_under(per_line: list[list[list[str]]]) -> bool:
    """Whether the lowest header line holds column numbers only ("1  2  (3)=(1+2)"), under
    two or more columns that have words of their own above them."""
    lowest = per_line[-1]
    numbered = [c for c, cell in enumerate(lowest) if cell]
    return (
        len(per_line) >= 2
        and len(numbered) >= 2
        and all(_COLUMN_NUMBER.match(" ".join(lowest[c])) for c in numbered)
        and all(any(line[c] for line in per_line[:-1]) for c in numbered)
    )


def _period_extents(
    lines: list[Line], header: list[int], extents: list[tuple[int, int]], n: int, settings: Settings
) -> list[tuple[int, int]]:
    """The columns' extents: those of the lowest header line of one period per column, or else ``extents``."""
    for i in reversed(header):
        phrases = _phrases(lines[i], settings)
        periods = [p for p in phrases if _periods_only([t.text for t in p])]
        if len(periods) == n and all(p is q for p, q in zip(periods, phrases[len(phrases) - n :])):
            # A line of one period per column is read in order, wherever pdftotext put
            # it; the header lines above it share its font, so its positions are theirs.
            return [(p[0].start, p[-1].end) for p in periods]
    return extents


def _ordered_line(
    ordered: tuple[list[Token], list[list[Token]], list[Token]],
    numeric: list[int],
    worded: set[int],
    n: int,
    settings: Settings,
) -> tuple[list[str], list[list[str]]]:
    """A header line of periods in order: its stub words, and its cells per column (the periods, then words)."""
    cells: list[list[str]] = [[] for _ in range(n)]
    before, periods, after = ordered
    for c, period in zip(numeric, periods):
        cells[c] = [t.text for t in period]
    for c, run in zip(sorted(worded), word_runs(after, settings)):
        cells[c] = [t.text for t in run]
    return [t.text for t in before], cells


@dataclass
class _LinePlacing:
    """A header line placed by position: its words over the labels, its runs of words each
    over a column, and whether a phrase (words a single space apart) was cut between columns."""

    stub: list[str]
    runs: list[tuple[list[Token], int]]
    cut: bool
    n: int

    @property
    def cells(self) -> list[list[str]]:
        cells: list[list[str]] = [[] for _ in range(self.n)]
        for run, c in self.runs:
            cells[c].extend(t.text for t in run)
        return cells


def _placed_line(
    lines: list[Line],
    i: int,
    extents: list[tuple[int, int]],
    label_start: int,
    worded: set[int],
    n: int,
    settings: Settings,
    avoid: list[list[tuple[int, int]]] | None = None,
) -> _LinePlacing:
    """A header line placed by position (its runs kept off the ``avoid`` spans of each column, when given)."""
    stub: list[str] = []
    phrases = _phrases(lines[i], settings)
    while (
        phrases and phrases[0][-1].end < extents[0][0] and phrases[0][0].start <= label_start + settings.edge_tolerance
    ):
        stub.extend(t.text for t in phrases.pop(0))  # words over the labels
    placed = _place(phrases, extents, worded, settings, avoid) if phrases else []
    if placed is None and len(phrases) == n and avoid is None:
        # as many phrases, apart by wide gaps, as the table has columns: one over each,
        # in order, however pdftotext set the header apart from the figures (centred)
        placed = [(phrase, c) for c, phrase in enumerate(phrases)]
    if placed is None:
        raise Unreadable(i, "the words of this header line do not stand over the table's columns")
    cut = len(placed) > len(phrases)
    return _LinePlacing(stub, placed, cut, n)


# A header line placed again by position, its runs kept off the given spans of each column.
_Placer = Callable[[int, list[list[tuple[int, int]]]], _LinePlacing]


def _kept_apart(placings: dict[int, _LinePlacing], n: int, place: _Placer) -> dict[int, _LinePlacing]:
    """Header lines whose phrases had to be cut between two columns ("ISB, motie en
    begroting (3)=", the end of one centred cell a space before the next) placed again, each
    character that stands where the other lines put another column's whole phrases costing
    as much as a character of distance from the column: header cells are boxes side by side.
    Where that leaves no placing, the first stands."""
    if not any(p.cut for p in placings.values()):
        return placings
    out = dict(placings)
    for _ in range(3):
        before = {i: [(run[0].start, c) for run, c in p.runs] for i, p in out.items()}
        for i, placing in placings.items():
            if not placing.cut:
                continue
            taken: list[list[tuple[int, int]]] = [[] for _ in range(n)]
            for j, other in out.items():
                if j != i:
                    for run, c in other.runs:
                        taken[c].append((run[0].start, run[-1].end))
            avoid = [[span for d in range(n) if d != c for span in taken[d]] for c in range(n)]
            try:
                out[i] = place(i, avoid)
            except Unreadable:
                continue
        if before == {i: [(run[0].start, c) for run, c in p.runs] for i, p in out.items()}:
            break
    return out


def _after_stage_marks(
    lines: list[Line],
    header: list[int],
    placings: dict[int, _LinePlacing],
    n: int,
    place: _Placer,
    settings: Settings,
) -> dict[int, _LinePlacing]:
    """Header lines placed again where they put words in a column whose cell a line above
    ended with its stage mark ("Ontwerpbegroting t (1)" takes no "en" from the line below);
    where that leaves no placing, the line stands as it was."""
    out = dict(placings)
    closed: set[int] = set()
    spanning: set[int] = set()  # columns whose cell a phrase cut between columns opened
    for i in header:
        if i not in out:
            continue
        if any(c in closed and text.has_letters([run[0].text]) for run, c in out[i].runs):
            # a closed column costs every character placed over it
            avoid = [[(0, len(lines[i].text))] if c in closed else [] for c in range(n)]
            try:
                out[i] = place(i, avoid)
            except Unreadable:
                pass
        spanning |= _cut_columns(out[i].runs, settings)
        for run, c in out[i].runs:
            last = run[-1].text
            if wrapped.STAGE_MARK.match(last):
                # a cell spanning columns names none of them: a level of cells under it
                # follows ("Mutaties 2e suppletoire begroting (3)" over "Mutaties
                # Miljoenennota" and "Overige mutaties")
                if c not in spanning:
                    closed.add(c)
                spanning.discard(c)
            elif text.has_letters([last]):
                closed.discard(c)
    return out


def _cut_pairs(runs: list[tuple[list[Token], int]], settings: Settings) -> list[tuple[int, int]]:
    """The pairs of columns of a header line's runs that one phrase was cut between (less
    than a column gap apart): a cell printed once over them."""
    return [(c, d) for (a, c), (b, d) in zip(runs, runs[1:]) if _one_space_apart(a[-1], b[0], settings)]


def _one_space_apart(left: Token, right: Token, settings: Settings) -> bool:
    """Whether two header words stand less than a column gap apart: words of one phrase,
    which a cut between them splits."""
    return right.start - left.end < settings.column_gap


def _cut_columns(runs: list[tuple[list[Token], int]], settings: Settings) -> set[int]:
    """The columns a header line's phrases were cut between (``_cut_pairs``)."""
    return {col for pair in _cut_pairs(runs, settings) for col in pair}


def _periods_in_order(
    tokens: tuple[Token, ...], count: int
) -> tuple[list[Token], list[list[Token]], list[Token]] | None:
    """A header line that holds exactly ``count`` periods in a row ("2011 … 2015", a
    footnote mark after a year allowed): (the tokens before, the periods, the tokens after)."""
    words = [t.text for t in tokens]
    run = headers.period_run(words)
    if run is None or count == 0:
        return None
    start, end, periods = run
    if len(periods) != count or any(dutch.YEAR.match(headers.unnote(w)) for w in words[:start]):
        return None
    groups: list[list[Token]] = []
    k = start
    for period in periods:
        size = len(period.split())
        groups.append(list(tokens[k : k + size]))
        k += size
    rest = list(tokens[end:])
    while rest and rest[0].text.isdigit() and len(rest[0].text) == 1:
        groups[-1].append(rest.pop(0))  # "2022 3": a footnote mark
    before = list(tokens[:start])
    if count == 1:
        # the one column's cell is the phrase the period ends ("Ontvangsten 2017"), set
        # apart from the stub by a wider gap
        while before and before[-1].end + 1 == groups[0][0].start:
            groups[0].insert(0, before.pop())
    return before, groups, rest


def _periods_only(words: list[str]) -> bool:
    """A header cell that is a period and nothing else ("2018", "2022 3", "2025 e.v.")."""
    if len(words) == 2 and words[1].isdigit() and len(words[1]) == 1:
        words = words[:1]  # a footnote mark
    return (
        dutch.read_periods([headers.unnote(w) for w in words]) is not None
        and len(dutch.read_periods([headers.unnote(w) for w in words]) or []) == 1
    )


def _extents(
    lines: list[Line], page: Page, row_cells: dict[int, RowCells], settings: Settings
) -> list[tuple[int, int]]:
    """Each column's full extent on the first page: from its leftmost to its rightmost cell."""
    lefts = [left for left, _ in page.columns]
    rights = [right for _, right in page.columns]
    for i in page.rows:
        for c, where in enumerate(row_cells[i][2]):
            if where is not None:
                lefts[c], rights[c] = min(lefts[c], where[0]), max(rights[c], where[1])
    return list(zip(lefts, rights))


_Placing = tuple[float, list[tuple[int, int, int]]]  # cost, and (first token, last token, column) per run


def _place(
    phrases: list[list[Token]],
    extents: list[tuple[int, int]],
    worded: set[int],
    settings: Settings,
    avoid: list[list[tuple[int, int]]] | None = None,
) -> list[tuple[list[Token], int]] | None:
    """Header words over their columns: the line's words cut into runs (within a phrase)
    and each run put over a column, left to right, so that the runs end nearest the
    columns' right ends (headers are right-aligned; pdftotext may let a bold header drift
    a few characters). Every run earns a bonus, so words that end at columns of their own
    stay apart ("Mutatie Mutatie"); a run may not end too far from its column."""
    tokens = [(t, k) for k, phrase in enumerate(phrases) for t in phrase]
    m, n = len(tokens), len(extents)
    bonus, reach = 2 * settings.edge_tolerance, 3 * settings.edge_tolerance
    memo: dict[tuple[int, int], _Placing | None] = {}

    def solve(i: int, c: int) -> _Placing | None:
        if i == m:
            return 0.0, []
        if c == n:
            return None
        key = (i, c)
        if key in memo:
            return memo[key]
        best: _Placing | None = None
        for j in _run_ends(tokens, i):
            for d in range(c, n):
                miss = _miss(tokens[i][0], tokens[j][0], extents[d], d in worded)
                if miss > reach:
                    continue
                rest = solve(j + 1, d + 1)
                if rest is None:
                    continue
                overlap = _overlap(tokens[i][0].start, tokens[j][0].end, avoid[d]) if avoid else 0
                # where two columns are missed alike (a word centred between their right ends:
                # "in" under the second of "Struc.  Struc."), the one it stands over is its own
                apart = 0 if _overlap(tokens[i][0].start, tokens[j][0].end, [extents[d]]) else _TIE_BREAK
                cost = miss + overlap - bonus + rest[0] + apart
                best = _cheaper(best, cost, (i, j, d), rest[1])
        memo[key] = best
        return best

    found = solve(0, 0)
    if found is None:
        return None
    return [([tokens[k][0] for k in range(i, j + 1)], d) for i, j, d in found[1]]


_TIE_BREAK = 0.01  # less than any whole character of a placing's cost, summed over a line's runs

_OPERATORS = frozenset("=+-–−")

_OPERAND = re.compile(r"^\(?\d")  # a column's number in a formula: "(2)", "3"


def _run_ends(tokens: list[tuple[Token, int]], i: int) -> list[int]:
    """Where a run of header words from token ``i`` may end: within its phrase, never
    inside a formula ("(4) = (2) + (3)"), nor past an ordinal and the capitalised word
    after it ("Stand 1e Mutaties": "1e" ends the cell on the left), nor past a word it
    already holds ("begroting Prinsjesdag begroting Prinsjesdag": two cells worded alike)."""
    ends = []
    j = i
    while j < len(tokens) and tokens[j][1] == tokens[i][1]:
        if j > i and headers.ordinal_before_a_capital([tokens[j - 1][0].text, tokens[j][0].text]):
            break
        if _holds_a_word_twice([t for t, _ in tokens[i : j + 1]]):
            break  # a cell does not repeat its own word: the next cell, worded alike, starts
        following = tokens[j + 1] if j + 1 < len(tokens) else None
        if not (following and following[1] == tokens[j][1] and _joins_on(tokens[j][0].text, following[0].text)):
            ends.append(j)
        j += 1
    return ends


def _holds_a_word_twice(run: list[Token]) -> bool:
    """Whether a run of header words holds a word (of four letters or more) twice."""
    words = [t.text.lower() for t in run if len(t.text) >= 4 and t.text.isalpha()]
    return len(set(words)) < len(words)


def _joins_on(word: str, following: str) -> bool:
    """Two words of a phrase that a header cell never ends between: an operator and its
    operand ("=" and "(2)"; not "+" and "suppletoire", the next cell's word)."""
    return (word in _OPERATORS and bool(_OPERAND.match(following))) or (
        following in _OPERATORS and bool(_OPERAND.match(word))
    )


def _overlap(start: int, end: int, spans: list[tuple[int, int]]) -> int:
    """How many characters of ``start``-``end`` stand where the ``spans`` do."""
    return sum(max(0, min(end, b) - max(start, a)) for a, b in spans)


def _miss(first: Token, last: Token, extent: tuple[int, int], over_words: bool) -> int:
    """How far a run of header words stands from a column: its right end from the column's (over words: either end)."""
    # right-aligned over figures; over a column of words, left-aligned
    miss = abs(last.end - extent[1])
    if over_words:
        miss = min(miss, abs(first.start - extent[0]))
    return miss


def _cheaper(
    best: _Placing | None, cost: float, run: tuple[int, int, int], rest: list[tuple[int, int, int]]
) -> _Placing:
    """The cheaper placement: ``run`` then ``rest`` at ``cost`` when it costs less than ``best``, else ``best``."""
    if best is None or cost < best[0]:
        return cost, [run] + rest
    return best


def _spanning(upper: list[str], lower: list[str]) -> list[str] | None:
    """Upper header cells printed once over several columns (right-aligned over the last
    of them, or centred) span the empty upper cells beside them as far as the years
    below run on one by one ("Realisatie" over 2017 … 2021), or, where neither side's do,
    as far as they are distinct (a period skipped or misprinted). Empty cells that the cell
    on either side could span are not certain: None."""
    out = list(upper)
    n = len(upper)
    k = 0
    while k < n:
        if upper[k]:
            k += 1
            continue
        gap_end = k
        while gap_end + 1 < n and not upper[gap_end + 1]:
            gap_end += 1
        left = k - 1 if k > 0 else None
        right = gap_end + 1 if gap_end + 1 < n else None
        side = _spanning_side(lower, left, k, gap_end, right)
        if side is None:
            return None  # either cell may span the gap, or neither runs on over it: not certain
        for c in range(k, gap_end + 1):
            out[c] = upper[side]
        k = gap_end + 1
    return out


def _spanning_side(lower: list[str], left: int | None, first: int, last: int, right: int | None) -> int | None:
    """The upper cell, left or right of the empty ones from ``first`` to ``last``, that
    spans them: the one whose periods run on over them, else the one over whose periods
    and theirs no period repeats; None when both or neither do."""
    for spans in (headers.run_on, headers.distinct):
        by_left = left is not None and spans(lower[left : last + 1])
        by_right = right is not None and spans(lower[first : right + 1])
        if by_left != by_right:
            return left if by_left else right
        if by_left:
            return None
    return None


def _names_euros(header: str) -> bool:
    """A header that names a unit in euros ("Tarief per m3 (€)", "(k€)"): its column is amounts."""
    unit = dutch.find_unit(header)
    return unit is not None and unit.unit_eur is not None


def amount_columns(paths: list[list[str]], row_cells: dict[int, RowCells], n: int, settings: Settings) -> list[int]:
    """The columns that hold amounts: not named as codes or notes, and not holding words
    ("Div") or, with no header at all, only small whole numbers (note numbers)."""
    amount = []
    for c in range(n):
        header = " ".join(t for t in paths[c] if t).strip()
        values = [v for _, cells, _ in row_cells.values() if (v := cells[c]) is not None]
        if settings.names_non_amount_column(header):
            continue
        unreadable = [v for v in values if dutch.read_cell(v) is None]
        if unreadable:
            if settings.opens_with_non_amount_name(header):
                continue  # "Artikelnr. 2016": codes and words ("alle", "Div"), the year a spanning cell's
            if header and (headers.period_run(header.split()) is not None or _names_euros(header)):
                raise Unreadable(None, f"cannot read '{unreadable[0]}' under '{header}' as a figure")
            continue  # a column of codes or words ("Div", "alle")
        if not header and values and all(v.strip().isdigit() and len(v.strip()) <= 2 for v in values):
            continue
        amount.append(c)
    return amount
