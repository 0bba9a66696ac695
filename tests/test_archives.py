"""The zips: deflated piece by piece, the pieces kept and taken again, and still the
zip any unzip reads, the same bytes whichever pieces were kept."""

from __future__ import annotations

import zipfile

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import archives, packaging, schema

LETTERS = [f"brief-{n:03d}" for n in range(40)]
TEXT = st.text(alphabet=st.sampled_from('ab,"\n €–;x1'), max_size=8)
ROWS = st.lists(
    st.tuples(st.sampled_from(LETTERS), st.one_of(st.none(), TEXT), st.integers(-(10**9), 10**9)), max_size=60
)


def letters_table(rows) -> pa.Table:
    rows = sorted(rows, key=lambda r: r[0])  # as published: a letter's rows together
    return pa.table(
        {
            "document_id": pa.array([r[0] for r in rows], pa.string()),
            "label": pa.array([r[1] for r in rows], pa.string()),
            "amount": pa.array([r[2] for r in rows], pa.int64()),
        }
    )


@pytest.fixture
def small_pieces(monkeypatch):
    """One letter in two starts a piece, so that a few letters make several pieces."""
    monkeypatch.setattr(archives, "LETTERS_PER_PIECE", 2)


@settings(max_examples=60, deadline=None)
@given(rows=ROWS)
def test_a_csv_written_in_pieces_is_the_csv_written_whole(tmp_path_factory, rows):
    table = letters_table(rows)
    folder = tmp_path_factory.mktemp("csv")
    ids = table.column("document_id").to_pylist()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(archives, "LETTERS_PER_PIECE", 2)
        lengths = packaging._write_csv(table, folder / "pieces.csv")
        starts = archives.piece_starts(table)
        # A piece starts at a letter's first row, of a letter that starts pieces.
        assert all(ids[row] != ids[row - 1] and archives.starts_piece(ids[row]) for row in starts)
    pacsv.write_csv(
        table, folder / "whole.csv", write_options=pacsv.WriteOptions(include_header=True, quoting_style="needed")
    )
    data = (folder / "pieces.csv").read_bytes()
    assert data == (folder / "whole.csv").read_bytes()
    assert sum(lengths) == len(data) and len(lengths) == len(starts) + 1


def test_pieces_start_at_letters_chosen_by_their_id_alone(small_pieces):
    table = letters_table([(d, "x", 1) for d in LETTERS for _ in range(3)])
    starts = archives.piece_starts(table)
    ids = table.column("document_id").to_pylist()
    assert starts and {ids[r] for r in starts} == {d for d in LETTERS[1:] if archives.starts_piece(d)}
    # Without one letter, every other letter starts a piece or not as before.
    fewer = letters_table([(d, "x", 1) for d in LETTERS if d != LETTERS[5] for _ in range(3)])
    assert {ids[r] for r in starts} - {LETTERS[5]} == {
        fewer.column("document_id")[r].as_py() for r in archives.piece_starts(fewer)
    }
    assert archives.piece_starts(pa.table({"n": [1, 2, 3]})) == []  # no letters: one piece


def test_no_piece_holds_more_than_its_rows(monkeypatch):
    """A piece is read whole: a long letter, or many letters that do not start pieces, are
    cut every so many rows all the same."""
    monkeypatch.setattr(archives, "MAX_PIECE_ROWS", 4)
    never = [d for d in LETTERS if not archives.starts_piece(d)][:3]
    long_letter = letters_table([(never[0], "x", n) for n in range(10)])
    assert archives.piece_starts(long_letter) == [4, 8]
    short_letters = letters_table([(d, "x", n) for d in never for n in range(3)])
    assert archives.piece_starts(short_letters) == [6]  # at the letter that begins after the 4th row
    assert archives.piece_starts(pa.table({"n": list(range(9))})) == [4, 8]


def write_package_zip(folder, table, target, deflated):
    (folder / "data").mkdir(parents=True, exist_ok=True)
    lengths = packaging._write_csv(table, folder / "data" / "amounts.csv")
    (folder / "datapackage.json").write_text('{"name": "x"}\n')
    names = ["data/amounts.csv", "datapackage.json"]
    archives.write_zip(target, folder, names, compress=True, pieces={"data/amounts.csv": lengths}, deflated=deflated)
    return target.read_bytes()


