"""The Dagster UI: the webserver on loopback lists every asset, check, sensor and schedule."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from support import ASSET_KEYS, PROJECT

from pipeline import schema

pytestmark = pytest.mark.slow  # starts the webserver: a minute

QUERY = """{
  assetNodes { assetKey { path } description
    assetChecksOrError { ... on AssetChecks { checks { name description } } } }
  repositoriesOrError { ... on RepositoryConnection { nodes {
    sensors { name description } schedules { name cronSchedule description } } } }
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def webserver():
    port = free_port()
    executable = Path(sys.executable).parent / "dagster-webserver"
    server = subprocess.Popen(
        [str(executable), "-m", "pipeline.definitions", "-h", "127.0.0.1", "-p", str(port)],
        cwd=PROJECT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{url}/server_info", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the webserver did not come up") from None
                time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_graphql_lists_assets_checks_sensor_and_schedule(webserver):
    request = urllib.request.Request(
        f"{webserver}/graphql", data=json.dumps({"query": QUERY}).encode(), headers={"Content-Type": "application/json"}
    )
    data = json.load(urllib.request.urlopen(request, timeout=30))["data"]
    assets = {"/".join(n["assetKey"]["path"]): n for n in data["assetNodes"]}
    assert set(assets) == ASSET_KEYS
    assert all(node["description"] for node in assets.values())
    checks = {c["name"]: c["description"] for n in assets.values() for c in n["assetChecksOrError"].get("checks", [])}
    assert set(checks) == {f"{r.name}_meets_contract" for r in schema.RESOURCES} | {
        "printed_totals_add_up",
        "letters_read_fully",
        "frictionless_valid",
    }
    assert all(checks.values())
    (repository,) = data["repositoriesOrError"]["nodes"]
    assert sorted(s["name"] for s in repository["sensors"]) == ["raw_letters_changed", "source_feed"]
    assert [(s["name"], s["cronSchedule"]) for s in repository["schedules"]] == [("daily_refresh", "0 6 * * *")]
    assert all(s["description"] for s in repository["sensors"] + repository["schedules"])


SENSORS = """{ repositoriesOrError { ... on RepositoryConnection { nodes {
  location { name } sensors { name sensorState { status } } } } } }"""


def _graphql(url: str, query: str) -> dict:
    request = urllib.request.Request(
        f"{url}/graphql", data=json.dumps({"query": query}).encode(), headers={"Content-Type": "application/json"}
    )
    return json.load(urllib.request.urlopen(request, timeout=30))["data"]


def test_a_sensor_started_from_the_command_line_is_the_one_dg_dev_runs(tmp_path):
    """The README starts the sensor with `pipeline dagster sensor start` and opens the UI with
    `pipeline dg dev`: both must name the code location alike, or the UI shows the sensor
    stopped and nothing runs (dg names it after the checkout's folder unless it is pinned)."""
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "home")}
    pipeline = str(Path(sys.executable).parent / "pipeline")
    started = subprocess.run(
        [pipeline, "dagster", "sensor", "start", "raw_letters_changed"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode == 0, started.stderr
    port = free_port()
    ui = subprocess.Popen(
        [pipeline, "dg", "dev", "--host", "127.0.0.1", "--port", str(port)],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240  # dg dev starts a webserver, a daemon and a code server
        while True:
            try:
                data = _graphql(url, SENSORS)
                if data["repositoriesOrError"].get("nodes"):
                    break
            except (OSError, KeyError, TypeError):
                pass
            if time.monotonic() > deadline or ui.poll() is not None:
                raise RuntimeError("dg dev did not come up")
            time.sleep(1)
    finally:
        os.killpg(ui.pid, signal.SIGTERM)
        try:
            ui.wait(timeout=60)
        except subprocess.TimeoutExpired:  # a loaded machine: do not leave its processes behind
            os.killpg(ui.pid, signal.SIGKILL)
            ui.wait(timeout=30)
    (repository,) = data["repositoriesOrError"]["nodes"]
    assert repository["location"]["name"] == "nl-kamerbrief-tables"
    states = {s["name"]: s["sensorState"]["status"] for s in repository["sensors"]}
    assert states["raw_letters_changed"] == "RUNNING"


def test_dagster_commands_use_the_projects_instance_without_dagster_home(tmp_path):
    """In a new shell with no DAGSTER_HOME, `pipeline dagster ...` and `pipeline dg ...` use
    the project's .dagster/ (telemetry off), never ~/.dagster."""
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    env["HOME"] = str(tmp_path / "user")
    work = tmp_path / "checkout"
    work.mkdir()
    pipeline = str(Path(sys.executable).parent / "pipeline")
    done = subprocess.run(
        [pipeline, "dagster", "instance", "info"], cwd=work, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert f"$DAGSTER_HOME: {work / '.dagster'}" in done.stdout
    assert "telemetry:\n  enabled: false" in (work / ".dagster" / "dagster.yaml").read_text()
    assert not (tmp_path / "user" / ".dagster").exists()
