"""List exports of the learning app whose layout the matching import reads back unchanged:
the staff certifications (資格の一括登録) and a session's results (修了の一括登録)."""

from __future__ import annotations

from jinzai.core.access import require_perm
from jinzai.core.exports import TableExport, export_response
from jinzai.core.selectors import unit_paths
from jinzai.core.services import today

from .. import selectors
from ..forms import StaffCertFilterForm

STAFFCERT_HEADERS = ["職員番号", "氏名", "所属", "資格", "取得日", "登録番号", "有効期限", "状態"]
ROSTER_HEADERS = ["職員番号", "氏名", "所属", "結果", "修了日"]


@require_perm("learning.staffcert_view")
def staffcert_export(request):
    viewer = request.membership
    form = StaffCertFilterForm(request.GET or None, organisation=viewer.organisation)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.staffcert_search(
        viewer,
        q=data.get("q") or "",
        status=data.get("status") or "",
        certification_id=data.get("certification"),
        expiring_days=data.get("expiring"),
    )
    paths = unit_paths(viewer.organisation)
    day = today()

    def rows():
        for r in qs.iterator(chunk_size=2000):
            yield [
                r.staff.staff_no,
                r.staff.name,
                paths.get(r.staff.current_unit_id, ""),
                r.certification.name,
                r.acquired_on,
                r.certificate_no,
                r.expires_on,
                selectors.status_word(r, day, set()),
            ]

    return export_response(
        request,
        TableExport(
            actor=viewer,
            action="staffcert.export",
            what="職員の資格",
            headers=STAFFCERT_HEADERS,
            rows=rows,
            count=qs.count(),
            detail={"filter": request.GET.urlencode()},
        ),
    )


@require_perm("learning.course_manage")
def session_export(request, pk: int):
    viewer = request.membership
    session = selectors.get_session_for_viewer(viewer, pk)
    paths = unit_paths(viewer.organisation)
    roster = selectors.session_roster(session)

    def rows():
        for e in roster.iterator(chunk_size=2000):
            yield [
                e.staff.staff_no,
                e.staff.name,
                paths.get(e.staff.current_unit_id, ""),
                e.get_result_display() if e.result else "",
                e.completed_on,
            ]

    return export_response(
        request,
        TableExport(
            actor=viewer,
            action="enrolment.export",
            what="受講者一覧",
            parts=(session.course.title, str(session)),
            headers=ROSTER_HEADERS,
            rows=rows,
            detail={"session": session.pk},
        ),
    )
