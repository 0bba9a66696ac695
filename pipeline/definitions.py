"""The Dagster code location: ``dg dev`` / ``dagster dev -m pipeline.definitions`` load ``defs``."""

from __future__ import annotations

import dagster as dg

from pipeline.defs import assets, automation, checks
from pipeline.defs.resources import PipelinePaths

ASSETS = [assets.extracted_letters, assets.tidy_resources, assets.staged_datapackages,
          assets.published_datapackages]

defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=checks.CHECKS,
    jobs=[automation.refresh],
    sensors=[automation.raw_letters_changed],
    schedules=[automation.daily_refresh],
    resources={"paths": PipelinePaths()},
    # One process: a step subprocess costs seconds and the steps are small.
    executor=dg.in_process_executor,
)
