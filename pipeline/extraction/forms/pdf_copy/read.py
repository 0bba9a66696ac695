"""Reading a table: lines and its first row -> a ``Grid`` and the index after it (or every
whole reading, ``Ambiguous``), through the stages in order."""

from __future__ import annotations

import itertools
import math

from pipeline import dutch
from pipeline.extraction import headers, labels, text, wrapped
from pipeline.extraction.forms.pdf_copy.body import _body, _label_start
from pipeline.extraction.forms.pdf_copy.header import Columns, Header, _columns, _header, cells_of, leads_in
from pipeline.extraction.forms.pdf_copy.rows import (
    Conventions,
    RowReading,
    _candidates,
    _conventions,
    count_words,
    nil_dashes,
    read_row,
    rows_n,
    spaced_signs,
)
from pipeline.extraction.grid import Ambiguous, Grid, GridCell, Unreadable
from pipeline.extraction.settings import Settings
from pipeline.extraction.text import Line

NAME = "pdf-copy"


def read(lines: list[Line], first_row: int, settings: Settings) -> tuple[Grid, int]:
    """The table whose first row is at ``first_row``: the grid and the index after it."""
    start = _label_start(lines, first_row, settings)
    header = _header(lines, start, settings)
    body = _body(lines, header.leading[0] if header.leading else start, settings)
    try:
        grid = _read(lines, body, header, settings)
    except Unreadable as problem:
        problem.end = body.end
        problem.top = header.top  # type: ignore[attr-defined]
        raise
    return grid, body.end


def _read(lines: list[Line], body: labels.Body, header: Header, settings: Settings) -> Grid:
    rows_at = [i for kind, i in body.items if kind == "row"]
    continued = {i for (kind, i), (before, _) in zip(body.items[1:], body.items) if kind == "row" and before == "text"}
    if not rows_at:
        raise Unreadable(body.end - 1, "lines that look like the start of a table, but no row of figures follows")
    try:
        columns = _header_columns(lines, header, rows_at, continued, settings)
    except Unreadable as problem:
        unwrapped = _unwrapped_columns(lines, header, rows_at, continued, settings)
        if unwrapped is None:
            raise problem from None
        columns = unwrapped
    n = columns.n
    assert n is not None
    row_numbers = False
    candidates = {i: _candidates(lines[i], n, columns, row_numbers, settings, i in continued) for i in rows_at}
    conventions = _conventions(lines, candidates)
    options = {i: read_row(lines[i], n, candidates[i], conventions) for i in rows_at}
    ambiguous = [i for i in rows_at if len(options[i]) > 1]
    combinations = math.prod(len(options[i]) for i in ambiguous)
    if ambiguous and combinations > settings.max_readings:
        raise Unreadable(ambiguous[0], _ambiguity(lines[ambiguous[0]], options[ambiguous[0]]))
    grids = []
    for choice in itertools.product(*(options[i] for i in rows_at)):
        grids.append(_grid(lines, body, header, columns, dict(zip(rows_at, choice)), n, settings))
    if ambiguous:
        by_convention = None
        dashes = {i: _by_dash_convention(lines[i], options[i], conventions) for i in rows_at}
        if all(len(found) == 1 for found in dashes.values()):
            by_convention = _grid(lines, body, header, columns, {i: dashes[i][0] for i in rows_at}, n, settings)
        raise Ambiguous(ambiguous[0], _ambiguity(lines[ambiguous[0]], options[ambiguous[0]]), grids, by_convention)
    return grids[0]


def _header_columns(
    lines: list[Line], header: Header, rows_at: list[int], continued: set[int], settings: Settings
) -> Columns:
    """The columns as the header says them line by line: a line of periods (with header
    levels above it that split one cell per column), or one line of cells."""
    columns = _columns(lines, header, settings)
    if columns.n is not None:
        return columns
    n = rows_n(lines, rows_at, continued, settings)
    if n is None:
        raise Unreadable(rows_at[0], "the rows of this table do not agree on how many figures they hold")
    levels = header.header_lines
    if any(leads_in(lines[level]) for level in levels):
        # "Maatregelen:" over a list whose items end in a rate ("met 5%"): no column's name
        raise Unreadable(rows_at[0], "rows of figures without a header naming their columns")
    if not levels and n == 1 and header.caption_lines:
        levels = []  # one column under the caption, no column header of its own
    elif not levels:
        raise Unreadable(rows_at[0], "rows of figures without a header naming their columns")
    cells = cells_of(lines[levels[-1]].words, n) if levels else [_after_the_unit(lines[header.caption_lines[-1]].words)]
    if cells is None:
        raise Unreadable(levels[-1], f"the column header does not split into one cell per column ({count_words(n)})")
    if len(levels) > 1:
        for level in levels[:-1]:
            if not text.is_caption(lines[level], settings):
                raise Unreadable(
                    level,
                    "the column header runs over several lines and a table set with single spaces "
                    "does not show which words stand over which column",
                )
            header.caption_lines.append(level)
    return Columns(n, [[c] for c in cells], [], False, 0, None)


