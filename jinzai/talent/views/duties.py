"""Views of the DX duties registry and the 1人情シス risk report (with one-click backups)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jinzai.core.access import can, require_perm
from jinzai.core.exports import TableExport, export_response
from jinzai.core.params import parse_id
from jinzai.core.selectors import unit_paths
from jinzai.people.selectors import get_staff_for_viewer, staff_visible_to

from .. import facts as fact_sources
from ..forms.duties import DutyForm, HolderEndForm, HolderForm
from ..models import DutyHolder
from ..selectors import duties as selectors
from ..services import duties as services

DUTY_FIELDS = (
    "name",
    "kind",
    "category",
    "weight",
    "unit",
    "description",
    "outsourced",
    "contractor",
    "security_checked_on",
    "skill_keys",
    "started_on",
    "ended_on",
)


def _today():
    from jinzai.core.services import today

    return today()


def _errors_to(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


@require_perm("talent.duty_view")
def duty_list(request):
    viewer = request.membership
    rows = selectors.duty_rows(viewer.organisation)
    return render(
        request,
        "talent/duty_list.html",
        {
            "rows": rows,
            "active": sum(1 for r in rows if r["active"]),
            "single": sum(1 for r in rows if r["active"] and r["bus_factor"] <= 1),
            "overdue": sum(1 for r in rows if r["active"] and r["overdue"]),
            "can_manage": can(viewer, "talent.duty_manage"),
        },
    )


@require_perm("talent.duty_view")
def duty_export(request):
    viewer = request.membership
    rows = selectors.duty_rows(viewer.organisation)

    def lines():
        for r in rows:
            d = r["duty"]
            for_role = {role: [] for role in DutyHolder.Role.values}
            for h in r["holders"]:
                for_role[h.role].append(f"{h.staff.name}（{h.get_proficiency_display()}）")
            yield [
                d.name,
                d.get_kind_display(),
                d.get_category_display(),
                d.weight,
                r["unit_path"],
                "、".join(for_role[DutyHolder.Role.PRIMARY]),
                "、".join(for_role[DutyHolder.Role.BACKUP]),
                r["bus_factor"],
                d.contractor if d.outsourced else "",
                d.security_checked_on,
                "要確認" if r["overdue"] else "",
                d.started_on,
                d.ended_on,
            ]

    return export_response(
        request,
        TableExport(
            actor=viewer,
            action="duty.export",
            what="DX業務の一覧",
            headers=[
                "業務",
                "種類",
                "分類",
                "重み",
                "担当する所属",
                "主担当",
                "副担当",
                "担い手の数",
                "委託先",
                "セキュリティを確かめた日",
                "確認",
                "登録日",
                "廃止日",
            ],
            rows=lines,
            count=len(rows),
        ),
    )


@require_perm("talent.duty_manage")
def duty_create(request):
    viewer = request.membership
    form = DutyForm(
        request.POST or None,
        organisation=viewer.organisation,
        initial={"started_on": _today(), "weight": 3, "kind": "system"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            duty = services.duty_create(actor=viewer, **{k: form.cleaned_data[k] for k in DUTY_FIELDS})
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(
                request, f"DX業務「{duty.name}」を登録しました。続けて主担当と副担当を登録してください。"
            )
            return redirect("talent:duty_holder_add", pk=duty.pk)
    return render(request, "talent/duty_form.html", {"form": form, "duty": None})


@require_perm("talent.duty_manage")
def duty_edit(request, pk: int):
    viewer = request.membership
    duty = selectors.get_duty_for_viewer(viewer, pk)
    initial = {k: getattr(duty, k) for k in DUTY_FIELDS}
    initial["unit"] = duty.unit_id
    form = DutyForm(request.POST or None, organisation=viewer.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.duty_update(actor=viewer, duty=duty, **{k: form.cleaned_data[k] for k in DUTY_FIELDS})
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, f"DX業務「{duty.name}」を保存しました。")
            return redirect("talent:duty_list")
    holders = [r for r in selectors.duty_rows(viewer.organisation) if r["duty"].pk == duty.pk]
    return render(
        request,
        "talent/duty_form.html",
        {"form": form, "duty": duty, "holders": holders[0]["holders"] if holders else []},
    )


def _staff_label(staff, paths) -> str:
    path = paths.get(staff.current_unit_id, "")
    return f"{staff.staff_no} {staff.name}" + (f"（{path}）" if path else "")


@require_perm("talent.duty_manage")
def duty_holder_add(request, pk: int):
    viewer = request.membership
    duty = selectors.get_duty_for_viewer(viewer, pk)
    people = staff_visible_to(viewer)
    form = HolderForm(
        request.POST or None,
        staff_queryset=people,
        initial={
            "started_on": _today(),
            "role": DutyHolder.Role.PRIMARY,
            "proficiency": DutyHolder.Proficiency.ALONE,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.duty_holder_add(
                actor=viewer,
                duty=duty,
                staff=d["staff"],
                role=d["role"],
                proficiency=d["proficiency"],
                started_on=d["started_on"],
                note=d["note"],
            )
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(
                request,
                f"{d['staff'].name}さんを「{duty.name}」の{DutyHolder.Role(d['role']).label}にしました。",
            )
            return redirect("talent:duty_list")
    paths = unit_paths(viewer.organisation)
    options = [_staff_label(s, paths) for s in selectors.staff_options(viewer.organisation, duty)]
    return render(
        request, "talent/duty_holder_form.html", {"form": form, "duty": duty, "staff_options": options}
    )


@require_perm("talent.duty_manage")
def duty_holder_end(request, pk: int):
    viewer = request.membership
    holder = selectors.get_holder_for_viewer(viewer, pk)
    form = HolderEndForm(request.POST or None, initial={"ended_on": _today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.duty_holder_end(actor=viewer, holder=holder, ended_on=form.cleaned_data["ended_on"])
        except ValidationError as exc:
            form.add_error("ended_on", " ".join(exc.messages))
        else:
            messages.success(request, f"{holder.staff.name}さんの「{holder.duty.name}」の担当を終えました。")
            return redirect("talent:duty_list")
    return render(request, "talent/duty_holder_end.html", {"form": form, "h": holder})


@require_perm("talent.duty_view")
def risk_report(request):
    viewer = request.membership
    report = selectors.risk_report(viewer.organisation)
    chart = {
        "labels": [
            f"{p['day'].year}/{p['day'].month}" if i < len(report.trend) - 1 else "今日"
            for i, p in enumerate(report.trend)
        ],
        "index": [float(p["index"]) if p["index"] is not None else None for p in report.trend],
        "single": [p["single"] for p in report.trend],
    }
    return render(
        request,
        "talent/risk_report.html",
        {
            "r": report,
            "chart": chart,
            "can_manage": can(viewer, "talent.duty_manage"),
            "skill_labels": {
                item["duty"].pk: fact_sources.label_of_keys(
                    viewer.organisation, item["duty"].skill_keys or []
                )
                for item in report.single
            },
        },
    )


@require_perm("talent.duty_manage")
@require_POST
def risk_assign(request, pk: int):
    """One click: the suggested person becomes a backup (引き継ぎ中) of the duty from today."""
    viewer = request.membership
    duty = selectors.get_duty_for_viewer(viewer, pk)
    staff_id = parse_id(request.POST.get("staff"))
    if staff_id is None:
        messages.error(request, "副担当にする職員を選んでください。")
        return redirect("talent:risk_report")
    staff = get_staff_for_viewer(viewer, staff_id)
    try:
        services.duty_holder_add(
            actor=viewer,
            duty=duty,
            staff=staff,
            role=DutyHolder.Role.BACKUP,
            proficiency=DutyHolder.Proficiency.LEARNING,
            started_on=_today(),
            note="リスクの一覧から副担当に",
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{staff.name}さんを「{duty.name}」の副担当（引き継ぎ中）にしました。")
    return redirect("talent:risk_report")
