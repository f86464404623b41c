"""Demo planning data: designations, level history, an approved policy with its structure, and plans.

見本市 gets a partly achieved, approved 3-year plan (FY2025–2027) backed by real designations; さくら町 gets
a draft plan shaped like the wizard's output. Deterministic (seeded RNG, fixed dates), written with the ORM
(demo data is not user input; one `demo.seed` audit event per organisation is written by the caller).
"""

from __future__ import annotations

import random
from datetime import date

from django.db.models import Count, Q

from jinzai.core.models import Organisation, Unit
from jinzai.people.models import Staff
from jinzai.planning.models import (
    Body,
    BodyMember,
    DevelopmentPlan,
    LevelAssessment,
    Meeting,
    PlanLevel,
    PolicyTypeSection,
    PolicyVersion,
    RoadmapTask,
    StarterAction,
    Status,
    Target,
)
from jinzai.talent.models import Designation, SubRole, TalentType
from jinzai.talent.selectors import ordered_types

DX_OFFICER = "DX推進担当"
BUSINESS = "業務担当"


def _types(org: Organisation) -> dict[str, TalentType]:
    return {t.kind: t for t in TalentType.objects.filter(organisation=org)}


def _sub(leader: TalentType, name: str) -> SubRole:
    return SubRole.objects.get(talent_type=leader, name=name)


def _people_in(org: Organisation, unit: Unit, *, grades: tuple[str, ...] = ()) -> list[Staff]:
    from jinzai.core.selectors import descendant_ids

    qs = Staff.objects.filter(
        organisation=org, retired_on__isnull=True, current_unit_id__in=descendant_ids(org, [unit.pk])
    ).exclude(employment_type="fiscal_year")
    if grades:
        qs = qs.filter(grade__name__in=grades)
    return list(qs.order_by("staff_no"))


def _designate(org, staff, talent_type, sub_role, method, started_on, duties="", ended_on=None, reason=""):
    return Designation(
        organisation=org,
        staff=staff,
        talent_type=talent_type,
        sub_role=sub_role,
        method=method,
        duties=duties,
        started_on=started_on,
        ended_on=ended_on,
        end_reason=reason,
        source=Designation.Source.DEMO,
    )


def seed_designations(org: Organisation, rng: random.Random, *, coverage: float) -> int:
    """DX推進担当 in the IT/DX units, 業務担当 in a share of the business 課, the 特定任期付 specialist."""
    types = _types(org)
    leader, expert = types["leader"], types["expert"]
    dx, biz = _sub(leader, DX_OFFICER), _sub(leader, BUSINESS)
    rows: list[Designation] = []
    taken: set[int] = set()
    for unit in Unit.objects.filter(organisation=org, kind=Unit.Kind.DIVISION).filter(
        Q(is_it=True) | Q(is_dx=True)
    ):
        for person in _people_in(org, unit, grades=("主任", "主査", "係長"))[:2]:
            rows.append(
                _designate(
                    org,
                    person,
                    leader,
                    dx,
                    Designation.Method.APPOINTED,
                    date(2025, 4, 1),
                    "全庁のDX推進に関する企画・調整（兼務発令）",
                )
            )
            taken.add(person.pk)
    business = list(
        Unit.objects.filter(
            organisation=org,
            kind=Unit.Kind.DIVISION,
            is_business=True,
            is_it=False,
            is_dx=False,
            valid_to__isnull=True,
        ).order_by("sort_order", "id")
    )
    starts = [date(2025, 4, 1), date(2025, 10, 1), date(2026, 4, 1)]
    for unit in business:
        if rng.random() > coverage:
            continue
        candidates = [
            p for p in _people_in(org, unit, grades=("係長", "主査", "課長補佐")) if p.pk not in taken
        ]
        if not candidates:
            continue
        person = rng.choice(candidates)
        method = rng.choice(
            [Designation.Method.NOMINATED, Designation.Method.NOMINATED, Designation.Method.VOLUNTEER]
        )
        start = rng.choice(starts)
        rows.append(
            _designate(org, person, leader, biz, method, start, f"{unit.name}の業務改善とデジタル化の推進")
        )
        taken.add(person.pk)
    # two leaders who stepped down at the 2026 transfers (history is kept)
    for unit in business[:2]:
        ended = [p for p in _people_in(org, unit, grades=("主任", "主事")) if p.pk not in taken][:1]
        for person in ended:
            rows.append(
                _designate(
                    org,
                    person,
                    leader,
                    biz,
                    Designation.Method.VOLUNTEER,
                    date(2025, 4, 1),
                    f"{unit.name}の業務改善",
                    date(2026, 3, 31),
                    "人事異動のため",
                )
            )
            taken.add(person.pk)
    for person in Staff.objects.filter(
        organisation=org, employment_type="specific_fixed_term", retired_on__isnull=True
    ):
        rows.append(
            _designate(
                org,
                person,
                expert,
                None,
                Designation.Method.APPOINTED,
                person.hired_on or date(2025, 4, 1),
                "DX推進に関する専門的な助言とプロジェクト管理",
            )
        )
    Designation.objects.bulk_create(rows)
    return len(rows)


