"""Refreshing: the sensor and schedule, and incremental runs equal to full rebuilds."""

from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import SAMPLE, tree_bytes

from pipeline import cache as cache_folder
from pipeline import freshness, parts, run, versioning
from pipeline.definitions import defs
from pipeline.defs import automation
from pipeline.defs.resources import PipelinePaths
from pipeline.devtools.synthetic import write_corpus


def tick(raw: Path, cursor: str | None):
    with dg.instance_for_test() as instance:
        context = dg.build_sensor_context(
            instance=instance, cursor=cursor, resources={"paths": PipelinePaths(raw_dir=str(raw))}
        )
        result = automation.raw_letters_changed(context)
        return result, context.cursor


def test_the_sensor_launches_a_refresh_for_new_changed_and_removed_letters(raw_copy):
    first, cursor = tick(raw_copy, None)
    assert isinstance(first, dg.RunRequest) and first.tags["letters"] == "1"
    quiet, same = tick(raw_copy, cursor)
    assert isinstance(quiet, dg.SkipReason) and same == cursor

    (raw_copy / "nieuw.txt").write_text("Den Haag, 1 mei 2020\n")
    added, cursor = tick(raw_copy, cursor)
    assert isinstance(added, dg.RunRequest) and added.tags["letters"] == "2"

    letter = raw_copy / "nieuw.txt"
    letter.write_text("Den Haag, 2 mei 2020\n")
    os.utime(letter, ns=(time.time_ns(), time.time_ns() + 10**9))
    changed, cursor = tick(raw_copy, cursor)
    assert isinstance(changed, dg.RunRequest) and changed.run_key != added.run_key

    letter.unlink()
    removed, cursor = tick(raw_copy, cursor)
    assert isinstance(removed, dg.RunRequest) and removed.tags["letters"] == "1"
    assert removed.run_key == first.run_key or removed.run_key != changed.run_key


def test_the_daily_schedule_requests_a_refresh():
    schedule = defs.get_schedule_def("daily_refresh")
    assert schedule.cron_schedule == "0 6 * * *"
    with dg.instance_for_test() as instance:
        context = dg.build_schedule_context(instance=instance)
        requests = schedule.evaluate_tick(context).run_requests
    assert len(requests) == 1
    assert schedule.job_name == "fetch_and_publish"


def test_the_schedule_takes_its_cron_from_the_environment_it_is_given():
    schedule = automation.daily_refresh({"PIPELINE_REFRESH_CRON": "30 7 * * 1-5", "PIPELINE_REFRESH_TIMEZONE": "UTC"})
    assert (schedule.cron_schedule, schedule.execution_timezone) == ("30 7 * * 1-5", "UTC")
    assert automation.daily_refresh({}).cron_schedule == "0 6 * * *"


def test_sensor_and_schedule_are_in_the_definitions_and_start_stopped():
    sensor = defs.get_sensor_def("raw_letters_changed")
    assert sensor.default_status == dg.DefaultSensorStatus.STOPPED
    assert defs.get_schedule_def("daily_refresh").default_status == dg.DefaultScheduleStatus.STOPPED


@pytest.fixture
def corpus(tmp_path) -> Path:
    write_corpus(tmp_path / "corpus", 40, seed=3)
    raw = tmp_path / "raw"
    shutil.copytree(tmp_path / "corpus" / "raw", raw)
    return raw


def data_of(dist: Path) -> dict[str, bytes]:
    """What must not depend on the road taken: data files, charts, descriptors but for
    their version. (Versions, the changelog, the card, zips and sums record the road.)"""
    import json

    out = {}
    for name, data in tree_bytes(dist).items():
        if name.endswith("datapackage.json"):
            descriptor = json.loads(data)
            descriptor.pop("version")
            out[name] = json.dumps(descriptor).encode()
        elif name.startswith(("csv/data/", "parquet/data/", "charts/")):
            out[name] = data
    return out


def rebuilt_from_scratch(publish, raw: Path, tmp: Path) -> dict[str, bytes]:
    """A full rebuild: a fresh cache, a fresh dist."""
    run = tmp / str(len(list(tmp.iterdir())))
    result = publish(raw, run / "dist", cache=run / "cache")
    assert result.code == 0, result.err
    return data_of(run / "dist")


