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

A requirement may also state its *progress* as one aggregate query (units needed, and a queryset of
``staff_id`` / ``done`` rows). When every applicable requirement does (the built-in ones do),
`evaluate_rule` ranks the whole organisation in the database — one query joining the staff to each
requirement's counts, returning only the eligible and close people — and builds the sentences for the
close people alone (checkers then take ``staff_ids``). A requirement without a progress query (another
app's) makes `evaluate_rule` fall back to walking every staff member in Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import Count, Q, QuerySet

from jinzai.core import hooks

from .models import Enrolment, InternalCertification, InternalCertRule, StaffCertification

CLOSE_UNITS = 2

# A checker: (rule, organisation, day) -> (total units, {staff_id: (missing sentences, missing units)}, default)
# where `default` is the result for anyone not in the mapping (usually "everything missing").
Check = Callable[
    [InternalCertRule, object, date], tuple[int, dict[int, tuple[list[str], int]], tuple[list[str], int]]
]


# A progress query: (rule, organisation, day) -> (units needed, rows `staff_id`, `done` — one per person
# with anything done — or None when nobody can have done anything). Requirements that have one also
# accept ``staff_ids`` in their check (the sentences are then built for those people only).
Progress = Callable[[InternalCertRule, object, date], tuple[int, QuerySet | None]]


@dataclass(frozen=True)
class Requirement:
    key: str
    label: str
    applies: Callable[[InternalCertRule], bool]
    check: Check
    progress: Progress | None = None


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


def _needed_courses(curriculum, course_ids) -> int:
    if curriculum.mode == curriculum.Mode.ALL:
        return len(course_ids)
    return min(curriculum.required_count or 0, len(course_ids))


def _completions(curriculum, course_ids) -> QuerySet:
    return Enrolment.objects.filter(
        organisation_id=curriculum.organisation_id,
        result=Enrolment.Result.COMPLETED,
        session__course_id__in=course_ids,
    ).order_by()  # no Meta.ordering in the DISTINCT / GROUP BY


def curriculum_progress(curriculum, staff_ids=None) -> tuple[int, dict[int, set[int]]]:
    """(courses needed, {staff_id: ids of the curriculum's courses they completed})."""
    course_ids = set(curriculum.courses.values_list("pk", flat=True))
    qs = _completions(curriculum, course_ids)
    if staff_ids is not None:
        qs = qs.filter(staff_id__in=staff_ids)
    done: dict[int, set[int]] = defaultdict(set)
    for staff_id, course_id in qs.values_list("staff_id", "session__course_id").distinct():
        done[staff_id].add(course_id)
    return _needed_courses(curriculum, course_ids), done


def _curriculum_done(rule, organisation, day):
    curriculum = rule.curriculum
    course_ids = list(curriculum.courses.values_list("pk", flat=True))
    rows = (
        _completions(curriculum, course_ids)
        .values("staff_id")
        .annotate(done=Count("session__course_id", distinct=True))
    )
    return _needed_courses(curriculum, course_ids), rows


def _check_curriculum(rule, organisation, day, staff_ids=None):
    curriculum = rule.curriculum
    needed, done = curriculum_progress(curriculum, staff_ids)
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
        "curriculum",
        "カリキュラムの修了",
        lambda rule: rule.curriculum_id is not None,
        _check_curriculum,
        progress=_curriculum_done,
    )
)


# --- certifications -----------------------------------------------------------------------------


def _valid_holdings(organisation, certification_ids, day: date) -> QuerySet:
    return StaffCertification.objects.filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=day),
        organisation=organisation,
        status=StaffCertification.Status.VERIFIED,
        certification_id__in=certification_ids,
        valid_from__lte=day,
    ).order_by()  # Meta.ordering (-acquired_on) would otherwise enter the DISTINCT


def holders_on(organisation, certification_ids, day: date, staff_ids=None):
    """(staff_id, certification_id) pairs of verified certifications valid on `day`."""
    qs = _valid_holdings(organisation, certification_ids, day)
    if staff_ids is not None:
        qs = qs.filter(staff_id__in=staff_ids)
    return qs.values_list("staff_id", "certification_id").distinct()


