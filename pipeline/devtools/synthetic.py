"""Synthetic letters with exact ground truth, for the tests and the benchmark.

What belongs here: making letters that imitate Kamerbrieven with budget tables, in the three
text forms users save them in, together with what a correct extractor must find in them (every
amount cell, every table, every arithmetic relation), and writing a corpus of them to disk
(``write_corpus``; ``pipeline bench`` times the pipeline on one). What does not: reading them.
This module never imports ``pipeline.extraction``, ``pipeline.dutch`` or ``pipeline.tidy``: it
writes figures, units and periods with its own code, so the tests compare two independent
implementations. The same seed gives the same bytes.

A letter: a letterhead, "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal", "Den Haag,
<d> <maand> <jaar>", long lowercase prose (it may mention money and years: "van € 85,9 mln in
2017"), numbered sections and 0-4 tables, with prose between any two tables; sometimes an
overview table of one "Totaal" row before the first section that adds up the section tables'
totals. Tables are sums (parts and a closing "Totaal", or groups under "Apparaat:" each closed by
a "Subtotaal"; "waarvan" rows under a part), budget articles (Verplichtingen, Uitgaven, article
lines, "Nog te verdelen" over "waarvan" rows, Ontvangsten) or key figures (numbered rows,
formulas in labels such as "EMU-saldo Rijk (2–3)", a percentage row, a row in its own unit).
Each letter is in one text form (``SyntheticLetter.form``):

- ``pdf-copy`` (about half): a PDF viewer's text copy. Lines end in a space; prose wrapped at
  about 72 characters with hyphenation; the first line of a page starts with one space; a caption
  over one line of periods, or the unit on that line ("In mln euro 2015 2016"); a table row per
  line, label then figures apart by single spaces; long labels wrapped, figures on the last line
  (a hyphenated word joined again); codes before labels; a running footer ("Tweede Kamer,
  vergaderjaar …") inside a table; now and then a blank line between two rows or a figure torn
  after its comma ("12, 5"); thousands apart by a space only in a one-column table.
- ``layout`` (a quarter): ``pdftotext -layout``. A caption, header cells right-aligned over their
  columns (an upper level, "Realisatie", right-aligned over the last year it spans), labels left,
  figures right-aligned in columns two or more spaces apart, a code column ("Art." or row
  numbers) and a "Noot" column, blank cells as empty slots, long labels wrapped with the figures
  on the first line and the continuation indented in lowercase, a page break in a table as a
  form feed followed by the header lines again; prose not padded.
- ``html-copy`` (a quarter): a browser copy, one cell per line with a blank line between cells
  (caption, code-column name, stub, header cells level by level, notes-column name, then per row
  its code, label, cells and note); a run of k empty cells is one line of k spaces.

Conventions in every form: units (euro, duizend, mln, mld) on the stub or periods line ("(x € 1
000)", "In mln euro") or in a caption ("Tabel 3 … (bedragen x € 1.000)", "Bedragen in EUR
1.000", "In miljoenen euro's", "x € 1 mln"), a row in its own unit ("Bruto binnenlands product
(mld)"); periods (years, "2025 e.v.", "Structureel", "2024 t/m 2082", a footnote mark glued to a
year: "20231"); labels ending in digits ("Regeling 2019"), article codes ("12.02 Apparaat"), row
numbers; totals off by one in their last digit (rounding); percentages ("1,8%"); figures with a
decimal comma and "." between thousands, negatives ("−3", "– 2.716", "‒ 8.250", "-/- 12"), nils
("–", "0", "0,0"), "p.m." and "...". Only in layout and html-copy: an upper header level
(Realisatie over a run of years, then Begroting and Verschil over its last year; "Realisatie1"),
stage columns ("Ontwerpbegroting 2023 (1)", "Mutaties (2)", "Stand (3)=(1)+(2)"), a "Noot"
column, blank cells, thousands apart by a space in any table ("– 41 207").

Never generated, because the form cannot show it unambiguously (so it has no certain truth): a
table without a unit; two tables without prose between them; figures of four or more digits
without a thousands separator; a one-column table (pdf-copy, layout) whose periods line does not
name the unit ("Omschrijving 2019" reads as a row); in pdf-copy: blank cells, header levels or
stage columns, a row line that reads as a label and its figures in more than one way (checked
for every row: a spaced minus or nil dash next to a figure, "9 549" after a label ending in a
number; such a row is printed plainly, signs glued and nils as 0, or gets another label), and
thousands apart by spaces unless a row shows it for certain ("Totaal – 107 610").
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path

FORMS = ("pdf-copy", "layout", "html-copy")
PDF, LAYOUT, HTML = FORMS
PM, DOTS, BLANK = "p.m.", "...", ""  # printed cells that are no amount
Value = int | str  # a mantissa at the row's decimals, or PM / DOTS / BLANK

MONTHS = [
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
]
LETTERHEADS = [
    "FINANCIEN",
    "JUSTITIE EN VEILIGHEID",
    "ONDERWIJS, CULTUUR EN WETENSCHAP",
    "BINNENLANDSE ZAKEN EN KONINKRIJKSRELATIES",
    "INFRASTRUCTUUR EN WATERSTAAT",
    "VOLKSGEZONDHEID, WELZIJN EN SPORT",
    "SOCIALE ZAKEN EN WERKGELEGENHEID",
]
SIGNERS = [
    "De Minister van Financiën,",
    "De Staatssecretaris van Financiën,",
    "De Minister van Binnenlandse Zaken en Koninkrijksrelaties,",
]
TOPICS = [
    "Versterking van de uitvoering",
    "Investeringen in de regio",
    "Ondersteuning van gemeenten",
    "Maatregelen voor de lange termijn",
    "Dekking",
    "Internationale samenwerking",
    "Ontwikkeling van de uitgaven",
    "Verwerking in de begroting",
]
WORDS = (
    "de het een van en in op te voor met dat is zijn wordt worden door bij ook aan om "
    "kabinet middelen uitvoering gemeenten regering begroting maatregelen structureel "
    "samenwerking investering capaciteit ondersteuning beleid jaren komende"
).split()
LONG_WORDS = [
    "uitvoeringsorganisaties",
    "begrotingsbehandeling",
    "investeringsprogramma",
    "verantwoordelijkheid",
    "maatschappelijke",
    "ondersteuningsstructuur",
]
INTROS = [
    "De budgettaire gevolgen zijn in de volgende tabel weergegeven.",
    "De onderstaande tabel geeft een overzicht van de stand en de belangrijkste mutaties.",
    "Het financiële beeld van deze maatregelen is in de volgende tabel samengevat.",
]
TITLES = [
    "Budgettaire gevolgen van beleid",
    "Overzicht van de mutaties",
    "Uitgaven en ontvangsten",
    "Kerngegevens",
    "Stand van de begroting",
]
PARTS = [
    "Gemeentefonds",
    "Provinciefonds",
    "Politie",
    "Rechtspraak",
    "Jeugdzorg",
    "Onderwijsachterstanden",
    "Digitale weerbaarheid",
    "Dijkversterking",
    "Innovatie",
    "Uitvoeringskosten",
    "Toeslagen",
    "Huisvesting",
    "Vervoer",
    "Opvang",
    "Subsidies",
    "Bijdrage aan de EU",
    "Overige uitgaven",
    "Apparaatsuitgaven",
    "Programma-uitgaven",
]
DIGIT_PARTS = ["Regeling 2019", "Fonds 2", "Maatregel 12", "Impuls 2024"]
PLAIN_LABELS = ["Overige posten", "Diverse posten", "Restposten"]  # for a row that must not end in a number
LONG_PARTS = [
    "Bijdrage aan medeoverheden voor de uitvoering van het klimaatakkoord",
    "Versterking van de uitvoeringsorganisaties in het sociaal domein",
    "Compensatie van gemeenten voor de kosten van de jeugdzorg",
    "Investeringen in digitale weerbaarheid en informatiebeveiliging",
    "Tegemoetkoming in de vaste lasten van ondernemers",
]
GROUPS = ["Apparaat:", "Programma:", "Bijdragen:", "Ontvangsten:"]
TOTALS = ["Totaal", "Totaal uitgaven", "Totale uitgaven", "Eindtotaal"]
NUMBERED = [
    "Belastingen en premies",
    "Niet-belastingontvangsten",
    "Netto-uitgaven",
    "EMU-saldo centrale overheid",
    "EMU-saldo decentrale overheden",
    "Kas-transverschillen",
    "Mutatie begrotingsreserves",
    "Overige exogene mutaties",
    "Rentelasten Rijk",
    "Financiële transacties",
]
FORMULA_LABELS = [
    "EMU-saldo Rijk",
    "Financieringstekort Rijk",
    "EMU-schuld einde jaar",
    "Netto begrotingsgefinancierde uitgaven",
    "Saldo",
]
PERCENT_LABELS = ["EMU-saldo in % bbp", "EMU-schuld in % bbp"]
OWN_UNIT_LABELS = {1_000_000: "Bruto binnenlands product (mld)", 1_000_000_000: "Rentelasten (mln)"}
OWN_UNIT = {1_000_000: 1_000_000_000, 1_000_000_000: 1_000_000}
FOOTER = "Tweede Kamer, vergaderjaar {y}–{z}, 36 410, nr. {n} {p}"

# unit in euros -> (how a stub or the periods line names it, how a caption names it)
UNITS: dict[int, tuple[list[str], list[str]]] = {
    1: (["Bedragen in euro", "In euro"], ["(bedragen in euro)", "(in €)"]),
    1_000: (
        ["(x € 1 000)", "(x € 1.000)", "Bedragen x € 1.000", "In duizenden euro"],
        ["(bedragen x € 1.000)", "Bedragen in EUR 1.000", "x € 1.000"],
    ),
    1_000_000: (
        ["In mln euro", "Bedragen in mln euro", "In miljoenen euro", "x € 1 mln"],
        ["(bedragen x € 1 mln)", "In miljoenen euro's", "x € 1 mln", "(in miljoenen euro)"],
    ),
    1_000_000_000: (
        ["In mld euro", "Bedragen in miljarden euro", "x € 1 mld"],
        ["(in miljarden euro)", "(bedragen x € 1 mld)", "In miljarden euro"],
    ),
}
DECIMALS = {1: [0], 1_000: [0, 0, 0, 1], 1_000_000: [0, 1, 1, 1, 2], 1_000_000_000: [1, 1, 2, 0]}
MAGNITUDE = {1: 7, 1_000: 6, 1_000_000: 4, 1_000_000_000: 3}  # digits of the largest whole part
GLUED_SIGNS = ["–", "−", "-", "‒"]
SPACED_SIGNS = ["– ", "‒ ", "- "]
TOTAL_WORDS = re.compile(r"^(?:totaal|subtotaal|eindtotaal|totale)\b", re.IGNORECASE)
PLAIN_WHOLE = re.compile(r"^\d+$")


# ---- the ground truth's pieces ---------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One amount cell as printed, and what it is worth."""

    printed: str  # "" for a blank cell
    kind: str  # amount, blank, no_figure, percentage
    mantissa: int | None
    decimals: int  # of the printed figure ("–" has none)
    unit_eur: int  # euros per printed unit (the row's own unit, else the table's)

    @property
    def amount_eur(self) -> int | None:
        if self.kind != "amount" or self.mantissa is None:
            return None
        euros, rest = divmod(self.mantissa * self.unit_eur, 10**self.decimals)
        assert rest == 0, self
        return euros

    @property
    def half_unit(self) -> Fraction:
        return Fraction(self.unit_eur, 2 * 10**self.decimals)


