"""The candidate finder (候補者の検索): filters, an explainable score and per-unit shortlists.

The score is computed in the database so that sorting and paging work at prefecture scale: each part is a
number between 0 and 1 (an annotation on the staff row), weighted by the organisation's weights
(talent.models.options.SCORE_PARTS) and scaled to 0–100:

- 職級: 1 inside the recommended grade band (default 主査〜課長補佐), else 0;
- スキル: the highest confirmed level of the chosen item (else of any item) / 5;
- 資格 / 研修: certifications held, courses completed (three or more count fully);
- 意欲: (motivation − 1) / 4 from the latest 自己申告; 希望: 1 for 「DXの仕事をしたい」, 0.5 for 「機会があれば」;
- 経験年数: 1 after ten years of service, 0.5 after five.

The reasons are written for the rows shown only (one query per fact source for the page).
"""

from __future__ import annotations

import functools
import operator
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce

from .. import facts as fact_sources
from ..models import Designation, SelfDeclaration
from ..models.options import SCORE_PARTS
from .coverage import (
    children_map,
    coverage_on,
    leader_type_ids,
    owner_in,
    parent_map,
    shared_reads,
    subtree,
    types_with_tiers,
    unit_path_names,
)
from .duties import settings_of

WISH_DX, WISH_MOVE = "dx", "move"


def _today() -> date:
    from jinzai.core.services import today

    return today()


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class CandidateFilter:
    unit_id: int | None = None
    grade_min_rank: int | None = None
    grade_max_rank: int | None = None
    tenure_min: int | None = None
    skill_item: int | None = None
    skill_level: int | None = None
    certification: int | None = None
    course: int | None = None
    motivation_min: int | None = None
    wish: str = ""
    exclude_designated: bool = True
    regular_only: bool = True
    talent_type_id: int | None = None

    def filter_count(self) -> int:
        """How many filters narrow the list (for the page's summary and the benchmark)."""
        return sum(
            1
            for v in (
                self.unit_id,
                self.grade_min_rank or self.grade_max_rank,
                self.tenure_min,
                self.skill_item,
                self.certification,
                self.course,
                self.motivation_min,
                self.wish,
            )
            if v
        )


def default_band(organisation, settings=None) -> tuple[int | None, int | None]:
    """The recommended grade band's ranks: the settings', else 主査〜課長補佐 when those grades exist."""
    from jinzai.core.models import Grade

    settings = settings or settings_of(organisation)
    ranks = dict(Grade.objects.filter(organisation=organisation).values_list("name", "rank"))
    low = settings.band_min.rank if settings.band_min_id else ranks.get("主査")
    high = settings.band_max.rank if settings.band_max_id else ranks.get("課長補佐")
    return low, high


def _latest(field_name: str):
    return Subquery(
        SelfDeclaration.objects.filter(staff_id=OuterRef("pk"))
        .order_by("-period__fiscal_year", "-id")
        .values(field_name)[:1]
    )


def _source_strength(organisation, key: str, value: int | None, day: date):
    source = fact_sources.source(key)
    return source.strength(organisation, value, day) if source is not None else Value(0.0)


