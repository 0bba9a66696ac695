"""Row labels from the lines of a table body: wrapped labels joined, sub-headings told
apart, codes split off. Shared by the readers of text forms that print a row per line.

A text line (no figures) between two rows ends the label above it (its figures were on
the label's first line), starts the label below it (figures on the last line), or is a
sub-heading. What the letter shows decides first: in a PDF, the line's pitch (as close as
a wrapped cell's next line, or a row apart: ``Piece.close``); a line that opens with a
code shaped like the rows' own opens a label, and a row that opens with its number or such
a code takes no line above it; the one line before a row numbered from 1 again is a
sub-heading. Else it ends the label above when it goes on in lowercase or closes a
parenthesis, or when that label links down (a hyphen, a linking word, an open
parenthesis); it starts the label below likewise, unless, in a column of labels, it had
room for that label's first word (then it was not wrapped: "Waarvan" over "eigen
personeel"). Where neither says, the width of the label column decides: a line was full
when its next word would not have fit, and a full line was wrapped, the way the table
wraps its labels elsewhere; but never onto a label the table prints whole on two or more
rows. Lines up to one ending in ":" are a sub-heading.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.extraction import text
from pipeline.extraction.grid import GridCell, GridRow, Unreadable
from pipeline.extraction.hyphenation import SOFT_HYPHEN
from pipeline.extraction.settings import Settings

_ENUMERATOR = re.compile(r"^\(?\w{1,3}\)$")  # "2)", "a)", "(iv)"
# A list's number or letter in parentheses: "(1)", "(a)", "(iv)"; not an abbreviation ("(BIV)").
_PARENTHESISED_NUMBER = re.compile(r"^\((?:\d{1,3}|[a-z]|[ivx]{1,4})\)$")
NOT_LINKING = {"en", "of", "tot", "en/of"}
_LIST_MARKS = ("-", "–", "—", "•")  # what opens an item of a list ("– materieel")


# a text copy breaks its lines where the PDF did, but its characters show no column: a line
# between two rows that only the labels' widest line joins to one of them is not certain
WIDTH_ALONE = (
    "a line of text between two rows may end the label above, start the label below or head the "
    "rows below, and a text copy does not show which: only the width of its labels would say"
)


def join_wrapped(parts: list[str]) -> str:
    """Join lines of one phrase. A line that ends in a hyphen after a letter, with the next
    going on in lowercase ("preven-" + "tieve", "Btw-" + "compensatiefonds"), is joined with
    a soft hyphen: whether the hyphen is the word's or the wrap's is the letter's to tell
    (``hyphenation.resolve``). Before a capital or a digit ("Noord-" + "Brabant", "t-" +
    "1", "COVID-" + "19") the hyphen is the word's; before "en" or "of" ("loon- en
    prijsbijstelling") the words stay apart. A formula of row numbers wrapped after an
    operator ("(1-2-" + "3+4+5)", "(4=" + "(1)t/m(3))") is joined as printed."""
    joined = parts[0].strip()
    for part in parts[1:]:
        part = part.strip()
        first = part.split()[0] if part else ""
        if joined[-1:] in ("-", "+", "=") and joined[-2:-1].isdigit() and _opens_with_a_number(first):
            joined = joined + part  # a formula of row numbers wrapped: "(1-2-" + "3+4+5)", "(4=" + "(1)t/m(3))"
            continue
        if joined.endswith("-") and len(joined) > 1 and joined[-2].isalpha() and first not in NOT_LINKING:
            if first[:1].islower():
                joined = joined[:-1] + SOFT_HYPHEN + part
                continue
            if first[:1].isupper() or first[:1].isdigit():
                joined = joined + part
                continue
        joined = f"{joined} {part}"
    return " ".join(joined.split())


def _opens_with_a_number(word: str) -> bool:
    """Whether a word opens with a number, bare or in parentheses ("3+4+5)", "(1)t/m(3))")."""
    return word[:1].isdigit() or (word[:1] == "(" and word[1:2].isdigit())


def join(parts: list[list[str]]) -> str:
    texts = [" ".join(p) for p in parts if p]
    return join_wrapped(texts) if texts else ""


def open_parenthesis(words: list[str]) -> bool:
    joined = " ".join(words)
    return joined.count("(") > joined.count(")")


def in_capitals(words: list[str]) -> bool:
    """Label words set in capitals ("UITGAVEN", "VERPLICHTINGEN – 5,7"): a table's heading
    of its parts, where more than one line of the table is so set. Figures do not count;
    a word of four letters or fewer may be an abbreviation ("HGIS", "(BIV)")."""
    letters = [w for w in ("".join(ch for ch in word if ch.isalpha()) for word in words) if w]
    return bool(letters) and max(len(w) for w in letters) > 4 and all(w.isupper() for w in letters)


def _capitals_apart(words: list[str], other: list[str], capitals: bool) -> bool:
    """A line in capitals beside label words that are not, where the table heads its parts
    in capitals (``capitals``): the heading of the table's next part ("ONTVANGSTEN")."""
    return capitals and in_capitals(words) and not in_capitals(other)


