"""The ``pipeline`` command: ``pipeline publish [--raw DIR] [--dist DIR]``, ``pipeline fetch``,
``pipeline dg ...`` and ``pipeline dagster ...`` (those tools on the project's Dagster instance).

``pipeline publish`` starts a run (``pipeline.run.publish``: every asset and check through
Dagster in this one process) and prints its summary. When nothing changed (the letters, the
code and its libraries, and every file of ``dist/`` are those of the last publication) it
prints that publication's summary again without a Dagster run. A part of a letter it cannot
read is listed as ``<file>:<line>: <reason>``; the rest is published and the exit code is 4.
With ``--strict`` nothing is published then (exit 1) and ``dist/`` stays exactly as it was.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from pipeline import run
from pipeline.run import dagster_home, in_raw


def run_dagster_tool(tool: str, args: list[str]) -> int:
    """Replace this process with ``dg`` or ``dagster`` from this environment, on the project's
    Dagster instance: every documented command then reaches the same runs and sensor state."""
    executable = Path(sys.executable).parent / tool
    if not executable.exists():
        print(f"{executable}: not installed in this environment (uv sync --frozen installs it)", file=sys.stderr)
        return 2
    os.execve(executable, [tool, *args], {**os.environ, "DAGSTER_HOME": str(dagster_home())})
    return 2  # pragma: no cover  (execve does not return)


SHOWN_PROBLEMS = 20
EXIT_PUBLISHED_WITH_PROBLEMS = 4


def publish(
    raw: Path,
    dist: Path,
    out=sys.stdout,
    err=sys.stderr,
    lock_timeout: float = 0.0,
    cache: Path | None = None,
    record: bool = False,
    strict: bool = False,
    timings: Path | None = None,
    dry_run: bool = False,
    letter_seconds: float = 120.0,
    worker_memory_mib: int = 1024,
    max_pages: int = 2_000,
    max_page_content_mib: int = 64,
) -> int:
    """``pipeline publish``: a run (``pipeline.run.publish``) and its summary; the exit code.

    With ``dry_run`` everything is made, checked and staged, then thrown away: the summary says
    what would change and the version it would get, and ``dist/`` is left as it was.
    """
    if not raw.is_dir():
        print(f"{raw}: no such folder of letters", file=err)
        return 2
    from pipeline.defs.resources import PipelinePaths, PublishOptions
    from pipeline.packaging import PublicationLocked

    paths = PipelinePaths(raw_dir=str(raw), dist_dir=str(dist), cache_dir=str(cache or ""))
    options = PublishOptions(
        strict=strict,
        dry_run=dry_run,
        letter_seconds=letter_seconds,
        worker_memory_mib=worker_memory_mib,
        max_pages=max_pages,
        max_page_content_mib=max_page_content_mib,
    )
    try:
        summary = run.publish(paths, options, lock_timeout=lock_timeout, record=record, progress=err)
    except PublicationLocked as locked:
        print(str(locked).split(": ", 1)[-1].strip(), file=err)
        return 3
    except run.RunRefused as refused:
        for reason in refused.reasons:
            print(reason, file=err)
        return 1
    if timings is not None:  # for pipeline bench
        timings.write_text(json.dumps({"stages": {}, "steps": {}, **summary.timings}, indent=1), encoding="utf-8")
    return _print_summary(summary, raw, out, err)


SHOWN_CHANGES = 20


def _print_changes(changes: list[list], out) -> None:
    """Rows added, removed and changed against the publication in dist/, per letter."""
    per_letter: dict[str, list[int]] = {}
    for document_id, _resource, added, removed, changed in changes:
        counts = per_letter.setdefault(document_id, [0, 0, 0])
        counts[0] += added
        counts[1] += removed
        counts[2] += changed
    if not per_letter:
        return
    totals = [sum(c[i] for c in per_letter.values()) for i in range(3)]
    print(
        f"changes    {totals[0]} row{'s' * (totals[0] != 1)} added, {totals[1]} removed, {totals[2]} changed "
        f"in {len(per_letter)} letter{'s' * (len(per_letter) != 1)}",
        file=out,
    )
    for document_id, (added, removed, changed) in list(per_letter.items())[:SHOWN_CHANGES]:
        print(f"  {document_id}: {added} added, {removed} removed, {changed} changed", file=out)
    if len(per_letter) > SHOWN_CHANGES:
        print(f"  … and {len(per_letter) - SHOWN_CHANGES} more letters: see CHANGELOG.md", file=out)


def _mismatch_line(row: dict, raw: Path) -> str:
    """A mismatch as the letter prints it, at the line that prints it."""
    from pipeline.consistency import mismatch_sentence

    return f"{in_raw(raw, row['where'])}: {mismatch_sentence(row)}"


def _print_summary(summary: run.Summary, raw: Path, out, err) -> int:
    from pipeline import reading

    for path, reason in reading.files_not_read(raw):
        print(f"not read: {path}: {reason}", file=err)
    for warning in summary.warnings:
        print(f"warning: {warning}", file=err)
    statuses, problems = summary.statuses, summary.problems
    print(f"documents  {summary.documents}", file=out)
    print(f"tables     {summary.tables}", file=out)
    print(f"amounts    {summary.amounts}", file=out)
    print(f"relations  {sum(statuses.values())} ({', '.join(f'{n} {s}' for s, n in statuses.items())})", file=out)
    letters = len({p["document_id"] for p in problems})
    print(f"problems   {len(problems)}" + (f" in {letters} letter{'s' * (letters != 1)}" if problems else ""), file=out)
    checks = summary.checks
    failed = [(name, severity) for name, passed, severity in checks if not passed]
    print(
        f"checks     {sum(passed for _, passed, _ in checks)} of {len(checks)} passed"
        + (f" ({', '.join(f'{name} {severity}' for name, severity in failed)})" if failed else ""),
        file=out,
    )
    for row in summary.mismatches:
        print(f"mismatch   {_mismatch_line(row, raw)}", file=out)
    _print_problems(problems, summary.limits, raw, err)
    for fmt, path in summary.descriptors.items():
        print(f"{fmt:<10} {path}", file=out)
    if summary.unchanged:
        print("unchanged  dist/ already held this publication; no file was written", file=out)
    elif summary.version:
        _print_changes(summary.changes, out)
        was = summary.previous_version
        print(f"version    {summary.version}" + (f" (was {was})" if was and was != summary.version else ""), file=out)
    if summary.dry_run:
        print("dry run    nothing was written to dist/", file=out)
    return EXIT_PUBLISHED_WITH_PROBLEMS if problems else 0


def _print_problems(problems: list[dict], limits: str | None, raw: Path, err) -> None:
    """The first problems, where each is, and the limits in force when one stopped a letter."""
    for row in problems[:SHOWN_PROBLEMS]:
        print(f"{in_raw(raw, row['where'])}: {row['reason']}", file=err)
    if len(problems) > SHOWN_PROBLEMS:
        print(f"… and {len(problems) - SHOWN_PROBLEMS} more problems: see problems.csv in the datapackage", file=err)
    if limits:
        print(f"limits     {limits}", file=err)


def _validate_zips(descriptors: dict[str, Path], out) -> bool:
    """Each package's zip, where it lies beside the package, read back against the
    package's files; whether any is not valid."""
    from pipeline import archives, packaging

    failed = False
    for fmt, descriptor in descriptors.items():
        archive = descriptor.parent.parent / packaging.archive_name(fmt)
        if archive.exists():
            folder = descriptor.parent
            differences = archives.zip_differences(archive, folder, packaging.files_under(folder))
            failed = failed or bool(differences)
            print(
                f"{'zip':<8} {'valid   ' if not differences else 'INVALID '} {archive}"
                + (f": {', '.join(differences[:10])}" if differences else f" (holds {folder.name}/ exactly)"),
                file=out,
            )
    return failed


