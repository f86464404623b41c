"""The prefecture side: every read limited to the viewer's own prefecture and its municipalities, personal
data only under the owner's grant, every crossing audited (docs/decisions.md R3–36)."""

from __future__ import annotations

from datetime import date

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, When
from django.http import Http404
from django.shortcuts import get_object_or_404

from jinzai.core.dates import fiscal_year_of
from jinzai.core.models import Organisation
from jinzai.core.text import search_terms

from .. import figures as fig
from .. import matching, schemes
from ..crossing import audit_crossing, audit_figures
from ..models import (
    AREA_LABELS,
    Counterpart,
    Dispatch,
    Expert,
    ExpertSkill,
    FollowUp,
    JointCourse,
    JointSession,
    RequestEvent,
    RequestExpert,
    SeatAllocation,
    SupportRequest,
    SurveyMunicipality,
    Visit,
    VisitPlan,
)
from ..services.sharing import setting_of


def prefecture_of(viewer) -> Organisation | None:
    org = getattr(viewer, "organisation", None)
    return org if org is not None and org.kind == Organisation.Kind.PREFECTURE else None


def _pref_id(viewer) -> int:
    org = prefecture_of(viewer)
    return org.pk if org is not None else -1


# --- member municipalities and their figures -----------------------------------------------------


def member_municipalities(viewer) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        prefecture_id=_pref_id(viewer), kind=Organisation.Kind.MUNICIPALITY
    ).order_by("code")


def get_member_for_prefecture(viewer, pk: int) -> Organisation:
    return get_object_or_404(member_municipalities(viewer), pk=pk)


def dashboard_figures(viewer, day: date, *, action: str | None = "region.figures.view") -> list[fig.Figures]:
    """Live figures of every member municipality, then the surveyed ones (audited once, decisions R4)."""
    members = list(member_municipalities(viewer))
    rows = fig.live_figures(members, day)
    prefecture = prefecture_of(viewer)
    if prefecture is not None:
        rows += fig.survey_figures(prefecture, day, exclude_codes={m.code for m in members})
    if action:  # an export is audited by core.exports instead, with the same codes
        audit_figures(viewer, action, [r.code for r in rows])
    return rows


def municipality_figures(
    viewer, municipality: Organisation, day: date
) -> tuple[fig.Figures, list[fig.Figures]]:
    """One municipality's figures and everyone's (for the comparison with municipalities of similar size)."""
    members = list(member_municipalities(viewer))
    if municipality.pk not in {m.pk for m in members}:
        raise Http404
    everyone = fig.live_figures(members, day)
    prefecture = prefecture_of(viewer)
    everyone += fig.survey_figures(prefecture, day, exclude_codes={m.code for m in members})
    own = next(f for f in everyone if f.organisation_id == municipality.pk)
    audit_figures(viewer, "region.figures.view", [municipality.code], detail={"drill_down": True})
    return own, everyone


def plan_detail_for_prefecture(viewer, municipality: Organisation, day: date) -> list[dict] | None:
    """Each target of the default plan with its status — only under the `plan_detail` grant."""
    from jinzai.planning.selectors.plans import default_plan
    from jinzai.planning.selectors.progress import plan_progress

    get_member_for_prefecture(viewer, municipality.pk)
    if not setting_of(municipality).plan_detail:
        return None
    plan = default_plan(municipality)
    if plan is None:
        return []
    return [
        {"label": p.target.label, "status": p.status, "status_label": p.status_label, "badge": p.badge}
        for p in plan_progress(plan, today=day)
    ]


def unit_detail_for_prefecture(viewer, municipality: Organisation, day: date) -> list[tuple[str, int]] | None:
    """DX推進リーダー per 課 (counts only) — only under the `unit_detail` grant."""
    get_member_for_prefecture(viewer, municipality.pk)
    if not setting_of(municipality).unit_detail:
        return None
    return fig.leader_coverage([municipality.pk], day)[municipality.pk]["by_unit"]


