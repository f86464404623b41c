"""The prefecture's dashboard of member municipalities (aggregates only), the drill-down to one
municipality, the XLSX export and the survey figures of municipalities not using the system."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from jinzai.core.access import require_perm
from jinzai.core.dates import fiscal_year_label, fiscal_year_of
from jinzai.core.exports import TableExport, export_response
from jinzai.core.params import fiscal_year_param

from .. import figures as fig
from ..forms import SurveyFigureForm, SurveyMunicipalityForm
from ..selectors import prefecture as pref
from ..services import sharing as services
from ..services.sharing import SURVEY_FIELDS
from ._common import form_errors, form_page, prefecture_page, today

CHART_SERIES = (
    ("plan_share", "計画の達成度"),
    ("coverage", "リーダー配置率"),
    ("certified_share", "資格保有率"),
)


def _num(value) -> float | None:
    return None if value is None else float(value)


def _chart(rows: list[fig.Figures]) -> dict:
    return {
        "labels": [r.name for r in rows],
        "unit": "%",
        "series": [
            {"label": label, "values": [_num(getattr(r, attr)) for r in rows]} for attr, label in CHART_SERIES
        ],
    }


def _bands(rows: list[fig.Figures]) -> list[dict]:
    order = [label for _, _, label in fig.BANDS] + [fig.TOP_BAND]
    result = []
    for band in order:
        members = [r for r in rows if r.band == band]
        if not members:
            continue
        result.append(
            {
                "band": band,
                "n": len(members),
                "plan_share": fig.average(r.plan_share for r in members),
                "coverage": fig.average(r.coverage for r in members),
                "certified_share": fig.average(r.certified_share for r in members),
                "completions_per_100": fig.average(r.completions_per_100 for r in members),
            }
        )
    return result


@require_perm("region.dashboard")
@prefecture_page
def dashboard(request):
    day = today()
    rows = pref.dashboard_figures(request.membership, day)
    live = [r for r in rows if r.is_live]
    return render(
        request,
        "region/dashboard.html",
        {
            "rows": rows,
            "live": live,
            "surveyed": [r for r in rows if not r.is_live],
            "fiscal_year": fiscal_year_of(day),
            "chart": _chart(rows),
            "bands": _bands(rows),
            "notes": fig.FIGURE_NOTES,
            "kinds": fig.LEVEL_KINDS,
            "totals": {
                "staff": sum(r.staff or 0 for r in live),
                "support": sum(r.support_count for r in rows),
                "hours": sum((r.support_hours for r in rows), Decimal(0)),
                "completions": sum(r.completions or 0 for r in live),
            },
            "case_counts": pref.case_status_counts(request.membership),
        },
    )


EXPORT_HEADERS = [
    "団体コード",
    "団体名",
    "データ",
    "職員数",
    "規模",
    "現状レベル（高度専門人材）",
    "現状レベル（DX推進リーダー）",
    "現状レベル（一般行政職員）",
    "計画の達成度（%）",
    "目標（測定済み）",
    "目標（達成・順調）",
    "リーダー配置率（%）",
    "課の数",
    "リーダーのいる課",
    "資格保有率（%）",
    "研修の修了（延べ人数）",
    "支援の利用（回）",
    "支援の利用（時間）",
    "1人情シスのリスク",
]


def _export_row(r: fig.Figures) -> list:
    source = (
        "利用中"
        if r.is_live
        else (f"調査値（{fiscal_year_label(r.survey_year)}）" if r.survey_year else "調査値なし")
    )
    return [
        r.code,
        r.name,
        source,
        r.staff,
        r.band,
        r.level("expert"),
        r.level("leader"),
        r.level("general"),
        _num(r.plan_share),
        r.plan_measured,
        r.plan_good,
        _num(r.coverage),
        r.units,
        r.covered_units,
        _num(r.certified_share),
        r.completions,
        r.support_count if r.is_live else None,
        _num(r.support_hours) if r.is_live else None,
        r.one_person,
    ]


@require_perm("region.dashboard")
@prefecture_page
def dashboard_export(request):
    day = today()
    rows = pref.dashboard_figures(request.membership, day, action=None)
    export = TableExport(
        actor=request.membership,
        action="region.figures.export",
        what="管内市区町村の集計",
        headers=EXPORT_HEADERS,
        rows=lambda: (_export_row(r) for r in rows),
        count=len(rows),
        detail={"organisations": [r.code for r in rows]},
        parts=(fiscal_year_label(fiscal_year_of(day)).split("（")[0],),
    )
    return export_response(request, export)


@require_perm("region.dashboard")
@prefecture_page
def municipality(request, pk: int):
    viewer = request.membership
    day = today()
    org = pref.get_member_for_prefecture(viewer, pk)
    own, everyone = pref.municipality_figures(viewer, org, day)
    compare = fig.comparison(own, everyone)
    chart = {
        "labels": [row["label"] for row in compare["rows"] if row["unit"] == "%"],
        "unit": "%",
        "series": [
            {
                "label": org.name,
                "values": [_num(row["own"]) for row in compare["rows"] if row["unit"] == "%"],
            },
            {
                "label": f"同規模の平均（{compare['band']}）",
                "values": [_num(row["band"]) for row in compare["rows"] if row["unit"] == "%"],
            },
            {
                "label": "管内の平均",
                "values": [_num(row["all"]) for row in compare["rows"] if row["unit"] == "%"],
            },
        ],
    }
    fy = fiscal_year_of(day)
    return render(
        request,
        "region/municipality.html",
        {
            "org": org,
            "f": own,
            "compare": compare,
            "chart": chart,
            "kinds": fig.LEVEL_KINDS,
            "fiscal_year": fy,
            "plan_detail": pref.plan_detail_for_prefecture(viewer, org, day),
            "unit_detail": pref.unit_detail_for_prefecture(viewer, org, day),
            "cases": pref.cases_for_prefecture(viewer, municipality_id=org.pk)[:10],
            "usage": [
                u for u in pref.scheme_usage_for_prefecture(viewer, fy) if u["municipality_id"] == org.pk
            ],
            "visits": pref.visits_for_prefecture(viewer, municipality_id=org.pk)[:5],
            "counterpart": pref.counterparts_for_prefecture(viewer).get(org.pk),
            "notes": fig.FIGURE_NOTES,
        },
    )


# --- survey figures ---------------------------------------------------------------------------------


@require_perm("region.survey_manage")
@prefecture_page
def survey_list(request):
    return render(
        request,
        "region/survey_list.html",
        {"municipalities": pref.survey_municipalities(request.membership).order_by("code")},
    )


@require_perm("region.survey_manage")
@prefecture_page
def survey_create(request):
    form = SurveyMunicipalityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            m = services.survey_municipality_create(actor=request.membership, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, f"{m.name}を登録しました。続けて調査値を入力してください。")
            return redirect("region:survey_edit", pk=m.pk)
    return form_page(
        request,
        form,
        title="調査値の団体を追加",
        crumbs=[("region:dashboard", "管内の集計"), ("region:survey_list", "調査値（システム未利用の団体）")],
        submit="追加する",
        cancel="region:survey_list",
        intro="このシステムをまだ使っていない管内の市区町村を登録し、毎年の調査の値を入力できるようにします。",
    )


@require_perm("region.survey_manage")
@prefecture_page
def survey_edit(request, pk: int):
    viewer = request.membership
    municipality = pref.get_survey_for_prefecture(viewer, pk)
    fy = fiscal_year_param(request.GET, default=fiscal_year_of(today()))
    existing = {f.fiscal_year: f for f in municipality.figures.all()}
    current = existing.get(fy)
    initial = {"fiscal_year": fy} | ({k: getattr(current, k) for k in SURVEY_FIELDS} if current else {})
    form = SurveyFigureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        year = data.pop("fiscal_year")
        try:
            services.survey_figure_save(actor=viewer, municipality=municipality, fiscal_year=year, **data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(
                request, f"{municipality.name}の{fiscal_year_label(year)}の調査値を保存しました。"
            )
            return redirect("region:survey_list")
    return render(
        request,
        "region/survey_edit.html",
        {
            "form": form,
            "municipality": municipality,
            "years": sorted(existing.values(), key=lambda f: -f.fiscal_year),
        },
    )
