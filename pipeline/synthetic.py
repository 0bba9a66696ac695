"""A generator of synthetic letters with ground truth, for tests and benchmarks.

Each letter imitates a PDF text extraction of a Kamerbrief: a letterhead, an addressee,
"Den Haag, <date>", wrapped and hyphenated prose with page breaks (a line that starts
with one space), numbered sections and budget tables. The tables vary what real letters
vary: the unit (euro, duizend, mln, mld) and how it is written, the header style (unit
and periods on one line, or a caption line and a line of periods), year and non-year
periods, decimals, thousands separators, nil ("–", "-"), unknown ("p.m."), negatives in
several dashes, figures torn after their comma ("12, 5"), labels that end in digits,
labels wrapped over two lines, and blank lines between rows.

The generator does not use the extractor: it writes figures with its own formatting,
so the tests compare two independent implementations. The same seed gives the same bytes.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]
LETTERHEADS = ["FINANCIEN", "JUSTITIE EN VEILIGHEID", "ONDERWIJS, CULTUUR EN WETENSCHAP",
               "BINNENLANDSE ZAKEN EN KONINKRIJKSRELATIES", "INFRASTRUCTUUR EN WATERSTAAT",
               "VOLKSGEZONDHEID, WELZIJN EN SPORT"]
LABELS = ["Gemeentefonds", "Provinciefonds", "Politie", "Rechtspraak", "Jeugdzorg",
          "Onderwijsachterstanden", "Digitale weerbaarheid", "Dijkversterking", "Innovatie",
          "Uitvoeringskosten", "Toeslagen", "Huisvesting", "Vervoer", "Opvang", "Subsidies",
          "Bijdrage aan de EU", "Regeling 2019", "Fonds 2", "Maatregel 12", "Overige uitgaven"]
TOPICS = ["Versterking van de uitvoering", "Investeringen in de regio", "Ondersteuning van gemeenten",
          "Maatregelen voor de lange termijn", "Dekking", "Internationale samenwerking"]
WORDS = ("de het een van en in op te voor met dat is zijn wordt worden door bij ook aan om "
         "kabinet middelen uitvoering gemeenten regering begroting maatregelen structureel "
         "samenwerking investering capaciteit ondersteuning beleid jaren komende").split()
LONG_WORDS = ["uitvoeringsorganisaties", "begrotingsbehandeling", "investeringsprogramma",
              "verantwoordelijkheid", "maatschappelijke", "ondersteuningsstructuur"]
DASHES = ["–", "-", "−", "—"]
WIDTH = 72

# (unit in euros, how the unit is written on a header line, how it is written in a caption)
UNITS = [
    (1_000_000, ["In mln euro", "Bedragen in mln euro", "In miljoenen euro", "x € 1 mln", "(x € mln)"],
     ["(bedragen x € 1 mln)", "Bedragen in miljoenen euro", "(x € 1.000.000)"]),
    (1_000, ["Bedragen x € 1.000", "(x € 1.000)", "In duizenden euro"],
     ["(bedragen x € 1.000)", "Tabel: bedragen in duizenden euro's", "(x 1.000 euro)"]),
    (1_000_000_000, ["In mld euro", "Bedragen in miljarden euro", "x € 1 mld"],
     ["(bedragen x € 1 mld)", "(in miljarden euro)"]),
    (1, ["Bedragen in euro", "In euro"], ["(bedragen in euro)", "(in €)"]),
]
MAX_DECIMALS = {1: 0, 1_000: 2, 1_000_000: 2, 1_000_000_000: 3}


@dataclass
class SyntheticLetter:
    """One letter's text and what the extractor should find in it."""

    document_id: str
    lines: list[str] = field(default_factory=list)
    cells: list[dict] = field(default_factory=list)
    tables: list[dict] = field(default_factory=list)
    metadata: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def dutch_figure(mantissa: int, decimals: int, rng: random.Random, *, thousands: bool) -> str:
    """Write mantissa / 10**decimals the Dutch way, independently of the extractor."""
    negative = mantissa < 0
    digits = str(abs(mantissa)).rjust(decimals + 1, "0")
    whole, frac = (digits[:-decimals], digits[-decimals:]) if decimals else (digits, "")
    if thousands and len(whole) > 3:
        groups = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = ".".join([whole, *groups])
    text = f"{whole},{frac}" if frac else whole
    if negative:
        text = rng.choice(["-", "–", "−"]) + text
    return text


