"""Where the pipeline reads letters from and publishes to."""

from __future__ import annotations

from pathlib import Path

import dagster as dg


class PipelinePaths(dg.ConfigurableResource):
    """The raw letters folder and the published ``dist`` folder, relative to the working directory."""

    raw_dir: str = "raw"
    dist_dir: str = "dist"

    @property
    def raw(self) -> Path:
        return Path(self.raw_dir)

    @property
    def dist(self) -> Path:
        return Path(self.dist_dir)