def _certifications_done(rule, organisation, day):
    ids = list(rule.certifications.values_list("pk", flat=True))
    rows = (
        _valid_holdings(organisation, ids, day)
        .values("staff_id")
        .annotate(done=Count("certification_id", distinct=True))
    )
    return len(ids), rows


def _check_certifications(rule, organisation, day, staff_ids=None):
    names = dict(rule.certifications.values_list("pk", "name"))
    held: dict[int, set[int]] = defaultdict(set)
    for staff_id, cert_id in holders_on(organisation, list(names), day, staff_ids):
        held[staff_id].add(cert_id)

    def missing_for(have: set[int]) -> tuple[list[str], int]:
        lacking = [name for pk, name in names.items() if pk not in have]
        return ([f"資格の保有：{'、'.join(lacking)}"] if lacking else []), len(lacking)

    return len(names), {sid: missing_for(h) for sid, h in held.items()}, missing_for(set())


hooks.REQUIREMENTS.register(
    Requirement(
        "certifications",
        "資格の保有",
        lambda rule: rule.certifications.exists(),
        _check_certifications,
        progress=_certifications_done,
    )
)


# --- knowledge test (contributed by the skills app's hooks) -------------------------------------


def _check_test_unavailable(rule, organisation, day, staff_ids=None):
    return 1, {}, (["知識テストの合格（テストの機能が使えないため確認できません）"], 1)


TEST_UNAVAILABLE = Requirement(
    "knowledge_test",
    "知識テストの合格",
    lambda rule: rule.requires_test,
    _check_test_unavailable,
    progress=lambda rule, organisation, day: (1, None),
)


# --- evaluation ---------------------------------------------------------------------------------


@dataclass
class Standing:
    """A person's standing: how many units they lack and, in words, what (`missing`).

    From `evaluate_rule`, the sentences of the close people are written when first read, for a chunk
    of EXPLAIN_CHUNK people at a time (the page shows the first hundred of possibly thousands)."""

    staff_id: int
    missing_units: int = 0
    total_units: int = 0
    explain: Callable[[Standing], None] | None = field(default=None, repr=False, compare=False)
    _missing: list[str] | None = field(default=None, init=False, repr=False)

    @property
    def missing(self) -> list[str]:
        if self._missing is None:
            self._missing = []
            if self.explain is not None:
                self.explain(self)
        return self._missing

    @property
    def eligible(self) -> bool:
        return self.missing_units == 0

    @property
    def close(self) -> bool:
        return 0 < self.missing_units <= CLOSE_UNITS and self.missing_units < self.total_units


def _people(rule: InternalCertRule, staff_ids) -> QuerySet:
    """Active staff of the rule's organisation not already certified under it (in force)."""
    from jinzai.people.models import Staff

    people = Staff.objects.filter(organisation=rule.organisation, retired_on__isnull=True).exclude(
        pk__in=InternalCertification.objects.filter(rule=rule, revoked_on__isnull=True).values("staff_id")
    )
    if staff_ids is not None:
        people = people.filter(pk__in=staff_ids)
    return people


def evaluate_rule(
    rule: InternalCertRule, day: date, *, staff_ids=None
) -> tuple[list[Standing], list[Standing]]:
    """(eligible, close) among active staff not already certified under the rule (in force).

    Eligible people come in 職員番号 order; close ones by what they still lack, fewest first."""
    requirements = applicable_requirements(rule)
    if any(r.progress is None for r in requirements):
        return _evaluate_in_python(rule, day, requirements, staff_ids)
    organisation = rule.organisation
    progress = [r.progress(rule, organisation, day) for r in requirements]
    total = sum(needed for needed, _ in progress)
    ranked = _rank_in_database(_people(rule, staff_ids), progress, total)
    eligible = [Standing(staff_id, total_units=total) for staff_id, missing in ranked if not missing]
    close = sorted(
        (
            Standing(staff_id, missing_units=missing, total_units=total)
            for staff_id, missing in ranked
            if missing
        ),
        key=lambda s: (s.missing_units, s.staff_id),
    )
    explain = _Explainer(rule, day, requirements, close)
    for standing in close:
        standing.explain = explain
    return eligible, close