class _Writer:
    def __init__(self, rng: random.Random, document_id: str) -> None:
        self.rng = rng
        self.letter = SyntheticLetter(document_id)

    def add(self, line: str) -> int:
        self.letter.lines.append(line)
        return len(self.letter.lines)

    def blank(self) -> None:
        self.add("")

    def page_break_or(self, text: str) -> None:
        self.add(" " + text if self.rng.random() < 0.04 else text)

    def prose(self, sentences: int) -> None:
        rng = self.rng
        words: list[str] = []
        for _ in range(sentences):
            sentence = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
            if rng.random() < 0.6:
                sentence.insert(rng.randrange(len(sentence)), rng.choice(LONG_WORDS))
            if rng.random() < 0.2:  # prose mentions money and years too
                at = rng.randrange(len(sentence))
                sentence[at:at] = ["€", f"{rng.randint(1, 99)},{rng.randint(0, 9)}", "mln", "in",
                                   str(rng.randint(2010, 2030))]
            sentence[0] = sentence[0].capitalize()
            words.extend(sentence)
            words[-1] += "."
        line = ""
        for word in words:
            if len(line) + 1 + len(word) <= WIDTH:
                line = f"{line} {word}" if line else word
                continue
            if len(word) > 10 and rng.random() < 0.5:
                cut = rng.randint(4, len(word) - 4)
                self.page_break_or(f"{line} {word[:cut]}-")
                line = word[cut:]
                continue
            self.page_break_or(line + " ")
            line = word
        if line:
            self.page_break_or(line + " ")
        self.blank()

    def table(self, number: int, section: str | None, unit: tuple, periods: list[str],
              rows: list[tuple[str, list[int | None]]], decimals: int, *, overview: bool) -> None:
        rng = self.rng
        unit_eur, header_units, caption_units = unit
        self.add(rng.choice(["De bedragen zijn als volgt ", "Dit leidt tot de volgende reeks: ", "Tabel "]))
        self.blank()
        if rng.random() < 0.6:
            caption = f"{rng.choice(header_units)} {' '.join(periods)}"
            first = self.add(caption + rng.choice(["", " "]))
        else:
            unit_line = rng.choice(caption_units)
            first = self.add(unit_line)
            if rng.random() < 0.5:
                self.blank()
            lead = rng.choice(["", "", "Omschrijving ", "Maatregel "])
            self.add(lead + " ".join(periods) + " ")
            caption = f"{unit_line} {lead}{' '.join(periods)}"
        self.blank()
        thousands = rng.random() < 0.7
        for row_number, (label, values) in enumerate(rows, start=1):
            is_total = label.lower().startswith("totaal")
            cells = []
            for value in values:
                if value is None:
                    cells.append(rng.choice(["p.m.", "p.m"]))
                elif value == 0 and not is_total and rng.random() < 0.8:
                    cells.append(rng.choice(DASHES[:2]))
                else:
                    shown = decimals
                    if decimals and value % 10**decimals == 0 and rng.random() < 0.5:
                        value, shown = value // 10**decimals, 0
                    cells.append(dutch_figure(value, shown, rng, thousands=thousands))
            # A figure torn after its comma, as PDF extraction does.
            torn = [i for i, c in enumerate(cells) if "," in c]
            if torn and rng.random() < 0.15:
                i = rng.choice(torn)
                cells[i] = cells[i].replace(",", ", ")
            # A spaced minus sign, only where the column count requires it: on the first
            # figure, after a label that does not end in a digit.
            if (cells[0][:1] in "-–−" and len(cells[0]) > 1 and not label[-1].isdigit()
                    and rng.random() < 0.5):
                cells[0] = cells[0][0] + " " + cells[0][1:]
            label_lines = [label]
            if not is_total and " " in label and rng.random() < 0.1:
                head, tail = label.rsplit(" ", 1)
                if tail[:1].islower():
                    label_lines = [head, tail]
            for extra in label_lines[:-1]:
                self.add(extra)
            text = f"{label_lines[-1]} {' '.join(cells)}" + rng.choice(["", " "])
            if rng.random() < 0.03:
                text = " " + text  # a page break inside the table
            line = self.add(text)
            for period, value in zip(periods, values):
                year = int(period) if period.isdigit() else None
                self.letter.cells.append({
                    "table_number": number, "row_number": row_number, "row_label": label,
                    "is_total": is_total, "period": period, "year": year,
                    "amount_eur": None if value is None else value * unit_eur // 10**decimals,
                    "line": line,
                })
            if rng.random() < 0.05 and row_number < len(rows):
                self.blank()
        self.letter.tables.append({"table_number": number, "section": section, "caption": caption,
                                   "unit_eur": unit_eur, "first_line": first,
                                   "last_line": len(self.letter.lines)})
        self.blank()
        self.add(" ")
        self.blank()