@dataclass(frozen=True)
class Column:
    lower: str  # the lowest header cell as printed (a footnote mark may be glued on)
    header: str  # the header path joined by one space, marks left out
    period: str
    year: int | None


@dataclass
class Row:
    label: str  # as printed, without its code
    values: list[Value] | None  # None: a sub-heading (no figures)
    role: str = "part"  # part, breakdown, total, formula, extra, subheading
    code: str | None = None
    decimals: int | None = None  # its own decimals (None: the table's)
    unit_eur: int | None = None  # its own unit (None: the table's)
    percent: bool = False
    note: str = ""  # the notes column's cell
    wrap: tuple[str, str] | None = None  # the label's two printed lines
    parts: list[tuple[int, Row]] = field(default_factory=list)  # what it adds up (sign, row)
    formula: bool = False  # its parts are named in its label
    cells: list[Figure] = field(default_factory=list)
    number: int = 0  # 1-based among the rows with a figure


@dataclass
class Table:
    number: int
    kind: str  # sum, kader, numbered, overview
    unit_eur: int
    decimals: int
    columns: list[Column]
    upper: list[tuple[str, int]]  # an upper header level: (cell as printed, columns spanned)
    caption: str  # "" when none
    stub: str  # the header words over the labels ("" none)
    code_header: str | None  # None: no code column; "Art." or "" (row numbers)
    codes_apart: bool  # codes in a column of their own (else before the label)
    note_header: str | None  # "Noot" or None
    rows: list[Row]


@dataclass
class Block:
    """A rendered table: its lines and, as offsets into them, where it and its rows start."""

    lines: list[str]
    first: int
    last: int
    row_lines: list[int]  # per table row (sub-headings too): where its label starts


@dataclass
class SyntheticLetter:
    """One letter's text and what the extractor should find in it."""

    document_id: str
    form: str = PDF
    lines: list[str] = field(default_factory=list)
    cells: list[dict] = field(default_factory=list)
    tables: list[dict] = field(default_factory=list)
    relations: list[dict] = field(default_factory=list)
    metadata: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


# ---- figures ---------------------------------------------------------------------------------


def _group_thousands(whole: str, separator: str) -> str:
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return separator.join([whole, *groups])


def _unsigned_figure(mantissa: int, decimals: int, separator: str) -> str:
    """|mantissa| / 10**decimals the Dutch way: "1.234,5" (or "1 234,5")."""
    digits = str(abs(mantissa)).rjust(decimals + 1, "0")
    whole, frac = (digits[:-decimals], digits[-decimals:]) if decimals else (digits, "")
    whole = _group_thousands(whole, separator)
    return f"{whole},{frac}" if frac else whole


def _ends_label(printed: str) -> bool:
    """Whether a printed first figure could be read as the last word of the label instead (a
    plain whole number such as "12"); figures with a sign, a comma or a dot cannot."""
    return bool(PLAIN_WHOLE.match(printed))


# ---- reading a PDF copy's row line, to print only rows that read one way ------------------


_DASH_WORDS = frozenset(["–", "‒", "-", "−"])
_SIGN_WORDS = _DASH_WORDS | {"-/-"}
_FIGURE_WORD = re.compile(r"^[–‒\-−]?\d[\d.]*(?:,\d+)?%?$")
_UNSIGNED_WORD = re.compile(r"^\d[\d.]*(?:,\d+)?%?$")
_GROUP_HEAD = re.compile(r"^[–‒\-−]?\d{1,3}$")
_GROUP_TAIL = re.compile(r"^\d{3}$")
_LAST_TAIL = re.compile(r"^\d{3}(?:,\d+)?%?$")
_TORN_HEAD = re.compile(r"^[–‒\-−]?\d[\d.]*,$")
_LABEL_NUMBER = re.compile(r"^[1-9]\d*$")


