"""One publication run, as the CLI, the tests and a user's own script start it:
``publish(paths, options) -> Summary``.

A run first asks the cache whether ``dist/`` already holds what ``raw/`` and the code make
(``unchanged_publication``, from the records ``pipeline.cache`` names); then it answers with the summary kept from the
publication, and starts no Dagster run. Otherwise it materialises every asset and check of
the code location through Dagster in this process, with the resources built from ``paths``
and ``options``, and returns what the run published as a ``Summary``. A run that publishes
nothing raises ``RunRefused`` with its reasons in plain words (``dist/`` is as it was), or
``PublicationLocked`` when another publication into the same ``dist/`` holds the lock.

What belongs here: starting a run and reading its outcome. Printing it is the CLI's.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from pipeline import cache as cache_folder
from pipeline.errors import PipelineError

if TYPE_CHECKING:
    from pipeline.defs.resources import PipelinePaths, PublishOptions
    from pipeline.freshness import Listing

STATE_DIR = ".dagster"
DAGSTER_YAML = "telemetry:\n  enabled: false\n"


def dagster_home(state_dir: Path | None = None) -> Path:
    """The Dagster instance's folder: $DAGSTER_HOME if set, else the project's ignored state
    folder (never the user's home), made with telemetry off if it is new."""
    home = Path(os.environ.get("DAGSTER_HOME") or (state_dir or Path.cwd() / STATE_DIR)).resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_YAML, encoding="utf-8")
    return home


def in_raw(raw: Path, where: str) -> str:
    """A place in raw/ as the user named the folder: "raw/x.txt:3" -> "<raw>/x.txt:3"."""
    return str(raw / where.removeprefix("raw/"))


def _root_cause(error):
    """The innermost error of a chain (Dagster wraps ours in its own)."""
    while error.cause is not None:
        error = error.cause
    return error


def _check_failure_messages(evaluation, raw: Path) -> list[str]:
    """A failed blocking check in plain words; strict reading lists each part not read."""
    if evaluation.check_name != "letters_read_fully":
        return [f"check {evaluation.check_name} failed: {evaluation.description}"]
    listed = evaluation.metadata.get("listed")
    return [f"{in_raw(raw, r['where'])}: {r['reason']}" for r in (listed.value if listed else [])] + [
        f"strict: {evaluation.description.split(':')[0]}"
    ]


def _failure_messages(result, raw: Path) -> list[str]:
    """Plain-words reasons for a failed run: our own errors first, then failed checks, else
    the root cause of each failed step."""
    failures = [event for event in result.all_events if event.is_step_failure]
    messages = [
        data.user_failure_data.description
        for data in (event.step_failure_data for event in failures)
        if data.user_failure_data is not None and data.user_failure_data.description
    ]
    for evaluation in result.get_asset_check_evaluations():
        if not evaluation.passed and evaluation.severity.value == "ERROR":
            messages += _check_failure_messages(evaluation, raw)
    return messages or [
        f"{event.step_key}: {_root_cause(event.step_failure_data.error).message.strip()}" for event in failures
    ]


def _lock_refusal(result) -> str | None:
    """Why the run could not start, when another publication into the same dist/ held the
    lock (the ``publishing`` resource refused to set up)."""
    for event in result.all_events:
        error = getattr(event.event_specific_data, "error", None) if event.is_failure else None
        while error is not None:
            if error.cls_name == "PublicationLocked":
                return error.message.split(": ", 1)[-1].strip()
            error = error.cause
    return None


# What a kept summary leaves out: what a later run says of itself.
_NOT_KEPT = ("unchanged", "version", "previous_version", "changes", "dry_run", "timings")


