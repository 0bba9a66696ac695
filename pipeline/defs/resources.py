"""Where the pipeline reads letters from, publishes to, and keeps its per-letter cache."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipeline.parts import default_cache


class PipelinePaths(dg.ConfigurableResource):
    """What a run is given: folders (relative to the working directory), how many processes
    make parts, and whether it is strict or a dry run."""

    raw_dir: str = "raw"
    dist_dir: str = "dist"
    cache_dir: str = ""  # empty: parts.default_cache() ($PIPELINE_CACHE_DIR, else .cache/pipeline)
    workers: int = 0  # 0: one per core
    strict: bool = False  # a letter that cannot be read fully stops the publication
    dry_run: bool = False  # make, check and stage everything, then discard it: dist/ untouched

    @property
    def raw(self) -> Path:
        return Path(self.raw_dir)

    @property
    def dist(self) -> Path:
        return Path(self.dist_dir)

    @property
    def cache(self) -> Path:
        return Path(self.cache_dir) if self.cache_dir else default_cache()