def inventory(what: str, dist: Path, *, as_json: bool = False, out=None, err=None) -> int:
    """``pipeline letters`` / ``pipeline problems``: what the publication in ``dist`` holds."""
    from pipeline import inventory as published

    out, err = out or sys.stdout, err or sys.stderr

    try:
        rows = published.letters(dist) if what == "letters" else published.problems(dist)
    except published.NoPublication as error:
        print(error, file=err)
        return 2
    if as_json:
        out.write(published.as_json(rows))
    elif what == "letters":
        out.write(published.letters_text(rows))
    else:
        out.writelines(published.problem_line(p) + "\n" for p in rows)
    return 0


def validate(target: Path, out=sys.stdout) -> int:
    """Validate a published folder (dist/), one package folder, or a descriptor; and each
    package's zip, where it lies beside the package, against the package's files."""
    from pipeline import packaging

    if target.is_file():
        descriptors = {target.parent.name or "package": target}
    elif (target / "datapackage.json").exists():
        descriptors = {target.name: target / "datapackage.json"}
    else:
        descriptors = {
            fmt: target / fmt / "datapackage.json"
            for fmt in packaging.FORMATS
            if (target / fmt / "datapackage.json").exists()
        }
    if not descriptors:
        print(f"{target}: no datapackage.json here, nor in csv/ or parquet/ below it", file=out)
        return 2
    failed = False
    for name, descriptor in descriptors.items():
        issues = packaging.validate_package(descriptor)
        resources = json.loads(descriptor.read_text(encoding="utf-8")).get("resources", [])
        if not issues:
            print(f"{name:<8} valid    {descriptor} ({len(resources)} resources)", file=out)
            continue
        failed = True
        print(f"{name:<8} INVALID  {descriptor}: {len(issues)} errors", file=out)
        print(f"  {'resource':<12} {'row':>6}  {'field':<16} message", file=out)
        for issue in issues[:50]:
            print(f"  {issue.resource:<12} {issue.row or '':>6}  {issue.field or '':<16} {issue.message}", file=out)
        if len(issues) > 50:
            print(f"  … and {len(issues) - 50} more", file=out)
    failed = _validate_zips(descriptors, out) or failed
    sums = target / packaging.SUMS
    if target.is_dir() and sums.exists():
        bad = packaging.check_sums(target)
        failed = failed or bool(bad)
        print(
            f"{'sums':<8} {'valid   ' if not bad else 'INVALID '} {sums}"
            + (f": {', '.join(bad[:10])} do not match" if bad else ""),
            file=out,
        )
    return 1 if failed else 0


