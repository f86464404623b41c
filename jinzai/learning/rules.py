"""The exam-subsidy rule engine: how much a rule pays and why an application is refused.

Pure reads (no writes): `subsidy_amount` and `refusal_reasons` are used by the application service, the
staff member's form (to explain before applying) and the tests of each eligibility path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, Sum

from jinzai.core.dates import fiscal_year_label, fiscal_year_of
from jinzai.people.models import EmploymentType

from .models import StaffCertification, SubsidyApplication, SubsidyRule


def subsidy_amount(rule: SubsidyRule, exam_fee: int) -> int:
    """定額: the amount, never above the fee. 割合: the ratio of the fee (yen rounded down), up to the cap."""
    exam_fee = max(int(exam_fee or 0), 0)
    if rule.kind == SubsidyRule.Kind.FIXED:
        return min(rule.amount or 0, exam_fee)
    value = exam_fee * (rule.ratio_percent or 0) // 100
    return min(value, rule.cap_amount) if rule.cap_amount is not None else value


@dataclass(frozen=True)
class BudgetUse:
    budget: int
    requested: int  # applications not decided yet
    committed: int  # approved, not paid yet
    paid: int

    @property
    def remaining(self) -> int:
        return self.budget - self.requested - self.committed - self.paid


def budget_use(rule: SubsidyRule, *, exclude_pk: int | None = None) -> BudgetUse:
    S = SubsidyApplication.Status
    qs = SubsidyApplication.objects.filter(rule=rule)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    sums = qs.aggregate(
        requested=Sum("amount", filter=Q(status__in=[S.APPLIED, S.MANAGER_OK])),
        committed=Sum("amount", filter=Q(status=S.APPROVED)),
        paid=Sum("paid_amount", filter=Q(status=S.PAID)),
    )
    return BudgetUse(rule.budget, sums["requested"] or 0, sums["committed"] or 0, sums["paid"] or 0)


def _designated_type_ids(staff, on: date) -> set[int]:
    from jinzai.talent.selectors import active_designations

    return set(
        active_designations(staff.organisation, on=on)
        .filter(staff=staff)
        .values_list("talent_type_id", flat=True)
    )


def _status_reasons(rule: SubsidyRule, staff) -> list[str]:
    reasons = []
    if not rule.is_active:
        reasons.append(f"「{rule.certification.name}」の受験料補助は受付を終了しています。")
    if staff.retired_on is not None:
        reasons.append("退職した職員は申請できません。")
    return reasons


def _person_reasons(rule: SubsidyRule, staff, on: date, *, today: date) -> list[str]:
    """What about the person keeps them from this rule, whatever exam date and fee they enter."""
    reasons: list[str] = []
    cert = rule.certification
    if rule.employment_types and staff.employment_type not in rule.employment_types:
        labels = dict(EmploymentType.choices)
        allowed = "・".join(labels.get(e, e) for e in rule.employment_types)
        reasons.append(
            f"この補助の対象は任用形態が{allowed}の職員です（あなたは{labels.get(staff.employment_type, staff.employment_type)}）。"
        )
    wanted = {t.pk: t.name for t in rule.talent_types.all()}
    if wanted and not (_designated_type_ids(staff, on) & set(wanted)):
        reasons.append(f"この補助の対象は「{'」「'.join(wanted.values())}」に指定された職員です。")
    holds = StaffCertification.objects.filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today),
        staff=staff,
        certification=cert,
        status=StaffCertification.Status.VERIFIED,
        valid_from__lte=today,
    ).exists()
    if holds:
        reasons.append(f"「{cert.name}」はすでに取得済みとして登録されています。")
    if SubsidyApplication.objects.filter(
        rule=rule, staff=staff, status__in=[*SubsidyApplication.OPEN, SubsidyApplication.Status.PAID]
    ).exists():
        reasons.append("この補助はすでに申請しています（1年度に1回までです）。")
    return reasons


def standing_reasons(rule: SubsidyRule, staff, *, today: date) -> list[str]:
    """Why this person cannot get the rule at all today, before they type an exam date or a fee (empty:
    they may apply). The staff member's form shows these beside each rule and offers only the others."""
    return _status_reasons(rule, staff) + _person_reasons(rule, staff, today, today=today)


def refusal_reasons(
    rule: SubsidyRule, staff, exam_on: date | None, exam_fee: int | None, *, today: date
) -> list[str]:
    """Every reason the rule refuses this application (empty: eligible)."""
    reasons = _status_reasons(rule, staff)
    if exam_on is None:
        reasons.append("受験日を入力してください。")
    elif fiscal_year_of(exam_on) != rule.fiscal_year:
        reasons.append(f"受験日が補助の対象年度（{fiscal_year_label(rule.fiscal_year)}）の期間外です。")
    if not exam_fee or exam_fee <= 0:
        reasons.append("受験料（円）を入力してください。")
    reasons += _person_reasons(rule, staff, exam_on or today, today=today)
    if exam_fee and exam_fee > 0 and not reasons:
        amount = subsidy_amount(rule, exam_fee)
        remaining = budget_use(rule).remaining
        if amount <= 0:
            reasons.append("この受験料では補助額が0円になります。")
        elif amount > remaining:
            reasons.append(
                f"今年度の予算の残り（{max(remaining, 0):,}円）が補助予定額（{amount:,}円）に足りません。人事担当にご相談ください。"
            )
    return reasons
