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


# --- no ORM in views (ARCHITECTURE conventions 1–3): views call selectors and services ---------------

# Views modules left out of the check, each with its reason. Keep it short; an entry is a debt.
VIEWS_NOT_CHECKED: dict[str, str] = {}
FETCHERS = {"get_object_or_404", "get_list_or_404"}


def _views_modules():
    for app in APPS:
        if app in VIEWS_NOT_CHECKED:
            continue
        module, package = ROOT / app / "views.py", ROOT / app / "views"
        if module.exists():
            yield module
        if package.is_dir():
            yield from sorted(package.rglob("*.py"))


def orm_in_views(source: str) -> list[tuple[int, str]]:
    """(line, what) for every `.objects` access, `.save(…)`/`.delete(…)` call and `get_object_or_404(…)`
    in a module: reads belong in selectors (`get_<x>_for_viewer`), writes in services."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append((node.lineno, f"{ast.unparse(node)} (a query: use a selector)"))
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in {"save", "delete"}:
                found.append((node.lineno, f"{ast.unparse(func)}() (a write: use a service)"))
            elif isinstance(func, ast.Name) and func.id in FETCHERS:
                found.append((node.lineno, f"{func.id}() (use the selector's get_<x>_for_viewer)"))
    return sorted(found)


def test_the_orm_check_finds_queries_and_writes():
    source = (
        "def v(request, pk):\n"
        "    a = Staff.objects.filter(pk=pk)\n"
        "    form.save()\n"
        "    b = get_object_or_404(Unit, pk=pk)\n"
        "    b.delete()\n"
        "    return selectors.get_staff_for_viewer(request.membership, pk)\n"
    )
    assert [line for line, _ in orm_in_views(source)] == [2, 3, 4, 5]


def test_views_use_selectors_and_services_not_the_orm():
    modules = list(_views_modules())
    assert len(modules) > 10  # the walk found the views
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in modules
        for line, what in orm_in_views(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "\n".join(offenders)