@dataclass(frozen=True)
class Summary:
    """What a run published (or, with ``dry_run``, would publish)."""

    documents: int
    tables: int
    amounts: int
    warnings: list[str]  # of reading the letters, in document order
    statuses: dict[str, int]  # relations by status
    problems: list[dict]  # each part not read: document_id, where, reason
    mismatches: list[dict]  # each relation that does not add up, as printed
    checks: list[list]  # each check: name, passed, severity
    descriptors: dict[str, str]  # format -> its datapackage.json
    unchanged: bool = False  # dist/ already held this publication
    version: str | None = None  # the dataset's version it got
    previous_version: str | None = None
    changes: list[list] = field(default_factory=list)  # document_id, resource, added, removed, changed
    dry_run: bool = False
    limits: str | None = None  # the limits in force, when one of them stopped a letter
    # seconds per stage of making the letters' parts and per Dagster step (``pipeline bench``)
    timings: dict[str, dict[str, float]] = field(default_factory=dict, compare=False)

    def kept(self) -> dict[str, Any]:
        """What the cache keeps of it for a later run that finds nothing changed."""
        return {k: v for k, v in dataclasses.asdict(self).items() if k not in _NOT_KEPT}

    @classmethod
    def from_kept(cls, kept: dict[str, Any], **now: Any) -> Summary:
        """The summary a later run gives from what the cache kept (``TypeError`` when it is
        not one this code kept)."""
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in kept.items() if k in names and k not in _NOT_KEPT}, **now)


