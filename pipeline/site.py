"""``dist/index.html``: the publication as one page a browser opens from disk, for a reader
without Python or SQL: the dataset card (the same Markdown as ``dist/README.md``, rendered by
markdown-it-py) and every letter with a search box, each linking to its page (its facts,
findings and tables as printed, ``letters/<document_id>.md``) and its sheet.

Static: no server, no framework; a few lines of plain JavaScript filter the letters as one
types (and from ``?q=`` in the address, so a link can carry a search). Pure functions of the
published tables and the card's text; the same tables give the same bytes.
"""

from __future__ import annotations

import html

import pyarrow as pa
from markdown_it import MarkdownIt

from pipeline import card, schema

STYLE = """
body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}
td.n{text-align:right}input{font-size:1rem;padding:.3rem;width:20rem}img{max-width:100%}
pre{background:#f4f4f4;padding:.5rem;overflow:auto}
"""
# Filters the letters' rows by the words typed (every word in the row's text), and from ?q= on load.
SCRIPT = """
const box = document.getElementById("search");
const rows = Array.from(document.querySelectorAll("#letters tbody tr"));
const shown = document.getElementById("shown");
function filter() {
  const words = box.value.toLowerCase().split(/\\s+/).filter(Boolean);
  let n = 0;
  for (const row of rows) {
    const hit = words.every(w => row.dataset.text.includes(w));
    row.hidden = !hit;
    n += hit ? 1 : 0;
  }
  shown.textContent = n;
}
box.addEventListener("input", filter);
box.value = new URLSearchParams(location.search).get("q") || "";
filter();
"""


def index_html(tables: dict[str, pa.Table], card_markdown: str) -> str:
    """The page: the letters with their search box first, then the card."""
    letters = card.letter_rows(tables)
    body = [
        f"<h1>{html.escape(schema.PACKAGE_TITLE)}</h1>",
        "<h2>Letters</h2>",
        '<p><label for="search">Search the letters (id, date, title, reference): </label>'
        '<input id="search" type="search" autofocus> '
        f'<span id="shown">{len(letters)}</span> of <span id="total">{len(letters)}</span> shown</p>',
        '<table id="letters"><thead><tr><th>letter</th><th>date</th><th>title</th><th>reference</th>'
        "<th>tables</th><th>amounts</th><th>not read</th></tr></thead><tbody>",
        *(_letter_row(letter) for letter in letters),
        "</tbody></table>",
        _card_html(card_markdown),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(schema.PACKAGE_TITLE)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + f"\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


def _letter_row(letter: dict) -> str:
    doc = letter["document_id"]
    text = " ".join(str(letter[k] or "") for k in ("document_id", "date", "title", "reference")).lower()
    link = f'<a href="letters/{html.escape(doc)}.md">{html.escape(doc)}</a>'
    sheet = f' (<a href="letters/{html.escape(doc)}.csv">sheet</a>)' if letter["tables"] else ""
    cells = [
        f"<td>{link}{sheet}</td>",
        f"<td>{letter['date']}</td>",
        f"<td>{html.escape(letter['title'] or '')}</td>",
        f"<td>{html.escape(letter['reference'] or '')}</td>",
        f'<td class="n">{letter["tables"]}</td>',
        f'<td class="n">{letter["amounts"]}</td>',
        f'<td class="n">{letter["problems"] or ""}</td>',
    ]
    return f'<tr data-text="{html.escape(text)}">{"".join(cells)}</tr>'


def _card_html(card_markdown: str) -> str:
    """The dataset card's Markdown as HTML (tables on), with its first heading dropped: the
    page has its own."""
    rendered = MarkdownIt("commonmark", {"html": False}).enable("table").render(card_markdown)
    first_heading_end = rendered.find("</h1>")
    return rendered[first_heading_end + len("</h1>") :].lstrip("\n") if first_heading_end >= 0 else rendered