EXPLAIN_CHUNK = 500


class _Explainer:
    """Writes what close people lack, in words, for the chunk of `close` a standing is in: each
    requirement's checker for those people only (a few queries per chunk)."""

    def __init__(self, rule, day, requirements, close: list[Standing]) -> None:
        self.rule, self.day, self.requirements, self.close = rule, day, requirements, close
        self.position = {s.staff_id: i for i, s in enumerate(close)}

    def __call__(self, standing: Standing) -> None:
        start = self.position[standing.staff_id] // EXPLAIN_CHUNK * EXPLAIN_CHUNK
        chunk = [s for s in self.close[start : start + EXPLAIN_CHUNK] if s is standing or s._missing is None]
        for s in chunk:
            s._missing = []
        ids = [s.staff_id for s in chunk]
        for requirement in self.requirements:
            _, per_staff, default = requirement.check(
                self.rule, self.rule.organisation, self.day, staff_ids=ids
            )
            for s in chunk:
                missing, units = per_staff.get(s.staff_id, default)
                if units:
                    s._missing.extend(missing)


def _rank_in_database(people: QuerySet, progress: list[tuple[int, QuerySet | None]], total: int) -> list:
    """(staff_id, units missing) of the eligible and close people, in 職員番号 order: one query.

    Each requirement's rows (one per person with anything done) are grouped once and LEFT JOINed to
    the staff; the missing units are summed in SQL and only people with at most CLOSE_UNITS missing
    (and some progress, unless nothing is missing) come back."""
    people_sql, params = people.order_by().values("id", "staff_no").query.sql_with_params()
    params = list(params)
    joins, missing = [], []
    for i, (needed, rows) in enumerate(progress):
        if rows is None:
            missing.append(str(int(needed)))
            continue
        rows_sql, rows_params = rows.order_by().values("staff_id", "done").query.sql_with_params()
        joins.append(f"LEFT JOIN ({rows_sql}) r{i} ON r{i}.staff_id = p.id")
        params.extend(rows_params)
        done = f"COALESCE(r{i}.done, 0)"
        missing.append(f"(CASE WHEN {done} >= {int(needed)} THEN 0 ELSE {int(needed)} - {done} END)")
    # Built from compiled querysets (their values stay bound parameters) and integers only.
    sql = (
        "SELECT id, missing FROM ("  # noqa: S608
        f"SELECT p.id AS id, p.staff_no AS staff_no, {' + '.join(missing) or '0'} AS missing "
        f"FROM ({people_sql}) p {' '.join(joins)}"
        f") ranked WHERE missing = 0 OR (missing <= {int(CLOSE_UNITS)} AND missing < {int(total)}) "
        "ORDER BY staff_no, id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _evaluate_in_python(rule, day, requirements, staff_ids) -> tuple[list[Standing], list[Standing]]:
    """The same ranking with a requirement that has no progress query: every person walked in Python."""
    organisation = rule.organisation
    checks = [requirement.check(rule, organisation, day) for requirement in requirements]
    total = sum(c[0] for c in checks)
    eligible, close = [], []
    people = _people(rule, staff_ids).order_by("staff_no", "pk").values_list("pk", flat=True)
    for staff_id in people.iterator(chunk_size=5000):
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
    checks = [
        r.check(rule, rule.organisation, day, staff_ids=[staff.pk])
        if r.progress is not None
        else r.check(rule, rule.organisation, day)
        for r in applicable_requirements(rule)
    ]
    standing = Standing(staff.pk, total_units=sum(c[0] for c in checks))
    for _, per_staff, default in checks:
        missing, units = per_staff.get(staff.pk, default)
        standing.missing.extend(missing)
        standing.missing_units += units
    return standing
