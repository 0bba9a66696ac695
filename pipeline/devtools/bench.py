"""The benchmark: ``pipeline bench --docs N [N ...]``.

For each N it writes N synthetic letters (``pipeline.devtools.synthetic``), then times, each in
its own process: the floor (a bare loop that reads the letters, extracts their cells
and writes one CSV and one Parquet, with no validation and no Dagster), and the
pipeline's publish from empty, with nothing changed, with one letter added, one changed
and one removed. Each phase prints wall seconds, MB/s of raw text, cells/s, the peak
resident memory of its largest process and its ratio to the floor; then Dagster's own
cost of a run (its import, its instance, a run of the publish's graph doing nothing). It
measures; it asserts nothing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.devtools.synthetic import write_corpus

# Run in a child process: one phase, then its peak memory (KiB) on the last line: the
# largest of this process and its workers. This process's own peak is read from
# /proc/self/status (VmHWM): Linux carries ru_maxrss over an exec, so it would report the
# bench's own size at the moment it forked this process.
_RUNNER = """
import json, resource, sys
phase, args = sys.argv[1], json.loads(sys.argv[2])
if phase == "floor" and args.get("script"):
    import subprocess
    code = subprocess.run([sys.executable, args["script"], args["raw"], args["out"]]).returncode
elif phase == "floor":
    from pipeline.devtools.bench import floor
    code = floor(**args)
else:
    from pipeline.cli import main
    code = main(["publish", *args])
try:
    with open("/proc/self/status") as status:
        own = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
peak = max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"code": code, "peak_kib": peak}))
"""


# One pattern a line: a label that does not start with a figure, then figures to the line's end.
_FLOOR_ROW = re.compile(
    r"^(?P<label>[^\d\s–-][^\n]*?)\s+(?P<figures>(?:[–-]?\d[\d.,]*|[–-])(?:\s+(?:[–-]?\d[\d.,]*|[–-]))*)\s*$"
)


def floor(raw: str, out: str) -> int:
    """The bare loop a publish is measured against: read every text letter and take, with one
    pattern a line, the figures at the end of each line as its cells; write them as one CSV
    and one Parquet file. No tables found, nothing validated, no Dagster: about the least that
    reading the same letters and writing their cells costs."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    raw_dir, out_dir = Path(raw), Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    columns: dict[str, list] = {"document_id": [], "line": [], "column": [], "label": [], "amount": []}
    for path in sorted(raw_dir.glob("*.txt")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found = _FLOOR_ROW.match(line)
            if found is None:
                continue
            for column, figure in enumerate(found["figures"].split(), 1):
                digits = figure.replace(".", "").replace(",", ".").replace("–", "-")
                columns["document_id"].append(path.stem)
                columns["line"].append(number)
                columns["column"].append(column)
                columns["label"].append(found["label"])
                columns["amount"].append(None if digits in ("-", "") else float(digits))
    table = pa.table(columns)
    pacsv.write_csv(table, out_dir / "cells.csv")
    pq.write_table(table, out_dir / "cells.parquet")
    print(f"cells      {table.num_rows}")
    return 0


@dataclass
class Measurement:
    phase: str
    seconds: float
    peak_mib: float
    cells: int
    problems: int = 0  # parts of letters listed as not read (published with exit code 4)
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage (``publish --timings``)
    steps: dict[str, float] = field(default_factory=dict)  # seconds per Dagster step


def _run(phase: str, args, env: dict, timings: Path | None = None) -> Measurement:
    if timings is not None:
        args = [*args, "--timings", str(timings)]
        timings.unlink(missing_ok=True)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _RUNNER, phase, json.dumps(args)], env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{phase} failed:\n{done.stdout}\n{done.stderr}")
    result = json.loads(lines[-1])
    if result["code"] not in (0, 4):  # 4: published, with parts of letters listed as not read
        raise RuntimeError(f"{phase} failed:\n{done.stdout}\n{done.stderr}")
    cells = next((int(line.split()[1]) for line in lines if line.startswith(("amounts", "cells"))), 0)
    if not cells:  # an outside floor's words: "floor: 479607 cells from 49.1 MB in 8.12 s"
        cells = next((int(found[1]) for line in lines if (found := re.search(r"(\d+) cells", line))), 0)
    problems = next((int(line.split()[1]) for line in lines if line.startswith("problems")), 0)
    spent = json.loads(timings.read_text(encoding="utf-8")) if timings is not None else {}
    return Measurement(
        phase, seconds, result["peak_kib"] / 1024, cells, problems, spent.get("stages", {}), spent.get("steps", {})
    )


def _raw_bytes(raw: Path) -> int:
    return sum(p.stat().st_size for p in raw.iterdir() if p.is_file())