def starts_label(words: list[str], settings: Settings) -> bool:
    """A word that opens a row of its own ("waarvan …", "– waarvan …", "- Incidenteel")."""
    if not words:
        return False  # a row without a label (its label cell is blank)
    if (words[0] in _LIST_MARKS or words[0] == "*") and len(words) > 1:
        return True  # an item of a list
    first = words[0].lower().lstrip("–-—").strip()
    return any(first.startswith(s) for s in settings.label_starters)


def links_down(words: list[str], settings: Settings) -> bool:
    """A label line that goes on below: it ends in a hyphen, a linking word, or leaves a
    parenthesis open."""
    last = words[-1]
    return (
        (last.endswith("-") and len(last) > 1 and last[-2].isalpha())
        or last.lower() in settings.linking_words
        or open_parenthesis(words)
    )


def goes_on(words: list[str], settings: Settings) -> bool:
    """Label words that continue the line above: lowercase (not a new breakdown row),
    closing a parenthesis opened there, or opening with one that is no list number ("(BIV)")."""
    joined = " ".join(words[1:] if _ENUMERATOR.match(words[0]) else words)
    closes = joined.count(")") > joined.count("(")
    # "(BIV)" under "Internationale Inzet": the name's abbreviation, in parentheses after it
    aside = words[0].startswith("(") and not _PARENTHESISED_NUMBER.match(words[0]) and text.has_letters(words[:1])
    return (words[0][:1].islower() and not starts_label(words, settings)) or closes or aside


@dataclass
class Piece:
    """One line of a table body: a row (its label words on this line and its cells) or a
    line of text."""

    index: int
    words: list[str]  # the label words on this line
    cells: list[GridCell | None] | None = None  # None: a line of text
    code: str | None = None
    # a PDF's: set as close under the line above as a wrapped cell's next line (True: part
    # of the same label) or as far as the table's rows (False: a row of its own); None in
    # a text, which cannot show it
    close: bool | None = None

    @property
    def is_row(self) -> bool:
        return self.cells is not None


@dataclass
class _Row:
    row: GridRow
    last_line: list[str] = field(default_factory=list)


@dataclass
class Body:
    """A table's lines below its header as a reader walks them: rows, the text lines
    between them (label lines, sub-headings) and page breaks, and where the table ends."""

    items: list[tuple[str, int]] = field(default_factory=list)  # ("row"|"text"|"page", line index)
    end: int = 0  # index after the table's last line

    def rows(self) -> list[int]:
        """The row lines met so far."""
        return [i for kind, i in self.items if kind == "row"]

    def add_row(self, i: int, pending: list[int]) -> None:
        """A row, after the text lines met since the last one."""
        self.items.extend(("text", p) for p in pending)
        pending.clear()
        self.items.append(("row", i))

    def add_text(self, i: int, pending: list[int], settings: Settings) -> bool:
        """A text line met after the last row (a label part or a sub-heading); False when
        there are more of them in a row than a table holds: the table has ended."""
        pending.append(i)
        return len(pending) <= settings.max_text_lines_in_body

    def close(
        self,
        lines: list,
        pending: list[int],
        first: int,
        settings: Settings,
        close: Callable[[int], bool | None] = lambda i: None,
    ) -> Body:
        """End the table after its last row and the text lines that end that row's label
        (``close``: whether a PDF sets a line as close under the one above as a wrapped
        label's next line, or a row apart; None where it cannot tell)."""
        rows = self.rows()
        last = rows[-1] if rows else first
        capitals = any(in_capitals(lines[i].words) for kind, i in self.items if kind in ("row", "text"))
        for p in label_tail(lines, pending, last, settings, close, capitals=capitals):
            self.items.append(("text", p))
            last = p
        while self.items and self.items[-1][0] == "page":
            self.items.pop()
        self.end = last + 1
        return self


def label_tail(
    lines: list,
    pending: list[int],
    last_row: int,
    settings: Settings,
    close: Callable[[int], bool | None] = lambda i: None,
    *,
    capitals: bool = False,
) -> list[int]:
    """The text lines right after a table's last row that still end its label (the figures
    stand on the label's first line): a line a PDF sets as close as a wrapped label's next
    line, else one of no letters or going on in lowercase; never one a PDF sets a row apart,
    nor a line in capitals under a label that is not, where the table heads its parts in
    capitals (``capitals``: "ONTVANGSTEN" after "UITGAVEN" and its rows)."""
    tail: list[int] = []
    last = last_row
    for p in pending:
        words = lines[p].words
        set_close = close(p)
        if p != last + 1 or set_close is False:
            break
        if _capitals_apart(words, lines[last].words, capitals):
            break
        if not set_close and (
            text.has_letters(words)
            and (not words[0][:1].islower() or starts_label(words, settings))
            and not _short_tail(lines, p, pending, settings)
        ):
            break
        tail.append(p)
        last = p
    return tail


