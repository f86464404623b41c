"""The access matrix: every URL pattern × every role, own and foreign organisation (ARCHITECTURE.md §5).

Each app lists its rows in `<app>/tests/access_cases*.py`; this test collects them all. A URL added
without a row fails `test_every_url_has_a_row`. docs/roles.md documents it.

A case module holds:

- ``CASES``: url name → (object key or None, allowed roles, method). Every role requests the URL on the
  own organisation's object (allowed: 200 for "get", 302 for "post"; others 403) and on the foreign
  organisation's (allowed: 404; others 403). A "post" row here sends an empty body.
- ``POSTS`` (the method dimension of the security review, issue 9): url name → ``Post(key, allowed,
  body)`` from ``jinzai.core.tests._matrix``, with ``body`` a small callable building a *valid* body.
  `test_post_with_a_valid_body` sends that body as every role: each role outside ``allowed`` gets 403
  and nothing is written; an allowed role gets 404 on the foreign organisation's object and, with
  ``outside=<key>``, a manager (or staff) gets 404 on an own-organisation object outside their reach;
  one organisation-wide allowed role and the manager (when allowed) get ``ok`` (a redirect by default)
  and the write happened (a new audit row, or ``wrote(ctx)``). Each attempt runs in a savepoint that
  is rolled back, so every role sees the same state. A "post" CASES row with a POSTS row is not sent
  empty again.
- ``SPECIAL``: url names tested on their own; ``make_objects(org, hr_member)``: key → pk.

Adding POST rows (talent, region and any new app) — in the app's access_cases*.py::

    from jinzai.core.tests._matrix import FORM, Post, form

    def _detail(ctx):  # a page holding a button (a form) that posts to the row's URL
        return reverse("talent:call_detail", kwargs={"pk": ctx.obj("call")})

    POSTS = {
        # an edit page's own form; change one field so that there is something to write
        "talent:type_edit": Post("talent_type", {"dx_office"}, form(description="…")),
        # a create form with its required fields filled in (ids through a lambda: ctx.obj(key))
        "talent:type_create": Post(None, {"dx_office"}, form(name="データ活用人材", kind="expert")),
        # a button on another page: that page's form which posts here
        "talent:call_close": Post("call", {"dx_office"}, form(_detail)),
        # any callable returning the body; it may first set up what the change needs (it runs inside
        # the row's savepoint); files as SimpleUploadedFile; a manager's row names an object of
        # another unit's person, which the manager must not reach (404)
        "talent:application_review": Post(
            "application", {"manager"}, lambda ctx: {"opinion": "適任"}, outside="application_other"
        ),
        # a self-service row proven as the person (default: hr/dx_office/admin…, plus the manager)
        "talent:call_apply": Post("call", SELF, form(motivation="…"), as_roles=("staff",)),
    }

Keys are those of the same module's ``make_objects``. ``ok=(200,)`` for a change answered with a page;
``wrote=lambda ctx: …`` when the change writes no audit row. When a failure says "200 wrote=False
field: message", the body is not valid yet. Then add the app to ``POST_COMPLETE``:
`test_every_post_endpoint_has_a_post_row` fails for every POST endpoint of those apps without a row
(the "post" CASES rows and every form a GET page of the app shows).

The world (three organisations and every app's objects in each) is built once per module
(`_matrix.matrix_world_fixture`); tests write only inside their own savepoint.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from jinzai.core.audit import write_actions_q
from jinzai.core.models import AuditEvent
from jinzai.core.roles import Role
from jinzai.core.tests._matrix import Ctx, Post, matrix_world_fixture, signed_in, undone

ROLES = [r.value for r in Role]
OK = {"get": 200, "post": 302}
# The order in which the organisation-wide role that proves a POST is chosen.
WIDE_ORDER = ["hr", "dx_office", "admin", "executive", "staff", "prefecture_support"]
SCOPED = {"manager", "staff"}  # roles that reach only some of their organisation's people
# Apps whose every POST endpoint has a POSTS row (all of them).
POST_COMPLETE = {"core", "people", "planning", "skills", "learning", "talent", "region"}
# POST endpoints of those apps whose views other engineers are still writing: their rows come with them.
POST_PENDING: set[str] = set()


def _case_modules():
    root = Path(__file__).resolve().parents[2]
    for path in sorted(root.glob("*/tests/access_cases*.py")):
        yield importlib.import_module(f"jinzai.{path.parts[-3]}.tests.{path.stem}")


MODULES = list(_case_modules())
CASES: dict[str, tuple[str | None, set[str], str]] = {k: v for m in MODULES for k, v in m.CASES.items()}
_ALL_POSTS: dict[str, Post] = {k: v for m in MODULES for k, v in getattr(m, "POSTS", {}).items()}
# A row whose valid body is not written yet (``todo``) is not a test that passes by skipping: it stays out of
# POSTS, its endpoint keeps the empty-body POST of its CASES row (refusals still checked) and is listed in
# POST_PENDING so the completeness test names it until the row is finished.
POSTS: dict[str, Post] = {k: v for k, v in _ALL_POSTS.items() if not v.todo}
POST_PENDING |= {k for k, v in _ALL_POSTS.items() if v.todo}
# The case module of each row: a row's object keys are those of its module's make_objects.
MODULE_OF: dict[str, str] = {
    k: m.__name__ for m in MODULES for k in [*m.CASES, *getattr(m, "POSTS", {}), *m.SPECIAL]
}


def objects_of(matrix_world, label: str, name: str) -> dict[str, int]:
    """The objects of the organisation `label` ("own", "foreign", "pref") that row `name` refers to."""
    return matrix_world.objects[label][MODULE_OF[name]]


SPECIAL: set[str] = set().union(*(m.SPECIAL for m in MODULES))

matrix_world = matrix_world_fixture(MODULES)


def all_named_urls() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name:
                names.add(f"{namespace}{p.name}")

    walk(get_resolver().url_patterns)
    return names


def test_every_url_has_a_row():
    assert all_named_urls() == set(CASES) | SPECIAL
    assert set(POSTS) <= set(CASES) | SPECIAL


def _org_of(world, role):
    return world.pref if role == Role.PREFECTURE_SUPPORT else world.own


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_matrix_own_and_foreign(matrix_world, role):
    own_label = "pref" if role == Role.PREFECTURE_SUPPORT else "own"
    client = matrix_world.clients[role]
    failures = []
    for name, (key, allowed, method) in CASES.items():
        if method == "post" and name in POSTS:
            continue  # sent with a valid body by test_post_with_a_valid_body
        kwargs = {"pk": objects_of(matrix_world, own_label, name)[key]} if key else {}
        with undone(client):  # an empty POST may still change something: undo it for the next row
            response = getattr(client, method)(reverse(name, kwargs=kwargs))
        expected = OK[method] if role in allowed else 403
        if response.status_code != expected:
            failures.append(f"{name} as {role}: {response.status_code} != {expected}")
        if key:
            with undone(client):
                response = getattr(client, method)(
                    reverse(name, kwargs={"pk": objects_of(matrix_world, "foreign", name)[key]})
                )
            expected_foreign = 404 if role in allowed else 403
            if response.status_code != expected_foreign:
                failures.append(f"{name} foreign as {role}: {response.status_code} != {expected_foreign}")
    assert not failures, "\n".join(failures)


# --- the method dimension: POST with a valid body ------------------------------------------------------


def _write_events():
    """Audit rows of changes: not reads (views, exports, sign-ins) and not refusals — the rule the validated
    caches trust (core.audit.write_actions_q)."""
    return AuditEvent.objects.filter(write_actions_q())


def _writes() -> int:
    return _write_events().count()


class _Wrote:
    """What a refused or out-of-reach attempt wrote (falsy when nothing)."""

    def __init__(self, before: int):
        self.actions = list(_write_events().order_by("pk").values_list("action", flat=True)[before:])

    def __bool__(self):
        return bool(self.actions)

    def __repr__(self):
        return repr(self.actions) if self.actions else "False"


def _attempt(client, url, body, check=None):
    """POST in a savepoint that is rolled back; returns (response, wrote)."""
    with undone(client):
        before = _writes()
        response = client.post(url, body)
        wrote = check() if check else _Wrote(before)
    return response, wrote


def _success_roles(row: Post) -> list[str]:
    if row.as_roles:
        return list(row.as_roles)
    wide = next((r for r in WIDE_ORDER if r in row.allowed), None)
    roles = [wide] if wide else []
    if "manager" in row.allowed:
        roles.append("manager")
    return roles


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(POSTS))
def test_post_with_a_valid_body(matrix_world, name):
    row = POSTS[name]
    world = matrix_world.world
    own = objects_of(matrix_world, "own", name)
    success = _success_roles(row)
    assert success, f"{name}: no allowed role"
    url = reverse(name, kwargs={"pk": own[row.key]} if row.key else {})
    users = {role: _org_of(world, role).users[role] for role in ROLES}
    clients = matrix_world.clients
    failures = []
    bodies = {}

    def ctx_for(role):
        return Ctx(world=world, org=world.own, objects=own, client=clients[role], url=url, user=users[role])

    # Everything below happens in one savepoint: what a body builder sets up stays for the attempts.
    with undone(*clients.values()):
        for role in success:
            ctx = ctx_for(role)
            bodies[role] = body = row.body(ctx)
            response, wrote = _attempt(
                clients[role], url, body, (lambda c=ctx: row.wrote(c)) if row.wrote else None
            )
            if response.status_code not in row.ok or not wrote:
                detail = response.get("Location", "") or _errors(response)
                failures.append(f"{role}: {response.status_code} wrote={wrote} {detail}")
            if row.key:
                foreign = reverse(name, kwargs={"pk": objects_of(matrix_world, "foreign", name)[row.key]})
                response, wrote = _attempt(clients[role], foreign, body)
                if response.status_code != 404 or wrote:
                    failures.append(f"{role} on the foreign object: {response.status_code} wrote={wrote}")
        body = bodies[success[0]]
        for role in sorted(row.allowed & SCOPED):
            if row.outside:
                outside = reverse(name, kwargs={"pk": own[row.outside]})
                response, wrote = _attempt(clients[role], outside, bodies.get(role, body))
                if response.status_code != 404 or wrote:
                    failures.append(f"{role} outside their reach: {response.status_code} wrote={wrote}")
        for role in ROLES:
            if role in row.allowed:
                continue
            response, wrote = _attempt(clients[role], url, body)
            if response.status_code != 403 or wrote:
                failures.append(f"{role} (refused): {response.status_code} wrote={wrote}")
    assert not failures, f"POST {name} {body!r:.300}\n" + "\n".join(failures)


def _errors(response) -> str:
    """The form errors of a page that answered instead of redirecting (to say why a valid body was not)."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return ""
    html = response.content.decode(errors="replace")
    found = re.findall(r'id="id_(\w+?)_error">(.*?)</div>', html, re.S)
    found += [
        ("", m) for m in re.findall(r'class="[^"]*(?:message|alert)[^"]*error[^"]*"[^>]*>(.*?)</', html, re.S)
    ]
    return " | ".join(f"{k}: {re.sub(r'<[^>]+>', ' ', v).strip()}" for k, v in found)[:400]


