"""The Dagster code location: ``dg dev`` / ``dagster dev -m pipeline.definitions`` load ``defs``."""

from __future__ import annotations

import dagster as dg

from pipeline.defs import assets, automation, checks, sources
from pipeline.defs.resources import PipelinePaths, Publishing, PublishOptions

ASSETS = [assets.extracted_letters, assets.tidy_resources, assets.staged_datapackages, assets.published_datapackages]

PATHS = PipelinePaths()

defs = dg.Definitions(
    assets=[*sources.SOURCE_ASSETS, *ASSETS],
    asset_checks=checks.CHECKS,
    jobs=[automation.refresh, automation.fetch_and_publish, sources.fetch_documents],
    sensors=[automation.raw_letters_changed, sources.source_feed],
    schedules=[automation.daily_refresh()],
    resources={
        "paths": PATHS,
        "options": PublishOptions(),
        "publishing": Publishing(paths=PATHS),
        "sources": sources.SourceSettings(),
    },
    # One process: a step subprocess costs seconds and the steps are small.
    executor=dg.in_process_executor,
)
