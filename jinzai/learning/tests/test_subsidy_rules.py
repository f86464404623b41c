"""The exam-subsidy rule engine: amounts, each refusal path, approvals and payment."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jinzai.core.dates import fiscal_year_of
from jinzai.learning.models import SubsidyApplication, SubsidyRule
from jinzai.learning.rules import budget_use, refusal_reasons, subsidy_amount
from jinzai.learning.services import subsidies
from jinzai.talent.models import TalentType
from jinzai.talent.services import designation_create

from ._helpers import cert, holding, system

TODAY = date.today()
FY = fiscal_year_of(TODAY)


def rule(org, key="ip", **values):
    defaults = {"fiscal_year": FY, "kind": "fixed", "amount": 7500, "budget": 100_000}
    return subsidies.subsidy_rule_create(
        actor=system(org), certification=cert(org, key), **(defaults | values)
    )


def test_amounts():
    fixed = SubsidyRule(kind="fixed", amount=7500)
    assert subsidy_amount(fixed, 7500) == 7500 and subsidy_amount(fixed, 5000) == 5000
    ratio = SubsidyRule(kind="ratio", ratio_percent=50, cap_amount=3000)
    assert subsidy_amount(ratio, 5001) == 2500 and subsidy_amount(ratio, 9000) == 3000
    assert subsidy_amount(SubsidyRule(kind="ratio", ratio_percent=30), 7500) == 2250


@pytest.mark.django_db
def test_eligible_application_is_accepted(world):
    r = rule(world.own)
    app = subsidies.subsidy_apply(
        actor=world.own.members["staff"], rule=r, staff=world.own.staff["staff"], exam_on=TODAY, exam_fee=7500
    )
    assert app.amount == 7500 and app.status == "applied"
    assert budget_use(r).requested == 7500


@pytest.mark.django_db
def test_each_refusal_has_its_reason(world):
    staff = world.own.staff["staff"]
    r = rule(world.own, employment_types=["fixed_term"], budget=5000)
    leader = TalentType.objects.get(organisation=world.own.org, kind="leader")
    r.talent_types.set([leader])
    reasons = refusal_reasons(r, staff, TODAY - timedelta(days=400), 7500, today=TODAY)
    assert any("対象年度" in x for x in reasons)
    assert any("任用形態が任期付" in x for x in reasons)
    assert any("DX推進リーダー" in x for x in reasons)
    # meet type and employment: the budget is now the only problem
    staff.employment_type = "fixed_term"
    staff.save()
    designation_create(
        actor=system(world.own), staff=staff, talent_type=leader, started_on=TODAY - timedelta(days=10)
    )
    assert refusal_reasons(r, staff, TODAY, 7500, today=TODAY) == [
        "今年度の予算の残り（5,000円）が補助予定額（7,500円）に足りません。人事担当にご相談ください。"
    ]
    with pytest.raises(ValidationError):
        subsidies.subsidy_apply(actor=system(world.own), rule=r, staff=staff, exam_on=TODAY, exam_fee=7500)


@pytest.mark.django_db
def test_refused_when_inactive_already_held_or_applied(world):
    staff = world.own.staff["staff"]
    r = rule(world.own)
    holding(world.own, "staff", "ip", TODAY - timedelta(days=30))
    assert any("すでに取得済み" in x for x in refusal_reasons(r, staff, TODAY, 7500, today=TODAY))
    other = world.own.staff["hr"]
    subsidies.subsidy_apply(actor=system(world.own), rule=r, staff=other, exam_on=TODAY, exam_fee=7500)
    assert any("すでに申請" in x for x in refusal_reasons(r, other, TODAY, 7500, today=TODAY))
    r.is_active = False
    assert any(
        "受付を終了" in x for x in refusal_reasons(r, world.own.staff["other"], TODAY, 7500, today=TODAY)
    )


@pytest.mark.django_db
def test_someone_else_cannot_apply_for_a_person(world):
    with pytest.raises(PermissionDenied):
        subsidies.subsidy_apply(
            actor=world.own.members["hr"],
            rule=rule(world.own),
            staff=world.own.staff["staff"],
            exam_on=TODAY,
            exam_fee=7500,
        )


@pytest.mark.django_db
def test_manager_then_hr_then_payment_requires_a_pass(world):
    r = rule(world.own, pass_required=True)
    app = subsidies.subsidy_apply(
        actor=system(world.own), rule=r, staff=world.own.staff["staff"], exam_on=TODAY, exam_fee=7500
    )
    manager, hr = world.own.members["manager"], world.own.members["hr"]
    app = subsidies.subsidy_approve(actor=manager, application=app)
    assert app.status == SubsidyApplication.Status.MANAGER_OK
    with pytest.raises(ValidationError):
        subsidies.subsidy_approve(actor=manager, application=app)
    app = subsidies.subsidy_approve(actor=hr, application=app)
    assert app.status == "approved" and budget_use(r).committed == 7500
    with pytest.raises(ValidationError, match="合格した場合だけ"):
        subsidies.subsidy_pay(actor=hr, application=app, passed=False, paid_amount=None, paid_on=TODAY)
    app = subsidies.subsidy_pay(actor=hr, application=app, passed=True, paid_amount=None, paid_on=TODAY)
    use = budget_use(r)
    assert app.status == "paid" and app.paid_amount == 7500 and use.paid == 7500 and use.committed == 0
    assert use.remaining == 100_000 - 7500


@pytest.mark.django_db
def test_pass_not_required_pays_on_taking_the_exam(world):
    r = rule(world.own, pass_required=False)
    app = subsidies.subsidy_apply(
        actor=system(world.own), rule=r, staff=world.own.staff["other"], exam_on=TODAY, exam_fee=7500
    )
    app = subsidies.subsidy_approve(actor=world.own.members["hr"], application=app)
    app = subsidies.subsidy_pay(
        actor=world.own.members["hr"], application=app, passed=False, paid_amount=5000, paid_on=TODAY
    )
    assert app.paid_amount == 5000


@pytest.mark.django_db
def test_manager_outside_scope_and_rejection(world):
    r = rule(world.own)
    app = subsidies.subsidy_apply(
        actor=system(world.own), rule=r, staff=world.own.staff["other"], exam_on=TODAY, exam_fee=7500
    )
    with pytest.raises(PermissionDenied):  # 総務課 is not the manager's 市民課
        subsidies.subsidy_approve(actor=world.own.members["manager"], application=app)
    with pytest.raises(ValidationError, match="理由"):
        subsidies.subsidy_reject(actor=world.own.members["hr"], application=app, reason=" ")
    app = subsidies.subsidy_reject(actor=world.own.members["hr"], application=app, reason="予算の都合")
    assert app.status == "rejected" and budget_use(r).requested == 0