def _post_targets(html: str, page: str) -> set[str]:
    """Url names the POST forms of a page submit to."""
    from urllib.parse import urljoin, urlparse

    names = set()
    for tag in re.findall(r"<form\b[^>]*>", html):
        if 'method="post"' not in tag:
            continue
        action = re.search(r'action="([^"]*)"', tag)
        path = urlparse(urljoin(page, action.group(1) if action else page)).path
        match = resolve(path)
        names.add(f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name)
    return names


@pytest.mark.django_db
def test_every_post_endpoint_has_a_post_row(matrix_world):
    """Every URL a page of a POST_COMPLETE app posts to, and every "post" CASES row, has a POSTS row."""
    targets = {name for name, (_, _, method) in CASES.items() if method == "post"}
    for name, (key, allowed, method) in CASES.items():
        if method != "get" or name.split(":")[0] not in POST_COMPLETE:
            continue
        role = next((r for r in [*WIDE_ORDER, "manager"] if r in allowed), None)
        if role is None:
            continue
        client = matrix_world.clients[role]
        url = reverse(name, kwargs={"pk": objects_of(matrix_world, "own", name)[key]} if key else {})
        with undone(client):
            response = client.get(url)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            targets |= _post_targets(response.content.decode(errors="replace"), url)
    missing = sorted(
        n
        for n in targets
        if n.split(":")[0] in POST_COMPLETE and n not in POSTS and n not in SPECIAL and n not in POST_PENDING
    )
    missing = [n for n in missing if n not in {"core:logout", "core:switch_membership"}]
    assert not missing, "POST endpoints without a POSTS row:\n" + "\n".join(missing)


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(matrix_world):
    client = Client()
    for name, (key, _, method) in CASES.items():
        response = getattr(client, method)(reverse(name, kwargs={"pk": 1} if key else {}))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("core:login")), name