def _short_tail(lines: list, p: int, pending: list[int], settings: Settings) -> bool:
    """A few words on the table's last lines, after its last row and before the text that
    follows ("HWBP" under "Vertragen"): no sub-heading, for no row stands under them, nor
    prose or a note ("Bron: …", "* …"); the rest of that row's label."""
    words = lines[p].words
    last_lines = pending[pending.index(p) :]
    return (
        len(words) <= settings.max_label_tail_words
        and all(len(lines[k].words) <= settings.max_label_tail_words for k in last_lines)
        and not any(text.is_prose(lines[k], settings) for k in last_lines)
        and not any(ch.isdigit() for w in words for ch in w)
        and words[0][:1].isalpha()
        and not words[-1].endswith(":")
        and words[0].lower().rstrip(":") not in settings.note_column_names
    )


def assemble(
    pieces: list[Piece],
    columns: int,
    settings: Settings,
    *,
    set_in_a_column: bool = False,
    doubts: list[int] | None = None,
) -> list[GridRow]:
    """The rows of a table body, labels joined, sub-headings as rows without cells.
    ``set_in_a_column``: the labels stand in a column of their own, wrapped to its width
    (a layout text, a PDF), so a line with room left was not wrapped (``_had_room``); a
    text copy's label lines show no column, and letters break them where they like: where
    only the width of its labels places a line between two rows (``WIDTH_ALONE``), the
    line's index goes to ``doubts`` (the reading is the table only if nothing else can be;
    without a list to take it, the table is ``Unreadable``)."""
    doubted = None if set_in_a_column else ([] if doubts is None else doubts)
    # a note mark set raised on a line of its own between a label's lines ("*"): no words of it
    pieces = [p for p in pieces if p.is_row or not p.words or any(w.strip("*") for w in p.words)]
    labelled = [p.words for p in pieces if p.words]
    cuts = _cuts_words(pieces, settings)
    width = _wrap_width(max((len(" ".join(w)) for w in labelled), default=0), cuts, settings)
    # the widest line of a row's own label: no wider than the label column, where a
    # sub-heading or a note may run across the table (0: no line is known to have room)
    row_width = (
        _wrap_width(max((len(" ".join(p.words)) for p in pieces if p.is_row and p.words), default=0), cuts, settings)
        if set_in_a_column
        else 0
    )
    style = _wrap_style(pieces, settings)
    coded = _coded(pieces)
    whole = _repeated_labels(pieces, settings)
    whole_alone = _labels_whole_on_their_line(pieces, whole, settings)
    # the table heads its parts in capitals ("UITGAVEN" … "ONTVANGSTEN"): a line so set
    # neither ends nor starts a label that is not
    capitals = sum(in_capitals(p.words) for p in pieces) >= 2
    # rows that open with a bare number ("3 Regionale opgaven"), two or more: the table numbers its rows
    numbered = sum(1 for p in pieces if p.is_row and _opens_with_bare_number(p.words, settings)) >= 2
    coded_rows = any(p.is_row and (p.code or _opens_with_article(p.words, settings)) for p in pieces)
    # only where labels stand in a column: a text copy breaks its lines where it likes
    heads_lists = set_in_a_column and _heads_lists(pieces, settings)
    heads_instruments = _heads_instruments(pieces, settings)

    out: list[_Row] = []
    k = 0
    while k < len(pieces):
        piece = pieces[k]
        if piece.is_row:
            out.append(
                _Row(
                    GridRow(
                        piece.index, join([piece.words]) if piece.words else "", list(piece.cells or []), piece.code
                    ),
                    piece.words,
                )
            )
            k += 1
            continue
        block: list[Piece] = []
        while k < len(pieces) and not pieces[k].is_row:
            block.append(pieces[k])
            k += 1
        below = pieces[k] if k < len(pieces) else None
        above = out[-1] if out and not out[-1].row.is_subheading else None
        heading_block = any(p.words[-1].endswith(":") for p in block)
        # a row labelled by a figure alone ("2015")
        figure_below = below is not None and bool(below.words) and not text.has_letters(below.words)
        if above is not None:
            block = block[
                _end_label_above(
                    block,
                    above,
                    below,
                    style,
                    heading_block,
                    figure_below,
                    coded,
                    width,
                    settings,
                    capitals=capitals,
                    whole_alone=whole_alone,
                    heads_lists=heads_lists,
                    heads_instruments=heads_instruments,
                    heading_openings=_heading_openings(out),
                    doubts=doubted,
                ) :
            ]
        # the start of the label below
        starts: list[Piece] = []
        if below is not None and not _opens_with_code(below, coded, settings, numbered=numbered):
            starts = _label_start_below(
                block,
                below,
                style,
                heading_block,
                figure_below,
                width,
                row_width,
                whole,
                settings,
                capitals=capitals,
                doubts=doubted,
            )
            if starts and not coded_rows and _opens_with_article(starts[0].words, settings):
                starts = []  # "36.2 Nationale Veiligheid …" over rows without codes: the article's heading
            block = block[: len(block) - len(starts)]
        # what is left: sub-headings, a wrapped one joined up to its colon
        _no_numbered_item_without_figures(block, above, below)
        out.extend(_subheadings(block, columns, width, settings))
        if below is not None:
            parts = [p.words for p in starts] + ([below.words] if below.words else [])
            out.append(
                _Row(
                    GridRow(
                        starts[0].index if starts else below.index,
                        join(parts) if parts else "",
                        list(below.cells or []),
                        below.code,
                    ),
                    below.words,
                )
            )
            k += 1
    if doubted and doubts is None:
        raise Unreadable(doubted[0], WIDTH_ALONE)
    return [r.row for r in out]


