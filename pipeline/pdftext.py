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

import functools
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
_EXACTLY = 0.005  # points: a gap of exactly BLANK line heights is a paragraph's, however the sum rounds
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
            pages = _words_by_page(pdf, data)
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


def _words_by_page(pdf, data: bytes) -> list[list[dict]]:
    """Each page's words with their positions, within the letter's limits (``pipeline.limits``):
    the pages counted and each page's content measured before it is read, the time a letter
    may take grown by its pages, and the page being read told to the progress line.

    pdfminer (under pdfplumber) opens the file and measures each page's content streams
    without inflating more than allowed; PDFium (pypdfium2) then interprets the page and gives
    its characters, about fifteen times faster than pdfminer's interpreter in Python."""
    import pypdfium2
    from pdfplumber.utils import extract_words

    count = len(pdf.pages)
    limits.allow_pages(count)
    if not count:
        return []
    document = pypdfium2.PdfDocument(data)
    try:
        if len(document) != count:
            raise ValueError(f"its page tree gives {count} pages to one reader and {len(document)} to another")
        pages = []
        for number, page in enumerate(pdf.pages, 1):
            limits.on_page(number, count)
            most = limits.content_allowed()
            if most:
                limits.allow_content(number, _content_bytes(page.page_obj, most))
            words = extract_words(
                _page_chars(document[number - 1], page),
                x_tolerance=1.5,
                y_tolerance=2,
                keep_blank_chars=False,
                use_text_flow=False,
                extra_attrs=["size"],
            )
            pages.append([{key: word[key] for key in _WORD_KEYS} for word in words])
            page.close()
    finally:
        document.close()
    return pages


_WORD_KEYS = ("text", "x0", "x1", "top", "bottom", "size")  # what the rendering reads of a word
# PDFium's codes for a hyphen that ends a line (FPDFText_IsHyphen): 2 one at a time, U+FFFE
# in a page's text
_HYPHEN_AT_LINE_END = ("\x02", "\ufffe")
_MADE_UP_BY_PDFIUM = (" ", "\r", "\n")  # what PDFium adds between words and lines (FPDFText_IsGenerated)


def _page_chars(document_page, page) -> list[dict]:
    """A page's characters in the shape pdfplumber's ``page.chars`` gives them, with only the
    keys its word extraction reads (text, edges, doctop, upright, size), in pdfplumber's
    coordinates (top-down from the page's media box, turned by its /Rotate).

    Each character is boxed as pdfminer boxes it: from its origin to its advance, from its
    font's descent to a font size above (PDFium's own box takes in the ink of a `g` below the
    descent or of a `j` left of the origin; the ink of an `f` past its advance it cannot tell
    from the advance, so such a glyph ends at its ink, a fifth of a point further). The
    characters PDFium made up itself (spaces between words, line ends) are left out: the gaps
    between the boxes place the words. A ligature (one glyph, several letters) comes from
    PDFium as letters at one origin, each boxed round a part of the glyph's ink: they are one
    character again."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    text_page = document_page.get_textpage()
    handle = text_page.raw
    space = _PageSpace.of(page)
    loose = pdfium_c.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    styles: dict[int | None, _Style] = {}
    chars: list[dict] = []
    origin, key, ink = None, None, 0.0
    text_object_at = _text_object_address()
    try:
        for index, text in enumerate(_page_text(handle)):
            if not text or text in _MADE_UP_BY_PDFIUM and pdfium_c.FPDFText_IsGenerated(handle, index):
                continue
            pdfium_c.FPDFText_GetCharOrigin(handle, index, x, y)
            pdfium_c.FPDFText_GetLooseCharBox(handle, index, loose)
            if origin == (x.value, y.value) and chars[-1]["text"] != " ":  # a ligature's next letter
                ink += loose.right - loose.left
                box = space.box(*_ligature(handle, index, key, styles[key], (x.value, y.value), ink))
                _ligature_goes_on(chars[-1], text, box, page.initial_doctop)
                continue
            origin, ink = (x.value, y.value), loose.right - loose.left
            key = text_object_at(handle, index)
            style = styles.get(key) or styles.setdefault(key, _style(handle, index, key, space))
            if style.upright_drawn and not space.rotation:  # most glyphs: space.box(*style.glyph(...)), inline
                low = space.f - origin[1] - style.descent
                x0, top, x1 = origin[0] + space.e, low - style.size, loose.right + space.e
            else:
                x0, top, x1, low = space.box(*style.glyph(origin, (loose.left, loose.bottom, loose.right, loose.top)))
            chars.append(
                {
                    "text": text,
                    "x0": x0,
                    "x1": x1,
                    "top": top,
                    "bottom": low,
                    "doctop": page.initial_doctop + top,
                    "upright": style.upright,
                    "size": style.size if style.upright else low - top,
                }
            )
    finally:
        text_page.close()
        document_page.close()
    return chars


def _page_text(text_page) -> list[str]:
    """The characters of a page's text, one per character PDFium read (a line's last hyphen a
    hyphen); "" for a character without a code."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    count = pdfium_c.FPDFText_CountChars(text_page)
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = pdfium_c.FPDFText_GetText(text_page, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: max(written - 1, 0) * 2].decode("utf-16-le", errors="replace")
    if len(text) != count:  # a character beyond the basic plane takes two: one at a time instead
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(text_page, index) or 0xFFFD) for index in range(count))
    return ["-" if char in _HYPHEN_AT_LINE_END else "" if char == "\x00" else char for char in text]


