"""The access matrix: every URL pattern × every role, own and foreign organisation (ARCHITECTURE.md §5).

A URL added without a row in CASES fails `test_every_url_has_a_row`. docs/roles.md documents this matrix.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jinzai.core.roles import Role
from jinzai.people.importing import ImportOptions
from jinzai.people.services import staff_import_create

ROLES = [r.value for r in Role]
ALL = set(ROLES)
MUNI_ROLES = ALL - {Role.PREFECTURE_SUPPORT}

# url name -> (object key for kwargs or None, roles allowed (200), method)
CASES: dict[str, tuple[str | None, set[str], str]] = {
    "core:home": (None, ALL, "get"),
    "core:password_change": (None, ALL, "get"),
    "core:user_settings": (None, ALL, "get"),
    "core:unit_list": (None, {"hr", "dx_office", "executive", "admin"}, "get"),
    "core:unit_create": (None, {"hr", "dx_office", "admin"}, "get"),
    "core:unit_edit": ("unit", {"hr", "dx_office", "admin"}, "get"),
    "core:grade_list": (None, {"hr", "admin"}, "get"),
    "core:grade_edit": ("grade", {"hr", "admin"}, "get"),
    "core:user_list": (None, {"admin"}, "get"),
    "core:user_create": (None, {"admin"}, "get"),
    "core:membership_edit": ("membership", {"admin"}, "get"),
    "core:membership_password": ("membership", {"admin"}, "post"),
    "core:audit_list": (None, {"admin"}, "get"),
    "core:member_orgs": (None, {"prefecture_support"}, "get"),
    "people:staff_list": (None, {"hr", "dx_office", "manager", "executive"}, "get"),
    "people:staff_export": (None, {"hr", "dx_office"}, "get"),
    "people:staff_detail": ("staff", {"hr", "dx_office", "manager", "executive", "staff"}, "get"),
    "people:staff_edit": ("staff", {"hr"}, "get"),
    "people:staff_transfer": ("staff", {"hr"}, "get"),
    "people:my_card": (None, {"hr", "dx_office", "manager", "executive", "staff"}, "get"),
    "people:import_upload": (None, {"hr"}, "get"),
    "people:import_preview": ("import", {"hr"}, "get"),
    "people:import_commit": ("import", {"hr"}, "post"),
    "people:import_discard": ("import", {"hr"}, "post"),
}
# Pages that behave differently by design and are tested on their own below.
SPECIAL = {"core:login", "core:logout", "core:switch_membership"}

OK = {"get": 200, "post": 302}


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


def _objects(org, hr_member):
    record = staff_import_create(
        actor=hr_member,
        file_name="t.csv",
        content="職員番号,氏名\n000101,山田　太郎\n".encode(),
        options=ImportOptions(effective_date=date(2026, 4, 1)),
    )
    return {
        "unit": org.units["市民課"].pk,
        "grade": org.org.grades.first().pk,
        "membership": org.members["staff"].pk,
        "staff": org.staff["staff"].pk,
        "import": record.pk,
    }


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
        url = reverse(name, kwargs=kwargs)
        # POST bodies are empty: a commit of the stored file must not be what this test checks.
        response = getattr(client, method)(url)
        expected = OK[method] if role in allowed else 403
        if name == "people:import_commit" and role in allowed:
            expected = 302
        if response.status_code != expected:
            failures.append(f"{name} as {role}: {response.status_code} != {expected}")
        if key:
            foreign_url = reverse(name, kwargs={"pk": foreign_objects[key]})
            response = getattr(client, method)(foreign_url)
            expected_foreign = 404 if role in allowed else 403
            if response.status_code != expected_foreign:
                failures.append(f"{name} foreign as {role}: {response.status_code} != {expected_foreign}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(world, client):
    for name, (key, _, method) in CASES.items():
        url = reverse(name, kwargs={"pk": 1} if key else {})
        response = getattr(client, method)(url)
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
