"""Plan metrics of the learning app (registered in core.hooks.METRICS when learning.hooks imports this):

- share of a population holding certification C, or any certification of ITSS level ≥ n;
- number of people who completed course X, or curriculum Y;
- number of people internally certified (under one rule, or any).

Each loads its rows once per target (memoised across the plan's targets) and evaluates dates in memory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import F
from django.db.models.functions import Coalesce

from jinzai.core import hooks
from jinzai.planning.metrics import (
    GRADE_BAND,
    Measurement,
    Metric,
    ParamChoice,
    _d,
    memoised,
    population_share,
)

from .models import (
    Certification,
    Course,
    Curriculum,
    Enrolment,
    InternalCertification,
    InternalCertRule,
    StaffCertification,
)


def _retired(organisation_id: int, staff_ids: Iterable[int]) -> dict[int, date | None]:
    from jinzai.people.models import Staff

    return dict(
        Staff.objects.filter(organisation_id=organisation_id, pk__in=set(staff_ids)).values_list(
            "pk", "retired_on"
        )
    )


def _employed(retired: dict, staff_id: int, day: date) -> bool:
    r = retired.get(staff_id)
    return r is None or r >= day


# --- certification share -----------------------------------------------------------------------


def cert_choices(organisation) -> list[tuple[str, str]]:
    certs = [
        (f"cert:{pk}", name)
        for pk, name in Certification.objects.filter(organisation=organisation).values_list("pk", "name")
    ]
    levels = [(f"level:{n}", f"ITSSレベル{n}以上のいずれかの資格") for n in (1, 2, 3, 4)]
    return levels + certs


def _cert_ids(organisation_id: int, choice: str) -> list[int]:
    kind, _, value = (choice or "").partition(":")
    qs = Certification.objects.filter(organisation_id=organisation_id)
    if kind == "level" and value.isdigit():
        return list(qs.filter(itss_level__gte=int(value)).values_list("pk", flat=True))
    if kind == "cert" and value.isdigit():
        return list(qs.filter(pk=int(value)).values_list("pk", flat=True))
    return []


def _load_holdings(org_id: int, choice: str):
    rows = list(
        StaffCertification.objects.filter(
            organisation_id=org_id,
            status=StaffCertification.Status.VERIFIED,
            certification_id__in=_cert_ids(org_id, choice),
        ).values_list("staff_id", "valid_from", "expires_on")
    )
    return rows, _retired(org_id, (r[0] for r in rows))


def measure_cert_share(target, dates: list[date]) -> list[Measurement]:
    org_id = target.plan.organisation_id
    choice = target.params.get("cert_target", "")
    rows, retired = memoised(("learning_holdings", org_id, choice), lambda: _load_holdings(org_id, choice))

    def members_on(day: date) -> set[int]:
        return {
            sid
            for sid, start, end in rows
            if start <= day and (end is None or day <= end) and _employed(retired, sid, day)
        }

    return population_share(target, dates, members_on)


# --- completions --------------------------------------------------------------------------------


def completion_choices(organisation) -> list[tuple[str, str]]:
    courses = [
        (f"course:{pk}", f"研修：{t}")
        for pk, t in Course.objects.filter(organisation=organisation).values_list("pk", "title")
    ]
    curricula = [
        (f"curriculum:{pk}", f"カリキュラム：{n}")
        for pk, n in Curriculum.objects.filter(organisation=organisation).values_list("pk", "name")
    ]
    return curricula + courses


def _first_completions(org_id: int, choice: str) -> dict[int, date]:
    """staff_id -> the day the course (or the curriculum) was completed."""
    kind, _, value = (choice or "").partition(":")
    if not value.isdigit():
        return {}
    needed = 1
    if kind == "curriculum":
        curriculum = Curriculum.objects.filter(organisation_id=org_id, pk=int(value)).first()
        if curriculum is None:
            return {}
        course_ids = list(curriculum.courses.values_list("pk", flat=True))
        needed = (
            len(course_ids) if curriculum.mode == Curriculum.Mode.ALL else (curriculum.required_count or 1)
        )
    else:
        course_ids = [int(value)]
    rows = (
        Enrolment.objects.filter(
            organisation_id=org_id, result=Enrolment.Result.COMPLETED, session__course_id__in=course_ids
        )
        .annotate(day=Coalesce("completed_on", F("session__ends_on")))
        .values_list("staff_id", "session__course_id", "day")
    )
    first: dict[int, dict[int, date]] = defaultdict(dict)
    for staff_id, course_id, day in rows:
        known = first[staff_id].get(course_id)
        if known is None or day < known:
            first[staff_id][course_id] = day
    result = {}
    for staff_id, per_course in first.items():
        days = sorted(per_course.values())
        if needed and len(days) >= needed:
            result[staff_id] = days[needed - 1]
    return result


def measure_completed(target, dates: list[date]) -> list[Measurement]:
    org_id = target.plan.organisation_id
    choice = target.params.get("learning_target", "")

    def load():
        done = _first_completions(org_id, choice)
        return done, _retired(org_id, done)

    done, retired = memoised(("learning_completions", org_id, choice), load)
    return [
        Measurement(_d(sum(1 for sid, d in done.items() if d <= day and _employed(retired, sid, day))))
        for day in dates
    ]


# --- internal certification ---------------------------------------------------------------------


def internal_rule_choices(organisation) -> list[tuple[str, str]]:
    return [
        (str(pk), name)
        for pk, name in InternalCertRule.objects.filter(organisation=organisation).values_list("pk", "name")
    ]


def measure_internal(target, dates: list[date]) -> list[Measurement]:
    org_id = target.plan.organisation_id
    rule = target.params.get("internal_rule", "")

    def load():
        qs = InternalCertification.objects.filter(organisation_id=org_id)
        if str(rule).isdigit():
            qs = qs.filter(rule_id=int(rule))
        rows = list(qs.values_list("staff_id", "certified_on", "revoked_on"))
        return rows, _retired(org_id, (r[0] for r in rows))

    rows, retired = memoised(("learning_internal", org_id, rule), load)
    result = []
    for day in dates:
        people = {
            sid
            for sid, start, revoked in rows
            if start <= day and (revoked is None or revoked > day) and _employed(retired, sid, day)
        }
        result.append(Measurement(_d(len(people))))
    return result


hooks.METRICS.register(
    Metric(
        "cert_share",
        "割合：対象の職員のうち資格を持つ人",
        "%",
        (),
        measure_cert_share,
        "任用形態・職級で決めた職員のうち、選んだ資格（または決めたITSSレベル以上のいずれかの資格）を持つ人の割合です。"
        "人事担当が確認済みで、その日に有効な資格を数えます。",
        accepts=("params.employment_types", *GRADE_BAND),
        choice_params=(ParamChoice("cert_target", "数える資格", cert_choices),),
    )
)
hooks.METRICS.register(
    Metric(
        "completed",
        "人数：研修・カリキュラムを修了した人",
        "名",
        (),
        measure_completed,
        "その日までに、選んだ研修（またはカリキュラムの条件）を修了した在職者の人数です。",
        choice_params=(ParamChoice("learning_target", "修了を数える研修・カリキュラム", completion_choices),),
    )
)
hooks.METRICS.register(
    Metric(
        "internal_certified",
        "人数：庁内認定を受けている人",
        "名",
        (),
        measure_internal,
        "その日に庁内認定（取消されていないもの）を受けている在職者の人数です。認定を選ばなければ、すべての認定を数えます。",
        choice_params=(
            ParamChoice(
                "internal_rule",
                "庁内認定",
                internal_rule_choices,
                required=False,
                help="空欄ならすべての認定です。",
            ),
        ),
    )
)
