"""Pages both sides use: the council and its Q&A board (every organisation of the prefecture), external
specialists (the hiring organisation and the partners of a joint hiring) and the scheme catalogue."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from jinzai.core.models import Organisation
from jinzai.core.text import search_terms

from ..models import (
    Answer,
    Candidate,
    Contract,
    CouncilBody,
    CouncilMeeting,
    CouncilMember,
    Position,
    PositionShare,
    Question,
)


def board_prefecture_id(viewer) -> int:
    """The prefecture whose council and board the viewer takes part in."""
    org = getattr(viewer, "organisation", None)
    if org is None:
        return -1
    if org.kind == Organisation.Kind.PREFECTURE:
        return org.pk
    return org.prefecture_id or -1


def bodies_for_viewer(viewer) -> QuerySet[CouncilBody]:
    own = CouncilMember.objects.filter(
        body=OuterRef("pk"), member_id=getattr(viewer.organisation, "pk", None)
    )
    return (
        CouncilBody.objects.filter(organisation_id=board_prefecture_id(viewer))
        .annotate(n_members=Count("members", distinct=True), is_member=Exists(own))
        .select_related("parent")
        .order_by("parent_id", "id")
    )


def get_body_for_viewer(viewer, pk: int) -> CouncilBody:
    return get_object_or_404(
        bodies_for_viewer(viewer).prefetch_related(
            Prefetch("members", queryset=CouncilMember.objects.select_related("member")),
        ),
        pk=pk,
    )


def meetings_of(body: CouncilBody) -> QuerySet[CouncilMeeting]:
    return CouncilMeeting.objects.filter(organisation_id=body.organisation_id, body=body)


def get_meeting_for_viewer(viewer, pk: int) -> CouncilMeeting:
    return get_object_or_404(
        CouncilMeeting.objects.filter(organisation_id=board_prefecture_id(viewer)).select_related("body"),
        pk=pk,
    )


def questions_for_viewer(viewer, *, q: str = "", body_id: int | None = None, open_only: bool = False):
    qs = Question.objects.filter(prefecture_id=board_prefecture_id(viewer))
    for term in search_terms(q):
        qs = qs.filter(Q(title__icontains=term) | Q(text__icontains=term))
    if body_id:
        qs = qs.filter(body_id=body_id)
    if open_only:
        qs = qs.filter(is_resolved=False)
    return (
        qs.select_related("organisation", "body")
        .annotate(n_answers=Count("answers"))
        .order_by("-created_at", "-id")
    )


def get_question_for_viewer(viewer, pk: int) -> Question:
    return get_object_or_404(
        Question.objects.filter(prefecture_id=board_prefecture_id(viewer))
        .select_related("organisation", "body")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("organisation"))),
        pk=pk,
    )


# --- external specialists -------------------------------------------------------------------------------


def positions_for_viewer(viewer) -> QuerySet[Position]:
    """Positions the viewer's organisation hires for, or takes part in as a partner of a joint hiring."""
    org_id = getattr(viewer.organisation, "pk", None)
    partner = PositionShare.objects.filter(position=OuterRef("pk"), partner_id=org_id)
    return (
        Position.objects.filter(Q(organisation_id=org_id) | Q(Exists(partner)))
        .select_related("organisation")
        .annotate(n_partners=Count("shares", distinct=True))
        .order_by("-created_at", "-id")
    )


def get_position_for_viewer(viewer, pk: int) -> Position:
    return get_object_or_404(
        positions_for_viewer(viewer).prefetch_related(
            Prefetch("shares", queryset=PositionShare.objects.select_related("partner"))
        ),
        pk=pk,
    )


def get_own_position(viewer, pk: int) -> Position:
    """Only the hiring organisation edits a position and sees its candidates."""
    return get_object_or_404(
        Position.objects.filter(organisation_id=getattr(viewer.organisation, "pk", None)), pk=pk
    )


def candidates_of(viewer, position: Position) -> QuerySet[Candidate]:
    if position.organisation_id != getattr(viewer.organisation, "pk", None):
        return Candidate.objects.none()
    return Candidate.objects.filter(organisation_id=position.organisation_id, position=position)


def get_candidate_for_owner(viewer, pk: int) -> Candidate:
    return get_object_or_404(
        Candidate.objects.filter(organisation_id=getattr(viewer.organisation, "pk", None)).select_related(
            "position"
        ),
        pk=pk,
    )


def contracts_of(position: Position) -> QuerySet[Contract]:
    return Contract.objects.filter(organisation_id=position.organisation_id, position=position)


def position_parties(position: Position) -> list[tuple[Organisation, int]]:
    """The hiring organisation with its own weight, then each partner of a joint hiring with its weight
    (``position.shares`` prefetched with the partner, as ``get_position_for_viewer`` does)."""
    return [
        (position.organisation, position.own_weight),
        *((s.partner, s.weight) for s in position.shares.all()),
    ]


def contract_costs(position: Position) -> list[dict]:
    """Each contract with its yearly cost split among the parties by weight, in whole yen by the largest
    remainder (``costs.split``): [{"c": contract, "split": [(organisation, weight, yen), …]}, …]."""
    from .. import costs

    parties = position_parties(position)
    rows = []
    for c in contracts_of(position):
        yen = costs.split(c.annual_cost, [w for _, w in parties])
        rows.append({"c": c, "split": [(org, w, y) for (org, w), y in zip(parties, yen, strict=True)]})
    return rows


def partner_choices(viewer) -> QuerySet[Organisation]:
    """Organisations of the same prefecture a joint hiring can include (the prefecture itself too)."""
    org = viewer.organisation
    home_id = org.pk if org.kind == Organisation.Kind.PREFECTURE else org.prefecture_id
    return (
        Organisation.objects.filter(Q(pk=home_id) | Q(prefecture_id=home_id))
        .exclude(pk=org.pk)
        .order_by("code")
    )
