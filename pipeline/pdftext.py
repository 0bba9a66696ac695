"""A PDF letter as text: a deterministic rendering of its words at their positions, the
way ``pdftotext -layout`` prints a page, which the text readers then read like any letter.

Each line of the rendering is a line of words on the page (words whose tops agree); a word
stands at the column of its left edge, and a figure at the column of its right edge (figures
are right-aligned in their columns, and the layout reader finds columns by right edges).
One column is three quarters of the median width of a character in the document. A vertical gap of more than
half a line between two lines becomes a blank line; a new page starts with a form feed.
Line N of a PDF letter is line N of this rendering (``pipeline pdftext FILE`` prints it).

What belongs here: bytes of a PDF to lines of text, and the refusals (encrypted, no text
layer, damaged), each naming the file. Nothing about tables.
"""

from __future__ import annotations

import io
import logging
import re
import statistics

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


def render(data: bytes, shown: str) -> tuple[str, ...]:
    """The lines of the rendering of a PDF; ``ExtractionError`` when it cannot be read."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    if len(data) > MAX_PDF_BYTES:
        raise ExtractionError(shown, None, f"the PDF is {len(data):,} bytes, more than the {MAX_PDF_BYTES:,} read")
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [
                page.extract_words(
                    x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False, use_text_flow=False, extra_attrs=["size"]
                )
                for page in pdf.pages
            ]
    except Exception as error:  # pdfminer raises many kinds on broken files; pdfplumber wraps them
        causes = [error, *error.args, error.__context__]
        if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in causes):
            raise ExtractionError(shown, None, "the PDF is encrypted; save a copy without a password first") from None
        cause = next((c for c in causes[1:] if isinstance(c, BaseException)), error)
        detail = str(cause) or type(cause).__name__
        raise ExtractionError(shown, None, f"the PDF is damaged and cannot be read ({detail})") from None
    words = [w for page in pages for w in page]
    if not words:
        raise ExtractionError(shown, None, "the PDF has no text layer (a scan?); OCR it first")
    widths = [(w["x1"] - w["x0"]) / len(w["text"]) for w in words if len(w["text"]) >= 3]
    column = (statistics.median(widths) if widths else 5.0) * GRID
    lines: list[str] = []
    for number, page in enumerate(pages):
        page_lines = _page_lines(page, column)
        if number and page_lines:
            page_lines[0] = "\f" + page_lines[0]
        elif number:
            page_lines = ["\f"]
        lines.extend(page_lines)
    return tuple(lines)


def _middle(row: list[dict]) -> float:
    return sum((w["top"] + w["bottom"]) / 2 for w in row) / len(row)


def _height(row: list[dict]) -> float:
    return max(w["bottom"] - w["top"] for w in row)


def _page_lines(words: list[dict], column: float) -> list[str]:
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: ((w["top"] + w["bottom"]) / 2, w["x0"])):
        middle = (word["top"] + word["bottom"]) / 2
        if rows and abs(middle - _middle(rows[-1])) <= 0.5 * min(word["bottom"] - word["top"], _height(rows[-1])):
            rows[-1].append(word)  # on the same line: their middles agree (sizes may differ)
        else:
            rows.append([word])
    out: list[str] = []
    previous_bottom = None
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        height = max(w["bottom"] - w["top"] for w in row)
        if previous_bottom is not None and min(w["top"] for w in row) - previous_bottom > BLANK * height:
            out.append("")
        previous_bottom = max(w["bottom"] for w in row)
        out.append(_line(row, column))
    return out


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
