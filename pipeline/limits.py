"""How long and how much memory one letter may take to read, and what stops it.

A letter comes from the internet or a user's folder, and a PDF is a program of a kind: a page
can draw millions of glyphs, a small stream can inflate to gigabytes. One such letter must
not hold the rest of the corpus hostage, so each is read within limits (Apache Tika's forked
parser does the same):

- time: ``seconds`` per letter, plus ``seconds_per_page`` for each page of a PDF (the PDF
  reader asks for it once it knows its pages, ``allow_pages``), enforced by a timer signal
  in the process that reads it (``time_limit``);
- memory: ``memory_bytes`` per worker process, enforced by the operating system
  (``RLIMIT_AS``) in the worker processes that read PDFs (``limit_memory``): an allocation
  past it fails as a ``MemoryError``, which stops that letter alone;
- size, before a page is read: ``pages`` a PDF may have (``allow_pages``), and
  ``page_content_bytes`` of content a page may draw from once inflated (``allow_content``,
  measured by the PDF reader without inflating more than that): a glyph bomb or an inflate
  bomb is refused at once, before it costs time or memory.

A letter stopped by a limit is published as a letter that cannot be read, with the limit it
hit as its problem (``LimitExceeded``'s words, which name the option that gives more); it is
not cached, so the next run (with more time, say) tries it again. A worker process that dies
while reading (the system's out-of-memory killer, a crash in a library) is replaced, and
the letter it was reading is found and listed the same way (``pipeline.parts``).

A letter that takes more than a few seconds is named on stderr while it is read ("reading
raw/x.pdf: page 3 of 140, 12 s"), every few seconds, so that a user sees what holds a run.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class LetterLimits:
    seconds: float = 120.0  # per letter
    seconds_per_page: float = 2.0  # more for each page of a PDF
    memory_bytes: int = 1024**3  # per worker process that reads PDFs; 0: none
    pages: int = 2_000  # pages a PDF may have (a whole Miljoenennota has a few hundred); 0: any
    page_content_bytes: int = 64 * 1024**2  # content a PDF page may draw from, inflated; 0: any

    def memory_text(self) -> str:
        return _bytes_text(self.memory_bytes)

    def summary(self) -> str:
        """The limits in force, in the words of the summary."""
        return ", ".join(
            [
                f"{self.seconds:g} s a letter and {self.seconds_per_page:g} s more a PDF page (--letter-timeout)",
                f"{self.memory_text()} a worker (--worker-memory)" if self.memory_bytes else "no memory cap",
                f"{self.pages:,} pages a PDF (--max-pages)" if self.pages else "any number of pages",
                f"{_bytes_text(self.page_content_bytes)} of content a PDF page (--max-page-content)"
                if self.page_content_bytes
                else "any content a page",
            ]
        )


def _bytes_text(count: int) -> str:
    return f"{count / 1024**3:g} GiB" if count >= 1024**3 else f"{count / 1024**2:g} MiB"


class LimitExceeded(BaseException):
    """A letter went past one of its limits; the message says which, and what gives more. A
    BaseException, as KeyboardInterrupt is: the readers' own ``except Exception`` around a
    damaged file must not take it for one."""


# The limits of the letter being read in this process (``within``), for the PDF reader's checks.
_letter: list[LetterLimits] = []
# While a timer runs: the seconds the letter being read may take, and how many more a page.
_allowed: list[float] = []
PROGRESS_AFTER = 5.0  # seconds a letter takes before it is named
PROGRESS_EVERY = 10.0  # and again every so many seconds after that


class _Reading:
    """The letter this process is reading, for the progress line: its name, since when, and
    for a PDF the page it is on."""

    def __init__(self) -> None:
        self.shown: str | None = None
        self.started = 0.0
        self.page = (0, 0)
        self.watcher: threading.Thread | None = None

    def watch(self) -> None:
        told = 0.0
        while True:
            time.sleep(1.0)
            shown, started = self.shown, self.started
            if shown is None:
                told = 0.0
                continue
            taken = time.monotonic() - started
            if taken < PROGRESS_AFTER or (told and taken - told < PROGRESS_EVERY):
                continue
            page, pages = self.page
            where = f": page {page} of {pages}" if pages else ""
            print(f"reading {shown}{where}, {taken:.0f} s", file=sys.stderr, flush=True)
            told = taken


_reading = _Reading()


@contextlib.contextmanager
def reading(shown: str) -> Iterator[None]:
    """Name ``shown`` as the letter being read, for the progress line."""
    if _reading.watcher is None:
        _reading.watcher = threading.Thread(target=_reading.watch, name="letter-progress", daemon=True)
        _reading.watcher.start()
    _reading.shown, _reading.started, _reading.page = shown, time.monotonic(), (0, 0)
    try:
        yield
    finally:
        _reading.shown = None


def on_page(page: int, pages: int) -> None:
    """The PDF being read is on ``page`` of ``pages``."""
    _reading.page = (page, pages)


@contextlib.contextmanager
def within(bounds: LetterLimits, shown: str) -> Iterator[None]:
    """Read the letter ``shown`` within ``bounds``: named for the progress line, stopped by
    its timer, and its PDF's pages and their content checked against the bounds."""
    _letter[:] = [bounds]
    try:
        with reading(shown), time_limit(bounds.seconds, bounds.seconds_per_page):
            yield
    finally:
        _letter.clear()


