"""Views of maturity levels (育成目標レベル) and level assessments (現状レベル評価)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from jinzai.core import hooks
from jinzai.core.access import require_perm
from jinzai.core.dates import fiscal_year_label, fiscal_year_of
from jinzai.core.params import id_param
from jinzai.core.services import today

from ..forms.policy import AssessmentForm, LevelEditForm
from ..selectors import policy as selectors
from ..selectors.plans import user_setting_of
from ..services.levels import level_assessment_create, maturity_level_update


def level_suggestions(organisation, types) -> list[dict]:
    """[{"type", "level", "lines": [{"level", "text", "met"}], "url"}] in type order."""
    found: dict = {}
    # hooks.LEVEL_SUGGESTERS: fn(organisation, types) -> {talent_type_pk: {"level", "lines", "url"}}
    for suggestions in hooks.LEVEL_SUGGESTERS.collect(organisation, types):
        found.update(suggestions)
    return [{"type": t, **found[t.pk]} for t in types if t.pk in found]


def display_name_of(request) -> str:
    """The name the header shows for the user, else the linked staff member's name, else the login id."""
    setting = user_setting_of(request.user)
    if setting and setting.display_name:
        return setting.display_name
    staff = getattr(request.membership, "staff", None)
    return staff.name if staff else request.user.get_username()


def _level_rows(organisation, types, headers):
    """Per type: (level, MaturityLevel, whether its name differs from the column header) and the current level."""
    levels = selectors.levels_by_type(organisation, [t.pk for t in types])
    current = selectors.current_levels(organisation)
    header_names = dict(headers)
    rows = []
    for t in types:
        cells = []
        for n in range(1, 6):
            level = levels[t.pk].get(n)
            cells.append((n, level, bool(level and level.name != header_names.get(n))))
        assessment = current.get(t.pk)
        # 「令和7年度」「（2025年度）」: two pieces that wrap between, not inside, in a narrow cell
        label = fiscal_year_label(assessment.fiscal_year).split("（", 1) if assessment else []
        rows.append({"type": t, "cells": cells, "current": assessment, "current_label": label})
    return rows


@require_perm("planning.level_view")
def level_list(request):
    viewer = request.membership
    types = list(selectors.talent_types_for(viewer))
    headers = selectors.level_headers(viewer.organisation, [t.pk for t in types])
    return render(
        request,
        "planning/level_list.html",
        {
            "headers": headers,
            "rows": _level_rows(viewer.organisation, types, headers),
            "assessments": list(selectors.assessments_for(viewer)),
            "chart": selectors.level_chart_data(viewer, types),
            "suggestions": level_suggestions(viewer.organisation, types),
        },
    )


@require_perm("planning.level_manage")
def level_edit(request, pk: int):
    viewer = request.membership
    talent_type = selectors.get_talent_type_for_viewer(viewer, pk)
    current = selectors.levels_by_type(viewer.organisation, [talent_type.pk])[talent_type.pk]
    initial = {}
    for level, row in current.items():
        initial[f"name_{level}"] = row.name
        initial[f"description_{level}"] = row.description
    form = LevelEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            maturity_level_update(actor=viewer, talent_type=talent_type, levels=form.levels())
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"「{talent_type.name}」の育成目標レベルを保存しました。")
            return redirect("planning:level_list")
    return render(request, "planning/level_edit.html", {"form": form, "talent_type": talent_type})


@require_perm("planning.level_manage")
def assessment_create(request):
    viewer = request.membership
    types = list(selectors.talent_types_for(viewer))
    headers = selectors.level_headers(viewer.organisation, [t.pk for t in types])
    initial = {
        "fiscal_year": fiscal_year_of(today()),
        "assessed_on": today(),
        "assessor": display_name_of(request),
        "talent_type": id_param(request.GET, "type", strict=False),
        "level": id_param(request.GET, "level", strict=False),
    }
    form = AssessmentForm(
        request.POST or None, talent_types=types, level_names=dict(headers), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        talent_type = selectors.get_talent_type_for_viewer(viewer, data["talent_type"])
        try:
            level_assessment_create(
                actor=viewer,
                talent_type=talent_type,
                fiscal_year=data["fiscal_year"],
                level=data["level"],
                evidence=data["evidence"],
                assessor=data["assessor"],
                assessed_on=data["assessed_on"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                f"{fiscal_year_label(data['fiscal_year'])}の「{talent_type.name}」を"
                f"レベル{data['level']}として記録しました。",
            )
            return redirect("planning:level_list")
    return render(
        request,
        "planning/assessment_form.html",
        {
            "form": form,
            "rows": _level_rows(viewer.organisation, types, headers),
            "headers": headers,
            "suggestions": level_suggestions(viewer.organisation, types),
        },
    )
