"""Reliability: odd but valid input reads the same, bad input is refused clearly, faults lose nothing."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import SAMPLE, SAMPLE_RAW, alive, children, materialize_publication, tree_bytes

from pipeline import cli, packaging, reading, schema
from pipeline.contract import violations
from pipeline.devtools.synthetic import generate_letter
from pipeline.errors import ExtractionError
from pipeline.extraction import extract_letter
from pipeline.reading import RawLetter, read_letter
from pipeline.tidy import letter_columns, to_tables

SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")


def cells_of(path: Path) -> list[tuple]:
    letter = extract_letter(read_letter(path, path.parent))
    assert letter.problems == ()
    return [
        (t.number, t.unit_eur, t.first_line, r.number, r.label, r.is_total, r.line, c.column.period, c.amount_eur)
        for t in letter.tables
        for r in t.rows
        for c in r.cells
    ]


CLEAN = None


def clean_cells(tmp_path_factory=None):
    global CLEAN
    if CLEAN is None:
        CLEAN = cells_of(SAMPLE)
    return CLEAN


# ---- input it takes in its stride -----------------------------------------------------------


def _dashes_as(dash: str):
    return lambda t: t.replace("–", dash).encode("utf-8")


VARIANTS = {
    "utf-8 with BOM": lambda t: ("\ufeff" + t).encode("utf-8"),
    "windows-1252": lambda t: t.encode("cp1252", errors="strict"),
    "CRLF": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "tabs between cells": lambda t: "\n".join(
        line.replace(" ", "\t") if line[:1].isupper() and line.rstrip()[-1:].isdigit() else line
        for line in t.split("\n")
    ).encode("utf-8"),
    "double spaces": lambda t: t.replace(" ", "  ").encode("utf-8"),
    "trailing spaces": lambda t: t.replace("\n", "   \n").encode("utf-8"),
    "no-break spaces": lambda t: t.replace(" 1", "\u00a01").replace(" 2", "\u202f2").encode("utf-8"),
    **{f"dash U+{ord(d):04X}": _dashes_as(d) for d in ["\u2012", "\u2013", "\u2014", "\u2212", "-"]},
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_variants_of_the_sample_read_the_same(variant, tmp_path):
    path = tmp_path / SAMPLE.name
    path.write_bytes(VARIANTS[variant](SAMPLE_TEXT))
    assert cells_of(path) == clean_cells()


def test_windows_1252_brings_euro_and_dash_through(tmp_path):
    path = tmp_path / "brief.txt"
    path.write_bytes("Den Haag, 1 mei 2019\n\nIn mln euro 2019 2020\n\nKosten – € 5\n".encode("cp1252"))
    letter = extract_letter(read_letter(path, tmp_path))
    assert [c.value for c in letter.tables[0].rows[0].cells] == ["–", "€ 5"]


def test_negative_dash_variants():
    for dash in ["\u2012", "\u2013", "\u2014", "\u2212", "-"]:
        lines = ("In mln euro 2015 2016", "", f"Korting {dash}1,5 {dash}", f"Totaal {dash}1,5 {dash}")
        letter = extract_letter(RawLetter("x", Path("x.txt"), "raw/x.txt", "0" * 64, lines, {}))
        assert [c.figure.in_euros(10**6) for c in letter.tables[0].rows[0].cells] == [-1_500_000, 0]


# ---- input it refuses, clearly ------------------------------------------------------------


def replace_line(text: str, startswith: str, new: str) -> tuple[str, int]:
    lines = text.split("\n")
    number = next(i for i, line in enumerate(lines, 1) if line.startswith(startswith))
    lines[number - 1] = new
    return "\n".join(lines), number


def bad_inputs():
    def letter_with(start, new, reported_below=0):
        def make(raw: Path):
            text, number = replace_line(SAMPLE_TEXT, start, new)
            (raw / SAMPLE.name).write_text(text, encoding="utf-8")
            return f"{raw / SAMPLE.name}:{number + reported_below}: "

        return make

    def file_with(name, data):
        def make(raw: Path):
            (raw / name).write_bytes(data)
            return f"{raw / name}"

        return make

    def metadata(data):
        def make(raw: Path):
            (raw / SAMPLE.name.replace(".txt", ".meta.json")).write_bytes(data)
            return str(raw / SAMPLE.name.replace(".txt", ".meta.json"))

        return make

    return {
        "too many values": (
            letter_with("Kmar 15,2", "Kmar 15,2 37 28,8 28,8 28,8 28,8 28,8"),
            "7 figures but the table has 6 columns",
        ),
        "too few values": (letter_with("CTIVD –", "CTIVD – 0,5 0,5 0,5"), "which are blank cannot be told"),
        "unreadable periods": (letter_with("In mln euro", "In mln euro 2015 2016 later"), "cannot be read"),
        "unknown unit": (
            letter_with("In mln euro", "In fte 2015 2016 2017 2018 2019 2020"),
            "in 'In fte', not in euros",
        ),
        "no periods": (
            letter_with("In mln euro", "(bedragen x € 1 mln)", reported_below=2),
            "without a header naming their columns",
        ),
        "binary": (file_with("plaatje.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "not a text file"),
        "undecodable": (file_with("kapot.txt", b"Den Haag\n\x81\x8d\x8f\x90\x9d\n"), "neither UTF-8 nor Windows-1252"),
        "empty": (file_with("leeg.txt", b""), "empty"),
        "duplicate id": (
            file_with("2015-02-27 Versterking Veiligheidsketen.txt", SAMPLE_TEXT.encode()),
            "maps to document id '2015-02-27-versterking-veiligheidsketen'",
        ),
        "metadata not JSON": (metadata(b'{"title": "x",\n "url": }\n'), "not valid JSON"),
        "metadata wrong type": (metadata(b'{"title": ["x"]}\n'), "'title' must be a str"),
    }


BAD = bad_inputs()


@pytest.fixture(scope="module")
def good_dist(sample_dist) -> Path:
    """The sample corpus's publication: what a bad input or a fault must leave as it was."""
    return sample_dist


