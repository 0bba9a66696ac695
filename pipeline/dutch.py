"""Dutch number, unit and period notation as printed in budget tables.

Pure functions. Amounts stay integers all the way: a printed figure is read as an
integer mantissa and a count of decimals, and scaled by the table's unit exactly.

What a printed cell can be (``read_cell``): a figure ("1.234,5", "– 41 207", "-/- 12",
"+3"), a nil ("–", "0,0" is simply zero), no figure ("p.m.", "...", "n.v.t."), a
percentage ("1,8%"), or nothing (a blank cell). Units are found in free text
(``find_unit``): "(bedragen x € 1.000)", "In miljoenen euro's", "in mln", "(x € 1 000)",
"Bedragen in EUR 1.000", "(mld)"; a phrase naming another unit ("in fte", "x 1.000
personen", "in procenten") is found as a foreign unit.
"""

from __future__ import annotations

import enum
import functools
import re
from dataclasses import dataclass

# The readers below are pure functions of a string, asked the same strings again and again
# (every stage of the extractor reads the cells it considers): they remember their answers.
_remembered = functools.lru_cache(maxsize=1 << 16)

# Everything that prints as a dash: hyphen-minus, hyphen, non-breaking hyphen, figure dash,
# en dash, em dash, minus sign.
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_SIGN = f"[{DASHES}+]"
_INT = r"[1-9]\d{0,2}(?:\.\d{3})+|[1-9]\d{0,2}(?: \d{3})+|0|[1-9]\d*"
NUMBER = re.compile(rf"^€?(?P<sign>{_SIGN}|-/-)?€?(?P<int>{_INT})(?:,(?P<frac>\d+))?$")
# One token of a figure: "12", "1.234,5", "–3", "€12"; no inner spaces.
_TOKEN_INT = r"[1-9]\d{0,2}(?:\.\d{3})+|0|[1-9]\d*"
TOKEN_NUMBER = re.compile(rf"^€?(?P<sign>{_SIGN}|-/-)?€?(?P<int>{_TOKEN_INT})(?:,(?P<frac>\d+))?$")
SPLIT_HEAD = re.compile(rf"^€?(?P<sign>{_SIGN}|-/-)?€?(?P<int>{_TOKEN_INT}),$")
GROUP_HEAD = re.compile(rf"^€?(?P<sign>{_SIGN}|-/-)?€?[1-9]\d{{0,2}}$")  # "107" of "107 610"
GROUP_TAIL = re.compile(r"^\d{3}(?:,\d+)?$")  # "610" or "610,5" of "107 610,5"
DIGITS = re.compile(r"^\d+$")
DASH = re.compile(rf"^[{DASHES}]$")
MINUS_WORD = re.compile(r"^-/-$")
# (a p.m. may carry the sign of the amount it stands for: "-PM" for a cut not yet known)
NO_FIGURE = re.compile(rf"^(?:{_SIGN}?(?:p\.\s?m\.?|pm)|n\.v\.t\.?|n\.b\.?|nvt|\.{{2,}}|…)$", re.IGNORECASE)
PERCENT = re.compile(r"^(?P<number>.*?)\s*%$")
EURO = "€"
_TORN = re.compile(r",\s+(?=\d)")
_SPACED_SIGN = re.compile(rf"^(€?\s*)({_SIGN}|-/-)\s+")
SEPARATORS = str.maketrans(
    {"\t": " ", "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u2002": " ", "\u2003": " ", "\u200a": " "}
)


@dataclass(frozen=True)
class Figure:
    """A printed number: ``mantissa`` / 10**``decimals``; ``mantissa`` None when the cell
    holds no number ("p.m.")."""

    mantissa: int | None
    decimals: int = 0

    def in_euros(self, unit_eur: int) -> int | None:
        """The exact amount in euros, or None when the cell holds no number."""
        if self.mantissa is None:
            return None
        scaled, remainder = divmod(self.mantissa * unit_eur, 10**self.decimals)
        if remainder:
            raise ValueError("the figure has more decimals than whole euros allow")
        return scaled


