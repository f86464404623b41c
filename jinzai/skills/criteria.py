"""Evaluating level criteria on the latest confirmed ratings, and the level suggestion shown beside the
planning app's 現状レベル評価 (contributed to core.hooks.LEVEL_SUGGESTERS by skills.hooks)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse

from jinzai.people.models import EmploymentType, Staff

from .models import LevelCriterion, Rating


@dataclass
class Evaluation:
    criterion: LevelCriterion
    numerator: int
    denominator: int

    @property
    def share(self) -> Decimal:
        if not self.denominator:
            return Decimal("0.0")
        return (Decimal(100 * self.numerator) / self.denominator).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def met(self) -> bool:
        return self.denominator > 0 and self.share >= self.criterion.min_share

    def text(self) -> str:
        c = self.criterion
        names = "・".join(i.name for i in c.items.all())
        types = (
            "・".join(EmploymentType(e).label for e in c.employment_types)
            if c.employment_types
            else "すべての"
        )
        who = f"{c.talent_type.name}に指定された" if c.designated_only else ""
        return (
            f"在職中の{who}{types}職員のうち、{names}で確定レベル{c.min_level}以上の人が"
            f"{c.min_share.normalize():f}％以上（現在 {self.share}％、{self.numerator}／{self.denominator}名）"
        )


def latest_level(item_id: int):
    """Subquery: a staff member's final level on an item in the latest campaign that confirmed it."""
    return Subquery(
        Rating.objects.filter(staff_id=OuterRef("pk"), item_id=item_id, final_level__isnull=False)
        .order_by("-campaign__ends_on", "-campaign_id")
        .values("final_level")[:1]
    )


def evaluate(criterion: LevelCriterion) -> Evaluation:
    """One aggregate query: the population (active staff of the chosen employment types, optionally only
    those designated as the type) and how many of them reach the level on every chosen item."""
    from jinzai.core.services import today
    from jinzai.talent.selectors import active_designations

    qs = Staff.objects.filter(organisation_id=criterion.organisation_id, retired_on__isnull=True)
    if criterion.employment_types:
        qs = qs.filter(employment_type__in=criterion.employment_types)
    if criterion.designated_only:
        designated = active_designations(criterion.organisation, on=today()).filter(
            talent_type_id=criterion.talent_type_id
        )
        qs = qs.filter(pk__in=designated.values("staff_id"))
    items = list(criterion.items.all())
    annotations = {f"l{i}": latest_level(item.pk) for i, item in enumerate(items)}
    ok = Q()
    for name in annotations:
        ok &= Q(**{f"{name}__gte": criterion.min_level})
    counts = qs.annotate(**annotations).aggregate(total=Count("pk"), ok=Count("pk", filter=ok))
    return Evaluation(criterion, counts["ok"], counts["total"])


def suggestion(criteria: list[LevelCriterion]) -> dict:
    """The highest level whose criteria — and those of every lower level — are all met."""
    evaluations = [evaluate(c) for c in criteria]
    by_level: dict[int, list[Evaluation]] = {}
    for e in evaluations:
        by_level.setdefault(e.criterion.level, []).append(e)
    suggested = None
    for level in sorted(by_level):
        if all(e.met for e in by_level[level]):
            suggested = level
        else:
            break
    lines = [
        {"level": e.criterion.level, "text": e.text(), "met": e.met}
        for e in sorted(evaluations, key=lambda e: (e.criterion.level, e.criterion.pk))
    ]
    return {"level": suggested, "lines": lines}


def suggestions_for(organisation, types) -> dict[int, dict]:
    """talent type pk → {"level", "lines", "url"} for the types that have criteria."""
    from .selectors import criteria_of

    by_type: dict[int, list[LevelCriterion]] = {}
    for criterion in criteria_of(organisation).filter(talent_type__in=[t.pk for t in types]):
        by_type.setdefault(criterion.talent_type_id, []).append(criterion)
    url = reverse("skills:framework_criteria")
    return {pk: {**suggestion(criteria), "url": url} for pk, criteria in by_type.items()}
