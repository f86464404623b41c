"""Views of the structure (実施体制): bodies as a tree, members and meeting records."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jinzai.core.access import require_perm
from jinzai.core.params import id_param
from jinzai.core.services import today
from jinzai.people.selectors import staff_visible_to

from ..forms.policy import BodyForm, MeetingForm, MemberForm
from ..selectors import policy as selectors
from ..services.structure import body_create, body_member_add, body_member_remove, body_update, meeting_create


def _add_errors(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


@require_perm("planning.structure_view")
def structure(request):
    nodes = selectors.body_tree(request.membership.organisation)
    return render(request, "planning/structure.html", {"nodes": nodes})


@require_perm("planning.structure_edit")
def body_create_view(request):
    viewer = request.membership
    initial = {}
    parent = id_param(request.GET, "parent", strict=False)
    if parent is not None:
        initial["parent"] = parent
    form = BodyForm(request.POST or None, organisation=viewer.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            body = body_create(actor=viewer, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"「{body.name}」を追加しました。続けて構成員を登録してください。")
            return redirect("planning:structure")
    return render(request, "planning/body_form.html", {"form": form, "body": None})


@require_perm("planning.structure_edit")
def body_edit(request, pk: int):
    viewer = request.membership
    body = selectors.get_body_for_viewer(viewer, pk)
    initial = {"name": body.name, "kind": body.kind, "parent": body.parent_id, "purpose": body.purpose}
    form = BodyForm(request.POST or None, organisation=viewer.organisation, body=body, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            body_update(actor=viewer, body=body, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"「{body.name}」を保存しました。")
            return redirect("planning:structure")
    return render(request, "planning/body_form.html", {"form": form, "body": body})


@require_perm("planning.structure_edit")
def member_add(request, pk: int):
    viewer = request.membership
    body = selectors.get_body_for_viewer(viewer, pk)
    form = MemberForm(request.POST or None, staff_queryset=staff_visible_to(viewer))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = body_member_add(
                actor=viewer, body=body, role=data["role"], staff=data["staff"], name=data["name"] or ""
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                f"{member.name}さんを「{body.name}」の{member.get_role_display()}として登録しました。",
            )
            return redirect("planning:structure")
    return render(request, "planning/body_member_form.html", {"form": form, "body": body})


@require_perm("planning.structure_edit")
@require_POST
def member_remove(request, pk: int):
    member = selectors.get_member_for_viewer(request.membership, pk)
    name, body_name = member.name, member.body.name
    body_member_remove(actor=request.membership, member=member)
    messages.success(request, f"{name}さんを「{body_name}」の構成員から外しました。")
    return redirect("planning:structure")


@require_perm("planning.structure_edit")
def meeting_add(request, pk: int):
    viewer = request.membership
    body = selectors.get_body_for_viewer(viewer, pk)
    form = MeetingForm(request.POST or None, initial={"held_on": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting_create(actor=viewer, body=body, **data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"「{body.name}」の会議「{data['title']}」を記録しました。")
            return redirect("planning:structure")
    return render(request, "planning/body_meeting_form.html", {"form": form, "body": body})