class CellKind(str, enum.Enum):
    """What a printed cell holds."""

    AMOUNT = "amount"  # a figure (a printed nil is 0)
    NO_FIGURE = "no_figure"  # printed, but no number: "p.m.", "...", "n.v.t."
    BLANK = "blank"  # nothing printed
    PERCENTAGE = "percentage"  # a percentage, not euros
    OTHER_UNIT = "other_unit"  # a figure in a unit that is not euros (a row "in fte")


@_remembered
def compact(text: str) -> str:
    """A cell's text with separators made spaces and runs of spaces made one."""
    return " ".join(text.translate(SEPARATORS).split())


@_remembered
def read_figure(text: str) -> Figure | None:
    """Read one printed cell ("12,5", "12, 5", "–", "– 1,5", "-/- 2", "41 207", "p.m.");
    None if it is not one."""
    text = compact(text)
    if NO_FIGURE.match(text):
        return Figure(None)
    if DASH.match(text):
        return Figure(0)
    # Glue the parts PDF extraction tore apart: "12, 5" and "– 1,5".
    glued = _TORN.sub(",", text)
    glued = _SPACED_SIGN.sub(r"\1\2", glued)
    glued = glued.replace("€ ", "€")
    match = NUMBER.match(glued)
    if not match:
        return None
    frac = match["frac"] or ""
    mantissa = int(re.sub(r"[. ]", "", match["int"]) + frac)
    if match["sign"] and match["sign"] != "+":
        mantissa = -mantissa
    return Figure(mantissa, len(frac))


@_remembered
def read_cell(text: str) -> tuple[CellKind, Figure | None] | None:
    """What a printed cell holds, or None when it is not a cell of a budget table."""
    text = compact(text)
    if not text:
        return CellKind.BLANK, None
    percent = PERCENT.match(text)
    if percent:
        figure = read_figure(percent["number"])
        return (CellKind.PERCENTAGE, figure) if figure is not None and figure.mantissa is not None else None
    figure = read_figure(text)
    if figure is None:
        return None
    return (CellKind.NO_FIGURE if figure.mantissa is None else CellKind.AMOUNT), figure


def is_cell(text: str) -> bool:
    """Whether a text is a table cell that is not blank (a figure, nil, p.m., a percentage)."""
    found = read_cell(text)
    return found is not None and found[0] is not CellKind.BLANK


def decimals_of(text: str) -> int:
    """How many decimals a printed figure shows ("476,9" -> 1; "427" -> 0)."""
    figure = read_figure(text.rstrip("% "))
    return figure.decimals if figure is not None else 0


# ---- units -----------------------------------------------------------------------------

