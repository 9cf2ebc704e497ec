"""The layout docs/architecture.md describes, enforced: apps import only the layers below them,
no module imports itself through a circle of others, and no file says how the work was divided."""

import subprocess
from pathlib import Path

import grimp
import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
OUR_PACKAGES = ("apcommission", "providers", "placements", "funding", "reports")


def import_cycles(graph) -> list[list[str]]:
    """Every import that closes a circle, as the circle: `a` imports `b`, and `b` leads back to `a`.
    Imports inside functions count: they are circles put off until run time, not removed."""
    circles = set()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back is not None:
                circles.add(tuple(sorted({module, *back})))
    return sorted(list(circle) for circle in circles)


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(*OUR_PACKAGES, cache_dir=None)


def test_no_module_imports_itself_through_others(graph):
    assert import_cycles(graph) == []


def test_the_cycle_check_finds_a_circle():
    """The check itself: a circle of three modules is found (and a chain is not)."""
    graph = grimp.ImportGraph()
    for module in ("a", "a.models", "a.querysets", "a.pupils", "a.views"):
        graph.add_module(module)
    graph.add_import(importer="a.models", imported="a.querysets")
    graph.add_import(importer="a.querysets", imported="a.pupils")
    graph.add_import(importer="a.views", imported="a.models")
    assert import_cycles(graph) == []
    graph.add_import(importer="a.pupils", imported="a.models")
    assert import_cycles(graph) == [["a.models", "a.pupils", "a.querysets"]]


def test_apps_import_only_the_layers_below_them(monkeypatch):
    """import-linter's layers contract in pyproject.toml: funding → placements → providers → core."""
    monkeypatch.chdir(ROOT)
    assert lint_imports(no_cache=True, no_logo=True) == 0


def test_no_file_is_named_for_a_part_of_the_work():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert [path for path in tracked.splitlines() if "_part" in Path(path).name] == []
