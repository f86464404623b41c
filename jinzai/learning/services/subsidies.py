"""Writes of exam subsidies: rules (hr/dx_office), applications (staff), approvals (manager → hr), payment."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from jinzai.core.access import SystemActor, ensure_can
from jinzai.core.audit import audit
from jinzai.core.roles import Role
from jinzai.core.selectors import manager_scope_ids
from jinzai.people.models import EmploymentType, Staff

from ..models import SubsidyApplication, SubsidyRule
from ..rules import budget_use, refusal_reasons, subsidy_amount

RULE_FIELDS = (
    "certification",
    "fiscal_year",
    "kind",
    "amount",
    "ratio_percent",
    "cap_amount",
    "employment_types",
    "pass_required",
    "budget",
    "is_active",
    "note",
)


def _check_rule(organisation, values: dict, exclude_pk: int | None = None) -> None:
    cert = values.get("certification")
    if cert is None or cert.organisation_id != organisation.pk:
        raise ValidationError("資格を一覧から選んでください。")
    if values.get("kind") == SubsidyRule.Kind.FIXED and not values.get("amount"):
        raise ValidationError("定額の補助では補助額（円）を入力してください。")
    if values.get("kind") == SubsidyRule.Kind.RATIO and not 1 <= (values.get("ratio_percent") or 0) <= 100:
        raise ValidationError("割合の補助では補助率を1〜100（%）で入力してください。")
    if any(e not in EmploymentType.values for e in values.get("employment_types") or []):
        raise ValidationError("任用形態は一覧から選んでください。")
    clash = SubsidyRule.objects.filter(
        organisation=organisation, certification=cert, fiscal_year=values.get("fiscal_year")
    )
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(f"「{cert.name}」の{values.get('fiscal_year')}年度の補助はすでにあります。")


@transaction.atomic
def subsidy_rule_create(*, actor: Any, talent_types=(), **values: Any) -> SubsidyRule:
    ensure_can(actor, "learning.subsidy_manage")
    _check_rule(actor.organisation, values)
    rule = SubsidyRule.objects.create(organisation=actor.organisation, **values)
    rule.talent_types.set([t for t in talent_types if t.organisation_id == actor.organisation.pk])
    audit(actor, "subsidy_rule.create", rule, changed=sorted(values) + ["talent_types"])
    return rule


@transaction.atomic
def subsidy_rule_update(*, actor: Any, rule: SubsidyRule, talent_types=None, **values: Any) -> SubsidyRule:
    ensure_can(actor, "learning.subsidy_manage", rule)
    merged = {k: getattr(rule, k) for k in RULE_FIELDS} | values
    _check_rule(rule.organisation, merged, exclude_pk=rule.pk)
    changed = [k for k, v in values.items() if getattr(rule, k) != v]
    for key in changed:
        setattr(rule, key, values[key])
    if changed:
        rule.save(update_fields=changed)
    if talent_types is not None:
        new = {t.pk for t in talent_types if t.organisation_id == rule.organisation_id}
        if new != set(rule.talent_types.values_list("pk", flat=True)):
            rule.talent_types.set(new)
            changed.append("talent_types")
    if changed:
        audit(actor, "subsidy_rule.update", rule, changed=changed)
    return rule


@transaction.atomic
def subsidy_apply(
    *,
    actor: Any,
    rule: SubsidyRule,
    staff: Staff,
    exam_on: date | None,
    exam_fee: int | None,
    today: date | None = None,
) -> SubsidyApplication:
    """The rule engine decides: an ineligible application is refused with every reason."""
    from jinzai.core.services import today as get_today

    ensure_can(actor, "learning.self_service", staff)
    if not isinstance(actor, SystemActor) and actor.staff_id != staff.pk:
        raise PermissionDenied("learning.self_service")
    if rule.organisation_id != staff.organisation_id:
        raise ValidationError("補助は同じ団体の一覧から選んでください。")
    rule = SubsidyRule.objects.select_for_update().get(pk=rule.pk)  # one budget check at a time
    reasons = refusal_reasons(rule, staff, exam_on, exam_fee, today=today or get_today())
    if reasons:
        raise ValidationError(reasons)
    app = SubsidyApplication.objects.create(
        organisation=staff.organisation,
        rule=rule,
        staff=staff,
        exam_on=exam_on,
        exam_fee=exam_fee,
        amount=subsidy_amount(rule, exam_fee),
    )
    audit(actor, "subsidy.apply", app, changed=["rule", "exam_on", "exam_fee", "amount"])
    return app


def _lock(app: SubsidyApplication) -> SubsidyApplication:
    return (
        SubsidyApplication.objects.select_for_update(of=("self",))
        .select_related("rule", "staff")
        .get(pk=app.pk)
    )


def _in_manager_scope(actor: Any, app: SubsidyApplication) -> bool:
    return app.staff.current_unit_id in manager_scope_ids(actor)


@transaction.atomic
def subsidy_approve(*, actor: Any, application: SubsidyApplication) -> SubsidyApplication:
    """所属長: 申請中 → 所属長確認済. 人事: 申請中／所属長確認済 → 承認済 (the budget is committed)."""
    ensure_can(actor, "learning.subsidy_approve", application)
    app = _lock(application)
    S = SubsidyApplication.Status
    role = getattr(actor, "role", "system")
    if role == Role.MANAGER:
        if not _in_manager_scope(actor, app):
            raise PermissionDenied("learning.subsidy_approve")
        if app.status != S.APPLIED:
            raise ValidationError("この申請は所属長の確認待ちではありません。")
        app.status, app.manager_by = S.MANAGER_OK, actor
        app.save(update_fields=["status", "manager_by"])
        audit(actor, "subsidy.manager_ok", app, changed=["status"])
        return app
    if app.status not in (S.APPLIED, S.MANAGER_OK):
        raise ValidationError("この申請は承認できる状態ではありません。")
    SubsidyRule.objects.select_for_update().get(pk=app.rule_id)
    remaining = budget_use(app.rule, exclude_pk=app.pk).remaining
    if app.amount > remaining:
        raise ValidationError(
            f"予算の残り（{max(remaining, 0):,}円）が補助予定額（{app.amount:,}円）に足りないため承認できません。"
        )
    app.status = S.APPROVED
    app.approved_by = actor if getattr(actor, "pk", None) else None
    app.save(update_fields=["status", "approved_by"])
    audit(actor, "subsidy.approve", app, changed=["status"])
    return app


@transaction.atomic
def subsidy_reject(*, actor: Any, application: SubsidyApplication, reason: str) -> SubsidyApplication:
    ensure_can(actor, "learning.subsidy_approve", application)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("却下の理由を入力してください（本人に表示されます）。")
    app = _lock(application)
    if getattr(actor, "role", "") == Role.MANAGER and not _in_manager_scope(actor, app):
        raise PermissionDenied("learning.subsidy_approve")
    if app.status not in SubsidyApplication.OPEN:
        raise ValidationError("この申請は却下できる状態ではありません。")
    app.status, app.reason = SubsidyApplication.Status.REJECTED, reason[:300]
    app.save(update_fields=["status", "reason"])
    audit(actor, "subsidy.reject", app, changed=["status", "reason"])
    return app


@transaction.atomic
def subsidy_pay(
    *, actor: Any, application: SubsidyApplication, passed: bool, paid_amount: int | None, paid_on: date
) -> SubsidyApplication:
    """Record the payment; a rule that requires a pass refuses to pay without one."""
    ensure_can(actor, "learning.subsidy_manage", application)
    app = _lock(application)
    if app.status != SubsidyApplication.Status.APPROVED:
        raise ValidationError("承認済の申請だけ支給を記録できます。")
    if app.rule.pass_required and not passed:
        raise ValidationError("この補助は合格した場合だけ支給します。合格を確かめてから記録してください。")
    amount = app.amount if paid_amount is None else int(paid_amount)
    if not 0 < amount <= app.amount:
        raise ValidationError(f"支給額は1円以上、補助予定額（{app.amount:,}円）以下にしてください。")
    if paid_on is None:
        raise ValidationError("支給日を入力してください。")
    app.status, app.passed, app.paid_amount, app.paid_on = (
        SubsidyApplication.Status.PAID,
        passed,
        amount,
        paid_on,
    )
    app.save(update_fields=["status", "passed", "paid_amount", "paid_on"])
    audit(actor, "subsidy.pay", app, changed=["status", "passed", "paid_amount", "paid_on"])
    return app


@transaction.atomic
def subsidy_withdraw(*, actor: Any, application: SubsidyApplication) -> SubsidyApplication:
    ensure_can(actor, "learning.self_service", application)
    app = _lock(application)
    if not isinstance(actor, SystemActor) and actor.staff_id != app.staff_id:
        raise PermissionDenied("learning.self_service")
    if app.status not in (SubsidyApplication.Status.APPLIED, SubsidyApplication.Status.MANAGER_OK):
        raise ValidationError("承認済または終了した申請は取り下げられません。人事担当にご相談ください。")
    app.status = SubsidyApplication.Status.WITHDRAWN
    app.save(update_fields=["status"])
    audit(actor, "subsidy.withdraw", app, changed=["status"])
    return app
