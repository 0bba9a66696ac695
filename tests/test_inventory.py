"""`pipeline letters` and `pipeline problems`: what a publication holds, read back from its
Parquet files, as text or JSON, without a Python or SQL tool."""

from __future__ import annotations

import io
import json
import shutil

from support import PROJECT

from pipeline import cli

DIST = PROJECT / "dist"


def _run(what: str, dist, *flags: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.inventory(what, dist, as_json="--json" in flags, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_the_commands_are_there(capsys):
    assert cli.main(["problems", "--dist", str(DIST), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_the_letters_of_the_committed_publication_with_their_counts():
    code, out, _ = _run("letters", DIST)
    assert code == 0
    head, row = out.splitlines()
    assert head.split()[:5] == ["letter", "date", "tables", "amounts", "problems"]
    assert row.split()[:5] == ["2015-02-27-versterking-veiligheidsketen", "2015-02-27", "5", "90", "0"]
    code, out, _ = _run("letters", DIST, "--json")
    (letter,) = json.loads(out)
    assert (letter["tables"], letter["amounts"], letter["problems"]) == (5, 90, 0)
    assert letter["title"] == "Versterking veiligheidsketen"


def test_every_problem_as_file_line_reason(tmp_path, publish):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(PROJECT / "tests" / "fixtures" / "pdf" / "scan.pdf", raw / "gescand.pdf")
    (raw / "leeg.txt").write_text("", encoding="utf-8")
    dist = tmp_path / "dist"
    publish(raw, dist)
    code, out, _ = _run("problems", dist)
    assert code == 0
    assert out.splitlines() == [
        "raw/gescand.pdf: the PDF has no text layer (a scan?); OCR it first",
        "raw/leeg.txt: the file is empty",
    ]
    code, out, _ = _run("problems", dist, "--json")
    assert [p["source_path"] for p in json.loads(out)] == ["raw/gescand.pdf", "raw/leeg.txt"]
    assert _run("problems", DIST)[1] == ""  # the sample letter reads fully


def test_a_folder_without_a_publication_is_named(tmp_path):
    code, out, err = _run("letters", tmp_path)
    assert code == 2 and out == "" and f"{tmp_path}: no publication here" in err