def _end_label_above(
    block: list[Piece],
    above: _Row,
    below: Piece | None,
    style: str | None,
    heading_block: bool,
    figure_below: bool,
    coded: Callable[[list[str]], bool],
    width: int,
    settings: Settings,
    *,
    capitals: bool = False,
    whole_alone: frozenset[tuple[str, ...]] = frozenset(),
    heads_lists: bool = False,
    heads_instruments: bool = False,
    heading_openings: frozenset[tuple[str, str]] = frozenset(),
    doubts: list[int] | None = None,
) -> int:
    """How many of the block's first lines end the label of the row above; they are joined
    to it. Where the numbering starts (again) below, the block ends in a sub-heading, its
    last phrase, unless the whole block goes on from the label above. A capitalised line
    that opens with the two words of one of the table's sub-headings above it is a
    sub-heading too (``heading_openings``: "Uitgavenmutaties met aanpassing …" then
    "Uitgavenmutaties met beslag …"), the table's own pattern."""
    restarts = below is not None and _opens_numbering(above, below)
    heading_from = _last_phrase(block, settings) if restarts else len(block)
    instrument = _instrument_line(block, settings)
    taken = 0
    for k, piece in enumerate(block):
        words = piece.words
        if instrument is not None and k >= instrument and not piece.close:
            break  # "Opdrachten", "Bijdragen aan" / "ZBO's/RWT's": the rows below
        if figure_below and taken == len(block) - 1:
            break  # a row labelled by a figure alone ("2015") ends a label that its last line starts
        if piece.close is False or coded(words) or _opening(words) in heading_openings:
            break  # a row of its own, a line that opens with a code like the rows' own or like a sub-heading
        if (
            _heads_a_part(words, above, bool(taken), settings, capitals, whole_alone)
            or _numbers_next(above, words)
            or _opens_a_total(piece, below, settings)
        ):
            break
        if _heads_a_group(
            block, k, instrument, bool(taken), above, below, settings, lists=heads_lists, instruments=heads_instruments
        ):
            break
        if restarts and heading_from == 0 and not (goes_on(words, settings) or links_down(above.last_line, settings)):
            break  # the block is one phrase, the sub-heading, unless it goes on from above
        if 0 < heading_from <= taken:
            break
        if not _ends_the_label(piece, above, below, style, heading_block, width, settings, doubts):
            break
        above.row.label = join([above.row.label.split(), words])
        above.last_line = words
        taken += 1
    return taken


def _ends_the_label(
    piece: Piece,
    above: _Row,
    below: Piece | None,
    style: str | None,
    heading_block: bool,
    width: int,
    settings: Settings,
    doubts: list[int] | None,
) -> bool:
    """Whether a line under a row ends its label: by its words (it goes on from the label,
    the label links down to it, or it closes the table), or by the width the labels wrap
    at. In a text copy the width decides only where the table's certain wrapped labels
    show that it prints a label's figures on its first line (``style`` "first");
    elsewhere the line is ``WIDTH_ALONE``, and the table is reported."""
    words = piece.words
    by_words = (
        piece.close
        or below is None  # the table's last lines (label_tail): no sub-heading closes a table
        or _code_alone(above.row.label, settings)  # "7.4" over "Wisselkoersreserve": a code is no label
        or goes_on(words, settings)
        or links_down(above.row.label.split(), settings)
        or not text.has_letters(words)
    )
    if by_words:
        return True
    by_width = (
        style != "last"
        and not heading_block
        and not starts_label(words, settings)
        and not above.row.label.endswith(":")  # "Uitgaven:" is whole
        and _full(above.last_line, words, width)
    )
    if by_width and doubts is not None and style != "first":
        doubts.append(piece.index)
    return by_width


def _code_alone(label: str, settings: Settings) -> bool:
    """A row's label that is only an article's code ("7.4"): its name is on the lines below."""
    return bool(settings.article_code.match(label))


def _opens_a_total(piece: Piece, below: Piece | None, settings: Settings) -> bool:
    """Whether a line without figures under a row is a total's label ("Totaal"): a row of
    its own that never ends the label above. At the table's foot (``below`` None) its
    figures stand below the lines the table holds: ``Unreadable``."""
    words = piece.words
    if not settings.total_label.match(" ".join(words)):
        return False
    if below is None:
        raise Unreadable(
            piece.index,
            f"the total row '{' '.join(words)}' ends the table with no figures on its line: "
            "they stand below it, apart from the table's rows",
        )
    return True


def _opening(words: list[str]) -> tuple[str, str] | None:
    """A capitalised line's first two words (lowercase); None for any other line."""
    if len(words) < 3 or not words[0][:1].isupper() or not words[0].isalpha():
        return None
    return words[0].lower(), words[1].lower()