def _cell_starts(words: list[str], end: int) -> set[int]:
    """Where a cell that ends with ``words[end - 1]`` could start, for a reader that knows
    only that spaces separate cells and may also separate a sign, the thousands of a figure
    ("107 610") or the halves of a torn figure ("12, 5") from the rest."""
    word = words[end - 1]
    starts = set()
    if word in ("p.m.", "...") or word in _DASH_WORDS or _FIGURE_WORD.match(word):
        starts.add(end - 1)
    if _UNSIGNED_WORD.match(word) and end >= 2 and words[end - 2] in _SIGN_WORDS:
        starts.add(end - 2)
    if re.match(r"^\d+%?$", word) and end >= 2 and _TORN_HEAD.match(words[end - 2]):
        starts.add(end - 2)
        if words[end - 2][0].isdigit() and end >= 3 and words[end - 3] in _SIGN_WORDS:
            starts.add(end - 3)
    if _LAST_TAIL.match(word):
        k = end - 1
        while k >= 1:
            previous = words[k - 1]
            if _GROUP_HEAD.match(previous):
                starts.add(k - 1)
                if previous[0].isdigit() and k >= 2 and words[k - 2] in _SIGN_WORDS:
                    starts.add(k - 2)
            if not _GROUP_TAIL.match(previous):
                break
            k -= 1
    return starts


def _label_can_end(words: list[str]) -> bool:
    """Whether words can be a whole label: some letter, and a last word that is no sign, nil
    or figure with a comma or dot ("Regeling 2019" and "Saldo (1+2)" can end a label)."""
    if not words or not any(ch.isalpha() for w in words for ch in w):
        return False
    last = words[-1]
    if _LABEL_NUMBER.match(last):
        return not (len(words) >= 2 and words[-2] in _SIGN_WORDS)
    return not (last in _SIGN_WORDS or last in ("p.m.", "...") or _FIGURE_WORD.match(last) or _TORN_HEAD.match(last))


def _readings(words: list[str], n: int, limit: int = 64) -> list[tuple[int, ...]]:
    """Every way (up to ``limit``) to read a line of a PDF copy as a label followed by ``n``
    cells: the cells' start indices, left to right."""
    found: list[tuple[int, ...]] = []

    def walk(end: int, left: int, starts: tuple[int, ...]) -> None:
        if len(found) >= limit:
            return
        if left == 0:
            if _label_can_end(words[:end]):
                found.append(starts)
            return
        for start in sorted(_cell_starts(words, end), reverse=True):
            if start >= 1:
                walk(start, left - 1, (start, *starts))

    walk(len(words), n, ())
    return found


def _unambiguous(words: list[str], n: int, label_words: int, *, longest: bool) -> bool:
    """Whether the line reads one way only, as the label of ``label_words`` words and its
    ``n`` cells. With ``longest`` (a one-column table that writes "107 610"), a lone figure
    takes all the groups before it, as that table's convention says."""
    found = _readings(words, n)
    if longest and found:
        first = min(r[0] for r in found)
        found = [r for r in found if r[0] == first]
    return len(found) == 1 and found[0][0] == label_words


# ---- printing a table's figures ------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """How one table prints its figures."""

    form: str
    separator: str  # between thousands: "." or " "
    nil_dash: bool  # a nil may print as "–"
    spaced_minus: bool  # a minus may stand apart ("– 2.716")
    torn: bool  # one figure may be torn after its comma ("12, 5"), pdf-copy only
    minus_word: bool = True  # a minus may print as "-/- "
    trim: bool = True  # a figure with nothing after the comma may drop it ("5" for "5,0")

    def plain(self) -> Style:
        """Signs glued, nils as 0, no torn or trimmed figures."""
        return Style(self.form, self.separator, False, False, False, False, False)


def _style(rng: random.Random, form: str, columns: int) -> Style:
    """A table's printing style. A PDF copy shows either nil dashes or spaced minus signs,
    never both (a dash before a figure would be a nil or its sign), and thousands apart by a
    space only in a table of one column."""
    if form != PDF:
        return Style(form, rng.choice([".", ".", " "]), rng.random() < 0.6, rng.random() < 0.6, False)
    separator = " " if columns == 1 and rng.random() < 0.4 else "."
    mode = rng.choice(["nil", "spaced", "plain"])
    return Style(form, separator, mode == "nil", mode == "spaced", separator == "." and rng.random() < 0.3)


class _Printer:
    """Prints a table's rows by its style, keeping to what the form shows unambiguously."""

    def __init__(self, rng: random.Random, table: Table, style: Style) -> None:
        self.rng = rng
        self.table = table
        self.style = style

    def print_table(self) -> None:
        """Print every row. A one-column PDF copy that writes thousands apart by spaces must
        show it for certain in some row ("Totaal – 107 610" reads one way only), else
        "waarvan apparaat 3 673" may as well be the row "waarvan apparaat 3" of 673: if no
        row shows it, the table writes its thousands with a dot instead."""
        self._rows()
        if self.style.form == PDF and self.style.separator == " " and not self._shows_grouping():
            self.style = replace(self.style, separator=".")
            self._rows()

    def _rows(self) -> None:
        for row in self.table.rows:
            if row.values is not None:
                row.cells = self._row(row)

    def _shows_grouping(self) -> bool:
        """Whether a row on a line of its own (no label line or sub-heading above it) reads one
        way only with a figure whose thousands stand apart."""
        rows = self.table.rows
        for k, row in enumerate(rows):
            grouped = any(" " in c.printed.lstrip("–‒-− ") for c in row.cells)
            if row.values is None or row.wrap or not grouped or (k and not _plain_row(rows[k - 1])):
                continue
            words = self._words(row, row.cells)
            if _unambiguous(words[1], len(row.cells), len(words[0]), longest=False):
                return True
        return False

    def _row(self, row: Row) -> list[Figure]:
        """The row's cells as printed. In a PDF copy the row must read one way only: if it
        does not, it is printed plainly (signs glued, nils as 0), and if that still reads two
        ways (a label ending in a number before "9 549"), the label is changed."""
        cells = self._print(row, self.style)
        if self.style.form != PDF or self._reads_once(row, cells):
            return cells
        cells = self._print(row, self.style.plain())
        if not self._reads_once(row, cells):
            assert row.role == "part", (row.label, [c.printed for c in cells])
            row.label = self.rng.choice(PLAIN_LABELS)
        assert self._reads_once(row, cells), (row.label, [c.printed for c in cells])
        return cells

    def _reads_once(self, row: Row, cells: list[Figure]) -> bool:
        label, words = self._words(row, cells)
        return _unambiguous(words, len(cells), len(label), longest=self.style.separator == " ")

    @staticmethod
    def _words(row: Row, cells: list[Figure]) -> tuple[list[str], list[str]]:
        """The label's words on the row's line (a code before it), and the whole line's."""
        label = (row.wrap[1] if row.wrap else row.label).split()
        if row.code and not row.wrap:
            label = [row.code, *label]
        return label, label + [w for c in cells for w in c.printed.split()]

    def _print(self, row: Row, style: Style) -> list[Figure]:
        assert row.values is not None
        decimals = self.table.decimals if row.decimals is None else row.decimals
        unit = row.unit_eur or self.table.unit_eur
        pdf = style.form == PDF
        after_digit = pdf and row.label[-1].isdigit()
        cells: list[Figure | None] = []
        for i, value in enumerate(row.values):
            if isinstance(value, str):
                kind = {PM: "no_figure", DOTS: "no_figure", BLANK: "blank"}[value]
                cells.append(Figure(value, kind, None, 0, unit))
            elif value == 0 and not row.percent:
                cells.append(None)  # a nil: how it prints depends on its neighbour (below)
            else:
                first = cells[0].printed if i and cells[0] is not None else None
                spaced_ok = style.spaced_minus and (
                    not pdf or ((i == 0 and not after_digit) or (i > 0 and (first is None or not _ends_label(first))))
                )
                cells.append(self._number(value, decimals, unit, row, style, spaced_ok))
        for i in reversed(range(len(cells))):
            if cells[i] is None:
                after = cells[i + 1] if i + 1 < len(cells) else None
                following = after.printed if after is not None else ""
                dash_ok = style.nil_dash and not (pdf and (following[:1].isdigit() or (i == 0 and after_digit)))
                cells[i] = self._nil(decimals, unit, dash_ok)
        printed = [c for c in cells if c is not None]
        if style.torn and self.rng.random() < 0.1:
            printed = self._tear(printed)
        return printed

    def _number(self, mantissa: int, decimals: int, unit: int, row: Row, style: Style, spaced_ok: bool) -> Figure:
        rng = self.rng
        shown = decimals
        if (
            decimals
            and mantissa % 10**decimals == 0
            and row.role in ("part", "breakdown")
            and not row.percent
            and style.trim
            and rng.random() < 0.15
        ):
            mantissa, shown = mantissa // 10**decimals, 0  # "– 5" among figures with a decimal
        text = _unsigned_figure(mantissa, shown, "" if row.percent else style.separator)
        if mantissa < 0:
            roll = rng.random()
            if style.form == PDF and style.separator == " ":
                text = "– " + text  # "– 107 610": the table's grouping read for certain
            elif spaced_ok and roll < 0.5:
                text = rng.choice(SPACED_SIGNS) + text
            elif roll < 0.65 and not row.percent and style.minus_word:
                text = "-/- " + text
            else:
                text = rng.choice(GLUED_SIGNS) + text
        if row.percent:
            return Figure(text + "%", "percentage", None, shown, unit)
        return Figure(text, "amount", mantissa, shown, unit)

    def _nil(self, decimals: int, unit: int, dash_ok: bool) -> Figure:
        if dash_ok and self.rng.random() < 0.7:
            return Figure(self.rng.choice(["–", "–", "-"]), "amount", 0, 0, unit)
        if decimals and self.rng.random() < 0.6:
            return Figure("0," + "0" * decimals, "amount", 0, decimals, unit)
        return Figure("0", "amount", 0, 0, unit)

    def _tear(self, cells: list[Figure]) -> list[Figure]:
        torn = [i for i, c in enumerate(cells) if c.kind == "amount" and "," in c.printed]
        if not torn:
            return cells
        i = self.rng.choice(torn)
        cell = cells[i]
        return [
            *cells[:i],
            Figure(cell.printed.replace(",", ", "), cell.kind, cell.mantissa, cell.decimals, cell.unit_eur),
            *cells[i + 1 :],
        ]


