"""Real budget tables, rendered as letters in the four text forms users get: read exactly or reported.

The fixtures (tests/fixtures/real_tables, see its README) are real tables transcribed from
begrotingen, suppletoire begrotingen, slotwetten, jaarverslagen, the Financieel Jaarverslag,
Miljoenennota's, Voorjaarsnota's, Najaarsnota's and Kamerstukken, rendered as a PDF text copy,
``pdftotext -layout``, plain ``pdftotext``, a browser copy of the HTML table and the PDF, with
the truth cell by cell. The bar: no wrong, missing or made-up cell anywhere; every cell not
read lies in a table reported with a line and a reason. The first 28 tables meet it. The
newer batches (``dev-*``: development; ``heldout-*``: the held-out third of the documents,
scored and never tuned on) do not yet: their counts are pinned below, floors on what is read
exactly and ceilings on what is wrong, missing or made up, so that a change that reads less or
gets more wrong shows up. A held-out failure shows counts only.
"""

from __future__ import annotations

from functools import cache

import pytest
from realtables import FIXTURES, Case, CaseScore, _extract, consistency_expectations, load_batch, score

BATCHES = ("each-s1", "each-s2", "all-s1", "all-s3", "extra-each-s1", "extra-all-s1")
NEW_BATCHES = ("dev-each-s1", "dev-docs-s2", "dev-guard-s11", "heldout-each-s1", "heldout-docs-s2")
LAYOUTS = ("html-copy", "layout", "pdf-copy", "raw", "pdf")

# Cells read exactly, per batch and layout, as measured when the reader was written: a floor.
# `uv run --frozen python tests/realtables.py` prints the scoreboard these come from.
# The layout floors of the letters of all tables fell from 519 to 421 when a text's header
# words right over each period ("Realisatie" / "2014") came to be reported: one cell or two
# levels, which a text cannot show. Those 98 cells were a guess that was right here and wrong
# in a begroting (owb-2020-xv) that prints the same lines.
# The text-copy floors fell from 161 to 144 when a line between two rows that only the width
# of the labels placed came to be reported (``labels.WIDTH_ALONE``): a text copy shows no
# column, and that guess was wrong in 28 held-out cells for every 17 it got right here.
EXACT_AT_LEAST = {
    ("each-s1", "html-copy"): 573,
    ("each-s1", "layout"): 573,
    ("each-s1", "pdf-copy"): 144,
    ("each-s2", "html-copy"): 573,
    ("each-s2", "layout"): 573,
    ("each-s2", "pdf-copy"): 144,
    ("all-s1", "html-copy"): 573,
    ("all-s1", "layout"): 421,
    ("all-s1", "pdf-copy"): 144,
    ("all-s3", "html-copy"): 573,
    ("all-s3", "layout"): 421,
    ("all-s3", "pdf-copy"): 144,
    ("extra-each-s1", "html-copy"): 546,
    ("extra-each-s1", "layout"): 522,
    ("extra-each-s1", "pdf-copy"): 127,
    ("extra-each-s1", "raw"): 28,
    ("extra-all-s1", "html-copy"): 546,
    ("extra-all-s1", "layout"): 375,
    ("extra-all-s1", "pdf-copy"): 127,
    # the PDFs the layout texts were made from (Chromium), read by the positions of their words
    ("each-s1", "pdf"): 573,
    ("all-s1", "pdf"): 573,
    ("extra-each-s1", "pdf"): 522,
    ("extra-all-s1", "pdf"): 522,
}


@cache
def cases(batch: str) -> tuple[Case, ...]:
    return tuple(load_batch(FIXTURES / batch))


@cache
def extracted(batch: str, name: str):
    from pipeline.extraction import extract_letter
    from pipeline.reading import read_letter

    case = next(c for c in cases(batch) if c.name == name)
    letter = extract_letter(read_letter(case.text_path, case.text_path.parent))
    return case, letter, _extract(case)


def scored(batch: str, layout: str) -> tuple[CaseScore, list[str]]:
    total, differences = CaseScore(), []
    for case in cases(batch):
        if case.layout != layout:
            continue
        _, _, (amounts, problems) = extracted(batch, case.name)
        result = score(case, amounts, problems)
        for name in ("exact", "wrong", "reported", "missing", "extra"):
            setattr(total, name, getattr(total, name) + getattr(result, name))
        differences += [f"{case.name}: {d}" for d in result.differences]
    return total, differences


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("batch", BATCHES)
def test_every_cell_is_read_exactly_or_its_table_reported(batch, layout):
    total, differences = scored(batch, layout)
    assert (total.wrong, total.missing, total.extra) == (0, 0, 0), "\n".join(differences)
    assert total.exact >= EXACT_AT_LEAST.get((batch, layout), 0)
    assert total.exact + total.reported == total.cells


