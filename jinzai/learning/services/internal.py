"""Writes of curricula and internal certification (庁内認定): rules, confirmation (creates the
designation through talent's `designation_create`) and revocation (history kept; the designation ends)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from jinzai.core.access import ensure_can
from jinzai.core.audit import audit
from jinzai.core.dates import format_date
from jinzai.people.models import Staff
from jinzai.talent.models import Designation
from jinzai.talent.selectors import is_current
from jinzai.talent.services import designation_create, designation_end, overlapping

from ..eligibility import standing_of
from ..models import Curriculum, InternalCertification, InternalCertRule


def _check_curriculum(organisation, name: str, mode: str, required_count, courses) -> None:
    if not (name or "").strip():
        raise ValidationError("カリキュラム名を入力してください。")
    courses = list(courses)
    if not courses:
        raise ValidationError("研修を1つ以上選んでください。")
    if any(c.organisation_id != organisation.pk for c in courses):
        raise ValidationError("研修は同じ団体の一覧から選んでください。")
    if mode == Curriculum.Mode.N_OF and not (required_count and 1 <= required_count <= len(courses)):
        raise ValidationError(f"修了が必要な研修の数は1〜{len(courses)}で入力してください。")


@transaction.atomic
def curriculum_save(
    *,
    actor: Any,
    curriculum: Curriculum | None = None,
    name: str,
    description: str,
    mode: str,
    required_count,
    courses,
) -> Curriculum:
    ensure_can(actor, "learning.internal_cert_manage", curriculum)
    _check_curriculum(actor.organisation, name, mode, required_count, courses)
    if mode == Curriculum.Mode.ALL:
        required_count = None
    action = "curriculum.update" if curriculum else "curriculum.create"
    if curriculum is None:
        curriculum = Curriculum(organisation=actor.organisation)
    curriculum.name, curriculum.description = name.strip(), description
    curriculum.mode, curriculum.required_count = mode, required_count
    curriculum.save()
    curriculum.courses.set(courses)
    audit(actor, action, curriculum, changed=["name", "description", "mode", "required_count", "courses"])
    return curriculum


@transaction.atomic
def internal_rule_save(
    *, actor: Any, rule: InternalCertRule | None = None, certifications=(), **values: Any
) -> InternalCertRule:
    ensure_can(actor, "learning.internal_cert_manage", rule)
    org = actor.organisation
    if not (values.get("name") or "").strip():
        raise ValidationError("認定の名称を入力してください。")
    talent_type, sub_role = values.get("talent_type"), values.get("sub_role")
    if talent_type is None or talent_type.organisation_id != org.pk:
        raise ValidationError("認定したときに指定する人材像を選んでください。")
    if sub_role is not None and sub_role.talent_type_id != talent_type.pk:
        raise ValidationError(f"区分「{sub_role.name}」は人材像「{talent_type.name}」の区分ではありません。")
    certifications = [c for c in certifications if c.organisation_id == org.pk]
    if values.get("requires_test") and not values.get("test_id"):
        raise ValidationError("知識テストの合格を求めるときは、テストを選んでください。")
    if values.get("curriculum") is None and not certifications and not values.get("requires_test"):
        raise ValidationError("カリキュラム・知識テスト・資格のうち、少なくとも1つを要件にしてください。")
    action = "internal_rule.update" if rule else "internal_rule.create"
    if rule is None:
        rule = InternalCertRule(organisation=org)
    for key, value in values.items():
        setattr(rule, key, value)
    rule.save()
    rule.certifications.set(certifications)
    audit(actor, action, rule, changed=sorted(values) + ["certifications"])
    return rule


@transaction.atomic
def internal_cert_confirm(
    *, actor: Any, rule: InternalCertRule, staff: Staff, certified_on: date
) -> InternalCertification:
    """DX推進担当 confirms an eligible person: the award is recorded and the designation created."""
    ensure_can(actor, "learning.internal_cert_manage", rule)
    staff = Staff.objects.select_for_update().get(pk=staff.pk)
    if staff.organisation_id != rule.organisation_id:
        raise ValidationError("職員と認定は同じ団体のものから選んでください。")
    if not rule.is_active:
        raise ValidationError(f"「{rule.name}」は使用をやめています。")
    if InternalCertification.objects.filter(rule=rule, staff=staff, revoked_on__isnull=True).exists():
        raise ValidationError(f"{staff.name}さんはすでに「{rule.name}」に認定されています。")
    standing = standing_of(rule, staff, certified_on)
    if not standing.eligible:
        raise ValidationError(
            f"{staff.name}さんはまだ要件を満たしていません（不足：{' ／ '.join(standing.missing)}）。"
        )
    existing = overlapping(staff.pk, rule.talent_type_id, rule.sub_role_id, certified_on, None).first()
    if existing is not None:
        designation = existing  # already designated: the award refers to the designation in force
    else:
        designation = designation_create(
            actor=actor,
            staff=staff,
            talent_type=rule.talent_type,
            sub_role=rule.sub_role,
            started_on=certified_on,
            source=Designation.Source.CERTIFICATION,
            note=f"{rule.name}による指定",
        )
    award = InternalCertification.objects.create(
        organisation=rule.organisation,
        rule=rule,
        staff=staff,
        certified_on=certified_on,
        designation=designation,
        confirmed_by=actor if getattr(actor, "pk", None) else None,
    )
    audit(actor, "internal_cert.confirm", award, changed=["rule", "staff", "certified_on", "designation"])
    return award


@transaction.atomic
def internal_cert_revoke(
    *, actor: Any, award: InternalCertification, revoked_on: date, reason: str
) -> InternalCertification:
    """Revoke an award (kept as history); a designation the award created ends on the same day."""
    ensure_can(actor, "learning.internal_cert_manage", award)
    award = (
        InternalCertification.objects.select_for_update(of=("self",))
        .select_related("designation")
        .get(pk=award.pk)
    )
    if award.revoked_on is not None:
        raise ValidationError(f"この認定は {format_date(award.revoked_on)} に取り消されています。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("取消の理由を入力してください。")
    if revoked_on is None or revoked_on < award.certified_on:
        raise ValidationError(
            f"取消日は認定日（{format_date(award.certified_on)}）以後の日付にしてください。"
        )
    award.revoked_on, award.revoke_reason = revoked_on, reason[:200]
    award.save(update_fields=["revoked_on", "revoke_reason"])
    designation = award.designation
    if (
        designation is not None
        and designation.source == Designation.Source.CERTIFICATION
        and is_current(designation)
    ):
        designation_end(
            actor=actor,
            designation=designation,
            ended_on=max(revoked_on, designation.started_on),
            reason=f"{award.rule.name}の取消",
        )
    audit(actor, "internal_cert.revoke", award, changed=["revoked_on", "revoke_reason"])
    return award
