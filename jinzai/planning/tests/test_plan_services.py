"""Plan services: create (blank, or with the wizard's levels), edit, approve (read-only), revise, supersede."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jinzai.core.models import AuditEvent
from jinzai.planning.models import DevelopmentPlan, LevelAssessment, Status
from jinzai.planning.services.plans import (
    LevelChoice,
    default_levels,
    plan_approve,
    plan_create,
    plan_revise,
    plan_update,
    task_create,
    task_delete,
)
from jinzai.planning.services.targets import target_create, target_delete, target_update
from jinzai.talent.models import TalentType

from ._plans import general, leader

pytestmark = pytest.mark.django_db


def _draft(world):
    dx = world.own.members["dx_office"]
    types = {t.pk: t for t in TalentType.objects.filter(organisation=world.own.org)}
    levels = [LevelChoice(types[pk], cur, tgt) for pk, (cur, tgt) in default_levels(world.own.org).items()]
    p = plan_create(actor=dx, start_fy=2026, years=3, title="育成計画", levels=levels)
    target_create(
        actor=dx,
        plan=p,
        label="リーダー10名",
        purpose="placement",
        metric="headcount",
        talent_type=leader(world.own),
        target_value=10,
        milestones={"2026": 3},
    )
    task_create(
        actor=dx, plan=p, fiscal_year=2026, talent_type=leader(world.own), kind="develop", title="研修"
    )
    return dx, p


def test_a_blank_plan_starts_blank_and_defaults_follow_the_latest_assessment(world):
    own = world.own
    LevelAssessment.objects.create(
        organisation=own.org,
        talent_type=general(own),
        fiscal_year=2025,
        level=2,
        assessed_on=date(2025, 9, 1),
    )
    p = plan_create(actor=own.members["dx_office"], start_fy=2026, years=4)
    assert (p.start_fy, p.end_fy, p.version, p.status) == (2026, 2029, 1, Status.DRAFT)
    assert not p.levels.exists()  # 「白紙から作る」 fills nothing in
    kinds = {t.pk: t.kind for t in TalentType.objects.filter(organisation=own.org)}
    defaults = {kinds[pk]: levels for pk, levels in default_levels(own.org).items()}
    assert defaults == {"expert": (1, 2), "leader": (1, 2), "general": (2, 3)}
    assert AuditEvent.objects.filter(action="plan.create", object_id=str(p.pk)).exists()


def test_create_checks_period_and_permission(world):
    with pytest.raises(ValidationError) as exc:
        plan_create(actor=world.own.members["dx_office"], start_fy=2026, years=6)
    assert "3〜5年" in exc.value.messages[0]
    with pytest.raises(PermissionDenied):
        plan_create(actor=world.own.members["executive"], start_fy=2026, years=3)


def test_update_refuses_a_period_that_leaves_tasks_outside(world):
    dx, p = _draft(world)
    lead = leader(world.own)
    with pytest.raises(ValidationError) as exc:
        plan_update(actor=dx, plan=p, title="育成計画", start_fy=2027, years=3, summary="", levels=[])
    assert "工程が1件" in exc.value.messages[0]
    p = plan_update(
        actor=dx,
        plan=p,
        title="新しい名前",
        start_fy=2026,
        years=5,
        summary="概要",
        levels=[LevelChoice(lead, 1, 3, "リーダーのほとんどが業務を改善できる")],
    )
    assert (p.title, p.end_fy) == ("新しい名前", 2030)
    assert [(lv.talent_type_id, lv.target_level) for lv in p.levels.all()] == [(lead.pk, 3)]
    with pytest.raises(ValidationError):
        plan_update(
            actor=dx, plan=p, title="x", start_fy=2026, years=3, summary="", levels=[LevelChoice(lead, 3, 2)]
        )


def test_approved_plan_is_read_only(world):
    dx, p = _draft(world)
    with pytest.raises(ValidationError):
        plan_approve(actor=dx, plan=p, approver_name="", approved_on=date(2026, 4, 1))
    plan_approve(actor=dx, plan=p, approver_name="市長　見本太郎", approved_on=date(2026, 4, 1))
    p.refresh_from_db()
    assert (p.status, p.approver_name, p.approved_by) == (Status.APPROVED, "市長　見本太郎", dx)
    t = p.targets.get()
    for call in (
        lambda: plan_update(actor=dx, plan=p, title="x", start_fy=2026, years=3, summary="", levels=[]),
        lambda: target_create(
            actor=dx,
            plan=p,
            label="x",
            purpose="placement",
            metric="headcount",
            talent_type=leader(world.own),
            target_value=1,
        ),
        lambda: target_update(
            actor=dx,
            target=t,
            label="x",
            purpose="placement",
            metric="headcount",
            talent_type=leader(world.own),
            target_value=1,
        ),
        lambda: target_delete(actor=dx, target=t),
        lambda: task_delete(actor=dx, task=p.tasks.get()),
        lambda: plan_approve(actor=dx, plan=p, approver_name="x", approved_on=date(2026, 4, 2)),
    ):
        with pytest.raises(ValidationError) as exc:
            call()
        assert "承認済み" in exc.value.messages[0]


def test_revise_copies_and_approving_the_revision_supersedes(world):
    dx, p = _draft(world)
    with pytest.raises(ValidationError):
        plan_revise(actor=dx, plan=p)  # drafts are edited, not revised
    plan_approve(actor=dx, plan=p, approver_name="市長", approved_on=date(2026, 4, 1))
    draft = plan_revise(actor=dx, plan=p)
    assert (draft.version, draft.based_on_id, draft.status) == (2, p.pk, Status.DRAFT)
    assert draft.levels.count() == p.levels.count() == 3
    copied = draft.targets.get()
    assert (copied.label, copied.milestones, copied.target_value) == ("リーダー10名", {"2026": 3}, 10)
    assert list(draft.tasks.values_list("title", flat=True)) == ["研修"]
    with pytest.raises(ValidationError) as exc:
        plan_revise(actor=dx, plan=p)
    assert "第2版" in exc.value.messages[0]
    p.refresh_from_db()
    assert p.status == Status.APPROVED  # still valid until the revision is approved
    plan_approve(actor=dx, plan=draft, approver_name="市長", approved_on=date(2026, 6, 1))
    assert DevelopmentPlan.objects.get(pk=p.pk).status == Status.SUPERSEDED
    assert AuditEvent.objects.filter(action="plan.supersede", object_id=str(p.pk)).exists()


def test_other_organisations_objects_are_refused(world):
    dx, p = _draft(world)
    foreign_dx = world.foreign.members["dx_office"]
    with pytest.raises(PermissionDenied):
        target_delete(actor=foreign_dx, target=p.targets.get())
    with pytest.raises(ValidationError):
        task_create(
            actor=dx, plan=p, fiscal_year=2026, talent_type=leader(world.foreign), kind="develop", title="x"
        )
