"""Curriculum completion (all / N of), eligibility with what is missing, confirmation and revocation."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from jinzai.core import hooks
from jinzai.learning.eligibility import curriculum_progress, evaluate_rule, standing_of
from jinzai.learning.models import Curriculum
from jinzai.learning.services import internal
from jinzai.talent.models import Designation, TalentType

from ._helpers import complete, course_with_session, holding, system

TODAY = date.today()


def setup_rule(org, *, mode="all", required_count=None, certs=("ip",), requires_test=False, test_id=None):
    sessions = [course_with_session(org, f"研修{i}", starts_in=-10 - i)[1] for i in range(3)]
    curriculum = internal.curriculum_save(
        actor=system(org),
        name="養成",
        description="",
        mode=mode,
        required_count=required_count,
        courses=[s.course for s in sessions],
    )
    from jinzai.learning.models import Certification

    leader = TalentType.objects.get(organisation=org.org, kind="leader")
    rule = internal.internal_rule_save(
        actor=system(org),
        name="DXリーダー認定",
        description="",
        curriculum=curriculum,
        requires_test=requires_test,
        test_id=test_id,
        talent_type=leader,
        sub_role=None,
        is_active=True,
        certifications=list(Certification.objects.filter(organisation=org.org, key__in=certs)),
    )
    return rule, sessions


def _complete_past(org, key, session):
    from jinzai.learning.models import Enrolment

    e = Enrolment.objects.create(
        organisation=org.org,
        session=session,
        staff=org.staff[key],
        status="confirmed",
        result="completed",
        completed_on=session.ends_on,
    )
    return e


@pytest.mark.django_db
def test_curriculum_all_and_n_of(world):
    rule, sessions = setup_rule(world.own)
    for s in sessions[:2]:
        _complete_past(world.own, "staff", s)
    needed, done = curriculum_progress(rule.curriculum)
    assert needed == 3 and len(done[world.own.staff["staff"].pk]) == 2
    rule.curriculum.mode, rule.curriculum.required_count = Curriculum.Mode.N_OF, 2
    rule.curriculum.save()
    assert curriculum_progress(rule.curriculum)[0] == 2


@pytest.mark.django_db
def test_eligible_close_and_what_is_missing(world):
    rule, sessions = setup_rule(world.own)
    for s in sessions:
        _complete_past(world.own, "staff", s)
        _complete_past(world.own, "hr", s)
    _complete_past(world.own, "other", sessions[0])
    holding(world.own, "staff", "ip", TODAY - timedelta(days=100))
    holding(world.own, "other", "ip", TODAY - timedelta(days=100))
    eligible, close = evaluate_rule(rule, TODAY)
    assert [s.staff_id for s in eligible] == [world.own.staff["staff"].pk]
    by_id = {s.staff_id: s for s in close}
    assert by_id[world.own.staff["hr"].pk].missing == ["資格の保有：ITパスポート"]
    other = by_id[world.own.staff["other"].pk]
    assert other.missing_units == 2 and "研修の修了：研修1、研修2" in other.missing[0]
    assert world.own.staff["manager"].pk not in by_id  # nothing done yet: not "close"


@pytest.mark.django_db
def test_n_of_message(world):
    rule, sessions = setup_rule(world.own, mode="n_of", required_count=2, certs=())
    _complete_past(world.own, "staff", sessions[0])
    s = standing_of(rule, world.own.staff["staff"], TODAY)
    assert s.missing == ["「養成」の研修をあと1つ修了（候補：研修1、研修2）"]


@pytest.mark.django_db
def test_knowledge_test_uses_the_skills_attempts(world):
    from django.apps import apps
    from django.utils import timezone

    knowledge_test = apps.get_model("skills", "KnowledgeTest").objects.create(
        organisation=world.own.org, name="DXリーダー向けアセスメント"
    )
    rule, sessions = setup_rule(world.own, certs=(), requires_test=True, test_id=knowledge_test.pk)
    for s in sessions:
        _complete_past(world.own, "staff", s)
    standing = standing_of(rule, world.own.staff["staff"], TODAY)
    assert standing.missing == ["知識テストの合格"] and standing.missing_units == 1
    apps.get_model("skills", "Attempt").objects.create(
        organisation=world.own.org,
        test=knowledge_test,
        staff=world.own.staff["staff"],
        started_at=timezone.now(),
        passed=True,
    )
    assert standing_of(rule, world.own.staff["staff"], TODAY).eligible


@pytest.mark.django_db
def test_without_a_test_checker_the_requirement_says_so(world):
    rule, sessions = setup_rule(world.own, certs=(), requires_test=True, test_id=1)
    for s in sessions:
        _complete_past(world.own, "staff", s)
    original = hooks.REQUIREMENTS["knowledge_test"]
    hooks.REQUIREMENTS.unregister(original)  # as if the skills app were not installed
    try:
        standing = standing_of(rule, world.own.staff["staff"], TODAY)
        assert standing.missing_units == 1 and "確認できません" in standing.missing[0]
    finally:
        hooks.REQUIREMENTS.register(original)
    with pytest.raises(ValidationError, match="テストを選んでください"):
        internal.internal_rule_save(
            actor=system(world.own),
            rule=rule,
            name="x",
            requires_test=True,
            test_id=None,
            talent_type=rule.talent_type,
            curriculum=rule.curriculum,
        )


@pytest.mark.django_db
def test_confirm_creates_the_designation_and_revoke_keeps_history(world):
    rule, sessions = setup_rule(world.own, certs=())
    dx = world.own.members["dx_office"]
    with pytest.raises(ValidationError, match="まだ要件を満たしていません"):
        internal.internal_cert_confirm(
            actor=dx, rule=rule, staff=world.own.staff["staff"], certified_on=TODAY
        )
    for s in sessions:
        _complete_past(world.own, "staff", s)
    award = internal.internal_cert_confirm(
        actor=dx, rule=rule, staff=world.own.staff["staff"], certified_on=TODAY
    )
    designation = award.designation
    assert (
        designation.source == Designation.Source.CERTIFICATION and designation.talent_type == rule.talent_type
    )
    assert designation.ended_on is None
    assert evaluate_rule(rule, TODAY)[0] == []  # certified people are not listed again
    with pytest.raises(ValidationError, match="すでに"):
        internal.internal_cert_confirm(
            actor=dx, rule=rule, staff=world.own.staff["staff"], certified_on=TODAY
        )
    internal.internal_cert_revoke(actor=dx, award=award, revoked_on=TODAY, reason="要件の見直し")
    award.refresh_from_db()
    designation.refresh_from_db()
    assert award.revoked_on == TODAY and designation.ended_on == TODAY
    again = internal.internal_cert_confirm(
        actor=dx, rule=rule, staff=world.own.staff["staff"], certified_on=TODAY + timedelta(days=1)
    )
    assert again.pk != award.pk and rule.awards.count() == 2


@pytest.mark.django_db
def test_a_rule_needs_a_requirement(world):
    leader = TalentType.objects.get(organisation=world.own.org, kind="leader")
    with pytest.raises(ValidationError, match="少なくとも1つ"):
        internal.internal_rule_save(
            actor=system(world.own),
            name="空",
            description="",
            curriculum=None,
            requires_test=False,
            test_id=None,
            talent_type=leader,
            sub_role=None,
            is_active=True,
        )


@pytest.mark.django_db
def test_complete_helper_path(world):
    _, session = course_with_session(world.own, starts_in=5)
    assert complete(world.own, "hr", session).result == "completed"
