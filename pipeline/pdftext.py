"""A PDF letter as text: a deterministic rendering of its words at their positions, the
way ``pdftotext -layout`` prints a page, which the text readers then read like any letter.

Each line of the rendering is a line of words on the page (words whose tops agree); a word
stands at the column of its left edge, and a figure at the column of its right edge (figures
are right-aligned in their columns, and the layout reader finds columns by right edges).
One column is three quarters of the median width of a character in the document. A vertical gap of more than
half a line between two lines becomes a blank line; a new page starts with a form feed.
Line N of a PDF letter is line N of this rendering (``pipeline pdftext FILE`` prints it).
Beside each line the rendering keeps its pitch: how far (in points) its words stand below
those of the line above it on the page (the median of their bottoms, which a raised
footnote mark does not move), which a text cannot show. The lines of one
wrapped cell are set closer together than the rows of a table (its rows have padding).

What belongs here: bytes of a PDF to lines of text, and the refusals (encrypted, no text
layer, damaged), each naming the file. Nothing about tables.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import zlib
from typing import NamedTuple

from pipeline import limits
from pipeline.errors import ExtractionError

# A word that is (part of) a figure: right-aligned in its column.
_FIGURE = re.compile(r"^[–—‒−+-]?[\d.,%/()–-]*\d[\d.,%)]*$|^[–—‒−-]$|^-/-$|^p\.m\.$", re.IGNORECASE)
MAX_PDF_BYTES = 100 * 1024 * 1024
SPACE = 0.6  # a gap narrower than this many ems is the space between two words of a phrase
# One column of the rendering, in characters of the document's median width: finer than
# the text, so that a figure set at its right edge never has to be pushed aside by the
# cell before it (which would break the right edges a column shares). Read exactly from
# 0.6 to 0.9 on the real-table PDFs; 1.0 pushes cells aside.
GRID = 0.75
BLANK = 1.2  # a vertical gap of more than this many line heights is a blank line (a paragraph
#             break; the padding between table rows is less)


class Rendering(NamedTuple):
    """A PDF's lines as text, and per line its pitch: how many points its words stand
    below those of the line above it (None for a blank line and a page's first line)."""

    lines: tuple[str, ...]
    pitches: tuple[float | None, ...]


def render(data: bytes, shown: str) -> tuple[str, ...]:
    """The lines of the rendering of a PDF; ``ExtractionError`` when it cannot be read."""
    return rendering(data, shown).lines


def rendering(data: bytes, shown: str) -> Rendering:
    """The rendering of a PDF with its lines' pitches; ``ExtractionError`` when it cannot be read."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    if len(data) > MAX_PDF_BYTES:
        raise ExtractionError(shown, None, f"the PDF is {len(data):,} bytes, more than the {MAX_PDF_BYTES:,} read")
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = _words_by_page(pdf)
    except MemoryError:
        raise  # a limit of the worker (pipeline.limits), not a damaged file
    except Exception as error:  # pdfminer raises many kinds on broken files; pdfplumber wraps them
        causes = [error, *error.args, error.__context__]
        if any(isinstance(c, MemoryError) or "unable to allocate" in str(c).lower() for c in causes):
            raise MemoryError from None  # zlib's words for it: a stream larger than the memory a worker has
        if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in causes):
            raise ExtractionError(shown, None, "the PDF is encrypted; save a copy without a password first") from None
        cause = next((c for c in causes[1:] if isinstance(c, BaseException)), error)
        detail = str(cause) or type(cause).__name__
        raise ExtractionError(shown, None, f"the PDF is damaged and cannot be read ({detail})") from None
    words = _words_read(pages, shown)
    widths = [(w["x1"] - w["x0"]) / len(w["text"]) for w in words if len(w["text"]) >= 3]
    column = (statistics.median(widths) if widths else 5.0) * GRID
    lines: list[str] = []
    pitches: list[float | None] = []
    for number, page in enumerate(pages):
        page_lines, page_pitches = _page_lines(page, column)
        if number and page_lines:
            page_lines[0] = "\f" + page_lines[0]
        elif number:
            page_lines, page_pitches = ["\f"], [None]
        lines.extend(page_lines)
        pitches.extend(page_pitches)
    return Rendering(tuple(lines), tuple(pitches))


def _words_read(pages: list[list[dict]], shown: str) -> list[dict]:
    """Every word of the PDF; ``ExtractionError`` for a PDF without pages or without words."""
    if not pages:
        raise ExtractionError(shown, None, "the PDF has no pages (its page tree is empty, or refers to itself)")
    words = [w for page in pages for w in page]
    if not words:
        raise ExtractionError(shown, None, "the PDF has no text layer (a scan?); OCR it first")
    return words


def _words_by_page(pdf) -> list[list[dict]]:
    """Each page's words with their positions, within the letter's limits (``pipeline.limits``):
    the pages counted and each page's content measured before it is read, the time a letter
    may take grown by its pages, and the page being read told to the progress line."""
    from pdfplumber.utils import extract_words

    count = len(pdf.pages)
    limits.allow_pages(count)
    pages = []
    for number, page in enumerate(pdf.pages, 1):
        limits.on_page(number, count)
        most = limits.content_allowed()
        if most:
            limits.allow_content(number, _content_bytes(page.page_obj, most))
        words = extract_words(
            _page_chars(page),
            x_tolerance=1.5,
            y_tolerance=2,
            keep_blank_chars=False,
            use_text_flow=False,
            extra_attrs=["size"],
        )
        pages.append([{key: word[key] for key in _WORD_KEYS} for word in words])
        page.close()  # let go of the page's characters and layout: a report holds hundreds of pages
    return pages


_WORD_KEYS = ("text", "x0", "x1", "top", "bottom", "size")  # what the rendering reads of a word


def _page_chars(page) -> list[dict]:
    """A page's characters as pdfplumber's ``page.chars`` gives them, with only the keys its
    word extraction reads (text, edges, doctop, upright, size). pdfplumber's own turns every
    attribute of every character into a dict (colours, graphic state, font): a third of the
    time of reading a report, spent on what no word needs."""
    from pdfminer.layout import LTChar, LTContainer

    height, initial_doctop = page.height, page.initial_doctop
    mb_x0, mb_top = page.mediabox[:2]
    chars: list[dict] = []
    stack = [iter(page.layout)]
    while stack:  # the layout's objects in order, a container's children where it stands
        obj = next(stack[-1], None)
        if obj is None:
            stack.pop()
        elif isinstance(obj, LTContainer):
            stack.append(iter(obj))
        elif isinstance(obj, LTChar):
            top = (height - obj.y1) + mb_top
            chars.append(
                {
                    "text": obj.get_text(),  # the PDF is opened without unicode_norm
                    "x0": obj.x0 + mb_x0,
                    "x1": obj.x1 + mb_x0,
                    "top": top,
                    "bottom": (height - obj.y0) + mb_top,
                    "doctop": initial_doctop + top,
                    "upright": obj.upright,
                    "size": obj.size,
                }
            )
    return chars


def _content_bytes(page, most: int) -> int:
    """The bytes of a page's content streams once inflated, counted up to just past ``most``
    (a deflated stream is inflated a piece at a time and let go of, so that measuring an
    inflate bomb costs neither the memory nor the time of inflating it)."""
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, resolve1

    total = 0
    for stream in page.contents:
        stream = resolve1(stream)
        if not isinstance(stream, PDFStream):
            continue
        raw, filters = stream.get_rawdata(), stream.get_filters()
        if raw is None:  # inflated already
            total += len(stream.data or b"")
        elif stream.decipher is None and filters and filters[0][0] in LITERALS_FLATE_DECODE:
            total += _inflated_bytes(raw, most - total + 1)
        else:  # encrypted, or another filter: its stored size (the memory limit bounds the rest)
            total += len(raw)
        if total > most:
            break
    return total


def _inflated_bytes(deflated: bytes, most: int, piece: int = 1 << 20) -> int:
    """How many bytes ``deflated`` inflates to, counted up to ``most`` (a damaged stream: what
    inflates of it, as pdfminer reads it)."""
    inflate = zlib.decompressobj()
    total, pending = 0, deflated
    try:
        while pending and total <= most:
            total += len(inflate.decompress(pending, piece))
            pending = inflate.unconsumed_tail
        if total <= most:
            total += len(inflate.flush())
    except zlib.error:
        pass
    return total


def _middle(row: list[dict]) -> float:
    return sum((w["top"] + w["bottom"]) / 2 for w in row) / len(row)


def _height(row: list[dict]) -> float:
    return max(w["bottom"] - w["top"] for w in row)


def _page_lines(words: list[dict], column: float) -> tuple[list[str], list[float | None]]:
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: ((w["top"] + w["bottom"]) / 2, w["x0"])):
        middle = (word["top"] + word["bottom"]) / 2
        if rows and abs(middle - _middle(rows[-1])) <= 0.5 * min(word["bottom"] - word["top"], _height(rows[-1])):
            rows[-1].append(word)  # on the same line: their middles agree (sizes may differ)
        else:
            rows.append([word])
    out: list[str] = []
    pitches: list[float | None] = []
    previous_bottom = previous_base = None
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        height = max(w["bottom"] - w["top"] for w in row)
        if previous_bottom is not None and min(w["top"] for w in row) - previous_bottom > BLANK * height:
            out.append("")
            pitches.append(None)
        base = statistics.median(w["bottom"] for w in row)
        pitches.append(None if previous_base is None else round(base - previous_base, 2))
        previous_bottom, previous_base = max(w["bottom"] for w in row), base
        out.append(_line(row, column))
    return out, pitches


def _glued(row: list[dict], column: float) -> list[dict]:
    """Footnote marks set smaller and raised ("Realisatie¹", "kader*") glued to their word,
    as a text copy prints them ("Realisatie1")."""
    out: list[dict] = []
    for word in row:
        if (
            out
            and word["size"] < 0.85 * out[-1]["size"]
            and word["x0"] - out[-1]["x1"] < 0.5 * column
            and len(word["text"]) <= 3
        ):
            out[-1] = dict(out[-1], text=out[-1]["text"] + word["text"], x1=word["x1"])
        else:
            out.append(word)
    return out


def _line(row: list[dict], column: float) -> str:
    """One line. Words a normal space apart follow each other with one space, so a phrase
    stays a phrase at any scale; a word after a wider gap stands at its own place: a figure
    (and, past the first wide gap, any word: header cells sit over their figures) at the
    column of its right edge, other words at the column of their left edge, and at least
    two spaces after what comes before (a gap between cells)."""
    text = ""
    previous_x1 = 0.0
    apart = False  # past the first wide gap: in the columns
    for word in _glued(row, column):
        w = word["text"]
        gap = word["x0"] - previous_x1
        if text and gap < SPACE * word["size"]:
            text = f"{text} {w}"
        else:
            if text:
                apart = True
            if _FIGURE.match(w) or apart:
                start = round(word["x1"] / column) - len(w)
            else:
                start = round(word["x0"] / column)
            start = max(start, len(text) + 2 if text else 0)
            text = text + " " * (start - len(text)) + w
        previous_x1 = word["x1"]
    return text.rstrip()
