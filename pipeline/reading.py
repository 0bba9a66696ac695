"""Reading raw letters: bytes to lines, metadata sidecars, document ids.

Pure functions, no Dagster. A letter is ``raw/<name>.txt`` (text as a user saved it),
``raw/<name>.xml`` (the source's document XML, as ``pipeline fetch`` stores it) or
``raw/<name>.pdf`` (read as its text rendering, ``pipeline.pdftext``); its optional
metadata is ``raw/<name>.meta.json`` beside it, and for XML and PDF also the source's
``raw/<name>.metadata.xml``. Line numbers everywhere are 1-based lines of the file as
stored (of the rendering, for a PDF).
"""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import ExtractionError

LETTER_SUFFIX = ".txt"
XML_SUFFIX = ".xml"
PDF_SUFFIX = ".pdf"  # read as its text rendering (pipeline.pdftext)
SOURCE_METADATA_SUFFIX = ".metadata.xml"  # the source's metadata of an XML letter
METADATA_SUFFIX = ".meta.json"
MAX_LETTER_BYTES = 20 * 1024 * 1024
MAX_LINE_CHARS = 20_000  # a line of a letter: even a wide table's is a few hundred characters
DOSSIER_NUMBER = re.compile(r"(\d{1,3}(?: ?\d{3})*)((?:-[A-Za-z0-9]+)*)")
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$")
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")

# Metadata fields we know, with the Python type each must have.
METADATA_FIELDS: dict[str, type] = {
    "title": str,
    "kind": str,
    "reference": str,
    "dossier": str,  # its number as the source writes it: "32545", "36200-VII"
    "dossier_title": str,
    "date": str,
    "senders": list,
    "addressee": str,
    "url": str,
    "note": str,
    "main_document": str,  # an attachment's letter: its document id ("kst-33037-430")
}


@dataclass(frozen=True)
class RawLetter:
    """One letter as stored: its text split into lines, its checksum and its metadata."""

    document_id: str
    path: Path
    source_path: str
    sha256: str
    lines: tuple[str, ...]
    metadata: dict = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    problems: tuple[ExtractionError, ...] = ()  # a metadata file that cannot be read
    # a PDF's: per line, how far below the line above it it is set (``pdftext.Rendering``)
    pitches: tuple[float | None, ...] = ()


def has_suffix(name: str | os.PathLike[str], *suffixes: str) -> bool:
    """Whether a file name ends in one of ``suffixes``, whatever its case (``Brief.TXT``)."""
    return os.fspath(name).lower().endswith(suffixes)


def is_pdf(name: str | os.PathLike[str]) -> bool:
    return has_suffix(name, PDF_SUFFIX)


def is_xml_letter(name: str | os.PathLike[str]) -> bool:
    return has_suffix(name, XML_SUFFIX) and not has_suffix(name, SOURCE_METADATA_SUFFIX)


def is_letter(name: str) -> bool:
    """A letter's file name: text, a PDF, or the source's XML (not its metadata XML), in
    any case of its suffix."""
    return has_suffix(name, LETTER_SUFFIX, PDF_SUFFIX) or is_xml_letter(name)


def _stem(name: str) -> str:
    for suffix in (LETTER_SUFFIX, XML_SUFFIX, PDF_SUFFIX):
        if has_suffix(name, suffix):
            return name[: -len(suffix)]
    return name.rsplit(".", 1)[0]


def document_id_for(path: str | os.PathLike[str]) -> str:
    """The document id of a raw file: its stem, lowercased, reduced to ``[a-z0-9-]``."""
    return as_document_id(_stem(os.path.basename(path)))


