"""Shared test fixtures: named organisations and one user per role in each (ARCHITECTURE.md convention 6).

`world` builds, in the test database:
- 見本テスト県 (prefecture) with a prefecture_support user,
- 自分市 (own) and 他所町 (foreign) municipalities, each with a small unit tree,
  staff, and one user per role: "<prefix>-staff", "<prefix>-manager", … with password PASSWORD.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

PASSWORD = "test-pass-2026!"

# The modules that take longest (each a minute or more on one worker) start first, then the browser
# tests (they wait on the browser as much as they compute, so they share the cores well with the rest),
# then everything else, which fills the gaps at the end: the last minutes are not one long module running
# alone. `make test` passes --no-loadscope-reorder: by default xdist hands out the modules with the most
# tests first, which put the odd-value walks (three or four tests of a minute each) last.
LONG_MODULES = (
    "jinzai/core/tests/test_no_500.py",
    "jinzai/core/tests/test_no_500_rest.py",
    "jinzai/core/tests/test_access_matrix.py",
    "jinzai/core/tests/test_access_matrix_posts.py",
    "jinzai/demo/tests/test_seed_demo.py",
    "jinzai/core/tests/test_migrations.py",
)


def pytest_collection_modifyitems(config, items):
    def rank(item) -> tuple[int, int]:
        path = item.nodeid.split("::", 1)[0]
        if path in LONG_MODULES:
            return (0, LONG_MODULES.index(path))
        return (1, 0) if path.startswith("tests/e2e/") else (2, 0)

    items.sort(key=rank)  # stable: the order within a module (and among the rest) is kept


def org_code(first_five: str) -> str:
    from jinzai.core.models import org_code_check_digit

    return first_five + str(org_code_check_digit(first_five))


@dataclass
class Org:
    org: object
    units: dict = field(default_factory=dict)
    staff: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    members: dict = field(default_factory=dict)


@dataclass
class World:
    pref: Org
    own: Org
    foreign: Org


def _build_org(code5: str, name: str, prefix: str, kind: str = "municipality", prefecture=None) -> Org:
    from django.contrib.auth import get_user_model

    from jinzai.core.access import SystemActor
    from jinzai.core.models import Grade, Membership, Unit
    from jinzai.core.services import organisation_create
    from jinzai.people.models import Assignment, Staff
    from jinzai.people.services import staff_search_text

    org = organisation_create(
        actor=SystemActor(organisation=None, label="test"),
        code=org_code(code5),
        name=name,
        kind=kind,
        prefecture=prefecture,
    )
    # Hundreds of tests sign hr and admin in with force_login: the test world requires no second factor
    # (a new organisation's default requires it for admin and hr; core/tests/test_twofactor.py turns it on).
    org.twofactor_roles = []
    org.save(update_fields=["twofactor_roles"])
    o = Org(org=org)
    soumu_bu = Unit.objects.create(
        organisation=org, name="総務部", kind="department", code="01", sort_order=10
    )
    soumu = Unit.objects.create(organisation=org, parent=soumu_bu, name="総務課", code="0101", sort_order=20)
    jinji = Unit.objects.create(
        organisation=org,
        parent=soumu,
        name="人事係",
        kind="section",
        code="010101",
        sort_order=30,
        is_hr=True,
    )
    shimin_bu = Unit.objects.create(
        organisation=org, name="市民部", kind="department", code="02", sort_order=40
    )
    shimin = Unit.objects.create(
        organisation=org, parent=shimin_bu, name="市民課", code="0201", sort_order=50
    )
    madoguchi = Unit.objects.create(
        organisation=org, parent=shimin, name="窓口係", kind="section", code="020101", sort_order=60
    )
    o.units = {
        "総務部": soumu_bu,
        "総務課": soumu,
        "人事係": jinji,
        "市民部": shimin_bu,
        "市民課": shimin,
        "窓口係": madoguchi,
    }
    shuji = Grade.objects.get(organisation=org, name="主事")
    kacho = Grade.objects.get(organisation=org, name="課長")
    people = [
        ("000101", "山田　太郎", "やまだ　たろう", madoguchi, shuji, "staff"),
        ("000102", "佐藤　花子", "さとう　はなこ", shimin, kacho, "manager"),
        ("000103", "鈴木　一郎", "すずき　いちろう", jinji, shuji, "hr"),
        ("000104", "髙橋　美咲", "たかはし　みさき", soumu, shuji, "other"),
    ]
    for staff_no, nm, kana, unit, grade, key in people:
        s = Staff.objects.create(
            organisation=org,
            staff_no=staff_no,
            name=nm,
            kana=kana,
            grade=grade,
            current_unit=unit,
            hired_on=date(2015, 4, 1),
            email=f"{staff_no}@example.lg.jp",
            search_text=staff_search_text(staff_no, nm, kana),
        )
        Assignment.objects.create(
            organisation=org, staff=s, unit=unit, grade=grade, started_on=date(2020, 4, 1)
        )
        o.staff[key] = s
    User = get_user_model()
    roles = ["staff", "manager", "hr", "dx_office", "executive", "admin"]
    if kind == "prefecture":
        roles.append("prefecture_support")
    for role in roles:
        user = User.objects.create_user(username=f"{prefix}-{role}", password=PASSWORD)
        staff = o.staff.get(role) or (o.staff["other"] if role in {"dx_office", "executive"} else None)
        m = Membership.objects.create(user=user, organisation=org, role=role, staff=staff)
        if role == "manager":
            m.units.set([shimin])
        o.users[role], o.members[role] = user, m
    return o


def _build_world() -> World:
    pref = _build_org("99000", "見本テスト県", "p", kind="prefecture")
    own = _build_org("99201", "自分市", "a", prefecture=pref.org)
    foreign = _build_org("99301", "他所町", "b", prefecture=pref.org)
    return World(pref=pref, own=own, foreign=foreign)


def _fresh(objects: dict, *related: str) -> dict:
    """The same rows read again, with the relations their creation had cached."""
    if not objects:
        return {}
    model = type(next(iter(objects.values())))
    found = model.objects.select_related(*related).in_bulk([o.pk for o in objects.values()])
    return {key: found[o.pk] for key, o in objects.items()}


def _reload_world(built: World) -> World:
    from jinzai.core.models import Organisation

    def reload(o: Org) -> Org:
        return Org(
            org=Organisation.objects.select_related("prefecture").get(pk=o.org.pk),
            units=_fresh(o.units, "organisation", "parent"),
            staff=_fresh(o.staff, "organisation", "grade", "current_unit"),
            users=_fresh(o.users),
            members=_fresh(o.members, "user", "organisation", "staff"),
        )

    return World(pref=reload(built.pref), own=reload(built.own), foreign=reload(built.foreign))


def _module_is_transactional(request) -> bool:
    """Whether the module's world must be built per test: the module has transactional (browser) tests, or
    database tests that do not ask for the world (they expect a database without it)."""
    for item in request.session.items:
        if getattr(item, "module", None) is not request.module:
            continue
        names = getattr(item, "fixturenames", ())
        marker = item.get_closest_marker("django_db")
        if marker and (marker.kwargs.get("transaction") or "transactional_db" in names):
            return True
        if "live_server" in names:
            return True
        if (marker or "db" in names) and "world" not in names:
            return True
    return False


@pytest.fixture(scope="module")
def _module_world(request, django_db_setup, django_db_blocker):
    """The world built once per test module inside a transaction that is rolled back when the module ends;
    each test runs in its own savepoint inside it (building three organisations with their defaults costs
    about a second, and most modules have dozens of tests). Modules with transactional (browser) tests
    build it per test instead, as they must commit."""
    if _module_is_transactional(request):
        yield None
        return
    from django.db import transaction
    from django.test.utils import override_settings

    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        yield _build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(_module_world, db) -> World:
    if _module_world is None:
        return _build_world()
    return _reload_world(_module_world)


@pytest.fixture
def login(client):
    """login(user) logs the test client in (skipping axes) and returns it."""

    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty process cache: validated caches (core.audit.validated) key on row ids,
    which a rolled-back test hands to the next one."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _jobs_run_at_once(settings):
    """Background jobs (core/jobs.py) run inside the request in tests, so their results can be asserted."""
    settings.JOBS_EAGER = True


@pytest.fixture
def steady_clock(monkeypatch):
    """Freezes the session middleware's clock, so that comparing the queries of two requests does not
    depend on whether a second ticked between them (the last-seen time is written once per second)."""
    import time as real_time

    import jinzai.core.middleware as middleware

    now = real_time.time()

    class _Clock:
        @staticmethod
        def time():
            return now

    monkeypatch.setattr(middleware, "time", _Clock)