def _heading_openings(rows: list[_Row]) -> frozenset[tuple[str, str]]:
    """The openings (``_opening``) of the sub-headings among the rows so far."""
    return frozenset(
        opening for r in rows if r.row.is_subheading and (opening := _opening(r.row.label.split())) is not None
    )


def _heads_a_part(
    words: list[str],
    above: _Row,
    taken: bool,
    settings: Settings,
    capitals: bool,
    whole_alone: frozenset[tuple[str, ...]],
) -> bool:
    """Whether a line under a row is, by what the table or the budget's words show, no
    end of that row's label but a heading of what follows: in capitals where the table
    heads its parts so ("ONTVANGSTEN"); under a label the table prints alone over another
    row ("Overige mutaties") or under one of an article's three amounts ("Uitgaven"); an
    article's code and name ("36.2 Nationale Veiligheid")."""
    on = goes_on(words, settings) or links_down(above.last_line, settings)
    label = above.row.label
    return (
        _capitals_apart(words, above.last_line, capitals)
        or (not taken and not on and _unnumbered(label.split(), settings) in whole_alone)
        or (label.lower().rstrip(":") in settings.whole_labels and not goes_on(words, settings))
        # a budget stage ("Stand begrotingsafspraken 2014") under which the next part's name
        # stands ("Sociale Zekerheid en Arbeidsmarkt")
        or (bool(settings.stage_label.match(label)) and not on and text.has_letters(words))
        or (_opens_with_article(words, settings) and not links_down(above.last_line, settings))
        or (not taken and _the_other_part(label, words, settings))
    )


def _the_other_part(label: str, words: list[str], settings: Settings) -> bool:
    """A line that names the other of the budget's two parts under a row named by one
    ("apparaat" under "programma", both items of "Loonbijstelling"): a row of its own;
    no label reads "programma apparaat"."""
    parts = settings.budget_parts
    name, line = label.lower().strip(" :"), " ".join(words).lower().strip(" :")
    return name in parts and line in parts and name != line


def _instrument_line(block: list[Piece], settings: Settings) -> int | None:
    """Where a block's first line naming a financial instrument is, alone ("Opdrachten")
    or wrapped onto the next line ("Bijdragen aan" / "ZBO's/RWT's"); None for none."""
    for k, piece in enumerate(block):
        if goes_on(piece.words, settings):
            continue  # "materiële" / "uitgaven" goes on from the line above
        if settings.heads_rows(piece.words) or (
            k + 1 < len(block) and settings.heads_rows(piece.words + block[k + 1].words)
        ):
            return k
    return None


def _shape(word: str) -> str:
    """A code's shape: letters as "A", digits as "9" ("U0113" and "U0114": "A9999")."""
    return "".join("A" if ch.isalpha() else "9" if ch.isdigit() else ch for ch in word)


def _coded(pieces: list[Piece]) -> Callable[[list[str]], bool]:
    """Whether label words open with a code of the shape that opens the labels of two or
    more of the table's rows (a letter and a digit in it): such a line opens a label of its own."""
    shapes = Counter(_shape(p.words[0]) for p in pieces if p.is_row and p.words and p.code is None)
    common = {shape for shape, count in shapes.items() if count >= 2 and "9" in shape and "A" in shape}
    return lambda words: bool(words) and len(words) > 1 and _shape(words[0]) in common


def _opens_with_code(
    piece: Piece, coded: Callable[[list[str]], bool], settings: Settings, *, numbered: bool = False
) -> bool:
    """Whether a row's label opens with its number ("1.", "3a)"; a bare "3" where the
    table numbers its rows so) or a code like the other rows' own: no line above it starts
    that label."""
    by_code = piece.code is not None and bool(settings.row_enumerator.match(piece.code))
    # "4 Ruimtegebruik bodem": a part's number before its capitalised name, or any bare
    # number where the table numbers its rows so
    bare = _opens_with_bare_number(piece.words, settings) and (numbered or _numbered_name(piece.words))
    # "1) Wisselkoersreserve", beside a code column's "1" or not
    return coded(piece.words) or by_code or bare or _opens_with_number(piece.words, settings)


def _numbered_name(words: list[str]) -> bool:
    """A number of one or two digits before a capitalised word ("4 Ruimtegebruik bodem"),
    not a year or an amount."""
    return len(words) > 1 and len(words[0]) <= 2 and words[0].isdigit() and words[1][:1].isupper()


def _opens_with_bare_number(words: list[str], settings: Settings) -> bool:
    """Whether label words open with a bare row number before more words ("3 Regionale opgaven")."""
    return len(words) > 1 and bool(settings.row_number.match(words[0]))


def _opens_with_article(words: list[str], settings: Settings) -> bool:
    """Whether label words open with an article's code and its capitalised name ("36.2
    Nationale Veiligheid"): the start of a heading or a label, not the end of one."""
    return len(words) > 1 and bool(settings.article_code.match(words[0])) and words[1][:1].isupper()


def _opens_with_number(words: list[str], settings: Settings) -> bool:
    """Whether label words open with the row's number ("1.", "8)") before more words."""
    return len(words) > 1 and bool(settings.row_enumerator.match(words[0]))


