"""The README stays true: its data dictionary is the schema's, its test command is CI's, and
every command it tells a user to run is one the CLI takes."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys

import pytest
from support import PROJECT, SAMPLE_RAW

from pipeline.schema import data_dictionary


def test_the_readme_data_dictionary_is_generated_from_the_schema():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- data-dictionary:start -->\n")[1].split("<!-- data-dictionary:end -->")[0]
    assert section == data_dictionary()


def test_ci_runs_the_readme_test_command():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    ci = (PROJECT / ".ci" / "run").read_text(encoding="utf-8")
    command = "python3 -m pip install uv==0.13.9 && uv run --frozen pytest"
    assert command in readme
    assert command in ci


# A command the README tells a user to run: ``uv run --frozen [--no-dev]`` and what follows it,
# in a block of shell or in a span of code, up to a comment or the end of the span.
README_COMMAND = re.compile(r"uv run --frozen (?:--no-dev )?((?:pipeline|python -m) [^`#\n]*)")


def readme_commands() -> list[list[str]]:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    found = {tuple(shlex.split(command.strip())) for command in README_COMMAND.findall(readme)}
    return [list(command) for command in sorted(found)]


def test_the_readme_names_its_commands():  # the test below can only fail if it finds them
    commands = {" ".join(c[:2]) for c in readme_commands()}
    assert {"pipeline publish", "pipeline fetch", "pipeline letters", "pipeline dg", "python -m"} <= commands


@pytest.mark.parametrize("command", readme_commands(), ids=" ".join)
def test_each_command_of_the_readme_is_true(command, sample_dist, tmp_path):
    """Each command parses as the CLI reads it and names what exists; the quick ones are run
    on the sample publication (publishing and fetching are run by their own tests, the UI by
    tests/test_ui.py)."""
    from pipeline import cli
    from pipeline.definitions import defs

    program, *argv = command
    if program == "python":
        done = subprocess.run([sys.executable, *argv], cwd=PROJECT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return
    args = cli.command_parser().parse_args(argv)  # an unknown option or command exits here
    if args.command in ("dg", "dagster"):
        tool_args = args.args
        if tool_args[:1] == ["launch"]:
            assert defs.resolve_job_def(tool_args[tool_args.index("--job") + 1])
        elif tool_args[1:2] == ["start"]:
            kind, name = tool_args[0], tool_args[2]
            assert (defs.get_sensor_def if kind == "sensor" else defs.get_schedule_def)(name)
        else:
            assert tool_args == ["dev"]
    elif args.command in ("letters", "problems", "validate"):
        argv = [*argv, str(sample_dist)] if args.command == "validate" else [*argv, "--dist", str(sample_dist)]
        assert cli.main(argv) == 0
    elif args.command == "pdftext":
        pdf = PROJECT / "tests" / "fixtures" / "pdf" / "sample-letter.pdf"
        assert cli.main([arg if not arg.endswith(".pdf") else str(pdf) for arg in argv]) == 0
    elif args.command == "publish" and args.dry_run:
        dist = tmp_path / "dist"
        shutil.copytree(sample_dist, dist)
        assert cli.main([*argv, "--raw", str(SAMPLE_RAW), "--dist", str(dist), "--cache", str(tmp_path / "c")]) == 0
    else:
        assert args.command in ("publish", "fetch")
