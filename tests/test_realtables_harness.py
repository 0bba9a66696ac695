"""The real-tables scoring harness scores what it should: the truth itself is all exact."""

from __future__ import annotations

import pytest
from realtables import FIXTURES, Case, consistency_expectations, load_batch, score


def as_got(expected: list[dict[str, str]]) -> list[dict]:
    """Truth rows in the shape the extractor publishes."""
    return [
        {
            "table_number": int(r["table_number"]),
            "row_number": int(r["row_number"]),
            "column_number": int(r["column_number"]),
            "row_label": r["row_label"],
            "is_total": r["is_total"] == "true",
            "column_header": r["column_header"],
            "period": r["period"],
            "year": int(r["year"]) if r["year"] else None,
            "amount_eur": int(r["amount_eur"]) if r["amount_eur"] else None,
            "value": r["printed"],
            "line": int(r["line"]) if r["line"] else 1,
        }
        for r in expected
    ]


@pytest.fixture(scope="module")
def case() -> Case:
    """All sixteen tables in one letter, in the layout whose truth leaves some lines empty."""
    (found,) = [c for c in load_batch(FIXTURES / "all-s1") if c.layout == "raw"]
    return found


def test_batches_load():
    for batch, letters, pdfs in (
        ("each-s1", 16, True),
        ("each-s2", 16, False),
        ("all-s1", 1, True),
        ("all-s3", 1, False),
    ):
        cases = load_batch(FIXTURES / batch)
        forms = 5 if pdfs else 4  # the PDFs the layout texts were made from, where committed
        assert len(cases) == forms * letters
        assert {c.layout for c in cases} == {"pdf-copy", "layout", "raw", "html-copy"} | ({"pdf"} if pdfs else set())
        assert sum(len(c.expected) for c in cases) == 573 * forms
        assert all(row["line"] == "" for c in cases if c.layout == "pdf" for row in c.expected)


def test_the_truth_scores_all_exact(case):
    result = score(case, as_got(case.expected), [])
    assert (result.exact, result.wrong, result.reported, result.missing, result.extra) == (573, 0, 0, 0, 0)
    assert result.differences == []


def test_whitespace_inside_a_figure_does_not_count(case):
    got = as_got(case.expected)
    spaced = next(g for g in got if " " in g["value"])
    spaced["value"] = spaced["value"].replace(" ", "")
    assert score(case, got, []).exact == 573


def test_a_perturbed_amount_is_one_wrong_cell(case):
    got = as_got(case.expected)
    cell = next(g for g in got if g["amount_eur"])
    cell["amount_eur"] += 1
    result = score(case, got, [])
    assert (result.exact, result.wrong, result.missing, result.extra) == (572, 1, 0, 0)
    assert result.wrong_fields == {"amount_eur": 1}
    assert "amount_eur" in result.differences[0]


def test_a_dropped_cell_is_missing_and_an_added_one_extra(case):
    got = as_got(case.expected)
    dropped = got.pop(10)
    result = score(case, got, [])
    assert (result.exact, result.missing, result.extra) == (572, 1, 0)
    added = dict(dropped, table_number=99)
    result = score(case, [*got, dropped, added], [])
    assert (result.exact, result.missing, result.extra) == (573, 0, 1)


def test_a_reported_table_is_not_compared(case):
    in_table_2 = sum(1 for r in case.expected if r["table_number"] == "2")
    got = [g for g in as_got(case.expected) if g["table_number"] != 2]
    result = score(
        case,
        got,
        [
            {"table_number": 2, "line": 40, "reason": "unreadable"},
            {"table_number": None, "line": None, "reason": "letter-wide"},
        ],
    )
    assert in_table_2 > 0
    assert (result.exact, result.reported, result.missing) == (573 - in_table_2, in_table_2, 0)


def test_consistency_expectations_are_keyed_by_letter():
    found = consistency_expectations(FIXTURES / "each-s1")
    assert len(found) == 16
    assert len(found["fin-vjn2018-opbouw-emu-schuld"]) == 2
    assert found["szw-owb2022-art99-nog-onverdeeld"] == []
    (rows,) = consistency_expectations(FIXTURES / "all-s3").values()
    assert len(rows) == 6 and {r["kind"] for r in rows} == {"rounding"}


def test_a_guard_batch_is_scored_but_left_out_of_the_development_sums(tmp_path):
    # the development tables rendered once more: its line is printed, its cells not summed
    import shutil

    from realtables import Board, is_guard

    guard = tmp_path / "dev-guard-s11"
    shutil.copytree(FIXTURES / "each-s2", guard)  # any batch will do: what counts is its name
    assert is_guard(guard) and not is_guard(FIXTURES / "dev-each-s1")
    board = Board()
    board.score_batch(FIXTURES / "each-s2")
    summed = board.cells["development"]["html-copy"].exact
    board.score_batch(guard)
    assert summed and board.cells["development"]["html-copy"].exact == summed
    assert any(line.startswith("dev-guard-s11") for line in board.lines)
