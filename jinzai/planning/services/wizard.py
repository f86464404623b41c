"""The plan wizard for a small municipality: proposals computed from the organisation's own data.

Step 3 proposes targets with the numbers behind them (how many 課 there are today, who is in the
information section now); step 4 proposes a roadmap from a template modelled on the guidebook's
three-year example (written in our own words). `plan_create_from_wizard` turns the choices into an
ordinary draft plan through the plan, target and task services.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from jinzai.core.selectors import unit_paths
from jinzai.talent.models import SubRole, TalentType

from ..metrics import get_metric
from ..models import DevelopmentPlan, RoadmapTask, Target
from ..selectors.plans import business_division_count, information_unit
from .plans import LevelChoice, plan_create, task_create
from .targets import target_create

LEADER_BUSINESS = "業務担当"
LEADER_DX = "DX推進担当"


@dataclass
class TargetProposal:
    key: str
    label: str  # with the proposed value filled in
    purpose: str
    metric: str
    talent_type: TalentType
    value: int
    basis: str  # the organisation's numbers behind the proposal, shown to the user
    sub_role: SubRole | None = None
    target_unit: Any = None  # the Unit of a placement target
    params: dict = field(default_factory=dict)
    milestone_rule: str = "straight"  # straight | level | cumulative
    current_level: int = 1
    unit_label: str = "名"
    min_value: int = 0
    max_value: int = 9999
    # The label with {value}, {per_year}, {level_name} left in: the plan keeps it, so the words follow
    # the number the user chose (and any later change of it).
    label_template: str = ""

    def milestones(self, value: int, years: list[int]) -> dict[str, int]:
        n = len(years)
        if self.milestone_rule == "level":
            return {
                str(fy): self.current_level + (value - self.current_level) * k // n
                for k, fy in enumerate(years[:-1], start=1)
            }
        if self.milestone_rule == "cumulative":
            per_year = math.ceil(value / n) if value else 0
            return {str(fy): min(per_year * k, value) for k, fy in enumerate(years, start=1)}
        return {}


@dataclass
class Proposals:
    targets: list[TargetProposal]
    notes: list[str]  # what was not proposed, and why


def _leader_type(types: list[TalentType]) -> TalentType | None:
    return next((t for t in types if t.kind == TalentType.Kind.LEADER), None)


def _sub_role(talent_type: TalentType, name: str) -> SubRole | None:
    return SubRole.objects.filter(talent_type=talent_type, name=name, is_active=True).first()


def _measure_now(organisation, talent_type, sub_role, *, metric: str, unit=None, params=None, start_fy: int):
    """Today's value of a would-be target (unsaved objects; the metric reads only ids and the plan)."""
    plan = DevelopmentPlan(organisation=organisation, start_fy=start_fy, end_fy=start_fy + 2)
    target = Target(
        plan=plan,
        metric=metric,
        talent_type=talent_type,
        sub_role=sub_role,
        unit=unit,
        params=params or {},
        target_value=0,
    )
    return get_metric(metric).measure(target, [timezone.localdate()])[0]


