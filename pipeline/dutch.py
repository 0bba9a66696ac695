"""Dutch number, unit and period notation as printed in budget tables.

Pure functions. Amounts stay integers all the way: a printed figure is read as an
integer mantissa and a count of decimals, and scaled by the table's unit exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Everything that prints as a dash: hyphen-minus, figure dash, en dash, em dash, minus sign.
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_SIGN = f"[{DASHES}]"
_INT = r"\d{1,3}(?:\.\d{3})+|\d+"
NUMBER = re.compile(rf"^€?(?P<sign>{_SIGN}|-/-)?€?(?P<int>{_INT})(?:,(?P<frac>\d+))?$")
SPLIT_HEAD = re.compile(rf"^€?(?P<sign>{_SIGN}|-/-)?€?(?P<int>{_INT}),$")
DIGITS = re.compile(r"^\d+$")
DASH = re.compile(rf"^{_SIGN}$")
MINUS_WORD = re.compile(r"^-/-$")
UNKNOWN = re.compile(r"^(?:p\.\s?m\.?|pm|n\.v\.t\.?|n\.b\.?)$", re.IGNORECASE)
EURO = "€"
_TORN = re.compile(r",\s+(?=\d)")
_SPACED_SIGN = re.compile(rf"^(€?\s*)({_SIGN}|-/-)\s+")
SEPARATORS = str.maketrans({"\t": " ", "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " "})


@dataclass(frozen=True)
class Figure:
    """A printed cell: a number (``mantissa`` / 10**``decimals``), nil (0) or unknown (None)."""

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


def read_figure(text: str) -> Figure | None:
    """Read one printed cell ("12,5", "12, 5", "–", "– 1,5", "-/- 2", "p.m."); None if it is not one."""
    compact = " ".join(text.translate(SEPARATORS).split())
    if UNKNOWN.match(compact):
        return Figure(None)
    if DASH.match(compact):
        return Figure(0)
    # Glue the parts PDF extraction tore apart: "12, 5" and "– 1,5".
    glued = _TORN.sub(",", compact)
    glued = _SPACED_SIGN.sub(r"\1\2", glued)
    glued = glued.replace("€ ", "€")
    match = NUMBER.match(glued)
    if not match:
        return None
    frac = match["frac"] or ""
    mantissa = int(match["int"].replace(".", "") + frac)
    if match["sign"]:
        mantissa = -mantissa
    return Figure(mantissa, len(frac))


# ---- units -----------------------------------------------------------------------------

_LEAD_WORDS = {"in", "x", "×", "*", "bedragen", "bedrag", "van", "per", "jaar", "totaal"}
_SCALE_WORDS = {
    1_000_000_000: {"mld", "mrd", "miljard", "miljarden", "1.000.000.000", "bn"},
    1_000_000: {"mln", "mio", "miljoen", "miljoenen", "1.000.000", "m€", "meur"},
    1_000: {"duizend", "duizenden", "dzd", "1.000", "k€", "keur", "k"},
}
_CURRENCY_WORDS = {"€", "eur", "euro", "euro's", "euros"}
_FILLER_WORDS = {"1"}
_FOREIGN_UNITS = {"$", "usd", "dollar", "dollars", "gulden", "ƒ", "fte", "%", "procent", "pond", "£"}


def unit_words(text: str) -> list[str]:
    """Split a unit phrase into lowercase words: "(x €1.000)" -> ["x", "€", "1.000"]."""
    text = text.lower().translate(SEPARATORS)
    text = text.replace("k€", " k€ ").replace("m€", " m€ ")
    text = re.sub(r"(?<![km])€", " € ", text)
    text = re.sub(r"[()\[\]:;]", " ", text)
    words = [w.strip(",") for w in text.split()]
    return [w.rstrip(".") if w.rstrip(".") in _ALL_UNIT_WORDS else w for w in words if w]


_ALL_UNIT_WORDS = (
    _LEAD_WORDS | _CURRENCY_WORDS | _FILLER_WORDS | set().union(*_SCALE_WORDS.values())
)


def unit_of(words: list[str]) -> int | None:
    """Euros per printed unit for a phrase made only of unit words, else None."""
    if not words or any(w not in _ALL_UNIT_WORDS for w in words):
        return None
    for unit_eur, names in _SCALE_WORDS.items():
        if any(w in names for w in words):
            return unit_eur
    if any(w in _CURRENCY_WORDS for w in words):
        return 1
    return None


def names_foreign_unit(words: list[str]) -> bool:
    """True when a phrase names a unit this dataset cannot hold (another currency, fte, %)."""
    return any(w in _FOREIGN_UNITS for w in words)


def is_unit_lead(word: str) -> bool:
    return word.lower().strip("(") in {"in", "x", "×", "*", "bedragen"}


# ---- periods ---------------------------------------------------------------------------

YEAR = re.compile(r"^(?:19|20)\d{2}$")
YEAR_SPAN = re.compile(rf"^(?:19|20)\d{{2}}(?:[{DASHES}/](?:(?:19|20)?\d{{2}}))$")
_PERIOD_WORDS = {
    "structureel", "struc", "struct", "incidenteel", "totaal", "cumulatief", "gemiddeld",
    "jaarlijks", "eenmalig", "meerjarig", "reeks", "saldo",
}
_ABBREVIATED = {"struc", "struct", "incid", "cum", "gem"}
_RANGE_WORDS = {"t/m", "tot", "-", "–", "—"}
_FROM_WORDS = {"vanaf", "na", "tot", "t/m", "v.a.", "va"}


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
            if i + 2 < len(tokens) and word not in _RANGE_WORDS and tokens[i + 1].lower() in _RANGE_WORDS and YEAR.match(tokens[i + 2]):
                periods.append(" ".join(tokens[i : i + 3]))
                i += 3
                continue
            if i + 1 < len(tokens) and tokens[i + 1].lower() in {"e.v.", "e.v", "ev", "ev."}:
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


def year_of(period: str) -> int | None:
    """The year of a period that is a single year, else None."""
    return int(period) if YEAR.match(period) else None
