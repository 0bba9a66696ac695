"""The benchmark runs end to end at a small N (it measures; this only proves it works)."""

from __future__ import annotations

import io

import pytest

from pipeline.devtools import bench

pytestmark = pytest.mark.slow  # every publish phase in its own process


def test_the_benchmark_runs_every_phase(tmp_path):
    measured, size = bench.bench(3, tmp_path)
    assert [m.phase for m in measured] == [
        "floor",
        "full publish",
        "unchanged",
        "one added",
        "one changed",
        "one removed",
    ]
    assert size > 0 and all(m.seconds > 0 and m.peak_mib > 0 for m in measured)
    assert measured[1].cells > 0 and measured[0].cells > 0  # the floor's cells: every figure at a line's end
    out = io.StringIO()
    bench.report({3: (measured, size)}, out=out)
    text = out.getvalue()
    assert "N = 3 letters" in text and "× floor" in text and "one removed" in text
    # where the time goes: the parts' stages in the workers, the Dagster steps
    assert measured[1].stages["read and extract"] > 0 and measured[1].steps["staged_datapackages"] > 0
    assert list(measured[2].stages) == ["unchanged, checked without Dagster"] and not measured[2].steps
    assert "where the time goes" in text and "read and extract (workers, cpu)" in text
    assert "package and write (step)" in text


def test_the_benchmark_shows_dagsters_own_cost_of_a_run_of_the_publishs_graph():
    from pipeline.definitions import ASSETS
    from pipeline.defs.checks import CHECKS

    steps = len(ASSETS) + sum(len(checks.check_specs) for checks in CHECKS)
    spent = bench.dagster_floor()  # (in this process, where Dagster is imported already)
    assert spent["steps"] == steps and spent["instance"] > 0 and spent["run"] > 0
    out = io.StringIO()
    bench.report_dagster_floor(out=out)
    assert out.getvalue().startswith(f"Dagster's own cost of a run (a fresh process; the publish's {steps} steps")


def test_the_benchmark_times_pdf_letters(tmp_path):
    import shutil
    from pathlib import Path

    fixtures = Path(__file__).resolve().parent / "fixtures" / "pdf"
    for name in ("reportlab-letter.pdf", "scan.pdf"):  # the scan is refused, not timed
        shutil.copy(fixtures / name, tmp_path / name)
    out = io.StringIO()
    bench.pdf_pages(tmp_path, out=out)
    text = out.getvalue()
    assert "PDF letters: 1 files, 2 pages, 114 cells" in text and "pages/s" in text
    # each against the bare PDFium pass over the same PDFs, timed in the same run (issue 27)
    assert "PDFium floor" in text
    for what in ("rendered as text", "rendered and read", "cold publish"):
        (line,) = [line for line in text.splitlines() if line.strip().startswith(what)]
        assert line.endswith("x floor") and float(line.split()[-3]) > 0


def test_the_benchmark_times_extraction_per_text_form(tmp_path):
    from pipeline.devtools.synthetic import write_corpus

    write_corpus(tmp_path / "corpus", 12)
    out = io.StringIO()
    rates = bench.form_rates(tmp_path / "corpus" / "raw", out=out, sample=4)
    assert set(rates) == {"pdf-copy", "pdftotext-layout", "html-copy"} and all(r > 0 for r in rates.values())
    assert "MB/s   most time: " in out.getvalue()