def propose_targets(
    organisation, *, types: list[TalentType], levels: dict[int, tuple[int, int]], start_fy: int, years: int
) -> Proposals:
    proposals: list[TargetProposal] = []
    notes: list[str] = []
    leader = _leader_type(types)
    plan = DevelopmentPlan(organisation=organisation, start_fy=start_fy, end_fy=start_fy + years - 1)

    def proposal(template: str, value: int, talent_type, **fields) -> TargetProposal:
        from .targets import render_label

        label = render_label(template, plan=plan, value=value, talent_type=talent_type)
        return TargetProposal(
            label=label, label_template=template, value=value, talent_type=talent_type, **fields
        )

    if leader is None:
        notes.append("DX推進リーダーの人材像を計画に入れていないため、リーダーの配置の目標は提案しません。")
    else:
        business = _sub_role(leader, LEADER_BUSINESS)
        dx = _sub_role(leader, LEADER_DX)
        divisions = business_division_count(organisation)
        role_text = f"{leader.name}（{business.name}）" if business else leader.name
        if divisions:
            params = {"unit_kind": "division", "business_only": True, "per_unit": 1}
            now = _measure_now(
                organisation, leader, business, metric="coverage", params=params, start_fy=start_fy
            )
            proposals.append(
                proposal(
                    f"すべての課（{{value}}課）に、{role_text}を1名以上置く",
                    divisions,
                    leader,
                    key="coverage",
                    purpose=Target.Purpose.PLACEMENT,
                    metric="coverage",
                    sub_role=business,
                    params=params,
                    basis=f"業務担当部局の課は今日の時点で{divisions}課です。"
                    f"そのうち{role_text}がいる課は{int(now.value)}課です。",
                    unit_label="所属",
                    max_value=divisions,
                )
            )
            per_year = math.ceil(divisions / years)
            proposals.append(
                proposal(
                    f"{role_text}を計画期間中に{{value}}名新しく指名する（年{{per_year}}名が目安）",
                    divisions,
                    leader,
                    key="cumulative",
                    purpose=Target.Purpose.PLACEMENT,
                    metric="cumulative",
                    sub_role=business,
                    basis=f"課の数{divisions}を計画の{years}年で割ると、1年あたり{per_year}名です"
                    "（年度ごとの目安を、1年あたりの人数の整数ずつ積み上げます）。",
                    milestone_rule="cumulative",
                )
            )
        else:
            notes.append(
                "業務担当部局の「課」が登録されていないため、各課への配置の目標は提案しません"
                "（所属の設定で区分「課」と「業務担当部局」を確かめてください）。"
            )
        info = information_unit(organisation)
        if info is None:
            notes.append(
                "「情報システム担当」の所属が登録されていないため、情報担当への配置の目標と工程は提案しません"
                "（所属の設定で情報担当の係に印を付けると提案します）。"
            )
        else:
            path = unit_paths(organisation).get(info.pk, info.name)
            dx_text = f"{leader.name}（{dx.name}）" if dx else leader.name
            now = _measure_now(organisation, leader, dx, metric="placement", unit=info, start_fy=start_fy)
            proposals.append(
                proposal(
                    f"{info.name}に{dx_text}を{{value}}名置く",
                    2,
                    leader,
                    key="placement",
                    purpose=Target.Purpose.PLACEMENT,
                    metric="placement",
                    sub_role=dx,
                    basis=f"情報担当の所属は「{path}」です。今日の時点で{dx_text}は{int(now.value)}名います。",
                    target_unit=info,
                )
            )
    for t in types:
        current, target_level = levels.get(t.pk, (1, 2))
        proposals.append(
            proposal(
                f"{t.name}の育成目標レベルを、現状のレベル{current}からレベル{{value}}（{{level_name}}）にする",
                target_level,
                t,
                key=f"level_{t.pk}",
                purpose=Target.Purpose.DEVELOPMENT,
                metric="level",
                basis=f"現状はレベル{current}、目標はレベル{target_level}です（手順2で選んだレベル）。"
                "途中の年度は、目標に向けて1段ずつ上がる目安を置きます。",
                milestone_rule="level",
                current_level=current,
                unit_label="レベル",
                min_value=max(1, current),
                max_value=5,
            )
        )
    return Proposals(targets=proposals, notes=notes)


# --- roadmap template ---------------------------------------------------------------------------

FIRST, SECOND, FINAL, LONG = "first", "second", "final", "long"
D, P, S, B = (
    RoadmapTask.Kind.DEVELOP,
    RoadmapTask.Kind.PLACE,
    RoadmapTask.Kind.SECURE,
    RoadmapTask.Kind.STRUCTURE,
)

# Every item of the guidebook's 工程 table (the three-year example), in our own words.
ROADMAP_TEMPLATE: dict[str, list[tuple[str, str, str]]] = {
    TalentType.Kind.LEADER: [
        (FIRST, D, "DX推進リーダーを置くねらいと役割、期待される動き方を学ぶ研修を行う"),
        (FIRST, D, "ITパスポートの受験を勧め、受験料などの支援を用意する"),
        (FIRST, P, "{info}にDX推進担当のリーダーを2名置く"),
        (SECOND, D, "プロジェクト管理と業務改善の進め方の研修を行う"),
        (SECOND, D, "行動計画（アクションプラン）の作り方と、基本的なデジタルツールの研修を行う"),
        (SECOND, P, "リーダーの役割を庁内で合意し、事務分掌に書き込む"),
        (FINAL, D, "導入するデジタルツールの使い方の研修を行う"),
        (FINAL, D, "ツールを実際の業務に入れ、使った結果を評価する"),
        (FINAL, P, "業務担当部局の係長級の職員から、業務担当のリーダーを指名する"),
        (LONG, D, "育て方とその効果を評価する"),
        (LONG, D, "評価をもとに、育て方を続けて見直す"),
        (LONG, P, "リーダーのキャリアパスをはっきり示し、折にふれて見直す"),
    ],
    TalentType.Kind.GENERAL: [
        (FIRST, D, "管理職を含む全職員に、DXの基本と情報セキュリティの講座をeラーニングなどで行う"),
        (FIRST, D, "窓口の見直しなど重点的な取組に関わる職員に、業務改善の研修を行う"),
        (SECOND, D, "今の業務を見える化する"),
        (SECOND, D, "業務フローや手順書（マニュアル）を作る・新しくする"),
        (SECOND, D, "DXを学ぶ動機づけと情報セキュリティの講座を、新しい内容にして行う"),
        (FINAL, D, "選ばれた職員に、業務改善ツールを使いこなす研修を行う"),
        (FINAL, D, "動機づけと情報セキュリティの講座を、さらに新しい内容にして続ける"),
        (LONG, D, "研修のやり方を続けて改善する"),
        (LONG, D, "一般行政職員からDX推進リーダーへ進むための研修を用意し、定着させる"),
    ],
    TalentType.Kind.EXPERT: [
        (FIRST, S, "国のアドバイザー派遣などを使い、必要な人材像とスキルについて助言を受ける"),
        (SECOND, S, "外部人材の候補者を探し、一覧にする"),
        (SECOND, S, "CIO補佐官などの外部人材を迎える"),
        (SECOND, B, "CIO補佐官を支える職員の体制をつくる"),
        (FINAL, D, "CIO補佐官が、支える職員を指導する"),
        (FINAL, B, "専門人材のキャリアプランを決める"),
        (FINAL, B, "上級管理職の職務分掌に、CIOの役割を書き込む"),
        (LONG, D, "庁内のCIO補佐官が、後継者を育てる"),
        (LONG, S, "庁内からの登用でCIO補佐官を置けるようにする"),
    ],
}