def survey_municipalities(viewer) -> QuerySet[SurveyMunicipality]:
    return SurveyMunicipality.objects.filter(organisation_id=_pref_id(viewer)).prefetch_related("figures")


def get_survey_for_prefecture(viewer, pk: int) -> SurveyMunicipality:
    return get_object_or_404(survey_municipalities(viewer), pk=pk)


# --- talent bank ----------------------------------------------------------------------------------


def experts_of(viewer) -> QuerySet[Expert]:
    """Every profile of the viewer's prefecture (withdrawn ones are tombstones)."""
    return Expert.objects.filter(organisation_id=_pref_id(viewer))


def experts_for_prefecture(
    viewer,
    *,
    q: str = "",
    area: str = "",
    mode: str = "",
    scheme: str = "",
    kind: str = "",
    item_id: int | None = None,
) -> QuerySet[Expert]:
    """Search: only profiles with consent in force (a withdrawal removes one at once)."""
    qs = experts_of(viewer).filter(withdrawn_at__isnull=True)
    for term in search_terms(q):
        qs = qs.filter(search_text__contains=term)
    if area:
        qs = qs.filter(areas__contains=f",{area},")
    if scheme:
        qs = qs.filter(schemes__contains=f",{scheme},")
    if mode == "visit":
        qs = qs.filter(visit_ok=True)
    elif mode == "online":
        qs = qs.filter(online_ok=True)
    if kind:
        qs = qs.filter(kind=kind)
    if item_id:
        qs = qs.filter(Exists(ExpertSkill.objects.filter(expert=OuterRef("pk"), item_id=item_id)))
    return qs.select_related("home_organisation").order_by("kana", "name", "id")


def get_expert_for_prefecture(viewer, pk: int) -> Expert:
    expert = get_object_or_404(
        experts_of(viewer).select_related("home_organisation", "recorded_by__user"), pk=pk
    )
    if expert.kind == Expert.Kind.MUNICIPAL_STAFF and expert.home_organisation_id and not expert.is_withdrawn:
        audit_crossing(viewer, "region.crossing.profile", expert, owner=expert.home_organisation)
    return expert


def expert_skills(expert: Expert) -> list[ExpertSkill]:
    return list(ExpertSkill.objects.filter(expert=expert).select_related("item__framework", "item__category"))


def dispatch_counts(viewer, fiscal_year: int) -> dict[int, int]:
    return dict(
        Dispatch.objects.filter(prefecture_id=_pref_id(viewer), fiscal_year=fiscal_year)
        .values("expert_id")
        .annotate(n=Count("id"))
        .values_list("expert_id", "n")
    )


def match_experts(viewer, request: SupportRequest, day: date, *, limit: int = 10) -> list[matching.Match]:
    """The bank's experts ranked for a request, with the reasons (decisions R10)."""
    experts = list(experts_for_prefecture(viewer))
    items = [(i.pk, i.name) for i in request.needed_items.all()]
    levels: dict[int, dict[int, int]] = {}
    for expert_id, item_id, level in ExpertSkill.objects.filter(
        expert__in=[e.pk for e in experts], item_id__in=[i for i, _ in items]
    ).values_list("expert_id", "item_id", "level"):
        levels.setdefault(expert_id, {})[item_id] = level
    counts = dispatch_counts(viewer, fiscal_year_of(day))
    offers = [
        matching.Offer(
            key=e.pk,
            name=e.name,
            areas=frozenset(e.area_keys()),
            visit=e.visit_ok,
            online=e.online_ok,
            schemes=frozenset(e.scheme_keys()),
            availability=e.availability,
            levels=levels.get(e.pk, {}),
            dispatches=counts.get(e.pk, 0),
        )
        for e in experts
    ]
    need = matching.Need(
        topic=request.topic, mode=request.mode, scheme=request.preferred_scheme, items=tuple(items)
    )
    scheme_labels = {s.key: s.name for s in schemes.SCHEMES}
    ranked = matching.rank(need, offers, area_labels=AREA_LABELS, scheme_labels=scheme_labels)
    by_id = {e.pk: e for e in experts}
    for m in ranked:
        m.expert = by_id[m.offer.key]
    return ranked[:limit]


