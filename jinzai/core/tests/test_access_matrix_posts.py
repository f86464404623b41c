"""The access matrix's method dimension (security review, issue 9): every POST endpoint with a valid body
as every role, and every POST endpoint has such a row. The rows and the rules are described in
test_access_matrix.py, which holds the GET dimension; the two modules run on two workers.
"""

from __future__ import annotations

import re

import pytest
from django.urls import resolve, reverse

from jinzai.core.audit import write_actions_q
from jinzai.core.models import AuditEvent
from jinzai.core.tests._matrix import Ctx, Post, matrix_world_fixture, undone
from jinzai.core.tests.test_access_matrix import (
    CASES,
    MODULES,
    POST_COMPLETE,
    POST_PENDING,
    POSTS,
    ROLES,
    SCOPED,
    SPECIAL,
    WIDE_ORDER,
    _org_of,
    objects_of,
)

matrix_world = matrix_world_fixture(MODULES)  # built once for the module


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
