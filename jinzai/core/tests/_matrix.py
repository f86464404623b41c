"""What the access matrix's POST rows are made of (core/tests/test_access_matrix.py).

A POST row is ``Post(key, allowed, body)``: the object its URL takes (a key of the app's ``make_objects``
or None), the roles allowed to make the change, and a small callable that builds a *valid* body from a
``Ctx``. ``FORM`` sends the page's own form as a browser would (its initial values: an edit form
re-saves what it shows); ``form(name="…")`` does the same with some fields filled in or changed;
``ctx.form(source=…)`` reads the form from another page (a button on a detail page). Any callable
returning a dict works, and a dict may hold uploaded files.

This module also builds the matrix's world once per test module (``matrix_world``): the three
organisations of ``conftest.World`` plus every app's ``make_objects`` for each of them, inside one
transaction that is rolled back at the end of the module. Each test still runs in its own savepoint
(pytest-django's ``db``), so what one test writes is gone for the next.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlparse

import pytest
from django.db import transaction
from django.test import Client, override_settings

# --- POST rows ---------------------------------------------------------------------------------------


@dataclass
class Ctx:
    """What a body builder gets: the own organisation, its objects and a client of an allowed role."""

    world: Any
    org: Any  # conftest.Org of the organisation the request acts in
    objects: dict[str, int]
    client: Client
    url: str  # the URL the body will be posted to
    user: Any = None  # the user of `client`

    def obj(self, key: str) -> int:
        return self.objects[key]

    def form(self, source: str | None = None, **overrides: Any) -> dict[str, Any]:
        """The fields of the POST form on `source` (default: the URL itself) that submits to this URL,
        as a browser would send them, with `overrides` applied (None removes a field)."""
        page = source or self.url
        response = self.client.get(page)
        assert response.status_code == 200, f"GET {page}: {response.status_code}"
        body = form_fields(response.content.decode(), page=page, target=self.url)
        for key, value in overrides.items():
            if value is None:
                body.pop(key, None)
            else:
                body[key] = value
        return body


Body = Callable[[Ctx], dict[str, Any]]


@dataclass(frozen=True)
class Post:
    key: str | None  # object key for the URL's pk (make_objects), or None
    allowed: set[str]  # roles whose valid POST makes the change; everyone else gets 403
    body: Body  # builds a valid body (see FORM / form())
    ok: tuple[int, ...] = (302,)  # the allowed role's status
    # An object of the own organisation outside a scoped role's reach (another unit's person for a
    # manager, another person's record for staff): allowed scoped roles get 404 there.
    outside: str | None = None
    # Whether the change happened, when an audit row is not the proof (default: a new audit row that is
    # not a read or a refusal).
    wrote: Callable[[Ctx], bool] | None = None
    # The roles the success is proven as (default: one organisation-wide role and, when allowed, the
    # manager — one per role class).
    as_roles: tuple[str, ...] | None = None
    # Why the body is not valid yet (the row is skipped with this reason until it is).
    todo: str = ""


def FORM(ctx: Ctx) -> dict[str, Any]:  # noqa: N802 — reads as a constant in the rows
    return ctx.form()


def form(source: Callable[[Ctx], str] | None = None, **overrides: Any) -> Body:
    """The page's form with some fields set; `source(ctx)` names another page holding the form."""
    return lambda ctx: ctx.form(source(ctx) if source else None, **overrides)


# --- reading a form from HTML ------------------------------------------------------------------------


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = {
                "method": a.get("method", "get").lower(),
                "action": a.get("action", ""),
                "fields": [],
            }
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self._form["fields"].append((name, a.get("value", "on")))
            elif kind in {"submit", "image"}:
                self._form.setdefault("submit", (name, a.get("value", "")))
            elif kind not in {"file", "reset", "button"}:
                self._form["fields"].append((name, a.get("value", "")))
        elif tag == "button" and name and a.get("type", "submit").lower() == "submit":
            self._form.setdefault("submit", (name, a.get("value", "")))
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in a, "options": [], "selected": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "text": ""}
            self._select["options"].append(self._option)
            if "selected" in a:
                self._select["selected"].append(self._option)
        elif tag == "textarea" and name:
            self._textarea = name
            self._form["fields"].append((name, ""))

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None and self._form is not None:
            name, value = self._form["fields"].pop()
            self._form["fields"].append((name, value + data))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option":
            self._option = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form is not None:
            s = self._select
            chosen = s["selected"] or ([] if s["multiple"] or not s["options"] else s["options"][:1])
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"].strip()
                self._form["fields"].append((s["name"], value))
            self._select = None


def form_fields(html: str, *, page: str, target: str) -> dict[str, Any]:
    """The body a browser sends for the POST form of `page` whose action is `target`."""
    parser = _FormParser()
    parser.feed(html)
    for f in parser.forms:
        action = urlparse(urljoin(page, f["action"] or page)).path
        if f["method"] == "post" and action == urlparse(target).path:
            body: dict[str, Any] = {}
            for name, value in [*f["fields"], *([f["submit"]] if "submit" in f else [])]:
                if name == "csrfmiddlewaretoken":
                    continue
                if name in body:
                    body[name] = [*(body[name] if isinstance(body[name], list) else [body[name]]), value]
                else:
                    body[name] = value
            return body
    raise AssertionError(f"no POST form to {target} on {page}")


# --- the world, once per module ----------------------------------------------------------------------


@dataclass
class MatrixWorld:
    world: Any
    # "own" / "foreign" / "pref" → case module name → key → pk. Keys are the module's own: two apps may
    # both say "application" (a subsidy application, a call application).
    objects: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    # One signed-in client per role (prefecture_support in the prefecture, the others in the own
    # municipality), signed in once for the module: use them inside `undone()`.
    clients: dict[str, Client] = field(default_factory=dict)


@contextmanager
def undone(*clients: Client):
    """Run requests in a savepoint that is rolled back, and give the clients their cookies back (a
    password change cycles the session key of a session that the rollback then removes)."""
    saved = [(c, copy.deepcopy(c.cookies)) for c in clients]
    try:
        with transaction.atomic():
            yield
            transaction.set_rollback(True)
    finally:
        for client, cookies in saved:
            client.cookies = cookies


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def build_objects(modules, org) -> dict[str, dict[str, int]]:
    return {module.__name__: module.make_objects(org, org.members["hr"]) for module in modules}


def matrix_world_fixture(modules):
    """A module-scoped fixture: the world and every app's objects in the three organisations, built once."""

    @pytest.fixture(scope="module")
    def matrix_world(django_db_setup, django_db_blocker, tmp_path_factory):
        from conftest import _build_org

        fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        data_dir = tmp_path_factory.mktemp("matrix-data")
        with (
            django_db_blocker.unblock(),
            override_settings(PASSWORD_HASHERS=fast, DATA_DIR=data_dir, JOBS_EAGER=True),
            transaction.atomic(),
        ):
            from conftest import World

            pref = _build_org("99000", "見本テスト県", "p", kind="prefecture")
            own = _build_org("99201", "自分市", "a", prefecture=pref.org)
            foreign = _build_org("99301", "他所町", "b", prefecture=pref.org)
            world = World(pref=pref, own=own, foreign=foreign)
            built = MatrixWorld(world=world)
            for label, org in (("own", own), ("foreign", foreign), ("pref", pref)):
                built.objects[label] = build_objects(modules, org)
            for role, user in own.users.items():
                built.clients[role] = signed_in(user)
            built.clients["prefecture_support"] = signed_in(pref.users["prefecture_support"])
            yield built
            transaction.set_rollback(True)

    return matrix_world
