"""Who may see which person's which field: the one table in code (core.access.PersonalField, declared by
each app's permissions.py) against docs/roles.md 「個人の項目を見られる人」, field by field — first as a
rule (every role × a person of the manager's unit, another unit's person, oneself, another organisation's
person), then on the pages that show the field."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse

from jinzai.core.access import can_see_field, personal_fields
from jinzai.core.roles import Role

DOC = Path(__file__).resolve().parents[3] / "docs" / "roles.md"
COLUMNS = ["hr", "dx_office", "manager", "self", "executive", "prefecture_support", "admin"]
ROLES = ["staff", "manager", "hr", "dx_office", "executive", "admin"]


def doc_table() -> dict[str, dict[str, str]]:
    """key → {column: cell} of the table under 「## 個人の項目を見られる人」 in docs/roles.md."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## 個人の項目を見られる人", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        match = re.match(r"^\|\s*[^|]+\|\s*`([a-z_]+\.[a-z_]+)`\s*\|(.*)\|\s*$", line)
        if match:
            cells = [c.strip() for c in match.group(2).split("|")]
            assert len(cells) == len(COLUMNS), line
            rows[match.group(1)] = dict(zip(COLUMNS, cells, strict=True))
    return rows


def test_the_doc_and_the_code_have_the_same_fields_and_rules():
    doc = doc_table()
    code = {f.key: f for f in personal_fields()}
    assert set(doc) == set(code), "docs/roles.md and the PersonalField registry list different fields"
    for key, rule in code.items():
        row = doc[key]
        assert (row["hr"] == "○") == (Role.HR in rule.roles), key
        assert (row["dx_office"] == "○") == (Role.DX_OFFICE in rule.roles), key
        assert row["manager"] == (
            "○" if Role.MANAGER in rule.roles else "担当所属" if rule.manager else "—"
        ), key
        assert row["self"] == ("○" if rule.self else "—"), key
        for column in ("executive", "prefecture_support", "admin"):
            assert row[column] == "—", f"{key}: {column} sees aggregates only"


# Whose own record each subject is (conftest: dx_office and executive are linked to 髙橋).
OWNERS = {"yamada": {"staff"}, "takahashi": {"dx_office", "executive"}, "suzuki": {"hr"}, "foreign": set()}


def _expected(row: dict[str, str], role: str, subject: str) -> bool:
    """What the doc says a role of the own organisation may see of a subject."""
    if subject == "foreign":
        return False
    if role in OWNERS[subject] and row["self"] == "○":
        return True
    cell = row.get(role, "—")
    return cell == "○" or (
        role == "manager" and cell == "担当所属" and subject == "yamada"
    )  # 窓口係 ⊂ 市民課


@pytest.mark.django_db
def test_every_field_for_every_role_and_person(world):
    subjects = {
        "yamada": world.own.staff["staff"],  # 窓口係, in the manager's 市民課
        "takahashi": world.own.staff["other"],  # 総務課, outside the manager's units
        "suzuki": world.own.staff["hr"],
        "foreign": world.foreign.staff["staff"],
    }
    failures = []
    for key, row in doc_table().items():
        for role in ROLES:
            viewer = world.own.members[role]
            for name, staff in subjects.items():
                got = can_see_field(viewer, staff, key)
                if got != _expected(row, role, name):
                    failures.append(f"{key}: {role} → {name}: {got}")
        pref = world.pref.members["prefecture_support"]
        if any(can_see_field(pref, s, key) for s in subjects.values()):
            failures.append(f"{key}: prefecture_support sees a municipality's person")
    assert not failures, "\n".join(failures)


# --- the same rule on the pages -------------------------------------------------------------------