# --- support requests and dispatches --------------------------------------------------------------


def cases_for_prefecture(
    viewer, *, status: str = "", municipality_id: int | None = None
) -> QuerySet[SupportRequest]:
    qs = SupportRequest.objects.filter(prefecture_id=_pref_id(viewer))
    if status == "open":
        qs = qs.filter(status__in=SupportRequest.OPEN)
    elif status:
        qs = qs.filter(status=status)
    if municipality_id:
        qs = qs.filter(organisation_id=municipality_id)
    return qs.select_related("organisation", "assignee__user").order_by("-submitted_at", "-id")


def case_status_counts(viewer) -> dict[str, int]:
    return dict(
        SupportRequest.objects.filter(prefecture_id=_pref_id(viewer))
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )


def get_case_for_prefecture(viewer, pk: int) -> SupportRequest:
    return get_object_or_404(
        cases_for_prefecture(viewer).prefetch_related(
            "needed_items",
            Prefetch("events", queryset=RequestEvent.objects.select_related("by_organisation")),
            Prefetch("assignments", queryset=RequestExpert.objects.select_related("expert")),
        ),
        pk=pk,
    )


def dispatches_for_prefecture(viewer, *, fiscal_year: int | None = None, missing: bool = False, today=None):
    qs = Dispatch.objects.filter(prefecture_id=_pref_id(viewer))
    if fiscal_year is not None:
        qs = qs.filter(fiscal_year=fiscal_year)
    if missing:
        qs = qs.filter(reported_at__isnull=True)
        if today is not None:
            qs = qs.filter(held_on__lte=today)
    return qs.select_related("organisation", "expert", "request").order_by("-held_on", "-id")


def get_dispatch_for_prefecture(viewer, pk: int) -> Dispatch:
    return get_object_or_404(dispatches_for_prefecture(viewer), pk=pk)