def pdftext(path: Path, out=sys.stdout, err=sys.stderr) -> int:
    """Print a PDF letter's text rendering, numbered as the published ``line``."""
    from pipeline import pdftext as rendering
    from pipeline.errors import PipelineError

    try:
        lines = rendering.render(path.read_bytes(), str(path))
    except (OSError, PipelineError) as error:
        print(error, file=err)
        return 2
    for line in lines:
        print(line, file=out)
    return 0


def fetch(
    sources_path: Path,
    raw: Path,
    dossiers: list[str] | None,
    since: str | None,
    sru_url: str | None,
    out=sys.stdout,
    err=sys.stderr,
) -> int:
    """Fetch new or changed documents into raw/; 0, 4 when some failed, 2 on a setup error."""
    from pipeline.errors import PipelineError
    from pipeline.fetching import config
    from pipeline.fetching.fetch import fetch_dossiers

    try:
        sources = config.load(sources_path)
        summary = fetch_dossiers(sources, raw, dossiers, since, sru_url)
    except PipelineError as error:
        print(error, file=err)
        return 2
    lines = summary.lines()
    print(lines[0], file=out)
    for line in lines[1:]:
        print(line, file=err if line.startswith("  failed") else out)
    return EXIT_PUBLISHED_WITH_PROBLEMS if summary.failed else 0


def main(argv: list[str] | None = None) -> int:
    return run_command(command_parser().parse_args(argv))