def over_memory(bounds: LetterLimits) -> str:
    """The problem of a letter that needed more memory than a worker has."""
    return (
        f"needed more than the {bounds.memory_text()} a worker may use to read it; it is left out "
        "(--worker-memory gives more)"
    )


@contextlib.contextmanager
def time_limit(seconds: float, seconds_per_page: float = 0.0) -> Iterator[None]:
    """Raise ``LimitExceeded`` in this block once it has run ``seconds`` (plus what
    ``allow_pages`` grants). Where no timer signal can be set (not the main thread), the
    block runs without one."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame) -> None:
        raise LimitExceeded(
            f"took longer than {_allowed[0]:g} s to read (the limit: {seconds:g} s a letter, "
            f"{seconds_per_page:g} s more a PDF page); it is left out (--letter-timeout gives more)"
        )

    previous = signal.signal(signal.SIGALRM, stop)
    _allowed[:] = [seconds, seconds_per_page]
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        _allowed.clear()


def allow_pages(pages: int) -> None:
    """Grant the letter being read its allowance for ``pages`` pages (a PDF's), or stop it
    when it has more pages than a PDF may have."""
    most = _letter[0].pages if _letter else 0
    if most and pages > most:
        raise LimitExceeded(
            f"the PDF has {pages:,} pages, more than the {most:,} a letter may have; it is left out "
            "(--max-pages gives more)"
        )
    if not _allowed or pages <= 0:
        return
    more = pages * _allowed[1]
    left, _ = signal.getitimer(signal.ITIMER_REAL)
    if left > 0 and more > 0:
        _allowed[0] += more
        signal.setitimer(signal.ITIMER_REAL, left + more)


def content_allowed() -> int:
    """The bytes of content a page of the letter being read may draw from; 0: any."""
    return _letter[0].page_content_bytes if _letter else 0


def allow_content(page: int, content_bytes: int) -> None:
    """Stop the letter being read when its page ``page`` draws from more content than a page
    may (``content_bytes`` is at least the page's content once inflated)."""
    most = content_allowed()
    if most and content_bytes > most:
        raise LimitExceeded(
            f"page {page} of the PDF draws from more than {_bytes_text(most)} of content once inflated "
            "(a page of text and tables holds well under 1 MiB); it is left out (--max-page-content gives more)"
        )


def limit_memory(memory_bytes: int) -> None:
    """Cap this process's address space (a worker's: never the parent's)."""
    if memory_bytes <= 0:
        return
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