def scheme_usage_for_prefecture(viewer, fiscal_year: int) -> list[dict]:
    """Per municipality and capped scheme: the use so far this fiscal year and the cap check."""
    rows: dict[tuple[int, str], list] = {}
    for org_id, scheme, mode, hours in Dispatch.objects.filter(
        prefecture_id=_pref_id(viewer),
        fiscal_year=fiscal_year,
        scheme__in=[schemes.DX_ADVISOR, schemes.REGIONAL_ADVISOR],
    ).values_list("organisation_id", "scheme", "mode", "hours"):
        rows.setdefault((org_id, scheme), []).append(schemes.Use(mode, hours))
    names = dict(member_municipalities(viewer).values_list("pk", "name"))
    result = []
    for (org_id, scheme), uses in sorted(rows.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        check = schemes.check_cap(scheme, uses)
        result.append(
            {
                "municipality": names.get(org_id, ""),
                "municipality_id": org_id,
                "scheme": schemes.label(scheme),
                "used": check.used if check else "",
                "limit": check.limit if check else "",
                "near": schemes.near_cap(scheme, uses),
                "full": schemes.at_cap(scheme, uses),
                "exceeded": bool(check and check.exceeded),
            }
        )
    return result


def scheme_uses_for_case(request: SupportRequest, fiscal_year: int) -> dict[str, list[schemes.Use]]:
    uses: dict[str, list[schemes.Use]] = {}
    for scheme, mode, hours in Dispatch.objects.filter(
        organisation_id=request.organisation_id, fiscal_year=fiscal_year
    ).values_list("scheme", "mode", "hours"):
        uses.setdefault(scheme, []).append(schemes.Use(mode, hours))
    return uses


# --- visits -----------------------------------------------------------------------------------------


def counterparts_for_prefecture(viewer) -> dict[int, Counterpart]:
    return {c.municipality_id: c for c in Counterpart.objects.filter(organisation_id=_pref_id(viewer))}


def visit_plans_for_prefecture(viewer, fiscal_year: int) -> QuerySet[VisitPlan]:
    done = Visit.objects.filter(plan=OuterRef("pk"))
    return (
        VisitPlan.objects.filter(organisation_id=_pref_id(viewer), fiscal_year=fiscal_year)
        .annotate(
            done=Exists(done),
            month_order=Case(
                When(planned_month__lt=4, then=F("planned_month") + 12),
                default=F("planned_month"),
                output_field=IntegerField(),
            ),
        )
        .select_related("municipality")
        .order_by("month_order", "municipality__code", "id")
    )


def get_visit_plan_for_prefecture(viewer, pk: int) -> VisitPlan:
    return get_object_or_404(VisitPlan.objects.filter(organisation_id=_pref_id(viewer)), pk=pk)


def visits_for_prefecture(viewer, *, municipality_id: int | None = None) -> QuerySet[Visit]:
    qs = Visit.objects.filter(prefecture_id=_pref_id(viewer))
    if municipality_id:
        qs = qs.filter(organisation_id=municipality_id)
    return qs.select_related("organisation").annotate(
        open_follow_ups=Count("follow_ups", filter=Q(follow_ups__done_on__isnull=True))
    )


def get_visit_for_prefecture(viewer, pk: int) -> Visit:
    return get_object_or_404(
        Visit.objects.filter(prefecture_id=_pref_id(viewer)).select_related("organisation", "plan"), pk=pk
    )


def open_follow_ups_for_prefecture(viewer) -> QuerySet[FollowUp]:
    return (
        FollowUp.objects.filter(visit__prefecture_id=_pref_id(viewer), done_on__isnull=True)
        .select_related("visit__organisation")
        .order_by("due_on", "id")
    )


def get_follow_up_for_prefecture(viewer, pk: int) -> FollowUp:
    return get_object_or_404(
        FollowUp.objects.filter(visit__prefecture_id=_pref_id(viewer)).select_related("visit"), pk=pk
    )


# --- joint training ------------------------------------------------------------------------------


def joint_courses_for_prefecture(viewer) -> QuerySet[JointCourse]:
    return JointCourse.objects.filter(organisation_id=_pref_id(viewer)).annotate(
        n_sessions=Count("sessions", distinct=True)
    )


def get_joint_course_for_prefecture(viewer, pk: int) -> JointCourse:
    return get_object_or_404(JointCourse.objects.filter(organisation_id=_pref_id(viewer)), pk=pk)


def get_joint_session_for_prefecture(viewer, pk: int) -> JointSession:
    return get_object_or_404(
        JointSession.objects.filter(organisation_id=_pref_id(viewer)).select_related("course"), pk=pk
    )


def joint_sessions_with_seats(course: JointCourse) -> list[dict]:
    from jinzai.learning.models import Enrolment

    sessions = list(course.sessions.order_by("starts_on", "id"))
    allocations = list(
        SeatAllocation.objects.filter(session__in=sessions)
        .select_related("municipality")
        .order_by("municipality__code")
    )
    local_ids = [a.local_session_id for a in allocations if a.local_session_id]
    counts = {
        sid: (held, done)
        for sid, held, done in Enrolment.objects.filter(session_id__in=local_ids)
        .values("session_id")
        .annotate(
            held=Count("id", filter=Q(status__in=Enrolment.SEAT_HOLDING)),
            done=Count("id", filter=Q(result=Enrolment.Result.COMPLETED)),
        )
        .values_list("session_id", "held", "done")
    }
    result = []
    for s in sessions:
        rows = []
        for a in (a for a in allocations if a.session_id == s.pk):
            held, done = counts.get(a.local_session_id, (0, 0))
            rows.append({"allocation": a, "held": held, "completed": done})
        result.append(
            {
                "session": s,
                "rows": rows,
                "seats": sum(r["allocation"].seats for r in rows),
                "held": sum(r["held"] for r in rows),
                "completed": sum(r["completed"] for r in rows),
            }
        )
    return result


def joint_roster_for_prefecture(viewer, session: JointSession) -> list[dict]:
    """Per allocated municipality: counts always; names, units and results only under `joint_roster`."""
    from jinzai.core.selectors import unit_paths
    from jinzai.learning.models import Enrolment

    if session.organisation_id != _pref_id(viewer):
        raise Http404
    result = []
    for a in (
        SeatAllocation.objects.filter(session=session)
        .select_related("municipality")
        .order_by("municipality__code")
    ):
        entry = {"allocation": a, "shared": setting_of(a.municipality).joint_roster, "rows": [], "held": 0}
        if a.local_session_id:
            qs = Enrolment.objects.filter(session_id=a.local_session_id).exclude(
                status__in=[Enrolment.Status.CANCELLED, Enrolment.Status.REJECTED]
            )
            entry["held"] = qs.filter(status__in=Enrolment.SEAT_HOLDING).count()
            entry["completed"] = qs.filter(result=Enrolment.Result.COMPLETED).count()
            if entry["shared"]:
                rows = list(qs.select_related("staff").order_by("staff__kana", "id"))
                paths = unit_paths(a.municipality) if rows else {}
                entry["rows"] = [
                    {"enrolment": e, "unit": paths.get(e.staff.current_unit_id, "")} for e in rows
                ]
                if rows:
                    audit_crossing(
                        viewer,
                        "region.crossing.roster",
                        a.local_session,
                        owner=a.municipality,
                        people=[e.staff_id for e in rows],
                        detail={"joint_session": session.pk},
                    )
        result.append(entry)
    return result


def dispatches_of_expert(viewer, expert: Expert, limit: int = 20) -> list[Dispatch]:
    return list(dispatches_for_prefecture(viewer).filter(expert=expert)[:limit])


def bank_counts(viewer) -> dict[str, int]:
    counts = experts_of(viewer).aggregate(
        active=Count("id", filter=Q(withdrawn_at__isnull=True)),
        withdrawn=Count("id", filter=Q(withdrawn_at__isnull=False)),
    )
    return {k: v or 0 for k, v in counts.items()}


def missing_report_count(viewer, day: date) -> int:
    return dispatches_for_prefecture(viewer, missing=True, today=day).count()


def capped_usage_of_case(request: SupportRequest, fiscal_year: int) -> list[dict]:
    """The requesting municipality's use of the capped schemes this fiscal year (for the dispatch form)."""
    uses = scheme_uses_for_case(request, fiscal_year)
    rows = []
    for key in (schemes.DX_ADVISOR, schemes.REGIONAL_ADVISOR):
        check = schemes.check_cap(key, uses.get(key, []))
        rows.append(
            {
                "scheme": schemes.label(key),
                "used": check.used,
                "limit": check.limit,
                "near": schemes.near_cap(key, uses.get(key, [])),
                "full": schemes.at_cap(key, uses.get(key, [])),
            }
        )
    return rows


def overdue_follow_up_count(viewer, day: date) -> int:
    return open_follow_ups_for_prefecture(viewer).filter(due_on__lt=day).count()


def task_summary(viewer, day: date) -> dict:
    """Counts for 「対応が必要なこと」 of the prefecture: requests to accept, reports due, follow-ups."""
    cases = cases_for_prefecture(viewer, status="submitted")
    reports = dispatches_for_prefecture(viewer, missing=True, today=day).order_by("report_due_on")
    follow = open_follow_ups_for_prefecture(viewer).filter(side="prefecture")
    first_report = reports.first()
    first_follow = follow.first()
    return {
        "submitted": cases.count(),
        "urgent": cases.filter(urgency="urgent").exists(),
        "reports": reports.count(),
        "report_due": first_report.report_due_on if first_report else None,
        "follow_ups": follow.count(),
        "follow_due": first_follow.due_on if first_follow else None,
    }