def _after_the_unit(words: list[str]) -> str:
    """The one column's name after the unit that closes a caption line ("(in mld)
    Ontvangsten"): a few words, no figures; "" where the line ends in its unit."""
    closes = [k for k, w in enumerate(words) if w.endswith(")")]
    if not closes or dutch.find_unit(" ".join(words[: closes[-1] + 1])) is None:
        return ""
    tail = words[closes[-1] + 1 :]
    if not 1 <= len(tail) <= 3 or not text.has_letters(tail) or any(ch.isdigit() for w in tail for ch in w):
        return ""
    return " ".join(tail)


def _unwrapped_columns(
    lines: list[Line], header: Header, rows_at: list[int], continued: set[int], settings: Settings
) -> Columns | None:
    """The columns of a header whose cells wrap over its lines, when every way of putting
    the cells back together (``pipeline.extraction.wrapped``) gives the same columns."""
    levels = _header_block(lines, header, settings)
    n = rows_n(lines, rows_at, continued, settings)
    if len(levels) < 2 or n is None:
        return None  # one line wraps nothing: what it says is read (or reported) as it is
    words = [lines[i].words for i in levels]
    names = settings.code_column_names | settings.note_column_names
    spare = 1 + sum(w.lower() in names for line in words for w in line)
    found = wrapped.readings(
        words, n, spare, settings.max_header_readings, settings.max_header_steps, settings.column_heads
    )
    if found is None:
        return None
    options = {option for reading in found for option in _columns_of_reading(reading, n, settings)}
    if len(options) != 1:
        return None
    paths, stub, lead_code, trailing = options.pop()
    return Columns(n, [list(p) for p in paths], list(stub), lead_code, trailing, None)


def _header_block(lines: list[Line], header: Header, settings: Settings) -> list[int]:
    """The header lines and the lines right above them with no blank line between (a
    wrapped header's first line may read like a title or, long, like prose), up to a line
    that opens a caption ("Tabel 3 …"), names a unit but no periods, or ends a sentence; running page
    footers left out."""
    block = [i for i in header.header_lines if not text.is_furniture(lines[i], settings)]
    i = (block[0] if block else header.top) - 1
    while block and i >= 0 and len(block) < settings.max_header_lines:
        line = lines[i]
        if text.is_furniture(line, settings):
            i -= 1
            continue
        if (
            line.is_blank
            or settings.caption_start.match(line.content)
            or text.is_heading(line, settings)
            or (dutch.find_unit(line.content) is not None and headers.period_run(line.words) is None)
            or line.content.rstrip().endswith((".", ":"))
        ):
            break
        block.insert(0, i)
        i -= 1
    return block


_ColumnsOption = tuple[tuple[tuple[str, ...], ...], tuple[str, ...], bool, int]


def _columns_of_reading(reading: wrapped.Reading, n: int, settings: Settings) -> list[_ColumnsOption]:
    """The ways a header reading can stand over ``n`` amount columns: the lowest level one
    cell per column, after the names of non-amount columns and a stub over the labels; a
    level above one cell per column, or one over each run of periods that go on one by one."""
    names = settings.code_column_names | settings.note_column_names
    if any(
        len(words) > 1 and (words[0].lower() in names or words[-1].lower() in names)
        for level in reading
        for words in map(str.split, level)
    ):
        return []  # the name of a non-amount column is a cell of its own
    *upper, lowest = reading
    cells = list(lowest)
    lead_code = bool(cells) and cells[0].lower() in settings.code_column_names
    if lead_code:
        cells = cells[1:]
    trailing = 0
    while cells and cells[-1].lower() in settings.note_column_names | settings.code_column_names:
        cells.pop()
        trailing += 1
    stubs: list[tuple[tuple[str, ...], list[str]]] = []
    if len(cells) == n:
        stubs.append(((), cells))
    if len(cells) == n + 1 and _may_be_stub(cells[0], settings):
        stubs.append((tuple(cells[0].split()), cells[1:]))
    options: list[_ColumnsOption] = []
    for stub, cell_texts in stubs:
        for paths in _over_levels(upper, cell_texts, not stub, settings):
            options.append((tuple(tuple(p) for p in paths[0]), stub or paths[1], lead_code, trailing))
    return options


