"""Basic policy versions: drafts with hints, read-only approved versions, revision and supersession."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jinzai.core.models import AuditEvent
from jinzai.core.services import today
from jinzai.planning.models import PolicyTypeSection, PolicyVersion, Status
from jinzai.planning.services.policy import (
    HINT_MARK,
    POINT_FIELDS,
    policy_approve,
    policy_create_draft,
    policy_revise,
    policy_update,
)
from jinzai.talent.models import TalentType

FILLED = {
    "talent_text": "人材像の本文です。",
    "targets_text": "数値目標の本文です。",
    "development_text": "育成と確保の考え方です。",
    "structure_text": "体制の本文です。",
    "prefecture_text": "県の研修を活用します。",
    "career_text": "キャリアの道筋です。",
}


def _leader(org):
    return TalentType.objects.get(organisation=org.org, kind="leader")


def _approved(world, **extra):
    dx = world.own.members["dx_office"]
    policy = policy_create_draft(actor=dx)
    policy_update(actor=dx, policy=policy, values={**FILLED, **extra})
    return policy_approve(
        actor=dx, policy=policy, approver_name="市長 見本太郎", approved_on=date(2026, 4, 1)
    )


@pytest.mark.django_db
def test_first_draft_has_hints_and_a_section_per_active_type(world):
    dx = world.own.members["dx_office"]
    policy = policy_create_draft(actor=dx)
    assert (policy.version, policy.status, policy.based_on) == (1, Status.DRAFT, None)
    assert all(getattr(policy, f).startswith(HINT_MARK) for f in POINT_FIELDS)
    types = list(
        TalentType.objects.filter(organisation=world.own.org, is_active=True).values_list("pk", flat=True)
    )
    assert sorted(policy.sections.values_list("talent_type_id", flat=True)) == sorted(types)
    expert = policy.sections.get(talent_type__kind="expert")
    assert expert.approach == PolicyTypeSection.Approach.BOTH
    assert AuditEvent.objects.filter(action="policy.create", object_id=str(policy.pk)).exists()
    with pytest.raises(ValidationError, match="作成中の下書き（第1版）"):
        policy_create_draft(actor=dx)


@pytest.mark.django_db
def test_update_saves_points_and_type_sections(world):
    dx = world.own.members["dx_office"]
    policy = policy_create_draft(actor=dx)
    leader = _leader(world.own)
    policy_update(
        actor=dx,
        policy=policy,
        values={"talent_text": " 業務とデジタルをつなぐ人 "},
        sections={
            leader.pk: {"approach": "both", "short_term": "研修を始める", "long_term": "後輩を指導する"}
        },
    )
    policy.refresh_from_db()
    assert policy.talent_text == "業務とデジタルをつなぐ人"
    section = policy.sections.get(talent_type=leader)
    assert (section.approach, section.short_term, section.long_term) == (
        "both",
        "研修を始める",
        "後輩を指導する",
    )
    event = AuditEvent.objects.get(action="policy.update")
    assert "talent_text" in event.changed and f"sections.{leader.pk}.short_term" in event.changed
    with pytest.raises(ValidationError, match="育成か確保か"):
        policy_update(actor=dx, policy=policy, values={}, sections={leader.pk: {"approach": "nonsense"}})
    with pytest.raises(ValidationError, match="同じ団体"):
        policy_update(
            actor=dx, policy=policy, values={}, sections={_leader(world.foreign).pk: {"approach": "both"}}
        )


@pytest.mark.django_db
def test_approval_needs_every_point_written(world):
    dx = world.own.members["dx_office"]
    policy = policy_create_draft(actor=dx)
    with pytest.raises(ValidationError) as exc:
        policy_approve(actor=dx, policy=policy, approver_name="", approved_on=None)
    text = " ".join(exc.value.messages)
    assert "承認者" in text and "承認日" in text and "① 人材像" in text
    policy_update(actor=dx, policy=policy, values={**FILLED, "career_text": ""})
    with pytest.raises(ValidationError, match="⑥ キャリアパス"):
        policy_approve(actor=dx, policy=policy, approver_name="市長", approved_on=today())
    policy.refresh_from_db()
    assert policy.status == Status.DRAFT


@pytest.mark.django_db
def test_approved_version_is_read_only(world):
    policy = _approved(world)
    dx = world.own.members["dx_office"]
    assert (policy.status, policy.approver_name, policy.approved_by) == (Status.APPROVED, "市長 見本太郎", dx)
    with pytest.raises(ValidationError, match="承認済みの基本方針は変更できません"):
        policy_update(actor=dx, policy=policy, values={"talent_text": "書き換え"})
    with pytest.raises(ValidationError, match="下書きの版だけ"):
        policy_approve(actor=dx, policy=policy, approver_name="市長", approved_on=today())
    policy.refresh_from_db()
    assert policy.talent_text == FILLED["talent_text"]


@pytest.mark.django_db
def test_revise_copies_and_supersedes_only_on_approval(world):
    dx = world.own.members["dx_office"]
    leader = _leader(world.own)
    first = policy_create_draft(actor=dx)
    policy_update(
        actor=dx,
        policy=first,
        values=FILLED,
        sections={leader.pk: {"approach": "hire", "short_term": "外部から招く"}},
    )
    policy_approve(actor=dx, policy=first, approver_name="市長", approved_on=date(2026, 4, 1))
    second = policy_revise(actor=dx, policy=first)
    assert (second.version, second.status, second.based_on_id) == (2, Status.DRAFT, first.pk)
    assert all(getattr(second, f) == FILLED[f] for f in POINT_FIELDS)
    copied = second.sections.get(talent_type=leader)
    assert (copied.approach, copied.short_term) == ("hire", "外部から招く")
    first.refresh_from_db()
    assert first.status == Status.APPROVED  # still in force while the revision is a draft
    with pytest.raises(ValidationError, match="作成中の下書き"):
        policy_revise(actor=dx, policy=first)
    policy_update(actor=dx, policy=second, values={"talent_text": "改定後の人材像"})
    policy_approve(actor=dx, policy=second, approver_name="市長", approved_on=today())
    first.refresh_from_db()
    assert first.status == Status.SUPERSEDED
    assert first.talent_text == FILLED["talent_text"]
    assert list(PolicyVersion.objects.filter(status=Status.APPROVED).values_list("pk", flat=True)) == [
        second.pk
    ]
    with pytest.raises(ValidationError, match="承認済みで現在有効な版"):
        policy_revise(actor=dx, policy=first)
    assert AuditEvent.objects.filter(action="policy.supersede", object_id=str(first.pk)).exists()


@pytest.mark.django_db
def test_create_draft_after_approval_copies_the_approved_version(world):
    approved = _approved(world)
    draft = policy_create_draft(actor=world.own.members["dx_office"])
    assert draft.based_on_id == approved.pk
    assert draft.talent_text == FILLED["talent_text"]


@pytest.mark.django_db
def test_readers_and_other_orgs_cannot_write(world):
    policy = policy_create_draft(actor=world.own.members["dx_office"])
    for role in ("executive", "hr"):
        with pytest.raises(PermissionDenied):
            policy_update(actor=world.own.members[role], policy=policy, values={"talent_text": "x"})
        with pytest.raises(PermissionDenied):
            policy_approve(
                actor=world.own.members[role], policy=policy, approver_name="x", approved_on=today()
            )
    with pytest.raises(PermissionDenied):
        policy_update(actor=world.foreign.members["dx_office"], policy=policy, values={"talent_text": "x"})
    with pytest.raises(PermissionDenied):
        policy_create_draft(actor=world.own.members["executive"])
