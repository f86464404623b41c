"""Views of campaigns: list, open, edit, close, response-rate dashboard, who has not answered."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jinzai.core.access import can, require_perm
from jinzai.core.dates import fiscal_year_of
from jinzai.core.exports import TableExport, export_response
from jinzai.core.params import id_param
from jinzai.core.services import today

from .. import selectors, services
from ..forms import CampaignEditForm, CampaignForm


@require_perm("skills.campaign_view")
def campaign_list(request):
    return render(
        request,
        "skills/campaign_list.html",
        {"campaigns": selectors.campaign_rows(request.membership.organisation)},
    )


@require_perm("skills.campaign_manage")
def campaign_create(request):
    org = request.membership.organisation
    frameworks = list(selectors.frameworks_of(org, active_only=True))
    fy = fiscal_year_of(today())
    preset = id_param(request.GET, "framework", strict=False)
    form = CampaignForm(
        request.POST or None,
        organisation=org,
        frameworks=frameworks,
        types=selectors.talent_types(org),
        current_fy=fy,
        initial={
            "fiscal_year": fy,
            "starts_on": today(),
            "framework": preset,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        framework = next(f for f in frameworks if f.pk == data["framework"])
        try:
            campaign = services.campaign_create(
                actor=request.membership,
                name=data["name"],
                fiscal_year=data["fiscal_year"],
                framework=framework,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                population={
                    "units": data["units"],
                    "talent_types": data["talent_types"],
                    "employment_types": data["employment_types"],
                },
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request, f"「{campaign.name}」を始めました。対象者 {campaign.participants.count():,}名です。"
            )
            return redirect("skills:campaign_detail", pk=campaign.pk)
    return render(request, "skills/campaign_form.html", {"form": form})


@require_perm("skills.campaign_manage")
def campaign_edit(request, pk: int):
    campaign = selectors.get_campaign_for_viewer(request.membership, pk)
    form = CampaignEditForm(
        request.POST or None, initial={"name": campaign.name, "ends_on": campaign.ends_on}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(actor=request.membership, campaign=campaign, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "評価の名称と締切日を保存しました。")
            return redirect("skills:campaign_detail", pk=campaign.pk)
    return render(request, "skills/campaign_edit.html", {"form": form, "campaign": campaign})


@require_perm("skills.campaign_manage")
@require_POST
def campaign_close(request, pk: int):
    campaign = selectors.get_campaign_for_viewer(request.membership, pk)
    if request.POST.get("confirm") != "yes":
        messages.error(
            request, "終了するには、確認のチェックを入れてから「評価を終了する」を押してください。"
        )
        return redirect("skills:campaign_detail", pk=campaign.pk)
    try:
        services.campaign_close(actor=request.membership, campaign=campaign)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"「{campaign.name}」を終了しました。以後、評価は変更できません。")
    return redirect("skills:campaign_detail", pk=campaign.pk)


@require_perm("skills.campaign_view")
def campaign_detail(request, pk: int):
    campaign = selectors.get_campaign_for_viewer(request.membership, pk)
    rates = selectors.response_rates(campaign)
    chart = {
        "labels": [r["label"].split(" ／ ")[-1] for r in rates["rows"]],
        "answered": [r["answered_pct"] for r in rates["rows"]],
        "confirmed": [r["confirmed_pct"] for r in rates["rows"]],
    }
    return render(
        request,
        "skills/campaign_detail.html",
        {
            "campaign": campaign,
            "rates": rates,
            "chart": chart,
            "can_people": can(request.membership, "skills.results_view"),
        },
    )


@require_perm("skills.results_view")
def campaign_pending(request, pk: int):
    campaign = selectors.get_campaign_for_viewer(request.membership, pk)
    owner, labels, _ = selectors.rollup(campaign.organisation)
    sheets = list(selectors.pending_sheets(campaign, request.membership))
    for sheet in sheets:
        sheet.unit_label = labels.get(owner.get(sheet.unit_id), "所属なし")
    return render(request, "skills/campaign_pending.html", {"campaign": campaign, "sheets": sheets})


@require_perm("skills.results_view")
def campaign_pending_export(request, pk: int):
    campaign = selectors.get_campaign_for_viewer(request.membership, pk)
    from jinzai.core.selectors import unit_paths

    paths = unit_paths(campaign.organisation)
    rows = (
        [s.staff.staff_no, s.staff.name, paths.get(s.unit_id, "所属なし"), s.get_status_display()]
        for s in selectors.pending_sheets(campaign, request.membership).iterator(chunk_size=2000)
    )
    return export_response(
        request,
        TableExport(
            actor=request.membership,
            action="skill_campaign.export_pending",
            what=f"未回答者_{campaign.name}",
            headers=["職員番号", "氏名", "所属", "状態"],
            rows=lambda: rows,
            detail={"campaign": campaign.pk},
        ),
    )