def bench(
    docs: int, workdir: Path, seed: int = 2015, corpus: Path | None = None, floor_script: Path | None = None
) -> tuple[list[Measurement], int]:
    """Every phase for one corpus size (or for the letters in ``corpus``, made elsewhere);
    returns the measurements and the raw bytes. The floor is ``floor`` above, or the script
    ``floor_script`` run as ``python SCRIPT RAW OUT`` (a floor kept outside the project)."""
    work = workdir / (f"n{docs}" if corpus is None else corpus.name)
    shutil.rmtree(work, ignore_errors=True)
    raw, dist, cache = work / "raw", work / "dist", work / "cache"
    if corpus is None:
        write_corpus(work / "corpus", docs + 1, seed=seed)
        shutil.copytree(work / "corpus" / "raw", raw)
    else:
        letters_in = corpus / "raw" if (corpus / "raw").is_dir() else corpus
        shutil.copytree(letters_in, raw, ignore=shutil.ignore_patterns("expected", "*.csv"))
    letters = sorted(raw.glob("*.txt"))
    extra = letters[-1]
    held_back = work / "held-back"
    held_back.mkdir()
    for path in (extra, extra.with_name(extra.name.replace(".txt", ".meta.json"))):
        if path.exists():  # (letters made elsewhere may have no metadata)
            shutil.move(path, held_back / path.name)
    env = {**os.environ, "DAGSTER_HOME": str(work / "dagster_home")}
    (work / "dagster_home").mkdir()
    (work / "dagster_home" / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    publish = ["--raw", str(raw), "--dist", str(dist), "--cache", str(cache)]
    size = _raw_bytes(raw)
    floor_args = {"raw": str(raw), "out": str(work / "floor")}
    if floor_script is not None:
        floor_args["script"] = str(floor_script.resolve())
    measured = [_run("floor", floor_args, env)]
    timings = work / "timings.json"
    measured.append(_run("full publish", publish, env, timings))
    measured.append(_run("unchanged", publish, env, timings))
    for path in held_back.iterdir():
        shutil.move(path, raw / path.name)
    measured.append(_run("one added", publish, env, timings))
    changed = letters[len(letters) // 2]
    changed.write_text(changed.read_text(encoding="utf-8").replace("Den Haag", "'s-Gravenhage", 1), encoding="utf-8")
    measured.append(_run("one changed", publish, env, timings))
    for path in (letters[0], letters[0].with_name(letters[0].name.replace(".txt", ".meta.json"))):
        path.unlink(missing_ok=True)
    measured.append(_run("one removed", publish, env, timings))
    return measured, size


def report(results: dict[int, tuple[list[Measurement], int]], out=sys.stdout) -> None:
    for docs, (measured, size) in results.items():
        floor_seconds = measured[0].seconds
        print(
            f"N = {docs:,} letters, {size / 1e6:.1f} MB of text, {measured[1].cells:,} cells, "
            f"{measured[1].problems:,} parts not read ({os.cpu_count()} cores)",
            file=out,
        )
        print(f"  {'phase':<14} {'wall s':>8} {'MB/s':>8} {'cells/s':>10} {'peak MiB':>9} {'× floor':>8}", file=out)
        for m in measured:
            print(
                f"  {m.phase:<14} {m.seconds:>8.2f} {size / 1e6 / m.seconds:>8.1f} "
                f"{m.cells / m.seconds:>10,.0f} {m.peak_mib:>9.0f} {m.seconds / floor_seconds:>8.2f}",
                file=out,
            )
        _breakdown(measured[1:], out)
    if len(results) > 1:
        sizes = sorted(results)
        print("  side by side (wall s; per 1,000 letters)", file=out)
        print("  " + f"{'phase':<14}" + "".join(f"{f'N={n:,}':>22}" for n in sizes), file=out)
        for i, m in enumerate(results[sizes[0]][0]):
            cells = "".join(
                f"{results[n][0][i].seconds:>10.2f} ({results[n][0][i].seconds / n * 1000:>7.2f})  " for n in sizes
            )
            print(f"  {m.phase:<14}{cells}", file=out)


# Where a publish spends its time: the stages of making letters' parts (in the workers, CPU
# seconds summed over them) and of the main process (both within the extracted_letters
# step), the Dagster steps (wall seconds), and the rest of the wall time.
WORKER_STAGES = ("read and extract", "tidy", "charts and pages", "validate rows", "cache")
MAIN_STAGES = ("keys", "load last assembly", "assemble", "save assembly")


def _step_group(step: str) -> str:
    if step == "staged_datapackages":
        return "package and write (step)"
    if step == "published_datapackages":
        return "swap into dist/ (step)"
    if step == "extracted_letters":
        return "extracted_letters (step)"
    if step == "tidy_resources":
        return "tidy resources (step)"
    return "checks (steps)"


def _breakdown(measured: list[Measurement], out) -> None:
    rows: dict[str, list[float | None]] = {}
    for n, m in enumerate(measured):
        spent = {f"{stage} (workers, cpu)": s for stage, s in m.stages.items() if stage in WORKER_STAGES}
        spent.update({stage: s for stage, s in m.stages.items() if stage not in WORKER_STAGES and stage != "import"})
        for step, s in m.steps.items():
            spent[_step_group(step)] = spent.get(_step_group(step), 0.0) + s
        timed = sum(m.steps.values()) if m.steps else sum(m.stages.values())
        spent["the rest (start-up, imports, Dagster)"] = m.seconds - timed
        for name, s in spent.items():
            rows.setdefault(name, [None] * len(measured))[n] = s
    if not rows:
        return
    print("  where the time goes (seconds)", file=out)
    print("  " + f"{'stage':<34}" + "".join(f"{m.phase:>14}" for m in measured), file=out)
    for name, values in rows.items():
        print("  " + f"{name:<34}" + "".join(f"{'':>14}" if v is None else f"{v:>14.2f}" for v in values), file=out)


def form_rates(raw: Path, out=sys.stdout, sample: int = 300, top: int = 5) -> dict[str, float]:
    """Extraction alone, per text form, in this process (one core): up to ``sample`` letters
    of each form (the form of a letter's first table), timed twice, the quicker taken; MB of
    text a second, and the functions that take the most of it (a profile summary per form).
    Returns MB/s by form."""
    import cProfile
    import pstats

    from pipeline.extraction import extract_letter
    from pipeline.reading import read_letter

    by_form: dict[str, list] = {}
    for path in sorted(raw.glob("*.txt")):
        letter = read_letter(path, raw)
        tables = extract_letter(letter).tables
        if tables and len(by_form.setdefault(tables[0].form, [])) < sample:
            by_form[tables[0].form].append(letter)
    rates = {}
    print("extraction alone, per text form (one core; the quicker of two passes)", file=out)
    for form, letters in sorted(by_form.items()):
        size = sum(len("\n".join(letter.lines).encode()) for letter in letters)
        spent = []
        for _ in range(2):
            started = time.perf_counter()
            for letter in letters:
                extract_letter(letter)
            spent.append(time.perf_counter() - started)
        rates[form] = size / 1e6 / min(spent)
        profile = cProfile.Profile()
        profile.enable()
        for letter in letters:
            extract_letter(letter)
        profile.disable()
        timings = pstats.Stats(profile).stats  # type: ignore[attr-defined]
        width = sum(own for _, _, own, _, _ in timings.values()) or 1.0
        heaviest = sorted(timings.items(), key=lambda item: item[1][2], reverse=True)[:top]
        names = ", ".join(f"{_where(func)} {own / width:.0%}" for func, (_, _, own, _, _) in heaviest)
        print(f"  {form:<18} {len(letters):>5} letters {rates[form]:>6.2f} MB/s   most time: {names}", file=out)
    return rates


def _where(func: tuple[str, int, str]) -> str:
    filename, _, name = func
    return name if filename == "~" else f"{Path(filename).stem}.{name}"


def dagster_floor() -> dict[str, float]:
    """Dagster's own cost of a publish, in seconds (call it in a fresh process): importing
    it, its in-memory instance, and a run of the publish's graph (its assets, with their
    keys and dependencies, and its checks) whose steps do nothing."""
    started = time.perf_counter()
    import dagster as dg

    imported = time.perf_counter()
    from pipeline.definitions import ASSETS
    from pipeline.defs.checks import CHECKS

    graph = [_idle_assets(dg, assets) for assets in ASSETS]
    graph += [_idle_check(dg, spec) for checks in CHECKS for spec in checks.check_specs]
    made = time.perf_counter()
    instance = dg.DagsterInstance.ephemeral()
    opened = time.perf_counter()
    with instance:
        result = dg.materialize(
            graph, instance=instance, run_config={"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
        )
    if not result.success:
        raise RuntimeError("the idle graph did not run")
    ran = time.perf_counter()
    return {"import": imported - started, "instance": opened - made, "run": ran - opened, "steps": len(graph)}


def _idle_assets(dg, assets):
    specs = [dg.AssetSpec(spec.key, deps=spec.deps) for spec in assets.specs]
    keys = [spec.key for spec in specs]

    @dg.multi_asset(specs=specs, name=assets.node_def.name)
    def idle():
        for key in keys:
            yield dg.MaterializeResult(asset_key=key)

    return idle


def _idle_check(dg, spec):
    @dg.asset_check(asset=spec.asset_key, name=spec.name)
    def idle():
        return dg.AssetCheckResult(passed=True)

    return idle


def report_dagster_floor(out=sys.stdout) -> None:
    code = (
        "import json, warnings; warnings.simplefilter('ignore')\n"
        "from pipeline.devtools.bench import dagster_floor; print(json.dumps(dagster_floor()))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    spent = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"Dagster's own cost of a run (a fresh process; the publish's {spent['steps']} steps doing nothing): "
        f"import {spent['import']:.2f} s, in-memory instance {spent['instance']:.2f} s, run {spent['run']:.2f} s",
        file=out,
    )


def pdf_floor(paths: list[Path]) -> float:
    """Seconds of the bare pass a PDF reader is measured against: PDFium opens each PDF and
    takes every page's text and every character's box; no words, no lines, no tables."""
    import pypdfium2

    started = time.perf_counter()
    for path in paths:
        document = pypdfium2.PdfDocument(path)
        for page in document:
            text_page = page.get_textpage()
            text_page.get_text_range()
            for index in range(text_page.count_chars()):
                text_page.get_charbox(index)
            text_page.close()
            page.close()
        document.close()
    return time.perf_counter() - started


def pdf_pages(folder: Path, out=sys.stdout) -> None:
    """Pages a second for PDF letters: every PDF under ``folder`` rendered as text and read,
    in this process (one core; a publish spreads letters over every core), and a cold publish
    of them all; each against the bare PDFium pass over the same PDFs (``pdf_floor``), timed
    in the same run."""
    import pdfplumber

    from pipeline import pdftext
    from pipeline.errors import ExtractionError
    from pipeline.extraction import extract_letter
    from pipeline.reading import read_letter

    readable = []
    pages = 0
    for path in sorted(folder.rglob("*.pdf")):
        try:
            pdftext.render(path.read_bytes(), str(path))  # (warms the imports, too)
        except ExtractionError:  # a PDF the reader refuses (encrypted, scanned, damaged): not timed
            continue
        with pdfplumber.open(path) as pdf:
            pages += len(pdf.pages)
        readable.append(path)
    floor_seconds = pdf_floor(readable)
    started = time.perf_counter()
    for path in readable:
        pdftext.render(path.read_bytes(), str(path))
    rendered = time.perf_counter() - started
    started = time.perf_counter()
    cells = 0
    for path in readable:
        letter = extract_letter(read_letter(path, path.parent))
        cells += sum(len(r.cells) for t in letter.tables for r in t.rows)
    read = time.perf_counter() - started
    published = _pdf_publish(readable)
    print(f"PDF letters: {len(readable)} files, {pages} pages, {cells:,} cells in {folder}", file=out)
    print(f"  PDFium floor      {floor_seconds:8.2f} s  {pages / floor_seconds:6.1f} pages/s (one core)", file=out)
    for what, seconds, cores in (("rendered as text", rendered, "one core"), ("rendered and read", read, "one core")):
        rate = f"{pages / seconds:6.1f} pages/s ({cores})"
        print(f"  {what:<17} {seconds:8.2f} s  {rate}  {seconds / floor_seconds:5.2f} x floor", file=out)
    rate = f"{pages / published:6.1f} pages/s (every core)"
    print(f"  cold publish      {published:8.2f} s  {rate}  {published / floor_seconds:5.2f} x floor", file=out)


def _pdf_publish(paths: list[Path]) -> float:
    """Seconds of a cold publish of the PDFs (a fresh cache and dist/), in a process of its own."""
    with tempfile.TemporaryDirectory(prefix="pipeline-bench-pdf-") as tmp:
        work = Path(tmp)
        raw = work / "raw"
        raw.mkdir()
        for number, path in enumerate(paths):  # names may repeat across folders
            shutil.copyfile(path, raw / f"{number:05d}-{path.name}")
        (work / "dagster_home").mkdir()
        (work / "dagster_home" / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
        env = {**os.environ, "DAGSTER_HOME": str(work / "dagster_home")}
        publish = ["--raw", str(raw), "--dist", str(work / "dist"), "--cache", str(work / "cache")]
        return _run("cold publish", publish, env).seconds


def main(
    docs: list[int],
    workdir: Path | None = None,
    pdf_folder: Path | None = None,
    corpus: Path | None = None,
    floor_script: Path | None = None,
) -> int:
    if pdf_folder is not None:
        pdf_pages(pdf_folder)
        if not docs and corpus is None:
            return 0
    root = workdir or Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
    try:
        if corpus is not None:
            count = len(list((corpus / "raw" if (corpus / "raw").is_dir() else corpus).glob("*.txt")))
            results = {count: bench(count, root, corpus=corpus, floor_script=floor_script)}
        else:
            results = {n: bench(n, root, floor_script=floor_script) for n in docs}
        report(results)
        form_rates(root / (corpus.name if corpus is not None else f"n{min(docs)}") / "raw")
        report_dagster_floor()
    finally:
        if workdir is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0