@pytest.mark.django_db
def test_scope_within_own_organisation(matrix_world):
    """A manager sees only their units' staff; a staff member only their own card."""
    world = matrix_world.world
    other = world.own.staff["other"]  # 総務課, outside the manager's 市民課
    client = signed_in(world.own.users["manager"])
    assert client.get(reverse("people:staff_detail", kwargs={"pk": other.pk})).status_code == 404
    assert (
        client.get(reverse("people:staff_detail", kwargs={"pk": world.own.staff["staff"].pk})).status_code
        == 200
    )
    client = signed_in(world.own.users["staff"])
    assert client.get(reverse("people:staff_detail", kwargs={"pk": other.pk})).status_code == 404
    assert (
        client.get(reverse("people:staff_detail", kwargs={"pk": world.own.staff["manager"].pk})).status_code
        == 404
    )


@pytest.mark.django_db
def test_special_pages(matrix_world):
    world = matrix_world.world
    client = Client()
    assert client.get(reverse("core:login")).status_code == 200
    assert client.get(reverse("core:logout")).status_code == 405
    client = signed_in(world.own.users["hr"])
    assert client.get(reverse("core:login")).status_code == 302  # already logged in
    assert client.get(reverse("core:switch_membership")).status_code == 405
    assert client.post(reverse("core:logout")).status_code == 302
