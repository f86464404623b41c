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

from jinzai.core.selectors import active_units, unit_paths
from jinzai.talent.models import SubRole, TalentType

from ..metrics import get_metric
from ..models import DevelopmentPlan, RoadmapTask, Target
from ..selectors_plans import information_unit, level_names
from .plans import LevelChoice, plan_create, task_create
from .targets import target_create

LEADER_BUSINESS = "業務担当"
LEADER_DX = "DX推進担当"


@dataclass
class TargetProposal:
    key: str
    label: str
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
    today = timezone.localdate()
    names = level_names(organisation)
    proposals: list[TargetProposal] = []
    notes: list[str] = []
    leader = _leader_type(types)
    if leader is None:
        notes.append("DX推進リーダーの人材像を計画に入れていないため、リーダーの配置の目標は提案しません。")
    else:
        business = _sub_role(leader, LEADER_BUSINESS)
        dx = _sub_role(leader, LEADER_DX)
        divisions = active_units(organisation, today).filter(kind="division", is_business=True).count()
        role_text = f"{leader.name}（{business.name}）" if business else leader.name
        if divisions:
            params = {"unit_kind": "division", "business_only": True, "per_unit": 1}
            now = _measure_now(
                organisation, leader, business, metric="coverage", params=params, start_fy=start_fy
            )
            proposals.append(
                TargetProposal(
                    key="coverage",
                    label=f"すべての課に、{role_text}を1名以上置く",
                    purpose=Target.Purpose.PLACEMENT,
                    metric="coverage",
                    talent_type=leader,
                    sub_role=business,
                    params=params,
                    value=divisions,
                    basis=f"業務担当部局の課は今日の時点で{divisions}課です。"
                    f"そのうち{role_text}がいる課は{int(now.value)}課です。",
                    unit_label="所属",
                    max_value=9999,
                )
            )
            per_year = math.ceil(divisions / years)
            proposals.append(
                TargetProposal(
                    key="cumulative",
                    label=f"{role_text}を計画期間中に新しく指名する（年{per_year}名が目安）",
                    purpose=Target.Purpose.PLACEMENT,
                    metric="cumulative",
                    talent_type=leader,
                    sub_role=business,
                    value=divisions,
                    basis=f"課の数{divisions}を計画の{years}年で割ると、1年あたり{per_year}名です"
                    f"（年度ごとの目安を{per_year}名ずつ積み上げます）。",
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
                "「情報システム担当」の所属が登録されていないため、情報担当への配置の目標は提案しません"
                "（所属の設定で情報担当の係に印を付けると提案します）。"
            )
        else:
            path = unit_paths(organisation).get(info.pk, info.name)
            dx_text = f"{leader.name}（{dx.name}）" if dx else leader.name
            now = _measure_now(organisation, leader, dx, metric="placement", unit=info, start_fy=start_fy)
            proposals.append(
                TargetProposal(
                    key="placement",
                    label=f"{info.name}に{dx_text}を2名置く",
                    purpose=Target.Purpose.PLACEMENT,
                    metric="placement",
                    talent_type=leader,
                    sub_role=dx,
                    value=2,
                    basis=f"情報担当の所属は「{path}」です。今日の時点で{dx_text}は{int(now.value)}名います。",
                    target_unit=info,
                )
            )
    for t in types:
        current, target_level = levels.get(t.pk, (1, 2))
        name = names.get((t.pk, target_level), "")
        proposals.append(
            TargetProposal(
                key=f"level_{t.pk}",
                label=f"{t.name}の育成目標レベルをレベル{target_level}（{name}）にする"
                if name
                else f"{t.name}の育成目標レベルをレベル{target_level}にする",
                purpose=Target.Purpose.DEVELOPMENT,
                metric="level",
                talent_type=t,
                value=target_level,
                basis=f"現状はレベル{current}、目標はレベル{target_level}です（手順2で選んだレベル）。"
                "途中の年度は、目標に向けて1段ずつ上がる目安を置きます。",
                milestone_rule="level",
                current_level=current,
                unit_label="レベル",
                min_value=1,
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

ROADMAP_TEMPLATE: dict[str, list[tuple[str, str, str]]] = {
    TalentType.Kind.LEADER: [
        (FIRST, D, "DX推進リーダーの役割と、期待される動き方を学ぶ研修を行う"),
        (FIRST, D, "ITパスポートの受験を勧め、受験料などの支援を用意する"),
        (FIRST, P, "{info}にDX推進担当のリーダーを2名置く"),
        (SECOND, D, "業務改善・プロジェクト管理・基本的なデジタルツールの研修を行う"),
        (SECOND, P, "リーダーの役割を庁内で合意し、事務分掌に書き込む"),
        (FINAL, D, "導入するデジタルツールの研修を行い、実際に使った結果を評価する"),
        (FINAL, P, "各課から業務担当のリーダーを指名する"),
        (LONG, D, "育て方とその効果を評価し、続けて見直す"),
        (LONG, P, "リーダーのキャリアパスを示し、定期的に見直す"),
    ],
    TalentType.Kind.GENERAL: [
        (FIRST, D, "管理職を含む全職員に、DXの基本と情報セキュリティの講座をeラーニングなどで行う"),
        (FIRST, D, "窓口の見直しなど重点的な取組に関わる職員に、業務改善の研修を行う"),
        (SECOND, D, "今の業務を見える化し、業務フローや手順書を作る・新しくする"),
        (SECOND, D, "DXの基本と情報セキュリティの講座を、新しい内容にして続ける"),
        (FINAL, D, "選ばれた職員に、業務改善ツールを使いこなす研修を行う"),
        (LONG, D, "研修のやり方を続けて改善し、DX推進リーダーを目指す職員向けの研修を用意する"),
    ],
    TalentType.Kind.EXPERT: [
        (FIRST, S, "国のアドバイザー派遣などを使い、必要な人材像とスキルについて助言を受ける"),
        (SECOND, S, "候補者を探し、CIO補佐官などの外部人材を迎える"),
        (SECOND, B, "CIO補佐官を支える職員の体制をつくる"),
        (FINAL, D, "CIO補佐官が、支える職員を指導する"),
        (FINAL, B, "キャリアプランを決め、上級管理職の職務分掌にCIOの役割を書き込む"),
        (LONG, D, "庁内でCIO補佐官の後継者を育てる"),
        (LONG, S, "庁内からの登用でCIO補佐官を置けるようにする"),
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
                owner = info
                title = title.format(info=info.name if info else "情報担当の係")
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
