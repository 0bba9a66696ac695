"""The README stays true: its data dictionary is the schema's, its commands are CI's."""

from __future__ import annotations

from support import PROJECT

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