@pytest.mark.parametrize("case", BAD)
def test_bad_input_is_refused_and_dist_survives(case, raw_copy, good_dist, tmp_path, publish):
    dist = tmp_path / "dist"
    shutil.copytree(good_dist, dist)
    make, reason = BAD[case]
    where = make(raw_copy)
    before = tree_bytes(dist)
    code, out, err = publish(raw_copy, dist, strict=True)
    assert code != 0
    first = err.splitlines()[0]
    assert first.startswith(str(raw_copy)) and where in first and reason in first, err
    assert "Traceback" not in err
    assert tree_bytes(dist) == before


LETTER_PARTS = ["too many values", "too few values", "unreadable periods", "unknown unit", "no periods"]


@pytest.mark.parametrize("case", LETTER_PARTS)
def test_an_unreadable_table_is_listed_and_the_rest_published(case, raw_copy, tmp_path, publish):
    make, reason = BAD[case]
    where = make(raw_copy)
    code, out, err = publish(raw_copy, tmp_path / "dist")
    assert code == cli.EXIT_PUBLISHED_WITH_PROBLEMS
    assert any(line.startswith(where) and reason in line for line in err.splitlines()), err
    problems = (tmp_path / "dist" / "csv" / "data" / "problems.csv").read_text(encoding="utf-8")
    assert reason in problems and f",{where.rsplit(':', 2)[1]}," in problems
    tables = (tmp_path / "dist" / "csv" / "data" / "tables.csv").read_text(encoding="utf-8")
    assert len(tables.splitlines()) > 1  # the letter's other tables are published


def test_a_file_too_large_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "MAX_LETTER_BYTES", 1000)
    path = tmp_path / "groot.txt"
    path.write_text("x" * 2000)
    with pytest.raises(ExtractionError, match="2,000 bytes, more than the 1,000"):
        read_letter(path, tmp_path)


def test_an_unknown_metadata_field_is_a_warning(raw_copy, tmp_path, publish):
    meta = raw_copy / SAMPLE.name.replace(".txt", ".meta.json")
    data = json.loads(meta.read_text())
    data["colour"] = "blue"
    meta.write_text(json.dumps(data))
    code, out, err = publish(raw_copy, tmp_path / "dist")
    assert code == 0
    assert "unknown metadata field 'colour'" in err


# ---- fuzzing: the extractor reads or refuses with a line, nothing else ---------------------------

BASES = [tuple(SAMPLE_TEXT.split("\n"))] + [
    tuple(generate_letter(random.Random(seed), f"f{seed}").lines) for seed in range(3)
]
NOISE = ["–", "-", ",", ".", "€", "p.m.", "0", "7", "12,5", "x", "\u00a0", "\t", "Totaal", "2015", "(", " "]


