"""dist/index.html: the publication as a page a browser opens from disk, with every letter, a
search over them and the dataset card; tested in headless Chromium (Debian's package, which
.ci/run installs)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from support import DIST, SAMPLE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")


def _browser(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        check=True,
    )


def _shown(dom: str) -> list[str]:
    """The letters a page shows (rows not hidden), by their ids."""
    rows = re.findall(r"<tr data-text=\"[^\"]*\"( hidden=\"\")?><td><a href=\"letters/([^\"]+)\.md\"", dom)
    return [doc for hidden, doc in rows if not hidden]


@pytest.fixture(scope="module")
def three_letters(tmp_path_factory, publish) -> Path:
    raw = tmp_path_factory.mktemp("site") / "raw"
    raw.mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    (raw / "brief-2015.txt").write_text(text, encoding="utf-8")
    (raw / "brief-2018.txt").write_text(text.replace("27 februari 2015", "1 maart 2018"), encoding="utf-8")
    (raw / "notitie.txt").write_text("Een notitie zonder tabel.\n", encoding="utf-8")
    dist = raw.parent / "dist"
    publish(raw, dist)
    return dist


def test_the_committed_publication_has_its_page():
    page = (DIST / "index.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'id="search"' in page
    assert 'href="letters/2015-02-27-versterking-veiligheidsketen.md"' in page
    assert "<table>" in page  # the card's tables, rendered
    assert "index.html" in (DIST / "SHA256SUMS").read_text(encoding="utf-8")


@needs_chromium
def test_a_browser_shows_every_letter_and_a_search_finds_one(three_letters, tmp_path):
    page = (three_letters / "index.html").as_uri()
    dom = _browser("--dump-dom", page, cwd=tmp_path).stdout
    assert sorted(_shown(dom)) == ["brief-2015", "brief-2018", "notitie"]
    assert '<span id="shown">3</span> of <span id="total">3</span>' in dom
    searched = _browser("--dump-dom", page + "?q=2018", cwd=tmp_path).stdout
    assert _shown(searched) == ["brief-2018"]
    assert '<span id="shown">1</span>' in searched
    shot = tmp_path / "page.png"
    _browser("--screenshot=" + str(shot), "--window-size=1200,900", page, cwd=tmp_path)
    png = shot.read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 10_000  # a page was drawn, not a blank one