def command_parser() -> argparse.ArgumentParser:
    """The ``pipeline`` command's options, every subcommand's with them."""
    parser = argparse.ArgumentParser(
        prog="pipeline",
        description="Extract budget tables from Dutch parliamentary letters and publish them "
        "as validated CSV and Parquet datapackages.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    publish_parser = commands.add_parser(
        "publish",
        help="extract, validate and publish every letter in --raw to --dist",
        description="Materialise every asset through Dagster in one process: read the letters, "
        "extract their tables, validate, and publish both datapackages atomically.",
    )
    publish_parser.add_argument(
        "--raw",
        type=Path,
        default=Path("raw"),
        help="folder of letters (*.txt with optional *.meta.json); default raw/",
    )
    publish_parser.add_argument(
        "--dist", type=Path, default=Path("dist"), help="where the datapackages are published; default dist/"
    )
    publish_parser.add_argument(
        "--cache",
        type=Path,
        default=None,
        metavar="DIR",
        help="the per-letter cache; default .cache/pipeline (or $PIPELINE_CACHE_DIR)",
    )
    publish_parser.add_argument(
        "--record",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="keep the run in $DAGSTER_HOME (default .dagster/) so that the Dagster UI shows it and the "
        "assets it materialised (the default); --no-record runs it in memory only",
    )
    publish_parser.add_argument(
        "--letter-timeout",
        type=float,
        default=120.0,
        metavar="SECONDS",
        help="how long one letter may take to read (a PDF 2 s more a page); one that takes longer is "
        "listed as a problem and the rest publishes; default 120",
    )
    publish_parser.add_argument(
        "--worker-memory",
        type=int,
        default=1024,
        metavar="MIB",
        help="the memory of each worker process that reads PDFs; a letter that needs more is listed "
        "as a problem and the rest publishes; 0 for no cap; default 1024",
    )
    publish_parser.add_argument(
        "--max-pages",
        type=int,
        default=2_000,
        metavar="PAGES",
        help="the pages a PDF may have; one with more is listed as a problem and the rest publishes; "
        "0 for any number; default 2000",
    )
    publish_parser.add_argument(
        "--max-page-content",
        type=int,
        default=64,
        metavar="MIB",
        help="the content a PDF page may draw from once inflated (a glyph or inflate bomb draws "
        "hundreds); a PDF with a larger page is listed as a problem and the rest publishes; 0 for any; "
        "default 64",
    )
    publish_parser.add_argument(
        "--strict",
        action="store_true",
        help="refuse to publish (exit 1, dist/ untouched) when any part of a letter "
        "cannot be read; by default such letters are published without it, "
        "listed, and the exit code is 4",
    )
    publish_parser.add_argument(
        "--dry-run",
        action="store_true",
        help="make, check and stage everything, print what would change and the "
        "version it would get, and write nothing to --dist",
    )
    publish_parser.add_argument(
        "--timings",
        type=Path,
        default=None,
        metavar="FILE",
        help="write the seconds each stage and each Dagster step took to FILE (JSON; pipeline bench uses it)",
    )
    publish_parser.add_argument(
        "--wait",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="how long to wait for another publish into the same --dist to finish before giving up (exit 3); default 0",
    )
    bench_parser = commands.add_parser(
        "bench",
        help="time the pipeline on synthetic letters (full, unchanged, one added/changed/removed)",
        description="Generate N synthetic letters (or take --corpus) and time each phase against a bare-loop "
        "floor timed in the same run (one pattern a line, no extraction; or --floor). "
        "Prints wall seconds, MB/s, cells/s and peak memory per phase.",
    )
    bench_parser.add_argument(
        "--docs",
        type=int,
        nargs="+",
        default=[1000],
        metavar="N",
        help="corpus sizes to measure, e.g. --docs 1000 10000; default 1000",
    )
    bench_parser.add_argument(
        "--workdir", type=Path, default=None, help="where to write the corpora (kept); default a temporary folder"
    )
    bench_parser.add_argument(
        "--pdf",
        type=Path,
        default=None,
        metavar="DIR",
        help="also time reading every PDF under DIR (pages a second), e.g. tests/fixtures; with --docs 0 only that",
    )
    bench_parser.add_argument(
        "--corpus",
        type=Path,
        default=None,
        metavar="DIR",
        help="time the letters in DIR (or DIR/raw), made elsewhere, instead of generating N",
    )
    bench_parser.add_argument(
        "--floor",
        type=Path,
        default=None,
        metavar="SCRIPT",
        help="the floor to measure against: python SCRIPT RAW OUT, timed in the same run; default the "
        "built-in bare loop (one pattern a line, one CSV and one Parquet)",
    )
    fetch_parser = commands.add_parser(
        "fetch",
        help="download new or changed Kamerstukken of the configured dossiers into raw/",
        description="Search officielebekendmakingen (SRU 2.0) for the dossiers in sources.toml and store "
        "each new or changed document's XML, metadata (and PDF where the XML holds no text) "
        "in raw/officielebekendmakingen/, with its provenance. Exits 0, or 4 when some "
        "documents failed (they are listed; the rest is stored).",
    )
    fetch_parser.add_argument(
        "--dossier",
        action="append",
        default=None,
        metavar="D",
        help="a dossier number (repeatable); default the dossiers in sources.toml",
    )
    fetch_parser.add_argument(
        "--since",
        default=None,
        metavar="YYYY-MM-DD",
        help="only records modified on or after this day; default since the last fetch",
    )
    fetch_parser.add_argument(
        "--sru", default=None, metavar="URL", help="the search service's base URL; default the one in sources.toml"
    )
    fetch_parser.add_argument("--raw", type=Path, default=Path("raw"), help="the raw/ folder; default raw/")
    fetch_parser.add_argument(
        "--sources", type=Path, default=Path("sources.toml"), help="the sources file; default sources.toml"
    )
    pdftext_parser = commands.add_parser(
        "pdftext",
        help="print the text rendering of a PDF letter, whose lines the published `line` counts",
        description="Print the deterministic text rendering the pipeline reads a PDF letter from: "
        "line N here is line N in the published tables and amounts.",
    )
    pdftext_parser.add_argument("pdf", type=Path, help="a PDF letter")
    validate_parser = commands.add_parser(
        "validate",
        help="validate a published folder or package with Frictionless and print the report",
        description="Validate dist/ (both packages, their zips and SHA256SUMS), one package folder, "
        "or a datapackage.json: types, constraints, keys, hashes and byte counts, and that each "
        "zip holds its package's files exactly. Exits 0 when everything is valid, 1 when not.",
    )
    validate_parser.add_argument(
        "target",
        type=Path,
        nargs="?",
        default=Path("dist"),
        help="dist/ (default), a package folder, or a datapackage.json",
    )
    for name, what in (
        ("letters", "each published letter: date, tables, amounts, problems and title"),
        ("problems", "every problem of the publication, as file:line: reason"),
    ):
        listing = commands.add_parser(
            name,
            help=f"list {what}",
            description=f"List {what}, read from the published Parquet package in --dist.",
        )
        listing.add_argument("--dist", type=Path, default=Path("dist"), help="the publication; default dist/")
        listing.add_argument("--json", action="store_true", help="print JSON (a list of objects) instead of text")
    for tool, what in (
        ("dg", "dg dev (the UI), dg launch --job refresh"),
        ("dagster", "dagster sensor start raw_letters_changed"),
    ):
        passthrough = commands.add_parser(
            tool,
            help=f"run {tool} with the project's own Dagster instance, e.g. pipeline {what}",
            description=f"Run `{tool} ARGS` with DAGSTER_HOME set to the project's .dagster/ (telemetry "
            "off) unless it is already set, so that the UI, the command line and pipeline "
            "publish all see the same runs, sensors and schedules.",
            add_help=False,
        )
        passthrough.add_argument("args", nargs=argparse.REMAINDER)
    return parser


