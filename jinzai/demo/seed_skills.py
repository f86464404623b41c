"""Demo skills data: campaigns with ratings, level criteria, a question bank (written for jinzai) and a test.

見本市 gets two closed DXリテラシー campaigns (FY2024, FY2025) and one open one (FY2026, half answered),
criteria for 一般行政職員, the sample bank of 30 questions and a DXリーダー向けアセスメント with attempts.
さくら町 gets one closed campaign and the bank; 見本県 the bank and the test. Deterministic (seeded RNG,
fixed dates), written in bulk with the ORM (demo data is not user input).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from django.db.models import Q

from jinzai.core.models import Organisation
from jinzai.people.models import Staff
from jinzai.skills.models import (
    Attempt,
    Campaign,
    Framework,
    KnowledgeTest,
    LevelCriterion,
    Participant,
    Question,
    QuestionCategory,
    Rating,
    RoleProfile,
    TestSection,
)
from jinzai.skills.question_bank import QUESTION_BANK
from jinzai.skills.services.campaigns import _types_on
from jinzai.skills.services.knowledge import score
from jinzai.talent.models import TalentType

CATEGORIES = ("DXの基礎", "情報セキュリティ", "データ活用")
CAMPAIGNS = (  # (name, fiscal year, start, end, status, answered share, confirmed share, growth)
    ("令和6年度 DXリテラシー評価", 2024, date(2024, 10, 1), date(2024, 11, 29), "closed", 0.86, 0.80, 0.0),
    ("令和7年度 DXリテラシー評価", 2025, date(2025, 10, 1), date(2025, 11, 28), "closed", 0.91, 0.87, 0.35),
    ("令和8年度 DXリテラシー評価", 2026, date(2026, 10, 1), date(2026, 11, 30), "open", 0.58, 0.31, 0.6),
)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


def seed_question_bank(org: Organisation) -> dict[str, QuestionCategory]:
    categories = {
        name: QuestionCategory.objects.create(organisation=org, name=name, sort_order=(i + 1) * 10)
        for i, name in enumerate(CATEGORIES)
    }
    Question.objects.bulk_create(
        [
            Question(
                organisation=org,
                category=categories[cat],
                text=text,
                kind=Question.Kind.MULTIPLE if len(correct) > 1 else Question.Kind.SINGLE,
                choices=list(choices),
                correct=list(correct),
                explanation=explanation,
            )
            for cat, text, choices, correct, explanation in QUESTION_BANK
        ]
    )
    return categories


def seed_test(org: Organisation, categories: dict[str, QuestionCategory]) -> KnowledgeTest:
    test = KnowledgeTest.objects.create(
        organisation=org,
        name="DXリーダー向けアセスメント",
        description="DX推進リーダーに必要な知識を確かめるテストです。研修をひととおり受けてから受験してください。"
        "合格すると、DXリーダーの認定要件の一つを満たします。",
        time_limit_minutes=20,
        pass_score=70,
        max_attempts=3,
    )
    TestSection.objects.bulk_create(
        [
            TestSection(organisation=org, test=test, category=categories[name], count=n)
            for name, n in (("DXの基礎", 4), ("情報セキュリティ", 3), ("データ活用", 3))
        ]
    )
    return test


def seed_attempts(org: Organisation, test: KnowledgeTest, rng: random.Random, people: list[int]) -> int:
    """Each person sits once or twice; ability decides how likely an answer is right."""
    pool: dict[int, list[Question]] = {}
    for q in Question.objects.filter(organisation=org).select_related("category").order_by("pk"):
        pool.setdefault(q.category_id, []).append(q)
    sections = list(test.sections.all())
    attempts = []
    for i, staff_id in enumerate(people):
        ability = rng.uniform(0.45, 0.95)
        sittings = 2 if ability < 0.65 and i % 3 == 0 else 1
        for sitting in range(sittings):
            questions = [q for s in sections for q in rng.sample(pool[s.category_id], s.count)]
            answers = {}
            for q in questions:
                right = rng.random() < ability + 0.1 * sitting
                wrong = [c for c in range(len(q.choices)) if c not in q.correct] or [0]
                answers[str(q.pk)] = list(q.correct) if right else [rng.choice(wrong)]
            correct, by_category = score(questions, answers)
            started = _at(date(2026, 7, 1) + timedelta(days=rng.randint(0, 100) + 30 * sitting), 9 + i % 8)
            pct = round(100 * correct / len(questions))
            attempts.append(
                Attempt(
                    organisation=org,
                    test=test,
                    staff_id=staff_id,
                    started_at=started,
                    deadline_at=started + timedelta(minutes=20),
                    submitted_at=started + timedelta(minutes=rng.randint(8, 18)),
                    question_ids=[q.pk for q in questions],
                    answers=answers,
                    correct=correct,
                    total=len(questions),
                    score=pct,
                    passed=pct >= test.pass_score,
                    by_category=by_category,
                )
            )
            if pct >= test.pass_score:
                break
    Attempt.objects.bulk_create(attempts)
    return len(attempts)


def _ability(staff: dict, rng: random.Random, leaders: set[int]) -> float:
    years = (date(2026, 4, 1) - (staff["hired_on"] or date(2015, 4, 1))).days / 365
    base = 1.2 + min(years, 25) * 0.02 + rng.gauss(0, 0.35)
    return base + (0.6 if staff["pk"] in leaders else 0.0)


def seed_campaigns(
    org: Organisation, rng: random.Random, specs=CAMPAIGNS, *, keep_pending: set[int] = frozenset()
) -> int:
    framework = Framework.objects.get(organisation=org, key="literacy")
    items = list(framework.items.filter(is_active=True).order_by("sort_order"))
    offsets = {item.pk: rng.uniform(-0.35, 0.3) for item in items}
    profiles = {
        (i, t): lvl
        for i, t, lvl in RoleProfile.objects.filter(item__framework=framework).values_list(
            "item_id", "talent_type_id", "expected_level"
        )
    }
    people = list(
        Staff.objects.filter(organisation=org, employment_type="regular")
        .values("pk", "current_unit_id", "hired_on", "retired_on")
        .order_by("staff_no")
    )
    total = 0
    for name, fy, start, end, status, answered, confirmed, growth in specs:
        types, general = _types_on(org, start)
        leaders = {pk for pk, t in types.items() if t != general}
        campaign = Campaign.objects.create(
            organisation=org,
            name=name,
            fiscal_year=fy,
            framework=framework,
            starts_on=start,
            ends_on=end,
            population={"employment_types": ["regular"]},
            status=status,
            closed_at=_at(end + timedelta(days=7)) if status == "closed" else None,
        )
        members = [p for p in people if p["retired_on"] is None or p["retired_on"] >= start]
        sheets = []
        for p in members:
            roll = rng.random()
            state = Participant.Status.PENDING
            if p["pk"] not in keep_pending and roll < answered:
                state = Participant.Status.CONFIRMED if roll < confirmed else Participant.Status.SELF_DONE
            submitted = (
                _at(start + timedelta(days=rng.randint(2, 30)))
                if state != Participant.Status.PENDING
                else None
            )
            sheets.append(
                Participant(
                    organisation=org,
                    campaign=campaign,
                    staff_id=p["pk"],
                    unit_id=p["current_unit_id"],
                    talent_type_id=types.get(p["pk"], general),
                    status=state,
                    submitted_at=submitted,
                    confirmed_at=submitted + timedelta(days=rng.randint(3, 20))
                    if state == Participant.Status.CONFIRMED
                    else None,
                    manager_comment="面談で確認しました。"
                    if state == Participant.Status.CONFIRMED and rng.random() < 0.2
                    else "",
                )
            )
        Participant.objects.bulk_create(sheets, batch_size=1000)
        ability = {p["pk"]: _ability(p, random.Random(p["pk"] * 7919 + org.pk), leaders) for p in members}
        ratings = []
        for sheet in sheets:
            if sheet.status == Participant.Status.PENDING:
                continue
            for item in items:
                true = ability[sheet.staff_id] + offsets[item.pk] + growth + rng.gauss(0, 0.3)
                level = max(1, min(framework.level_count, round(true)))
                own = max(1, min(framework.level_count, level + (1 if rng.random() < 0.18 else 0)))
                done = sheet.status == Participant.Status.CONFIRMED
                ratings.append(
                    Rating(
                        organisation=org,
                        participant=sheet,
                        campaign=campaign,
                        staff_id=sheet.staff_id,
                        unit_id=sheet.unit_id,
                        item=item,
                        self_level=own,
                        manager_level=level if done else None,
                        final_level=level if done else None,
                        expected_level=profiles.get((item.pk, sheet.talent_type_id)),
                    )
                )
        Rating.objects.bulk_create(ratings, batch_size=2000)
        total += len(ratings)
    return total


def seed_criteria(org: Organisation) -> None:
    general = TalentType.objects.get(organisation=org, kind=TalentType.Kind.GENERAL)
    items = {i.name: i for i in Framework.objects.get(organisation=org, key="literacy").items.all()}
    for level, item_name, min_level, share in (
        (1, "ツールの活用", 2, 50),
        (2, "データの基礎", 2, 60),
        (3, "データの読み方", 3, 50),
    ):
        criterion = LevelCriterion.objects.create(
            organisation=org,
            talent_type=general,
            level=level,
            min_level=min_level,
            min_share=share,
            employment_types=["regular"],
        )
        criterion.items.set([items[item_name]])


def _civic_first(org: Organisation) -> set[int]:
    """The first 主事 of 市民課 (where the demo staff login is picked) have not answered the open campaign yet."""
    from jinzai.core.models import Unit
    from jinzai.core.selectors import descendant_ids

    civic = Unit.objects.filter(organisation=org, name="市民課").first()
    if civic is None:
        return set()
    qs = Staff.objects.filter(
        Q(current_unit_id__in=descendant_ids(org, [civic.pk])), organisation=org, grade__name="主事"
    ).order_by("staff_no")
    return set(qs.values_list("pk", flat=True)[:4])


def seed_skills(org: Organisation) -> None:
    rng = random.Random(f"skills-{org.code}")
    categories = seed_question_bank(org)
    test = seed_test(org, categories)
    if org.code == "992011":
        seed_campaigns(org, rng, keep_pending=_civic_first(org))
        seed_criteria(org)
        from jinzai.talent.selectors import active_designations

        designated = list(
            active_designations(org, on=date(2026, 7, 1))
            .order_by("staff__staff_no")
            .values_list("staff_id", flat=True)
        )
        seed_attempts(org, test, rng, list(dict.fromkeys(designated))[:40])
    elif org.code == "993018":
        seed_campaigns(org, rng, CAMPAIGNS[1:2])
        seed_criteria(org)
