"""Charts for the dataset card: per letter, each table's total per year as a line.

Pure functions. Drawn with Pillow's built-in font, a few milliseconds a chart, so they
are made with each letter's part and cached with it; the same rows give the same bytes.
A table's total is its last total row, in the columns headed by a single year; tables
without a total row, other columns ("Structureel") and cells without an amount are left
out. The legend names each table by its section as the letter prints it, and a
total that does not add up to its parts (a consistency mismatch) is ringed.
"""

from __future__ import annotations

import functools
import io
from collections import defaultdict
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 760, 400
LEFT, RIGHT, TOP, BOTTOM = 80, 200, 50, 50
# White, ink, grid, muted text, then the series (matplotlib's tab10 colours).
PALETTE = [
    bytes.fromhex(c)
    for c in (
        "ffffff",
        "282828",
        "d7d7d7",
        "6e6e6e",
        "1f77b4",
        "ff7f0e",
        "2ca02c",
        "d62728",
        "9467bd",
        "8c564b",
        "e377c2",
        "7f7f7f",
        "bcbd22",
        "17becf",
    )
]
WHITE, INK, GRID, MUTED, SERIES = 0, 1, 2, 3, 4
COMPRESS_LEVEL = 3
SCALES = [(1_000_000_000, "mld euro"), (1_000_000, "mln euro"), (1_000, "duizend euro"), (1, "euro")]


def table_totals(columns: dict[str, dict[str, list]]) -> dict[int, dict[int, int]]:
    """Per table, per year: the figure of its last total row in each column headed by a
    year alone ("2023"; not "Realisatie 2023", where the same year may head several
    columns). A table without a total row, or a year whose cell holds no amount, is left
    out."""
    amounts = columns["amounts"]
    rows = list(
        zip(
            amounts["table_number"],
            amounts["row_number"],
            amounts["is_total"],
            amounts["column_header"],
            amounts["period"],
            amounts["year"],
            amounts["amount_eur"],
        )
    )
    last_total: dict[int, int] = {}
    for table, row, is_total, *_ in rows:
        if is_total:
            last_total[table] = max(last_total.get(table, 0), row)
    totals: dict[int, dict[int, int]] = defaultdict(dict)
    unknown: set[tuple[int, int]] = set()
    for table, row, _, header, period, year, amount in rows:
        if year is None or header != period or last_total.get(table) != row:
            continue
        if amount is None or year in totals[table]:
            unknown.add((table, year))
            continue
        totals[table][year] = amount
    return {
        t: {y: v for y, v in sorted(by_year.items()) if (t, y) not in unknown}
        for t, by_year in sorted(totals.items())
        if by_year
    }


def table_names(columns: dict[str, dict[str, list]]) -> dict[int, str]:
    """Per table, what the legend calls it: its section ("2. Inlichtingendiensten"), else
    "table N" (a caption runs into the header's words, so it does not name a table well)."""
    tables = columns.get("tables", {})
    return {
        number: (section or "").strip() or f"table {number}"
        for number, section in zip(tables.get("table_number", []), tables.get("section", []))
    }


def mismatched_totals(columns: dict[str, dict[str, list]]) -> set[tuple[int, int]]:
    """The (table, year) points whose printed total does not add up to its parts."""
    relations = columns.get("consistency", {})
    amounts = columns["amounts"]
    years = {
        (t, r, c): y
        for t, r, c, y in zip(amounts["table_number"], amounts["row_number"], amounts["column_number"], amounts["year"])
    }
    return {
        (t, years[(t, r, c)])
        for t, r, c, status in zip(
            relations.get("table_number", []),
            relations.get("row_number", []),
            relations.get("column_number", []),
            relations.get("status", []),
        )
        if status == "mismatch" and years.get((t, r, c)) is not None
    }


def letter_chart(title: str, columns: dict[str, dict[str, list]]) -> bytes | None:
    """A letter's chart from its rows (``amounts``, with ``tables`` and ``consistency``)."""
    return render(title, table_totals(columns), table_names(columns), mismatched_totals(columns))


FIT_WINDOW = 4  # characters past the cut that are measured too (kerning can shorten a longer text)


@functools.lru_cache(maxsize=4096)
def _fitted(text: str, size: int, width: float) -> str:
    """The text, cut with an ellipsis where it would run past ``width`` pixels: its longest
    beginning that fits with the ellipsis. Found by halving, then the few beginnings just
    longer than that measured as well, since a kerned pair can make a text a pixel shorter
    than one character less of it. Kept: letters of one series name their sections alike."""
    font = _font(size)
    if font.getlength(text) <= width:
        return text

    def fits(n: int) -> bool:
        return font.getlength(text[:n] + "…") <= width

    low, high = 0, len(text)  # fits(low) or low == 0; no n above high fits
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    longer = [n for n in range(low + 1, min(len(text), low + FIT_WINDOW) + 1) if fits(n)]
    return text[: max(longer, default=low)].rstrip() + "…"


def _nice_step(span: float) -> float:
    raw = span / 5 or 1
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 1
    for step in (1, 2, 2.5, 5, 10):
        if raw <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _label(value: float) -> str:
    text = f"{value:,.1f}" if value != int(value) else f"{int(value):,}"
    return text.replace(",", " ").replace(".", ",")


TITLE, SMALL = 13, 11


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    font = ImageFont.load_default(size=size)
    assert isinstance(font, ImageFont.FreeTypeFont), "Pillow without FreeType cannot size its default font"
    return font