def as_document_id(name: str) -> str:
    """A name made a document id: lowercased, reduced to ``[a-z0-9-]`` ("KST-33037-430" is
    "kst-33037-430", as the letter fetched as ``kst-33037-430.xml`` is)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def letter_files(raw_dir: str | os.PathLike[str]) -> list[str]:
    """Every letter in ``raw_dir`` (recursively), in a stable order, as paths in strings:
    telling whether anything changed looks at every letter, and at 100,000 letters pathlib's
    objects cost seconds."""
    found: list[str] = []
    for directory, _, files in os.walk(raw_dir):
        found.extend(os.path.join(directory, f) for f in files if is_letter(f))
    return read_as_letters(sorted(found))


# Files beside the letters that the pipeline keeps there itself (``pipeline fetch``).
FETCH_FILES = (".source.json", "fetch-state.json")
# Why a file in raw/ is not read, by its suffix: what it is and what to do instead.
NOT_READ = {
    (".docx", ".doc", ".odt", ".rtf", ".pages"): "a word-processor document: save it as PDF and put the PDF in raw/",
    (".xlsx", ".xls", ".ods", ".csv", ".numbers"): "a spreadsheet: the pipeline reads letters (text, PDF, XML)",
    (".html", ".htm"): "an HTML page: copy its table from a browser into a .txt file (a browser copy reads)",
    (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".bmp"): "an image: OCR it into a PDF with a text layer first",
    (".zip", ".gz", ".7z", ".tar", ".rar"): "an archive: unpack it into raw/",
}


def files_not_read(raw_dir: str | os.PathLike[str]) -> list[tuple[str, str]]:
    """Every file in ``raw_dir`` that is neither a letter nor a file that goes with one (its
    metadata, what ``pipeline fetch`` keeps), with why it is not read; hidden files aside."""
    found = []
    for directory, folders, files in os.walk(raw_dir):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or is_letter(name) or is_sidecar(name) or has_suffix(name, *FETCH_FILES):
                continue
            reason = next((why for suffixes, why in NOT_READ.items() if has_suffix(name, *suffixes)), None)
            found.append(
                (
                    os.path.join(directory, name),
                    reason or "not a letter: the pipeline reads .txt, .pdf and the source's .xml",
                )
            )
    return found


def read_as_letters(paths: list[str]) -> list[str]:
    """The letters among ``paths``: a PDF beside the XML of the same document (the source
    serves both) is that document's source of record, and its XML is the letter read."""
    xml_stems = {p[: -len(XML_SUFFIX)].lower() for p in paths if is_xml_letter(p)}
    return [p for p in paths if not (is_pdf(p) and p[: -len(PDF_SUFFIX)].lower() in xml_stems)]


def source_of_record(path: str | os.PathLike[str]) -> str | None:
    """For an XML letter, the PDF of the same document beside it, if there is one."""
    text = os.fspath(path)
    if not is_xml_letter(text):
        return None
    stem = text[: -len(XML_SUFFIX)]
    return next((pdf for pdf in (stem + PDF_SUFFIX, stem + PDF_SUFFIX.upper()) if os.path.exists(pdf)), None)


def letter_paths(raw_dir: Path) -> list[Path]:
    """Every letter in ``raw_dir`` (recursively), in a stable order."""
    return [Path(p) for p in letter_files(raw_dir)]


def unique_document_ids(paths: Sequence[str | os.PathLike[str]]) -> list[str]:
    """The document id of each raw file; refuses two files that map to the same id."""
    seen: dict[str, str] = {}
    ids = []
    for path in paths:
        doc_id = document_id_for(path)
        if not doc_id:
            raise ExtractionError(str(path), None, "the file name gives an empty document id")
        if doc_id in seen:
            raise ExtractionError(str(path), None, f"maps to document id '{doc_id}', which {seen[doc_id]} already has")
        seen[doc_id] = str(path)
        ids.append(doc_id)
    return ids