def _over_levels(
    upper: list[wrapped.Level], names: list[str], allow_stub: bool, settings: Settings
) -> list[tuple[list[list[str]], tuple[str, ...]]]:
    """Column paths for the levels above the lowest cells ``names``, and a stub found on
    the top level: each level one cell per column, or one over each run of periods."""
    periods = all(dutch.read_periods([headers.unnote(w) for w in name.split()]) for name in names)
    per_level: list[list[tuple[tuple[str, ...], list[str]]]] = []
    for k, level in enumerate(upper):
        choices: list[tuple[tuple[str, ...], list[str]]] = [((), list(level))]
        if allow_stub and k == 0 and len(level) > 1 and _may_be_stub(level[0], settings):
            choices.append((tuple(level[0].split()), list(level[1:])))
        options = []
        for stub, spanning in choices:
            if len(spanning) == len(names):
                options.append((stub, spanning))
            elif periods and (over := headers.over_runs_of_years(spanning, names)) is not None:
                options.append((stub, over))
        if not options:
            return []
        per_level.append(options)
    found = []
    for combination in itertools.product(*per_level):
        stub = next((s for s, _ in combination if s), ())
        paths = [[over[column] for _, over in combination] + [name] for column, name in enumerate(names)]
        found.append((paths, stub))
    return found


def _may_be_stub(cell: str, settings: Settings) -> bool:
    """A cell over the row labels names them or the unit; it is not a period or a stage,
    nor opens with a column's name ("Stand", "Mutaties")."""
    words = cell.split()
    if words and words[0].lower() in settings.column_heads:
        return False
    return not any(dutch.YEAR.match(headers.unnote(w)) or wrapped.STAGE_MARK.match(w) for w in words)


def _by_dash_convention(line: Line, found: list[RowReading], conventions: Conventions) -> list[RowReading]:
    """A dash before a figure is its sign in a table that prints signs apart ("– 5.855")
    and nil as "0", and a nil in a table that prints nil as a dash and signs on their
    figures ("–16.181"): each convention shown by the cells that read one way only, and
    the other one not. Weaker evidence than the table's totals: used only where they do
    not settle the reading."""
    signs = conventions.spaced_minus and not conventions.nil_dash and conventions.zero_nil
    nils = conventions.nil_dash and not conventions.spaced_minus and conventions.glued_minus
    if len(found) <= 1 or not (signs or nils):
        return found
    words = line.words

    def score(r: RowReading) -> int:
        return spaced_signs(words, r) if signs else nil_dashes(words, r)

    best = max(score(r) for r in found)
    return [r for r in found if score(r) == best]


def _ambiguity(line: Line, found: list[RowReading]) -> str:
    words = line.words
    shown = "; ".join(" | ".join(" ".join(words[a:b]) for a, b in r.cells) for r in found[:3])
    return (
        f"the figures of this row can be read in {len(found)} ways ({shown}): a table set with single spaces "
        f"separates cells and the thousands of a figure alike, and the table's totals do not "
        f"tell which"
    )


def _grid(
    lines: list[Line],
    body: labels.Body,
    header: Header,
    columns: Columns,
    readings: dict[int, RowReading],
    n: int,
    settings: Settings,
) -> Grid:
    doubts: list[int] = []
    grid_rows = labels.assemble(_pieces(lines, body, readings, header.leading), n, settings, doubts=doubts)
    labels.split_codes(grid_rows, settings)
    caption_lines = sorted(set(header.caption_lines) | set(header.header_lines))
    unit_texts = _caption_texts(lines, sorted(header.caption_lines))
    if columns.stub:
        unit_texts.insert(0, " ".join(columns.stub))
    if columns.periods_line is not None:
        unit_texts.append(" ".join(lines[columns.periods_line].words))
    return Grid(
        form=NAME,
        top=header.top,
        bottom=body.end - 1,
        caption=" ".join(lines[i].content for i in caption_lines),
        unit_texts=unit_texts,
        headers=columns.headers or [[""] for _ in range(n)],
        rows=grid_rows,
        doubt=doubts[0] if doubts else None,
        doubt_reason=labels.WIDTH_ALONE,
    )


def _caption_texts(lines: list[Line], indices: list[int]) -> list[str]:
    """Caption lines joined where they follow each other, so that a unit wrapped over two
    lines ("(bedragen x €" + "1.000)") is read whole."""
    groups: list[list[int]] = []
    for i in indices:
        if groups and groups[-1][-1] == i - 1:
            groups[-1].append(i)
        else:
            groups.append([i])
    return [labels.join([lines[i].words for i in group]) for group in groups]


def _pieces(
    lines: list[Line], body: labels.Body, readings: dict[int, RowReading], subheading: list[int]
) -> list[labels.Piece]:
    """The body's lines as label pieces. ``subheading``: the text the header stage found
    right above the rows, apart from the header, as their sub-heading (``Header.leading``):
    the row under it starts a label of its own, as a PDF's pitch would show."""
    pieces = []
    for kind, i in body.items:
        words = lines[i].words
        if kind == "text":
            pieces.append(labels.Piece(i, words))
            continue
        reading = readings[i]
        cells: list[GridCell | None] = [GridCell(lines[i].span(a, b - 1), i) for a, b in reading.cells]
        own = bool(subheading) and bool(pieces) and pieces[-1].index == subheading[-1]
        label = words[reading.label_start : reading.label_end]
        pieces.append(labels.Piece(i, label, cells, reading.code, close=False if own else None))
    return pieces
