"""The published consistency resource, read back for the summary, the checks, the card and
the letters' pages: counts by status, the mismatches, and how to say one in words. The
arithmetic itself is ``pipeline.extraction.arithmetic``'s."""

from __future__ import annotations

from fractions import Fraction

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.dutch import decimals_of
from pipeline.extraction.arithmetic import MISMATCH
from pipeline.schema import STATUSES


def status_counts(consistency: pa.Table) -> dict[str, int]:
    """How many relations of the consistency resource have each status (every status named)."""
    counts = {r["values"]: r["counts"] for r in pc.value_counts(consistency.column("status")).to_pylist()}
    return {status: counts.get(status, 0) for status in STATUSES}


def mismatch_rows(consistency: pa.Table, limit: int | None = None) -> list[dict]:
    """The relations whose printed figure is not what its parts add up to, as rows."""
    found = consistency.filter(pc.equal(consistency.column("status"), MISMATCH))
    return (found if limit is None else found.slice(0, limit)).to_pylist()


def unit_words(unit_eur: int) -> str:
    """A table's unit as a reader says it: 1000000 -> "mln euro"."""
    return {1: "euro", 1_000: "duizend euro", 1_000_000: "mln euro", 1_000_000_000: "mld euro"}.get(
        unit_eur, f"× {unit_eur:,} euro".replace(",", ".")
    )


def as_printed(amount_eur: int, unit_eur: int, decimals: int) -> str:
    """An amount in a table's unit, written as Dutch tables print it (20.500,5), with at
    least ``decimals`` decimals (those of the figure it is set against) and as many more as
    it needs to be exact."""
    value = Fraction(amount_eur, unit_eur)
    places = decimals
    while value * 10**places != int(value * 10**places) and places < 12:
        places += 1
    scaled = round(abs(value) * 10**places)
    whole, fraction = divmod(scaled, 10**places)
    text = f"{whole:,}".replace(",", ".") + (f",{fraction:0{places}d}" if places else "")
    return ("-" if value < 0 else "") + text


def column_name(finding: dict) -> str:
    """How a finding's column is named: its period, or its number where it has no header."""
    return finding["period"] or f"column {finding['column_number']}"


def mismatch_sentence(finding: dict) -> str:
    """A finding of ``mismatch_findings`` in words, as the letter prints it:
    "table 1, 2025: printed 2,15 but rows 1+2 add up to 2,05 (mln euro)"."""
    parts = finding["parts"] if finding["parts"].startswith("tables") else f"rows {finding['parts']}"
    return (
        f"table {finding['table_number']}, {column_name(finding)}: "
        f"printed {finding['printed']} "
        f"but {parts} add up to {finding['added_up']} ({finding['unit']})"
    )


def mismatch_findings(consistency: pa.Table, amounts: pa.Table, documents: pa.Table) -> list[dict]:
    """Each mismatch as a reader checks it against the letter: the file and line of the
    printed figure, the table and period, the figure as printed and what its parts add up
    to in the table's unit."""
    found = mismatch_rows(consistency)
    if not found:
        return []
    keys = ["document_id", "table_number", "row_number", "column_number"]
    wanted = pa.Table.from_pylist([{k: r[k] for k in keys} for r in found], schema=amounts.select(keys).schema)
    matched = amounts.select([*keys, "value", "line", "unit_eur"]).join(wanted, keys=keys, join_type="inner")
    cells = {tuple(row[k] for k in keys): row for row in matched.to_pylist()}
    sources = dict(zip(documents.column("document_id").to_pylist(), documents.column("source_path").to_pylist()))
    findings = []
    for r in found:
        cell = cells.get((r["document_id"], r["table_number"], r["row_number"], r["column_number"]))
        unit = cell["unit_eur"] if cell and cell["unit_eur"] else 1
        printed = cell["value"] if cell and cell["value"] else as_printed(r["reported_eur"], unit, 0)
        findings.append(
            {
                **r,
                "where": f"{sources.get(r['document_id'], r['document_id'])}" + (f":{cell['line']}" if cell else ""),
                "printed": printed,
                "added_up": as_printed(r["computed_eur"], unit, decimals_of(printed)),
                "unit": unit_words(unit),
            }
        )
    return findings