def seed_levels(org: Organisation, history: dict[str, list[int]]) -> None:
    types = _types(org)
    rows = []
    for kind, levels in history.items():
        for fy, level in zip((2024, 2025, 2026), levels, strict=False):
            rows.append(
                LevelAssessment(
                    organisation=org,
                    talent_type=types[kind],
                    fiscal_year=fy,
                    level=level,
                    assessor="DX推進課長",
                    assessed_on=date(fy, 10, 15),
                    evidence="年度の取組と職員アンケートの結果をもとに、DX推進本部で確認しました。",
                )
            )
    LevelAssessment.objects.bulk_create(rows)


POLICY_TEXT = {
    "talent_text": "本市が育成・確保する人材像を、高度専門人材、DX推進リーダー（DX推進担当・業務担当）、"
    "一般行政職員の三つとします。",
    "targets_text": "計画期間の最終年度までに、すべての課に業務担当のDX推進リーダーを1名以上置き、"
    "情報政策課にはDX推進担当を2名置きます。",
    "development_text": "職員の育成を中心としつつ、高い専門性が必要な分野では外部人材を登用します。",
    "structure_text": "市長を本部長とするDX推進本部のもとに人材育成委員会を置き、人事課とDX推進課が共同で事務局を務めます。",
    "prefecture_text": "見本県の共同研修と人材バンクを活用し、専門人材の派遣や相談を受けます。",
    "career_text": "DX推進リーダーの経験を人事評価と配置に反映し、行政とデジタルの両方に強い職員のキャリアを示します。",
}
SECTIONS = {
    "expert": (
        "hire",
        "CIO補佐官を外部から招き、補佐する職員を付けます。",
        "内部の職員からCIO補佐官を担える人材を育てます。",
    ),
    "leader": (
        "develop",
        "係長・主査級から各課1名を指名し、研修とITパスポートの取得を支援します。",
        "リーダーの経験を評価と異動に生かし、複数の部署で活躍できるようにします。",
    ),
    "general": (
        "develop",
        "全職員にeラーニングで基礎的な研修を行います。",
        "業務の見直しを日常的に行う職場風土をつくります。",
    ),
}


def seed_policy(org: Organisation) -> None:
    types = _types(org)
    policy = PolicyVersion.objects.create(
        organisation=org,
        version=1,
        status=Status.APPROVED,
        approver_name="市長",
        approved_on=date(2025, 3, 24),
        title=f"{org.name}デジタル人材育成・確保基本方針",
        **POLICY_TEXT,
    )
    for kind, (approach, short, long) in SECTIONS.items():
        PolicyTypeSection.objects.create(
            policy=policy,
            organisation=org,
            talent_type=types[kind],
            approach=approach,
            short_term=short,
            long_term=long,
        )
    hq = Body.objects.create(
        organisation=org,
        name="DX推進本部",
        kind=Body.Kind.HQ,
        sort_order=10,
        purpose="全庁のDXと人材育成の方針を決め、進み具合を確かめます。",
    )
    committee = Body.objects.create(
        organisation=org,
        name="デジタル人材育成委員会",
        kind=Body.Kind.COMMITTEE,
        parent=hq,
        sort_order=20,
        purpose="育成計画をつくり、毎年の評価と見直しを行います。",
    )
    wg = Body.objects.create(
        organisation=org,
        name="DX推進リーダー作業部会",
        kind=Body.Kind.WORKING_GROUP,
        parent=committee,
        sort_order=30,
        purpose="各課のリーダーが業務改善の事例を持ち寄ります。",
    )
    BodyMember.objects.bulk_create(
        [
            BodyMember(organisation=org, body=hq, name="市長", role=BodyMember.Role.CHAIR),
            BodyMember(organisation=org, body=hq, name="副市長", role=BodyMember.Role.CIO),
            BodyMember(
                organisation=org, body=hq, name="CIO補佐官（外部人材）", role=BodyMember.Role.CIO_ADVISER
            ),
            BodyMember(organisation=org, body=committee, name="総務部長", role=BodyMember.Role.CHAIR),
            BodyMember(
                organisation=org, body=committee, name="人事課・DX推進課", role=BodyMember.Role.SECRETARIAT
            ),
            BodyMember(
                organisation=org, body=wg, name="各課の業務担当DX推進リーダー", role=BodyMember.Role.MEMBER
            ),
        ]
    )
    Meeting.objects.bulk_create(
        [
            Meeting(
                organisation=org,
                body=hq,
                held_on=date(2025, 3, 24),
                title="基本方針の決定",
                notes="基本方針と育成計画を承認しました。",
            ),
            Meeting(
                organisation=org,
                body=committee,
                held_on=date(2025, 10, 20),
                title="上半期の進み具合の確認",
                notes="業務担当リーダーの指名が遅れている部を確認しました。",
            ),
            Meeting(
                organisation=org,
                body=committee,
                held_on=date(2026, 5, 18),
                title="令和7年度の評価",
                notes="育成目標レベルの評価を行いました。",
            ),
        ]
    )


