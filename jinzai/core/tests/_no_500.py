"""No unhandled 500 from ordinary-looking input (security review, issue 9 item 3).

Every URL pattern is requested as a role that may use it (the access matrix's rows), on its own
organisation's objects:

- GET with odd values in every query parameter its view module reads (``request.GET.get("x")``,
  ``id_param(request.GET, "x")``, the fields of filter forms bound to ``request.GET``): digits that
  ``str.isdigit()`` accepts but ``int()`` refuses (², ①), full-width digits, negative numbers and
  30-digit numbers that overflow SQLite's integers;
- POST with odd bodies: every field of the page's own form (and the ids and ``result_<id>`` keys views
  read from POST) set to the same odd values.

Each answer must be a page, a redirect, a 400 with the Japanese message or a form error — never a 500.
The test is split by app so that a failure names the app that owns it, and the apps into two test modules
(test_no_500.py, test_no_500_rest.py: every other app of the sorted list) that run on two workers.

Kept fast without asking less: the world and every app's objects are built once for the module (the
access matrix's ``matrix_world``; each app's test runs in its own savepoint), each role signs in once,
a view is sent the parameters read by its own function and the module's helpers it calls (not every
parameter of its module), and the odd values are one per code path (² stands for every character that
``str.isdigit()`` accepts and ``int()`` refuses, ① included). A view is first sent all its parameters
with the same odd value in one request: when it answers its page, it read every one of them without
failing (an odd value reads as an absent one, so no parameter took a branch that hides another); when it
answers anything else (a 400 for the first odd value it checked, a redirect, a 500), each parameter is
sent again on its own, so that the one which failed is named. A view that refuses GET (405: POST only)
is sent its odd values by POST alone.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections import defaultdict
from functools import cache

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jinzai.core.tests._matrix import matrix_world_fixture, undone
from jinzai.core.tests.test_access_matrix import CASES, MODULE_OF, MODULES

# One value per path: isdigit() but not int() (², like ①), full-width digits that int() reads, a
# negative number, a number past SQLite's 64-bit integers.
ODD_VALUES = ["²", "１２", "-7", "9" * 30]
# The order in which a role is chosen to walk a URL: the one with the widest view first.
ROLE_ORDER = ["hr", "dx_office", "manager", "staff", "executive", "admin", "prefecture_support"]
# Keys views read from POST outside a form (ids, per-row results, confirmations).
POST_KEYS = ["staff", "version", "action", "confirm", "membership", "next", "result_1", "q_1"]
_GET_NAME = re.compile(
    r"""(?:GET|POST)\.get(?:list)?\(\s*f?["'](\w+)["']"""
    r"""|(?:GET|POST)\[\s*["'](\w+)["']\s*\]"""
    r"""|(?:int_param|id_param|fiscal_year_param)\(\s*request\.(?:GET|POST)\s*(?:,\s*["'](\w+)["'])?"""
)
_FORM_ON_GET = re.compile(r"(\w+Form)\(\s*request\.GET")
_FIELD_NAME = re.compile(r"""<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"[^>]*>""")
_SKIP_FIELDS = {"csrfmiddlewaretoken"}


def _patterns():
    """(namespace, url name, pattern) of every named URL."""
    found = []

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name:
                found.append((namespace.split(":")[0], f"{namespace}{p.name}", p))

    walk(get_resolver().url_patterns)
    return found


PATTERNS = _patterns()
APPS = sorted({app for app, _, _ in PATTERNS})


_CALL = re.compile(r"\b([A-Za-z_]\w*)\(")
_ALWAYS = ("page", "format", "encoding", "sort")


@cache
def _params_of_function(module_name: str, function_name: str) -> frozenset[str]:
    """The query parameters a view reads: in its own source and, transitively, in the functions and
    forms of its module that it calls (the module's other views are not its parameters)."""
    module = importlib.import_module(module_name)
    names: set[str] = set(_ALWAYS)
    seen: set[str] = set()
    todo = [function_name]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        obj = getattr(module, name, None)
        while hasattr(obj, "__wrapped__"):
            obj = obj.__wrapped__
        if obj is None or getattr(obj, "__module__", None) != module_name:
            continue
        try:
            source = inspect.getsource(obj)
        except (OSError, TypeError):
            continue
        for match in _GET_NAME.finditer(source):
            names.add(next((g for g in match.groups() if g), "fy"))
        for form_name in _FORM_ON_GET.findall(source):
            names.update(getattr(getattr(module, form_name, None), "base_fields", {}))
        if inspect.isclass(obj):
            todo.extend(n for n, _ in inspect.getmembers(obj, inspect.isfunction))
            for method in ("get", "post", "dispatch", "get_context_data", "get_queryset", "get_form_kwargs"):
                if method in vars(obj):
                    names.update(_params_of_source(inspect.getsource(vars(obj)[method])))
        todo.extend(_CALL.findall(source))
    return frozenset(names)


def _params_of_source(source: str) -> set[str]:
    return {next((g for g in m.groups() if g), "fy") for m in _GET_NAME.finditer(source)}


def _view(pattern: URLPattern) -> tuple[str, str]:
    """(module, name) of a URL's view function or class."""
    view = pattern.callback
    while hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    view = getattr(view, "view_class", view)
    return view.__module__, view.__name__


def _role_for(name: str) -> str:
    if name in CASES:
        allowed = CASES[name][1]
        return next((r for r in ROLE_ORDER if r in allowed), "hr")
    return "hr"


def _url(name: str, pattern: URLPattern, objects: dict[str, dict[str, int]]) -> str:
    if "pk" not in pattern.pattern.converters:
        return reverse(name)
    key = CASES.get(name, (None,))[0]
    own = objects.get(MODULE_OF.get(name, ""), {})
    return reverse(name, kwargs={"pk": own.get(key, 1) if key else 1})


def _form_fields(html: str) -> list[str]:
    return sorted({n for n in _FIELD_NAME.findall(html) if n not in _SKIP_FIELDS})


def check_app(matrix_world, app, settings, tmp_path) -> None:
    """Walk every URL of `app` (the body of the test in test_no_500*.py)."""
    settings.DATA_DIR = tmp_path
    objects = matrix_world.objects["own"]
    clients: dict[str, Client] = matrix_world.clients
    with undone(*clients.values()):  # a POST that changes the session must not sign the next app out
        _walk(app, objects, clients)


def _walk(app, objects, clients):
    failures: dict[str, list[str]] = defaultdict(list)

    def request(client, method, url, data, label):
        try:
            response = getattr(client, method)(url, data)
        except Exception as exc:  # noqa: BLE001 — an unhandled exception is what this test looks for
            failures[label].append(f"{method.upper()} {url} {data!r:.120}: {type(exc).__name__}: {exc}"[:400])
            return None
        if response.status_code >= 500:
            failures[label].append(f"{method.upper()} {url} {data!r:.120}: {response.status_code}")
        return response

    for pattern_app, name, pattern in PATTERNS:
        if pattern_app != app or name in {"core:logout", "core:login"}:
            continue
        client = clients[_role_for(name)]
        url = _url(name, pattern, objects)
        page = request(client, "get", url, {}, name)
        params = sorted(_params_of_function(*_view(pattern)))
        # A POST-only view answers GET with 405 before its body runs (require_POST, View's method check;
        # no view of the product answers 405 itself), so no query parameter can reach it by GET.
        get_values = ODD_VALUES if page is None or page.status_code != 405 else []
        for value in get_values:
            # every parameter at once; when the view answers anything but its page (a 400 for the first odd
            # value it read, a redirect, a 500), each one again on its own so that none hides another
            combined = request(client, "get", url, dict.fromkeys(params, value), name)
            if combined is not None and combined.status_code == 200:
                continue
            for param in params:
                request(client, "get", url, {param: value}, name)
        fields = (
            _form_fields(page.content.decode(errors="replace"))
            if page is not None and page.get("Content-Type", "").startswith("text/html")
            else []
        )
        for value in ODD_VALUES:
            body = {key: value for key in [*fields, *POST_KEYS, f"result_{value}"]}
            request(client, "post", url, body, name)
    report = "\n".join(f"{name}:\n  " + "\n  ".join(lines[:5]) for name, lines in sorted(failures.items()))
    assert not failures, f"{len(failures)} URL(s) of {app} answered 500:\n{report}"


def module_tests(apps: list[str]):
    """The fixture and the test of one test_no_500*.py module: the walk of `apps`, the world built once for
    the module (two modules so that xdist runs the two halves on two workers)."""

    @pytest.mark.django_db
    @pytest.mark.parametrize("app", apps)
    def test_no_500_with_odd_numbers(matrix_world, app, settings, tmp_path):
        check_app(matrix_world, app, settings, tmp_path)

    return matrix_world_fixture(MODULES), test_no_500_with_odd_numbers
