"""Lint, format and types are part of the test command (so CI runs them): ruff and mypy, both
configured in pyproject.toml and installed from the dev dependencies."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import PROJECT


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    assert found is not None, f"{name} is a dev dependency: uv sync installs it"
    return found


def test_ruff_finds_nothing():
    done = subprocess.run(
        [_tool("ruff"), "check", "--no-cache", "pipeline", "tests"], cwd=PROJECT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_code_is_formatted_by_ruff():
    done = subprocess.run(
        [_tool("ruff"), "format", "--check", "--no-cache", "pipeline", "tests"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, "run `uv run --frozen ruff format pipeline tests`:\n" + done.stdout + done.stderr


@pytest.mark.slow  # a cold mypy run takes half a minute
def test_mypy_finds_nothing():
    done = subprocess.run([_tool("mypy")], cwd=PROJECT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
