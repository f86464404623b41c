"""The municipality side: always `organisation = viewer.organisation` (a municipality never sees another's
requests, seats, visits or feedback)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from jinzai.core.models import Organisation

from .. import schemes
from ..models import (
    Counterpart,
    Dispatch,
    FollowUp,
    RequestEvent,
    RequestExpert,
    SeatAllocation,
    SupportRequest,
    Visit,
)
from ..services.sharing import setting_of


def municipality_of(viewer) -> Organisation | None:
    org = getattr(viewer, "organisation", None)
    if org is None or org.kind != Organisation.Kind.MUNICIPALITY or org.prefecture_id is None:
        return None
    return org


def _org_id(viewer) -> int:
    org = municipality_of(viewer)
    return org.pk if org is not None else -1


def sharing_of(viewer):
    org = municipality_of(viewer)
    return setting_of(org) if org is not None else None


def prefecture_items(viewer):
    """The prefecture's skill-map items (templates 'leader' and 'expert'): the catalogue requests and
    profiles name their skills from."""
    from jinzai.skills.models import Item

    org = municipality_of(viewer)
    prefecture_id = org.prefecture_id if org is not None else getattr(viewer.organisation, "pk", None)
    return (
        Item.objects.filter(
            organisation_id=prefecture_id,
            is_active=True,
            framework__key__in=["leader", "expert"],
            framework__is_active=True,
        )
        .select_related("framework", "category")
        .order_by("framework__sort_order", "category__sort_order", "sort_order", "id")
    )


# --- requests ----------------------------------------------------------------------------------------


def requests_of(viewer, *, status: str = "") -> QuerySet[SupportRequest]:
    qs = SupportRequest.objects.filter(organisation_id=_org_id(viewer))
    if status == "open":
        qs = qs.filter(status__in=SupportRequest.OPEN)
    elif status:
        qs = qs.filter(status=status)
    return qs.order_by("-submitted_at", "-id")


def get_request_for_viewer(viewer, pk: int) -> SupportRequest:
    return get_object_or_404(
        requests_of(viewer).prefetch_related(
            "needed_items",
            Prefetch("events", queryset=RequestEvent.objects.select_related("by_organisation")),
            Prefetch("assignments", queryset=RequestExpert.objects.select_related("expert")),
        ),
        pk=pk,
    )


def dispatches_of_request(request: SupportRequest) -> QuerySet[Dispatch]:
    return Dispatch.objects.filter(organisation_id=request.organisation_id, request=request).select_related(
        "expert"
    )


def feedback_of(request: SupportRequest):
    from ..models import RequestFeedback

    return RequestFeedback.objects.filter(request=request).first()


def scheme_usage_of(viewer, fiscal_year: int) -> list[dict]:
    uses: dict[str, list[schemes.Use]] = {}
    for scheme, mode, hours in Dispatch.objects.filter(
        organisation_id=_org_id(viewer), fiscal_year=fiscal_year
    ).values_list("scheme", "mode", "hours"):
        uses.setdefault(scheme, []).append(schemes.Use(mode, hours))
    rows = []
    for scheme in schemes.SCHEMES:
        if not scheme.dispatch:
            continue
        used = uses.get(scheme.key, [])
        check = schemes.check_cap(scheme.key, used)
        rows.append(
            {
                "scheme": scheme,
                "count": len(used),
                "hours": sum((u.hours for u in used), 0),
                "used": check.used if check else f"{len(used)}回",
                "limit": check.limit if check else "上限なし",
                "near": schemes.near_cap(scheme.key, used),
                "full": schemes.at_cap(scheme.key, used),
            }
        )
    return rows


# --- joint-course seats ------------------------------------------------------------------------------


def allocations_of(viewer) -> QuerySet[SeatAllocation]:
    return (
        SeatAllocation.objects.filter(municipality_id=_org_id(viewer), session__course__status="published")
        .select_related("session__course__organisation", "local_session")
        .order_by("-session__starts_on", "id")
    )


def get_allocation_for_viewer(viewer, pk: int) -> SeatAllocation:
    return get_object_or_404(allocations_of(viewer), pk=pk)


def seat_counts(allocations) -> dict[int, tuple[int, int]]:
    """local session id → (seats held, completed)."""
    from jinzai.learning.models import Enrolment

    ids = [a.local_session_id for a in allocations if a.local_session_id]
    return {
        sid: (held, done)
        for sid, held, done in Enrolment.objects.filter(session_id__in=ids)
        .values("session_id")
        .annotate(
            held=Count("id", filter=Q(status__in=Enrolment.SEAT_HOLDING)),
            done=Count("id", filter=Q(result=Enrolment.Result.COMPLETED)),
        )
        .values_list("session_id", "held", "done")
    }


def enrolments_of_allocation(viewer, allocation: SeatAllocation):
    from jinzai.learning.models import Enrolment

    if allocation.municipality_id != _org_id(viewer) or allocation.local_session_id is None:
        return Enrolment.objects.none()
    return (
        Enrolment.objects.filter(organisation_id=_org_id(viewer), session_id=allocation.local_session_id)
        .select_related("staff__current_unit")
        .order_by("status", "staff__kana", "id")
    )


def staff_to_enrol(viewer, allocation: SeatAllocation, q: str = ""):
    """Active staff of the municipality not yet enrolled in the session (the dx_office's own staff list)."""
    from jinzai.core.text import search_terms
    from jinzai.learning.models import Enrolment
    from jinzai.people.models import Staff

    qs = Staff.objects.filter(organisation_id=_org_id(viewer), retired_on__isnull=True)
    for term in search_terms(q):
        qs = qs.filter(search_text__contains=term)
    if allocation.local_session_id:
        taken = Enrolment.objects.filter(
            session_id=allocation.local_session_id, status__in=Enrolment.ACTIVE
        ).values("staff_id")
        qs = qs.exclude(pk__in=taken)
    return qs.select_related("current_unit").order_by("kana", "staff_no")


# --- visits ---------------------------------------------------------------------------------------------


def counterpart_of(viewer) -> Counterpart | None:
    org = municipality_of(viewer)
    if org is None:
        return None
    return Counterpart.objects.filter(organisation_id=org.prefecture_id, municipality=org).first()


def visits_of(viewer) -> QuerySet[Visit]:
    return (
        Visit.objects.filter(organisation_id=_org_id(viewer))
        .select_related("prefecture")
        .annotate(open_follow_ups=Count("follow_ups", filter=Q(follow_ups__done_on__isnull=True)))
    )


def get_visit_for_viewer(viewer, pk: int) -> Visit:
    return get_object_or_404(
        Visit.objects.filter(organisation_id=_org_id(viewer)).select_related("prefecture"), pk=pk
    )


def follow_ups_of_visit(visit: Visit) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(organisation_id=visit.organisation_id, visit=visit)


def open_follow_ups_of(viewer) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(organisation_id=_org_id(viewer), done_on__isnull=True).select_related(
        "visit"
    )


def get_follow_up_for_viewer(viewer, pk: int) -> FollowUp:
    return get_object_or_404(
        FollowUp.objects.filter(organisation_id=_org_id(viewer)).select_related("visit"), pk=pk
    )


# --- a person's own talent-bank profile ----------------------------------------------------------------


def my_optin(viewer):
    from ..services.bank import active_optin

    staff = getattr(viewer, "staff", None)
    return active_optin(staff) if staff is not None else None


def my_optin_skills(optin) -> dict[int, int]:
    from ..models import ExpertSkill

    if optin is None:
        return {}
    return dict(ExpertSkill.objects.filter(expert_id=optin.expert_id).values_list("item_id", "level"))


def task_summary(viewer) -> dict:
    """Counts for 「対応が必要なこと」 of a municipality: support to assess, its own follow-ups."""
    from ..models import RequestFeedback

    to_assess = (
        requests_of(viewer)
        .filter(status__in=("in_support", "done"))
        .exclude(pk__in=RequestFeedback.objects.filter(organisation_id=_org_id(viewer)).values("request_id"))
    )
    follow = open_follow_ups_of(viewer).filter(side="municipality").order_by("due_on")
    first = follow.first()
    return {
        "to_assess": to_assess.count(),
        "follow_ups": follow.count(),
        "follow_due": first.due_on if first else None,
    }