_SCALES = (
    (1_000_000_000, r"mld|mrd|miljard(?:en)?|bn|1[. ]000[. ]000[. ]000"),
    (1_000_000, r"mln|mio|miljoen(?:en)?|m€|meur|1[. ]000[. ]000"),
    (1_000, r"duizend(?:en)?|dzd|k€|keur|1[. ]?000"),
)
_CURRENCY = r"€|eur(?:o(?:['’]s|s)?)?"
# "x € 1 mln" -> the "1" before a scale word is filler.
_SCALE = "|".join(f"(?P<s{unit}>{pattern})" for unit, pattern in _SCALES)
UNIT_PHRASE = re.compile(
    rf"(?<![\w.])(?P<lead>\(|in|x|×|\*|bedragen(?:\s+(?:in|x|×))?)?\s*"
    rf"(?:(?P<cur1>{_CURRENCY})\s*)?(?:1\s+(?=[a-z]))?(?:{_SCALE})\.?(?:\s*(?P<cur2>{_CURRENCY}))?(?![\w])"
    rf"|(?<![\w.])(?P<lead2>\(|in|x|×|bedragen(?:\s+(?:in|x|×))?)\s*(?P<cur3>{_CURRENCY})(?![\w])(?!\s*(?!(?:19|20)\d\d(?!\d))\d)",  # noqa: E501 ("€ 68,9" is an amount)
    re.IGNORECASE,
)
# A unit that is not euros, after a lead word and perhaps a scale: "in fte", "x 1.000 personen",
# "(in mln kg, p/j)", "in miljoenen tonnen", "x 1 mln m3". A scale alone names no unit.
FOREIGN_UNIT = re.compile(
    r"(?<![\w])(?:in|x|×|\(|aantal(?:len)?)\s*"
    r"(?:(?:1\s+)?(?:1[. ]?000(?:[. ]000)*|mln|mio|mld|mrd|miljoen(?:en)?|miljard(?:en)?|duizend(?:en)?)\.?\s+)?"
    r"(?P<unit>%|(?:fte|fte'?s|procent(?:en)?|dollars?|usd|\$|gulden|ƒ|personen|leerlingen|woningen|"
    r"tonnen|ton|mton|kton|km|uren|banen|kg|kilo(?:gram)?s?|liters?|hectares?|ha|m2|m3|m²|m³|"
    r"kwh|gwh|mwh|twh|pj|inwoners|huishoudens|stuks)(?![\w]))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class UnitPhrase:
    """A unit named in text: euros per printed unit (None for a foreign unit), and where."""

    unit_eur: int | None
    start: int
    end: int
    text: str


def _euro_unit(match: re.Match, bare: bool) -> int | None:
    """Euros per printed unit of a ``UNIT_PHRASE`` match, or None where it names no unit."""
    if match["cur3"] is not None:
        if " ".join((match["lead2"] or "").lower().split()) in ("x", "×", "bedragen x", "bedragen ×"):
            return None  # "x €" with no scale: a unit cut off ("(bedragen x €" + "1.000)")
        return 1
    unit = next(u for u, _ in _SCALES if match[f"s{u}"] is not None)
    numeric = match[f"s{unit}"][0].isdigit()
    lead = match["lead"]
    if not (lead or match["cur1"] or match["cur2"] or bare):
        return None
    if numeric and not (
        match["cur1"]
        or match["cur2"]
        or (lead and lead.lower() in ("x", "×", "(", "bedragen x"))
        or (lead or "").lower().startswith("bedragen")
    ):
        return None  # "in 1.000" without a currency is not clearly euros
    return unit


@_remembered
def find_unit(text: str, *, bare: bool = False) -> UnitPhrase | None:
    """The first unit phrase in a text: "(bedragen x € 1.000)", "in mln", "In miljoenen
    euro's", "(x € 1 000)", "EUR 1.000". A scale word alone ("mln") counts only with a lead
    word, a parenthesis or a currency, unless ``bare`` (a header cell "mld")."""
    text = text.translate(SEPARATORS)
    foreign = FOREIGN_UNIT.search(text)
    for match in UNIT_PHRASE.finditer(text):
        unit = _euro_unit(match, bare)
        if unit is None:
            continue
        if foreign and foreign.start() <= match.end():
            break  # "x 1.000 personen", "in fte": the phrase names another unit
        return UnitPhrase(unit, match.start(), match.end(), match.group().strip())
    if foreign:
        return UnitPhrase(None, foreign.start(), foreign.end(), foreign.group().strip())
    return None


_UNIT_WORDS = ("x", "×", "in", "bedragen")


def stated_units(text: str) -> tuple[set[int], set[int]]:
    """The euro units every unit phrase of a text names, and those a phrase states as the
    unit ("bedragen in mln. euro's", "x € 1.000", "in mld"), not merely names ("een
    intensivering (€ 1 miljard)": an amount)."""
    text = text.translate(SEPARATORS)
    named: set[int] = set()
    stated: set[int] = set()
    for match in UNIT_PHRASE.finditer(text):
        unit = _euro_unit(match, False)
        if unit is None:
            continue
        named.add(unit)
        lead = (match["lead"] or match["lead2"] or "").lower().split()
        if lead and lead[0] in _UNIT_WORDS:
            stated.add(unit)
    return named, stated


# ---- periods ---------------------------------------------------------------------------

YEAR = re.compile(r"^(?:19|20)\d{2}$")
YEAR_SPAN = re.compile(rf"^(?:19|20)\d{{2}}(?:[{DASHES}/](?:(?:19|20)?\d{{2}}))$")
YEAR_IN_TEXT = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
OPEN_PERIOD = re.compile(rf"e\.v\.?|t/m|t\.m\.|(?:19|20)\d\d\s*[{DASHES}/]\s*(?:19|20)?\d\d", re.IGNORECASE)
_PERIOD_WORDS = {
    "structureel",
    "struc",
    "struct",
    "incidenteel",
    "cumulatief",
    "gemiddeld",
    "jaarlijks",
    "eenmalig",
    "meerjarig",
    "totaal",
    "saldo",
}
_ABBREVIATED = {"struc", "struct", "incid", "cum", "gem"}
_RANGE_WORDS = {"t/m", "tot", "-", "–", "—", "‒", "t.m."}
_FROM_WORDS = {"vanaf", "na", "tot", "t/m", "v.a.", "va"}
_ONWARD_WORDS = {"e.v.", "e.v", "ev", "ev."}


def _period_word(token: str) -> bool:
    """A non-year period column ("Structureel"; "Struc." and "struct." abbreviated)."""
    word = token.lower().rstrip(":")
    return word in _PERIOD_WORDS or (word.endswith(".") and word[:-1] in _ABBREVIATED)


def starts_period(token: str) -> bool:
    """Whether a header token can open a period column."""
    return bool(YEAR.match(token) or YEAR_SPAN.match(token) or _period_word(token))


def read_periods(tokens: list[str]) -> list[str] | None:
    """Read header tokens as period columns; None if a token is no period.

    "2015", "2015-2020", "2019/20", "2021 e.v.", "2015 t/m 2020", "vanaf 2021",
    "Structureel" and the like each make one column, written as printed.
    """
    periods: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        word = token.lower().rstrip(":")
        if word in _FROM_WORDS and i + 1 < len(tokens) and YEAR.match(tokens[i + 1]):
            periods.append(f"{token} {tokens[i + 1]}")
            i += 2
            continue
        if YEAR.match(token) or YEAR_SPAN.match(token):
            if i + 2 < len(tokens) and tokens[i + 1].lower() in _RANGE_WORDS and YEAR.match(tokens[i + 2]):
                periods.append(" ".join(tokens[i : i + 3]))
                i += 3
                continue
            if i + 1 < len(tokens) and tokens[i + 1].lower() in _ONWARD_WORDS:
                periods.append(f"{token} {tokens[i + 1]}")
                i += 2
                continue
            periods.append(token)
            i += 1
            continue
        if _period_word(token):
            periods.append(token)
            i += 1
            continue
        return None
    return periods


def years_spanned(period: str) -> tuple[int, int] | None:
    """The first and last year a period covers ("2024 t/m 2082" -> (2024, 2082); "2023" ->
    (2023, 2023); "2025 e.v." -> (2025, 2025)); None when it names no year."""
    years = [int(y) for y in YEAR_IN_TEXT.findall(period)]
    return (years[0], years[-1]) if years else None


def follows(before: str, after: str) -> bool:
    """Whether one period column goes on from another: 2022 -> 2023 -> "2024 t/m 2082"."""
    a, b = years_spanned(before), years_spanned(after)
    return a is not None and b is not None and b[0] == a[1] + 1


def year_of(period: str) -> int | None:
    """The year of a column whose lowest header names exactly one year and no range or
    open end ("2023", "Mutatie 2024", "Ontwerpbegroting 2023 (1)"); else None."""
    years = YEAR_IN_TEXT.findall(period)
    if len(years) != 1 or OPEN_PERIOD.search(period):
        return None
    return int(years[0])