ROADMAP = [
    # (year offset or None, type kind, task kind, title, status for the city)
    (0, "leader", "develop", "DX推進リーダーの役割と期待を学ぶ研修を行う", "done"),
    (0, "leader", "develop", "ITパスポートの受験を勧め、受験料を補助する", "done"),
    (0, "leader", "place", "情報担当にDX推進担当を2名置く", "done"),
    (1, "leader", "develop", "業務改善とプロジェクト管理の研修を行う", "in_progress"),
    (1, "leader", "place", "リーダーの職務を事務分掌に書き込む", "in_progress"),
    (2, "leader", "develop", "導入するツールの研修を行い、使った結果を評価する", "planned"),
    (2, "leader", "place", "各課の係長級から業務担当リーダーを指名する", "planned"),
    (None, "leader", "structure", "育成のやり方と効果を評価し、見直しを続ける", "planned"),
    (0, "general", "develop", "全職員向けにDXと情報セキュリティのeラーニングを行う", "done"),
    (1, "general", "develop", "担当業務の流れを図にし、手順書をつくる", "in_progress"),
    (2, "general", "develop", "選ばれた職員に業務改善ツールの研修を行う", "planned"),
    (None, "general", "develop", "一般職員からリーダーを目指す研修を定着させる", "planned"),
    (0, "expert", "secure", "国のアドバイザー制度で、必要な人材像の助言を受ける", "done"),
    (1, "expert", "secure", "CIO補佐官を招き、補佐する体制をつくる", "in_progress"),
    (2, "expert", "structure", "CIO補佐官の役割を幹部の事務分掌に明記する", "planned"),
]