_NUMBER = re.compile(r"^\(?(\d{1,3})([a-zA-Z]?)[.)]?$")


def _number(piece_code: str | None, words: list[str]) -> tuple[int, str] | None:
    """A row's number: its code, or the number that opens its label ("1.", "2)", "4a.", "46A.")."""
    for word in (piece_code, words[0] if len(words) > 1 else None):
        if word is not None and (m := _NUMBER.match(word)):
            return int(m.group(1)), m.group(2).lower()
    return None


def _no_numbered_item_without_figures(block: list[Piece], above: _Row | None, below: Piece | None) -> None:
    """``Unreadable`` where a line left for a sub-heading opens with the number after the
    row above's and the row below is numbered too ("46A. …", "47. …" with no figures,
    "48. …"): an item whose cells are blank, or a heading of the items below, which the
    table does not show."""
    if above is None or below is None or not _opens_with_item_number(below.words):
        return
    for piece in block:
        if _numbers_next(above, piece.words) and not piece.words[-1].endswith(":"):  # "2. Overboekingen:" heads
            raise Unreadable(
                piece.index,
                "a numbered line with no figures stands between numbered rows: an item whose cells are "
                "blank, or a heading of the items below, which the table does not show",
            )


def _opens_with_item_number(words: list[str]) -> bool:
    """Label words that open with an item's number ("48.", "3)"), not an article's code."""
    return len(words) >= 2 and words[0].endswith((".", ")")) and _number(None, words) is not None


def _numbers_next(above: _Row, words: list[str]) -> bool:
    """Whether a line opens with the number after the row above's ("47. Een publiek …"
    under "46A. Publiek …"): it opens an item of its own, not the end of that label."""
    if not _opens_with_item_number(words):
        return False
    a = _number(above.row.code, above.row.label.split())
    b = _number(None, words)
    return a is not None and b is not None and b > a


def _opens_numbering(above: _Row, below: Piece) -> bool:
    """Whether the row below numbers again from no higher than the row above ("1. …"
    after "3. …"; "4b." after "4a." goes on), or opens a numbering ("1. …" after a row
    without a number)."""
    a = _number(above.row.code, above.row.label.split())
    b = _number(below.code, below.words)
    return b is not None and (b <= a if a is not None else b == (1, ""))


def _last_phrase(block: list[Piece], settings: Settings) -> int:
    """Where the block's last phrase starts: its last line and the lines above that it goes
    on from (lowercase, or the line above links down)."""
    start = len(block) - 1
    while start > 0 and (goes_on(block[start].words, settings) or links_down(block[start - 1].words, settings)):
        start -= 1
    return start


_HYPHEN_CUT = re.compile(r"\w-$")  # a word cut at the end of a line


def _cuts_words(pieces: list[Piece], settings: Settings) -> bool:
    """Whether the table wraps a label for certain: it cuts a word at the end of a line
    ("Integratie-" over "uitkeringen"), or a row's label goes on in lowercase on the next
    line ("Financiering" over "nationale inzet"); then its labels wrap at the width of
    their column, however narrow."""
    return any(
        above.words
        and below.words
        and not below.is_row
        and below.words[0][:1].islower()
        and (_HYPHEN_CUT.search(above.words[-1]) is not None or (above.is_row and goes_on(below.words, settings)))
        for above, below in zip(pieces, pieces[1:])
    )


def _wrap_width(width: int, cuts: bool, settings: Settings) -> int:
    """The width a table's labels wrap at: their widest line, where that is wide enough to
    tell (``min_wrap_width``) or the table cuts a word; else 0, no wrap known."""
    return width if width >= settings.min_wrap_width or (cuts and width) else 0


def _full(line: list[str], following: list[str], width: int) -> bool:
    """Whether a label line was full: the table wraps its labels at ``width`` (0: not known
    to wrap) and the next word would not have fit."""
    return width > 0 and bool(line) and bool(following) and len(" ".join(line)) + 1 + len(following[0]) > width


def _had_room(line: list[str], following: list[str], width: int) -> bool:
    """Whether a line had room for the next line's first word in ``width`` (the widest line
    of a row's own label, no wider than the column; 0: not known): then the line was not
    wrapped, and the next one is not its continuation, however it opens ("Waarvan" over
    "eigen personeel")."""
    return width > 0 and bool(line) and bool(following) and not _full(line, following, width)


def _wrap_style(pieces: list[Piece], settings: Settings) -> str | None:
    """Which way a table wraps its labels, from the lines that say it for certain: "first", "last" or None."""
    first = last = 0
    for k, piece in enumerate(pieces):
        if piece.is_row:
            continue
        before = pieces[k - 1] if k else None
        after = pieces[k + 1] if k + 1 < len(pieces) else None
        if (
            before is not None
            and before.is_row
            and (goes_on(piece.words, settings) or (before.words and links_down(before.words, settings)))
        ):
            first += 1
        if (
            after is not None
            and after.is_row
            and (links_down(piece.words, settings) or (after.words and goes_on(after.words, settings)))
        ):
            last += 1
    return "first" if first and not last else "last" if last and not first else None


