"""Views of the candidate finder (候補者の検索), per-unit shortlists, their export and the talent settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from jinzai.core.access import can, require_perm
from jinzai.core.exports import TableExport, export_response
from jinzai.core.params import int_param

from ..forms.candidates import CandidateFilterForm, TalentSettingsForm
from ..models.options import SCORE_PARTS
from ..selectors import candidates as candidate_selectors
from ..selectors.duties import settings_of
from ..services.careers import talent_settings_update

PAGE_SIZE = 50


def _form(request) -> CandidateFilterForm:
    """Bound when the filter was sent (any parameter but the page and the export's format)."""
    sent = set(request.GET) - {"page", "format", "encoding", "by"}
    return CandidateFilterForm(request.GET if sent else None, organisation=request.membership.organisation)


class _Page:
    """A page of the finder for the paginator (the total is known, the rows are scored)."""

    def __init__(self, total: int) -> None:
        self.total = total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, item):
        return range(self.total)[item]


@require_perm("talent.candidate_find")
def candidate_finder(request):
    viewer = request.membership
    form = _form(request)
    f = form.to_filter()
    number = int_param(request.GET, "page", default=1, minimum=1, strict=False)
    total, rows = candidate_selectors.find(
        viewer.organisation, f, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    page = Paginator(_Page(total), PAGE_SIZE).get_page(number)
    offset = (page.number - 1) * PAGE_SIZE
    if page.number != number:  # past the last page: show the last one
        total, rows = candidate_selectors.find(viewer.organisation, f, offset=offset, limit=PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    settings = settings_of(viewer.organisation)
    return render(
        request,
        "talent/candidate_finder.html",
        {
            "form": form,
            "rows": rows,
            "page": page,
            "total": total,
            "offset": offset,
            "query": query.urlencode(),
            "weights": [(label, settings.weight(key)) for key, label, _ in SCORE_PARTS],
            "can_settings": can(viewer, "talent.settings_manage"),
            "can_designate": can(viewer, "talent.designation_manage"),
        },
    )


@require_perm("talent.candidate_find")
def candidate_shortlists(request):
    viewer = request.membership
    form = _form(request)
    lists = candidate_selectors.shortlists(viewer.organisation, form.to_filter())
    query = request.GET.copy()
    return render(
        request,
        "talent/candidate_shortlists.html",
        {
            "form": form,
            "lists": lists,
            "lacking": sum(1 for s in lists if not s.leaders),
            "query": query.urlencode(),
            "can_designate": can(viewer, "talent.designation_manage"),
        },
    )


@require_perm("talent.candidate_find")
def candidate_export(request):
    viewer = request.membership
    f = _form(request).to_filter()
    org = viewer.organisation
    if request.GET.get("by") == "unit":
        return _shortlist_export(request, viewer, f)
    qs = candidate_selectors.scored(org, f).select_related("grade")

    def rows():
        batch: list = []
        for person in qs.iterator(chunk_size=500):
            batch.append(person)
            if len(batch) == 500:
                yield from _rows(batch)
                batch = []
        yield from _rows(batch)

    def _rows(people):
        for c in candidate_selectors.explain(org, people, f):
            s = c.staff
            yield [
                s.staff_no,
                s.name,
                s.kana,
                c.unit_path,
                s.grade.name if s.grade_id else "",
                c.score,
                c.reason,
            ]

    return export_response(
        request,
        TableExport(
            actor=viewer,
            action="candidate.export",
            what="候補者の一覧",
            headers=["職員番号", "氏名", "ふりがな", "所属", "職名", "点数", "理由"],
            rows=rows,
            count=qs.count(),
            detail={"filter": request.GET.urlencode()},
        ),
    )


def _shortlist_export(request, viewer, f):
    """The per-unit shortlists as one table (a few rows per 課, units lacking a leader first)."""
    lists = candidate_selectors.shortlists(viewer.organisation, f)
    rows = []
    for s in lists:
        leaders = f"{s.leaders}名" + (f"（うち兼務{s.concurrent}名）" if s.concurrent else "")
        if not s.candidates:
            rows.append([s.unit.name, leaders, "", "", "", "", "", "", "条件に合う候補がいません"])
        for rank, c in enumerate(s.candidates, start=1):
            p = c.staff
            grade = p.grade.name if p.grade_id else ""
            rows.append(
                [s.unit.name, leaders, rank, p.staff_no, p.name, c.unit_path, grade, c.score, c.reason]
            )
    return export_response(
        request,
        TableExport(
            actor=viewer,
            action="candidate.export",
            what="所属ごとの候補",
            headers=["課", "今いるリーダー", "順位", "職員番号", "氏名", "所属", "職名", "点数", "理由"],
            rows=lambda: rows,
            count=len(rows),
            detail={"filter": request.GET.urlencode(), "by": "unit"},
        ),
    )


@require_perm("talent.settings_manage")
def talent_settings(request):
    viewer = request.membership
    settings = settings_of(viewer.organisation)
    initial = {
        "band_min": settings.band_min_id,
        "band_max": settings.band_max_id,
        "term_years": settings.term_years,
        "max_duties": settings.max_duties,
        "max_weight_share": settings.max_weight_share,
        **{f"w_{key}": settings.weight(key) for key, _, _ in SCORE_PARTS},
    }
    form = TalentSettingsForm(request.POST or None, organisation=viewer.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            talent_settings_update(actor=viewer, **form.values())
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request, "人材の設定を保存しました。候補者の点数とリスクの一覧は、この設定で計算します。"
            )
            return redirect("talent:talent_settings")
    return render(request, "talent/settings.html", {"form": form})
