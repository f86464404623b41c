"""The impact of a draft transfer list (異動内示), computed before anything is applied (docs/decisions.md T3).

Everything is measured on the list's date (the last one, when rows differ): once with the database as it
is, once with the planned state (talent.planned) in force, i.e. as if the list were applied:

- units (課) losing their only DX推進リーダー or falling below the coverage target — concurrent posts count
  where people serve; the target is the highest 「k per 課」 of the default plan's coverage targets (else 1);
- DX duties losing their only holder (or left with one): a holder leaves a duty when they move out of its
  unit and keep no concurrent post in it;
- the change of every target of the default plan on that date (planning contributes it through
  ``core.hooks.PLANNED_EFFECTS``);
- people whose latest 自己申告 asked for the opposite (to stay and are moved, to move and stay, another unit);
- for each broken unit, a suggested replacement: the best candidate (talent.selectors.candidates) who would
  serve there and is not designated yet;
- designated people who move: their designations continue and their new manager sees them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from jinzai.core import hooks
from jinzai.core.dates import format_date
from jinzai.core.importing import PreviewTable
from jinzai.core.selectors import descendant_ids, unit_paths

from .. import planned
from ..models import Designation, SelfDeclaration
from .candidates import CandidateFilter, explain, scored
from .careers import latest_declarations
from .coverage import coverage_on, parent_map, serving_on
from .duties import duties_of, registry_on


@dataclass(frozen=True)
class Move:
    """One row of a draft transfer list, as the importer read it."""

    staff_id: int
    on: date
    unit_id: int | None
    grade_id: int | None
    concurrent: frozenset[int] | None
    from_unit_id: int | None = None


def planned_state(organisation, moves: list[Move]) -> planned.PlannedState:
    return planned.PlannedState(
        organisation.pk,
        {
            m.staff_id: planned.PlannedMove(m.staff_id, m.on, m.unit_id, m.grade_id, m.concurrent)
            for m in moves
        },
    )


def _number(value) -> str:
    if value is None:
        return "—"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text


def impact_tables(organisation, moves: list[Move]) -> list[PreviewTable]:
    from jinzai.people.models import Staff

    if not moves:
        return []
    state = planned_state(organisation, moves)
    day = state.last_day
    paths = unit_paths(organisation)
    parents = parent_map(organisation)
    moved_ids = {m.staff_id for m in moves if m.unit_id is not None or m.grade_id is not None}
    names = dict(Staff.objects.filter(pk__in=[m.staff_id for m in moves]).values_list("pk", "name"))

    effects = []
    for part in hooks.PLANNED_EFFECTS.collect(organisation, state, day):
        effects.extend(part)
    per_unit = max([int(e["per_unit"]) for e in effects if e.get("per_unit")] or [1])

    before = {c.unit.pk: c for c in coverage_on(organisation, day, parents=parents)}
    with planned.planned(state):
        after = {c.unit.pk: c for c in coverage_on(organisation, day, parents=parents)}
    broken = []
    unit_rows = []
    for pk, b in before.items():
        a = after.get(pk)
        if a is None or a.count >= b.count:
            continue
        lost_only = b.count >= 1 and a.count == 0
        below = a.count < per_unit <= b.count
        if not (lost_only or below):
            continue
        leaving = sorted(names.get(s, "") for s in b.people - a.people)
        what = "唯一のリーダーがいなくなります" if lost_only else f"目標（各課{per_unit}名）を下回ります"
        unit_rows.append([paths.get(pk, b.unit.name), b.count, a.count, "、".join(leaving), what])
        broken.append(b.unit)
    tables = [
        PreviewTable(
            "DX推進リーダーがいなくなる・目標を下回る所属",
            ["所属", "今の人数", "異動後の人数", "異動する人", "影響"],
            unit_rows,
            lead=f"{format_date(day)}の配置で数えます（兼務も兼務先で数えます）。"
            f"目標は既定の育成計画の「各課{per_unit}名」です。",
            empty="リーダーのいなくなる所属はありません。",
            tone="warning",
            numeric=[1, 2],
        )
    ]

    duties = list(duties_of(organisation))
    reg_before = registry_on(organisation, day, duties=duties)
    with planned.planned(state):
        reg_after = registry_on(organisation, day, duties=duties)
    duty_rows = []
    for duty in reg_before.duties:
        b, a = reg_before.bus_factor(duty), reg_after.bus_factor(duty)
        if a >= b or a > 1:
            continue
        leaving = sorted(
            {names.get(h.staff_id, "") for h in reg_before.holders(duty)}
            - {names.get(h.staff_id, "") for h in reg_after.holders(duty)}
        )
        duty_rows.append(
            [
                duty.name,
                b,
                a,
                "、".join(leaving),
                "担い手がいなくなります" if a == 0 else "担い手が1人だけになります",
            ]
        )
    tables.append(
        PreviewTable(
            "担い手がいなくなる・1人になるDX業務",
            ["業務", "今の担い手", "異動後の担い手", "異動する人", "影響"],
            duty_rows,
            lead="担当する所属から異動し、その所属を兼務しない人は、その業務の担当から外れるものとして数えます。",
            empty="担い手がいなくなる業務はありません。",
            tone="warning",
            numeric=[1, 2],
        )
    )

    target_rows = [
        [
            e.get("label", ""),
            _number(e.get("before")),
            _number(e.get("after")),
            _number(e.get("target")),
            e.get("unit", ""),
            "下がります"
            if (e.get("after") or 0) < (e.get("before") or 0)
            else ("上がります" if (e.get("after") or 0) > (e.get("before") or 0) else "変わりません"),
        ]
        for e in effects
    ]
    tables.append(
        PreviewTable(
            "育成計画の目標への影響",
            ["目標", "今のまま", "異動後", "最終目標", "単位", "変化"],
            target_rows,
            lead=f"既定の育成計画の目標を、{format_date(day)}の時点で測ります。",
            empty="既定の育成計画がないか、目標がありません。",
            numeric=[1, 2, 3],
        )
    )

    declarations = latest_declarations(organisation, [m.staff_id for m in moves])
    serving_after = None
    with planned.planned(state):
        serving_after = serving_on(organisation, moved_ids, day)
    wish_rows = []
    for m in moves:
        d = declarations.get(m.staff_id)
        if d is None:
            continue
        moves_main = m.staff_id in moved_ids and m.unit_id is not None and m.unit_id != m.from_unit_id
        note = ""
        if d.wish == SelfDeclaration.Wish.STAY and moves_main:
            note = "今の所属で続けることを希望しています"
        elif d.wish == SelfDeclaration.Wish.MOVE and not moves_main:
            note = "異動を希望しています"
        elif d.wish == SelfDeclaration.Wish.MOVE and d.wish_unit_id and moves_main:
            target = serving_after.main.get(m.staff_id)
            if target is not None and target not in descendant_ids(organisation, [d.wish_unit_id]):
                note = f"{d.wish_unit.name}への異動を希望しています"
        if note:
            wish_rows.append(
                [
                    names.get(m.staff_id, ""),
                    paths.get(m.from_unit_id, ""),
                    paths.get(m.unit_id, "") if m.unit_id else "（変わらない）",
                    f"{d.period.fiscal_year}年度",
                    note,
                ]
            )
    tables.append(
        PreviewTable(
            "自己申告の希望と異なる人",
            ["氏名", "今の所属", "異動先", "自己申告", "希望"],
            wish_rows,
            lead="いちばん新しい自己申告と比べます（自己申告を出していない人は含みません）。",
            empty="自己申告の希望と異なる人はいません。",
            numeric=[3],  # the year stays on one line
        )
    )

    # the best scored person who would serve in each broken 課: one scoring query for every pool, then (for 課
    # without a regular member) one more counting everyone, and one explanation for the chosen people
    pools: dict[int, set[int]] = {}
    for unit in broken:
        inside = descendant_ids(organisation, [unit.pk])
        current = set(
            Staff.objects.filter(
                organisation=organisation, retired_on__isnull=True, current_unit_id__in=inside
            ).values_list("pk", flat=True)
        )
        arriving = {s for s, u in serving_after.main.items() if u in inside}
        leaving = {s for s in moved_ids if serving_after.main.get(s) not in inside}
        pools[unit.pk] = (current - leaving) | arriving
    chosen: dict[int, int] = {}
    for f in (CandidateFilter(), CandidateFilter(regular_only=False)):
        waiting = {u: pool for u, pool in pools.items() if pool and u not in chosen}
        if not waiting:
            break
        ids = set().union(*waiting.values())
        ranked = scored(organisation, f, day=day, base=Staff.objects.filter(pk__in=ids)).values_list(
            "pk", flat=True
        )
        for pk in ranked.iterator(chunk_size=2000):
            for u, pool in waiting.items():
                if u not in chosen and pk in pool:
                    chosen[u] = pk
            if all(u in chosen for u in waiting):
                break
    people = list(
        scored(
            organisation,
            CandidateFilter(regular_only=False),
            day=day,
            base=Staff.objects.filter(pk__in=set(chosen.values())),
        ).select_related("grade")
    )
    explained = {c.staff.pk: c for c in explain(organisation, people, CandidateFilter(), day=day)}
    suggestion_rows = []
    for unit in broken:
        c = explained.get(chosen.get(unit.pk))
        if c is None:
            suggestion_rows.append([paths.get(unit.pk, unit.name), "（候補がいません）", "", ""])
        else:
            suggestion_rows.append([paths.get(unit.pk, unit.name), c.staff.name, c.score, c.reason])
    tables.append(
        PreviewTable(
            "後任の候補（候補者の検索から）",
            ["所属", "候補", "点数", "理由"],
            suggestion_rows,
            lead="異動後にその所属にいて、まだ指定されていない人から、点数がいちばん高い人を挙げます。",
            empty="後任を探す所属はありません。",
            numeric=[2],
        )
    )

    designated = defaultdict(list)
    for staff_id, type_name, sub_name in (
        Designation.objects.filter(organisation=organisation, staff_id__in=moved_ids)
        .exclude(ended_on__lt=day)
        .values_list("staff_id", "talent_type__name", "sub_role__name")
    ):
        designated[staff_id].append(f"{type_name}（{sub_name}）" if sub_name else type_name)
    continuing = [
        [
            names.get(m.staff_id, ""),
            paths.get(m.from_unit_id, ""),
            paths.get(m.unit_id, "") if m.unit_id else "（変わらない）",
            "、".join(designated[m.staff_id]),
        ]
        for m in moves
        if m.staff_id in designated and m.unit_id is not None
    ]
    tables.append(
        PreviewTable(
            "異動しても続く指定",
            ["氏名", "今の所属", "異動先", "指定"],
            continuing,
            lead="指定は異動しても終わりません（終えるときは指定の画面で終了します）。異動先の所属長が見られるようになります。",
            empty="異動する人に指定はありません。",
        )
    )
    return tables
