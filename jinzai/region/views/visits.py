"""Hands-on support: the prefecture's visit plan, visit log, follow-ups and contact persons; the
municipality's view of its own visits and follow-ups."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jinzai.core.access import require_perm
from jinzai.core.dates import DateParseError, fiscal_year_of, parse_date
from jinzai.core.params import fiscal_year_param, id_param

from ..forms import CounterpartForm, DoneForm, VisitForm, VisitPlanForm
from ..selectors import municipality as muni
from ..selectors import prefecture as pref
from ..services import visits as services
from ._common import form_errors, form_page, municipality_page, prefecture_page, report_error, today

VISITS = ("region:visit_list", "伴走支援（訪問）")


@require_perm("region.visit_manage")
@prefecture_page
def visit_list(request):
    viewer = request.membership
    fy = fiscal_year_param(request.GET, default=fiscal_year_of(today()))
    counterparts = pref.counterparts_for_prefecture(viewer)
    members = list(pref.member_municipalities(viewer))
    return render(
        request,
        "region/visit_list.html",
        {
            "fiscal_year": fy,
            "plans": pref.visit_plans_for_prefecture(viewer, fy),
            "visits": pref.visits_for_prefecture(viewer)[:30],
            "follow_ups": pref.open_follow_ups_for_prefecture(viewer),
            "contacts": [(m, counterparts.get(m.pk)) for m in members],
            "today": today(),
        },
    )


@require_perm("region.visit_manage")
@prefecture_page
def counterpart_edit(request, pk: int):
    viewer = request.membership
    municipality = pref.get_member_for_prefecture(viewer, pk)
    row = pref.counterparts_for_prefecture(viewer).get(municipality.pk)
    initial = (
        {
            "prefecture_contact": row.prefecture_contact,
            "municipal_contact": row.municipal_contact,
            "note": row.note,
        }
        if row
        else {}
    )
    form = CounterpartForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.counterpart_save(actor=viewer, municipality=municipality, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, f"{municipality.name}の担当窓口を保存しました。")
            return redirect("region:visit_list")
    return form_page(
        request,
        form,
        title=f"{municipality.name}の担当窓口",
        crumbs=[VISITS],
        cancel="region:visit_list",
        intro="県の担当者を市区町村ごとに決めておくと、相談の窓口がはっきりします。",
    )


@require_perm("region.visit_manage")
@prefecture_page
def visit_plan_create(request):
    viewer = request.membership
    form = VisitPlanForm(
        request.POST or None,
        municipalities=list(pref.member_municipalities(viewer)),
        initial={"fiscal_year": fiscal_year_of(today())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.visit_plan_create(actor=viewer, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(
                request, f"{plan.municipality.name}の訪問計画（{plan.planned_month}月）を追加しました。"
            )
            return redirect("region:visit_list")
    return form_page(
        request, form, title="訪問計画を追加", crumbs=[VISITS], submit="追加する", cancel="region:visit_list"
    )


@require_perm("region.visit_manage")
@prefecture_page
def visit_create(request):
    viewer = request.membership
    fy = fiscal_year_of(today())
    plans = list(pref.visit_plans_for_prefecture(viewer, fy))
    initial = {"visited_on": today()}
    plan_id = id_param(request.GET, "plan", strict=False)
    chosen = next((p for p in plans if p.pk == plan_id), None)
    if chosen:
        initial |= {"plan": chosen.pk, "municipality": chosen.municipality_id}
    form = VisitForm(
        request.POST or None,
        municipalities=list(pref.member_municipalities(viewer)),
        plans=plans,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.visit_record(
                actor=viewer,
                municipality=data["municipality"],
                plan=data["plan"],
                visited_on=data["visited_on"],
                mode=data["mode"],
                attendees=data["attendees"],
                topics=data["topics"],
                hearing_notes=data["hearing_notes"],
                follow_ups=form.follow_ups(),
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, f"{visit.organisation.name}への訪問を記録しました。")
            return redirect("region:visit_detail", pk=visit.pk)
    return render(request, "region/visit_form.html", {"form": form})


@require_perm("region.visit_manage")
@prefecture_page
def visit_detail(request, pk: int):
    visit = pref.get_visit_for_prefecture(request.membership, pk)
    return render(
        request,
        "region/visit_detail.html",
        {
            "visit": visit,
            "follow_ups": muni.follow_ups_of_visit(visit),
            "side": "prefecture",
            "done_form": DoneForm(initial={"done_on": today()}),
            "today": today(),
        },
    )


def _done(request, follow_up, back_name: str, back_pk: int):
    reopen = request.POST.get("reopen") == "1"
    done_on = None
    if not reopen:
        try:
            done_on = parse_date(request.POST.get("done_on", "")) or today()
        except DateParseError as exc:
            messages.error(request, f"完了日: {exc.message}")
            return redirect(back_name, pk=back_pk)
    try:
        services.followup_done(actor=request.membership, follow_up=follow_up, done_on=done_on, reopen=reopen)
    except ValidationError as exc:
        report_error(request, exc)
    else:
        messages.success(
            request, f"「{follow_up.action}」を{'未完了に戻しました' if reopen else '完了にしました'}。"
        )
    return redirect(back_name, pk=back_pk)


@require_POST
@require_perm("region.visit_manage")
@prefecture_page
def followup_done(request, pk: int):
    follow_up = pref.get_follow_up_for_prefecture(request.membership, pk)
    return _done(request, follow_up, "region:visit_detail", follow_up.visit_id)


# --- the municipality's side -------------------------------------------------------------------------


@require_perm("region.visit_own")
@municipality_page
def my_visits(request):
    viewer = request.membership
    return render(
        request,
        "region/my_visits.html",
        {
            "counterpart": muni.counterpart_of(viewer),
            "visits": muni.visits_of(viewer),
            "follow_ups": muni.open_follow_ups_of(viewer),
            "today": today(),
        },
    )


@require_perm("region.visit_own")
@municipality_page
def my_visit_detail(request, pk: int):
    visit = muni.get_visit_for_viewer(request.membership, pk)
    return render(
        request,
        "region/visit_detail.html",
        {
            "visit": visit,
            "follow_ups": muni.follow_ups_of_visit(visit),
            "side": "municipality",
            "done_form": DoneForm(initial={"done_on": today()}),
            "today": today(),
        },
    )


@require_POST
@require_perm("region.visit_own")
@municipality_page
def my_followup_done(request, pk: int):
    follow_up = muni.get_follow_up_for_viewer(request.membership, pk)
    return _done(request, follow_up, "region:my_visit_detail", follow_up.visit_id)