# ---- columns ---------------------------------------------------------------------------------


def _year_of(period: str) -> int | None:
    years = re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", period)
    return int(years[0]) if len(years) == 1 and not re.search(r"e\.v\.|t/m", period) else None


def _plain(period: str, lower: str | None = None, upper: str = "") -> Column:
    header = f"{upper} {period}" if upper else period
    return Column(lower or period, header, period, _year_of(period))


def _year_columns(rng: random.Random, first: int, least: int) -> tuple[list[Column], list[tuple[str, int]]]:
    """Consecutive years, the last one sometimes open ("2025 e.v.", "2024 t/m 2082") or
    followed by "Structureel"; now and then a footnote mark glued to a year ("20231")."""
    years = [str(y) for y in range(first, first + rng.randint(least, 6))]
    roll = rng.random()
    if roll < 0.12 and len(years) > 1:
        years[-1] = f"{years[-1]} e.v."
    elif roll < 0.22:
        years.append("Structureel")
    elif roll < 0.3 and len(years) > 1:
        years[-1] = f"{years[-1]} t/m {int(years[-1]) + rng.randint(5, 58)}"
    columns = [_plain(p) for p in years]
    plain = [i for i, p in enumerate(years) if p.isdigit()]
    if plain and rng.random() < 0.15:
        at = rng.choice(plain)
        columns[at] = _plain(years[at], years[at] + str(rng.randint(1, 3)))
    return columns, []


def _realisatie_columns(rng: random.Random, year: int) -> tuple[list[Column], list[tuple[str, int]]]:
    """Realisatie over a run of years, then "Begroting" and "Verschil" over its last year."""
    run = rng.randint(2, 5)
    realisatie = "Realisatie" + (str(rng.randint(1, 3)) if rng.random() < 0.4 else "")
    begroting = rng.choice(["Begroting", "Vastgestelde begroting", "Ontwerpbegroting"])
    columns = [_plain(str(y), upper="Realisatie") for y in range(year - run + 1, year + 1)]
    columns += [_plain(str(year), upper=begroting), _plain(str(year), upper="Verschil")]
    return columns, [(realisatie, run), (begroting, 1), ("Verschil", 1)]


def _stage_columns(rng: random.Random, year: int) -> tuple[list[Column], list[tuple[str, int]]]:
    """The stages of a supplementary budget, then the changes in the years after."""
    stages = [f"Ontwerpbegroting {year} (1)", "Mutaties (2)", "Stand (3)=(1)+(2)"]
    stages += [f"Mutatie {y}" for y in range(year + 1, year + 1 + rng.randint(0, 3))]
    return [_plain(s) for s in stages], []


# ---- values ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Frame:
    """What a table is built on: form, unit, decimals, columns (an overview's tables share one)."""

    form: str
    unit_eur: int
    decimals: int
    columns: list[Column]
    upper: list[tuple[str, int]]

    @property
    def stages(self) -> bool:
        return len(self.columns) >= 3 and self.columns[2].period.startswith("Stand")

    @property
    def verschil(self) -> bool:
        return bool(self.upper) and self.upper[-1][0] == "Verschil"


def _magnitude(rng: random.Random, unit_eur: int, decimals: int) -> int:
    digits = rng.randint(1, MAGNITUDE[unit_eur])
    return rng.randint(10 ** (digits - 1), 10**digits - 1) * 10**decimals + rng.randrange(10**decimals)


def _series(rng: random.Random, frame: _Frame, *, negatives: bool, blanks: bool, specials: bool) -> list[Value]:
    """A row's figures: mostly amounts of varied size, some nil (a run of them at the start,
    as for a measure that starts later), now and then p.m., "..." or a blank cell. Under stage
    columns the third is the sum of the first two ("Stand (3)=(1)+(2)"); "Verschil" is
    Realisatie less Begroting."""
    n, unit_eur, decimals = len(frame.columns), frame.unit_eur, frame.decimals
    values: list[Value] = []
    start = rng.randrange(n) if rng.random() < 0.25 else 0
    for i in range(n):
        roll = rng.random()
        if i < start or roll < 0.05:
            values.append(0)
        elif specials and roll < 0.09:
            values.append(rng.choice([PM, PM, DOTS]))
        elif blanks and roll < 0.13:
            values.append(BLANK)
        else:
            value = _magnitude(rng, unit_eur, decimals)
            values.append(-value if negatives and rng.random() < 0.2 else value)
    if not any(isinstance(v, int) for v in values):
        values[rng.randrange(n)] = _magnitude(rng, unit_eur, decimals)  # a row prints a figure
    if frame.stages and all(isinstance(v, int) for v in values[:3]):
        values[2] = values[0] + values[1]  # type: ignore[operator]
    if frame.verschil and all(isinstance(v, int) for v in values[-3:]):
        values[-1] = values[-3] - values[-2]  # type: ignore[operator]
    return values


def _sum_of(parts: list[tuple[int, Row]], n: int, rng: random.Random, *, rounding: bool) -> list[Value]:
    """Column by column the signed sum of the parts' figures (p.m. and blanks count nothing);
    now and then off by one in the last digit, as a rounded total is."""
    out: list[Value] = []
    for i in range(n):
        figures = [(sign, r.values[i]) for sign, r in parts if r.values is not None]
        total = sum(sign * v for sign, v in figures if isinstance(v, int))
        if rounding and rng.random() < 0.12:
            total += rng.choice([-1, 1])
        out.append(total)
    return out


# ---- tables ----------------------------------------------------------------------------------


