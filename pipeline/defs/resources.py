"""Where the pipeline reads letters from, publishes to, and keeps its per-letter cache, and
the lock a run holds while it publishes."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from pydantic import PrivateAttr

from pipeline import packaging
from pipeline.cache import CacheFolder


class PipelinePaths(dg.ConfigurableResource):
    """The folders a run reads and writes (relative to the working directory)."""

    raw_dir: str = "raw"
    dist_dir: str = "dist"
    cache_dir: str = ""  # empty: cache.default_root() ($PIPELINE_CACHE_DIR, else .cache/pipeline)

    @property
    def raw(self) -> Path:
        return Path(self.raw_dir)

    @property
    def dist(self) -> Path:
        return Path(self.dist_dir)

    @property
    def cache(self) -> CacheFolder:
        return CacheFolder.at(self.cache_dir)


# A job's console log at INFO: what each step did, and a warning when letters were not read
# fully; Dagster's DEBUG lines (a hundred and more a run) only where a run's config asks for them.
INFO_LOG = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}


class PublishOptions(dg.ConfigurableResource):
    """How a run publishes: how many processes make letters' parts, whether a letter that
    cannot be read fully stops the publication, and whether it is only a preview."""

    workers: int = 0  # 0: one per core
    strict: bool = False  # a letter that cannot be read fully stops the publication
    dry_run: bool = False  # make, check and stage everything, then discard it: dist/ untouched
    letter_seconds: float = 120.0  # how long one letter may take to read (pipeline.limits)
    page_seconds: float = 2.0  # and more for each page of a PDF
    worker_memory_mib: int = 1024  # the memory of each worker process that reads PDFs; 0: no cap
    max_pages: int = 2_000  # the pages a PDF may have; 0: any
    max_page_content_mib: int = 64  # the content a PDF page may draw from, inflated; 0: any

    def letter_limits(self):
        from pipeline.limits import LetterLimits

        return LetterLimits(
            self.letter_seconds,
            self.page_seconds,
            self.worker_memory_mib * 1024**2,
            pages=self.max_pages,
            page_content_bytes=self.max_page_content_mib * 1024**2,
        )


class Publishing(dg.ConfigurableResource):
    """The right to publish into dist/, held for the whole of a run that stages and swaps a
    publication: the run takes the publication lock when it starts (waiting up to
    ``lock_timeout`` seconds for another publication to finish) and clears what an
    interrupted run left behind (a half-done swap, staged folders), and lets go when it
    ends. Runs that publish into the same dist/ therefore never interleave, whether the
    CLI, the UI, the sensor or the schedule started them. Set up once per run: the code
    location runs every step in one process."""

    paths: PipelinePaths
    lock_timeout: float = 0.0

    _lock: packaging.PublicationLock | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        lock = packaging.PublicationLock(self.paths.dist)
        lock.acquire(self.lock_timeout)
        try:
            packaging.recover(self.paths.dist)
        except BaseException:
            lock.release()
            raise
        self._lock = lock

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._lock is not None:
            try:
                packaging.recover(self.paths.dist)  # what a failed step staged
            finally:
                self._lock.release()
                self._lock = None

    def swap_in(self, staged: Path) -> None:
        """Put a staged publication in dist/'s place (``packaging.publish``)."""
        if self._lock is None:
            raise RuntimeError("the publication lock is taken when a run starts; this run has none")
        packaging.publish(staged, self.paths.dist, self._lock)