# What each item of the guidebook's 工程 table is about (a test checks that the template covers each).
GUIDEBOOK_ROADMAP_ITEMS: dict[str, list[tuple[str, str]]] = {
    TalentType.Kind.LEADER: [
        (FIRST, "役割"),
        (FIRST, "ITパスポート"),
        (FIRST, "2名置く"),
        (SECOND, "プロジェクト管理"),
        (SECOND, "業務改善"),
        (SECOND, "アクションプラン"),
        (SECOND, "デジタルツール"),
        (SECOND, "事務分掌"),
        (FINAL, "導入するデジタルツール"),
        (FINAL, "結果を評価"),
        (FINAL, "係長級"),
        (LONG, "効果を評価"),
        (LONG, "見直す"),
        (LONG, "キャリアパス"),
    ],
    TalentType.Kind.GENERAL: [
        (FIRST, "情報セキュリティの講座をeラーニング"),
        (FIRST, "業務改善の研修"),
        (SECOND, "見える化"),
        (SECOND, "業務フロー"),
        (SECOND, "動機づけと情報セキュリティ"),
        (FINAL, "業務改善ツール"),
        (FINAL, "動機づけと情報セキュリティ"),
        (LONG, "研修のやり方を続けて改善"),
        (LONG, "DX推進リーダーへ進む"),
    ],
    TalentType.Kind.EXPERT: [
        (FIRST, "アドバイザー"),
        (SECOND, "候補者"),
        (SECOND, "CIO補佐官などの外部人材を迎える"),
        (SECOND, "支える職員の体制"),
        (FINAL, "指導する"),
        (FINAL, "キャリアプラン"),
        (FINAL, "職務分掌に、CIO"),
        (LONG, "後継者"),
        (LONG, "庁内からの登用"),
    ],
}


@dataclass
class TaskProposal:
    fiscal_year: int | None
    talent_type: TalentType
    kind: str
    title: str
    owner_unit: Any = None

    @property
    def kind_label(self) -> str:
        return RoadmapTask.Kind(self.kind).label


def propose_roadmap(
    organisation, *, types: list[TalentType], start_fy: int, years: int
) -> list[TaskProposal]:
    fiscal_years = list(range(start_fy, start_fy + years))
    slot_year = {FIRST: fiscal_years[0], SECOND: fiscal_years[1], FINAL: fiscal_years[-1], LONG: None}
    info = information_unit(organisation)
    tasks = []
    for t in types:
        for slot, kind, title in ROADMAP_TEMPLATE.get(t.kind, []):
            owner = None
            if "{info}" in title:
                if info is None:
                    continue  # the wizard has said it cannot propose a placement in the information section
                owner = info
                title = title.replace("{info}", info.name)
            tasks.append(TaskProposal(slot_year[slot], t, kind, title, owner))
    order = {fy: i for i, fy in enumerate(fiscal_years)}
    tasks.sort(key=lambda x: (order.get(x.fiscal_year, len(order)),))
    return tasks


@transaction.atomic
def plan_create_from_wizard(
    *,
    actor: Any,
    title: str,
    start_fy: int,
    years: int,
    levels: list[LevelChoice],
    targets: list[tuple[TargetProposal, int]],
    tasks: list[TaskProposal],
    summary: str = "",
) -> DevelopmentPlan:
    """An ordinary draft plan from the wizard's choices (levels, chosen targets with their values, tasks)."""
    plan = plan_create(
        actor=actor, title=title, start_fy=start_fy, years=years, summary=summary, levels=levels
    )
    fiscal_years = plan.fiscal_years
    for proposal, value in targets:
        target_create(
            actor=actor,
            plan=plan,
            label=proposal.label,
            label_template=proposal.label_template,
            purpose=proposal.purpose,
            metric=proposal.metric,
            talent_type=proposal.talent_type,
            sub_role=proposal.sub_role,
            unit=proposal.target_unit,
            target_value=value,
            milestones=proposal.milestones(value, fiscal_years),
            **proposal.params,
        )
    for task in tasks:
        task_create(
            actor=actor,
            plan=plan,
            fiscal_year=task.fiscal_year,
            talent_type=task.talent_type,
            kind=task.kind,
            title=task.title,
            owner_unit=task.owner_unit,
        )
    return plan