def _frame(rng: random.Random, form: str, year: int, *, overview: bool) -> _Frame:
    """A unit, decimals and columns; header levels and stage columns only where the form shows
    which header cell stands over which column (not in a PDF copy), and an overview spans years."""
    unit = rng.choice(list(UNITS))
    decimals = rng.choice(DECIMALS[unit])
    roll = rng.random()
    if form == PDF or overview or roll < 0.6:
        columns, upper = _year_columns(rng, rng.randint(year - 1, year + 1), 2 if overview else 1)
    elif roll < 0.8:
        columns, upper = _realisatie_columns(rng, year - 1)
    else:
        columns, upper = _stage_columns(rng, year)
    return _Frame(form, unit, decimals, columns, upper)


def _wrap(rng: random.Random, label: str, width: int) -> tuple[str, str] | None:
    """The label over two lines of at most about ``width`` characters; the second line starts
    in lowercase (a word, or the rest of a long word hyphenated at the end of the first)."""
    words = label.split()
    for k in range(1, len(words)):
        if len(" ".join(words[: k + 1])) <= width:
            continue
        word, head = words[k], " ".join(words[:k])
        if len(word) >= 12 and word.isalpha() and word.islower() and rng.random() < 0.5:
            at = max(4, min(len(word) - 4, width - len(head) - 2))
            return f"{head} {word[:at]}-", " ".join([word[at:], *words[k + 1 :]])
        return (head, " ".join(words[k:])) if word[:1].islower() else None
    return None


def _article(rng: random.Random) -> str:
    """An article code: "12.02", now and then "12.02.01"."""
    code = f"{rng.randint(1, 99)}.{rng.randint(1, 20):02d}"
    return code + f".{rng.randint(1, 9):02d}" if rng.random() < 0.2 else code


def _sum_rows(rng: random.Random, frame: _Frame, form: str, *, coded: bool, digits_ok: bool) -> list[Row]:
    """Parts closed by a total (a "waarvan" breakdown under a part now and then), or groups
    under a sub-heading ("Apparaat:"), each closed by a "Subtotaal", and a final total."""
    n = len(frame.columns)
    loose = form != PDF

    def series() -> list[Value]:
        return _series(rng, frame, negatives=True, blanks=loose, specials=True)

    pool = PARTS + (DIGIT_PARTS if digits_ok else []) + LONG_PARTS
    rows: list[Row] = []
    grouped = rng.random() < 0.2
    groups = rng.sample(GROUPS, rng.randint(2, 3)) if grouped else [None]
    labels = iter(rng.sample(pool, len(pool)))
    for group in groups:
        if group is not None:
            rows.append(Row(group, None, role="subheading"))
        parts: list[Row] = []
        for _ in range(rng.randint(2, 5) if grouped else rng.randint(1, 6)):
            label = next(labels)
            part = Row(label, series(), code=_article(rng) if coded else None)
            if label in LONG_PARTS and (form == PDF or (form == LAYOUT and rng.random() < 0.5)):
                part.wrap = _wrap(rng, label, rng.randint(26, 45))  # a PDF's label column is narrow
            parts.append(part)
            rows.append(part)
            if not grouped and rng.random() < 0.15 and all(isinstance(v, int) for v in part.values or []):
                rows += _breakdown(rng, part)
        closing = Row(
            f"Subtotaal {group.rstrip(':').lower()}" if group else rng.choice(TOTALS),
            None,
            role="total",
            parts=[(1, p) for p in parts],
        )
        closing.values = _sum_of(closing.parts, n, rng, rounding=True)
        rows.append(closing)
    if grouped:
        final = Row(rng.choice(TOTALS), None, role="total")
        subtotals = [(1, r) for r in rows if r.role == "total"]
        final.values = _sum_of(subtotals, n, rng, rounding=False)
        final.parts = []  # no rows above it back to the previous total: it implies nothing
        rows.append(final)
    return rows


def _breakdown(rng: random.Random, parent: Row) -> list[Row]:
    """ "waarvan" rows under a row: its figures split in two (breakdowns, no parts of a total)."""
    assert parent.values is not None
    first: list[Value] = []
    second: list[Value] = []
    for v in parent.values:
        assert isinstance(v, int)
        share = rng.randint(min(0, v), max(0, v))
        first.append(share)
        second.append(v - share)
    return [Row("waarvan apparaat", first, role="breakdown"), Row("waarvan programma", second, role="breakdown")]


def _kader_rows(rng: random.Random, frame: _Frame, form: str, *, coded: bool) -> list[Row]:
    """A budget article: Verplichtingen, Uitgaven, article lines, "Nog te verdelen" over its
    "waarvan" rows, Ontvangsten; no totals, so no relations."""

    def series() -> list[Value]:
        return _series(rng, frame, negatives=True, blanks=form != PDF, specials=False)

    rows = [Row("Verplichtingen", series()), Row("Uitgaven", series())]
    articles = ["Personeel", "Materieel", "Subsidies", "Opdrachten", "Bijdragen"]
    for label in rng.sample(articles, rng.randint(1 if coded else 0, 3)):
        rows.append(Row(label, series(), code=_article(rng) if coded else None))
    if rng.random() < 0.7:
        rows.append(Row("Nog te verdelen", None, role="subheading"))
        rows += [
            Row("waarvan apparaat", series(), role="breakdown"),
            Row("waarvan programma", series(), role="breakdown"),
        ]
    rows.append(Row("Ontvangsten", series()))
    return rows


def _numbered_rows(rng: random.Random, frame: _Frame, form: str) -> list[Row]:
    """Kerngegevens: every row numbered, formula rows over earlier numbers, a percentage and
    a row in its own unit at the end."""
    n = len(frame.columns)
    rows: list[Row] = []
    for label in rng.sample(NUMBERED, rng.randint(2, 4)):
        rows.append(Row(label, _series(rng, frame, negatives=True, blanks=form != PDF, specials=False)))
    for label in rng.sample(FORMULA_LABELS, rng.randint(1, 2)):
        rows.append(_formula_row(rng, label, rows, n))
    if rng.random() < 0.5:
        decimals = rng.choice([1, 1, 0])
        values: list[Value] = [rng.randint(-60, 90) if decimals else rng.randint(30, 99) for _ in range(n)]
        rows.append(Row(rng.choice(PERCENT_LABELS), values, role="extra", percent=True, decimals=decimals))
    if frame.unit_eur in OWN_UNIT and rng.random() < 0.4:
        own = OWN_UNIT[frame.unit_eur]
        values = [rng.randint(100, 9_999) for _ in range(n)]
        rows.append(Row(OWN_UNIT_LABELS[frame.unit_eur], values, role="extra", unit_eur=own, decimals=0))
    return rows


def _formula_row(rng: random.Random, label: str, above: list[Row], n: int) -> Row:
    """A row made of earlier numbered rows, as its label says: "(2–3)", "(1+3+4)", "(2 t/m 4)",
    "(5=1+2+3+4)" (its own number first)."""
    count = len(above)
    shape = rng.choice(["minus", "plus", "range", "self"])
    if shape == "minus":
        a, b = sorted(rng.sample(range(1, count + 1), 2))
        terms, text = [(1, a), (-1, b)], f"{a}–{b}"
    elif shape == "range":
        a = rng.randint(1, count - 1)
        b = rng.randint(a + 1, count)
        terms, text = [(1, k) for k in range(a, b + 1)], f"{a} t/m {b}"
    else:
        picked = sorted(rng.sample(range(1, count + 1), min(count, rng.randint(2, 4))))
        terms, text = [(1, k) for k in picked], "+".join(str(k) for k in picked)
        if shape == "self":
            text = f"{count + 1}={text}"
    row = Row(f"{label} ({text})", None, role="formula", formula=True)
    row.parts = [(sign, above[k - 1]) for sign, k in terms]
    row.values = _sum_of(row.parts, n, rng, rounding=True)
    return row


