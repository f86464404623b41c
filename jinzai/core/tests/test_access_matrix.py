"""The access matrix: every URL pattern × every role, own and foreign organisation (ARCHITECTURE.md §5).

Each app lists its rows in `<app>/tests/access_cases.py` (CASES, SPECIAL, make_objects); this test
collects them all. A URL added without a row fails `test_every_url_has_a_row`. docs/roles.md documents it.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jinzai.core.roles import Role

ROLES = [r.value for r in Role]
OK = {"get": 200, "post": 302}


def _case_modules():
    root = Path(__file__).resolve().parents[2]
    for path in sorted(root.glob("*/tests/access_cases*.py")):
        yield importlib.import_module(f"jinzai.{path.parts[-3]}.tests.{path.stem}")


MODULES = list(_case_modules())
CASES: dict[str, tuple[str | None, set[str], str]] = {k: v for m in MODULES for k, v in m.CASES.items()}
SPECIAL: set[str] = set().union(*(m.SPECIAL for m in MODULES))


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


def _objects(org, hr_member) -> dict[str, int]:
    objects: dict[str, int] = {}
    for module in MODULES:
        objects.update(module.make_objects(org, hr_member))
    return objects


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_matrix_own_and_foreign(world, client, role):
    own = world.pref if role == Role.PREFECTURE_SUPPORT else world.own
    other = world.foreign
    own_objects = _objects(own, own.members["hr"])
    foreign_objects = _objects(other, other.members["hr"])
    client.force_login(own.users[role], backend="django.contrib.auth.backends.ModelBackend")
    failures = []
    for name, (key, allowed, method) in CASES.items():
        kwargs = {"pk": own_objects[key]} if key else {}
        # POST bodies are empty: the rows check access, not what a valid form does.
        response = getattr(client, method)(reverse(name, kwargs=kwargs))
        expected = OK[method] if role in allowed else 403
        if response.status_code != expected:
            failures.append(f"{name} as {role}: {response.status_code} != {expected}")
        if key:
            response = getattr(client, method)(reverse(name, kwargs={"pk": foreign_objects[key]}))
            expected_foreign = 404 if role in allowed else 403
            if response.status_code != expected_foreign:
                failures.append(f"{name} foreign as {role}: {response.status_code} != {expected_foreign}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(world, client):
    for name, (key, _, method) in CASES.items():
        response = getattr(client, method)(reverse(name, kwargs={"pk": 1} if key else {}))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("core:login")), name


@pytest.mark.django_db
def test_scope_within_own_organisation(world, login):
    """A manager sees only their units' staff; a staff member only their own card."""
    other = world.own.staff["other"]  # 総務課, outside the manager's 市民課
    client = login(world.own.users["manager"])
    assert client.get(reverse("people:staff_detail", kwargs={"pk": other.pk})).status_code == 404
    assert (
        client.get(reverse("people:staff_detail", kwargs={"pk": world.own.staff["staff"].pk})).status_code
        == 200
    )
    client = login(world.own.users["staff"])
    assert client.get(reverse("people:staff_detail", kwargs={"pk": other.pk})).status_code == 404
    assert (
        client.get(reverse("people:staff_detail", kwargs={"pk": world.own.staff["manager"].pk})).status_code
        == 404
    )


@pytest.mark.django_db
def test_special_pages(world, client, login):
    assert client.get(reverse("core:login")).status_code == 200
    assert client.get(reverse("core:logout")).status_code == 405
    client = login(world.own.users["hr"])
    assert client.get(reverse("core:login")).status_code == 302  # already logged in
    assert client.get(reverse("core:switch_membership")).status_code == 405
    assert client.post(reverse("core:logout")).status_code == 302
