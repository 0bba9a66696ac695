"""What the tests share besides fixtures: the project's folders, the sample letter, and
helpers to compare publications. Test modules import it (``from support import SAMPLE``):
pytest puts tests/ on sys.path, as it does for conftest.py, and conftest.py is not a module
to import.

Tests of the pipeline read the sample letter from the committed fixture corpus SAMPLE_RAW,
never from the project's raw/, which holds whatever letters the project publishes. RAW and
DIST are only for tests of the committed publication itself, which must hold for any corpus.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

PROJECT = Path(__file__).resolve().parent.parent
RAW = PROJECT / "raw"
DIST = PROJECT / "dist"
SAMPLE_RAW = PROJECT / "tests" / "fixtures" / "sample_raw"  # the sample letter and its .meta.json
SAMPLE = SAMPLE_RAW / "2015-02-27-versterking-veiligheidsketen.txt"
# Every asset of the code location, as the definitions and the UI list them.
ASSET_KEYS = {
    "fetched_sources",
    "source_document",
    "extracted_letters",
    "documents",
    "tables",
    "amounts",
    "consistency",
    "problems",
    "staged_datapackages",
    "published_datapackages",
}


class Published(NamedTuple):
    """What one ``pipeline.cli.publish`` gave (the ``publish`` fixture's answer): its exit
    code and what it printed to stdout and stderr."""

    code: int
    out: str
    err: str


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under root with its bytes, keyed by relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def materialize_publication(dist: Path, cache: Path | None = None):
    """Every asset and check of the publication run as the UI, a sensor or the schedule runs
    them (through Dagster, not ``pipeline publish``), on the sample corpus, into ``dist``;
    the Dagster result, failed or not."""
    import dagster as dg

    from pipeline.definitions import ASSETS
    from pipeline.defs.checks import CHECKS
    from pipeline.defs.resources import PipelinePaths, Publishing, PublishOptions

    paths = PipelinePaths(raw_dir=str(SAMPLE_RAW), dist_dir=str(dist), cache_dir=str(cache) if cache else "")
    with dg.DagsterInstance.ephemeral() as instance:
        return dg.materialize(
            [*ASSETS, *CHECKS],
            resources={"paths": paths, "options": PublishOptions(), "publishing": Publishing(paths=paths)},
            instance=instance,
            raise_on_error=False,
        )


def children(pid: int) -> list[int]:
    """The live child processes of ``pid``, from /proc (Linux)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    """Whether the process ``pid`` runs (a zombie does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
