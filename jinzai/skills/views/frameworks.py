"""Views of skill maps: list, detail, create/edit, categories, items, role profiles, export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from jinzai.core.access import require_perm
from jinzai.core.exports import TableExport, export_response

from .. import selectors, services
from ..forms import CategoryForm, FrameworkEditForm, FrameworkForm, ItemForm, ProfileForm
from ..importing import framework_export_rows


def _errors_to(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


@require_perm("skills.framework_view")
def framework_list(request):
    return render(
        request,
        "skills/framework_list.html",
        {"frameworks": selectors.framework_rows(request.membership.organisation)},
    )


@require_perm("skills.framework_view")
def framework_detail(request, pk: int):
    framework = selectors.get_framework_for_viewer(request.membership, pk)
    types = selectors.talent_types(request.membership.organisation)
    profiles = selectors.profiles_of(framework)
    structure = [
        (category, [(item, [profiles.get((item.pk, t.pk)) for t in types]) for item in items])
        for category, items in selectors.framework_structure(framework)
    ]
    return render(
        request,
        "skills/framework_detail.html",
        {
            "framework": framework,
            "structure": structure,
            "types": types,
            "levels": [(n, framework.level_label(n)) for n in framework.levels],
        },
    )


@require_perm("skills.framework_manage")
def framework_create(request):
    form = FrameworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            framework = services.framework_create(
                actor=request.membership,
                name=data["name"],
                description=data["description"],
                level_count=data["level_count"],
                level_labels=form.labels(),
            )
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(
                request, f"スキルマップ「{framework.name}」を作りました。区分と項目を加えてください。"
            )
            return redirect("skills:framework_detail", pk=framework.pk)
    return render(request, "skills/framework_form.html", {"form": form, "framework": None})


@require_perm("skills.framework_manage")
def framework_edit(request, pk: int):
    framework = selectors.get_framework_for_viewer(request.membership, pk)
    initial = {
        "name": framework.name,
        "description": framework.description,
        "level_count": framework.level_count,
        "is_active": framework.is_active,
        **{f"label_{n}": label for n, label in enumerate(framework.level_labels or [], start=1)},
    }
    form = FrameworkEditForm(request.POST or None, initial=initial, lock_levels=framework.campaigns.exists())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.framework_update(
                actor=request.membership,
                framework=framework,
                name=data["name"],
                description=data["description"],
                level_count=data["level_count"],
                level_labels=form.labels(),
                is_active=data["is_active"],
            )
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, f"スキルマップ「{framework.name}」を保存しました。")
            return redirect("skills:framework_detail", pk=framework.pk)
    return render(request, "skills/framework_form.html", {"form": form, "framework": framework})


@require_perm("skills.framework_manage")
def category_create(request, pk: int):
    framework = selectors.get_framework_for_viewer(request.membership, pk)
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_create(actor=request.membership, framework=framework, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, f"区分「{form.cleaned_data['name']}」を加えました。")
            return redirect("skills:framework_detail", pk=framework.pk)
    return render(
        request, "skills/category_form.html", {"form": form, "framework": framework, "category": None}
    )


@require_perm("skills.framework_manage")
def category_edit(request, pk: int):
    category = selectors.get_category_for_viewer(request.membership, pk)
    form = CategoryForm(
        request.POST or None, initial={"name": category.name, "description": category.description}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.category_update(actor=request.membership, category=category, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, f"区分「{category.name}」を保存しました。")
            return redirect("skills:framework_detail", pk=category.framework_id)
    return render(
        request,
        "skills/category_form.html",
        {"form": form, "framework": category.framework, "category": category},
    )


@require_perm("skills.framework_manage")
def item_create(request, pk: int):
    framework = selectors.get_framework_for_viewer(request.membership, pk)
    if not framework.categories.exists():
        messages.error(request, "先に区分を加えてください。")
        return redirect("skills:framework_category_create", pk=framework.pk)
    form = ItemForm(request.POST or None, framework=framework)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.item_create(
                actor=request.membership,
                framework=framework,
                category=framework.categories.get(pk=data["category"]),
                name=data["name"],
                description=data["description"],
                descriptors=form.descriptors(),
            )
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, f"項目「{data['name']}」を加えました。")
            return redirect("skills:framework_detail", pk=framework.pk)
    return render(request, "skills/item_form.html", {"form": form, "framework": framework, "item": None})


@require_perm("skills.framework_manage")
def item_edit(request, pk: int):
    item = selectors.get_item_for_viewer(request.membership, pk)
    framework = item.framework
    initial = {
        "category": item.category_id,
        "name": item.name,
        "description": item.description,
        "is_active": item.is_active,
        **{f"descriptor_{n}": item.descriptor(n) for n in framework.levels},
    }
    form = ItemForm(request.POST or None, framework=framework, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.item_update(
                actor=request.membership,
                item=item,
                category=framework.categories.get(pk=data["category"]),
                name=data["name"],
                description=data["description"],
                descriptors=form.descriptors(),
                is_active=data["is_active"],
            )
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, f"項目「{item.name}」を保存しました。")
            return redirect("skills:framework_detail", pk=framework.pk)
    return render(request, "skills/item_form.html", {"form": form, "framework": framework, "item": item})


@require_perm("skills.framework_manage")
def profile_edit(request, pk: int):
    framework = selectors.get_framework_for_viewer(request.membership, pk)
    types = selectors.talent_types(request.membership.organisation)
    items = selectors.ordered_items(framework)
    form = ProfileForm(
        request.POST or None,
        framework=framework,
        items=items,
        types=types,
        initial_levels=selectors.profiles_of(framework),
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.profile_update(
                actor=request.membership, framework=framework, levels=form.levels()
            )
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, f"期待レベルを保存しました（変更 {changed}か所）。")
            return redirect("skills:framework_detail", pk=framework.pk)
    return render(request, "skills/profile_form.html", {"form": form, "framework": framework, "types": types})


@require_perm("skills.framework_view")
def framework_export(request, pk: int):
    framework = selectors.get_framework_for_viewer(request.membership, pk)
    types = selectors.talent_types(request.membership.organisation)
    headers, rows = framework_export_rows(
        framework, selectors.framework_structure(framework), types, selectors.profiles_of(framework)
    )
    return export_response(
        request,
        TableExport(
            actor=request.membership,
            action="skill_framework.export",
            what=f"スキルマップ_{framework.name}",
            headers=headers,
            rows=lambda: rows,
            detail={"framework": framework.pk},
        ),
    )
