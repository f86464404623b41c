"""Views of talent types (人材像) and their sub-roles (区分)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from jinzai.core.access import require_perm
from jinzai.core.params import id_param

from .. import selectors, services
from ..forms import SubRoleEditForm, SubRoleForm, TalentTypeCreateForm, TalentTypeEditForm


def _add_errors(form, exc: ValidationError, field: str | None = None) -> None:
    for message in exc.messages:
        form.add_error(field, message)


@require_perm("talent.type_view")
def type_list(request):
    return render(
        request, "talent/type_list.html", {"rows": selectors.type_rows(request.membership.organisation)}
    )


@require_perm("talent.type_manage")
def type_create(request):
    viewer = request.membership
    initial = {}
    parent = id_param(request.GET, "parent")
    if parent:
        initial["parent"] = parent
    form = TalentTypeCreateForm(request.POST or None, organisation=viewer.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            talent_type = services.talent_type_create(
                actor=viewer,
                name=data["name"],
                description=data["description"],
                parent=data["parent"],
                sort_order=data["sort_order"],
            )
        except ValidationError as exc:
            _add_errors(form, exc, "name")
        else:
            messages.success(
                request, f"人材像「{talent_type.name}」を追加しました。必要なら区分を加えてください。"
            )
            return redirect("talent:type_edit", pk=talent_type.pk)
    return render(request, "talent/type_form.html", {"form": form})


@require_perm("talent.type_manage")
def type_edit(request, pk: int):
    viewer = request.membership
    talent_type = selectors.get_type_for_viewer(viewer, pk)
    active = selectors.active_count_of_type(talent_type)
    form = TalentTypeEditForm(
        request.POST or None,
        initial={
            "name": talent_type.name,
            "description": talent_type.description,
            "sort_order": talent_type.sort_order,
            "retired_on": talent_type.retired_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.talent_type_update(
                actor=viewer,
                talent_type=talent_type,
                name=data["name"],
                description=data["description"],
                sort_order=data["sort_order"],
            )
            if data["retired_on"] and data["retired_on"] != talent_type.retired_on:
                still_active = services.talent_type_retire(
                    actor=viewer, talent_type=talent_type, retired_on=data["retired_on"]
                )
                if still_active:
                    messages.warning(
                        request,
                        f"「{talent_type.name}」の使用をやめました。この人材像の有効な指定が{still_active}件残っています。"
                        "指定一覧で確かめ、必要なら終了してください。",
                    )
            elif not data["retired_on"] and not talent_type.is_active:
                services.talent_type_reactivate(actor=viewer, talent_type=talent_type)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"人材像「{talent_type.name}」を保存しました。")
            return redirect("talent:type_list")
    return render(
        request,
        "talent/type_edit.html",
        {
            "form": form,
            "talent_type": talent_type,
            "sub_roles": talent_type.sub_roles.order_by("sort_order", "id"),
            "active": active,
        },
    )


@require_perm("talent.type_manage")
def subrole_create(request, pk: int):
    viewer = request.membership
    talent_type = selectors.get_type_for_viewer(viewer, pk)
    form = SubRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sub_role = services.sub_role_create(actor=viewer, talent_type=talent_type, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc, "name")
        else:
            messages.success(request, f"「{talent_type.name}」に区分「{sub_role.name}」を追加しました。")
            return redirect("talent:type_edit", pk=talent_type.pk)
    return render(request, "talent/subrole_form.html", {"form": form, "talent_type": talent_type})


@require_perm("talent.type_manage")
def subrole_edit(request, pk: int):
    viewer = request.membership
    sub_role = selectors.get_sub_role_for_viewer(viewer, pk)
    talent_type = sub_role.talent_type
    active = selectors.active_count_of_sub_role(sub_role)
    form = SubRoleEditForm(
        request.POST or None,
        initial={
            "name": sub_role.name,
            "description": sub_role.description,
            "sort_order": sub_role.sort_order,
            "is_active": sub_role.is_active,
        },
    )
    if request.method == "POST" and form.is_valid():
        was_active = sub_role.is_active
        try:
            services.sub_role_update(actor=viewer, sub_role=sub_role, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc, "name")
        else:
            if was_active and not sub_role.is_active and active:
                messages.warning(
                    request,
                    f"区分「{sub_role.name}」の使用をやめました。この区分の有効な指定が{active}件残っています。"
                    "指定一覧で確かめ、必要なら終了してください。",
                )
            messages.success(request, f"区分「{sub_role.name}」を保存しました。")
            return redirect("talent:type_edit", pk=talent_type.pk)
    return render(
        request,
        "talent/subrole_form.html",
        {"form": form, "talent_type": talent_type, "sub_role": sub_role, "active": active},
    )
