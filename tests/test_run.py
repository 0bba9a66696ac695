"""``pipeline.run.publish``: a run as a script starts one, with a typed summary back."""

from __future__ import annotations

import io
import shutil

import pytest
from support import SAMPLE, SAMPLE_RAW, tree_bytes

from pipeline import run
from pipeline.defs.resources import PipelinePaths, PublishOptions


def test_a_run_returns_what_it_published_and_then_that_nothing_changed(tmp_path):
    paths = PipelinePaths(raw_dir=str(SAMPLE_RAW), dist_dir=str(tmp_path / "dist"), cache_dir=str(tmp_path / "c"))
    progress = io.StringIO()
    first = run.publish(paths, PublishOptions(), progress=progress)
    assert (first.documents, first.tables, first.amounts, first.problems) == (1, 5, 90, [])
    assert first.statuses == {"exact": 24, "rounding": 0, "mismatch": 0} and not first.unchanged
    assert first.version and set(first.descriptors) == {"csv", "parquet"}
    assert first.timings["steps"] and first.timings["stages"]
    again = run.publish(paths, PublishOptions())
    assert again.unchanged and not again.timings.get("steps")  # told by the cache, no Dagster run
    assert again.kept() == first.kept()


def test_a_strict_run_that_cannot_read_a_letter_fully_is_refused_with_its_reasons(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / SAMPLE.name)
    (raw / "kapot.pdf").write_bytes(b"%PDF-1.4 not really")
    dist = tmp_path / "dist"
    shutil.copytree(tmp_path / "raw", dist / "before")  # something in dist/ to keep as it was
    before = tree_bytes(dist)
    paths = PipelinePaths(raw_dir=str(raw), dist_dir=str(dist), cache_dir=str(tmp_path / "c"))
    with pytest.raises(run.RunRefused) as refused:
        run.publish(paths, PublishOptions(strict=True), progress=io.StringIO())
    assert any("kapot.pdf" in reason for reason in refused.value.reasons)
    assert refused.value.reasons[-1] == f"nothing published; {dist} is as it was"
    assert tree_bytes(dist) == before