def unzipped(target) -> dict[str, bytes]:
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None  # every member's CRC-32 against its inflated bytes
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_kept_pieces_give_the_same_zip_and_only_changed_pieces_are_deflated(tmp_path, small_pieces):
    rows = [(d, f"regel {n}, van {d}", n * 1000) for d in LETTERS for n in range(30)]
    kept = archives.DeflatedPieces(tmp_path / "kept")
    cold = write_package_zip(tmp_path / "csv", letters_table(rows), tmp_path / "cold.zip", kept)
    pieces = kept.deflated_now
    assert pieces > 5 and kept.reused == 0
    assert unzipped(tmp_path / "cold.zip") == {
        "csv/data/amounts.csv": (tmp_path / "csv" / "data" / "amounts.csv").read_bytes(),
        "csv/datapackage.json": b'{"name": "x"}\n',
    }

    again = archives.DeflatedPieces(tmp_path / "kept")
    assert write_package_zip(tmp_path / "csv", letters_table(rows), tmp_path / "warm.zip", again) == cold
    assert again.deflated_now == 0

    # One letter's figure changes: its piece is deflated again, and the zip is the zip a
    # cold write of the same files gives.
    changed = [(d, label, amount + (d == LETTERS[20])) for d, label, amount in rows]
    once = archives.DeflatedPieces(tmp_path / "kept")
    incremental = write_package_zip(tmp_path / "csv", letters_table(changed), tmp_path / "one.zip", once)
    assert once.deflated_now == 1 and once.reused == pieces - 1
    fresh = write_package_zip(tmp_path / "other" / "csv", letters_table(changed), tmp_path / "fresh.zip", None)
    assert incremental == fresh != cold
    unzipped(tmp_path / "one.zip")

    once.prune()  # the old piece of that letter is no longer kept
    assert len(list((tmp_path / "kept").iterdir())) == len(once.used) == pieces


def test_a_damaged_kept_piece_is_deflated_again(tmp_path, small_pieces):
    rows = [(d, "regel", n) for d in LETTERS for n in range(10)]
    kept = archives.DeflatedPieces(tmp_path / "kept")
    cold = write_package_zip(tmp_path / "csv", letters_table(rows), tmp_path / "cold.zip", kept)
    entries = sorted((tmp_path / "kept").iterdir())
    entries[0].write_bytes(entries[0].read_bytes()[:-3])  # cut short, as a crash may leave it
    entries[1].write_bytes(b"")
    again = archives.DeflatedPieces(tmp_path / "kept")
    assert write_package_zip(tmp_path / "csv", letters_table(rows), tmp_path / "warm.zip", again) == cold
    assert again.deflated_now == 2


def test_stored_and_zip64_members_read_back(tmp_path, monkeypatch):
    folder = tmp_path / "parquet"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "a.bin").write_bytes(bytes(range(256)) * 4000)
    (folder / "empty.txt").write_bytes(b"")
    names = ["data/a.bin", "empty.txt"]
    archives.write_zip(tmp_path / "stored.zip", folder, names, compress=False)
    monkeypatch.setattr(archives, "ZIP32_LIMIT", 0)  # as if the files were 4 GiB
    archives.write_zip(tmp_path / "big.zip", folder, names, compress=True)
    archives.write_zip(tmp_path / "big-stored.zip", folder, names, compress=False)
    expected = {"parquet/data/a.bin": bytes(range(256)) * 4000, "parquet/empty.txt": b""}
    for name in ("stored.zip", "big.zip", "big-stored.zip"):
        assert unzipped(tmp_path / name) == expected
    with zipfile.ZipFile(tmp_path / "stored.zip") as archive:
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_STORED}


def test_every_resource_has_letters_to_cut_at():
    """Pieces start at letters: each resource names its letter, first."""
    for resource in schema.RESOURCES:
        assert resource.field_names[0] == "document_id"
