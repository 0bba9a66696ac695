"""Stamps of folders: what lets ``pipeline publish`` tell in a second that nothing changed
must change whenever a file is added, removed, renamed, resized or written again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import PROJECT

from pipeline import freshness, parts

SECOND = 1_000_000_000
NAMES = st.sampled_from(["a.txt", "b.meta.json", "sub/c.txt", "sub/deeper/d.csv", "e f.md", "ë.txt"])


def make_tree(root, files: dict[str, tuple[int, int]]) -> None:
    """Files by relative path, each with its size and modification time (ns)."""
    root.mkdir(parents=True, exist_ok=True)
    for name, (size, mtime) in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * size)
        os.utime(path, ns=(mtime, mtime))


TREES = st.dictionaries(NAMES, st.tuples(st.integers(0, 3), st.integers(1, 5).map(lambda s: s * SECOND)), max_size=6)


@settings(max_examples=60, deadline=None)
@given(TREES, TREES)
def test_two_folders_have_the_same_stamp_exactly_when_their_files_have_the_same_names_sizes_and_times(
    tmp_path_factory, first, second
):
    one, two = tmp_path_factory.mktemp("one"), tmp_path_factory.mktemp("two")
    make_tree(one, first)
    make_tree(two, second)
    same = freshness.folder_stamp(str(one)).digest == freshness.folder_stamp(str(two)).digest
    assert same == (first == second)


def test_a_stamp_is_that_of_every_file_under_the_folder(tmp_path):
    make_tree(tmp_path / "raw", {"a.txt": (2, SECOND), "sub/b.txt": (1, 3 * SECOND)})
    entries = freshness.files_stamped(str(tmp_path / "raw"))
    assert entries == [("a.txt", 2, SECOND), ("sub/b.txt", 1, 3 * SECOND)]
    stamp = freshness.folder_stamp(str(tmp_path / "raw"))
    assert stamp.newest_ns == 3 * SECOND and stamp.digest == freshness.stamp_of(entries, 0).digest
    assert freshness.folder_stamp(str(tmp_path / "missing")) is None
    (tmp_path / "file").write_text("not a folder")
    assert freshness.folder_stamp(str(tmp_path / "file")) is None


def test_a_file_written_again_with_the_same_size_changes_the_stamp_through_its_time(tmp_path):
    make_tree(tmp_path, {"a.txt": (3, SECOND)})
    before = freshness.folder_stamp(str(tmp_path))
    (tmp_path / "a.txt").write_bytes(b"yyy")  # the same size, written now
    assert freshness.folder_stamp(str(tmp_path)).digest != before.digest


def test_a_recorded_stamp_is_trusted_only_when_taken_well_after_the_newest_file_was_written():
    settled = freshness.Stamp("d", newest_ns=10 * SECOND, taken_ns=20 * SECOND)
    assert settled.matches(settled.as_record())
    assert not settled.matches({**settled.as_record(), "digest": "e"})
    # times in whole seconds (a clock that may tick every second or two), taken half a second
    # after the newest file: that file could be written again within the tick and keep its time
    racy = freshness.Stamp("d", newest_ns=10 * SECOND, taken_ns=10 * SECOND + SECOND // 2)
    assert not racy.matches(racy.as_record())
    # times with a fraction of a second: a clock that ticks at least every hundredth of a second
    fine = freshness.Stamp("d", newest_ns=10 * SECOND + 123, taken_ns=10 * SECOND + SECOND // 2)
    assert fine.matches(fine.as_record())
    just = fine._replace(taken_ns=fine.newest_ns + SECOND // 100)
    assert not just.matches(just.as_record())
    for recorded in (None, {}, [], {"digest": "d"}, {"digest": "d", "taken_ns": "20"}):
        assert not settled.matches(recorded)


def test_one_folder_is_listed_and_another_stamped_side_by_side_as_each_alone(tmp_path):
    make_tree(tmp_path / "raw", {"a.txt": (2, SECOND), "a.meta.json": (1, SECOND)})
    make_tree(tmp_path / "dist", {"csv/data/amounts.csv": (5, 2 * SECOND)})
    raw, dist = freshness.listing_and_stamp(str(tmp_path / "raw"), str(tmp_path / "dist"))
    assert raw.stamp().digest == freshness.folder_stamp(str(tmp_path / "raw")).digest
    assert dist.digest == freshness.folder_stamp(str(tmp_path / "dist")).digest
    assert freshness.listing_and_stamp(str(tmp_path / "raw"), str(tmp_path / "none"))[1] is None


def test_a_link_to_a_file_counts_as_that_file_and_a_link_to_a_folder_is_not_followed(tmp_path):
    make_tree(tmp_path / "elsewhere", {"letter.txt": (2, SECOND), "folder/inside.txt": (1, SECOND)})
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "letter.txt").symlink_to(tmp_path / "elsewhere" / "letter.txt")
    (raw / "folder").symlink_to(tmp_path / "elsewhere" / "folder", target_is_directory=True)
    (raw / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    assert freshness.files_stamped(str(raw)) == [("letter.txt", 2, SECOND)]
    before = freshness.folder_stamp(str(raw)).digest
    make_tree(tmp_path / "elsewhere", {"letter.txt": (3, 2 * SECOND)})  # the letter it points at changes
    assert freshness.folder_stamp(str(raw)).digest != before


def test_a_name_that_is_not_utf8_is_stamped_by_its_bytes(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    try:
        (raw / os.fsdecode(b"brief-\xe9.txt")).write_text("x")  # Latin-1, as an old disk may hold it
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system does not take names that are not UTF-8")
    one = freshness.folder_stamp(str(raw))
    (raw / os.fsdecode(b"brief-\xe9.txt")).rename(raw / os.fsdecode(b"brief-\xe8.txt"))
    assert one is not None and freshness.folder_stamp(str(raw)).digest != one.digest


def test_without_a_second_process_the_folders_are_stamped_one_after_the_other(tmp_path, monkeypatch):
    make_tree(tmp_path / "raw", {"a.txt": (1, SECOND)})

    def no_process(*args, **kwargs):
        raise OSError("no more processes")

    monkeypatch.setattr(freshness, "ProcessPoolExecutor", no_process)
    raw, none = freshness.listing_and_stamp(str(tmp_path / "raw"), str(tmp_path / "none"))
    assert raw.stamp().digest == freshness.folder_stamp(str(tmp_path / "raw")).digest and none is None


LETTER_TREE_NAMES = st.sampled_from(
    [
        "a.txt",
        "a.meta.json",
        "b.xml",
        "b.metadata.xml",
        "c.pdf",
        "sub/d.txt",
        "sub/d.meta.json",
        "sub-e.txt",  # sorts before sub/ as a path, after it as a name
        "sub/deeper/f.txt",
        "README.md",
        "g.meta.json",  # a sidecar without its letter
    ]
)


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(LETTER_TREE_NAMES, st.binary(min_size=1, max_size=4), max_size=8), st.data())
def test_a_listing_gives_the_letters_inputs_the_disk_gives(tmp_path_factory, files, data):
    """The no-change check takes the letters' sizes and times from the listing its stamp
    was made of: the inputs must be those read from the disk, before and after a change."""
    from pipeline import parts

    root = tmp_path_factory.mktemp("case")
    raw = root / "raw"
    make_tree(raw, {name: (0, SECOND) for name in files})
    for name, content in files.items():
        (raw / name).write_bytes(content)
    from_disk, from_listing = parts.Workspace(root / "one"), parts.Workspace(root / "two")

    def agree() -> None:
        listing = freshness.folder_listing(str(raw))
        assert parts.inputs_of(raw, from_listing, listing) == parts.inputs_of(raw, from_disk)

    agree()
    if files:  # one file written again: a new time, maybe new bytes
        name = data.draw(st.sampled_from(sorted(files)))
        (raw / name).write_bytes(data.draw(st.binary(min_size=1, max_size=4)))
        moved = (raw / name).stat().st_mtime_ns + SECOND
        os.utime(raw / name, ns=(moved, moved))
        agree()


def _package_copy(tmp_path) -> Path:
    copy = tmp_path / "pipeline"
    shutil.copytree(freshness.HERE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_a_change_to_any_file_of_the_package_changes_the_code_digest(tmp_path):
    """The digest walks the package (no list of modules to forget), bar its devtools."""
    copy = _package_copy(tmp_path)
    before = freshness.code_digest(copy)
    files = freshness.code_files(copy)
    assert {"pdftext.py", "parts.py", "card.py", "extraction/arithmetic.py", "defs/assets.py"} <= {
        path.relative_to(copy).as_posix() for path in files
    }
    for path in files:
        data = path.read_bytes()
        path.write_bytes(data + b"\n")
        assert freshness.code_digest(copy) != before, path
        path.write_bytes(data)
    assert freshness.code_digest(copy) == before
    (copy / "new_module.py").write_text("X = 1\n")
    assert freshness.code_digest(copy) != before
    (copy / "new_module.py").unlink()
    bench = copy / freshness.DEVTOOLS / "bench.py"
    bench.write_text(bench.read_text() + "\n# a faster floor\n")
    assert freshness.code_digest(copy) == before  # the benchmark makes no part


def test_a_change_to_how_pdfs_are_rendered_makes_the_pdf_letters_again(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(PROJECT / "tests" / "fixtures" / "pdf" / "sample-letter.pdf", raw / "brief.pdf")
    copy = _package_copy(tmp_path)
    monkeypatch.setattr(freshness, "code_version", lambda: freshness.code_digest(copy))
    workspace = parts.Workspace(tmp_path / "cache")
    assert parts.build_corpus(raw, workspace, workers=1).made == 1
    assert parts.build_corpus(raw, workspace, workers=1).reused == 1
    pdftext = copy / "pdftext.py"
    pdftext.write_text(pdftext.read_text().replace("GRID = 0.75", "GRID = 0.8"))
    again = parts.build_corpus(raw, workspace, workers=1)
    assert (again.made, again.reused) == (1, 0)
