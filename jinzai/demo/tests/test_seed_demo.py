"""The demo seed: sizes, consistency of staff and assignments, logins, idempotency, determinism.

The demo is seeded once for the whole module inside a transaction that is rolled back at the end,
so the other test modules still start from an empty database.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test import RequestFactory, override_settings

from jinzai.core.models import AuditEvent, ImportRecord, Membership, Organisation, Unit, UserSetting
from jinzai.core.roles import Role
from jinzai.core.selectors import descendant_ids
from jinzai.demo import data
from jinzai.demo.seed import (
    CITY_CODE,
    DEMO_LOGINS,
    DEMO_ORGANISATIONS,
    DEMO_PASSWORD,
    PREFECTURE_CODE,
    REFERENCE_DATE,
    RETIRED_ON,
    TOWN_CODE,
    apportion,
    demo_usernames,
    logins_as_dicts,
    plan_organisation,
    seed_demo,
)
from jinzai.people.models import Assignment, EmploymentType, Staff
from jinzai.people.services import staff_search_text
from jinzai.planning.models import DevelopmentPlan, LevelAssessment, PolicyVersion, StarterAction, Status
from jinzai.planning.selectors.progress import TargetStatus, plan_progress
from jinzai.skills.criteria import suggestions_for
from jinzai.skills.models import Attempt, Campaign, Participant, Question, Rating
from jinzai.skills.question_bank import QUESTION_BANK
from jinzai.skills.selectors import response_rates, talent_types
from jinzai.talent.models import Application, Call, Designation, NominationTrack
from jinzai.talent.selectors.duties import risk_report

# Hashing the demo password with the production hasher costs ~0.3 s per check.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
IDEOGRAPHIC_SPACE = "\u3000"
HIRAGANA = re.compile(r"^[\u3041-\u309f\u30fc]+\u3000[\u3041-\u309f\u30fc]+$")


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = StringIO()
            result = seed_demo(stdout=out)
            yield {"output": out.getvalue(), "result": result}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def table_counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "units": Unit.objects.count(),
        "staff": Staff.objects.count(),
        "assignments": Assignment.objects.count(),
        "users": get_user_model().objects.count(),
        "settings": UserSetting.objects.count(),
        "memberships": Membership.objects.count(),
        "membership_units": Membership.units.through.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def fingerprint() -> str:
    """Everything the seed writes, keyed by natural keys (no primary keys, no timestamps)."""
    units = {
        pk: code for pk, code in Unit.objects.values_list("pk", "code")
    }  # codes are unique per organisation; prefix them with the organisation below
    rows: list = []
    for o in Organisation.objects.order_by("code"):
        rows.append([o.code, o.name, o.kind, o.prefecture.code if o.prefecture else None])
        rows += [
            [
                u.code,
                u.name,
                u.kind,
                units.get(u.parent_id),
                u.valid_from,
                u.valid_to,
                u.is_it,
                u.is_dx,
                u.is_hr,
            ]
            for u in Unit.objects.filter(organisation=o).order_by("code")
        ]
        rows += list(
            Staff.objects.filter(organisation=o)
            .order_by("staff_no")
            .values_list(
                "staff_no",
                "name",
                "kana",
                "employment_type",
                "grade__name",
                "current_unit__code",
                "hired_on",
                "retired_on",
                "email",
                "phone",
                "search_text",
            )
        )
        rows += list(
            Assignment.objects.filter(organisation=o)
            .order_by("staff__staff_no", "started_on")
            .values_list("staff__staff_no", "unit__code", "grade__name", "started_on", "ended_on", "note")
        )
    rows += [
        [m.user.username, m.organisation.code, m.role, m.staff.staff_no if m.staff else None]
        + sorted(u.code for u in m.units.all())
        + [m.user.jinzai_setting.display_name]
        for m in Membership.objects.select_related("user__jinzai_setting", "organisation", "staff").order_by(
            "user__username", "role"
        )
    ]
    return hashlib.sha256(json.dumps(rows, default=str, ensure_ascii=False).encode()).hexdigest()


# --- pure planning ------------------------------------------------------------------------------


def test_apportion_respects_total_and_floors():
    assert apportion(10, [1, 1, 1], [0, 0, 0]) == [4, 3, 3]
    assert sum(apportion(800, [5, 70, 3, 14], [2, 2, 5, 2])) == 800
    assert apportion(6, [100, 1], [1, 3]) == [3, 3]


def test_planning_is_deterministic():
    spec = next(s for s in DEMO_ORGANISATIONS if s.code == TOWN_CODE)
    first, second = plan_organisation(spec), plan_organisation(spec)
    assert [(p.staff_no, p.name, p.posts) for p in first.people] == [
        (p.staff_no, p.name, p.posts) for p in second.people
    ]


# --- the seeded database ------------------------------------------------------------------------


@pytest.mark.django_db
def test_seed_creates_the_organisations_and_prints_logins(seeded):  # its speed is in make bench
    assert sorted(seeded["result"].created) == sorted([PREFECTURE_CODE, CITY_CODE, TOWN_CODE])
    for username in demo_usernames():
        assert username in seeded["output"]
    assert DEMO_PASSWORD in seeded["output"]
    assert "ログインID" in seeded["output"]


@pytest.mark.django_db
def test_organisations_units_and_sizes(seeded):
    pref, city, town = org(PREFECTURE_CODE), org(CITY_CODE), org(TOWN_CODE)
    assert (pref.name, pref.kind, pref.prefecture) == ("見本県", "prefecture", None)
    assert (city.name, city.kind, city.prefecture) == ("見本市", "municipality", pref)
    assert (town.name, town.kind, town.prefecture) == ("さくら町", "municipality", pref)
    assert list(city.grades.values_list("name", flat=True)) == [
        "主事",
        "主任",
        "主査",
        "係長",
        "課長補佐",
        "課長",
        "次長",
        "部長",
    ]

    assert 780 <= Staff.objects.filter(organisation=city).count() <= 820
    assert 140 <= Staff.objects.filter(organisation=town).count() <= 160
    assert 50 <= Staff.objects.filter(organisation=pref).count() <= 70

    city_units = Unit.objects.filter(organisation=city)
    assert city_units.filter(kind="department").count() == 9
    assert 40 <= city_units.filter(kind="division").count() <= 50
    for division in city_units.filter(kind="division"):
        assert division.children.count() <= 3
    for unit in Unit.objects.select_related("parent"):  # 部2桁+課2桁+係2桁; a 課 without 部 has 2 digits
        assert unit.code.isdigit() and unit.valid_from is not None
        if unit.parent:
            assert unit.code[:-2] == unit.parent.code and len(unit.code) == len(unit.parent.code) + 2
        else:
            assert len(unit.code) == 2
    assert re.fullmatch(r"\d{6}", city_units.get(name="庶務係", parent__name="総務課").code)
    assert city_units.get(name="情報政策課").is_it and city_units.get(name="情報システム係").is_it
    assert city_units.get(name="DX推進課").is_dx
    assert city_units.get(name="人事課").is_hr and city_units.get(name="人事係").is_hr
    assert city_units.get(name="市民課").is_business and not city_units.get(name="人事課").is_business
    old = city_units.get(name="電算管理課")
    assert (old.valid_from, old.valid_to) == (date(1985, 4, 1), date(2023, 3, 31))
    assert city_units.get(name="情報政策課").valid_from == date(2023, 4, 1)

    town_top = Unit.objects.filter(organisation=town, parent=None)
    assert set(town_top.values_list("kind", flat=True)) == {"division"}
    assert 11 <= town_top.count() <= 14
    assert Unit.objects.get(organisation=pref, name="デジタル推進課").is_dx
    assert Unit.objects.get(organisation=pref, name="デジタル推進課").is_it


@pytest.mark.django_db
def test_staff_records(seeded):
    formats = {CITY_CODE: r"\d{6}", TOWN_CODE: r"\d{5}", PREFECTURE_CODE: r"K\d{5}"}
    staff = list(Staff.objects.select_related("organisation", "grade"))
    assert len({(s.organisation_id, s.name) for s in staff}) == len(staff)  # no namesakes in one org
    for s in staff:
        assert re.fullmatch(formats[s.organisation.code], s.staff_no), s.staff_no
        assert s.name.count(IDEOGRAPHIC_SPACE) == 1 and HIRAGANA.match(s.kana), (s.name, s.kana)
        assert s.search_text == staff_search_text(s.staff_no, s.name, s.kana)
        assert date(1990, 1, 1) <= s.hired_on <= REFERENCE_DATE
        assert s.email.startswith(("s", "k")) and s.email.endswith(".example.lg.jp")
        assert s.staff_no.lower() in s.email
        if s.employment_type == EmploymentType.FISCAL_YEAR:
            assert s.grade is None and s.hired_on >= date(2026, 4, 1)
        else:
            assert s.grade is not None
        if s.retired_on is None:
            assert s.current_unit_id is not None and s.phone.startswith("内線")
        else:
            assert s.retired_on == RETIRED_ON and s.current_unit_id is None

    city_staff = [s for s in staff if s.organisation.code == CITY_CODE]
    share = Counter(s.employment_type for s in city_staff)
    assert 0.65 <= share[EmploymentType.REGULAR] / len(city_staff) <= 0.76
    assert 0.15 <= share[EmploymentType.FISCAL_YEAR] / len(city_staff) <= 0.25
    assert 0.03 <= share[EmploymentType.REAPPOINTED] / len(city_staff) <= 0.08
    assert share[EmploymentType.FIXED_TERM] >= 1
    assert 1 <= sum(s.employment_type == EmploymentType.SPECIFIC_FIXED_TERM for s in staff) <= 2
    specialist = Staff.objects.get(
        organisation__code=CITY_CODE, employment_type=EmploymentType.SPECIFIC_FIXED_TERM
    )
    assert specialist.current_unit.name == "DX推進課"
    assert 3 <= sum(s.retired_on is not None for s in city_staff) <= 10


@pytest.mark.django_db
def test_one_head_per_unit(seeded):
    """部長 per 部, 課長 per 課, 係長 per 係 (except the one-person 情報係)."""
    active = Staff.objects.filter(retired_on__isnull=True)
    for o in Organisation.objects.all():
        for unit in Unit.objects.filter(organisation=o, valid_to__isnull=True):
            heads = active.filter(current_unit=unit, grade__name__in=["部長", "課長", "係長"])
            expected = {"department": "部長", "division": "課長", "section": "係長"}[unit.kind]
            if unit.name == "情報係":
                assert heads.count() == 0
                continue
            assert list(heads.values_list("grade__name", flat=True)) == [expected], (o.name, unit.name)


@pytest.mark.django_db
def test_assignment_history_is_consistent(seeded):
    by_staff = defaultdict(list)
    for row in Assignment.objects.values_list("staff_id", "unit_id", "grade_id", "started_on", "ended_on"):
        by_staff[row[0]].append(row[1:])
    staff = {s.pk: s for s in Staff.objects.all()}
    assert set(by_staff) == set(staff)
    for pk, rows in by_staff.items():
        s = staff[pk]
        rows.sort(key=lambda r: r[2])
        assert rows[0][2] == s.hired_on
        open_rows = [r for r in rows if r[3] is None]
        if s.retired_on is None:
            assert len(open_rows) == 1 and rows[-1][3] is None
            assert (rows[-1][0], rows[-1][1]) == (s.current_unit_id, s.grade_id)
        else:
            assert open_rows == [] and rows[-1][3] == s.retired_on
        for earlier, later in zip(rows, rows[1:], strict=False):
            assert earlier[3] is not None and earlier[2] <= earlier[3]
            assert earlier[3] + timedelta(days=1) == later[2]  # no gap, no overlap
            assert later[2].month == 4 and later[2].day == 1  # transfers happen on April 1
        if s.employment_type == EmploymentType.REGULAR and s.hired_on.year <= 2005:
            assert 3 <= len(rows) <= 6


@pytest.mark.django_db
def test_reorganised_unit_history(seeded):
    city = org(CITY_CODE)
    old = Unit.objects.get(organisation=city, name="電算管理課")
    new_family = descendant_ids(city, [Unit.objects.get(organisation=city, name="情報政策課").pk])
    assert not Assignment.objects.filter(unit=old, ended_on__gt=data.OLD_IT_DIVISION_END).exists()
    assert not Assignment.objects.filter(unit=old, ended_on__isnull=True).exists()
    assert not Assignment.objects.filter(unit_id__in=new_family, started_on__lt=data.REORG_DATE).exists()
    moved = Assignment.objects.filter(
        unit_id__in=new_family,
        started_on=data.REORG_DATE,
        staff__assignments__unit=old,
        staff__assignments__ended_on=data.OLD_IT_DIVISION_END,
    )
    assert moved.count() >= 3
    assert not Staff.objects.filter(current_unit=old).exists()


@pytest.mark.django_db
def test_sakura_has_a_single_it_person(seeded):
    section = Unit.objects.get(organisation__code=TOWN_CODE, name="情報係", parent__name="総務課")
    assert section.is_it
    assert Staff.objects.filter(current_unit=section, retired_on__isnull=True).count() == 1
    assert Unit.objects.filter(organisation__code=TOWN_CODE, is_it=True).count() == 1


@pytest.mark.django_db
def test_every_demo_login_works(seeded):
    request = RequestFactory().post("/login/")
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        for username in demo_usernames():
            assert authenticate(request, username=username, password=DEMO_PASSWORD) is not None, username
    staff_roles = {Role.STAFF, Role.MANAGER, Role.HR, Role.DX_OFFICE, Role.EXECUTIVE}
    for login in DEMO_LOGINS:
        m = Membership.objects.select_related("staff", "organisation").get(
            user__username=login.username, organisation__code=login.organisation_code, role=login.role
        )
        assert m.is_active
        if login.role in staff_roles:
            assert m.staff is not None and m.staff.organisation == m.organisation
            assert m.staff.retired_on is None
        if login.role == Role.HR:
            assert m.staff.current_unit.is_hr
        if login.role == Role.DX_OFFICE:
            assert m.staff.current_unit.is_dx
        if login.role == Role.MANAGER:
            assert list(m.units.all()) == [m.staff.current_unit]
            assert m.staff.grade.name == "課長"
        else:
            assert not m.units.exists()
        display = get_user_model().objects.get(username=login.username).jinzai_setting.display_name
        assert display == (m.staff.name if m.staff else f"{m.organisation.name} 管理者")

    staff = Membership.objects.get(user__username="mihon-staff").staff
    assert (staff.grade.name, staff.current_unit.kind, staff.current_unit.parent.name) == (
        "主事",
        "section",
        "市民課",
    )
    manager = Membership.objects.get(user__username="mihon-manager")
    assert manager.units.get().name == "市民課"
    assert Membership.objects.get(user__username="sakura-manager").units.get().name == "総務課"
    multi = Membership.objects.filter(user__username="ken-multi").order_by("role")
    assert [(m.organisation.code, m.role) for m in multi] == [
        (PREFECTURE_CODE, Role.PREFECTURE_SUPPORT),
        (PREFECTURE_CODE, Role.STAFF),
    ]
    assert multi[0].staff == multi[1].staff is not None
    # distinct people behind distinct users
    linked = Membership.objects.filter(staff__isnull=False).values_list("user__username", "staff_id")
    assert len({staff_id for _, staff_id in linked}) == len({username for username, _ in linked})


@pytest.mark.django_db
def test_one_audit_event_per_organisation(seeded):
    events = AuditEvent.objects.filter(action="demo.seed")
    assert sorted(events.values_list("organisation__code", flat=True)) == sorted(
        [PREFECTURE_CODE, CITY_CODE, TOWN_CODE]
    )
    assert (
        events.get(organisation__code=CITY_CODE).detail["counts"]["staff"]
        == Staff.objects.filter(organisation__code=CITY_CODE).count()
    )


@pytest.mark.django_db
def test_running_again_changes_nothing(seeded):
    before, print_before = table_counts(), fingerprint()
    out = StringIO()
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        call_command("seed_demo", stdout=out)
    assert table_counts() == before
    assert fingerprint() == print_before
    assert out.getvalue().count("すでに登録されている") == 3
    assert "mihon-admin" in out.getvalue()  # the login table is printed every time

    out = StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert table_counts() == before
    assert "作成しませんでした" in out.getvalue() and "mihon-admin" not in out.getvalue()


@pytest.mark.django_db
def test_missing_login_is_recreated(seeded):
    get_user_model().objects.filter(username="sakura-hr").delete()
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        result = seed_demo()
    assert result.logins_created == ["sakura-hr:hr"] and result.created == []
    assert Membership.objects.get(user__username="sakura-hr").staff.current_unit.name == "人事係"


@pytest.mark.django_db
def test_demo_logins_command(seeded):
    out = StringIO()
    call_command("demo_logins", stdout=out, stderr=StringIO())
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["団体", "役割", "ログインID", "パスワード"]
    assert len(lines) == 2 + len(DEMO_LOGINS)
    assert "見本県    都道府県 市町村支援担当  ken-multi" in out.getvalue()

    out = StringIO()
    call_command("demo_logins", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert rows == logins_as_dicts()
    assert {row["username"] for row in rows} == set(demo_usernames())
    assert {"organisation": "見本市", "role_label": "所属長", "username": "mihon-manager"}.items() <= rows[
        1
    ].items()


# --- what each app's demo data shows (one seeded world for the whole module) ---------------------------


@pytest.mark.django_db
def test_demo_skills_data(seeded):
    """見本市 has two closed and one open campaign with realistic rates, criteria that suggest a level, the
    30-question bank and a test with attempts (moved from skills/tests/test_demo.py)."""
    city = Organisation.objects.get(code="992011")
    campaigns = list(Campaign.objects.filter(organisation=city).order_by("starts_on"))
    assert [c.status for c in campaigns] == ["closed", "closed", "open"]
    for campaign, low, high in zip(campaigns, (80, 85, 50), (92, 96, 66), strict=True):
        rate = response_rates(campaign)["totals"]["answered_pct"]
        assert low <= rate <= high, (campaign.name, rate)
    assert Participant.objects.filter(campaign=campaigns[-1], status="confirmed").exists()
    assert len(QUESTION_BANK) == 30 and Question.objects.filter(organisation=city).count() == 30
    attempts = Attempt.objects.filter(organisation=city)
    assert (
        attempts.count() >= 30
        and attempts.filter(passed=True).exists()
        and attempts.filter(passed=False).exists()
    )
    suggestion = suggestions_for(city, talent_types(city))
    assert [s["level"] for s in suggestion.values()] == [2]
    town = Organisation.objects.get(code="993018")
    assert Campaign.objects.filter(organisation=town).count() == 1
    # deterministic: seeded RNG and fixed dates give the same rows on every run
    assert (
        Rating.objects.filter(organisation=city).count(),
        attempts.count(),
        attempts.filter(passed=True).count(),
    ) == (
        16236,
        36,
        26,
    )


@pytest.mark.django_db
def test_the_demo_data_of_issue_10(seeded):
    """さくら町's 1人情シス and 見本市's healthier spread, an open call with applicants, a nomination with one
    track approved and one pending, and a draft transfer list for next April that leaves two 課 without their
    only leader."""
    city, town = Organisation.objects.get(code="992011"), Organisation.objects.get(code="993018")
    day = date(2026, 11, 1)
    town_risk, city_risk = risk_report(town, today=day), risk_report(city, today=day)
    assert town_risk.index >= 2 * city_risk.index and len(town_risk.single) > len(city_risk.single)
    assert town_risk.overloaded and town_risk.overloaded[0]["share"] > 80  # one person holds most duties
    call = Call.objects.get(organisation=city, status=Call.Status.OPEN)
    opinions = set(call.applications.values_list("manager_opinion", flat=True))
    assert call.applications.count() == 4 and opinions == {"consent", "concern", ""}
    assert call.applications.filter(status=Application.Status.APPLIED).count() == 4
    decisions = sorted(
        NominationTrack.objects.filter(organisation=city, nomination__tracks__designation__isnull=False)
        .distinct()
        .values_list("decision", flat=True)
    )
    assert decisions == ["approved", "pending"]
    record = ImportRecord.objects.get(organisation=city, kind="transfer", status="previewed")
    broken = record.summary["tables"][0]
    assert broken["title"].startswith("DX推進リーダーがいなくなる") and broken["total"] == 2
    assert record.summary["can_commit"] and record.options["effective_date"] == "2027-04-01"


@pytest.mark.django_db
def test_city_plan_is_partly_achieved_and_town_has_a_draft(seeded):
    """The demo's planning data shows every planning screen something meaningful."""
    city = DevelopmentPlan.objects.get(organisation__code="992011")
    assert city.status == Status.APPROVED and (city.start_fy, city.end_fy) == (2025, 2027)
    statuses = {p.status for p in plan_progress(city, today=date(2026, 11, 1))}
    assert TargetStatus.ACHIEVED in statuses and statuses & {TargetStatus.WATCH, TargetStatus.BEHIND}
    coverage = next(p for p in plan_progress(city, today=date(2026, 11, 1)) if p.target.metric == "coverage")
    lacking = coverage.latest.detail["lacking"]
    assert 0 < len(lacking) < coverage.latest.detail["units"]

    town = DevelopmentPlan.objects.get(organisation__code="993018")
    assert town.status == Status.DRAFT and town.tasks.exists() and town.targets.count() >= 4

    leaders = Designation.objects.filter(organisation__code="992011", talent_type__kind="leader")
    assert leaders.filter(ended_on__isnull=True).count() >= 25
    assert leaders.filter(ended_on__isnull=False).exists()  # history kept
    assert Designation.objects.filter(organisation__code="992011", talent_type__kind="expert").exists()
    assert PolicyVersion.objects.get(organisation__code="992011").status == Status.APPROVED
    assert (
        LevelAssessment.objects.filter(organisation__code="992011").values("fiscal_year").distinct().count()
        == 3
    )
    assert StarterAction.objects.filter(organisation__code="992011", status="done").count() == 2


@pytest.mark.django_db
def test_same_data_on_every_run(seeded):
    """Two seeds into an emptied database give identical data: the module's seed, then everything deleted
    (inside the test's savepoint) and `seed_demo --if-empty` again (an empty database gets seeded)."""
    first = fingerprint()
    if connection.vendor == "postgresql":  # TRUNCATE refuses tables with deferred checks still pending
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        call_command("flush", interactive=False, inhibit_post_migrate=True)
        assert not Organisation.objects.exists()
        call_command("seed_demo", "--if-empty", stdout=StringIO())
    assert fingerprint() == first
