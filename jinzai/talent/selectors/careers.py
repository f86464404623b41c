"""Reads of careers: models, the DX career ladder and each person's position on it, career plans, the
自己申告 periods and declarations, aptitude notes, evaluations; the usual term of a designation."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from ..models import (
    AptitudeNote,
    CareerModel,
    CareerPlan,
    CareerStep,
    DeclarationPeriod,
    Designation,
    Evaluation,
    SelfDeclaration,
)
from .duties import settings_of


def _today() -> date:
    from jinzai.core.services import today

    return today()


def term_end(organisation, start: date | None) -> date | None:
    """The usual end of a designation starting on ``start``: the end (31 March) of the Nth fiscal year
    counting the one it starts in (N = the settings' term, 3 by default; None = no term)."""
    from jinzai.core.dates import fiscal_year_of

    years = settings_of(organisation).term_years
    if start is None or not years:
        return None
    return date(fiscal_year_of(start) + years, 3, 31)


def career_models(organisation, *, active_only: bool = False) -> QuerySet[CareerModel]:
    qs = CareerModel.objects.filter(organisation=organisation)
    return qs.filter(is_active=True) if active_only else qs


def get_career_model_for_viewer(viewer, pk: int) -> CareerModel:
    return get_object_or_404(career_models(viewer.organisation), pk=pk)


def career_steps(organisation) -> list[CareerStep]:
    return list(
        CareerStep.objects.filter(organisation=organisation).select_related("talent_type", "sub_role")
    )


def get_step_for_viewer(viewer, pk: int) -> CareerStep:
    return get_object_or_404(CareerStep.objects.filter(organisation=viewer.organisation), pk=pk)


def _matches(step: CareerStep, type_id: int, sub_role_id: int | None, parents: dict[int, int | None]) -> bool:
    if step.talent_type_id is None:
        return False
    if type_id != step.talent_type_id and parents.get(type_id) != step.talent_type_id:
        return False
    return step.sub_role_id is None or step.sub_role_id == sub_role_id


def positions(organisation, staff_ids=None, day: date | None = None) -> dict[int, CareerStep]:
    """{staff id: the highest ladder step their designations today put them on} (others: the first step)."""
    from ..models import TalentType

    day = day or _today()
    steps = career_steps(organisation)
    if not steps:
        return {}
    parents = dict(TalentType.objects.filter(organisation=organisation).values_list("pk", "parent_id"))
    qs = Designation.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day), organisation=organisation, started_on__lte=day
    ).exclude(staff__retired_on__lt=day)
    if staff_ids is not None:
        qs = qs.filter(staff_id__in=list(staff_ids))
    best: dict[int, CareerStep] = {}
    for staff_id, type_id, sub_role_id in qs.values_list("staff_id", "talent_type_id", "sub_role_id"):
        for step in reversed(steps):
            if _matches(step, type_id, sub_role_id, parents):
                if staff_id not in best or best[staff_id].order < step.order:
                    best[staff_id] = step
                break
    return best


def position_of(staff, day: date | None = None) -> CareerStep | None:
    steps = career_steps(staff.organisation)
    if not steps:
        return None
    return positions(staff.organisation, [staff.pk], day).get(staff.pk, steps[0])


@dataclass
class LadderRow:
    step: CareerStep
    people: int


def ladder_counts(organisation, day: date | None = None) -> list[LadderRow]:
    """People (employed today) on each step; the first step holds everyone not designated higher."""
    from jinzai.people.models import Staff

    day = day or _today()
    steps = career_steps(organisation)
    if not steps:
        return []
    best = positions(organisation, None, day)
    employed = Staff.objects.filter(
        Q(hired_on__isnull=True) | Q(hired_on__lte=day), organisation=organisation, retired_on__isnull=True
    ).count()
    counts: dict[int, int] = defaultdict(int)
    for step in best.values():
        counts[step.pk] += 1
    higher = sum(counts.values()) - counts.get(steps[0].pk, 0)
    rows = [LadderRow(steps[0], max(employed - higher, 0))]
    rows += [LadderRow(step, counts.get(step.pk, 0)) for step in steps[1:]]
    return rows


