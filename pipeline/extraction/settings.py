"""Every tolerance and vocabulary the extractor uses, in one place.

The stages read their thresholds from a ``Settings`` object instead of constants spread
through the code, so that a convention can be tuned (and tested) where it is declared.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

_TOKENS = itertools.count()


@dataclass(frozen=True)
class Settings:
    # Which settings these are, for what a line remembers of them (``text.per_line``): one
    # number per Settings made (``dataclasses.replace`` makes a new one), never reused.
    token: int = field(init=False, default_factory=_TOKENS.__next__, compare=False, repr=False)
    # ---- lines ----
    # A running page footer or header of a parliamentary paper.
    page_furniture: tuple[re.Pattern, ...] = (
        re.compile(r"^(?:Tweede|Eerste) Kamer, vergaderjaar \d{4}\s*[-–]\s*\d{4},.*\d+$", re.I),
        re.compile(r"^(?:pagina|blad)\s+\d+(?:\s+van\s+\d+)?$", re.I),
        re.compile(r"^\d{1,3}\s*/\s*\d{1,3}$"),
    )
    # A page number alone on a line (only where a line holds a whole row, not one cell).
    page_number: re.Pattern = re.compile(r"^-?\s*\d{1,3}\s*-?$")
    # Phrases of the source's typesetting (XPP) set apart on a line of their own or beside
    # each other: the first page's chamber and session title, the colophon in its margin
    # (the document's identifier, the series' ISSN, place and year) and the footer with its
    # page number. A line of such phrases and nothing else is furniture.
    typeset_furniture: tuple[re.Pattern, ...] = (
        re.compile(r"^(?:Tweede|Eerste) Kamer der Staten-Generaal$", re.I),
        re.compile(r"^Vergaderjaar \d{4}\s*[-–]\s*\d{4}$", re.I),
        re.compile(r"^(?:Tweede|Eerste) Kamer, vergaderjaar \d{4}\s*[-–]\s*\d{4}\b.*$", re.I),
        re.compile(r"^[a-z]{2,6}(?:-[a-z]{2,3})?-\d[\da-z]*(?:-[\da-z]+)*$"),  # kst-32545-143
        re.compile(r"^ISSN \d{4} ?[-–] ?\d{3}[\dX]$"),
        re.compile(r"^[’']s-Gravenhage \d{4}$"),
        re.compile(r"^\d{1,4}$"),  # a page number, only beside another such phrase
    )
    typeset_gap: int = 3  # spaces that set two phrases of one line apart
    # ---- prose ----
    max_label_words: int = 14  # a longer run of words is prose, not a row label
    max_row_label_words: int = 10  # words before the figures on one line of a row
    running_text_lowercase: float = 0.7  # share of a longer line's words in lowercase: a paragraph's
    prose_min_words: int = 6  # a line ending a sentence with this many words is prose
    sentence_break: re.Pattern = re.compile(
        r"\b(?!(?:incl|excl|bijv|resp|zgn|ca|art|nr)\.)[a-zë]{3,}[.!?;]\s+[A-Z][a-z]"
    )
    # ---- sections and the letter ----
    heading: re.Pattern = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+[A-ZÀ-Ý]")
    # The numbered questions and answers of Kamervragen (an Aanhangsel, a list of questions
    # and answers): a heading of the text, never a row with its figure.
    question_heading: re.Pattern = re.compile(r"^(?:Vraag|Vragen|Antwoord|Antwoorden)\s+\d{1,3}[a-z]?:?$", re.I)
    max_heading_lines: int = 3
    letterhead_search_lines: int = 40
    # ---- table regions ----
    caption_start: re.Pattern = re.compile(r"^(?:tabel|table|overzicht|staat)\b", re.I)
    max_caption_lines: int = 4  # caption lines above a table's header
    max_header_lines: int = 8  # header lines above a table's first row
    max_stub_words: int = 4  # words before the periods on a header line ("Bedragen in mln euro")
    # consecutive label or sub-heading lines inside a table (the end of one wrapped label
    # and a label of three lines of a row without figures)
    max_text_lines_in_body: int = 8
    # Lines above a lone row of figures, up to a blank line, searched for a unit that makes
    # it a table of one row (reported where no reader takes it).
    unit_reach_above_row: int = 6
    max_blank_lines_in_body: int = 2  # blank lines between rows of one table
    max_readings: int = 64  # whole readings of an ambiguous table tried against its totals
    # Words that open a column's name in a budget table: printed capitalised, one opens a
    # header cell and never stands inside one ("Stand | Mutaties 2015", not "Stand Mutaties").
    column_heads: frozenset[str] = frozenset(
        {"stand", "mutatie", "mutaties", "raming", "realisatie", "verschil", "ontwerpbegroting", "totaal"}
    )
    max_header_readings: int = 2000  # ways to put wrapped header cells back together, weighed at most
    max_header_steps: int = 20000  # steps spent looking for them before the header is reported
    # ---- rows ----
    # Label lines this long or longer may have been wrapped: a line was full when its
    # next word would not have fit (shorter labels tell nothing of a wrap width, unless
    # the table cuts a word at the end of a label line: "Integratie-" / "uitkeringen").
    min_wrap_width: int = 20
    # Words on each of the lines after a table's last row that may still end its label
    # ("HWBP" under "Vertragen"): more is a note or the text after the table.
    max_label_tail_words: int = 3
    # Words that start a row label (a breakdown of the row above), never continue one.
    label_starters: tuple[str, ...] = ("waarvan", "w.v.", "wv.", "waaronder", "w.o.", "af:", "bij:")
    # The financial instruments of the Rijksbegrotingsvoorschriften (Verantwoord Begroten,
    # since 2013): a begroting heads its rows with them ("Subsidies", "Opdrachten",
    # "Bijdrage aan medeoverheden", over them "Programma-uitgaven" and "Apparaatsuitgaven"),
    # lower-cased, without "aan", parentheses and a colon. A
    # line of one of these under a row heads the rows below; it does not end the label above.
    instrument_headings: frozenset[str] = frozenset(
        {
            "subsidies",
            "subsidies regelingen",
            "opdrachten",
            "bekostiging",
            "inkomensoverdrachten",
            "garanties",
            "leningen",
            "participaties",
            "bijdrage agentschappen",
            "bijdragen agentschappen",
            "bijdrage zbo's/rwt's",
            "bijdragen zbo's/rwt's",
            "bijdrage medeoverheden",
            "bijdragen medeoverheden",
            "bijdrage internationale organisaties",
            "bijdrage nationale organisaties",
            "bijdrage inter nationale organisaties",
            "bijdrage andere begrotingshoofdstukken",
            "bijdrage begrotingshoofdstukken",
            "bijdrage sociale fondsen",
            "personele uitgaven",
            "materiële uitgaven",
            # and the two parts of an article's amounts the rules set apart
            "programma-uitgaven",
            "programmauitgaven",
            "apparaatsuitgaven",
            "apparaatuitgaven",
            "programma-ontvangsten",
            "programmaontvangsten",
            "apparaatsontvangsten",
        }
    )
    # The rows of the models a baten-lastenagentschap reports in (its staat van baten en
    # lasten, its kasstroomoverzicht; Rijksbegrotingsvoorschriften) that head items or stand
    # with blank cells ("Afschrijvingskosten" over "Materieel", "Kapitaalontvangsten"):
    # lower-cased. Like an instrument, such a line under a row does not end its label.
    statement_headings: frozenset[str] = frozenset(
        {
            "afschrijvingskosten",
            "rentelasten",
            "rentebaten",
            "kapitaalontvangsten",
            "kapitaaluitgaven",
            "apparaatskosten",
            "dotaties voorzieningen",
            "vrijval voorzieningen",
            "bijzondere lasten",
            "bijzondere baten",
        }
    )
    # The two parts of an article's amounts, as a row names them under a bijstelling
    # ("Loonbijstelling" over "programma" and "apparaat"): lower-cased.
    budget_parts: frozenset[str] = frozenset({"programma", "apparaat"})
    # Words that do not end a label: a label line ending in one goes on below.
    linking_words: frozenset[str] = frozenset(
        {
            "de",
            "het",
            "een",
            "van",
            "en",
            "of",
            "voor",
            "aan",
            "in",
            "op",
            "met",
            "naar",
            "bij",
            "door",
            "over",
            "tot",
            "t/m",
            "uit",
            "om",
            "te",
            "per",
            "als",
            "dan",
            "vanuit",
            "ten",
            "ter",
            "inzake",
            "inclusief",
            "excl.",
            "incl.",
            "exclusief",
            "en/of",
        }
    )
    # An article code or row number in a column of its own: "12.02", "12.02.01", "2.4.", "7".
    article_code: re.Pattern = re.compile(r"^\d{1,3}(?:\.\d{1,2})+\.?$")
    row_number: re.Pattern = re.compile(r"^\d{1,3}$")
    # A budget chapter's number in a column of its own: with its letter ("2A", "9B"), or in
    # Roman numerals as the Rijksbegroting numbers its chapters ("I", "IIA", "XIII", "XVIII").
    lettered_code: re.Pattern = re.compile(r"^(?:\d{1,3}[A-Z]|(?=[IVX])X{0,2}(?:IX|IV|V?I{0,3})[AB]?)$")
    # A row labelled by a range of amounts, as a staffel of thresholds prints it: "< 50", "=> 50 en < 200".
    range_label: re.Pattern = re.compile(r"^(?:[<>≤≥]=?|=>|=<)\s*\d")
    # A number that leads a label ("1.", "2)", "3a."): a code when it stands left of where the labels start.
    row_enumerator: re.Pattern = re.compile(r"^\(?\d{1,3}[a-z]?[.)]$")
    # Header names of columns that are not amounts: codes before the label, notes after.
    code_column_names: frozenset[str] = frozenset(
        {
            "art.",
            "art",
            "art.nr.",
            "art.nr",
            "artikel",
            "artikelnr.",
            "artikelnr",
            "artikelnummer",
            "nr.",
            "nr",
            "nummer",
            "code",
        }
    )
    note_column_names: frozenset[str] = frozenset({"noot", "noten", "toelichting", "zie", "bron", "vindplaats"})

    def __post_init__(self) -> None:
        object.__setattr__(self, "wide_gap", re.compile(rf"\S\s{{{self.column_gap},}}\S"))

    def names_non_amount_column(self, header: str) -> bool:
        """A header cell that names a column of codes or notes, however it is spaced ("Art. nr.")."""
        return self.names_code_column(header) or "".join(header.split()).lower() in self.note_column_names

    def names_code_column(self, header: str) -> bool:
        """A header cell that names a column of codes ("Art. nr.", "Artikelnr."), however it is spaced."""
        return "".join(header.split()).lower() in self.code_column_names

    def opens_with_non_amount_name(self, header: str) -> bool:
        """A header cell that starts with the name of a column of codes or notes, with what
        else a cell spanning the table left on it ("Artikelnr. 2016" under "Uitgaven 2016")."""
        words = header.split()
        return any(self.names_non_amount_column("".join(words[:k])) for k in range(1, len(words) + 1))

    # The three amounts a budget article states (Rijksbegrotingsvoorschriften: the
    # "VUO" rows): a row so labelled is whole; a capitalised line under it heads the rows
    # below ("Uitgaven" over "Financiering" / "gemeenten").
    whole_labels: frozenset[str] = frozenset({"verplichtingen", "uitgaven", "ontvangsten"})

    def heads_rows(self, words: list[str]) -> bool:
        """Whether a line's words name what heads a begroting's rows or stands as a row of its
        own: one of the budget's financial instruments (``instrument_headings``), or a row of
        an agentschap's statement (``statement_headings``). Such a line under a row does not
        end its label."""
        name = " ".join(words).lower().replace("(", " ").replace(")", " ").replace("’", "'").rstrip(": ")
        name = " ".join(w for w in name.split() if w != "aan")
        return name in self.instrument_headings or name in self.statement_headings

    # Values a non-amount column may hold: codes, small integers, "Div.", "alle".
    # Words a non-amount column after the figures may hold (rows ending in them are rows).
    extra_words: frozenset[str] = frozenset({"div", "div.", "diversen", "alle", "div.art.", "n.v.t."})
    extra_value: re.Pattern = re.compile(r"^(?:\d{1,3}(?:\.\d{1,2})*\.?|[A-Za-z]{1,5}\.?|\*+)$")
    total_label: re.Pattern = re.compile(
        r"^(?:\(?\d+[a-z]?[.)]\s+|[-–—]\s*)?(?:sub|eind|generaal\s+)?(?:totaal|totale)\b", re.I
    )
    # A footnote mark glued to a header or label word: "Realisatie1", "fondsen1", "kader*".
    glued_note: re.Pattern = re.compile(r"(?<=[A-Za-zë]{3})(?:\d{1,2}|\*{1,3}\)?)$|(?<=\))(?:\d{1,2}|\*{1,3})$")
    # A footnote mark standing alone, as a PDF sets one raised on a line of its own ("1", "*").
    note_mark: re.Pattern = re.compile(r"^(?:\d{1,2}|\*{1,3})$")
    glued_year_note: re.Pattern = re.compile(r"^((?:19|20)\d\d)(\d{1,2}|\*)$")
    # ---- where a table starts, and in which form (pipeline.extraction.regions) ----
    lone_cell_words: int = 4  # words a line of one cell (a figure, "p.m.", a percentage) may have
    content_lookahead: int = 3  # lines past blanks and furniture in which a table's next line stands
    # One cell a line: judged on the lines after the first lone cell up to the prose after it.
    # A browser copy sets a blank line after nearly every cell; plain pdftotext does not.
    cells_window: int = 36
    cells_spaced_share: float = 0.9
    # A row of figures amid the one-cell lines of a browser copy is no table start: the lines
    # this far on either side set a blank line after this share of theirs, and three lone cells
    # stand within ``browser_copy_nearby`` lines.
    browser_copy_window: int = 8
    browser_copy_spaced_share: float = 0.8
    browser_copy_nearby: int = 40
    lone_cells_of_a_table: int = 3  # lone cells that make one-cell-a-line text a table (or its part)
    # A caption or line of periods without rows under it (reported, not passed over): the lines
    # under it looked at for periods, and how far past them a row would make it a table.
    caption_block_lines: int = 8
    caption_rows_after: int = 10
    # ---- one cell a line (browser copies: forms.html_copy) ----
    max_amount_columns: int = 24  # amount columns a table of one cell a line is read with at most
    max_extra_columns: int = 2  # code or note columns before or after the amounts
    caption_cell: re.Pattern = re.compile(r"^(?:tabel|table)\b", re.I)  # a caption, not a stub
    # ---- columns in aligned text (pdftotext -layout) ----
    column_gap: int = 2  # spaces that separate two cells on a line
    # Two words that far apart (``column_gap`` or more spaces between them), as a quick test
    # before a line's tokens are looked at; kept equal to ``column_gap`` by ``__post_init__``.
    wide_gap: re.Pattern = field(init=False, compare=False, repr=False, default=re.compile(r"\S\s{2,}\S"))
    # A PDF's header line set closer under the line above it than this share of the
    # table's row pitch is a wrapped cell's next line, not a row of its own: a table's
    # rows have padding (0.73 against 1.0 on the real-table PDFs).
    wrapped_line_pitch: float = 0.85
    # A note mark on a line of its own set closer above the word below it than this share of
    # the next line's pitch is raised on that word ("2010¹"), not a line of the header.
    raised_mark_pitch: float = 0.5
    edge_tolerance: int = 4  # characters a header word's edge may miss its column's
    # ---- the source's XML (pipeline.extraction.xml_letter, forms.xml) ----
    # Roots of the documents read: officielebekendmakingen's, and wetten.overheid.nl's (BWB,
    # the same publisher's CALS tables); any other XML is reported, not read as an empty letter.
    xml_document_roots: frozenset[str] = frozenset({"officiele-publicatie", "toestand"})
    # Elements set apart from the words around them (paragraphs, list items, a heading's
    # number and title, line breaks): "<al>Personeel</al><al>en materieel</al>" are two words.
    xml_block_elements: frozenset[str] = frozenset(
        {"al", "al-groep", "lijst", "li", "li.nr", "kop", "tussenkop", "nr", "titel", "tekstregel", "regel", "br"}
    )
    # Notes, footnotes among them (``noot type="voet"``, with their mark): no part of the text
    # of a cell or paragraph, and no figure of a table.
    xml_note_elements: frozenset[str] = frozenset({"noot"})
    # Bold type (``<nadruk type="vet">``): a table without ``thead`` heads its body with bold rows.
    xml_emphasis: str = "nadruk"
    xml_bold: str = "vet"
    # What may stand around a figure in a cell that the figure reader does not take ("f 3 000",
    # "€ 1,2 mln", "1.200*"): a table with such a cell holds figures, so it is read or reported,
    # never passed over as a table of text.
    figure_prefix: re.Pattern = re.compile(r"^(?:€|eur\b|f\b|ƒ|hfl\b\.?)\s*", re.I)
    figure_suffix: re.Pattern = re.compile(r"\s*(?:euro|mln\.?|mld\.?|mrd\.?|miljoen|miljard|duizend|\*{1,3})$", re.I)
    # ---- consistency (used by pipeline.consistency) ----
    breakdown_label: re.Pattern = re.compile(r"^(?:[-–—]\s*)?(?:waarvan|w\.v\.|wv\.|waaronder|w\.o\.)\b", re.I)
    # A budget stage: what a stage table's mutations change into the next stage.
    stage_label: re.Pattern = re.compile(
        r"^(?:\(?\d+[a-z]?[.)]\s+)?(?:stand\b|vastgestelde\s+begroting\b|ontwerp-?\s?begroting\b)", re.I
    )
    formula: re.Pattern = re.compile(r"\((?:(?P<self>\d+)\s*=\s*)?(?P<expr>\d+(?:\s*(?:[+\-–]|t/m)\s*\d+)+)\)")


DEFAULT = Settings()
