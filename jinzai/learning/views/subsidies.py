"""Exam subsidies: rules with budget use per fiscal year, applications, approvals and payment."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jinzai.core.access import can, require_perm
from jinzai.core.audit import audit
from jinzai.core.dates import fiscal_year_label, fiscal_year_of
from jinzai.core.params import fiscal_year_param
from jinzai.core.roles import Role

from .. import reports, selectors
from ..forms import ReasonForm, SubsidyPayForm, SubsidyRuleForm
from ..models import SubsidyApplication
from ..services import subsidies as services
from ._common import report_error, today

RULE_FIELDS = [f for f in services.RULE_FIELDS]


def _fy(request) -> int:
    return fiscal_year_param(request.GET, default=fiscal_year_of(today()))


@require_perm("learning.subsidy_view")
def subsidy_list(request):
    viewer = request.membership
    fy = _fy(request)
    apps = selectors.applications_action_first(viewer, fy)
    waiting_status = SubsidyApplication.Status.APPLIED if viewer.role == Role.MANAGER else None
    return render(
        request,
        "learning/subsidy_list.html",
        {
            "fy": fy,
            "fy_label": fiscal_year_label(fy),
            "years": [fy - 1, fy, fy + 1],
            "budget_rows": reports.subsidy_budget_rows(viewer.organisation, fy),
            "applications": apps[:300],
            "waiting_status": waiting_status,
            "can_manage": can(viewer, "learning.subsidy_manage"),
        },
    )


def _rule_form(request, rule=None):
    org = request.membership.organisation
    current = fiscal_year_of(today())
    if rule is not None:
        initial = {k: getattr(rule, k) for k in RULE_FIELDS} | {
            "certification": rule.certification_id,
            "talent_types": list(rule.talent_types.values_list("pk", flat=True)),
        }
    else:
        initial = {"fiscal_year": current, "kind": "fixed", "pass_required": True, "is_active": True}
    years = sorted({current - 1, current, current + 1, *([rule.fiscal_year] if rule else [])})
    form = SubsidyRuleForm(request.POST or None, organisation=org, fiscal_years=years, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        talent_types = list(data.pop("talent_types"))
        try:
            if rule is None:
                rule = services.subsidy_rule_create(
                    actor=request.membership, talent_types=talent_types, **data
                )
                messages.success(request, f"「{rule}」の受験料補助を追加しました。")
            else:
                services.subsidy_rule_update(
                    actor=request.membership, rule=rule, talent_types=talent_types, **data
                )
                messages.success(request, f"「{rule}」の受験料補助を保存しました。")
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            return redirect(f"{reverse('learning:subsidy_list')}?fy={rule.fiscal_year}")
    return render(request, "learning/subsidy_rule_form.html", {"form": form, "rule": rule})


@require_perm("learning.subsidy_manage")
def subsidy_rule_create(request):
    return _rule_form(request)


@require_perm("learning.subsidy_manage")
def subsidy_rule_edit(request, pk: int):
    return _rule_form(request, selectors.get_subsidy_rule_for_viewer(request.membership, pk))


@require_perm("learning.subsidy_view")
def subsidy_application(request, pk: int):
    viewer = request.membership
    app = selectors.get_application_for_viewer(viewer, pk)
    audit(viewer, "subsidy.view", app)
    S = SubsidyApplication.Status
    can_approve = can(viewer, "learning.subsidy_approve") and (
        app.status == S.APPLIED or (app.status == S.MANAGER_OK and viewer.role != Role.MANAGER)
    )
    return render(
        request,
        "learning/subsidy_application.html",
        {
            "app": app,
            "can_approve": can_approve,
            "can_pay": can(viewer, "learning.subsidy_manage") and app.status == S.APPROVED,
            "reject_form": ReasonForm(),
            "pay_form": SubsidyPayForm(initial={"paid_on": today(), "passed": app.passed}),
        },
    )


@require_perm("learning.subsidy_approve")
@require_POST
def subsidy_approve(request, pk: int):
    app = selectors.get_application_for_viewer(request.membership, pk)
    try:
        app = services.subsidy_approve(actor=request.membership, application=app)
        messages.success(request, f"{app.staff.name}さんの申請を「{app.get_status_display()}」にしました。")
    except ValidationError as exc:
        report_error(request, exc)
    return redirect("learning:subsidy_application", pk=pk)


@require_perm("learning.subsidy_approve")
@require_POST
def subsidy_reject(request, pk: int):
    app = selectors.get_application_for_viewer(request.membership, pk)
    try:
        services.subsidy_reject(
            actor=request.membership, application=app, reason=request.POST.get("reason", "")
        )
        messages.success(request, f"{app.staff.name}さんの申請を却下しました。")
    except ValidationError as exc:
        report_error(request, exc)
    return redirect("learning:subsidy_application", pk=pk)


@require_perm("learning.subsidy_manage")
@require_POST
def subsidy_pay(request, pk: int):
    app = selectors.get_application_for_viewer(request.membership, pk)
    form = SubsidyPayForm(request.POST)
    if not form.is_valid():
        messages.error(request, "支給日を入力してください。")
        return redirect("learning:subsidy_application", pk=pk)
    try:
        services.subsidy_pay(actor=request.membership, application=app, **form.cleaned_data)
        messages.success(request, f"{app.staff.name}さんへの支給を記録しました。")
    except ValidationError as exc:
        report_error(request, exc)
    return redirect("learning:subsidy_application", pk=pk)
