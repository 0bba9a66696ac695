"""What ``pipeline publish`` tells a maintainer: a preview that writes nothing, the version
a publication gets and why, and a mismatch as the letter prints it, at its line."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import SAMPLE_RAW, tree_bytes

from pipeline import consistency, schema, versioning
from pipeline.devtools.synthetic import write_corpus

# A letter whose total does not add up in 2025: 1,20 + 0,85 is 2,05, printed 2,15.
MISMATCHED = """Den Haag, 3 maart 2025

Tabel 1 Uitgaven (bedragen x € 1 mln)

                      2025     2026
Politie               1,20     3,00
Justitie              0,85     1,50
Totaal                2,15     4,50
"""


MAJOR, MINOR, PATCH = map(int, schema.SCHEMA_VERSION.split("."))
FIRST = schema.SCHEMA_VERSION  # a dataset starts at its contract's version
ADDED = f"{MAJOR}.{MINOR + 1}.0"


@pytest.fixture
def published(tmp_path, publish):
    """The sample letter published into a fresh dist/; its raw/ to add letters to."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in SAMPLE_RAW.iterdir():
        (raw / path.name).write_bytes(path.read_bytes())
    code, _, err = publish(raw, tmp_path / "dist", cache=tmp_path / "cache")
    assert code == 0, err
    return raw, tmp_path / "dist", tmp_path / "cache"


def test_a_dry_run_says_what_would_change_and_writes_nothing(published, tmp_path, publish):
    raw, dist, cache = published
    write_corpus(tmp_path / "corpus", 1, seed=11)
    for path in (tmp_path / "corpus" / "raw").iterdir():
        (raw / path.name).write_bytes(path.read_bytes())
    before = tree_bytes(dist)
    siblings = sorted(p.name for p in dist.parent.iterdir())

    code, out, err = publish(raw, dist, cache=cache, dry_run=True)
    assert code == 0, err
    assert f"version    {ADDED} (was {FIRST})" in out
    assert "changes    " in out and "  synthetic-1: " in out and " 0 removed, 0 changed" in out
    assert out.rstrip().endswith("dry run    nothing was written to dist/")
    assert tree_bytes(dist) == before
    assert sorted(p.name for p in dist.parent.iterdir()) == siblings  # nothing staged left behind

    code, out, _ = publish(raw, dist, cache=cache)  # the real thing gets the version the preview named
    assert code == 0 and f"version    {ADDED} (was {FIRST})" in out
    code, out, _ = publish(raw, dist, cache=cache, dry_run=True)
    assert "unchanged  dist/ already held this publication" in out and "dry run" in out


def test_a_dry_run_of_an_unchanged_corpus_after_a_dry_run_is_still_quick(published, publish):
    """A preview must not overwrite the record that lets an unchanged publish skip Dagster."""
    raw, dist, cache = published
    (raw / "extra.txt").write_text(MISMATCHED, encoding="utf-8")
    publish(raw, dist, cache=cache, dry_run=True)
    (raw / "extra.txt").unlink()
    code, out, _ = publish(raw, dist, cache=cache)
    assert code == 0 and "unchanged  dist/ already held this publication" in out


def test_a_mismatch_is_shown_as_printed_at_its_line(published, publish):
    raw, dist, cache = published
    (raw / "mis.txt").write_text(MISMATCHED, encoding="utf-8")
    code, out, _ = publish(raw, dist, cache=cache)
    assert code == 0
    assert (
        f"mismatch   {raw}/mis.txt:8: table 1, 2025: printed 2,15 but rows 1+2 add up to 2,05 (mln euro)"
        in out.splitlines()
    )
    assert "checks     7 of 8 passed (printed_totals_add_up WARN)" in out