def _ligature_goes_on(char: dict, text: str, box: tuple[float, float, float, float], doctop: float) -> None:
    """The next letter of a ligature into its character, boxed anew (``box``: x0, top, x1,
    bottom on the page)."""
    x0, top, x1, bottom = box
    char.update(text=char["text"] + text, x0=x0, x1=x1, top=top, bottom=bottom, doctop=doctop + top)


def _ligature(
    text_page, index: int, address: int | None, style: _Style, origin: tuple[float, float], ink: float
) -> tuple[float, float, float, float]:
    """The box (left, bottom, right, top, in the PDF's space) of a ligature whose letters'
    ink is ``ink`` wide. PDFium places a ligature's letters without the turn or move of the
    form (XObject) that draws them: the form's matrix, the glyph's own matrix undone from the
    one PDFium gives the character, places them again."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    drawn, own = pdfium_c.FS_MATRIX(), pdfium_c.FS_MATRIX()
    pdfium_c.FPDFText_GetMatrix(text_page, index, drawn)
    pdfium_c.FPDFPageObj_GetMatrix(ctypes.cast(ctypes.c_void_p(address), pdfium_c.FPDF_PAGEOBJECT), own)
    form = _affine_product(_affine_inverse(own), drawn)
    if form is None:
        return style.box(origin, ink)
    a, b, c, d, e, f = form
    placed = (a * origin[0] + c * origin[1] + e, b * origin[0] + d * origin[1] + f)
    return style.box(placed, ink * abs(a * d - b * c) ** 0.5)


Affine = tuple[float, float, float, float, float, float]


def _affine_inverse(m) -> Affine | None:
    """The inverse of a PDF matrix (a b c d e f: x' = a x + c y + e, y' = b x + d y + f)."""
    det = m.a * m.d - m.b * m.c
    if abs(det) < 1e-12:
        return None
    a, b, c, d = m.d / det, -m.b / det, -m.c / det, m.a / det
    return (a, b, c, d, -(m.e * a + m.f * c), -(m.e * b + m.f * d))


def _affine_product(first: Affine | None, then) -> Affine | None:
    """The matrix that applies ``first``, then ``then`` (a PDF matrix)."""
    if first is None:
        return None
    a, b, c, d, e, f = first
    return (
        a * then.a + b * then.c,
        a * then.b + b * then.d,
        c * then.a + d * then.c,
        c * then.b + d * then.d,
        e * then.a + f * then.c + then.e,
        e * then.b + f * then.d + then.f,
    )


@functools.cache
def _text_object_address():
    """PDFium's FPDFText_GetTextObject giving the object's address (a plain int, to key the
    objects' styles by) rather than a new pointer object each call."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    address = ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(address)


class _Style(NamedTuple):
    """How the glyphs of one text object are drawn: whether they stand upright in the PDF's
    space and on the turned page, their size there, and how far their font reaches below
    the baseline (negative, in points)."""

    upright_drawn: bool
    upright: bool
    size: float
    descent: float
    along: tuple[float, float]  # the direction of the baseline in the PDF's space
    up: tuple[float, float]  # the direction of the glyphs' height

    def glyph(
        self, origin: tuple[float, float], loose: tuple[float, float, float, float]
    ) -> tuple[float, float, float, float]:
        """The box (left, bottom, right, top, in the PDF's space) of a glyph at ``origin``
        whose box PDFium gives as ``loose``: upright, from the origin to the loose box's
        right; turned a quarter, from the origin as far as the loose box reaches along the
        baseline; turned otherwise, the loose box."""
        left, bottom, right, top = loose
        if self.upright_drawn:
            low = origin[1] + self.descent
            return origin[0], low, right, low + self.size
        if abs(self.along[0]) < 1e-6 or abs(self.along[1]) < 1e-6:
            return self.box(origin, (right - left) if abs(self.along[0]) > 0.5 else (top - bottom))
        return loose

    def box(self, origin: tuple[float, float], advance: float) -> tuple[float, float, float, float]:
        """The box (left, bottom, right, top, in the PDF's space) of a glyph of ``advance``
        points from ``origin``, from its font's descent to a font size above."""
        (ox, oy), (ax, ay), (ux, uy) = origin, self.along, self.up
        xs = [ox + s * ax + t * ux for s in (0.0, advance) for t in (self.descent, self.descent + self.size)]
        ys = [oy + s * ay + t * uy for s in (0.0, advance) for t in (self.descent, self.descent + self.size)]
        return min(xs), min(ys), max(xs), max(ys)


def _style(text_page, index: int, address: int | None, space: _PageSpace) -> _Style:
    import ctypes

    import pypdfium2.raw as pdfium_c

    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFText_GetMatrix(text_page, index, matrix)
    a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
    font_size = pdfium_c.FPDFText_GetFontSize(text_page, index)
    text_object = ctypes.cast(ctypes.c_void_p(address), pdfium_c.FPDF_PAGEOBJECT)
    descent = _font_descent(pdfium_c.FPDFTextObj_GetFont(text_object))
    across, height = (a * a + b * b) ** 0.5 or 1.0, (c * c + d * d) ** 0.5 or 1.0
    return _Style(
        0 < a * d and b * c <= 0,
        space.upright(a, b, c, d),
        font_size * height,
        descent * font_size * height,
        (a / across, b / across),
        (c / height, d / height),
    )


def _font_descent(font) -> float:
    """How far a font reaches below the baseline, in ems (negative): its descriptor's
    /Descent; for one of the standard fonts a PDF names without embedding it, the descent of
    that font's metrics (as pdfminer has them: PDFium measures the font it stands in with)."""
    import ctypes

    import pypdfium2.raw as pdfium_c
    from pdfminer.fontmetrics import FONT_METRICS

    if not font:
        return 0.0
    if not pdfium_c.FPDFFont_GetIsEmbedded(font):
        name = ctypes.create_string_buffer(256)
        pdfium_c.FPDFFont_GetBaseFontName(font, name, len(name))
        metrics = FONT_METRICS.get(name.value.decode("latin-1"))
        standard = metrics[0].get("Descent") if metrics else None
        if isinstance(standard, (int, float)):
            return standard / 1000
    descent = ctypes.c_float()
    return descent.value if pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(1.0), descent) else 0.0


