"""Writes to the basic policy (基本方針): drafts, edits, approval and revision.

A version is a draft until it is approved; an approved version is read-only. A revision is a new
draft that copies an approved version (`based_on`); when that draft is approved, the version it
replaces becomes 改定済（旧版）. At most one draft exists at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from jinzai.core.access import ensure_can
from jinzai.core.audit import audit
from jinzai.core.models import Membership
from jinzai.core.services import today
from jinzai.talent.models import TalentType
from jinzai.talent.selectors import types_of

from ..models import PolicyTypeSection, PolicyVersion, Status

HINT_MARK = "【記入のヒント】"


@dataclass(frozen=True)
class Point:
    field: str
    mark: str
    heading: str
    hint: str

    @property
    def label(self) -> str:
        return f"{self.mark} {self.heading}"


POINTS: tuple[Point, ...] = (
    Point(
        "talent_text",
        "①",
        "人材像",
        HINT_MARK + "この団体で育てる人、外から迎える人の姿を書きます。"
        "たとえば「外部の専門家として助言する高度専門人材」「業務とデジタルの両方に通じ、"
        "課の改善をまとめるDX推進リーダー」「道具を使いこなすすべての職員」のように、"
        "人材像ごとに期待する役割を一、二文で示します。",
    ),
    Point(
        "targets_text",
        "②",
        "人材のレベルごとの数値目標",
        HINT_MARK + "人材像ごとに、どの段階の人を何名（または職員の何割）そろえるかを書きます。"
        "たとえば「DX推進リーダーを3年間で30名指定し、すべての課に1名以上置く」のように、"
        "数と配置先がわかる書き方にします。数値は育成計画の目標とそろえます。",
    ),
    Point(
        "development_text",
        "③",
        "育成・確保の方針",
        HINT_MARK + "全体の考え方を書きます。たとえば「庁内での育成を基本とし、"
        "高い専門性が要る分野は外部人材の活用を組み合わせる」などです。"
        "人材像ごとの方針（育成か確保か、短期と中長期の取組）は下の欄に書きます。",
    ),
    Point(
        "structure_text",
        "④",
        "実施体制",
        HINT_MARK + "誰が責任を持ち、どの組織で進めるかを書きます。"
        "たとえば「首長をトップとする推進本部を置き、人事担当課とDX推進担当課が共同で事務局を務める」"
        "などです。本部・委員会・作業部会と構成員は「推進体制」の画面で登録すると、この項目に一覧で載ります。",
    ),
    Point(
        "prefecture_text",
        "⑤",
        "都道府県の支援の活用",
        HINT_MARK + "都道府県が用意している支援のうち、使うものを書きます。"
        "たとえば共同で開く研修、専門人材の派遣、相談の窓口などです。"
        "相談するときは、困っている業務とその事情も伝えると話が早く進みます。",
    ),
    Point(
        "career_text",
        "⑥",
        "キャリアパス",
        HINT_MARK + "デジタルの経験が、その後の配置や昇任で生きる道筋を書きます。"
        "たとえば「DX推進担当課と業務担当課を計画的に行き来させ、経験を人事評価でも考慮する」などです。"
        "仕事が一人に集まらない工夫も書いておきます。",
    ),
)
POINT_FIELDS = tuple(p.field for p in POINTS)
TEXT_FIELDS = ("title", *POINT_FIELDS)
SECTION_FIELDS = ("approach", "short_term", "long_term")

DEFAULT_APPROACH = {
    TalentType.Kind.EXPERT: PolicyTypeSection.Approach.BOTH,
    TalentType.Kind.LEADER: PolicyTypeSection.Approach.DEVELOP,
    TalentType.Kind.GENERAL: PolicyTypeSection.Approach.DEVELOP,
}

READ_ONLY_MESSAGE = (
    "承認済みの基本方針は変更できません。内容を変えるときは、詳細画面の"
    "「この版をもとに改定する」から新しい版の下書きを作ってください。"
)


def _membership(actor: Any) -> Membership | None:
    return actor if isinstance(actor, Membership) else None


def _lock(policy: PolicyVersion) -> None:
    """Lock the row and reload the caller's instance, so its status is the stored one."""
    list(PolicyVersion.objects.select_for_update().filter(pk=policy.pk).values_list("pk", flat=True))
    policy.refresh_from_db()


def _active_types(organisation):
    return types_of(organisation).filter(is_active=True)


def _existing_draft_error(draft: PolicyVersion) -> ValidationError:
    return ValidationError(
        f"作成中の下書き（第{draft.version}版）があります。新しい版を作る前に、その下書きを編集・承認してください。"
    )


def _new_version(*, actor: Any, organisation, source: PolicyVersion | None) -> PolicyVersion:
    draft = PolicyVersion.objects.filter(organisation=organisation, status=Status.DRAFT).first()
    if draft is not None:
        raise _existing_draft_error(draft)
    number = (
        PolicyVersion.objects.filter(organisation=organisation).aggregate(m=Max("version"))["m"] or 0
    ) + 1
    values = {name: getattr(source, name) for name in TEXT_FIELDS} if source else {}
    if source is None:
        values.update({p.field: p.hint for p in POINTS})
    policy = PolicyVersion.objects.create(
        organisation=organisation,
        version=number,
        status=Status.DRAFT,
        based_on=source,
        created_by=_membership(actor),
        **values,
    )
    copied: set[int] = set()
    if source is not None:
        for section in source.sections.all():
            PolicyTypeSection.objects.create(
                policy=policy,
                organisation=organisation,
                talent_type_id=section.talent_type_id,
                **{f: getattr(section, f) for f in SECTION_FIELDS},
            )
            copied.add(section.talent_type_id)
    for talent_type in _active_types(organisation):
        if talent_type.pk not in copied:
            PolicyTypeSection.objects.create(
                policy=policy,
                organisation=organisation,
                talent_type=talent_type,
                approach=DEFAULT_APPROACH.get(talent_type.kind, PolicyTypeSection.Approach.DEVELOP),
            )
    return policy