def _table(rng: random.Random, number: int, frame: _Frame, kind: str) -> tuple[Table, Style]:
    form = frame.form
    n = len(frame.columns)
    style = _style(rng, form, n)
    code_header: str | None = None
    coded = kind in ("sum", "kader") and rng.random() < 0.3
    if kind == "numbered":
        code_header = ""
    elif coded and rng.random() < 0.6 and not (form != HTML and n == 1):
        code_header = "Art."
    digits_ok = not (form == PDF and style.separator == " ")
    if kind == "overview":
        rows = [Row("Totaal", None, role="total")]
    elif kind == "sum":
        rows = _sum_rows(rng, frame, form, coded=coded, digits_ok=digits_ok)
    elif kind == "kader":
        rows = _kader_rows(rng, frame, form, coded=coded)
    else:
        rows = _numbered_rows(rng, frame, form)
    if kind == "numbered":
        for k, row in enumerate(rows, start=1):
            row.code = str(k)
    codes_apart = form != PDF and (code_header == "Art." or (code_header == "" and rng.random() < 0.8))
    notes = form != PDF and kind != "overview" and rng.random() < 0.2
    caption, stub = _caption_and_stub(rng, number, frame.unit_eur, form, code_header, n)
    table = Table(
        number,
        kind,
        frame.unit_eur,
        frame.decimals,
        frame.columns,
        frame.upper,
        caption,
        stub,
        code_header,
        codes_apart,
        "Noot" if notes else None,
        rows,
    )
    if notes and not _add_notes(rng, table):
        table.note_header = None
    return table, style


def _caption_and_stub(
    rng: random.Random, number: int, unit_eur: int, form: str, code_header: str | None, columns: int
) -> tuple[str, str]:
    """Where the unit is named: in the caption ("Tabel 3 … (bedragen x € 1.000)", "Bedragen in
    EUR 1.000"), or in the stub, which a PDF copy prints on the line of periods ("In mln euro
    2015 2016"). A PDF copy with a code column names it in the caption; one with a single
    column (and pdftotext -layout) on the line of its period (else "Omschrijving 2019" reads
    as a row: a label and the figure 2019)."""
    stub_units, caption_units = UNITS[unit_eur]
    title = f"Tabel {number} {rng.choice(TITLES)}"
    single = form != HTML and columns == 1
    if not single and ((form == PDF and code_header) or rng.random() < 0.5):
        unit = rng.choice(caption_units)
        caption = f"{title} {unit}" if unit.startswith("(") and rng.random() < 0.6 else unit
        stub = "" if form == PDF and code_header else rng.choice(["", "", "Omschrijving"])
        return caption, stub
    return (title if rng.random() < 0.4 else ""), rng.choice(stub_units)


def _add_notes(rng: random.Random, table: Table) -> bool:
    """Note numbers in the notes column, at least one on a row that fills every column (which
    shows where the column is); False when no row does."""
    full = [r for r in table.rows if r.values is not None and all(v != BLANK for v in r.values)]
    if not full:
        return False
    rows = [r for r in table.rows if r.values is not None]
    picked = set(id(r) for r in rng.sample(rows, min(len(rows), rng.randint(1, 3))))
    picked.add(id(rng.choice(full)))
    mark = 0
    for row in table.rows:
        if id(row) in picked:
            mark += 1
            row.note = str(mark)
    return True


# ---- rendering: pdf-copy ------------------------------------------------------------------------


def _pdf_block(rng: random.Random, table: Table, year: int) -> Block:
    """A table as a PDF viewer copies it: the caption, one line of periods (after the code
    column's name and the stub), a blank line, a row per line (a wrapped label's first line
    above it), now and then the page's running footer between two rows, after which the next
    page's first line starts with a space."""
    trail = rng.choice(["", " "])
    lines: list[str] = []
    if table.caption:
        lines += [table.caption + " ", ""] if rng.random() < 0.5 else [table.caption + " "]
    lead = [w for w in (table.code_header, table.stub) if w]
    lines += [" ".join([*lead, *(c.lower for c in table.columns)]) + trail, ""]
    footer_at = rng.randrange(1, len(table.rows)) if len(table.rows) > 1 and rng.random() < 0.15 else None
    row_lines: list[int] = []
    for k, row in enumerate(table.rows):
        page = ""
        if k == footer_at:
            lines.append(FOOTER.format(y=year, z=year + 1, n=rng.randint(1, 99), p=rng.randint(2, 9)) + " ")
            page = " "
        elif k and _plain_row(row) and _plain_row(table.rows[k - 1]) and rng.random() < 0.03:
            lines.append("")  # a blank line between two rows
        row_lines.append(len(lines))
        code = f"{row.code} " if row.code else ""
        if row.values is None:
            lines.append(f"{page}{row.label}{trail}")
            continue
        figures = " ".join(c.printed for c in row.cells)
        if row.wrap:
            lines += [f"{page}{code}{row.wrap[0]} ", f"{row.wrap[1]} {figures}{trail}"]
        else:
            lines.append(f"{page}{code}{row.label} {figures}{trail}")
    if rng.random() < 0.7:
        lines[-1] = lines[-1].rstrip(" ")
    return Block(lines + ["", " ", ""], 0, len(lines) - 1, row_lines)


def _plain_row(row: Row) -> bool:
    """A row of figures on one line (not a sub-heading, not a wrapped label)."""
    return row.values is not None and row.wrap is None


# ---- rendering: pdftotext -layout ---------------------------------------------------------------


def _compose(pieces: list[tuple[int, str]]) -> str:
    """Text pieces at their start positions, on one line."""
    out = ""
    for start, text in sorted(pieces):
        assert start >= len(out) + (1 if out else 0) or not out, (out, start, text)
        out = out.ljust(start) + text
    return out.rstrip()


@dataclass(frozen=True)
class _Geometry:
    """Where a table's columns stand on the page (character positions)."""

    code_at: int
    label_at: int
    rights: list[int]  # each amount column's right edge
    note_right: int | None


def _layout_geometry(rng: random.Random, table: Table) -> _Geometry:
    """The code column, the label column (wide enough for every label line and the stub), then
    each amount column as wide as its widest cell or header cell (an upper cell counts over the
    last column it spans), two to six spaces apart; the label column ends six or more
    characters before the first figures."""
    indent = rng.choice([0, 1])
    code_width = 0
    if table.code_header is not None and table.codes_apart:
        code_width = max([len(table.code_header)] + [len(r.code or "") for r in table.rows])
    label_at = indent + (code_width + rng.randint(3, 8) if code_width else 0)
    texts = [table.stub]
    for row in table.rows:
        first, rest = _layout_label(table, row)
        texts += [first, "  " + rest] if rest is not None else [first]
    label_end = label_at + max(len(t) for t in texts)
    upper_over: dict[int, str] = {}
    at = 0
    for text, span in table.upper:
        at += span
        upper_over[at - 1] = text
    rights = []
    right = label_end + rng.randint(6, 12)
    for c, column in enumerate(table.columns):
        width = max(
            [len(column.lower), len(upper_over.get(c, ""))]
            + [len(r.cells[c].printed) for r in table.rows if r.values is not None]
        )
        right += width
        rights.append(right)
        right += rng.randint(2, 6)
    note_right = None
    if table.note_header:
        note_right = rights[-1] + rng.randint(3, 6) + len(table.note_header)
    return _Geometry(indent, label_at, rights, note_right)


def _layout_label(table: Table, row: Row) -> tuple[str, str | None]:
    """The label's first line and its continuation; a code not in a column of its own leads."""
    lead = f"{row.code} " if row.code and not table.codes_apart else ""
    if row.wrap:
        return lead + row.wrap[0], row.wrap[1]
    return lead + row.label, None


def _layout_headers(table: Table, g: _Geometry) -> list[str]:
    """The header lines: the upper level (each cell right-aligned over the last column it
    spans), then the code column's name, the stub and the periods right-aligned."""
    lines = []
    if table.upper:
        pieces, at = [], 0
        for text, span in table.upper:
            at += span
            pieces.append((g.rights[at - 1] - len(text), text))
        lines.append(_compose(pieces))
    pieces = [(g.rights[c] - len(col.lower), col.lower) for c, col in enumerate(table.columns)]
    if table.code_header:
        pieces.append((g.code_at, table.code_header))
    if table.stub:
        pieces.append((g.label_at, table.stub))
    if table.note_header and g.note_right is not None:
        pieces.append((g.note_right - len(table.note_header), table.note_header))
    lines.append(_compose(pieces))
    return lines