def scored(
    organisation, f: CandidateFilter, *, day: date | None = None, base: QuerySet | None = None
) -> QuerySet:
    """Staff matching the filters, annotated with each part of the score and ``score`` (0–100), best first."""
    from jinzai.people.models import EmploymentType, Staff

    day = day or _today()
    settings = settings_of(organisation)
    band_low, band_high = default_band(organisation, settings)
    qs = base if base is not None else Staff.objects.all()
    # the conditions in one filter() (each call clones the growing query); the same WHERE, in the same order
    where: list = [
        Q(hired_on__isnull=True) | Q(hired_on__lte=day),
        Q(organisation=organisation),
        Q(retired_on__isnull=True),
    ]
    if f.regular_only:
        where.append(Q(employment_type=EmploymentType.REGULAR))
    if f.unit_id:
        inside = subtree([f.unit_id], children_map(parent_map(organisation)))  # core.selectors.descendant_ids
        where.append(Q(current_unit_id__in=inside))
    if f.grade_min_rank is not None:
        where.append(Q(grade__rank__gte=f.grade_min_rank))
    if f.grade_max_rank is not None:
        where.append(Q(grade__rank__lte=f.grade_max_rank))
    if f.tenure_min:
        where.append(Q(hired_on__lte=years_before(day, f.tenure_min)))
    for key, value, level in (
        ("skill", f.skill_item, f.skill_level),
        ("certification", f.certification, None),
        ("course", f.course, None),
    ):
        source = fact_sources.source(key)
        if value and source is not None:  # a correlated EXISTS: one index probe per person, whatever the
            # number of ratings or certifications of the organisation
            where.append(
                Exists(source.holders(organisation, value, level, day).filter(staff_id=OuterRef("pk")))
            )
    if f.exclude_designated:
        types = (
            types_with_tiers(organisation, [f.talent_type_id])
            if f.talent_type_id
            else leader_type_ids(organisation)
        )
        active = Designation.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=day),
            staff_id=OuterRef("pk"),
            talent_type_id__in=list(types),
            started_on__lte=day,
        )
        where.append(~Exists(active))
    qs = qs.filter(*where)
    qs = qs.annotate(
        decl_motivation=_latest("motivation"), decl_interest=_latest("dx_interest"), decl_wish=_latest("wish")
    )
    if f.motivation_min:
        qs = qs.filter(decl_motivation__gte=f.motivation_min)
    if f.wish == WISH_DX:
        qs = qs.filter(decl_interest__in=[SelfDeclaration.Interest.YES, SelfDeclaration.Interest.MAYBE])
    elif f.wish == WISH_MOVE:
        qs = qs.filter(decl_wish=SelfDeclaration.Wish.MOVE)
    in_band = Q()
    if band_low is not None:
        in_band &= Q(grade__rank__gte=band_low)
    if band_high is not None:
        in_band &= Q(grade__rank__lte=band_high)
    parts = {
        "grade": Case(
            When(in_band, grade__isnull=False, then=Value(1.0)), default=Value(0.0), output_field=FloatField()
        ),
        "skill": _source_strength(organisation, "skill", f.skill_item, day),
        "certification": _source_strength(organisation, "certification", f.certification, day),
        "course": _source_strength(organisation, "course", f.course, day),
        "motivation": Coalesce(
            (F("decl_motivation") - Value(1.0)) / Value(4.0), Value(0.0), output_field=FloatField()
        ),
        "wish": Case(
            When(decl_interest=SelfDeclaration.Interest.YES, then=Value(1.0)),
            When(decl_interest=SelfDeclaration.Interest.MAYBE, then=Value(0.5)),
            default=Value(0.0),
            output_field=FloatField(),
        ),
        "tenure": Case(
            When(hired_on__lte=years_before(day, 10), then=Value(1.0)),
            When(hired_on__lte=years_before(day, 5), then=Value(0.5)),
            default=Value(0.0),
            output_field=FloatField(),
        ),
    }
    weights = {key: settings.weight(key) for key, _, _ in SCORE_PARTS}
    total = sum(weights.values()) or 1
    terms = [Value(float(weights[k])) * expr for k, expr in parts.items() if weights[k]]
    score = functools.reduce(operator.add, terms) * Value(100.0 / total) if terms else Value(0.0)
    return qs.annotate(score=score).order_by("-score", "staff_no")


# --- reasons in words ---------------------------------------------------------------------------------


def grade_word(name: str) -> str:
    return name if name.endswith("級") else f"{name}級"


@dataclass
class Candidate:
    staff: object
    score: int
    reasons: list[str] = field(default_factory=list)
    unit_path: str = ""

    @property
    def reason(self) -> str:
        return "・".join(self.reasons)