@pytest.fixture
def records(world, settings, tmp_path):
    """One of everything about 山田 (staff in 窓口係)."""
    from jinzai.core.dates import fiscal_year_of
    from jinzai.learning.services import subsidies, training
    from jinzai.learning.tests._helpers import cert, course_with_session, holding, system
    from jinzai.skills import services as skill_services
    from jinzai.talent.models import TalentType
    from jinzai.talent.services import designation_create

    settings.DATA_DIR = tmp_path
    own = world.own
    yamada = own.staff["staff"]
    yamada.birth_date = date(1990, 5, 6)
    yamada.save(update_fields=["birth_date"])
    designation_create(
        actor=own.members["hr"],
        staff=yamada,
        talent_type=TalentType.objects.get(organisation=own.org, kind=TalentType.Kind.LEADER),
        started_on=date(2026, 4, 1),
    )
    staffcert = holding(own, "staff", "ip", date(2025, 6, 1))
    day = date.today()
    rule = subsidies.subsidy_rule_create(
        actor=system(own),
        certification=cert(own, "fe"),
        fiscal_year=fiscal_year_of(day),
        kind="fixed",
        amount=7500,
        budget=100_000,
    )
    application = subsidies.subsidy_apply(
        actor=system(own), rule=rule, staff=yamada, exam_on=day, exam_fee=7500
    )
    _, session = course_with_session(own, capacity=5, starts_in=30)
    training.enrolment_apply(actor=own.members["staff"], session=session, staff=yamada)
    category = skill_services.question_category_create(actor=system(own), name="DXの基礎")
    for n in range(2):
        skill_services.question_create(
            actor=system(own),
            category=category,
            text=f"問{n}",
            kind="single",
            choices=["正", "誤"],
            correct=[0],
        )
    test = skill_services.knowledge_test_create(
        actor=system(own), sections={category: 2}, name="DXテスト", pass_score=50, is_open=True
    )
    attempt = skill_services.attempt_start(actor=own.members["staff"], test=test)
    attempt = skill_services.attempt_submit(actor=own.members["staff"], attempt=attempt, answers={})
    return {"staffcert": staffcert, "application": application, "attempt": attempt, "session": session}


def _html(client, url) -> str:
    response = client.get(url)
    if response.status_code != 200:
        return ""
    if response.get("Content-Disposition", "").startswith("attachment"):
        return "FILE"
    return response.content.decode()


def _card(client, world):
    return _html(client, reverse("people:staff_detail", kwargs={"pk": world.own.staff["staff"].pk}))


def _self_or(page_for_others, page_for_self):
    return lambda client, world, records, role: (
        page_for_self(client, world, records) if role == "staff" else page_for_others(client, world, records)
    )


PROBES = {
    "people.name": lambda c, w, r, role: "山田　太郎" in _card(c, w),
    "people.email": lambda c, w, r, role: "000101@example.lg.jp" in _card(c, w),
    "people.assignments": lambda c, w, r, role: 'id="history-h"' in _card(c, w),
    "people.birth_date": lambda c, w, r, role: "1990年5月6日" in _card(c, w),
    "talent.designations": lambda c, w, r, role: 'id="designations-h"' in _card(c, w),
    "learning.certifications": lambda c, w, r, role: 'id="learning-certs-h"' in _card(c, w),
    "learning.enrolments": lambda c, w, r, role: 'id="learning-training-h"' in _card(c, w),
    "skills.ratings": lambda c, w, r, role: 'id="skills-h"' in _card(c, w),
    "learning.proof": lambda c, w, r, role: (
        _html(c, reverse("learning:staffcert_proof", kwargs={"pk": r["staffcert"].pk})) == "FILE"
    ),
    "learning.subsidies": _self_or(
        lambda c, w, r: (
            "7,500" in _html(c, reverse("learning:subsidy_application", kwargs={"pk": r["application"].pk}))
        ),
        lambda c, w, r: "7,500" in _html(c, reverse("learning:my_learning")),
    ),
    "skills.attempts": _self_or(
        lambda c, w, r: "山田" in _html(c, reverse("skills:attempt_detail", kwargs={"pk": r["attempt"].pk})),
        lambda c, w, r: (
            'id="mine-h"' in _html(c, reverse("skills:test_detail", kwargs={"pk": r["attempt"].test_id}))
        ),
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(PROBES))
def test_pages_show_a_field_exactly_to_those_the_table_allows(world, login, records, key):
    row = doc_table()[key]
    failures = []
    for role in ROLES:
        client = login(world.own.users[role])
        shown = PROBES[key](client, world, records, role)
        if shown != _expected(row, role, "yamada"):
            failures.append(f"{role}: shown={shown}")
    assert not failures, f"{key}: " + ", ".join(failures)


@pytest.mark.django_db
def test_lists_and_exports_follow_the_table(world, login, records):
    """Lists of people: executives get none; a manager only their units' people."""
    client = login(world.own.users["executive"])
    for name in ("people:staff_list", "learning:staffcert_list", "talent:designation_list"):
        assert client.get(reverse(name)).status_code == 403, name
    for name in ("learning:subsidy_list", "skills:test_results"):
        url = (
            reverse(name, kwargs={"pk": records["attempt"].test_id})
            if name == "skills:test_results"
            else reverse(name)
        )
        assert "山田" not in _html(client, url), name
    from jinzai.learning.tests._helpers import holding

    manager = login(world.own.users["manager"])
    holding(world.own, "other", "ip", date.today() - timedelta(days=3))
    listing = _html(manager, reverse("learning:staffcert_list"))
    assert "山田" in listing and "髙橋" not in listing