def _layout_row(table: Table, row: Row, g: _Geometry) -> list[str]:
    """A row: code, label, figures right-aligned (a blank cell leaves its slot empty), note;
    a wrapped label goes on below, indented, in lowercase."""
    first, rest = _layout_label(table, row)
    pieces = [(g.label_at, first)]
    if row.code and table.codes_apart:
        pieces.append((g.code_at, row.code))
    for c, cell in enumerate(row.cells):
        if cell.printed:
            pieces.append((g.rights[c] - len(cell.printed), cell.printed))
    if row.note and g.note_right is not None:
        pieces.append((g.note_right - len(row.note), row.note))
    lines = [_compose(pieces)]
    if rest is not None:
        lines.append(" " * (g.label_at + 2) + rest)
    return lines


def _layout_block(rng: random.Random, table: Table) -> Block:
    """A table as ``pdftotext -layout`` prints it, now and then broken over two pages: a form
    feed, then the header lines again."""
    g = _layout_geometry(rng, table)
    lines: list[str] = []
    if table.caption:
        lines.append(table.caption)
    headers = _layout_headers(table, g)
    lines += headers
    rows = table.rows
    breaks = [k for k in range(1, len(rows)) if rows[k].values is not None and rows[k - 1].values is not None]
    page_break = rng.choice(breaks) if breaks and len(rows) >= 3 and rng.random() < 0.2 else None
    row_lines: list[int] = []
    for k, row in enumerate(table.rows):
        if k == page_break:
            lines.append("\f" + headers[0])
            lines += headers[1:]
        row_lines.append(len(lines))
        if row.values is None:
            lines.append(" " * g.label_at + row.label)
        else:
            lines += _layout_row(table, row, g)
    last = len(lines) - 1
    lines.append("")
    return Block(lines, 0, last, row_lines)


# ---- rendering: html-copy -----------------------------------------------------------------------


def _html_block(table: Table) -> Block:
    """A table as a browser copies it, one cell per line; a notes column's name stands with
    the upper header level when there is one (it spans both levels)."""
    cells: list[str] = []
    if table.caption:
        cells.append(table.caption)
    if table.code_header is not None and table.codes_apart:
        cells.append(table.code_header)
    cells.append(table.stub)
    cells += [text for text, _ in table.upper]
    if table.note_header and table.upper:
        cells.append(table.note_header)
    cells += [c.lower for c in table.columns]
    if table.note_header and not table.upper:
        cells.append(table.note_header)
    label_at: list[int] = []
    for row in table.rows:
        if table.code_header is not None and table.codes_apart:
            cells.append(row.code or "")
        label_at.append(len(cells))
        cells.append(row.label if table.codes_apart or not row.code else f"{row.code} {row.label}")
        cells += [c.printed for c in row.cells] if row.values is not None else [""] * len(table.columns)
        if table.note_header:
            cells.append(row.note)
    lines, line_of = _cell_lines(cells)
    return Block(lines, line_of[0], line_of[len(cells) - 1], [line_of[i] for i in label_at])


def _cell_lines(cells: list[str]) -> tuple[list[str], list[int]]:
    """One cell per line with a blank line after each; a run of k empty cells is one line of k
    spaces. Returns the lines and each cell's line."""
    lines: list[str] = []
    line_of: list[int] = []
    k = 0
    while k < len(cells):
        if cells[k]:
            line_of.append(len(lines))
            lines += [cells[k], ""]
            k += 1
            continue
        run = k
        while run < len(cells) and not cells[run]:
            line_of.append(len(lines))
            run += 1
        lines += [" " * (run - k), ""]
        k = run
    return lines, line_of


# ---- the truth -----------------------------------------------------------------------------------


def _record(letter: SyntheticLetter, table: Table, block: Block, at: int) -> None:
    """The cells and the table entry of a table whose block starts at line index ``at``."""
    number = 0
    for row, offset in zip(table.rows, block.row_lines):
        if row.values is None or all(c.kind == "blank" for c in row.cells):
            continue
        number += 1
        row.number = number
        for c, (column, cell) in enumerate(zip(table.columns, row.cells), start=1):
            letter.cells.append(
                {
                    "table_number": table.number,
                    "row_number": number,
                    "column_number": c,
                    "row_label": row.label,
                    "row_code": row.code,
                    "is_total": bool(TOTAL_WORDS.match(row.label)),
                    "column_header": column.header,
                    "period": column.period,
                    "year": column.year,
                    "kind": cell.kind,
                    "amount_eur": cell.amount_eur,
                    "printed": cell.printed,
                    "line": at + offset + 1,
                }
            )
    letter.tables.append(
        {
            "table_number": table.number,
            "unit_eur": table.unit_eur,
            "first_line": at + block.first + 1,
            "last_line": at + block.last + 1,
            "columns": len(table.columns),
        }
    )


def _relation(table_number: int, row: Row, column: int, relation: str, parts: list[tuple[int, Figure]]) -> dict | None:
    """The relation of one cell to its parts, or None when a figure involved is no amount."""
    cell = row.cells[column - 1]
    involved = [cell] + [figure for _, figure in parts]
    if any(f.kind != "amount" for f in involved):
        return None
    reported = cell.amount_eur
    computed = sum(sign * (figure.amount_eur or 0) for sign, figure in parts)
    tolerance = sum((f.half_unit for f in involved), Fraction(0))
    difference = (reported or 0) - computed
    assert abs(difference) <= tolerance, (row.label, column, difference, tolerance)  # never a mismatch
    return {
        "table_number": table_number,
        "row_number": row.number,
        "column_number": column,
        "relation": relation,
        "status": "exact" if difference == 0 else "rounding",
    }


def _table_relations(table: Table) -> list[dict]:
    found = []
    for row in table.rows:
        if not row.parts or row.values is None:
            continue
        name = "formula_in_label" if row.formula else "rows_sum_to_total"
        for c in range(1, len(table.columns) + 1):
            relation = _relation(table.number, row, c, name, [(s, p.cells[c - 1]) for s, p in row.parts])
            if relation is not None:
                found.append(relation)
    return found


def _overview_relations(overview: Table, sections: list[Table]) -> list[dict]:
    total = overview.rows[0]
    found = []
    for c in range(1, len(overview.columns) + 1):
        parts = [(1, t.rows[-1].cells[c - 1]) for t in sections]
        relation = _relation(overview.number, total, c, "sections_sum_to_overview", parts)
        if relation is not None:
            found.append(relation)
    return found


ORDER = {"rows_sum_to_total": 0, "formula_in_label": 1, "sections_sum_to_overview": 2}


def _relations(tables: list[Table]) -> list[dict]:
    found = []
    if tables and tables[0].kind == "overview":
        found += _overview_relations(tables[0], tables[1:])
    for table in tables:
        found += _table_relations(table)
    return sorted(found, key=lambda r: (r["table_number"], r["row_number"], r["column_number"], ORDER[r["relation"]]))


# ---- the letter's text --------------------------------------------------------------------------


