"""Views of level criteria (判定基準) and their current evaluation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jinzai.core.access import require_perm

from .. import selectors, services
from ..criteria import suggestions_for
from ..forms import CriterionForm


def _items(organisation):
    return selectors.active_items(organisation)


@require_perm("skills.framework_view")
def criteria_list(request):
    org = request.membership.organisation
    types = selectors.talent_types(org)
    found = suggestions_for(org, types)
    rows = [{"type": t, **found[t.pk]} for t in types if t.pk in found]
    criteria = list(selectors.criteria_of(org))
    return render(request, "skills/criteria_list.html", {"rows": rows, "criteria": criteria})


def _form_view(request, criterion=None):
    org = request.membership.organisation
    items = _items(org)
    initial = {}
    if criterion is not None:
        initial = {
            "talent_type": criterion.talent_type_id,
            "level": criterion.level,
            "items": [i.pk for i in criterion.items.all()],
            "min_level": criterion.min_level,
            "min_share": criterion.min_share,
            "employment_types": criterion.employment_types,
            "designated_only": criterion.designated_only,
            "note": criterion.note,
        }
    form = CriterionForm(
        request.POST or None, types=selectors.talent_types(org), items=items, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        by_pk = {i.pk: i for i in items}
        chosen = [by_pk[pk] for pk in data.pop("items")]
        data["talent_type"] = next(t for t in selectors.talent_types(org) if t.pk == data["talent_type"])
        try:
            if criterion is None:
                services.criterion_create(actor=request.membership, items=chosen, **data)
            else:
                services.criterion_update(actor=request.membership, criterion=criterion, items=chosen, **data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "判定基準を保存しました。")
            return redirect("skills:framework_criteria")
    return render(request, "skills/criterion_form.html", {"form": form, "criterion": criterion})


@require_perm("skills.framework_manage")
def criterion_create(request):
    return _form_view(request)


@require_perm("skills.framework_manage")
def criterion_edit(request, pk: int):
    return _form_view(request, selectors.get_criterion_for_viewer(request.membership, pk))


@require_perm("skills.framework_manage")
@require_POST
def criterion_delete(request, pk: int):
    criterion = selectors.get_criterion_for_viewer(request.membership, pk)
    services.criterion_delete(actor=request.membership, criterion=criterion)
    messages.info(request, "判定基準を削除しました。")
    return redirect("skills:framework_criteria")
