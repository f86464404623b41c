"""External specialists: positions, candidates (the hiring organisation only), contracts and the cost split
of a joint hiring (partners see their share), with the salary reference by ITSS level."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jinzai.core.access import can, require_perm

from .. import salary
from ..forms import CandidateForm, ContractForm, PositionForm
from ..models import Candidate
from ..selectors import shared
from ..services import specialists as services
from ._common import form_errors, report_error

POSITIONS = ("region:position_list", "外部専門人材")


@require_perm("region.position_view")
def position_list(request):
    viewer = request.membership
    return render(
        request,
        "region/position_list.html",
        {
            "positions": shared.positions_for_viewer(viewer),
            "can_manage": can(viewer, "region.position_manage"),
        },
    )


def _position_form(request, position=None):
    viewer = request.membership
    partners = list(shared.partner_choices(viewer))
    weights = {s.partner_id: s.weight for s in position.shares.all()} if position else {}
    initial = (
        {k: getattr(position, k) for k in services.POSITION_FIELDS}
        if position
        else {"own_weight": 100, "status": "planning"}
    )
    form = PositionForm(request.POST or None, partners=partners, weights=weights, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if position is None:
                position = services.position_create(actor=viewer, partners=form.partners(), **form.values())
                messages.success(request, f"「{position.title}」を追加しました。")
            else:
                services.position_update(
                    actor=viewer, position=position, partners=form.partners(), **form.values()
                )
                messages.success(request, f"「{position.title}」を保存しました。")
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            return redirect("region:position_detail", pk=position.pk)
    return render(
        request,
        "region/position_form.html",
        {"form": form, "position": position, "bands": salary.SALARY_BANDS, "salary_source": salary.SOURCE},
    )


@require_perm("region.position_manage")
def position_create(request):
    return _position_form(request)


@require_perm("region.position_manage")
def position_edit(request, pk: int):
    position = shared.get_own_position(request.membership, pk)
    return _position_form(request, shared.get_position_for_viewer(request.membership, position.pk))


@require_perm("region.position_view")
def position_detail(request, pk: int):
    viewer = request.membership
    position = shared.get_position_for_viewer(viewer, pk)
    is_owner = position.organisation_id == viewer.organisation.pk
    return render(
        request,
        "region/position_detail.html",
        {
            "position": position,
            "is_owner": is_owner,
            "parties": shared.position_parties(position),
            "contracts": shared.contract_costs(position),
            "candidates": shared.candidates_of(viewer, position) if is_owner else [],
            "candidate_form": CandidateForm() if is_owner and can(viewer, "region.position_manage") else None,
            "statuses": Candidate.Status.choices,
            "can_manage": is_owner and can(viewer, "region.position_manage"),
            "bands": salary.bands_for(position.itss_level),
            "salary_source": salary.SOURCE,
        },
    )


@require_POST
@require_perm("region.position_manage")
def candidate_add(request, pk: int):
    viewer = request.membership
    position = shared.get_own_position(viewer, pk)
    form = CandidateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "候補者の氏名を入力してください。")
        return redirect("region:position_detail", pk=pk)
    try:
        candidate = services.candidate_add(actor=viewer, position=position, **form.cleaned_data)
    except ValidationError as exc:
        report_error(request, exc)
    else:
        messages.success(request, f"候補者「{candidate.name}」を追加しました。")
    return redirect("region:position_detail", pk=pk)


@require_POST
@require_perm("region.position_manage")
def candidate_update(request, pk: int):
    viewer = request.membership
    candidate = shared.get_candidate_for_owner(viewer, pk)
    status = request.POST.get("status", "")
    try:
        services.candidate_update(actor=viewer, candidate=candidate, status=status)
    except ValidationError as exc:
        report_error(request, exc)
    else:
        messages.success(request, f"{candidate.name}さんの状況を保存しました。")
    return redirect("region:position_detail", pk=candidate.position_id)


@require_perm("region.position_manage")
def contract_create(request, pk: int):
    viewer = request.membership
    position = shared.get_own_position(viewer, pk)
    form = ContractForm(
        request.POST or None, initial={"scheme": position.scheme, "hours_per_month": position.hours_per_month}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_create(actor=viewer, position=position, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, "契約を記録しました。")
            return redirect("region:position_detail", pk=pk)
    return render(
        request,
        "region/contract_form.html",
        {
            "form": form,
            "position": position,
            "bands": salary.bands_for(position.itss_level) or salary.SALARY_BANDS,
            "salary_source": salary.SOURCE,
        },
    )