def _label_start_below(
    block: list[Piece],
    below: Piece,
    style: str | None,
    heading_block: bool,
    figure_below: bool,
    width: int,
    row_width: int,
    whole: frozenset[tuple[str, ...]],
    settings: Settings,
    *,
    capitals: bool = False,
    doubts: list[int] | None = None,
) -> list[Piece]:
    """The text lines at the foot of a block that start the label of the row below it,
    top-down. ``width``: the widest label line; ``row_width``: the widest line of a row's
    own label (0 where the labels stand in no column). By the label column's width alone,
    never the start of a label the table prints whole on two or more rows (``whole``); in a
    text copy only where the table's certain wrapped labels show that it prints a label's
    figures on its last line (``style`` "last"), else ``WIDTH_ALONE``."""
    block = list(block)
    starts: list[Piece] = []
    while block:
        words = block[-1].words
        following_piece = starts[0] if starts else below
        following = following_piece.words
        if words[-1].endswith(":") or following_piece.close is False:
            break
        if starts and _opens_with_number(following, settings):
            break  # the label starts with its number ("8) Overige mutaties")
        if _capitals_apart(words, following, capitals):
            break  # the table's heading of its next part
        by_words = (
            following_piece.close
            or links_down(words, settings)
            or (following and goes_on(following, settings) and not _had_room(words, following, row_width))
            or (figure_below and not starts)
        )
        by_width = (
            style != "first"
            and not heading_block
            and following
            and not settings.heads_rows(words)
            and not starts_label(following, settings)
            and not (following_piece is below and _unnumbered(following, settings) in whole)
            # a row with a code in a column of its own: its label starts beside its code
            and not (following_piece is below and below.code is not None)
            and _full(words, following, width)
        )
        if not by_words and by_width and doubts is not None and style != "last":
            doubts.append(block[-1].index)
        if by_words or by_width:
            starts.insert(0, block.pop())
            continue
        break
    return starts


def _repeated_labels(pieces: list[Piece], settings: Settings) -> frozenset[tuple[str, ...]]:
    """The label lines two or more rows print alike, their numbers aside ("Uitgavenkader
    (in lopende prijzen)" under "Rijksbegroting in enge zin" and again under "Budgettair
    Kader Zorg"; "1 Overige mutaties" and "5 Overige mutaties"): a label the table prints
    whole, under sub-headings."""
    counts = Counter(_unnumbered(p.words, settings) for p in pieces if p.is_row and p.words)
    return frozenset(words for words, count in counts.items() if count >= 2 and words)


def _labels_whole_on_their_line(
    pieces: list[Piece], whole: frozenset[tuple[str, ...]], settings: Settings
) -> frozenset[tuple[str, ...]]:
    """Of the labels printed alike on two or more rows, those a row prints on its line
    alone, right above the next row ("9 Overige mutaties" over "Stand ontwerpbegroting
    2020"): a line under another of them is not the rest of its label."""
    return frozenset(
        key
        for piece, following in zip(pieces, pieces[1:])
        if piece.is_row and following.is_row and (key := _unnumbered(piece.words, settings)) in whole
    )


def _list_item(piece: Piece | None, *, with_figures: bool = True) -> bool:
    """A row printed as an item of a list ("– materieel"); ``with_figures=False``: or such
    an item with no figures ("– immaterieel", its cells blank)."""
    return (
        piece is not None and (piece.is_row or not with_figures) and bool(piece.words) and piece.words[0] in _LIST_MARKS
    )


def _heads_list(piece: Piece, below: Piece | None, above: list[str] | None, settings: Settings) -> bool:
    """A capitalised line of text right over an item of a list, going on from nothing
    above it: by its shape, the list's heading."""
    return _list_item(below) and _opens_a_heading(piece.words, above, settings)


def _heads_a_group(
    block: list[Piece],
    k: int,
    instrument: int | None,
    taken: bool,
    above: _Row,
    below: Piece | None,
    settings: Settings,
    *,
    lists: bool,
    instruments: bool,
) -> bool:
    """Whether the block's line ``k`` under a row opens the heading of a group below, the
    way the table heads its other groups (``lists``: it heads its lists with a line of their
    own; ``instruments``: it names the group over an instrument on lines of their own)."""
    piece = block[k]
    instrument = _instrument_at(block, below, settings) if instrument is None else instrument
    if instruments and instrument is not None and k < instrument and taken:
        # "Kosten Financiële" / "verhoudingswet" over "Opdrachten", under "uitkeringen Overig"
        return _opens_a_heading(piece.words, above.last_line, settings)
    # "Afschrijvingskosten" over "– materieel", as "Overige lasten" over "– dotaties"
    return (
        lists and piece.close is None and k == len(block) - 1 and _heads_list(piece, below, above.last_line, settings)
    )


def _instrument_at(block: list[Piece], below: Piece | None, settings: Settings) -> int | None:
    """Where the instrument a block of text lines stands over is: its line naming one
    (``_instrument_line``), else the row below it when that row is labelled by one alone
    ("Opdrachten" and its figures: ``len(block)``); None for none."""
    found = _instrument_line(block, settings)
    if found is None and below is not None and below.is_row and settings.heads_rows(below.words):
        return len(block)  # "Verwerving" / "Instandhouding" over the row "Opdrachten"
    return found