def test_incremental_refreshes_equal_full_rebuilds(corpus, tmp_path, publish):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    dist = tmp_path / "dist"
    cache = cache_folder.default_root()  # the session's ($PIPELINE_CACHE_DIR): build_corpus below reads it too
    result = publish(corpus, dist, cache=cache)
    assert result.code == 0, result.err

    # Added: one new letter is made, the others come from the cache.
    shutil.copy(SAMPLE, corpus / SAMPLE.name)
    report = parts.build_corpus(corpus, parts.Workspace(cache))
    assert (report.made, report.reused) == (1, 40)
    result = publish(corpus, dist, cache=cache)
    assert result.code == 0, result.err
    assert data_of(dist) == rebuilt_from_scratch(publish, corpus, scratch)

    # Changed.
    letter = sorted(corpus.glob("synthetic-*.txt"))[3]
    letter.write_text(letter.read_text().replace("Den Haag", "'s-Gravenhage"))
    result = publish(corpus, dist, cache=cache)
    assert result.code == 0, result.err
    assert data_of(dist) == rebuilt_from_scratch(publish, corpus, scratch)

    # Removed: its rows go.
    (corpus / SAMPLE.name).unlink()
    result = publish(corpus, dist, cache=cache)
    assert result.code == 0, result.err
    assert b"2015-02-27-versterking" not in tree_bytes(dist)["csv/data/amounts.csv"]
    assert not (dist / "charts" / f"{SAMPLE.stem}.png").exists()
    assert data_of(dist) == rebuilt_from_scratch(publish, corpus, scratch)

    # Nothing changed: nothing written.
    before = {p: p.stat().st_mtime_ns for p in dist.rglob("*")}
    result = publish(corpus, dist, cache=cache)
    assert result.code == 0, result.err
    assert "unchanged" in result.out
    assert {p: p.stat().st_mtime_ns for p in dist.rglob("*")} == before


def test_rows_stay_in_document_order_whatever_the_file_names(tmp_path):
    raw = tmp_path / "raw"
    (raw / "sub").mkdir(parents=True)
    text = SAMPLE.read_text(encoding="utf-8")
    for name in ("Zeta.txt", "alpha.txt", "sub/Midden.txt"):
        (raw / name).write_text(text, encoding="utf-8")
    workspace = parts.Workspace(tmp_path / "cache")
    first = parts.build_corpus(raw, workspace, workers=1)
    assert first.tables["documents"].column("document_id").to_pylist() == ["alpha", "midden", "zeta"]
    (raw / "Beta.txt").write_text(text.replace("Den Haag", "'s-Gravenhage"), encoding="utf-8")
    (raw / "alpha.txt").unlink()
    again = parts.build_corpus(raw, workspace, workers=1)
    assert (again.made, again.reused) == (1, 2)
    scratch = parts.build_corpus(raw, parts.Workspace(tmp_path / "fresh"), workers=1)
    for name, table in scratch.tables.items():
        assert again.tables[name].equals(table), name
    ids = again.tables["amounts"].column("document_id").to_pylist()
    assert ids == sorted(ids) and ids[0] == "beta"