def _periods(rng: random.Random, first_year: int) -> list[str]:
    years = [str(y) for y in range(first_year, first_year + rng.randint(2, 7))]
    roll = rng.random()
    if roll < 0.15:
        years.append("Structureel")
    elif roll < 0.2:
        years[-1] = f"{years[-1]} e.v."
    return years


def _rows(rng: random.Random, periods: int, decimals: int, unit_eur: int) -> list[tuple[str, list[int | None]]]:
    top = {1: 5_000_000, 1_000: 90_000, 1_000_000: 900, 1_000_000_000: 40}[unit_eur] * 10**decimals
    rows = []
    for label in rng.sample(LABELS, rng.randint(1, 6)):
        start = rng.randrange(periods) if rng.random() < 0.3 else 0
        values: list[int | None] = [0 if i < start else rng.randint(1, top) for i in range(periods)]
        if rng.random() < 0.15:
            i = rng.randrange(periods)
            values[i] = -(values[i] or 1)
        rows.append((label, values))
    return rows


def generate_letter(rng: random.Random, document_id: str) -> SyntheticLetter:
    writer = _Writer(rng, document_id)
    add = writer.add
    add(" " + rng.choice(LETTERHEADS) + " ")
    writer.blank()
    add("Aan de Voorzitter van de Tweede Kamer der Staten-Generaal ")
    writer.blank()
    year = rng.randint(2005, 2026)
    add(f"Den Haag, {rng.randint(1, 28)} {rng.choice(MONTHS)} {year} ")
    writer.blank()
    writer.letter.metadata = {"title": f"Synthetische brief {document_id}", "reference": f"Kamerstuk {rng.randint(20000, 36999)}, nr. {rng.randint(1, 400)}"}
    writer.prose(rng.randint(2, 6))
    if rng.random() < 0.1:  # a letter without tables
        add("Hoogachtend,")
        return writer.letter
    unit = rng.choice(UNITS)
    decimals = rng.randint(0, MAX_DECIMALS[unit[0]])
    periods = _periods(rng, rng.randint(year, year + 2))
    sections = []
    for _ in range(rng.randint(1, 4)):
        rows = _rows(rng, len(periods), decimals, unit[0])
        with_pm = rng.random() < 0.1
        if with_pm:
            rows[0][1][rng.randrange(len(periods))] = None
        totals = [None if any(v[i] is None for _, v in rows) else sum(v[i] for _, v in rows)
                  for i in range(len(periods))]
        sections.append((rows, totals))
    number = 0
    if len(sections) > 1 and rng.random() < 0.6:
        overview = [None if any(t[i] is None for _, t in sections) else sum(t[i] for _, t in sections)
                    for i in range(len(periods))]
        number += 1
        writer.table(number, None, unit, periods, [("Totaal", overview)], decimals, overview=True)
        writer.prose(rng.randint(1, 3))
    section = None
    for index, (rows, totals) in enumerate(sections, start=1):
        topic = rng.choice(TOPICS)
        section = f"{index}. {topic}"
        add(f"{index}. {topic}  ")
        writer.blank()
        writer.prose(rng.randint(1, 4))
        number += 1
        label = f"Totaal {rng.choice(['', 'spoor ', 'maatregel '])}{index}".replace("  ", " ")
        writer.table(number, section, unit, periods, rows + [(label, totals)], decimals, overview=False)
        writer.prose(rng.randint(1, 3))
    add("De Minister van Financiën,")
    return writer.letter


def write_corpus(out: Path, docs: int, seed: int = 2015) -> list[SyntheticLetter]:
    """Write ``docs`` letters to ``out/raw`` and their ground truth to ``out/expected``."""
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
            json.dumps(letter.metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        (expected / f"{letter.document_id}.json").write_text(
            json.dumps({"cells": letter.cells, "tables": letter.tables}, ensure_ascii=False) + "\n",
            encoding="utf-8")
        letters.append(letter)
    return letters
