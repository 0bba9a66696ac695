"""The card's corpus facts are true: every letter is counted in "By year", undated ones too,
and the overview chart draws a year without letters as 0, not as a line across it."""

from __future__ import annotations

import pyarrow.parquet as pq
from support import SAMPLE

from pipeline import card


def test_undated_letters_are_counted_and_years_without_letters_are_zero(tmp_path, publish):
    raw = tmp_path / "raw"
    raw.mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    (raw / "brief-2015.txt").write_text(text, encoding="utf-8")
    (raw / "brief-2018.txt").write_text(text.replace("27 februari 2015", "1 maart 2018"), encoding="utf-8")
    (raw / "notitie.txt").write_text("Een notitie zonder datum en zonder tabel.\n", encoding="utf-8")
    dist = tmp_path / "dist"
    publish(raw, dist)
    readme = (dist / "README.md").read_text(encoding="utf-8")
    assert "| (no date) | 1 |" in readme
    tables = {
        name: pq.read_table(dist / "parquet" / "data" / f"{name}.parquet") for name in ("documents", "consistency")
    }
    series = card.overview_series(tables)
    assert series[1] == {2015: 1, 2016: 0, 2017: 0, 2018: 1}
