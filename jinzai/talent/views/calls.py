"""Views of calls for applications (庁内公募・手挙げ): the DX office's list and call pages, staff applying and
seeing their result, managers giving their opinion."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jinzai.core.access import can, require_perm
from jinzai.core.params import parse_id

from ..forms.calls import ApplicationForm, CallForm, ReviewForm, SelectForm
from ..models import Application, Call
from ..selectors import calls as selectors
from ..selectors.careers import term_end
from ..services import calls as services

CALL_FIELDS = (
    "title",
    "talent_type",
    "sub_role",
    "wanted",
    "deadline",
    "text",
    "duties",
    "starts_on",
    "ends_on",
)


def _errors_to(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


@require_perm("talent.call_view")
def call_list(request):
    viewer = request.membership
    calls = list(selectors.calls_of(viewer.organisation).order_by("-deadline", "-id"))
    groups = [(label, [c for c in calls if c.status == value]) for value, label in Call.Status.choices]
    return render(
        request,
        "talent/call_list.html",
        {"groups": groups, "total": len(calls), "can_manage": can(viewer, "talent.call_manage")},
    )


@require_perm("talent.call_manage")
def call_create(request):
    from jinzai.core.services import today

    viewer = request.membership
    org = viewer.organisation
    start = today().replace(month=4, day=1)
    if start <= today():
        start = start.replace(year=start.year + 1)
    initial = {"wanted": 5, "starts_on": start, "ends_on": term_end(org, start)}
    form = CallForm(request.POST or None, organisation=org, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(actor=viewer, **{k: form.cleaned_data[k] for k in CALL_FIELDS})
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(
                request,
                f"公募「{call.title}」を下書きとして保存しました。内容を確かめて「公開する」を押してください。",
            )
            return redirect("talent:call_detail", pk=call.pk)
    return render(request, "talent/call_form.html", {"form": form, "call": None})


@require_perm("talent.call_manage")
def call_edit(request, pk: int):
    viewer = request.membership
    call = selectors.get_call_for_viewer(viewer, pk)
    initial = {k: getattr(call, k) for k in CALL_FIELDS}
    initial["talent_type"], initial["sub_role"] = call.talent_type_id, call.sub_role_id
    form = CallForm(request.POST or None, organisation=viewer.organisation, initial=initial)
    editable = call.status in (Call.Status.DRAFT, Call.Status.OPEN)
    if request.method == "POST" and editable and form.is_valid():
        try:
            services.call_update(actor=viewer, call=call, **{k: form.cleaned_data[k] for k in CALL_FIELDS})
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, "公募の内容を保存しました。")
            return redirect("talent:call_detail", pk=call.pk)
    return render(request, "talent/call_form.html", {"form": form, "call": call, "editable": editable})


@require_perm("talent.call_view")
def call_detail(request, pk: int):
    viewer = request.membership
    call = selectors.get_call_for_viewer(viewer, pk)
    applications = list(selectors.applications_of_call(viewer, call))
    return render(
        request,
        "talent/call_detail.html",
        {
            "call": call,
            "applications": applications,
            "active": [a for a in applications if a.status != Application.Status.WITHDRAWN],
            "can_manage": can(viewer, "talent.call_manage"),
            "select_form": SelectForm(),
            "accepting": services.is_accepting(call),
        },
    )


def _call_action(request, pk: int, action, done: str):
    viewer = request.membership
    call = selectors.get_call_for_viewer(viewer, pk)
    try:
        action(actor=viewer, call=call)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("talent:call_detail", pk=call.pk)


@require_perm("talent.call_manage")
@require_POST
def call_publish(request, pk: int):
    return _call_action(
        request,
        pk,
        services.call_publish,
        "公募を公開しました。職員のホームと「公募への応募」に表示されます。",
    )


@require_perm("talent.call_manage")
@require_POST
def call_close(request, pk: int):
    return _call_action(request, pk, services.call_close, "応募の受付を締め切りました。選考に進めます。")


@require_perm("talent.call_manage")
@require_POST
def call_select(request, pk: int):
    viewer = request.membership
    call = selectors.get_call_for_viewer(viewer, pk)
    chosen = [n for n in (parse_id(v) for v in request.POST.getlist("selected")) if n is not None]
    form = SelectForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        designations = services.call_select(actor=viewer, call=call, selected_ids=chosen, note=note)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"選考を終えました。{len(designations)}名を「手挙げ（庁内公募）」で指定しました。応募した人には結果が表示されます。",
        )
    return redirect("talent:call_detail", pk=call.pk)


# --- staff -------------------------------------------------------------------------------------------


@require_perm("talent.call_apply")
def my_calls(request):
    viewer = request.membership
    mine = list(selectors.my_applications(viewer))
    applied = {a.call_id for a in mine if a.status != Application.Status.WITHDRAWN}
    calls = [c for c in selectors.open_calls(viewer.organisation) if c.pk not in applied]
    return render(
        request,
        "talent/my_calls.html",
        {"calls": calls, "applications": mine, "has_staff": viewer.staff_id is not None},
    )


@require_perm("talent.call_apply")
def call_apply(request, pk: int):
    viewer = request.membership
    call = selectors.get_open_call_for_viewer(viewer, pk)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(actor=viewer, call=call, statement=form.cleaned_data["statement"])
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(
                request,
                f"「{call.title}」に応募しました。所属長の意見を聞いたうえで事務局が選考します。結果はこのページに表示されます。",
            )
            return redirect("talent:my_calls")
    return render(
        request,
        "talent/call_apply.html",
        {"call": call, "form": form, "has_staff": viewer.staff_id is not None},
    )


@require_perm("talent.call_apply")
@require_POST
def application_withdraw(request, pk: int):
    viewer = request.membership
    application = selectors.get_my_application(viewer, pk)
    try:
        services.application_withdraw(actor=viewer, application=application)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"「{application.call.title}」への応募を取り下げました。")
    return redirect("talent:my_calls")


# --- managers ----------------------------------------------------------------------------------------


@require_perm("talent.application_review")
def application_reviews(request):
    viewer = request.membership
    rows = list(selectors.applications_to_review(viewer))
    return render(
        request,
        "talent/application_reviews.html",
        {
            "waiting": [a for a in rows if not a.manager_opinion],
            "done": [a for a in rows if a.manager_opinion],
        },
    )


@require_perm("talent.application_review")
def application_review(request, pk: int):
    viewer = request.membership
    application = selectors.get_application_to_review(viewer, pk)
    form = ReviewForm(
        request.POST or None,
        initial={"opinion": application.manager_opinion or None, "comment": application.manager_comment},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.application_review(
                actor=viewer,
                application=application,
                opinion=form.cleaned_data["opinion"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, f"{application.staff.name}さんの応募に意見を付けました。")
            return redirect("talent:application_reviews")
    return render(request, "talent/application_review.html", {"a": application, "form": form})
