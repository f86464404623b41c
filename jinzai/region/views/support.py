"""Support requests: the municipality's pages (submit, follow, assess) and the prefecture's (triage, match,
dispatch under national schemes, reports); the scheme catalogue both sides read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jinzai.core.access import require_perm
from jinzai.core.dates import fiscal_year_of, format_date
from jinzai.core.params import fiscal_year_param, id_param

from .. import schemes
from ..forms import CommentForm, DispatchForm, FeedbackForm, ReasonForm, ReportForm, RequestForm
from ..models import SupportRequest
from ..selectors import municipality as muni
from ..selectors import prefecture as pref
from ..selectors.municipality import municipality_of
from ..services import support as services
from ._common import form_errors, municipality_page, prefecture_page, report_error, today

STATUS_TABS = [("open", "対応中"), *SupportRequest.Status.choices]


def _status_filter(request) -> str:
    status = request.GET.get("status", "")
    return status if status in dict(STATUS_TABS) else ""


# --- the municipality's side --------------------------------------------------------------------------


@require_perm("region.request_own")
@municipality_page
def my_requests(request):
    viewer = request.membership
    status = _status_filter(request)
    return render(
        request,
        "region/my_requests.html",
        {
            "requests": muni.requests_of(viewer, status=status),
            "status": status,
            "tabs": STATUS_TABS,
            "counterpart": muni.counterpart_of(viewer),
            "usage": muni.scheme_usage_of(viewer, fiscal_year_of(today())),
        },
    )


@require_perm("region.request_own")
@municipality_page
def request_create(request):
    viewer = request.membership
    items = list(muni.prefecture_items(viewer))
    form = RequestForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            req = services.request_submit(actor=viewer, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(
                request, f"支援要請「{req.title}」を{viewer.organisation.prefecture.name}に送りました。"
            )
            return redirect("region:request_detail", pk=req.pk)
    return render(
        request, "region/request_form.html", {"form": form, "prefecture": viewer.organisation.prefecture}
    )


@require_perm("region.request_own")
@municipality_page
def request_detail(request, pk: int):
    viewer = request.membership
    req = muni.get_request_for_viewer(viewer, pk)
    feedback = muni.feedback_of(req)
    return render(
        request,
        "region/request_detail.html",
        {
            "req": req,
            "dispatches": muni.dispatches_of_request(req),
            "feedback": feedback,
            "feedback_form": FeedbackForm()
            if req.status in ("in_support", "done") and feedback is None
            else None,
            "comment_form": CommentForm(),
            "can_withdraw": req.status in ("submitted", "accepted", "matched"),
        },
    )


@require_POST
@require_perm("region.request_own")
@municipality_page
def request_feedback(request, pk: int):
    viewer = request.membership
    req = muni.get_request_for_viewer(viewer, pk)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, "満足度と業務への役立ち度を、それぞれ1〜5から選んでください。")
        return redirect("region:request_detail", pk=pk)
    try:
        services.request_feedback(actor=viewer, request=req, **form.cleaned_data)
    except ValidationError as exc:
        report_error(request, exc)
    else:
        messages.success(request, "評価を送りました。ありがとうございました。")
    return redirect("region:request_detail", pk=pk)


@require_POST
@require_perm("region.request_own")
@municipality_page
def request_comment(request, pk: int):
    viewer = request.membership
    req = muni.get_request_for_viewer(viewer, pk)
    try:
        services.request_comment(actor=viewer, request=req, text=request.POST.get("text", ""))
    except ValidationError as exc:
        report_error(request, exc)
    else:
        messages.success(request, "連絡を送りました。")
    return redirect("region:request_detail", pk=pk)


@require_POST
@require_perm("region.request_own")
@municipality_page
def request_withdraw(request, pk: int):
    viewer = request.membership
    req = muni.get_request_for_viewer(viewer, pk)
    try:
        services.request_withdraw(actor=viewer, request=req, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        report_error(request, exc)
    else:
        messages.success(request, f"支援要請「{req.title}」を取り下げました。")
    return redirect("region:request_detail", pk=pk)


# --- the prefecture's side ------------------------------------------------------------------------------


@require_perm("region.case_manage")
@prefecture_page
def case_list(request):
    viewer = request.membership
    status = _status_filter(request) or ("" if "status" in request.GET else "open")
    municipality_id = id_param(request.GET, "municipality", strict=False)
    counts = pref.case_status_counts(viewer)
    counts["open"] = sum(counts.get(s, 0) for s in SupportRequest.OPEN)
    return render(
        request,
        "region/case_list.html",
        {
            "cases": pref.cases_for_prefecture(viewer, status=status, municipality_id=municipality_id),
            "status": status,
            "tabs": [(k, label, counts.get(k, 0)) for k, label in STATUS_TABS],
            "municipalities": pref.member_municipalities(viewer),
            "municipality_id": municipality_id,
            "missing_reports": pref.missing_report_count(viewer, today()),
        },
    )


@require_perm("region.case_manage")
@prefecture_page
def case_detail(request, pk: int):
    viewer = request.membership
    day = today()
    case = pref.get_case_for_prefecture(viewer, pk)
    assigned = {a.expert_id for a in case.assignments.all()}
    matches = (
        pref.match_experts(viewer, case, day) if case.status in ("accepted", "matched", "in_support") else []
    )
    usage = pref.capped_usage_of_case(case, fiscal_year_of(day))
    return render(
        request,
        "region/case_detail.html",
        {
            "case": case,
            "matches": [(m, m.expert.pk in assigned) for m in matches],
            "dispatches": muni.dispatches_of_request(case),
            "feedback": muni.feedback_of(case),
            "usage": usage,
            "comment_form": CommentForm(),
            "decline_form": ReasonForm(),
            "today": day,
        },
    )


def _case_action(request, pk: int, action, success: str):
    viewer = request.membership
    case = pref.get_case_for_prefecture(viewer, pk)
    try:
        action(viewer, case)
    except ValidationError as exc:
        report_error(request, exc)
    else:
        messages.success(request, success.format(case=case))
    return redirect("region:case_detail", pk=pk)


@require_POST
@require_perm("region.case_manage")
@prefecture_page
def case_accept(request, pk: int):
    return _case_action(
        request,
        pk,
        lambda v, c: services.case_accept(actor=v, request=c),
        "「{case.title}」を受け付けました。専門家を探してください。",
    )


@require_POST
@require_perm("region.case_manage")
@prefecture_page
def case_decline(request, pk: int):
    reason = request.POST.get("reason", "")
    return _case_action(
        request,
        pk,
        lambda v, c: services.case_decline(actor=v, request=c, reason=reason),
        "「{case.title}」を見送りにしました。",
    )


@require_POST
@require_perm("region.case_manage")
@prefecture_page
def case_close(request, pk: int):
    return _case_action(
        request,
        pk,
        lambda v, c: services.case_close(actor=v, request=c),
        "「{case.title}」の支援を完了にしました。",
    )


@require_POST
@require_perm("region.case_manage")
@prefecture_page
def case_comment(request, pk: int):
    text = request.POST.get("text", "")
    return _case_action(
        request,
        pk,
        lambda v, c: services.request_comment(actor=v, request=c, text=text),
        "連絡を送りました。",
    )


@require_POST
@require_perm("region.case_manage")
@prefecture_page
def case_assign(request, pk: int):
    viewer = request.membership
    case = pref.get_case_for_prefecture(viewer, pk)
    expert_id = id_param(request.POST, "expert", strict=False)
    match = next(
        (m for m in pref.match_experts(viewer, case, today(), limit=1000) if m.expert.pk == expert_id), None
    )
    if match is None:
        messages.error(request, "専門家を候補の一覧から選んでください。")
        return redirect("region:case_detail", pk=pk)
    try:
        services.case_assign(
            actor=viewer,
            request=case,
            expert=match.expert,
            score=match.score,
            reasons=match.reasons,
            note=request.POST.get("note", ""),
        )
    except ValidationError as exc:
        report_error(request, exc)
    else:
        messages.success(request, f"{match.expert.name}さんをこの要請の専門家に決めました。")
    return redirect("region:case_detail", pk=pk)


@require_perm("region.case_manage")
@prefecture_page
def dispatch_create(request, pk: int):
    viewer = request.membership
    case = pref.get_case_for_prefecture(viewer, pk)
    assigned = [a.expert for a in case.assignments.all() if not a.expert.is_withdrawn]
    experts = assigned or list(pref.experts_for_prefecture(viewer))
    initial = {
        "scheme": case.preferred_scheme or schemes.PREF_BANK,
        "mode": "online" if case.mode == "online" else "visit",
    }
    if len(assigned) == 1:
        initial["expert"] = assigned[0].pk
    form = DispatchForm(request.POST or None, experts=experts, initial=initial)
    check = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dispatch = services.dispatch_record(actor=viewer, request=case, **data)
        except services.CapExceeded as exc:
            check = exc.check
            form.add_error(
                "cap_reason",
                "制度の上限や条件を超えます。記録するときは、理由を入力してもう一度「記録する」を押してください。",
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(
                request,
                f"{format_date(dispatch.held_on)}の派遣を記録しました。実施後14日以内に報告を入力してください。",
            )
            return redirect("region:case_detail", pk=pk)
    fy = fiscal_year_of(today())
    usage = pref.capped_usage_of_case(case, fy)
    return render(
        request,
        "region/dispatch_form.html",
        {"form": form, "case": case, "check": check, "usage": usage, "fiscal_year": fy},
    )


@require_perm("region.case_manage")
@prefecture_page
def dispatch_report(request, pk: int):
    viewer = request.membership
    dispatch = pref.get_dispatch_for_prefecture(viewer, pk)
    form = ReportForm(
        request.POST or None, initial={"report": dispatch.report, "follow_ups": dispatch.follow_ups}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.dispatch_report(actor=viewer, dispatch=dispatch, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, "派遣の報告を保存しました。")
            return redirect("region:case_detail", pk=dispatch.request_id)
    return render(request, "region/dispatch_report.html", {"form": form, "dispatch": dispatch})


@require_perm("region.case_manage")
@prefecture_page
def dispatch_list(request):
    viewer = request.membership
    day = today()
    fy = fiscal_year_param(request.GET, default=fiscal_year_of(day))
    return render(
        request,
        "region/dispatch_list.html",
        {
            "missing": pref.dispatches_for_prefecture(viewer, missing=True, today=day),
            "dispatches": pref.dispatches_for_prefecture(viewer, fiscal_year=fy),
            "usage": pref.scheme_usage_for_prefecture(viewer, fy),
            "fiscal_year": fy,
            "today": day,
        },
    )


@require_perm("region.scheme_view")
def scheme_list(request):
    viewer = request.membership
    fy = fiscal_year_of(today())
    own = municipality_of(viewer)
    return render(
        request,
        "region/scheme_list.html",
        {
            "schemes": schemes.SCHEMES,
            "fiscal_year": fy,
            "own_usage": muni.scheme_usage_of(viewer, fy) if own is not None else None,
            "usage": pref.scheme_usage_for_prefecture(viewer, fy)
            if pref.prefecture_of(viewer) is not None
            else None,
        },
    )