class _PageSpace(NamedTuple):
    """PDF user space to pdfplumber's page coordinates, as one affine map: pdfminer's turn by
    the page's /Rotate and move to its media box's corner, then pdfplumber's flip to top-down
    (x' = a x + c y + e, y' = b x + d y + f)."""

    rotation: int
    a: float
    b: float
    c: float
    d: float
    e: float
    f: float

    @classmethod
    def of(cls, page) -> _PageSpace:
        x0, x1 = sorted(float(v) for v in (page.page_obj.mediabox[0], page.page_obj.mediabox[2]))
        y0, y1 = sorted(float(v) for v in (page.page_obj.mediabox[1], page.page_obj.mediabox[3]))
        left, down = float(page.mediabox[0]), float(page.height) + float(page.mediabox[1])
        maps = {
            90: (0, 1, 1, 0, left - y0, down - x1),
            180: (-1, 0, 0, 1, left + x1, down - y1),
            270: (0, -1, -1, 0, left + y1, down + x0),
        }
        rotation = page.rotation if page.rotation in maps else 0
        return cls(rotation, *maps.get(rotation, (1, 0, 0, -1, left - x0, down + y0)))

    def upright(self, a: float, b: float, c: float, d: float) -> bool:
        """Whether a glyph drawn with the matrix (a b c d) stands upright on the turned page,
        as pdfminer tells it (0 < a d and b c <= 0 once turned): the matrix then this map,
        whose flip to top-down is undone by the signs."""
        turned_a, turned_b = a * self.a + b * self.c, -(a * self.b + b * self.d)
        turned_c, turned_d = c * self.a + d * self.c, -(c * self.b + d * self.d)
        return 0 < turned_a * turned_d and turned_b * turned_c <= 0

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) on the page of a box given as (left, bottom, right, top)."""
        a, b, c, d, e, f = self.a, self.b, self.c, self.d, self.e, self.f
        xa, xb = a * left + c * bottom + e, a * right + c * top + e
        ya, yb = b * left + d * bottom + f, b * right + d * top + f
        x0, x1 = (xa, xb) if xa <= xb else (xb, xa)
        return (x0, ya, x1, yb) if ya <= yb else (x0, yb, x1, ya)


def _content_bytes(page, most: int) -> int:
    """The bytes of a page's content streams and of the forms it draws (form XObjects, and
    theirs) once inflated, counted up to just past ``most`` (a deflated stream is inflated a
    piece at a time and let go of, so that measuring an inflate bomb costs neither the memory
    nor the time of inflating it)."""
    from pdfminer.pdftypes import PDFStream, resolve1

    streams = [resolve1(stream) for stream in page.contents]
    streams += _forms(page.resources)
    total = 0
    for stream in streams:
        if isinstance(stream, PDFStream):
            total += _stream_bytes(stream, most - total + 1)
        if total > most:
            break
    return total


def _forms(resources, seen: set[int] | None = None) -> list:
    """The form XObjects a page's (or a form's) resources name, and the forms theirs name,
    each once."""
    from pdfminer.pdftypes import PDFStream, resolve1
    from pdfminer.psparser import LIT

    seen = set() if seen is None else seen
    resources = resolve1(resources)
    named = resolve1(resources.get("XObject")) if isinstance(resources, dict) else None
    found = []
    for reference in named.values() if isinstance(named, dict) else ():
        stream = resolve1(reference)
        if not isinstance(stream, PDFStream) or id(stream) in seen or stream.get("Subtype") is not LIT("Form"):
            continue
        seen.add(id(stream))
        found += [stream, *_forms(stream.get("Resources"), seen)]
    return found


def _stream_bytes(stream, most: int) -> int:
    """The bytes of one stream once inflated, counted up to just past ``most``."""
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE

    raw, filters = stream.get_rawdata(), stream.get_filters()
    if raw is None:  # inflated already
        return len(stream.data or b"")
    if stream.decipher is None and filters and filters[0][0] in LITERALS_FLATE_DECODE:
        return _inflated_bytes(raw, most)
    return len(raw)  # encrypted, or another filter: its stored size (the memory limit bounds the rest)


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
        if previous_bottom is not None and min(w["top"] for w in row) - previous_bottom > BLANK * height - _EXACTLY:
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
