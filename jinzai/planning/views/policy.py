"""Views of the basic policy (基本方針): versions, the six-point editor, approval, revision, Word export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jinzai.core.access import require_perm
from jinzai.core.audit import audit
from jinzai.core.exports import download_filename, file_response
from jinzai.core.services import today

from ..exports.policy import CONTENT_TYPE, build_policy_docx
from ..forms.policy import ApproveForm, PolicyForm, PolicySectionForm
from ..models import Status
from ..selectors import policy as selectors
from ..selectors.plans import user_setting_of
from ..services.policy import (
    DEFAULT_APPROACH,
    HINT_MARK,
    POINTS,
    TEXT_FIELDS,
    policy_approve,
    policy_create_draft,
    policy_revise,
    policy_update,
    unfinished_points,
)


def _error(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@require_perm("planning.policy_view")
def policy_list(request):
    viewer = request.membership
    policies = selectors.policy_list_of(viewer)
    draft = next((p for p in policies if p.status == Status.DRAFT), None)
    approved = next((p for p in policies if p.status == Status.APPROVED), None)
    return render(
        request,
        "planning/policy_list.html",
        {"policies": policies, "draft": draft, "approved": approved, "points": POINTS},
    )


@require_perm("planning.policy_edit")
@require_POST
def policy_create(request):
    try:
        policy = policy_create_draft(actor=request.membership)
    except ValidationError as exc:
        _error(request, exc)
        draft = selectors.draft_policy(request.membership.organisation)
        return redirect("planning:policy_detail", pk=draft.pk) if draft else redirect("planning:policy_list")
    if policy.based_on_id:
        messages.success(
            request,
            f"第{policy.based_on.version}版をもとに、第{policy.version}版の下書きを作りました。"
            "承認するまでは、今の承認済みの版が有効です。",
        )
    else:
        messages.success(
            request,
            f"第{policy.version}版の下書きを作りました。各項目の「記入のヒント」を、団体の方針に書き換えてください。",
        )
    return redirect("planning:policy_edit", pk=policy.pk)


def _structure_nodes(organisation):
    return selectors.flatten(selectors.body_tree(organisation, with_meetings=False))


@require_perm("planning.policy_view")
def policy_detail(request, pk: int):
    viewer = request.membership
    policy = selectors.get_policy_for_viewer(viewer, pk)
    approve_form = ApproveForm(initial={"approved_on": today()})
    point_texts = [
        (point, getattr(policy, point.field), HINT_MARK in getattr(policy, point.field)) for point in POINTS
    ]
    return render(
        request,
        "planning/policy_detail.html",
        {
            "policy": policy,
            "point_texts": point_texts,
            "sections": list(selectors.policy_sections(policy)),
            "bodies": _structure_nodes(viewer.organisation),
            "approve_form": approve_form,
            "unfinished": unfinished_points(policy) if policy.is_editable else [],
        },
    )


@require_perm("planning.policy_edit")
def policy_edit(request, pk: int):
    viewer = request.membership
    policy = selectors.get_policy_for_viewer(viewer, pk)
    if not policy.is_editable:
        messages.error(
            request,
            "承認済み（または改定済み）の版は編集できません。内容を変えるときは「この版をもとに改定する」を使ってください。",
        )
        return redirect("planning:policy_detail", pk=policy.pk)
    types, sections = selectors.section_types(policy)
    data = request.POST if request.method == "POST" else None
    form = PolicyForm(data, initial={name: getattr(policy, name) for name in TEXT_FIELDS})
    section_forms = []
    for t in types:
        section = sections.get(t.pk)
        initial = (
            {"approach": section.approach, "short_term": section.short_term, "long_term": section.long_term}
            if section
            else {"approach": DEFAULT_APPROACH.get(t.kind, "develop")}
        )
        section_forms.append(PolicySectionForm(data, prefix=f"t{t.pk}", talent_type=t, initial=initial))
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in section_forms):
        try:
            policy_update(
                actor=viewer,
                policy=policy,
                values={name: form.cleaned_data[name] for name in TEXT_FIELDS},
                sections={f.talent_type.pk: f.cleaned_data for f in section_forms},
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"第{policy.version}版の下書きを保存しました。")
            return redirect("planning:policy_detail", pk=policy.pk)
    return render(
        request,
        "planning/policy_edit.html",
        {"policy": policy, "form": form, "section_forms": section_forms, "points": POINTS},
    )


@require_perm("planning.policy_approve")
@require_POST
def policy_approve_view(request, pk: int):
    policy = selectors.get_policy_for_viewer(request.membership, pk)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "承認するには、承認者と承認日を入力してください。")
        return redirect("planning:policy_detail", pk=policy.pk)
    previous = selectors.approved_policy(policy.organisation)
    try:
        policy_approve(
            actor=request.membership,
            policy=policy,
            approver_name=form.cleaned_data["approver_name"],
            approved_on=form.cleaned_data["approved_on"],
        )
    except ValidationError as exc:
        _error(request, exc)
        return redirect("planning:policy_detail", pk=policy.pk)
    text = f"第{policy.version}版を承認しました。"
    if previous is not None and previous.pk != policy.pk:
        text += f"これまでの第{previous.version}版は「改定済（旧版）」になりました。"
    messages.success(request, text)
    return redirect("planning:policy_detail", pk=policy.pk)


@require_perm("planning.policy_edit")
@require_POST
def policy_revise_view(request, pk: int):
    policy = selectors.get_policy_for_viewer(request.membership, pk)
    try:
        new = policy_revise(actor=request.membership, policy=policy)
    except ValidationError as exc:
        _error(request, exc)
        return redirect("planning:policy_detail", pk=policy.pk)
    messages.success(
        request,
        f"第{policy.version}版をもとに第{new.version}版の下書きを作りました。承認するまでは第{policy.version}版が有効です。",
    )
    return redirect("planning:policy_edit", pk=new.pk)


@require_perm("planning.policy_view")
def policy_docx(request, pk: int):
    viewer = request.membership
    policy = selectors.get_policy_for_viewer(viewer, pk)
    setting = user_setting_of(request.user)
    body = build_policy_docx(policy, date_style=setting.date_style if setting else "western")
    audit(viewer, "policy.export", policy, detail={"format": "docx", "version": policy.version})
    return file_response(
        body,
        filename=download_filename(policy.organisation, "基本方針", f"第{policy.version}版", ext="docx"),
        content_type=CONTENT_TYPE,
    )
