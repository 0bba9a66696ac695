"""Refreshes: a sensor that launches one when raw/ changes, and a daily schedule.

The sensor launches the job ``refresh`` (every asset but the source's); the schedule runs
``fetch_and_publish``, which fetches first. The per-letter cache makes either re-extract only
new and changed letters, and a removed letter's rows go with it.
Both start stopped: turn them on in the UI (Automation) or with
``dg`` / ``dagster sensor start raw_letters_changed`` and ``dagster schedule start daily_refresh``.
"""

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path

import dagster as dg

from pipeline import reading
from pipeline.defs.resources import INFO_LOG, PipelinePaths

REFRESH_CRON = "0 6 * * *"  # unless PIPELINE_REFRESH_CRON says otherwise
REFRESH_TIMEZONE = "Europe/Amsterdam"  # unless PIPELINE_REFRESH_TIMEZONE says otherwise

PUBLICATION = dg.AssetSelection.all() - dg.AssetSelection.groups("source")

refresh = dg.define_asset_job(
    "refresh",
    selection=PUBLICATION,
    config=INFO_LOG,
    description="Extract, validate and publish every letter in raw/ (only new and changed "
    "letters are extracted again).",
)


def raw_fingerprint(raw_dir: Path) -> str:
    """A digest of which letters and sidecars raw/ holds, with their sizes and times."""
    digest = hashlib.sha256()
    if raw_dir.is_dir():
        for path in sorted(raw_dir.rglob("*")):
            if path.is_file() and (reading.is_letter(path.name) or reading.is_sidecar(path.name)):
                stat = path.stat()
                digest.update(f"{path.relative_to(raw_dir).as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@dg.sensor(
    job=refresh,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Launches a refresh when a letter or its metadata in raw/ is added, changed or removed.",
)
def raw_letters_changed(context: dg.SensorEvaluationContext, paths: PipelinePaths):
    fingerprint = raw_fingerprint(paths.raw)
    if fingerprint == context.cursor:
        return dg.SkipReason(f"{paths.raw} has not changed")
    context.update_cursor(fingerprint)
    letters = len(reading.letter_paths(paths.raw)) if paths.raw.is_dir() else 0
    return dg.RunRequest(run_key=fingerprint, tags={"trigger": "raw changed", "letters": str(letters)})


fetch_and_publish = dg.define_asset_job(
    "fetch_and_publish",
    selection=dg.AssetSelection.assets("fetched_sources") | PUBLICATION,
    config=INFO_LOG,
    description="Fetch new or changed Kamerstukken of the dossiers in sources.toml into raw/, then extract, "
    "validate and publish every letter.",
)


def daily_refresh(environ: Mapping[str, str] = os.environ) -> dg.ScheduleDefinition:
    """The schedule that fetches and publishes, on the cron ``PIPELINE_REFRESH_CRON`` (in
    ``PIPELINE_REFRESH_TIMEZONE``) of ``environ``. Dagster needs the cron when it loads the
    definitions, so the code location reads them then (``pipeline.definitions``), not
    when this module is imported."""
    cron = environ.get("PIPELINE_REFRESH_CRON", REFRESH_CRON)
    timezone = environ.get("PIPELINE_REFRESH_TIMEZONE", REFRESH_TIMEZONE)
    return dg.ScheduleDefinition(
        name="daily_refresh",
        job=fetch_and_publish,
        cron_schedule=cron,
        execution_timezone=timezone,
        default_status=dg.DefaultScheduleStatus.STOPPED,
        description=f"Fetches from the source, then refreshes everything, on the cron schedule "
        f"'{cron}' ({timezone}); set PIPELINE_REFRESH_CRON to change it.",
    )
