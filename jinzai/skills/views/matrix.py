"""Views of the skill matrix: unit × item heatmap, person × item heatmap of a unit, gap analysis.

Scope: a manager sees only their units (and nobody's sheet outside them); an executive sees the
aggregated unit × item heatmap and unit/type gaps, never a person's ratings.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from jinzai.core.access import can_see_field, ensure_field_scope, field_scope, require_perm
from jinzai.core.audit import audit, audit_people
from jinzai.core.exports import TableExport, export_response
from jinzai.core.params import id_param
from jinzai.core.roles import Role
from jinzai.core.selectors import get_unit_for_viewer, manager_scope_ids, unit_paths, unit_tree

from .. import matrix, selectors
from ..models import Participant


def _campaign(request):
    org = request.membership.organisation
    campaigns = list(selectors.campaigns_of(org))
    chosen = request.GET.get("campaign")
    campaign = next((c for c in campaigns if str(c.pk) == chosen), None) or selectors.default_campaign(org)
    basis = request.GET.get("basis") if request.GET.get("basis") in matrix.BASES else "final"
    return campaigns, campaign, basis


def _scope(request) -> set[int] | None:
    viewer = request.membership
    return manager_scope_ids(viewer) if Role(viewer.role) == Role.MANAGER else None


def _people_scope(request, field: str = "skills.ratings"):
    """The people whose ratings the viewer may read; a 403 for roles that see aggregates only."""
    return ensure_field_scope(request.membership, field)


def _people_allowed(request) -> bool:
    return field_scope(request.membership, "skills.ratings").reaches_others


def _query(campaign, basis) -> str:
    return f"campaign={campaign.pk}&basis={basis}" if campaign else ""


@require_perm("skills.matrix_view")
def matrix_view(request):
    campaigns, campaign, basis = _campaign(request)
    heatmap = matrix.unit_heatmap(campaign, basis=basis, unit_ids=_scope(request)) if campaign else None
    chart = None
    if heatmap:
        chart = {
            "labels": [i.name for i in heatmap.items],
            "data": [float(c.avg) if c.avg is not None else None for c, _ in heatmap.total],
            "share": [float(c.share) if c.share is not None else None for c, _ in heatmap.total],
            "max": heatmap.level_count,
        }
    return render(
        request,
        "skills/matrix.html",
        {
            "campaigns": campaigns,
            "campaign": campaign,
            "basis": basis,
            "bases": matrix.BASES,
            "heatmap": heatmap,
            "chart": chart,
            "query": _query(campaign, basis),
            "people_allowed": _people_allowed(request),
        },
    )


def _heatmap_rows(heatmap, *, people: bool):
    headers = ["氏名" if people else "所属"]
    if people:
        headers.append("状態")
    for item in heatmap.items:
        headers.append(item.name)
        if not people:
            headers.append(f"{item.name}（期待レベル以上の割合％）")
    rows = []
    for row in heatmap.rows:
        line = [row["label"]]
        if people:
            line.append(row["sheet"].get_status_display())
        for cell, _ in row["cells"]:
            if people:
                line.append(cell["level"] if cell["level"] is not None else "")
            else:
                line += [
                    cell.avg if cell.avg is not None else "",
                    cell.share if cell.share is not None else "",
                ]
        rows.append(line)
    return headers, rows


@require_perm("skills.matrix_view")
def matrix_export(request):
    campaigns, campaign, basis = _campaign(request)
    if campaign is None:
        headers, rows = ["所属"], []
    else:
        headers, rows = _heatmap_rows(
            matrix.unit_heatmap(campaign, basis=basis, unit_ids=_scope(request)), people=False
        )
    return export_response(
        request,
        TableExport(
            actor=request.membership,
            action="skill_matrix.export",
            what="スキルの分布_所属別",
            headers=headers,
            rows=lambda: rows,
            detail={"campaign": campaign.pk if campaign else None, "basis": basis},
        ),
    )


def _unit_for(request, pk: int):
    people = _people_scope(request)
    unit = get_unit_for_viewer(request.membership, pk)
    if not people.everyone and unit.pk not in people.unit_ids:
        raise Http404
    return unit


@require_perm("skills.matrix_view")
def matrix_unit(request, pk: int):
    unit = _unit_for(request, pk)
    campaigns, campaign, basis = _campaign(request)
    heatmap = (
        matrix.person_heatmap(campaign, matrix.subtree(unit.organisation, unit.pk), basis=basis)
        if campaign
        else None
    )
    if heatmap is not None:  # one audit row per person shown, however many items
        audit_people(
            request.membership,
            "skill_matrix.view_unit",
            [row["sheet"].staff_id for row in heatmap.rows],
            unit,
            detail={"campaign": campaign.pk, "basis": basis},
        )
    return render(
        request,
        "skills/matrix_unit.html",
        {
            "unit": unit,
            "path": unit_paths(unit.organisation).get(unit.pk, unit.name),
            "campaigns": campaigns,
            "campaign": campaign,
            "basis": basis,
            "bases": matrix.BASES,
            "heatmap": heatmap,
            "query": _query(campaign, basis),
            "Status": Participant.Status,
        },
    )


@require_perm("skills.matrix_view")
def matrix_unit_export(request, pk: int):
    unit = _unit_for(request, pk)
    _, campaign, basis = _campaign(request)
    headers, rows = ["氏名"], []
    if campaign:
        heatmap = matrix.person_heatmap(campaign, matrix.subtree(unit.organisation, unit.pk), basis=basis)
        headers, rows = _heatmap_rows(heatmap, people=True)
    return export_response(
        request,
        TableExport(
            actor=request.membership,
            action="skill_matrix.export_unit",
            what=f"スキルの分布_{unit.name}",
            headers=headers,
            rows=lambda: rows,
            detail={"unit": unit.pk, "campaign": campaign.pk if campaign else None},
        ),
    )


def _gap(request) -> dict:
    """Gap of a person (latest confirmed levels), a unit or a talent type (one campaign) against profiles."""
    viewer = request.membership
    org = viewer.organisation
    campaigns, campaign, _ = _campaign(request)
    types = selectors.talent_types(org)
    scope = _scope(request)
    units = unit_tree(org)
    if scope is not None:
        units = [n for n in units if n.unit.pk in scope]
    ctx = {"campaigns": campaigns, "campaign": campaign, "types": types, "units": units, "rows": None}
    staff_id, unit_id, type_id = (id_param(request.GET, k) for k in ("staff", "unit", "type"))
    if staff_id:
        if staff_id != viewer.staff_id:
            _people_scope(request, "skills.gap")  # 403 for roles that see aggregates only
        sheets = selectors.sheets_visible_to(viewer).filter(staff_id=staff_id).select_related("staff")
        sheet = sheets.order_by("-campaign__ends_on").first()
        if sheet is None or not can_see_field(viewer, sheet.staff, "skills.gap"):
            raise Http404
        framework = campaign.framework if campaign else sheet.campaign.framework
        ctx.update(
            kind="person",
            sheet=sheet,
            subject=sheet.staff.name,
            rows=matrix.person_gap(sheet.staff_id, framework),
            framework=framework,
        )
    elif unit_id and campaign:
        unit = get_unit_for_viewer(viewer, unit_id)
        ids = matrix.subtree(org, unit.pk)
        if scope is not None:
            if unit.pk not in scope:
                raise Http404
            ids &= scope
        ctx.update(
            kind="group", subject=unit.name, rows=matrix.group_gap(campaign, unit_ids=ids), unit_id=unit.pk
        )
    elif type_id and campaign:
        talent_type = next((t for t in types if t.pk == type_id), None)
        if talent_type is None:
            raise Http404
        ctx.update(
            kind="group",
            subject=talent_type.name,
            rows=matrix.group_gap(campaign, talent_type_id=talent_type.pk, unit_ids=scope),
            type_id=talent_type.pk,
        )
    return ctx


@require_perm("skills.matrix_view")
def gap(request):
    ctx = _gap(request)
    if ctx.get("kind") == "person":
        audit(
            request.membership,
            "skill_gap.view",
            ctx["sheet"].staff,
            detail={"framework": ctx["framework"].pk},
        )
    ctx["query"] = request.GET.urlencode()
    ctx["people_allowed"] = _people_allowed(request)
    return render(request, "skills/gap.html", ctx)


@require_perm("skills.matrix_view")
def gap_export(request):
    ctx = _gap(request)
    headers, rows = ["項目"], []
    if ctx.get("kind") == "person":
        headers = ["項目", "確定レベル", "評価", "期待レベル", "差"]
        rows = [
            [
                r["item"].name,
                r["level"] or "",
                r["campaign"].name if r["campaign"] else "",
                r["expected"] or "",
                r["gap"] if r["gap"] is not None else "",
            ]
            for r in ctx["rows"]
        ]
    elif ctx.get("kind") == "group":
        headers = [
            "項目",
            "評価した人数",
            "平均レベル",
            "平均期待レベル",
            "差",
            "期待レベル以上の割合（％）",
            "届いていない人数",
        ]
        rows = [
            [
                r["item"].name,
                r["n"],
                r.get("avg", ""),
                r.get("expected") or "",
                r.get("gap") if r.get("gap") is not None else "",
                r.get("share") if r.get("share") is not None else "",
                r.get("below") if r.get("below") is not None else "",
            ]
            for r in ctx["rows"]
        ]
    return export_response(
        request,
        TableExport(
            actor=request.membership,
            action="skill_gap.export",
            what=f"ギャップ分析_{ctx.get('subject', '')}",
            headers=headers,
            rows=lambda: rows,
            detail={"query": request.GET.urlencode()[:200]},
        ),
    )
