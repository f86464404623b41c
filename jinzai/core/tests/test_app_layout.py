"""The shape every app shares (docs/decisions.md, "How to add an app"): the same module names, no import
cycle between apps, core importing no app and no app importing the demo data."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # jinzai/
APPS = sorted(p.name for p in ROOT.iterdir() if (p / "apps.py").exists())
REQUIRED = ("models", "services", "selectors", "views", "urls", "permissions")
SECOND_SHAPES = ("import_services", "forms_", "selectors_", "urls_", "services_", "views_")


def _modules(app: str):
    for path in (ROOT / app).rglob("*.py"):
        parts = path.relative_to(ROOT / app).parts
        if parts[0] in {"tests", "migrations"}:
            continue
        yield path


def _imported_apps(app: str) -> dict[str, set[str]]:
    """{other app: {module that imports it}} counting every import, also those inside functions."""
    found: dict[str, set[str]] = {}
    for path in _modules(app):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                parts = name.split(".")
                if len(parts) >= 2 and parts[0] == "jinzai" and parts[1] in APPS and parts[1] != app:
                    found.setdefault(parts[1], set()).add(str(path.relative_to(ROOT)))
    return found


GRAPH = {app: _imported_apps(app) for app in APPS}


def test_core_imports_no_app():
    assert GRAPH["core"] == {}


def test_no_app_imports_the_demo_data():
    offenders = {app: sorted(deps["demo"]) for app, deps in GRAPH.items() if "demo" in deps}
    assert offenders == {}


def test_there_is_no_import_cycle_between_apps():
    def visit(app: str, path: list[str]) -> list[str] | None:
        for dep in GRAPH[app]:
            if dep in path:
                return [*path[path.index(dep) :], dep]
            cycle = visit(dep, [*path, dep])
            if cycle:
                return cycle
        return None

    for app in APPS:
        cycle = visit(app, [app])
        assert cycle is None, " → ".join(cycle) + f"  (e.g. {sorted(GRAPH[cycle[0]][cycle[1]])[:3]})"


@pytest.mark.parametrize("app", [a for a in APPS if a != "demo"])
def test_every_app_has_the_same_modules(app):
    names = {p.stem for p in (ROOT / app).iterdir() if p.suffix == ".py" or (p / "__init__.py").exists()}
    missing = [m for m in REQUIRED if m not in names]
    assert missing == [], f"{app} lacks {missing}"
    second = sorted(n for n in names if n.startswith(SECOND_SHAPES))
    assert second == [], f"{app} has a second module for one job: {second}"