def _opens_a_heading(words: list[str], above: list[str] | None, settings: Settings) -> bool:
    """A capitalised line that goes on from nothing above it (``above``: the line before
    it, None where none counts): it may open a heading."""
    return (
        bool(words)
        and words[0][:1].isupper()
        and not goes_on(words, settings)
        and not starts_label(words, settings)
        and not (above and links_down(above, settings))
    )


def _heads_instruments(pieces: list[Piece], settings: Settings) -> bool:
    """Whether the table shows that it names the group over a financial instrument on
    lines of their own: such lines stand over an instrument ("Financiering" / "gemeenten"
    over "Bijdrage aan" / "medeoverheden") right under a label printed whole ("Uitgaven")
    or as the first of the table's lines, where they can end no label."""
    k = 0
    while k < len(pieces):
        if pieces[k].is_row:
            k += 1
            continue
        start = k
        while k < len(pieces) and not pieces[k].is_row:
            k += 1
        instrument = _instrument_at(pieces[start:k], pieces[k] if k < len(pieces) else None, settings)
        if not instrument:  # None, or the block's first line
            continue
        previous = pieces[start - 1] if start else None
        if previous is None or " ".join(previous.words).lower().rstrip(":") in settings.whole_labels:
            return True
    return False


def _heads_lists(pieces: list[Piece], settings: Settings) -> bool:
    """Whether the table shows that it heads its lists with a line of their own: such a
    line over a list's items stands right under another list's last item or opens the
    table's rows, where it can end no label ("Overige lasten" under "– immaterieel", over
    "– dotaties voorzieningen"). Then a line so set under a row that is no list item heads
    the list below it too, the table's own pattern, and does not end that row's label."""
    for k in range(len(pieces) - 1):
        piece, below = pieces[k], pieces[k + 1]
        if piece.is_row or not _heads_list(piece, below, None, settings):
            continue
        previous = pieces[k - 1] if k > 0 else None
        if previous is None or _list_item(previous, with_figures=False):
            return True
    return False


def _unnumbered(words: list[str], settings: Settings) -> tuple[str, ...]:
    """Label words without the row's number that opens them ("5 Overige mutaties", "3a)")."""
    if len(words) > 1 and (settings.row_number.match(words[0]) or settings.row_enumerator.match(words[0])):
        return tuple(words[1:])
    return tuple(words)


def _subheadings(block: list[Piece], columns: int, width: int, settings: Settings) -> list[_Row]:
    """The text lines of a block as sub-heading rows without cells, a wrapped one joined up to its colon."""
    out: list[_Row] = []
    heading: list[Piece] = []
    for n, p in enumerate(block):
        heading.append(p)
        next_piece = block[n + 1] if n + 1 < len(block) else None
        next_words = next_piece.words if next_piece else None
        if (
            next_piece is None
            or next_words is None
            or p.words[-1].endswith(":")
            or next_piece.close is False
            or not (
                next_piece.close
                or links_down(p.words, settings)
                or goes_on(next_words, settings)
                # two headings in a row ("Programma-uitgaven" over "Opdrachten") stay two
                or (_full(p.words, next_words, width) and not settings.heads_rows(next_words))
            )
        ):
            out.append(_Row(GridRow(heading[0].index, join([h.words for h in heading]), [None] * columns)))
            heading = []
    return out


def split_codes(rows: list[GridRow], settings: Settings) -> None:
    """Codes printed before the labels where a text form does not set them apart: article
    codes ("7.1 Loonbijstelling") on any row, or row numbers when every row opens with
    one, counting up ("1 EMU-schuld begin jaar", "2 …")."""
    for row in rows:
        words = row.label.split()
        if (
            not row.is_subheading
            and row.code is None
            and len(words) >= 2
            and settings.article_code.match(words[0])
            and text.has_letters(words[1:])
        ):
            row.code, row.label = words[0], " ".join(words[1:])
    # rows numbered 1, 2, 3 …; a breakdown row ("w.v. …") between them has no number
    numbered = [
        r
        for r in rows
        if not r.is_subheading
        and not (settings.breakdown_label.match(r.label) or starts_label(r.label.split(), settings))
    ]
    numbers: list[tuple[int, GridRow, bool]] = []  # (number, row, printed in the label)
    for row in numbered:
        words = row.label.split()
        if row.code is not None and settings.row_number.match(row.code):
            numbers.append((int(row.code), row, False))
        elif (
            row.code is None
            and len(words) >= 2
            and settings.row_number.match(words[0])
            and text.has_letters(words[1:2])
        ):
            numbers.append((int(words[0]), row, True))
        else:
            return
    if len(numbers) >= 2 and all(b[0] > a[0] for a, b in zip(numbers, numbers[1:])):
        for _, row, in_label in numbers:
            if in_label:
                words = row.label.split()
                row.code, row.label = words[0], " ".join(words[1:])
