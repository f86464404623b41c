"""Who meets an internal-certification rule (庁内認定), and what the others still lack.

A rule's requirements are checked by *requirement checkers* from a small registry, each loading what it
needs for every staff member at once (a fixed number of queries, whatever the number of staff):

- curriculum completed (all of its courses, or N of them),
- certifications held (verified and valid on the day),
- a knowledge test passed — contributed by the skills app (``skills.hooks``); without it a rule asking
  for a test cannot be met and says so.

Each checker returns, per person, the missing items as sentences and how many "units" are missing (one
course, one certification, one test). Eligible = nothing missing; close = at most CLOSE_UNITS missing and
some progress made.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from jinzai.core import hooks

from .models import Enrolment, InternalCertification, InternalCertRule, StaffCertification

CLOSE_UNITS = 2

# A checker: (rule, organisation, day) -> (total units, {staff_id: (missing sentences, missing units)}, default)
# where `default` is the result for anyone not in the mapping (usually "everything missing").
Check = Callable[
    [InternalCertRule, object, date], tuple[int, dict[int, tuple[list[str], int]], tuple[list[str], int]]
]


@dataclass(frozen=True)
class Requirement:
    key: str
    label: str
    applies: Callable[[InternalCertRule], bool]
    check: Check


def applicable_requirements(rule: InternalCertRule) -> list[Requirement]:
    """The registered requirements (``core.hooks.REQUIREMENTS``) the rule asks for.

    A rule asking for a knowledge test when no app provides a checker (the skills app does, from its
    hooks) gets a placeholder that can never be met and says why.
    """
    found = [r for r in hooks.REQUIREMENTS if r.applies(rule)]
    if rule.requires_test and "knowledge_test" not in hooks.REQUIREMENTS:
        found.append(TEST_UNAVAILABLE)
    return found


# --- curriculum ----------------------------------------------------------------------------------


def curriculum_progress(curriculum, staff_ids=None) -> tuple[int, dict[int, set[int]]]:
    """(courses needed, {staff_id: ids of the curriculum's courses they completed})."""
    course_ids = set(curriculum.courses.values_list("pk", flat=True))
    needed = (
        len(course_ids)
        if curriculum.mode == curriculum.Mode.ALL
        else min(curriculum.required_count or 0, len(course_ids))
    )
    qs = Enrolment.objects.filter(
        organisation_id=curriculum.organisation_id,
        result=Enrolment.Result.COMPLETED,
        session__course_id__in=course_ids,
    )
    if staff_ids is not None:
        qs = qs.filter(staff_id__in=staff_ids)
    done: dict[int, set[int]] = defaultdict(set)
    for staff_id, course_id in qs.values_list("staff_id", "session__course_id").distinct():
        done[staff_id].add(course_id)
    return needed, done


def _check_curriculum(rule, organisation, day):
    curriculum = rule.curriculum
    needed, done = curriculum_progress(curriculum)
    names = dict(curriculum.courses.values_list("pk", "title"))

    def missing_for(completed: set[int]) -> tuple[list[str], int]:
        lacking = max(needed - len(completed), 0)
        if not lacking:
            return [], 0
        rest = [names[pk] for pk in names if pk not in completed]
        if curriculum.mode == curriculum.Mode.ALL:
            return [f"研修の修了：{'、'.join(rest)}"], lacking
        return [f"「{curriculum.name}」の研修をあと{lacking}つ修了（候補：{'、'.join(rest)}）"], lacking

    return needed, {sid: missing_for(c) for sid, c in done.items()}, missing_for(set())


hooks.REQUIREMENTS.register(
    Requirement(
        "curriculum", "カリキュラムの修了", lambda rule: rule.curriculum_id is not None, _check_curriculum
    )
)


# --- certifications -----------------------------------------------------------------------------


def holders_on(organisation, certification_ids, day: date):
    """(staff_id, certification_id) pairs of verified certifications valid on `day`."""
    return (
        StaffCertification.objects.filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=day),
            organisation=organisation,
            status=StaffCertification.Status.VERIFIED,
            certification_id__in=certification_ids,
            valid_from__lte=day,
        )
        .values_list("staff_id", "certification_id")
        .distinct()
    )


def _check_certifications(rule, organisation, day):
    names = dict(rule.certifications.values_list("pk", "name"))
    held: dict[int, set[int]] = defaultdict(set)
    for staff_id, cert_id in holders_on(organisation, list(names), day):
        held[staff_id].add(cert_id)

    def missing_for(have: set[int]) -> tuple[list[str], int]:
        lacking = [name for pk, name in names.items() if pk not in have]
        return ([f"資格の保有：{'、'.join(lacking)}"] if lacking else []), len(lacking)

    return len(names), {sid: missing_for(h) for sid, h in held.items()}, missing_for(set())


hooks.REQUIREMENTS.register(
    Requirement(
        "certifications", "資格の保有", lambda rule: rule.certifications.exists(), _check_certifications
    )
)


# --- knowledge test (contributed by the skills app's hooks) -------------------------------------


def _check_test_unavailable(rule, organisation, day):
    return 1, {}, (["知識テストの合格（テストの機能が使えないため確認できません）"], 1)


TEST_UNAVAILABLE = Requirement(
    "knowledge_test", "知識テストの合格", lambda rule: rule.requires_test, _check_test_unavailable
)


# --- evaluation ---------------------------------------------------------------------------------


@dataclass
class Standing:
    staff_id: int
    missing: list[str] = field(default_factory=list)
    missing_units: int = 0
    total_units: int = 0

    @property
    def eligible(self) -> bool:
        return self.missing_units == 0

    @property
    def close(self) -> bool:
        return 0 < self.missing_units <= CLOSE_UNITS and self.missing_units < self.total_units


def evaluate_rule(
    rule: InternalCertRule, day: date, *, staff_ids=None
) -> tuple[list[Standing], list[Standing]]:
    """(eligible, close) among active staff not already certified under the rule (in force)."""
    from jinzai.people.models import Staff

    organisation = rule.organisation
    people = Staff.objects.filter(organisation=organisation, retired_on__isnull=True)
    if staff_ids is not None:
        people = people.filter(pk__in=staff_ids)
    certified = set(
        InternalCertification.objects.filter(rule=rule, revoked_on__isnull=True).values_list(
            "staff_id", flat=True
        )
    )
    checks = [requirement.check(rule, organisation, day) for requirement in applicable_requirements(rule)]
    total = sum(c[0] for c in checks)
    eligible, close = [], []
    for staff_id in people.values_list("pk", flat=True).iterator(chunk_size=5000):
        if staff_id in certified:
            continue
        standing = Standing(staff_id, total_units=total)
        for _, per_staff, default in checks:
            missing, units = per_staff.get(staff_id, default)
            if units:
                standing.missing.extend(missing)
                standing.missing_units += units
        if standing.eligible:
            eligible.append(standing)
        elif standing.close:
            close.append(standing)
    close.sort(key=lambda s: (s.missing_units, s.staff_id))
    return eligible, close


def standing_of(rule: InternalCertRule, staff, day: date) -> Standing:
    """One person's standing (for the confirmation check and the 人財カード)."""
    checks = [r.check(rule, rule.organisation, day) for r in applicable_requirements(rule)]
    standing = Standing(staff.pk, total_units=sum(c[0] for c in checks))
    for _, per_staff, default in checks:
        missing, units = per_staff.get(staff.pk, default)
        standing.missing.extend(missing)
        standing.missing_units += units
    return standing