def seed_plan(
    org: Organisation, *, status: str, start_fy: int, levels: dict[str, tuple[int, int]], task_status: bool
) -> DevelopmentPlan:
    types = _types(org)
    leader = types["leader"]
    plan = DevelopmentPlan.objects.create(
        organisation=org,
        title=f"{org.name}デジタル人材育成計画",
        start_fy=start_fy,
        end_fy=start_fy + 2,
        status=status,
        summary="基本方針に沿って、3年間でDX推進リーダーを全課に置き、全職員の基礎力を高めます。",
        approver_name="DX推進本部長（市長）" if status == Status.APPROVED else "",
        approved_on=date(start_fy, 3, 24) if status == Status.APPROVED else None,
    )
    for kind, (current, target) in levels.items():
        PlanLevel.objects.create(
            plan=plan, organisation=org, talent_type=types[kind], current_level=current, target_level=target
        )
    divisions = Unit.objects.filter(
        organisation=org, kind=Unit.Kind.DIVISION, is_business=True, valid_to__isnull=True
    )
    n_divisions = divisions.aggregate(n=Count("pk"))["n"]
    it_unit = (
        Unit.objects.filter(organisation=org, is_it=True, kind=Unit.Kind.DIVISION).first()
        or Unit.objects.filter(organisation=org, is_it=True).first()
    )
    per_year = -(-n_divisions // 3)
    specs = [
        (
            "すべての課に業務担当のDX推進リーダーを1名以上置く",
            "placement",
            "coverage",
            leader,
            _sub(leader, BUSINESS),
            None,
            {"unit_kind": "division", "business_only": True, "per_unit": 1},
            n_divisions,
            {},
        ),
        (
            "DX推進リーダーを新たに毎年指名する（累計）",
            "development",
            "cumulative",
            leader,
            None,
            None,
            {},
            per_year * 3,
            {str(start_fy + i): per_year * (i + 1) for i in range(3)},
        ),
        (
            "DX推進リーダーの育成目標レベルを2にする",
            "development",
            "level",
            leader,
            None,
            None,
            {},
            levels["leader"][1],
            {},
        ),
        (
            "一般行政職員の育成目標レベルを2にする",
            "development",
            "level",
            types["general"],
            None,
            None,
            {},
            levels["general"][1],
            {},
        ),
    ]
    if it_unit is not None:
        specs.insert(
            1,
            (
                f"{it_unit.name}にDX推進担当を2名置く",
                "placement",
                "placement",
                leader,
                _sub(leader, DX_OFFICER),
                it_unit,
                {},
                2,
                {},
            ),
        )
    Target.objects.bulk_create(
        [
            Target(
                plan=plan,
                organisation=org,
                label=label,
                purpose=purpose,
                metric=metric,
                talent_type=tt,
                sub_role=sub,
                unit=unit,
                params=params,
                target_value=value,
                milestones=milestones,
                sort_order=i * 10,
            )
            for i, (label, purpose, metric, tt, sub, unit, params, value, milestones) in enumerate(specs)
        ]
    )
    RoadmapTask.objects.bulk_create(
        [
            RoadmapTask(
                plan=plan,
                organisation=org,
                fiscal_year=None if offset is None else start_fy + offset,
                talent_type=types[kind],
                kind=task_kind,
                title=title,
                status=status_ if task_status else "planned",
                owner_unit=it_unit if kind != "general" else None,
                sort_order=i,
            )
            for i, (offset, kind, task_kind, title, status_) in enumerate(ROADMAP)
        ]
    )
    return plan


def seed_starter_actions(
    org: Organisation, statuses: dict[int, tuple[str, date | None, date | None]]
) -> None:
    for key, (status, started, done) in statuses.items():
        StarterAction.objects.filter(organisation=org, key=key).update(
            status=status, started_on=started, done_on=done
        )


def seed_city(org: Organisation) -> None:
    rng = random.Random(20251)
    seed_designations(org, rng, coverage=0.7)
    seed_levels(org, {"leader": [1, 1, 2], "general": [1, 1, 1], "expert": [2, 2, 2]})
    seed_policy(org)
    seed_plan(
        org,
        status=Status.APPROVED,
        start_fy=2025,
        levels={"leader": (1, 2), "general": (1, 2), "expert": (2, 3)},
        task_status=True,
    )
    seed_starter_actions(
        org,
        {
            1: ("done", date(2024, 4, 1), date(2025, 3, 31)),
            2: ("done", date(2024, 10, 1), date(2025, 6, 30)),
            3: ("in_progress", date(2025, 4, 1), None),
            4: ("in_progress", date(2026, 1, 15), None),
            5: ("in_progress", date(2025, 4, 1), None),
        },
    )


def seed_town(org: Organisation) -> None:
    """さくら町's draft plan is made by the same wizard services a user would click through."""
    from jinzai.core.access import SystemActor
    from jinzai.planning.services.plans import LevelChoice
    from jinzai.planning.services.wizard import plan_create_from_wizard, propose_roadmap, propose_targets

    rng = random.Random(20252)
    seed_designations(org, rng, coverage=0.25)
    seed_levels(org, {"leader": [1, 1], "general": [1, 1], "expert": [1, 1]})
    types = [t for t, _ in ordered_types(org, active_only=True)]
    levels = {t.pk: (1, 2) for t in types}
    proposals = propose_targets(org, types=types, levels=levels, start_fy=2026, years=3)
    plan_create_from_wizard(
        actor=SystemActor(organisation=org, label="seed_demo"),
        title=f"{org.name}デジタル人材育成計画",
        start_fy=2026,
        years=3,
        levels=[LevelChoice(t, 1, 2) for t in types],
        targets=[(p, p.value) for p in proposals.targets],
        tasks=propose_roadmap(org, types=types, start_fy=2026, years=3),
        summary="ウィザードで作成した下書きです。各課の業務担当リーダーを3年間でそろえます。",
    )
    seed_starter_actions(
        org, {2: ("in_progress", date(2026, 4, 1), None), 5: ("in_progress", date(2026, 6, 1), None)}
    )


SEEDERS = {"992011": seed_city, "993018": seed_town}


def seed_planning(org: Organisation) -> None:
    seeder = SEEDERS.get(org.code)
    if seeder is not None:
        seeder(org)