def explain(
    organisation, people: list, f: CandidateFilter, *, day: date | None = None, paths: dict | None = None
) -> list[Candidate]:
    """Each scored person with a plain-Japanese reason (「係長級・業務改善 Lv4・ITパスポート保有・DX業務を希望」).
    ``paths`` (unit id → path name) when the caller has them already."""
    day = day or _today()
    ids = [p.pk for p in people]
    if not ids:
        return []
    found = {s.key: s.facts(organisation, ids, day) for s in fact_sources.sources()}
    if paths is None:
        paths = unit_path_names(organisation, [p.current_unit_id for p in people])
    result = []
    for person in people:
        reasons: list[str] = []
        if person.grade_id:
            reasons.append(grade_word(person.grade.name))
        skills = found.get("skill", {}).get(person.pk, [])
        if f.skill_item:
            skills = [x for x in skills if x.value == f.skill_item] or skills
        best = [x for x in skills if (x.level or 0) >= 3][:1] or skills[:1] if skills else []
        for key, facts in (
            ("skill", best),
            ("certification", found.get("certification", {}).get(person.pk, [])[:2]),
            ("course", found.get("course", {}).get(person.pk, [])[:1]),
        ):
            source = fact_sources.source(key)
            reasons += [source.describe(x) for x in facts]
        interest = getattr(person, "decl_interest", None)
        if interest == SelfDeclaration.Interest.YES:
            reasons.append("DX業務を希望")
        elif interest == SelfDeclaration.Interest.MAYBE:
            reasons.append("DX業務に関心")
        if getattr(person, "decl_wish", None) == SelfDeclaration.Wish.MOVE:
            reasons.append("異動を希望")
        motivation = getattr(person, "decl_motivation", None)
        if motivation and motivation >= 4:
            reasons.append(f"意欲{motivation}")
        if person.hired_on:
            years = (
                day.year
                - person.hired_on.year
                - ((day.month, day.day) < (person.hired_on.month, person.hired_on.day))
            )
            if years >= 5:
                reasons.append(f"在職{years}年")
        result.append(
            Candidate(person, round(person.score or 0), reasons, paths.get(person.current_unit_id, ""))
        )
    return result


def count(organisation, f: CandidateFilter, *, day: date | None = None) -> int:
    """How many people match the filters."""
    return scored(organisation, f, day=day).count()


def page_of(organisation, f: CandidateFilter, *, offset: int = 0, limit: int = 50, day: date | None = None):
    """The candidates of one page of the finder, best first, with their reasons."""
    return find(organisation, f, offset=offset, limit=limit, day=day)[1]


def find(organisation, f: CandidateFilter, *, offset: int = 0, limit: int = 50, day: date | None = None):
    """(how many match, the candidates of one page best first with their reasons).

    One query: the filters and the score run once in the database, which counts the matches with a window
    (``COUNT(*) OVER ()``) and returns only the page's people with their grade and score parts. A page past
    the last one returns no row, so only then is the total counted separately."""
    day = day or _today()
    with shared_reads():  # the units, read once for the filter and the reasons' paths
        qs = scored(organisation, f, day=day)
        people = list(qs.select_related("grade").annotate(total=Window(Count("pk")))[offset : offset + limit])
        if not people:
            return (qs.count() if offset else 0), []
        return people[0].total, explain(organisation, people, f, day=day)


# --- per-unit shortlists ------------------------------------------------------------------------------


@dataclass
class Shortlist:
    unit: object
    leaders: int
    concurrent: int
    candidates: list[Candidate]


def shortlists(
    organisation, f: CandidateFilter, *, per_unit: int = 3, day: date | None = None
) -> list[Shortlist]:
    """Per 課, the best candidates serving there; units with fewer leaders (none first) come first."""
    from jinzai.people.models import Staff

    day = day or _today()
    coverage = coverage_on(organisation, day)
    parents = parent_map(organisation)
    wanted = {c.unit.pk for c in coverage}
    rows = scored(organisation, CandidateFilter(**{**f.__dict__, "unit_id": None}), day=day).values_list(
        "pk", "current_unit_id"
    )
    chosen: dict[int, list[int]] = defaultdict(list)
    for pk, unit_id in rows.iterator(chunk_size=2000):
        owner = owner_in(unit_id, wanted, parents)
        if owner is not None and len(chosen[owner]) < per_unit:
            chosen[owner].append(pk)
    ids = [pk for pks in chosen.values() for pk in pks]
    people = {
        p.pk: p
        for p in scored(
            organisation,
            CandidateFilter(**{**f.__dict__, "unit_id": None}),
            day=day,
            base=Staff.objects.filter(pk__in=ids),
        ).select_related("grade")
    }
    explained = {c.staff.pk: c for c in explain(organisation, list(people.values()), f, day=day)}
    result = [
        Shortlist(
            c.unit,
            c.count,
            len(c.concurrent),
            [explained[pk] for pk in chosen.get(c.unit.pk, []) if pk in explained],
        )
        for c in coverage
    ]
    result.sort(key=lambda s: (s.leaders > 0, s.leaders, s.unit.sort_order, s.unit.pk))
    return result
