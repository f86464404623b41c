"""Curricula and internal certification (庁内認定): rules, who is eligible or close, confirm, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jinzai.core.access import can, field_scope, require_perm
from jinzai.core.params import id_param
from jinzai.core.selectors import unit_paths
from jinzai.people.selectors import staff_visible_to, staff_with_field

from .. import selectors
from ..eligibility import evaluate_rule
from ..forms import CurriculumForm, InternalRuleForm, RevokeForm, rule_initial
from ..services import internal as services
from ._common import report_error, today

CLOSE_SHOWN = 100


@require_perm("learning.internal_cert_view")
def internal_cert_list(request):
    org = request.membership.organisation
    rules = list(selectors.internal_rules_of(org).prefetch_related("certifications"))
    counts = selectors.internal_holder_counts(org)
    return render(
        request,
        "learning/internal_cert_list.html",
        {
            "rules": [{"rule": r, "holders": counts.get(r.pk, 0)} for r in rules],
            "curricula": selectors.curricula_of(org),
            "can_manage": can(request.membership, "learning.internal_cert_manage"),
        },
    )


def _curriculum_form(request, curriculum=None):
    initial = (
        {
            "name": curriculum.name,
            "description": curriculum.description,
            "mode": curriculum.mode,
            "required_count": curriculum.required_count,
            "courses": list(curriculum.courses.values_list("pk", flat=True)),
        }
        if curriculum
        else {"mode": "all"}
    )
    form = CurriculumForm(request.POST or None, organisation=request.membership.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            curriculum = services.curriculum_save(
                actor=request.membership, curriculum=curriculum, **form.cleaned_data
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"カリキュラム「{curriculum.name}」を保存しました。")
            return redirect("learning:internal_cert_list")
    return render(request, "learning/curriculum_form.html", {"form": form, "curriculum": curriculum})


@require_perm("learning.internal_cert_manage")
def internal_cert_curriculum_create(request):
    return _curriculum_form(request)


@require_perm("learning.internal_cert_manage")
def internal_cert_curriculum_edit(request, pk: int):
    return _curriculum_form(request, selectors.get_curriculum_for_viewer(request.membership, pk))


def _rule_form(request, rule=None):
    form = InternalRuleForm(
        request.POST or None,
        organisation=request.membership.organisation,
        initial=rule_initial(rule) if rule else {"is_active": True},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        certifications = list(data.pop("certifications"))
        try:
            rule = services.internal_rule_save(
                actor=request.membership, rule=rule, certifications=certifications, **data
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"「{rule.name}」を保存しました。")
            return redirect("learning:internal_cert_rule", pk=rule.pk)
    return render(request, "learning/internal_rule_form.html", {"form": form, "rule": rule})


@require_perm("learning.internal_cert_manage")
def internal_cert_rule_create(request):
    return _rule_form(request)


@require_perm("learning.internal_cert_manage")
def internal_cert_rule_edit(request, pk: int):
    return _rule_form(request, selectors.get_internal_rule_for_viewer(request.membership, pk))


@require_perm("learning.internal_cert_view")
def internal_cert_rule(request, pk: int):
    viewer = request.membership
    rule = selectors.get_internal_rule_for_viewer(viewer, pk)
    day = today()
    eligible, close = evaluate_rule(rule, day)
    # Names only of the people whose internal certification the viewer may read (executives: counts only).
    readable = set(
        staff_with_field(viewer, "learning.internal_certs")
        .filter(pk__in=[s.staff_id for s in eligible[:500] + close[:CLOSE_SHOWN]])
        .values_list("pk", flat=True)
    )
    eligible_shown = [s for s in eligible if s.staff_id in readable][:500]
    close_shown = [s for s in close if s.staff_id in readable][:CLOSE_SHOWN]
    staff = selectors.staff_in_bulk(viewer.organisation, [s.staff_id for s in eligible_shown + close_shown])
    paths = unit_paths(viewer.organisation)
    visible = set(staff_visible_to(viewer).filter(pk__in=list(staff)).values_list("pk", flat=True))

    def rows(items):
        return [
            {
                "s": s,
                "staff": staff[s.staff_id],
                "path": paths.get(staff[s.staff_id].current_unit_id, ""),
                "linked": s.staff_id in visible,
            }
            for s in items
        ]

    awards = (
        selectors.awards_visible_to(viewer)
        .filter(rule=rule)
        .select_related("staff", "designation")
        .order_by("revoked_on", "-certified_on", "-id")
    )
    return render(
        request,
        "learning/internal_rule_detail.html",
        {
            "rule": rule,
            "certifications": list(rule.certifications.all()),
            "eligible": rows(eligible_shown),
            "eligible_count": len(eligible),
            "close": rows(close_shown),
            "close_count": len(close),
            "awards": awards,
            "awards_count": selectors.internal_holder_count(rule),
            "names_shown": field_scope(viewer, "learning.internal_certs").reaches_others,
            "can_manage": can(viewer, "learning.internal_cert_manage"),
            "day": day,
        },
    )


@require_perm("learning.internal_cert_manage")
@require_POST
def internal_cert_confirm(request, pk: int):
    viewer = request.membership
    rule = selectors.get_internal_rule_for_viewer(viewer, pk)
    staff_id = id_param(request.POST, "staff", strict=False)
    staff = staff_visible_to(viewer).filter(pk=staff_id).first() if staff_id else None
    if staff is None:
        messages.error(request, "認定する職員を一覧から選んでください。")
        return redirect("learning:internal_cert_rule", pk=rule.pk)
    try:
        award = services.internal_cert_confirm(actor=viewer, rule=rule, staff=staff, certified_on=today())
    except ValidationError as exc:
        report_error(request, exc)
    else:
        role = rule.talent_type.name + (f"（{rule.sub_role.name}）" if rule.sub_role_id else "")
        messages.success(request, f"{staff.name}さんを「{rule.name}」に認定し、「{role}」に指定しました。")
        del award
    return redirect("learning:internal_cert_rule", pk=rule.pk)


@require_perm("learning.internal_cert_manage")
def internal_cert_revoke(request, pk: int):
    award = selectors.get_award_for_viewer(request.membership, pk)
    form = RevokeForm(request.POST or None, initial={"revoked_on": today()})
    if request.method == "POST":
        if form.is_valid():
            try:
                services.internal_cert_revoke(actor=request.membership, award=award, **form.cleaned_data)
            except ValidationError as exc:
                report_error(request, exc)
            else:
                messages.success(
                    request,
                    f"{award.staff.name}さんの「{award.rule.name}」を取り消しました。履歴は残ります。",
                )
                return redirect("learning:internal_cert_rule", pk=award.rule_id)
        else:
            messages.error(request, "取消日と取消の理由を入力してください。")
        return redirect("learning:internal_cert_revoke", pk=award.pk)
    return render(request, "learning/internal_revoke.html", {"form": form, "award": award})
