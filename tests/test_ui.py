"""The Dagster UI: the webserver on loopback lists every asset, check, sensor and schedule."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import PROJECT

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
        cwd=PROJECT, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
    request = urllib.request.Request(f"{webserver}/graphql", data=json.dumps({"query": QUERY}).encode(),
                                     headers={"Content-Type": "application/json"})
    data = json.load(urllib.request.urlopen(request, timeout=30))["data"]
    assets = {"/".join(n["assetKey"]["path"]): n for n in data["assetNodes"]}
    assert set(assets) == {"fetched_sources", "source_document", "extracted_letters", "documents", "tables", "amounts", "consistency", "problems",
                           "staged_datapackages", "published_datapackages"}
    assert all(node["description"] for node in assets.values())
    checks = {c["name"]: c["description"] for n in assets.values()
              for c in n["assetChecksOrError"].get("checks", [])}
    assert set(checks) == {f"{r.name}_meets_contract" for r in schema.RESOURCES} | {
        "printed_totals_add_up", "letters_read_fully", "frictionless_valid"}
    assert all(checks.values())
    (repository,) = data["repositoriesOrError"]["nodes"]
    assert sorted(s["name"] for s in repository["sensors"]) == ["raw_letters_changed", "source_feed"]
    assert [(s["name"], s["cronSchedule"]) for s in repository["schedules"]] == [("daily_refresh", "0 6 * * *")]
    assert all(s["description"] for s in repository["sensors"] + repository["schedules"])