@transaction.atomic
def policy_create_draft(*, actor: Any) -> PolicyVersion:
    """A new draft: a copy of the approved version if there is one, else version 1 with writing hints."""
    ensure_can(actor, "planning.policy_edit")
    organisation = actor.organisation
    source = PolicyVersion.objects.filter(organisation=organisation, status=Status.APPROVED).first()
    policy = _new_version(actor=actor, organisation=organisation, source=source)
    audit(
        actor,
        "policy.create",
        policy,
        changed=["version", *TEXT_FIELDS],
        detail={"based_on": source and source.pk},
    )
    return policy


@transaction.atomic
def policy_revise(*, actor: Any, policy: PolicyVersion) -> PolicyVersion:
    """Start a revision of an approved version. The approved version stays in force until the new one is approved."""
    ensure_can(actor, "planning.policy_edit", policy)
    if policy.status != Status.APPROVED:
        raise ValidationError("改定の元にできるのは、承認済みで現在有効な版だけです。")
    new = _new_version(actor=actor, organisation=policy.organisation, source=policy)
    audit(actor, "policy.revise", new, changed=["version", *TEXT_FIELDS], detail={"based_on": policy.pk})
    return new


@transaction.atomic
def policy_update(
    *,
    actor: Any,
    policy: PolicyVersion,
    values: dict[str, str],
    sections: dict[int, dict[str, str]] | None = None,
) -> PolicyVersion:
    """Save the text of a draft: the title, the six points and, for ③, the per-type fields."""
    ensure_can(actor, "planning.policy_edit", policy)
    _lock(policy)
    if not policy.is_editable:
        raise ValidationError(READ_ONLY_MESSAGE)
    changed = []
    for name in TEXT_FIELDS:
        if name in values:
            value = (values[name] or "").strip()
            if name == "title" and not value:
                raise ValidationError("表題を入力してください。")
            if getattr(policy, name) != value:
                setattr(policy, name, value)
                changed.append(name)
    approaches = set(PolicyTypeSection.Approach.values)
    for type_id, data in (sections or {}).items():
        talent_type = TalentType.objects.filter(organisation=policy.organisation, pk=type_id).first()
        if talent_type is None:
            raise ValidationError("人材像は同じ団体のものを選んでください。")
        section, _ = PolicyTypeSection.objects.get_or_create(
            policy=policy,
            talent_type=talent_type,
            defaults={
                "organisation": policy.organisation,
                "approach": DEFAULT_APPROACH.get(talent_type.kind, PolicyTypeSection.Approach.DEVELOP),
            },
        )
        section_changed = []
        for name in SECTION_FIELDS:
            if name not in data:
                continue
            value = (data[name] or "").strip()
            if name == "approach" and value not in approaches:
                raise ValidationError(f"「{talent_type.name}」の育成か確保かを選んでください。")
            if getattr(section, name) != value:
                setattr(section, name, value)
                section_changed.append(name)
        if section_changed:
            section.save(update_fields=section_changed)
            changed.extend(f"sections.{talent_type.pk}.{n}" for n in section_changed)
    if changed:
        policy.save()
        audit(actor, "policy.update", policy, changed=changed)
    return policy


def unfinished_points(policy: PolicyVersion) -> list[str]:
    """Labels of points that are empty or still hold the writing hint."""
    missing = []
    for point in POINTS:
        text = getattr(policy, point.field)
        if not text.strip() or HINT_MARK in text:
            missing.append(point.label)
    return missing


@transaction.atomic
def policy_approve(
    *, actor: Any, policy: PolicyVersion, approver_name: str, approved_on: date | None
) -> PolicyVersion:
    """Approve a draft. The version approved before it (if any) becomes 改定済（旧版）."""
    ensure_can(actor, "planning.policy_approve", policy)
    _lock(policy)
    if policy.status != Status.DRAFT:
        raise ValidationError("承認できるのは下書きの版だけです。")
    errors = []
    approver_name = (approver_name or "").strip()
    if not approver_name:
        errors.append("承認者の氏名（または職名）を入力してください。")
    if approved_on is None:
        errors.append("承認日を入力してください。")
    elif approved_on > today():
        errors.append("承認日に未来の日付は入れられません。")
    missing = unfinished_points(policy)
    if missing:
        errors.append(
            "まだ書き終えていない項目があります（" + "、".join(missing) + "）。"
            "空欄や「記入のヒント」が残っている項目を書き直してから承認してください。"
        )
    if errors:
        raise ValidationError(errors)
    previous = list(
        PolicyVersion.objects.select_for_update().filter(
            organisation=policy.organisation, status=Status.APPROVED
        )
    )
    for old in previous:
        old.status = Status.SUPERSEDED
        old.save(update_fields=["status", "updated_at"])
        audit(actor, "policy.supersede", old, changed=["status"], detail={"superseded_by": policy.pk})
    policy.status = Status.APPROVED
    policy.approver_name = approver_name
    policy.approved_on = approved_on
    policy.approved_by = _membership(actor)
    policy.save(update_fields=["status", "approver_name", "approved_on", "approved_by", "updated_at"])
    audit(actor, "policy.approve", policy, changed=["status", "approver_name", "approved_on", "approved_by"])
    return policy