# The newer batches as they read today, per (batch, layout): (exact at least, wrong at most,
# missing at most, made up at most). The goal is (all, 0, 0, 0); lower a ceiling or raise a
# floor when a change earns it, never the reverse. The PDFs of the letters per document hold
# the same tables as those per table and take a minute to read: the scoreboard has them.
# dev-guard-s11 renders the development tables with another seed (other widths, wraps and
# page breaks): a rule that holds for seed 1's layouts only shows there.
PINNED = {
    ("dev-each-s1", "html-copy"): (9822, 0, 0, 0),
    ("dev-each-s1", "layout"): (8837, 28, 4, 0),
    ("dev-each-s1", "pdf"): (9363, 26, 28, 0),
    ("dev-each-s1", "pdf-copy"): (2195, 2, 25, 0),
    ("dev-each-s1", "raw"): (0, 0, 0, 0),
    ("dev-docs-s2", "html-copy"): (9822, 0, 0, 0),
    ("dev-docs-s2", "layout"): (8900, 67, 4, 0),
    ("dev-docs-s2", "pdf-copy"): (2002, 4, 12, 0),
    ("dev-docs-s2", "raw"): (0, 0, 0, 0),
    ("dev-guard-s11", "html-copy"): (9822, 0, 0, 0),
    ("dev-guard-s11", "layout"): (8981, 34, 4, 0),
    ("dev-guard-s11", "pdf"): (9325, 22, 28, 0),
    ("dev-guard-s11", "pdf-copy"): (1862, 2, 16, 0),
    ("dev-guard-s11", "raw"): (4, 0, 0, 0),
    ("heldout-each-s1", "html-copy"): (5294, 0, 0, 0),
    ("heldout-each-s1", "layout"): (4203, 177, 0, 0),
    ("heldout-each-s1", "pdf"): (4930, 125, 24, 0),
    ("heldout-each-s1", "pdf-copy"): (770, 12, 0, 8),
    ("heldout-each-s1", "raw"): (26, 0, 55, 0),
    ("heldout-docs-s2", "html-copy"): (5294, 0, 0, 0),
    ("heldout-docs-s2", "layout"): (4455, 198, 0, 0),
    ("heldout-docs-s2", "pdf-copy"): (787, 45, 40, 8),
    ("heldout-docs-s2", "raw"): (20, 10, 75, 0),
}


@pytest.mark.parametrize(("batch", "layout"), sorted(PINNED))
def test_the_newer_batches_read_no_less_and_no_worse_than_pinned(batch, layout):
    total, differences = scored(batch, layout)
    exact, wrong, missing, extra = PINNED[(batch, layout)]
    counts = f"exact {total.exact}, wrong {total.wrong}, missing {total.missing}, made up {total.extra}"
    shown = "" if batch.startswith("heldout-") else "\n" + "\n".join(differences)
    assert total.exact >= exact and total.wrong <= wrong, counts + shown
    assert total.missing <= missing and total.extra <= extra, counts + shown
    assert total.exact + total.wrong + total.reported + total.missing == total.cells


@pytest.mark.parametrize("batch", NEW_BATCHES)
def test_every_problem_of_the_newer_batches_names_a_line_of_its_file_and_a_reason(batch):
    for case in cases(batch):
        if (batch, case.layout) not in PINNED:
            continue
        _, letter, _ = extracted(batch, case.name)
        lines = len(letter.raw.lines)
        for problem in letter.problems:
            assert problem.line is not None and 1 <= problem.line <= lines, "a problem without its line"
            assert len(problem.reason) > 20, "a problem without its reason"


@pytest.mark.parametrize("batch", BATCHES)
def test_a_browser_copy_of_the_html_tables_reads_completely(batch):
    total, _ = scored(batch, "html-copy")
    assert total.exact == total.cells and total.reported == 0


@pytest.mark.parametrize("batch", BATCHES)
def test_every_problem_names_a_line_of_its_file_and_a_reason(batch):
    for case in cases(batch):
        _, letter, _ = extracted(batch, case.name)
        lines = len(letter.raw.lines)  # of the file, or of a PDF's rendering
        for problem in letter.problems:
            assert problem.line is not None and 1 <= problem.line <= lines, (case.name, problem)
            assert problem.table_number is not None and len(problem.reason) > 20, (case.name, problem)


@pytest.mark.parametrize("batch", BATCHES)
def test_relations_found_agree_with_the_printed_arithmetic(batch):
    """No mismatch that the truth does not hold, no rounding that is not one; a floor on how
    many of the truth's rounding differences and mismatches are found."""
    from pipeline.extraction.arithmetic import relations_of

    expected = consistency_expectations(FIXTURES / batch)
    found = 0
    for case in cases(batch):
        _, letter, _ = extracted(batch, case.name)
        kinds = {
            (int(e["table_number"]), int(e["row_number"]), int(e["column_number"])): e["kind"]
            for e in expected.get(case.letter, [])
        }
        for relation in relations_of(letter):
            key = (relation.table_number, relation.row_number, relation.column_number)
            if relation.status != "exact":
                assert kinds.get(key) == relation.status, (case.name, relation)
                found += 1
    assert found >= {"extra-each-s1": 14, "extra-all-s1": 11}.get(batch, 9)


@pytest.mark.parametrize("batch", ("each-s1", "all-s1", "extra-each-s1", "extra-all-s1"))
def test_the_line_of_a_cell_read_from_a_pdf_is_where_its_rendering_prints_it(batch):
    """A PDF's cells cite lines of its text rendering (``pipeline pdftext``): each line holds
    the row's printed figure."""
    checked = 0
    for case in cases(batch):
        if case.layout != "pdf":
            continue
        _, letter, (amounts, _) = extracted(batch, case.name)
        for row in amounts:
            if row["value"]:
                assert row["value"] in letter.raw.lines[row["line"] - 1], (case.name, row)
                checked += 1
    assert checked > 0


def test_the_real_mismatch_is_found_in_every_form_that_reads_it():
    """The corona table prints a Totaal for 2022 that is not the sum of its rows (a real
    misprint or a row left out): it must be published as a mismatch, not smoothed over."""
    from pipeline.extraction.arithmetic import relations_of

    mismatches = []
    for case in cases("extra-each-s1"):
        _, letter, _ = extracted("extra-each-s1", case.name)
        mismatches += [
            (case.name, r.period, r.reported_eur, r.computed_eur)
            for r in relations_of(letter)
            if r.status == "mismatch"
        ]
    assert mismatches == [("bzk-owb2024-coronamaatregelen--html-copy", "2022", 73_400_000, 83_600_000)]