def test_an_upgrade_of_a_library_that_shapes_the_parts_makes_them_again(tmp_path, monkeypatch):
    """A cached part holds what Pillow drew and what pyarrow typed: after an upgrade of
    either, a warm publish must not give other bytes than a cold one, so no part survives."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / SAMPLE.name)
    workspace = parts.Workspace(tmp_path / "cache")
    assert parts.build_corpus(raw, workspace, workers=1).made == 1
    assert parts.build_corpus(raw, workspace, workers=1).reused == 1
    installed = freshness.library_versions()
    assert set(freshness.PART_LIBRARIES) <= set(installed) and "absent" not in installed.values()
    monkeypatch.setattr(freshness, "library_versions", lambda: {**installed, "pillow": "99.0.0"})
    freshness.code_version.cache_clear()
    try:
        again = parts.build_corpus(raw, workspace, workers=1)
    finally:
        monkeypatch.undo()
        freshness.code_version.cache_clear()
    assert (again.made, again.reused) == (1, 0)


def dagster_runs(monkeypatch) -> list[int]:
    """A list that gets a 1 for each Dagster run a publish starts from now on."""
    ran: list[int] = []
    real_materialize = dg.materialize
    monkeypatch.setattr(dg, "materialize", lambda *a, **k: ran.append(1) or real_materialize(*a, **k))
    return ran


def test_a_publish_with_nothing_changed_prints_the_same_summary_without_a_dagster_run(
    raw_copy, tmp_path, monkeypatch, publish
):
    """Nothing changed: the summary of the publication dist/ holds, from the record of the
    run that made it, and no Dagster run (which costs seconds of imports and steps). Any
    change (a letter, a file of dist/) goes through Dagster again."""
    dist, cache = tmp_path / "dist", tmp_path / "cache"
    first = publish(raw_copy, dist, cache=cache)
    assert first.out.splitlines()[-1].startswith("version")
    ran = dagster_runs(monkeypatch)
    again = publish(raw_copy, dist, cache=cache)
    assert ran == []
    assert again.code == first.code and again.err == first.err
    # the same summary, but for what the first run changed and the version it gave
    kept = [line for line in first.out.splitlines() if not line.startswith(("changes ", "  ", "version "))]
    assert again.out.splitlines()[:-1] == kept
    assert again.out.splitlines()[-1] == "unchanged  dist/ already held this publication; no file was written"

    before = tree_bytes(dist)
    (dist / "csv" / "data" / "amounts.csv").write_bytes(b"tampered\n")  # dist/ no longer what was published
    assert publish(raw_copy, dist, cache=cache).code == first.code and ran == [1]
    assert tree_bytes(dist)["csv/data/amounts.csv"] == before["csv/data/amounts.csv"]  # published again
    letter = next(raw_copy.glob("*.txt"))
    letter.write_text(letter.read_text(encoding="utf-8").replace("Den Haag", "'s-Gravenhage"), encoding="utf-8")
    assert publish(raw_copy, dist, cache=cache).code == first.code and ran == [1, 1]
    assert publish(raw_copy, dist, cache=cache).out.splitlines()[-1].startswith("unchanged") and ran == [1, 1]


def test_nothing_changed_is_told_from_the_stamps_of_raw_and_dist_once_they_have_settled(
    raw_copy, tmp_path, monkeypatch, publish
):
    """The quick road: when raw/ and dist/ have the stamps recorded at the last publication,
    and those stamps were taken well after their newest file was written, an unchanged
    publish lists the two folders and reads nothing. Otherwise it checks file by file, and
    records the stamps again when that finds nothing changed."""

    dist, cache = tmp_path / "dist", tmp_path / "cache"
    assert publish(raw_copy, dist, cache=cache).out.splitlines()[-1].startswith("version")
    by_file = []
    real = run.unchanged_file_by_file
    monkeypatch.setattr(run, "unchanged_file_by_file", lambda *a: by_file.append(1) or real(*a))

    def unchanged() -> bool:
        return publish(raw_copy, dist, cache=cache).out.splitlines()[-1].startswith("unchanged")

    monkeypatch.setattr(freshness, "SETTLE_SECONDS", 3600.0)  # as if dist/ had just been written
    assert unchanged() and by_file == [1]
    monkeypatch.setattr(freshness, "SETTLE_SECONDS", 0.0)
    assert unchanged() and by_file == [1]  # from the stamps alone
    letter = next(raw_copy.glob("*.txt"))
    moved = letter.stat().st_mtime_ns + 1_000_000_000
    os.utime(letter, ns=(moved, moved))  # the same bytes at another time: looked at again
    assert unchanged() and by_file == [1, 1]
    assert unchanged() and by_file == [1, 1]  # and stamped again
    published = dist / "README.md"
    os.utime(published, ns=(moved, moved))
    assert unchanged() and by_file == [1, 1, 1]


def test_a_publication_made_by_other_code_is_made_again_with_the_same_bytes(raw_copy, tmp_path, monkeypatch, publish):
    """The record of a publication names the code that made it, all of it (the packaging
    and the card as much as the reading): after an upgrade every letter and the published
    files are made again, by the code now installed."""
    dist, cache = tmp_path / "dist", tmp_path / "cache"
    first = publish(raw_copy, dist, cache=cache)
    before = tree_bytes(dist)
    card = (dist / "README.md").stat().st_ino
    ran = dagster_runs(monkeypatch)
    monkeypatch.setattr(freshness, "code_version", lambda: "another version of the code")
    again = publish(raw_copy, dist, cache=cache)
    assert ran == [1] and again.code == first.code
    assert (dist / "README.md").stat().st_ino != card  # written again
    assert tree_bytes(dist) == before  # by code that writes what it wrote before
    assert publish(raw_copy, dist, cache=cache).out.splitlines()[-1].startswith("unchanged") and ran == [1]


def test_letter_files_the_cache_lost_are_made_again_from_the_assembled_rows(raw_copy, tmp_path, publish):
    """The cache's letter files (page, sheet, chart) are linked into dist/; one the cache
    lost (pruned, or a disk full at the time) is drawn again from the letter's rows."""
    dist, cache = tmp_path / "dist", tmp_path / "cache"
    publish(raw_copy, dist, cache=cache)
    before = tree_bytes(dist)
    workspace = parts.Workspace(cache)
    kept = workspace.kept_files()
    assert kept and all(os.path.isfile(path) for path in kept)
    lost = sorted(kept)[:3]
    for path in lost:
        os.unlink(path)
    assert workspace.kept_files() == kept - set(lost)
    shutil.rmtree(dist)  # so that the next publish writes every file
    assert publish(raw_copy, dist, cache=cache).code == 0
    assert tree_bytes(dist) == before
    assert workspace.kept_files() == kept
    assert parts.Workspace(tmp_path / "empty").kept_files() == set()


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.text("abc-1", min_size=1, max_size=3), st.tuples(st.booleans(), st.integers(0, 3)), max_size=40),
    st.integers(0, 3),
)
def test_merging_kept_and_fresh_letters_equals_filtering_and_sorting(letters, max_slices):
    """A refresh joins whole letters by slices instead of sorting every row: the rows must be
    those a filter, a join and ``in_document_order`` give, whatever letters are kept, made
    again or new, and whichever way the slices are joined (few: slices; many: one gather)."""

    def rows(docs):  # each letter's rows numbered, so their order within the letter shows
        ids = [d for d in sorted(docs) for _ in range(letters[d][1])]
        return pa.table({"document_id": pa.array(ids, pa.string()), "n": pa.array(range(len(ids)), pa.int64())})

    docs = sorted(letters)
    kept_table = rows(docs)  # the last assembly: every letter, some of them made again now
    fresh_docs = [d for d in docs if letters[d][0]]
    fresh = rows(fresh_docs)
    kept = {d for d in docs if not letters[d][0]}
    expected = versioning.in_document_order(
        pa.concat_tables(
            [
                kept_table.filter(
                    pc.is_in(kept_table.column("document_id"), value_set=pa.array(sorted(kept), pa.string()))
                ),
                fresh,
            ]
        )
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(versioning, "_MAX_SLICES", max_slices)
        merged = versioning.merged_in_document_order(kept_table, kept, fresh)
    assert merged.equals(expected)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.tuples(st.text("abc-1", min_size=1, max_size=3), st.integers(0, 3)), max_size=6), max_size=8),
    st.booleans(),
)
def test_joining_batches_equals_joining_and_sorting(batches, in_order):
    """The first assembly joins the chunks' batches column by column, letting go of each
    as it goes: the tables must be those ``in_document_order`` gives for the batches joined,
    in one chunk per column, whether the batches follow each other in document order (a
    cold publish) or not (some letters from the part cache, some made)."""
    if in_order:  # each batch's letters come after the last batch's
        letters = sorted({doc for batch in batches for doc, _ in batch})
        batches = [
            [(doc, n) for doc, (_, n) in zip(letters[sum(len(b) for b in batches[:i]) :], batch)]
            for i, batch in enumerate(batches)
        ]

    def table(batch):  # a batch as assemble() gives it: its letters in order, each letter's rows numbered
        ids = [doc for doc, n in sorted(dict(batch).items()) for _ in range(n)]
        return pa.table({"document_id": pa.array(ids, pa.string()), "n": pa.array(range(len(ids)), pa.int64())})

    tables = [{"amounts": table(b), "documents": table(b[:1])} for b in batches]
    expected = (
        {name: versioning.in_document_order(pa.concat_tables([t[name] for t in tables])) for name in tables[0]}
        if tables
        else {}
    )
    given_batches = list(tables)
    joined = versioning.joined_in_document_order(given_batches)
    assert given_batches == []
    assert joined.keys() == expected.keys()
    for name, want in expected.items():
        assert joined[name].equals(want)
        assert all(joined[name].column(f).num_chunks <= 1 for f in joined[name].column_names)


def test_the_refresh_job_logs_at_info_and_ends_with_a_warning_when_letters_were_not_read_fully(
    tmp_path, monkeypatch, capfd
):
    """`pipeline dg launch --job refresh`: the job's console log is at INFO (not Dagster's
    hundred DEBUG lines), and a publication that lists problems says so in a warning."""
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "leeg.txt").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the job's resources: raw/ and dist/ of the working directory
    monkeypatch.setenv("PIPELINE_CACHE_DIR", str(tmp_path / "cache"))
    with dg.DagsterInstance.ephemeral() as instance:
        result = defs.resolve_job_def("refresh").execute_in_process(instance=instance)
        assert result.success
        warnings = [e.user_message for e in instance.all_logs(result.run_id) if e.level == logging.WARNING]
    console = capfd.readouterr().err
    assert (tmp_path / "dist" / "parquet" / "datapackage.json").exists()
    assert any("published with 1 problem(s) in 1 letter(s) not read fully" in w for w in warnings)
    assert " - DEBUG - " not in console and "published with 1 problem(s)" in console
    first = versioning.FIRST_VERSION
    assert f"published as version {first}: 1 letters, 0 amounts, 0 relations checked, 1 problems" in console