def decode_letter(data: bytes, shown: str) -> str:
    """Decode a letter's bytes: UTF-16 where its byte-order mark says so (Notepad's
    "Unicode"), else UTF-8 (with or without BOM), else Windows-1252."""
    if not data.strip():
        raise ExtractionError(shown, None, "the file is empty")
    if len(data) > MAX_LETTER_BYTES:
        raise ExtractionError(
            shown,
            None,
            f"the file is {len(data):,} bytes, more than the {MAX_LETTER_BYTES:,} a letter may have",
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ExtractionError(shown, None, f"the text says it is UTF-16 but is not (byte {exc.start})") from None
    if b"\x00" in data and _looks_like_utf16(data):
        raise ExtractionError(
            shown, None, "the text looks like UTF-16 without a byte-order mark: save it as UTF-8 (or with the mark)"
        )
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise ExtractionError(shown, line, "this is not a text file (it contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise ExtractionError(
                shown, line, "the text is neither UTF-8 nor Windows-1252 (undecodable byte)"
            ) from None
    controls = len(CONTROL_CHARACTERS.findall(text))
    if controls > max(8, len(text) // 100):
        raise ExtractionError(shown, None, "this is not a text file (it is full of control bytes)")
    return text


def _check_line_lengths(lines: tuple[str, ...], shown: str) -> None:
    """A letter's lines are a page wide; a line of a book's length is a text that lost its
    line breaks (or no letter at all), which no reader can lay out: say so."""
    for number, line in enumerate(lines, 1):
        if len(line) > MAX_LINE_CHARS:
            raise ExtractionError(
                shown,
                number,
                f"the line is {len(line):,} characters long (a letter's lines are a page wide): "
                "the text has lost its line breaks; save it again with them",
            )


def _looks_like_utf16(data: bytes) -> bool:
    """Every other byte NUL: ASCII text in UTF-16 without its byte-order mark."""
    sample = data[:4096]
    return len(sample) >= 4 and (
        sample[1::2].count(0) > 0.9 * len(sample[1::2]) or sample[0::2].count(0) > 0.9 * len(sample[0::2])
    )


def split_lines(text: str) -> tuple[str, ...]:
    """Lines as stored: LF or CRLF endings (or CR alone, as old Mac files end them), no
    final empty line after a last newline."""
    lines = text.split("\n") if "\n" in text or "\r" not in text else text.split("\r")
    if lines and lines[-1] == "":
        lines.pop()
    return tuple(line[:-1] if line.endswith("\r") else line for line in lines)


def read_metadata(path: Path, shown: str) -> tuple[dict, tuple[str, ...], tuple[ExtractionError, ...]]:
    """Parse a metadata sidecar: its fields, the warnings it gives (a field we do not know),
    and each field it gets wrong (a wrong type, a date that is no date, a name that looks
    like a typo of one we know: "titel"), which is left out while the rest is kept. A file
    that is no JSON object raises ``ExtractionError``."""
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExtractionError(shown, None, "the metadata file is not UTF-8 text") from None
    try:
        meta = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ExtractionError(shown, exc.lineno, f"the metadata is not valid JSON: {exc.msg}") from None
    if not isinstance(meta, dict):
        raise ExtractionError(shown, 1, "the metadata must be a JSON object")
    warnings: list[str] = []
    problems: list[ExtractionError] = []
    kept: dict = {}
    for key, value in meta.items():
        wrong = _wrong_field(key, value)
        if wrong is None:
            kept[key] = dossier_number(value) if key == "dossier" and isinstance(value, str) else value
        elif wrong.startswith("unknown metadata field") and "did you mean" not in wrong:
            warnings.append(f"{shown}: {wrong} is ignored")
        else:
            problems.append(ExtractionError(shown, _line_of_key(raw, key), wrong))
    return kept, tuple(warnings), tuple(problems)


def _wrong_field(key: str, value: object) -> str | None:
    """What is wrong with one field of a metadata sidecar; None when nothing is."""
    expected = METADATA_FIELDS.get(key)
    if expected is None:
        close = difflib.get_close_matches(key.lower(), METADATA_FIELDS, n=1, cutoff=0.6)
        return f"unknown metadata field '{key}'" + (f"; did you mean '{close[0]}'?" if close else "")
    if value is not None and not isinstance(value, expected):
        return f"metadata field '{key}' must be a {expected.__name__}, not {type(value).__name__}"
    if key == "senders" and isinstance(value, list) and not all(isinstance(s, str) for s in value):
        return "metadata field 'senders' must list strings"
    if key == "dossier" and isinstance(value, str) and dossier_number(value) is None:
        return (
            f"metadata field 'dossier' is '{value}', not a dossier number as the source writes it "
            "('32545', '36200-VII'); its title goes in 'dossier_title'"
        )
    if key == "date" and isinstance(value, str):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return f"metadata field 'date' is '{value}', not a date written YYYY-MM-DD"
    return None


def _line_of_key(raw: str, key: str) -> int | None:
    for number, line in enumerate(raw.splitlines(), start=1):
        if f'"{key}"' in line:
            return number
    return None


def metadata_path(path: Path) -> Path:
    """Where a letter's metadata sidecar is, if it has one."""
    return path.with_name(_stem(path.name) + METADATA_SUFFIX)


def sidecar_paths(path: str | os.PathLike[str]) -> list[str]:
    """The files beside a letter that shape what it publishes: its metadata sidecar, and
    for an XML or PDF letter the source's metadata (paths in strings, as ``letter_files``)."""
    folder, name = os.path.split(os.fspath(path))
    sidecars = [os.path.join(folder, _stem(name) + METADATA_SUFFIX)]
    if is_xml_letter(name) or is_pdf(name):
        sidecars.append(os.path.join(folder, _stem(name) + SOURCE_METADATA_SUFFIX))
    if is_xml_letter(name):
        sidecars.append(os.path.join(folder, _stem(name) + PDF_SUFFIX))  # its source of record
    return sidecars


def is_sidecar(name: str) -> bool:
    return has_suffix(name, METADATA_SUFFIX, SOURCE_METADATA_SUFFIX)


def sidecar_source_path(source_path: str, shown: str) -> str:
    """The ``raw/…`` path of the sidecar a problem names (``shown`` is its path on disk)."""
    suffix = SOURCE_METADATA_SUFFIX if shown.endswith(SOURCE_METADATA_SUFFIX) else METADATA_SUFFIX
    return _stem(source_path) + suffix


# The chamber of a document of the States General (``DC.creator``), as a citation writes it.
CHAMBERS = {"Tweede Kamer der Staten-Generaal": "II", "Eerste Kamer der Staten-Generaal": "I"}


@dataclass(frozen=True)
class _SourceMetadata:
    """The ``metadata name=... scheme=... content=...`` values of a ``metadata.xml``."""

    values: dict[str, list[tuple[str, str]]]  # name -> (scheme, content), in the file's order

    def first(self, *names: str) -> str | None:
        return next((self.values[n][0][1] for n in names if n in self.values), None)

    def of_scheme(self, name: str, scheme: str) -> str | None:
        return next((content for s, content in self.values.get(name, []) if s == scheme), None)

    def all(self, name: str) -> list[str]:
        return [content for _, content in self.values.get(name, [])]


def read_source_metadata(path: Path, shown: str) -> dict:
    """The fields of a letter in the source's ``metadata.xml`` (``metadata name=... content=...``),
    each only where the metadata says it: title (``OVERHEIDop.documenttitel``, else
    ``DC.title``), date (``OVERHEIDop.datumBrief``, else ``DCTERMS.issued``), kind, dossier
    ("32545") and its title, reference, senders (``indiener``) and
    the address of the document on zoek.officielebekendmakingen.nl."""
    from pipeline.fetching import xmlsafe

    try:
        root = xmlsafe.parse(path.read_bytes(), shown)
    except xmlsafe.UnsafeXML as error:
        raise ExtractionError(shown, None, str(error).removeprefix(f"{shown}: ")) from None
    values: dict[str, list[tuple[str, str]]] = {}
    for element in root.iter():
        name, content = element.get("name"), element.get("content")
        if xmlsafe.local(element) == "metadata" and name and content and content.strip():
            values.setdefault(name, []).append((element.get("scheme") or "", content.strip()))
    source = _SourceMetadata(values)
    date = source.first("OVERHEIDop.datumBrief", "DCTERMS.issued")
    meta: dict = {
        "title": source.first("OVERHEIDop.documenttitel", "DC.title"),
        "kind": _kind(source),
        "dossier": _dossier(source),
        "dossier_title": source.first("OVERHEIDop.dossiertitel"),
        "date": date and date[:10],
        "reference": _kamerstuk_reference(source) or _aanhangsel_reference(source),
        "senders": _senders(source),
        "url": _address(source),
        "main_document": _main_document(source),
    }
    return {name: value for name, value in meta.items() if value}


def _kind(source: _SourceMetadata) -> str | None:
    """What the document is: a Kamerstuk's own type ("Motie", "Brief"), else the name of
    the publication ("Kamervragen (Aanhangsel)"), else its last ``DC.type``."""
    types = source.all("DC.type")
    if _main_document(source) and "Bijlage" in types:
        return "Bijlage"  # its publicationName is its letter's ("Kamerstuk")
    return (
        source.of_scheme("DC.type", "OVERHEIDop.KamerstukTypen")
        or source.first("OVERHEIDop.publicationName")
        or (types[-1] if types else None)
    )


def _spaced(dossier: str) -> str:
    """A dossier number as printed: "32545" is "32 545"."""
    return f"{dossier[:-3]} {dossier[-3:]}" if dossier.isdigit() and len(dossier) > 3 else dossier


def _dossier(source: _SourceMetadata) -> str | None:
    """The dossier's number as the source writes it ("32545", "36200-VII")."""
    number = source.first("OVERHEIDop.dossiernummer")
    return dossier_number(number) if number else None


def dossier_number(text: str) -> str | None:
    """A dossier number in the one format the source's records write it: "32545",
    "36200-VII"; "32 545" (as a Kamerstuk prints it) is "32545". None for anything else
    (a number with its title: "29 754 Terrorismebestrijding")."""
    match = DOSSIER_NUMBER.fullmatch(text.strip())
    return match[1].replace(" ", "") + (match[2] or "").upper() if match else None


def _kamerstuk_reference(source: _SourceMetadata) -> str | None:
    """A Kamerstuk's reference, "Kamerstuk 32 545, nr. 143": its dossier and its number in it."""
    dossier, number = source.first("OVERHEIDop.dossiernummer"), source.first("OVERHEIDop.ondernummer")
    if not (dossier and number):
        return None
    # an attachment's metadata gives its letter's dossier and number: it is an attachment to it
    return ("Bijlage bij " if _main_document(source) else "") + f"Kamerstuk {_spaced(dossier)}, nr. {number}"


def _aanhangsel_reference(source: _SourceMetadata) -> str | None:
    """An Aanhangsel's reference, "Aanhangsel Handelingen II 2020/21, nr. 3235": it is
    numbered per chamber and parliamentary year, so the reference needs all three."""
    number = source.first("OVERHEIDop.aanhangselNummer")
    year = re.fullmatch(r"(\d{4})-(\d{2})(\d{2})", source.first("OVERHEIDop.vergaderjaar") or "")
    chamber = CHAMBERS.get(source.of_scheme("DC.creator", "OVERHEID.StatenGeneraal") or "")
    if not (number and year and chamber):
        return None
    return f"Aanhangsel Handelingen {chamber} {year[1]}/{year[3]}, nr. {number}"


def _senders(source: _SourceMetadata) -> list[str] | None:
    """Who sent the document: its ``indiener``s. An Aanhangsel of answers names there the
    members who asked the questions; it is sent by the one they were put to, who answers
    them (``ontvanger``)."""
    if source.first("OVERHEIDop.aanhangselNummer"):
        answered = "Antwoord" in source.all("DC.type")
        return (source.all("OVERHEIDop.ontvanger") or None) if answered else None
    return source.all("OVERHEIDop.indiener") or None


def _address(source: _SourceMetadata) -> str | None:
    identifier = source.first("DC.identifier")
    if identifier and SAFE_NAME.match(identifier):
        return f"https://zoek.officielebekendmakingen.nl/{identifier}.html"
    return None


def _main_document(source: _SourceMetadata) -> str | None:
    """The identifier of the document an attachment belongs to (``OVERHEIDop.hoofddocument``)."""
    main = source.first("OVERHEIDop.hoofddocument")
    return main if main and SAFE_NAME.match(main) else None


def letter_metadata(path: Path) -> tuple[dict, tuple[str, ...], tuple[ExtractionError, ...]]:
    """A letter's metadata (the source's ``metadata.xml`` for an XML or PDF letter, with its
    ``.meta.json`` winning), the warnings it gives and the metadata files that cannot be read.
    Read also for a letter whose own text cannot be: a scan is still titled and dated."""
    meta_path = metadata_path(path)
    metadata: dict = {}
    warnings: tuple[str, ...] = ()
    problems: tuple[ExtractionError, ...] = ()
    source_meta = path.with_name(_stem(path.name) + SOURCE_METADATA_SUFFIX)
    if (is_xml_letter(path.name) or is_pdf(path.name)) and source_meta.exists():
        try:
            metadata = read_source_metadata(source_meta, str(source_meta))
        except ExtractionError as error:
            problems = (error,)
    if meta_path.exists():
        try:
            own, warnings, wrong = read_metadata(meta_path, str(meta_path))
            metadata = {**metadata, **own}  # what a maintainer wrote wins over the source's
            problems = (*problems, *wrong)  # each field it gets wrong, left out
        except ExtractionError as error:
            problems = (*problems, error)  # the letter is read all the same, without its metadata
    return metadata, warnings, problems


def read_letter(path: Path, raw_dir: Path) -> RawLetter:
    """Read one letter and its metadata sidecar, if any."""
    relative = path.relative_to(raw_dir).as_posix()
    shown = str(path)
    data = path.read_bytes()
    if is_pdf(path.name):
        from pipeline import pdftext  # pdfminer is heavy: import where a PDF is read

        lines, pitches = pdftext.rendering(data, shown)
    else:
        lines, pitches = split_lines(decode_letter(data, shown)), ()
        _check_line_lengths(lines, shown)
    metadata, warnings, problems = letter_metadata(path)
    pdf = source_of_record(path)
    if pdf is not None:
        warnings = (
            *warnings,
            f"{pdf}: the PDF of the same document as {shown}; the XML is read (its structure) "
            "and the PDF kept as its source of record",
        )
    return RawLetter(
        document_id=document_id_for(path),
        path=path,
        source_path=f"raw/{relative}",
        sha256=hashlib.sha256(data).hexdigest(),
        lines=lines,
        pitches=pitches,
        metadata=metadata,
        warnings=warnings,
        problems=problems,
    )


def raw_file_facts(path: Path, raw_dir: Path) -> tuple[str, str, str, int]:
    """What is known of a letter that cannot be read: its document id, its place in
    raw/, the SHA-256 of its bytes and how many lines it holds (0 when not text)."""
    data = path.read_bytes()
    lines = 0 if is_pdf(path.name) else data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
    relative = path.relative_to(raw_dir).as_posix()
    return document_id_for(path), f"raw/{relative}", hashlib.sha256(data).hexdigest(), lines
