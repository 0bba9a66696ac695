"""The command line: help, validate, and progress on long runs."""

from __future__ import annotations

import io
import os
import shutil
from contextlib import redirect_stdout

import pytest
from support import DIST, SAMPLE_RAW

from pipeline import cache as cache_folder
from pipeline import cli, parts
from pipeline.devtools.synthetic import write_corpus


@pytest.mark.parametrize(
    "argv, needles",
    [
        (["--help"], ["publish", "validate", "bench"]),
        (["publish", "--help"], ["--raw", "--dist", "--cache", "--wait"]),
        (["validate", "--help"], ["target", "Exits 0"]),
        (["bench", "--help"], ["--docs", "--workdir"]),
    ],
)
def test_help_is_complete(argv, needles):
    out = io.StringIO()
    with redirect_stdout(out), pytest.raises(SystemExit) as exited:
        cli.main(argv)
    assert exited.value.code == 0
    for needle in needles:
        assert needle in out.getvalue()


def test_validate_reports_a_valid_publication():
    out = io.StringIO()
    assert cli.validate(DIST, out=out) == 0
    assert "csv      valid" in out.getvalue() and "parquet  valid" in out.getvalue()
    assert "sums     valid" in out.getvalue()
    assert "zip      valid" in out.getvalue() and "(holds csv/ exactly)" in out.getvalue()


def test_validate_reads_each_zip_back(sample_dist, tmp_path):
    """A zip that does not hold its package exactly is reported: a member changed, one
    missing, or a zip that is not one."""
    dist = tmp_path / "dist"
    shutil.copytree(sample_dist, dist)
    (dist / "csv" / "extra.txt").write_text("not in the zip")
    (dist / "nl-kamerbrief-tables-parquet.zip").write_bytes(b"PK not a zip")
    out = io.StringIO()
    assert cli.validate(dist, out=out) == 1
    text = out.getvalue()
    assert "csv/extra.txt (missing)" in text
    assert "nl-kamerbrief-tables-parquet.zip: File is not a zip file" in text
    (dist / "csv" / "extra.txt").unlink()
    (dist / "csv" / "data" / "problems.csv").write_bytes(b"changed")
    out = io.StringIO()
    cli.validate(dist / "csv", out=out)
    assert "csv/data/problems.csv (differs)" in out.getvalue()


def test_validate_reports_what_is_wrong(sample_dist, tmp_path):
    dist = tmp_path / "dist"
    shutil.copytree(sample_dist, dist)
    amounts = dist / "csv" / "data" / "amounts.csv"
    amounts.write_text(amounts.read_text().replace(",55100000,", ",55l00000,"))
    out = io.StringIO()
    assert cli.validate(dist, out=out) == 1
    text = out.getvalue()
    assert "csv      INVALID" in text and "amount_eur" in text and "hash" in text
    assert "csv/data/amounts.csv do not match" in text


def test_validate_without_a_package(tmp_path):
    assert cli.validate(tmp_path, out=io.StringIO()) == 2


def test_publish_shows_progress_on_long_runs(tmp_path, monkeypatch, publish):
    write_corpus(tmp_path / "corpus", 6, seed=5)
    monkeypatch.setattr(parts, "CHUNK_LETTERS", 2)
    result = publish(tmp_path / "corpus" / "raw", tmp_path / "dist", cache=tmp_path / "cache")
    assert result.code == 0, result.err
    assert [line for line in result.err.splitlines() if line.startswith("letters made")] == [
        "letters made: 2 of 6",
        "letters made: 4 of 6",
        "letters made: 6 of 6",
    ]
    assert "documents  6" in result.out


def test_the_cache_folder_follows_the_environment_when_asked(monkeypatch, tmp_path):
    """$PIPELINE_CACHE_DIR is read when the cache is needed, not once at import: a test or a
    long-lived process that changes it is heard."""
    from pathlib import Path

    from pipeline.defs.resources import PipelinePaths

    monkeypatch.setenv("PIPELINE_CACHE_DIR", str(tmp_path))
    assert PipelinePaths().cache.root == cache_folder.default_root() == tmp_path
    monkeypatch.delenv("PIPELINE_CACHE_DIR")
    assert PipelinePaths().cache.root == Path(".cache/pipeline")
    assert PipelinePaths(cache_dir="elsewhere").cache.root == Path("elsewhere")


def test_a_publish_keeps_its_run_in_the_instance_only_when_asked(tmp_path, monkeypatch, publish):
    """Without record (--no-record) the run goes to an in-memory instance: no state folder is
    made and the environment is left as it was; with it (the command's default), the run is
    kept in $DAGSTER_HOME's instance, where the UI reads it."""
    import dagster as dg

    home = tmp_path / "home"
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.chdir(tmp_path)
    assert publish(SAMPLE_RAW, tmp_path / "dist").code == 0
    assert not home.exists() and not (tmp_path / ".dagster").exists()
    assert publish(SAMPLE_RAW, tmp_path / "recorded", record=True).code == 0
    assert os.environ["DAGSTER_HOME"] == str(home)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert [run.is_success for run in instance.get_runs()] == [True]


def test_the_command_records_its_runs_unless_told_not_to(monkeypatch):
    asked = []
    monkeypatch.setattr(cli, "publish", lambda *args, **options: asked.append(options["record"]) or 0)
    assert cli.main(["publish"]) == 0 and cli.main(["publish", "--no-record"]) == 0
    assert asked == [True, False]