@functools.lru_cache(maxsize=4096)
def _glyphs(text: str, size: int, anchor: str) -> tuple[Image.Image, tuple[int, int]]:
    """A text drawn once as a 1-bit image (as Pillow draws text on palette images) and where
    its top left lies from the anchor point; kept, since charts repeat the same years and ticks."""
    font = _font(size)
    left, top, right, bottom = (int(edge) for edge in font.getbbox(text, mode="1", anchor=anchor))
    glyphs = Image.new("1", (max(right - left, 1), max(bottom - top, 1)), 0)
    ImageDraw.Draw(glyphs).text((-left, -top), text, fill=1, font=font, anchor=anchor)
    return glyphs, (left, top)


def _text(
    draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, size: int, fill: int, anchor: str = "la"
) -> None:
    glyphs, (dx, dy) = _glyphs(text, size, anchor)
    draw.bitmap((int(xy[0]) + dx, int(xy[1]) + dy), glyphs, fill=fill)


@dataclass(frozen=True)
class _Frame:
    """The plot area and how years and values (in the chart's unit) map onto it."""

    years: list[int]
    low: float
    high: float
    step: float

    @property
    def width(self) -> int:
        return WIDTH - LEFT - RIGHT

    @property
    def height(self) -> int:
        return HEIGHT - TOP - BOTTOM

    def x_of(self, year: int) -> float:
        years = self.years
        return LEFT + (self.width / 2 if len(years) == 1 else (year - years[0]) / (years[-1] - years[0]) * self.width)

    def y_of(self, value: float) -> float:
        return TOP + self.height - (value - self.low) / (self.high - self.low) * self.height


def _value_axis(series: dict[int, dict[int, int]], scales: list[tuple[int, str]]) -> tuple[int, str, _Frame]:
    """The unit the values are shown in, its name, and the frame: every year, and an axis
    from a round low to a round high that take in zero and every value."""
    years = sorted({y for v in series.values() for y in v})
    biggest = max(abs(x) for v in series.values() for x in v.values()) or 1
    unit, unit_name = next((u, n) for u, n in scales if biggest >= u or u == scales[-1][0])
    values = [x / unit for v in series.values() for x in v.values()]
    low, high = min(0.0, min(values)), max(0.0, max(values))
    step = _nice_step(high - low or 1)
    low = step * (low // step)
    high = step * -(-high // step) if high > low else low + step
    return unit, unit_name, _Frame(years, low, high, step)


def _draw_axes(draw: ImageDraw.ImageDraw, frame: _Frame, title: str, measure: str, unit_name: str) -> None:
    """The title, what is counted in which unit, the grid with its ticks, the years and the zero line."""
    _text(draw, (LEFT, 10), title[:90], TITLE, INK)
    _text(draw, (LEFT, 28), f"{measure}, {unit_name}", SMALL, MUTED)
    tick = frame.low
    while tick <= frame.high + frame.step / 1000:
        y = frame.y_of(tick)
        draw.line([(LEFT, y), (LEFT + frame.width, y)], fill=GRID)
        _text(draw, (LEFT - 8, y), _label(round(tick, 6)), SMALL, MUTED, "rm")
        tick += frame.step
    for year in frame.years:
        _text(draw, (frame.x_of(year), TOP + frame.height + 10), str(year), SMALL, MUTED, "mt")
    draw.line([(LEFT, frame.y_of(0)), (LEFT + frame.width, frame.y_of(0))], fill=INK)


def _draw_series(
    draw: ImageDraw.ImageDraw,
    frame: _Frame,
    index: int,
    by_year: dict[int, int],
    unit: int,
    name: str,
    ringed: set[int],
) -> None:
    """One series: its line, a dot per year (``ringed`` years circled), its legend entry."""
    colour = SERIES + index % (len(PALETTE) - SERIES)
    points = [(frame.x_of(y), frame.y_of(v / unit)) for y, v in by_year.items()]
    if len(points) > 1:
        draw.line(points, fill=colour, width=2)
    for (x, y), year in zip(points, by_year):
        draw.ellipse([x - 3, y - 3, x + 3, y + 3], fill=colour)
        if year in ringed:
            draw.ellipse([x - 7, y - 7, x + 7, y + 7], outline=INK, width=2)
    legend_y = TOP + index * 18
    if legend_y < TOP + frame.height:
        right = LEFT + frame.width
        draw.line([(right + 15, legend_y + 7), (right + 35, legend_y + 7)], fill=colour, width=3)
        _text(draw, (right + 42, legend_y), _fitted(name, SMALL, RIGHT - 46), SMALL, INK)


def render(
    title: str,
    totals: dict[int, dict[int, int]],
    names: dict[int, str] | None = None,
    flagged: set[tuple[int, int]] | None = None,
    measure: str = "Totals per year",
    scales: list[tuple[int, str]] = SCALES,
) -> bytes | None:
    """A PNG of the totals, or None when there is nothing to draw. ``names`` label the
    series in the legend (tables by default); ``flagged`` (series, year) points are ringed
    as mismatches; ``measure`` and ``scales`` say what is counted (euros by default)."""
    series = {t: v for t, v in totals.items() if v}
    if not series:
        return None
    unit, unit_name, frame = _value_axis(series, scales)
    image = Image.new("P", (WIDTH, HEIGHT), WHITE)
    image.putpalette([c for rgb in PALETTE for c in rgb])
    draw = ImageDraw.Draw(image)
    _draw_axes(draw, frame, title, measure, unit_name)
    flagged = flagged or set()
    for index, (table, by_year) in enumerate(series.items()):
        name = (names or {}).get(table) or f"table {table}"
        _draw_series(draw, frame, index, by_year, unit, name, {year for t, year in flagged if t == table})
    if any(point[0] in series for point in flagged):
        _text(draw, (LEFT, HEIGHT - 18), "ringed: the printed total does not add up to its parts", SMALL, MUTED)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=COMPRESS_LEVEL)
    return out.getvalue()