@st.composite
def mutated(draw):
    lines = list(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 5))):
        op = draw(
            st.sampled_from(
                ["drop", "duplicate", "swap", "drop token", "duplicate token", "swap tokens", "noise", "truncate"]
            )
        )
        i = draw(st.integers(0, len(lines) - 1))
        words = lines[i].split(" ")
        if op == "drop" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "drop token" and words:
            del words[draw(st.integers(0, len(words) - 1))]
            lines[i] = " ".join(words)
        elif op == "duplicate token" and words:
            k = draw(st.integers(0, len(words) - 1))
            words.insert(k, words[k])
            lines[i] = " ".join(words)
        elif op == "swap tokens" and len(words) > 1:
            k, m = draw(st.integers(0, len(words) - 1)), draw(st.integers(0, len(words) - 1))
            words[k], words[m] = words[m], words[k]
            lines[i] = " ".join(words)
        elif op == "noise":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.sampled_from(NOISE)) + lines[i][at:]
        elif op == "truncate":
            lines = lines[: i + 1]
    return tuple(lines)


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated())
def test_mutated_letters_are_read_or_refused_with_a_line(lines):
    raw = RawLetter("fuzz", Path("raw/fuzz.txt"), "raw/fuzz.txt", "0" * 64, lines, {})
    try:
        letter = extract_letter(raw)
    except ExtractionError as error:
        assert error.path == "raw/fuzz.txt"
        assert error.line is not None and 1 <= error.line <= len(lines)
        return
    resources = to_tables([letter_columns(letter)])
    for resource in schema.RESOURCES:
        assert violations(resource, resources[resource.name], resources) == []


# ---- faults: no failure loses a publication ---------------------------------------------------------


def boom(*args, **kwargs):
    raise OSError("injected fault")


FAULTS = {
    "after the CSV, before the Parquet": ("_write_parquet", boom),
    "while writing a descriptor": ("_descriptor", boom),
    "while validating": ("validate_packages", boom),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_fault_while_writing_leaves_dist_and_no_leftovers(fault, good_dist, tmp_path, monkeypatch, publish):
    dist = tmp_path / "dist"
    shutil.copytree(good_dist, dist)
    before = tree_bytes(dist)
    name, replacement = FAULTS[fault]
    with monkeypatch.context() as patch:
        patch.setattr(packaging, name, replacement)
        code, _, err = publish(SAMPLE_RAW, dist)
    assert code != 0 and "injected fault" in err
    assert tree_bytes(dist) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".dist.lock", "dist"]
    code, _, _ = publish(SAMPLE_RAW, dist)
    assert code == 0 and tree_bytes(dist) == before


def test_a_fault_between_the_two_renames_of_the_swap(good_dist, tmp_path, monkeypatch, publish):
    dist = tmp_path / "dist"
    shutil.copytree(good_dist, dist)
    before = tree_bytes(dist)
    real_replace = os.replace
    calls = []

    def second_rename_fails(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError("injected fault")
        return real_replace(src, dst)

    monkeypatch.setattr(packaging.os, "replace", second_rename_fails)
    code, _, err = publish(SAMPLE_RAW, dist)
    monkeypatch.undo()
    assert code != 0
    assert tree_bytes(dist) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".dist.lock", "dist"]


def test_two_publishes_never_interleave(good_dist, tmp_path, publish):
    dist = tmp_path / "dist"
    shutil.copytree(good_dist, dist)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time\n"
            f"fd = os.open({str(packaging.lock_path(dist))!r}, os.O_RDWR | os.O_CREAT)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\nprint('locked', flush=True)\ntime.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        before = tree_bytes(dist)
        code, _, err = publish(SAMPLE_RAW, dist)
        assert code == 3 and "another publication is running" in err
        assert tree_bytes(dist) == before
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.slow  # waits for seconds before the kill
@pytest.mark.parametrize("after_seconds", [2.0, 3.0])
def test_a_killed_run_started_again_gives_the_same_bytes(after_seconds, good_dist, tmp_path):
    dist = tmp_path / "dist"
    env = {**os.environ, "DAGSTER_HOME": os.environ["DAGSTER_HOME"]}
    command = [sys.executable, "-m", "pipeline.cli", "publish", "--raw", str(SAMPLE_RAW), "--dist", str(dist)]
    run = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(after_seconds)
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert subprocess.run(command, env=env, capture_output=True).returncode == 0
    assert tree_bytes(dist) == tree_bytes(good_dist)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".dist.lock", "dist"]


