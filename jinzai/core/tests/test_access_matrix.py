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
(`_matrix.matrix_world_fixture`); tests write only inside their own savepoint. The method dimension
(`test_post_with_a_valid_body`, `test_every_post_endpoint_has_a_post_row`) is in
test_access_matrix_posts.py, so that the two halves run on two workers.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jinzai.core.roles import Role
from jinzai.core.tests._matrix import Post, matrix_world_fixture, signed_in, undone

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