def career_plan_of(staff) -> CareerPlan | None:
    return CareerPlan.objects.filter(staff=staff).select_related("career_model").first()


def periods_of(organisation) -> QuerySet[DeclarationPeriod]:
    return DeclarationPeriod.objects.filter(organisation=organisation).annotate(
        responses=Count("declarations")
    )


def get_period_for_viewer(viewer, pk: int) -> DeclarationPeriod:
    return get_object_or_404(DeclarationPeriod.objects.filter(organisation=viewer.organisation), pk=pk)


def open_period(organisation, day: date | None = None) -> DeclarationPeriod | None:
    day = day or _today()
    return (
        DeclarationPeriod.objects.filter(organisation=organisation, opens_on__lte=day, closes_on__gte=day)
        .order_by("-fiscal_year")
        .first()
    )


def declaration_of(staff, period: DeclarationPeriod | None) -> SelfDeclaration | None:
    if period is None:
        return None
    return SelfDeclaration.objects.filter(staff=staff, period=period).select_related("wish_unit").first()


def latest_declaration(staff) -> SelfDeclaration | None:
    return (
        SelfDeclaration.objects.filter(staff=staff)
        .select_related("period", "wish_unit")
        .order_by("-period__fiscal_year", "-id")
        .first()
    )


def latest_declarations(organisation, staff_ids) -> dict[int, SelfDeclaration]:
    """The latest 自己申告 of each of these people (one query)."""
    found: dict[int, SelfDeclaration] = {}
    rows = (
        SelfDeclaration.objects.filter(organisation=organisation, staff_id__in=list(staff_ids))
        .select_related("period", "wish_unit")
        .order_by("staff_id", "-period__fiscal_year", "-id")
    )
    for d in rows:
        found.setdefault(d.staff_id, d)
    return found


@dataclass(frozen=True)
class LatestWish:
    """What the transfer simulation reads of a person's latest 自己申告 (no model instances)."""

    wish: str
    wish_unit_id: int | None
    wish_unit_name: str
    fiscal_year: int


def latest_wishes(organisation, staff_ids) -> dict[int, LatestWish]:
    """The wish of each person's latest 自己申告 (one query reading five columns; the same choice of
    declaration as :func:`latest_declarations`)."""
    found: dict[int, LatestWish] = {}
    rows = (
        SelfDeclaration.objects.filter(organisation=organisation, staff_id__in=list(staff_ids))
        .order_by("staff_id", "-period__fiscal_year", "-id")
        .values_list("staff_id", "wish", "wish_unit_id", "wish_unit__name", "period__fiscal_year")
    )
    for staff_id, wish, unit_id, unit_name, year in rows:
        if staff_id not in found:
            found[staff_id] = LatestWish(wish, unit_id, unit_name or "", year)
    return found


def period_responses(period: DeclarationPeriod) -> dict:
    """Response rate of a period: staff employed on its last day, and how many answered."""
    from jinzai.people.models import Staff

    employed = Staff.objects.filter(
        Q(hired_on__isnull=True) | Q(hired_on__lte=period.closes_on),
        Q(retired_on__isnull=True) | Q(retired_on__gte=period.closes_on),
        organisation=period.organisation,
    ).count()
    answered = period.declarations.count()
    by_wish = dict(period.declarations.values_list("wish").annotate(n=Count("id")))
    by_interest = dict(period.declarations.values_list("dx_interest").annotate(n=Count("id")))
    return {
        "employed": employed,
        "answered": answered,
        "share": round(100 * answered / employed, 1) if employed else 0,
        "by_wish": [(label, by_wish.get(value, 0)) for value, label in SelfDeclaration.Wish.choices],
        "by_interest": [
            (label, by_interest.get(value, 0)) for value, label in SelfDeclaration.Interest.choices
        ],
    }


def period_declarations(period: DeclarationPeriod) -> QuerySet[SelfDeclaration]:
    return period.declarations.select_related("staff", "staff__current_unit", "wish_unit").order_by(
        "staff__staff_no"
    )


def aptitude_notes_of(staff) -> QuerySet[AptitudeNote]:
    return staff.aptitude_notes.all()


def evaluations_of(staff) -> QuerySet[Evaluation]:
    return staff.evaluations.all()