@pytest.mark.slow  # a corpus of three chunks, and seconds of waiting
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
def test_the_workers_end_with_a_publish_that_is_killed_outright(tmp_path):
    """SIGKILL (a supervisor, the out-of-memory killer) gives the parent no chance to end its
    pool; the workers must see it gone and exit, not sleep on for good."""
    from pipeline.devtools.synthetic import write_corpus

    write_corpus(tmp_path / "corpus", 600, seed=5)
    command = [
        sys.executable,
        "-m",
        "pipeline.cli",
        "publish",
        "--raw",
        str(tmp_path / "corpus" / "raw"),
        "--dist",
        str(tmp_path / "dist"),
        "--cache",
        str(tmp_path / "cache"),
        "--no-record",  # (a recorded run adds Dagster's own log tailers, which end on their own clock)
    ]
    run = subprocess.Popen(command, env={**os.environ}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        # the workers are the fork server's children: the publish's grandchildren
        while len(workers := [w for child in children(run.pid) for w in children(child)]) < min(2, os.cpu_count() or 1):
            assert run.poll() is None and time.monotonic() < deadline, "the publish started no workers"
            time.sleep(0.05)
        helpers = children(run.pid)  # the fork server, the resource tracker
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait()
    deadline = time.monotonic() + 10
    while any(alive(w) for w in [*workers, *helpers]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [w for w in [*workers, *helpers] if alive(w)]


def test_publications_from_different_checkouts_are_identical(tmp_path, publish):
    results = []
    for name in ("one", "two"):
        checkout = tmp_path / name
        shutil.copytree(SAMPLE_RAW, checkout / "raw")
        code, _, _ = publish(checkout / "raw", checkout / "dist")
        assert code == 0
        results.append(tree_bytes(checkout / "dist"))
    assert results[0] == results[1]


def test_a_failed_validation_in_a_dagster_run_blocks_publication_and_leaves_nothing(good_dist, tmp_path, monkeypatch):
    dist = tmp_path / "dist"
    shutil.copytree(good_dist, dist)
    before = tree_bytes(dist)
    monkeypatch.setattr(
        packaging,
        "validate_packages",
        lambda descriptors: [packaging.ValidationIssue("csv", "amounts", 2, "amount_eur", "injected invalid cell")],
    )
    result = materialize_publication(dist)
    assert not result.success
    failed = [e for e in result.get_asset_check_evaluations() if not e.passed]
    assert [e.check_name for e in failed] == ["frictionless_valid"]
    assert "injected invalid cell" in failed[0].description
    assert "published_datapackages" not in {
        m.asset_key.to_user_string() for m in result.asset_materializations_for_node("published_datapackages")
    }
    assert tree_bytes(dist) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".dist.lock", "dist"]


def test_a_run_started_outside_the_cli_waits_its_turn_too(good_dist, tmp_path):
    """The lock belongs to the run (the ``publishing`` resource), not to the CLI: a run the
    UI, the sensor or the schedule starts while another publication holds the lock does not
    stage or swap anything."""

    dist = tmp_path / "dist"
    shutil.copytree(good_dist, dist)
    before = tree_bytes(dist)
    with packaging.PublicationLock(dist):
        result = materialize_publication(dist, tmp_path / "cache")
    assert not result.success
    assert "another publication is running" in str([e.event_specific_data for e in result.all_events if e.is_failure])
    assert tree_bytes(dist) == before
    # refused as the run set up, before any letter was read: no cache was even made
    assert sorted(p.name for p in tmp_path.iterdir()) == [".dist.lock", "dist"]


def test_the_swap_needs_the_lock_held(good_dist, tmp_path):
    dist = tmp_path / "dist"
    shutil.copytree(good_dist, dist)
    staged = tmp_path / "staged"
    staged.mkdir()
    with pytest.raises(RuntimeError, match="needs the publication lock"):
        packaging.publish(staged, dist, packaging.PublicationLock(dist))
    with packaging.PublicationLock(dist) as lock:
        with pytest.raises(RuntimeError, match="already held"):
            lock.acquire()
        with pytest.raises(packaging.PublicationLocked):
            packaging.PublicationLock(dist).acquire()  # another holder, even in this process, waits its turn
        packaging.publish(staged, dist, lock)
    assert not staged.exists() and sorted(p.name for p in dist.iterdir()) == []
