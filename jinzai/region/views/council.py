"""The council and study groups, their meetings, and the Q&A board every organisation of the prefecture
reads (posts show the organisation and role, never a person's name)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jinzai.core.access import can, require_perm
from jinzai.core.params import id_param

from ..forms import AnswerForm, BodyForm, MeetingForm, MemberForm, QuestionForm
from ..selectors import prefecture as pref
from ..selectors import shared
from ..services import council as services
from ._common import form_errors, form_page, prefecture_page, report_error

COUNCIL = ("region:council_list", "協議会・分科会")
BOARD = ("region:qa_list", "質問板")


def _organisations(viewer):
    return [viewer.organisation, *pref.member_municipalities(viewer)]


@require_perm("region.council_view")
def council_list(request):
    viewer = request.membership
    return render(
        request,
        "region/council_list.html",
        {
            "bodies": shared.bodies_for_viewer(viewer),
            "questions": shared.questions_for_viewer(viewer)[:5],
            "can_manage": can(viewer, "region.council_manage") and pref.prefecture_of(viewer) is not None,
        },
    )


@require_perm("region.council_manage")
@prefecture_page
def body_create(request):
    viewer = request.membership
    form = BodyForm(
        request.POST or None,
        parents=list(shared.bodies_for_viewer(viewer)),
        organisations=_organisations(viewer),
        initial={"members": [o.pk for o in _organisations(viewer)]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        members = [
            (o, "secretariat" if o.pk == viewer.organisation.pk else "member") for o in data["members"]
        ]
        try:
            body = services.body_create(
                actor=viewer,
                name=data["name"],
                kind=data["kind"],
                purpose=data["purpose"],
                parent=data["parent"],
                members=members,
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, f"「{body.name}」を追加しました。")
            return redirect("region:body_detail", pk=body.pk)
    return form_page(
        request,
        form,
        title="協議会・分科会を追加",
        crumbs=[COUNCIL],
        submit="追加する",
        cancel="region:council_list",
    )


@require_perm("region.council_view")
def body_detail(request, pk: int):
    viewer = request.membership
    body = shared.get_body_for_viewer(viewer, pk)
    manage = can(viewer, "region.council_manage") and body.organisation_id == viewer.organisation.pk
    members = {m.member_id for m in body.members.all()}
    return render(
        request,
        "region/body_detail.html",
        {
            "body": body,
            "meetings": shared.meetings_of(body),
            "questions": shared.questions_for_viewer(viewer, body_id=body.pk)[:10],
            "can_manage": manage,
            "member_form": MemberForm(
                organisations=[o for o in _organisations(viewer) if o.pk not in members]
            )
            if manage
            else None,
        },
    )


@require_POST
@require_perm("region.council_manage")
@prefecture_page
def body_member_add(request, pk: int):
    viewer = request.membership
    body = shared.get_body_for_viewer(viewer, pk)
    form = MemberForm(request.POST, organisations=_organisations(viewer))
    if not form.is_valid():
        messages.error(request, "追加する団体と役割を一覧から選んでください。")
        return redirect("region:body_detail", pk=pk)
    try:
        services.body_member_add(actor=viewer, body=body, **form.cleaned_data)
    except ValidationError as exc:
        report_error(request, exc)
    else:
        messages.success(request, f"{form.cleaned_data['member'].name}を会員に追加しました。")
    return redirect("region:body_detail", pk=pk)


@require_perm("region.council_manage")
@prefecture_page
def meeting_create(request, pk: int):
    viewer = request.membership
    body = shared.get_body_for_viewer(viewer, pk)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(actor=viewer, body=body, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, f"「{meeting.title}」を記録しました。")
            return redirect("region:meeting_detail", pk=meeting.pk)
    return form_page(
        request,
        form,
        title=f"{body.name}の会議を記録",
        crumbs=[COUNCIL],
        submit="記録する",
        cancel="region:council_list",
    )


@require_perm("region.council_view")
def meeting_detail(request, pk: int):
    return render(
        request,
        "region/meeting_detail.html",
        {"meeting": shared.get_meeting_for_viewer(request.membership, pk)},
    )


@require_perm("region.council_view")
def qa_list(request):
    viewer = request.membership
    q = request.GET.get("q", "")[:100]
    body_id = id_param(request.GET, "body", strict=False)
    return render(
        request,
        "region/qa_list.html",
        {
            "questions": shared.questions_for_viewer(
                viewer, q=q, body_id=body_id, open_only=request.GET.get("open") == "1"
            ),
            "bodies": shared.bodies_for_viewer(viewer),
            "q": q,
            "body_id": body_id,
            "open_only": request.GET.get("open") == "1",
        },
    )


@require_perm("region.council_view")
def question_create(request):
    viewer = request.membership
    form = QuestionForm(request.POST or None, bodies=list(shared.bodies_for_viewer(viewer)))
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_create(actor=viewer, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, "質問を投稿しました。管内の団体が回答できます。")
            return redirect("region:question_detail", pk=question.pk)
    return form_page(
        request,
        form,
        title="質問を投稿",
        crumbs=[BOARD],
        submit="投稿する",
        cancel="region:qa_list",
        intro="管内の県・市区町村の担当者が読みます。投稿には団体名と役割が表示され、個人の氏名は表示されません。個人情報は書かないでください。",
    )


@require_perm("region.council_view")
def question_detail(request, pk: int):
    viewer = request.membership
    question = shared.get_question_for_viewer(viewer, pk)
    return render(
        request,
        "region/question_detail.html",
        {
            "question": question,
            "form": AnswerForm(),
            "is_asker": question.organisation_id == viewer.organisation.pk,
        },
    )


@require_POST
@require_perm("region.council_view")
def answer_create(request, pk: int):
    viewer = request.membership
    question = shared.get_question_for_viewer(viewer, pk)
    try:
        services.answer_create(actor=viewer, question=question, text=request.POST.get("text", ""))
    except ValidationError as exc:
        report_error(request, exc)
    else:
        messages.success(request, "回答を投稿しました。")
    return redirect("region:question_detail", pk=pk)


@require_POST
@require_perm("region.council_view")
def question_resolve(request, pk: int):
    viewer = request.membership
    question = shared.get_question_for_viewer(viewer, pk)
    try:
        services.question_resolve(actor=viewer, question=question)
    except ValidationError as exc:
        report_error(request, exc)
    else:
        messages.success(request, "質問を解決済みにしました。")
    return redirect("region:question_detail", pk=pk)
