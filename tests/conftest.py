"""Shared fixtures and hooks. Dagster state goes to a temporary DAGSTER_HOME, never the
project's or the user's; the per-letter cache to a temporary folder; no test reaches another
machine. The folders and helpers tests import are in support.py.
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
from hypothesis import settings
from support import SAMPLE_RAW, Published

# Property tests explore new examples on every local run; CI (.ci/run sets
# HYPOTHESIS_PROFILE=ci) runs the same examples every time, so that a submission is judged on
# its own changes and not on what a random draw happened to find that day.
settings.register_profile("ci", derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# The per-letter cache of this test session, apart from the project's own (read when a
# publish runs: pipeline.cache.default_root()).
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
def publish(tmp_path_factory):
    """``publish(raw, dist, *, cache=None, **options)``: ``pipeline.cli.publish`` run in this
    process with what it prints caught, as a Published (code, out, err). The options
    (strict, dry_run, lock_timeout, record, timings) go to it as they are.

    Without a cache, each dist/ gets an empty cache folder of its own, kept for every later
    publish into that dist/ (so publishing nothing new takes the quick road, as it does for a
    maintainer) and made outside the test's tmp_path (so that folder holds only what the test
    made). A test that means the session's cache passes ``cache=pipeline.cache.default_root()``."""
    from pipeline import cli

    caches: dict[Path, Path] = {}

    def run(raw: Path, dist: Path, *, cache: Path | None = None, **options) -> Published:
        if cache is None:
            if dist.resolve() not in caches:
                caches[dist.resolve()] = tmp_path_factory.mktemp("cache")
            cache = caches[dist.resolve()]
        out, err = io.StringIO(), io.StringIO()
        code = cli.publish(raw, dist, out=out, err=err, cache=cache, **options)
        return Published(code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture(scope="session")
def sample_dist(tmp_path_factory, publish) -> Path:
    """The sample corpus published once into a fresh folder, for every test to read (never
    to change: a test that publishes over it copies it first)."""
    folder = tmp_path_factory.mktemp("sample_dist")
    code, summary, err = publish(SAMPLE_RAW, folder / "dist", cache=folder / "cache")
    assert code == 0, err
    assert "documents  1" in summary and "amounts    90" in summary and "24 exact" in summary, summary
    return folder / "dist"