class RunRefused(PipelineError):
    """A run that published nothing; ``dist/`` is as it was."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def publish(
    paths: PipelinePaths,
    options: PublishOptions,
    *,
    lock_timeout: float = 0.0,
    record: bool = False,
    progress: TextIO | None = None,
) -> Summary:
    """Publish ``paths.raw`` into ``paths.dist`` as ``options`` say (see the module).

    The run goes to an in-memory Dagster instance (opening the one in DAGSTER_HOME costs a
    second); with ``record`` it is kept in DAGSTER_HOME and shows in the UI's run history.
    The pipeline's progress lines ("letters made: 250 of 10,000") go to ``progress``
    (standard error unless told).
    """
    raw, dist, folder = paths.raw, paths.dist, paths.cache
    stamps: cache_folder.Stamps = (None, None)  # before the run, when it looked at them
    if not options.strict:  # nothing changed: no run is made, so none is recorded either
        started = time.perf_counter()
        kept, stamps = unchanged_publication(raw, dist, folder)
        if kept is not None:  # dist/ holds exactly what these inputs make
            try:
                seconds = {"stages": {"unchanged, checked without Dagster": time.perf_counter() - started}}
                return Summary.from_kept(kept, unchanged=True, dry_run=options.dry_run, timings=seconds)
            except TypeError:  # kept by other code: run
                pass
    previous_version = _published_version(dist)
    result = _materialize(paths, options, lock_timeout, record, progress or sys.stderr)
    locked = _lock_refusal(result)
    if locked is not None:
        from pipeline.packaging import PublicationLocked

        raise PublicationLocked(locked)
    if not result.success:
        raise RunRefused([*_failure_messages(result, raw), f"nothing published; {dist} is as it was"])
    published = result.output_for_node("published_datapackages")
    corpus = result.output_for_node("extracted_letters")
    steps = {e.step_key: e.step_success_data.duration_ms / 1000 for e in result.all_events if e.is_step_success}
    summary = Summary(
        documents=corpus.tables["documents"].num_rows,
        tables=result.output_for_node("tidy_resources", "tables").num_rows,
        amounts=result.output_for_node("tidy_resources", "amounts").num_rows,
        warnings=[w for document_id in sorted(corpus.warnings) for w in corpus.warnings[document_id]],
        statuses=published.statuses,
        problems=published.problems,
        mismatches=published.mismatches,
        checks=[[c.check_name, c.passed, c.severity.value] for c in result.get_asset_check_evaluations()],
        descriptors=published.descriptors,
        unchanged=published.unchanged,
        version=published.version,
        previous_version=previous_version,
        changes=published.changes,
        dry_run=options.dry_run,
        limits=options.letter_limits().summary() if corpus.limited else None,
        timings={"stages": corpus.seconds, "steps": steps},
    )
    if not options.dry_run:  # the record of what dist/ holds; a preview changed nothing
        dist_stamp = published.stamp if published.stamp is not None else cache_folder.as_record(stamps[1])
        # a letter a limit stopped is tried again next time: no stamp of raw/ says "nothing changed"
        raw_stamp = None if corpus.limited else cache_folder.as_record(stamps[0])
        cache_folder.save_summary(folder, dist, corpus.inputs, summary.kept(), raw_stamp, dist_stamp)
    return summary


def _materialize(paths: PipelinePaths, options: PublishOptions, lock_timeout: float, record: bool, stream: TextIO):
    """Every asset and check, materialised in this process; the pipeline's INFO lines to ``stream``."""
    progress = logging.StreamHandler(stream)
    progress.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("pipeline")
    logger.addHandler(progress)
    logger.setLevel(logging.INFO)
    with warnings.catch_warnings():  # Dagster's notices about its own APIs, for this run only
        warnings.simplefilter("ignore")
        import dagster as dg

        from pipeline.definitions import ASSETS
        from pipeline.defs.checks import CHECKS
        from pipeline.defs.resources import Publishing

        try:
            instance = dg.DagsterInstance.from_config(str(dagster_home())) if record else dg.DagsterInstance.ephemeral()
            with instance:
                return dg.materialize(
                    [*ASSETS, *CHECKS],
                    resources={
                        "paths": paths,
                        "options": options,
                        "publishing": Publishing(paths=paths, lock_timeout=lock_timeout),
                        "io_manager": dg.mem_io_manager,
                    },
                    instance=instance,
                    raise_on_error=False,
                    run_config={"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}},
                )
        finally:
            logger.removeHandler(progress)


def _published_version(dist: Path) -> str | None:
    """The version of the publication in ``dist``, if there is one to read."""
    try:
        return json.loads((dist / "parquet" / "datapackage.json").read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError, AttributeError):
        return None


def unchanged_publication(
    raw: Path, dist: Path, cache: cache_folder.CacheFolder
) -> tuple[dict | None, cache_folder.Stamps]:
    """The summary of the publication dist/ holds, when the letters in raw/, the code and
    its libraries are exactly those it was made from and dist/ is exactly as published;
    None otherwise, or when anything cannot be told for certain. With it, the stamps of
    raw/ and dist/ as this looked at them.

    Quick when the stamps of raw/ and dist/ are those recorded: two folders listed and
    every file's size and time looked at, nothing read. Otherwise each letter's key and
    each published file are checked as recorded (reading any file whose time moved), and
    when that finds nothing changed the new stamps are recorded for the next time.
    """
    from pipeline import freshness

    listing, dist_stamp = freshness.listing_and_stamp(str(raw), str(dist))
    raw_stamp = None if listing is None else listing.stamp()
    stamps = (raw_stamp, dist_stamp)
    try:
        kept = json.loads(cache.printed_summary(dist).read_text(encoding="utf-8"))
        facts, inputs = kept["facts"], kept["inputs"]
    except (OSError, ValueError, KeyError, TypeError):
        return None, stamps
    if (
        kept.get("code") == freshness.code_version()
        and raw_stamp is not None
        and raw_stamp.matches(kept.get("raw"))
        and dist_stamp is not None
        and dist_stamp.matches(kept.get("dist"))
    ):
        return facts, stamps
    if listing is None or not unchanged_file_by_file(listing, dist, cache, inputs):
        return None, stamps
    cache_folder.save_summary(
        cache, dist, inputs, facts, cache_folder.as_record(raw_stamp), cache_folder.as_record(dist_stamp)
    )
    return facts, stamps


def unchanged_file_by_file(raw: Listing, dist: Path, cache: cache_folder.CacheFolder, inputs: str) -> bool:
    """Whether each letter's key gives ``inputs`` and dist/ is file by file as published
    from them (the slower check, for when the stamps do not tell; the letters' sizes and
    times come from the listing of raw/ the stamp was made of)."""
    from pipeline import packaging, parts
    from pipeline.errors import PipelineError

    try:
        # The letters first: when one changed, dist/'s files need not be looked at.
        if parts.inputs_of(Path(raw.root), parts.Workspace(cache.root), raw) != inputs:
            return False
        last = packaging.last_publication(cache, dist)
    except (OSError, ValueError, KeyError, PipelineError):
        return False
    return last is not None and last.get("inputs") == inputs