class _Writer:
    """The letter's lines in its form: prose wrapped (PDF copies hyphenate), a page break now
    and then (a leading space in a PDF copy, a form feed in pdftotext output), tables."""

    def __init__(self, rng: random.Random, document_id: str, form: str) -> None:
        self.rng = rng
        self.form = form
        self.letter = SyntheticLetter(document_id, form)
        self.page_left = rng.randint(30, 50)

    def add(self, line: str) -> None:
        """Add a line of the letter's own text (a table's lines come as a block)."""
        self.page_left -= 1
        if self.page_left <= 0 and line.strip() and self.form != HTML:
            line = (" " if self.form == PDF else "\f") + line
            self.page_left = self.rng.randint(40, 55)
        self.letter.lines.append(line)

    def end(self, line: str) -> str:
        """A PDF copy ends its lines in a space."""
        return line + " " if self.form == PDF else line

    def blank(self) -> None:
        self.letter.lines.append("")

    def heading(self, text: str) -> None:
        self.add(text + ("  " if self.form == PDF else ""))
        self.blank()

    def paragraph(self, sentences: list[str]) -> None:
        words = " ".join(sentences).split()
        if self.form == HTML:
            self.add(" ".join(words))
        else:
            for line in self._wrap(words):
                self.add(line)
        self.blank()

    def _wrap(self, words: list[str]) -> list[str]:
        """Lines of about the form's width; PDF copies hyphenate long words. No line ends in a
        figure (a short line ending in one could pass for a table row)."""
        width = self.rng.randint(68, 76) if self.form == PDF else self.rng.randint(92, 108)
        lines: list[str] = []
        line: list[str] = []
        length = -1
        for word in words:
            if not line or length + 1 + len(word) <= width:
                line.append(word)
                length += 1 + len(word)
                continue
            room = width - length - 2  # a space and the hyphen
            hyphenate = self.form == PDF and len(word) > 12 and word.isalpha() and room >= 4
            if hyphenate and self.rng.random() < 0.5:
                cut = self.rng.randint(4, min(room, len(word) - 4))
                lines.append(self.end(" ".join([*line, word[:cut] + "-"])))
                line, length = [word[cut:]], len(word) - cut
                continue
            carried: list[str] = []
            while len(line) > 1 and line[-1][-1:].isdigit():
                carried.insert(0, line.pop())
            lines.append(self.end(" ".join(line)))
            line = [*carried, word]
            length = len(" ".join(line))
        if line:
            lines.append(self.end(" ".join(line)))
        return lines

    def prose(self, paragraphs: int) -> None:
        for _ in range(paragraphs):
            self.paragraph([_sentence(self.rng) for _ in range(self.rng.randint(2, 5))])

    def block(self, block: Block) -> int:
        """Add a table's lines; returns the 0-based index of its first line."""
        at = len(self.letter.lines)
        self.letter.lines.extend(block.lines)
        self.page_left -= len(block.lines)
        return at


def _sentence(rng: random.Random) -> str:
    """A sentence of lowercase filler; now and then a long word, or money and a year."""
    words = rng.choices(WORDS, k=rng.randint(8, 18))
    if rng.random() < 0.6:
        words.insert(rng.randrange(len(words)), rng.choice(LONG_WORDS))
    if rng.random() < 0.25:  # money and years, never at a sentence's end nor as "in €" (a unit)
        at = rng.randrange(1, len(words) - 1)
        words[at:at] = [
            "van",
            "€",
            f"{rng.randint(1, 999)},{rng.randint(0, 9)}",
            "mln",
            "in",
            str(rng.randint(2010, 2030)),
        ]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


# ---- the letter ---------------------------------------------------------------------------------


def _render(rng: random.Random, table: Table, form: str, year: int) -> Block:
    if form == PDF:
        return _pdf_block(rng, table, year)
    if form == LAYOUT:
        return _layout_block(rng, table)
    return _html_block(table)


def _place_table(writer: _Writer, table: Table, style: Style, year: int) -> None:
    """Print the table's figures, add it to the letter under an introducing sentence, and
    record its truth."""
    rng = writer.rng
    _Printer(rng, table, style).print_table()
    writer.paragraph([rng.choice(INTROS)])
    if writer.form == LAYOUT and rng.random() < 0.5:
        writer.letter.lines.pop()  # pdftotext often sets the caption right under the text
    block = _render(rng, table, writer.form, year)
    at = writer.block(block)
    _record(writer.letter, table, block, at)


def _plan(rng: random.Random, form: str, year: int) -> tuple[list[Table], list[Style]]:
    """The letter's tables in order (an overview first, if any), with their styles."""
    count = rng.choice([0, 1, 1, 2, 2, 3, 4])
    overview = count >= 2 and rng.random() < 0.4
    shared = _frame(rng, form, year, overview=overview)
    tables: list[Table] = []
    styles: list[Style] = []
    first = 2 if overview else 1
    for number in range(first, first + count):
        frame = shared if overview or rng.random() < 0.4 else _frame(rng, form, year, overview=False)
        kind = "sum" if overview else rng.choice(["sum", "sum", "kader", "numbered"])
        table, style = _table(rng, number, frame, kind)
        tables.append(table)
        styles.append(style)
    if overview:
        table, style = _table(rng, 1, shared, "overview")
        closing = [(1, t.rows[-1]) for t in tables]
        table.rows[0].values = _sum_of(closing, len(shared.columns), rng, rounding=True)
        tables.insert(0, table)
        styles.insert(0, style)
    return tables, styles


def generate_letter(rng: random.Random, document_id: str) -> SyntheticLetter:
    """One letter in a text form chosen by ``rng`` (pdf-copy 2 : layout 1 : html-copy 1), with
    its truth: ``cells``, ``tables`` and ``relations``."""
    form = rng.choices(FORMS, weights=[2, 1, 1])[0]
    writer = _Writer(rng, document_id, form)
    year = rng.randint(2008, 2026)
    writer.add(writer.end((" " if form == PDF else "") + rng.choice(LETTERHEADS)))
    writer.blank()
    writer.add(writer.end("Aan de Voorzitter van de Tweede Kamer der Staten-Generaal"))
    writer.blank()
    writer.add(writer.end(f"Den Haag, {rng.randint(1, 28)} {rng.choice(MONTHS)} {year}"))
    writer.blank()
    reference = f"Kamerstuk {rng.randint(20000, 36999)}, nr. {rng.randint(1, 400)}"
    writer.letter.metadata = {"title": f"Synthetische brief {document_id}", "reference": reference}
    writer.prose(rng.randint(1, 2))
    tables, styles = _plan(rng, form, year)
    pending = list(zip(tables, styles))
    if tables and tables[0].kind == "overview":
        _place_table(writer, *pending.pop(0), year)
        writer.prose(1)
    sections = max(len(pending), 1) + rng.randint(0, 1)
    for index in range(1, sections + 1):
        writer.heading(f"{index}. {rng.choice(TOPICS)}")
        writer.prose(rng.randint(1, 2))
        if pending and (len(pending) > sections - index or rng.random() < 0.7):
            _place_table(writer, *pending.pop(0), year)
            writer.prose(1)
    writer.add(rng.choice(SIGNERS))
    writer.add(rng.choice(["A.B. Jansen", "M.L. Bakker", "J.M. de Boer"]))
    if form == LAYOUT:
        writer.letter.lines.append("\f")
    writer.letter.relations = _relations(tables)
    return writer.letter


def write_corpus(out: Path, docs: int, seed: int = 2015) -> list[SyntheticLetter]:
    """Write ``docs`` letters to ``out/raw`` (text and metadata) and their ground truth to
    ``out/expected/<id>.json`` ({"form", "cells", "tables", "relations"})."""
    rng = random.Random(seed)
    raw, expected = out / "raw", out / "expected"
    raw.mkdir(parents=True, exist_ok=True)
    expected.mkdir(parents=True, exist_ok=True)
    letters = []
    width = len(str(docs))
    for i in range(1, docs + 1):
        letter = generate_letter(rng, f"synthetic-{i:0{width}d}")
        (raw / f"{letter.document_id}.txt").write_text(letter.text, encoding="utf-8")
        (raw / f"{letter.document_id}.meta.json").write_text(
            json.dumps(letter.metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        truth = {"form": letter.form, "cells": letter.cells, "tables": letter.tables, "relations": letter.relations}
        (expected / f"{letter.document_id}.json").write_text(
            json.dumps(truth, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        letters.append(letter)
    return letters