def run_command(args: argparse.Namespace) -> int:
    """Run the subcommand ``args`` names (as ``command_parser`` read them)."""
    if args.command in ("dg", "dagster"):
        return run_dagster_tool(args.command, args.args)
    if args.command == "validate":
        return validate(args.target)
    if args.command in ("letters", "problems"):
        return inventory(args.command, args.dist, as_json=args.json)
    if args.command == "bench":
        from pipeline.devtools import bench

        return bench.main(
            [n for n in args.docs if n > 0],
            args.workdir,
            pdf_folder=args.pdf,
            corpus=args.corpus,
            floor_script=args.floor,
        )
    if args.command == "pdftext":
        return pdftext(args.pdf)
    if args.command == "fetch":
        return fetch(args.sources, args.raw, args.dossier, args.since, args.sru)
    if args.command == "publish":
        return publish(
            args.raw,
            args.dist,
            lock_timeout=args.wait,
            cache=args.cache,
            record=args.record,
            strict=args.strict,
            timings=args.timings,
            dry_run=args.dry_run,
            letter_seconds=args.letter_timeout,
            worker_memory_mib=args.worker_memory,
            max_pages=args.max_pages,
            max_page_content_mib=args.max_page_content,
        )
    return 2  # pragma: no cover


if __name__ == "__main__":
    sys.exit(main())
