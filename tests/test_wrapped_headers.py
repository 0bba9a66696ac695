"""Header cells wrapped over the lines of a PDF text copy (pipeline.extraction.wrapped):
whatever one cell width made of them, the true cells are always among the readings, so a
header read only when every reading agrees is read right."""

from __future__ import annotations

import tracemalloc

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline.extraction import wrapped
from pipeline.extraction.settings import DEFAULT

HEADS = DEFAULT.column_heads

WORDS = st.sampled_from(
    [
        "Stand",
        "Mutaties",
        "begroting",
        "suppletoire",
        "1e",
        "via",
        "NvW,",
        "en",
        "Realisatie",
        "Raming",
        "ontwerp",
        "incl.",
        "x",
        "vastgestelde",
    ]
)
MARKS = st.one_of(st.none(), st.sampled_from(["(1)", "(2)", "(3)=(1)+(2)", "(5)=(3)+(4)"]))
YEARS = st.one_of(st.none(), st.integers(2015, 2030).map(str), st.sampled_from(["2024 t/m 2082", "2026 e.v."]))


@st.composite
def header_cells(draw) -> str:
    words = draw(st.lists(WORDS, min_size=1, max_size=4))
    # an ordinal qualifies the word after it, as in print: "1e suppletoire", never "1e Stand"
    words = [w for k, w in enumerate(words) if w != "1e" or (k + 1 < len(words) and words[k + 1][:1].islower())]
    # a word that opens a column's name ("Stand", "Mutaties") opens its cell, as in print
    words = [w for k, w in enumerate(words) if k == 0 or w.lower() not in HEADS]
    if not words:
        words = ["Stand"]
    year, mark = draw(YEARS), draw(MARKS)
    return " ".join(words + ([year] if year else []) + ([mark] if mark else []))


def wrap(text: str, width: int) -> list[str]:
    """Greedy wrap, written apart from the module under test: a word that does not fit
    starts the next line; a word longer than the width stands alone."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def copied(cells: list[str], width: int) -> list[list[str]]:
    """What a PDF viewer copies: line k holds line k of every cell that has one."""
    wrapped_cells = [wrap(c, width) for c in cells]
    depth = max(map(len, wrapped_cells))
    return [" ".join(w[k] for w in wrapped_cells if k < len(w)).split() for k in range(depth)]


@settings(max_examples=120, deadline=None)
@given(st.lists(header_cells(), min_size=1, max_size=5), st.integers(4, 30))
def test_the_true_cells_of_one_level_are_always_a_reading(cells, width):
    found = wrapped.readings(copied(cells, width), len(cells), 0, 10**4, 10**5, HEADS)
    assume(found is not None)
    assert (tuple(cells),) in found


@settings(max_examples=60, deadline=None)
@given(
    st.lists(header_cells(), min_size=1, max_size=3),
    st.lists(header_cells(), min_size=3, max_size=4),
    st.integers(6, 30),
)
def test_the_true_cells_of_two_levels_are_always_a_reading(upper, lower, width):
    lines = copied(upper, width) + copied(lower, width)
    found = wrapped.readings(lines, len(lower), 0, 10**4, 10**5, HEADS)
    assume(found is not None)
    assert (tuple(upper), tuple(lower)) in found


def test_a_line_the_next_word_would_have_fit_on_is_no_reading():
    # "Stand van zaken" makes the cells at least 15 wide, so "Raming" could not have
    # wrapped before "nu": "nu" belongs to the first cell (or to a first cell cut otherwise).
    found = wrapped.readings([["Stand", "van", "zaken", "Raming"], ["nu"]], 2, 0, 100, 10**4)
    assert found is not None
    assert (("Stand van zaken nu", "Raming"),) in found
    assert (("Stand van zaken", "Raming nu"),) not in found


def test_too_many_readings_or_steps_is_none():
    line = ["Mutaties", "via", "NvW", "en", "ISB", "moties", "stand", "raming"]
    assert wrapped.readings([line, line[:4], line[:2]], 3, 1, 2, 10**6) is None
    assert wrapped.readings([line, line[:4], line[:2]], 3, 1, 10**6, 5) is None


def test_an_ordinal_qualifies_the_word_after_it_in_its_own_cell():
    # "Mutaties 1e" over "suppletoire": the ordinal is never a cell's end nor set before a
    # capitalised word, so "Mutaties | 1e Stand …" is no reading
    found = wrapped.readings(
        [["Stand", "Mutaties", "1e", "Stand", "1e"], ["ontwerp", "suppletoire", "suppletoire"]], 3, 0, 100, 10**4
    )
    assert found is not None and found
    assert all("1e" not in cell.split()[-1:] and " 1e Stand" not in f" {cell}" for (level,) in found for cell in level)
    assert (("Stand ontwerp", "Mutaties 1e suppletoire", "Stand 1e suppletoire"),) in found


def test_a_word_that_opens_a_columns_name_opens_its_cell():
    # two columns under three such words: some cell would hold two of them ("Stand Mutaties
    # ontwerp"), which no budget table prints, so no one-level reading is left
    lines = [["Stand", "Mutaties", "Stand"], ["ontwerp", "suppletoire"]]

    def one_level(heads: frozenset[str]) -> set[tuple[str, ...]]:
        return {r[0] for r in wrapped.readings(lines, 2, 0, 100, 10**4, heads) or [] if len(r) == 1}

    assert one_level(HEADS) == set()
    assert ("Stand Mutaties ontwerp", "Stand suppletoire") in one_level(frozenset())


def test_a_header_of_many_short_fragments_is_given_up_within_its_budget_and_small_memory():
    # Lines of many short words (rows of figures with their thousands set apart, taken for
    # header lines) can be cut into cells in more ways than any budget weighs. Every way
    # kept counts against the step budget, so the search gives up early: it once held
    # gigabytes of partial readings before its step count ran out.
    lines = [
        ["Stand", "raming", "2012"] + ["24", "903"] * 6,
        ["Mutaties", "1e", "suppletoire", "begroting"] + ["5", "520"] * 6,
        ["2012"],
        ["Stand", "1e", "suppletoire", "begroting", "2012"] + ["30", "423"] * 6,
        ["Mutatie", "nog", "niet", "eerder", "in"] + ["1", "670"] * 6,
        ["een", "stuk"],
    ]
    tracemalloc.start()
    try:
        found = wrapped.readings(lines, 6, 1, 2000, 20000, frozenset({"stand", "mutaties", "mutatie"}))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found is None
    assert peak < 50_000_000
