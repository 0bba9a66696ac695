"""Shared fixtures. Dagster state goes to a temporary DAGSTER_HOME, never the project's or the user's."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
RAW = PROJECT / "raw"
DIST = PROJECT / "dist"
SAMPLE = RAW / "2015-02-27-versterking-veiligheidsketen.txt"

# The per-letter cache of this test session, apart from the project's own (set before
# pipeline.defs.resources is imported, which reads it).
os.environ["PIPELINE_CACHE_DIR"] = tempfile.mkdtemp(prefix="pipeline-cache-")


@pytest.fixture(scope="session", autouse=True)
def dagster_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("dagster_home")
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    old = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(home)
    yield home
    if old is None:
        os.environ.pop("DAGSTER_HOME", None)
    else:
        os.environ["DAGSTER_HOME"] = old


@pytest.fixture
def raw_copy(tmp_path) -> Path:
    """A private copy of the project's raw/ folder."""
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    return target


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under root with its bytes, keyed by relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