def test_removing_rows_is_a_major_version_and_correcting_them_a_patch(published, publish):
    raw, dist, cache = published
    (raw / "mis.txt").write_text(MISMATCHED, encoding="utf-8")
    assert f"version    {ADDED} (was {FIRST})" in publish(raw, dist, cache=cache).out  # rows added: minor
    (raw / "mis.txt").write_text(MISMATCHED.replace("2,15", "2,05"), encoding="utf-8")
    corrected = f"{MAJOR}.{MINOR + 1}.1"
    assert f"version    {corrected} (was {ADDED})" in publish(raw, dist, cache=cache).out  # a figure corrected: patch
    (raw / "mis.txt").unlink()
    code, out, _ = publish(raw, dist, cache=cache)
    removed = f"{MAJOR + 1}.0.0"
    assert f"version    {removed} (was {corrected})" in out  # rows gone: a consumer's lookups may break
    changelog = (dist / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "Rows removed: a major version" in changelog.split(f"## {removed}")[1].split(f"## {corrected}")[0]
    assert "Rows changed under the same keys (corrections): a patch." in changelog.split(f"## {corrected}")[1]


@pytest.mark.parametrize(
    "kind, expected",
    [
        ({"schema_changed": True}, "2.0.0"),
        ({"schema_changed": True, "schema_widened": True}, "1.5.0"),
        ({"rows_removed": True}, "2.0.0"),
        ({"rows_removed": True, "rows_added": True, "rows_changed": True}, "2.0.0"),
        ({"rows_added": True}, "1.5.0"),
        ({"rows_added": True, "rows_changed": True}, "1.5.0"),
        ({"rows_changed": True}, "1.4.3"),
        ({"metadata_changed": True}, "1.4.3"),
        ({}, "1.4.2"),
    ],
)
def test_what_each_change_does_to_the_version(kind, expected):
    assert versioning.bump("1.4.2", **kind) == expected


def test_the_first_version_is_the_contracts():
    assert versioning.bump("", rows_added=True) == schema.SCHEMA_VERSION


@pytest.mark.parametrize(
    "amount, unit, decimals, printed",
    [
        (2_050_000, 1_000_000, 2, "2,05"),
        (20_500_000, 1_000_000, 1, "20,5"),
        (1_234_567_000, 1_000, 0, "1.234.567"),
        (-750_000, 1_000_000, 1, "-0,75"),  # more decimals than printed when they are needed
        (12, 1, 0, "12"),
    ],
)
def test_amounts_as_a_dutch_table_prints_them(amount, unit, decimals, printed):
    assert consistency.as_printed(amount, unit, decimals) == printed


@given(st.integers(-(10**15), 10**15), st.sampled_from([1, 1_000, 1_000_000, 1_000_000_000]), st.integers(0, 3))
def test_an_amount_as_printed_reads_back_exactly(amount, unit, decimals):
    from fractions import Fraction

    text = consistency.as_printed(amount, unit, decimals)
    whole, _, fraction = text.lstrip("-").partition(",")
    value = Fraction(int(whole.replace(".", "")) * 10 ** len(fraction) + int(fraction or 0), 10 ** len(fraction))
    assert (-value if text.startswith("-") else value) * unit == amount
    assert len(fraction) >= decimals


def test_units_in_words():
    assert [consistency.unit_words(u) for u in (1, 1_000, 1_000_000, 1_000_000_000, 100)] == [
        "euro",
        "duizend euro",
        "mln euro",
        "mld euro",
        "× 100 euro",
    ]


def test_findings_without_a_printed_cell_still_name_the_letter():
    """A mismatch whose cell is not among the amounts (it cannot happen today) still says
    where the letter is, never fails."""
    row = {
        "document_id": "a",
        "table_number": 1,
        "row_number": 3,
        "column_number": 1,
        "period": "2025",
        "relation": "rows_sum_to_total",
        "parts": "1+2",
        "reported_eur": 2_150_000,
        "computed_eur": 2_050_000,
        "difference_eur": 100_000,
        "tolerance_eur": 0,
        "status": "mismatch",
    }
    table = pa.Table.from_pylist([row], schema=schema.RESOURCES_BY_NAME["consistency"].to_pyarrow_schema())
    amounts = schema.RESOURCES_BY_NAME["amounts"].to_pyarrow_schema().empty_table()
    documents = pa.table({"document_id": ["a"], "source_path": ["raw/a.txt"]})
    (found,) = consistency.mismatch_findings(table, amounts, documents)
    assert (found["where"], found["printed"], found["added_up"]) == ("raw/a.txt", "2.150.000", "2.050.000")
