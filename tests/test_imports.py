"""The package's import graph, read from its source (every import, at the top of a module or
inside a function): no circle, no arrow up from the extractor to what uses it, and no Dagster
in the pure layers."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest
from support import PROJECT

PACKAGE = PROJECT / "pipeline"

# What the extractor may use besides itself: the lower layers it reads letters and Dutch
# figures with. Everything else (the resources' rows, the arithmetic report, the packaging)
# is built on the extractor and must not be imported by it.
EXTRACTION_MAY_IMPORT = {
    "pipeline.dutch",
    "pipeline.errors",
    "pipeline.reading",
    "pipeline.pdftext",
    "pipeline.limits",
    "pipeline.fetching.xmlsafe",
    "pipeline.schema",  # the data contract's names (relations, statuses)
}
# The layers that wire nothing: pure functions, no Dagster (the asset modules wire them).
DAGSTER_FREE = ("pipeline.extraction", "pipeline.reading", "pipeline.pdftext", "pipeline.tidy", "pipeline.parts")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported_by(module: str) -> set[str]:
    """The modules of the package (and the outside packages, by their top name) that
    ``module`` imports anywhere in its source."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name if alias.name in MODULES else alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    [*package.split(".")[: len(package.split(".")) - node.level + 1], *filter(None, [base])]
                )
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    found.discard(module)
    return found


GRAPH = {module: {name for name in imported_by(module) if name in MODULES} for module in MODULES}


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """A circle of imports in ``graph`` (its first module repeated at its end), or []."""
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as error:
        return error.args[1]
    return []


def test_the_package_imports_in_no_circle():
    assert _cycle(GRAPH) == []


def test_a_circle_is_seen():  # the test above can fail
    assert sorted(_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}})[1:]) == ["a", "b", "c"]


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith("pipeline.extraction")))
def test_the_extractor_imports_nothing_built_on_it(module):
    above = {
        name
        for name in GRAPH[module]
        if not name.startswith("pipeline.extraction") and name != "pipeline" and name not in EXTRACTION_MAY_IMPORT
    }
    assert above == set(), f"{module} imports {sorted(above)}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith(DAGSTER_FREE)))
def test_the_pure_layers_import_no_dagster(module):
    assert "dagster" not in imported_by(module)
    assert not any(name.startswith("pipeline.defs") for name in GRAPH[module])


def test_each_form_has_a_module_named_as_it_is_published_and_the_contract_names_every_form():
    from pipeline import schema
    from pipeline.extraction import forms

    assert forms.PUBLISHED == schema.TEXT_FORMS
    for name in [*forms.TEXT_FORMS, forms.XML]:
        module = f"pipeline.extraction.forms.{name.replace('-', '_')}"
        assert module in MODULES, name
    assert all(form.name == name for name, form in forms.TEXT_FORMS.items())


def test_a_form_in_the_registry_is_told_apart_without_a_change_to_regions(monkeypatch):
    """regions asks the registry which row form a line has: a new form's entry is enough."""
    from pipeline.extraction import regions, text
    from pipeline.extraction.forms import ROW_FORMS, TextForm
    from pipeline.extraction.settings import DEFAULT

    piped = TextForm(
        "pipe-copy",
        reader=lambda lines, first, settings: (None, first),  # type: ignore[arg-type,return-value]
        is_row=lambda line, settings: line.content.count("|") >= 2,
        takes=lambda line: "|" in line.text,
    )
    lines = text.lines_of(
        ("Tabel 1 (bedragen x € 1.000)", "", "| Post a | 1 | 2 |", "| Post b | 3 | 4 |", "| Post c | 5 | 6 |", "")
    )
    assert regions.table_start(lines, 2, DEFAULT) is None  # no form of ours takes it
    monkeypatch.setattr(regions, "ROW_FORMS", [piped, *ROW_FORMS])
    assert regions.table_start(lines, 2, DEFAULT) == regions.Start("pipe-copy", 2)
