"""Shared fixtures. Dagster state goes to a temporary DAGSTER_HOME, never the project's or the user's.

Tests of the pipeline read the sample letter from the committed fixture corpus SAMPLE_RAW,
never from the project's raw/, which holds whatever letters the project publishes. RAW and
DIST are only for tests of the committed publication itself, which must hold for any corpus.
"""

from __future__ import annotations

import io
import ipaddress
import os
import shutil
import socket
import tempfile
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
RAW = PROJECT / "raw"
DIST = PROJECT / "dist"
SAMPLE_RAW = PROJECT / "tests" / "fixtures" / "sample_raw"  # the sample letter and its .meta.json
SAMPLE = SAMPLE_RAW / "2015-02-27-versterking-veiligheidsketen.txt"

# The per-letter cache of this test session, apart from the project's own (read when a
# publish runs: parts.default_cache()).
os.environ["PIPELINE_CACHE_DIR"] = tempfile.mkdtemp(prefix="pipeline-cache-")


_connect = socket.socket.connect


def _loopback_only(sock, address):
    """No test may reach a machine but this one (the source's services are replayed on
    127.0.0.1): a connection to any other address fails the test."""
    if sock.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple):
        try:
            loopback = ipaddress.ip_address(address[0]).is_loopback
        except ValueError:
            loopback = address[0] == "localhost"
        if not loopback:
            raise AssertionError(f"a test tried to connect to {address[0]}:{address[1]}; tests stay on 127.0.0.1")
    return _connect(sock, address)


socket.socket.connect = _loopback_only  # type: ignore[method-assign]


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
    """A private copy of the sample corpus, as a folder named raw/."""
    target = tmp_path / "raw"
    shutil.copytree(SAMPLE_RAW, target)
    return target


@pytest.fixture(scope="session")
def sample_dist(tmp_path_factory) -> Path:
    """The sample corpus published once into a fresh folder, for every test to read (never
    to change: a test that publishes over it copies it first)."""
    from pipeline import cli

    folder = tmp_path_factory.mktemp("sample_dist")
    out, err = io.StringIO(), io.StringIO()
    code = cli.publish(SAMPLE_RAW, folder / "dist", out=out, err=err, cache=folder / "cache")
    assert code == 0, err.getvalue()
    summary = out.getvalue()
    assert "documents  1" in summary and "amounts    90" in summary and "24 exact" in summary, summary
    return folder / "dist"


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under root with its bytes, keyed by relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
