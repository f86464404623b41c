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

from django.db.models import Q

from jinzai.core import hooks
from jinzai.core.dates import format_date
from jinzai.core.importing import PreviewTable
from jinzai.core.selectors import unit_paths

from .. import planned
from ..models import Designation, SelfDeclaration
from .candidates import CandidateFilter, explain, scored
from .careers import latest_wishes
from .coverage import (
    children_map,
    coverage_on,
    designated_on,
    leader_type_ids,
    parent_map,
    preload_postings,
    serving_on,
    shared_reads,
    subtree,
)
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


def impact_tables(
    organisation, moves: list[Move], *, names: dict[int, str] | None = None
) -> list[PreviewTable]:
    """The preview's tables. The number of queries does not grow with the number of moves: the postings
    of everyone the analysis looks at (the leaders, the people who move, the duty holders) are read once
    and every measure — before and after, including the plan metrics — is computed from them in memory.
    ``names`` (staff id → 氏名 of the people who move) when the caller read them already (the importer)."""
    if not moves:
        return []
    with shared_reads():
        return _impact_tables(organisation, moves, names)


def _impact_tables(organisation, moves: list[Move], names: dict[int, str] | None) -> list[PreviewTable]:
    from jinzai.people.models import Staff

    state = planned_state(organisation, moves)
    day = state.last_day
    paths = unit_paths(organisation)
    parents = parent_map(organisation)
    children = children_map(parents)
    moved_ids = {m.staff_id for m in moves if m.unit_id is not None or m.grade_id is not None}
    if names is None or any(m.staff_id not in names for m in moves):
        names = dict(Staff.objects.filter(pk__in=[m.staff_id for m in moves]).values_list("pk", "name"))

    duties = list(duties_of(organisation))
    reg_before = registry_on(organisation, day, duties=duties)
    holders = {h.staff_id for duty in reg_before.duties for h in reg_before.holders(duty)}
    leaders = designated_on(organisation, day, leader_type_ids(organisation))
    preload_postings(organisation, leaders | holders | {m.staff_id for m in moves})

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

    declarations = latest_wishes(organisation, [m.staff_id for m in moves])
    with planned.planned(state):
        serving_after = serving_on(organisation, moved_ids, day)
    wished_units: dict[int, set[int]] = {}
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
            if d.wish_unit_id not in wished_units:
                wished_units[d.wish_unit_id] = subtree([d.wish_unit_id], children)
            if target is not None and target not in wished_units[d.wish_unit_id]:
                note = f"{d.wish_unit_name}への異動を希望しています"
        if note:
            wish_rows.append(
                [
                    names.get(m.staff_id, ""),
                    paths.get(m.from_unit_id, ""),
                    paths.get(m.unit_id, "") if m.unit_id else "（変わらない）",
                    f"{d.fiscal_year}年度",
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

    # the best scored person who would serve in each broken 課: one query for the people of every broken 課,
    # one scoring query for every pool, then (for 課 without a regular member) one more counting everyone,
    # and one explanation for the chosen people — whatever the number of broken 課
    insides = {unit.pk: subtree([unit.pk], children) for unit in broken}
    everywhere = set().union(*insides.values())
    current_of: dict[int, set[int]] = defaultdict(set)  # unit -> its people today (one query for all 課)
    if everywhere:
        for pk, unit_id in Staff.objects.filter(
            organisation=organisation, retired_on__isnull=True, current_unit_id__in=everywhere
        ).values_list("pk", "current_unit_id"):
            current_of[unit_id].add(pk)
    pools: dict[int, set[int]] = {}
    for unit in broken:
        inside = insides[unit.pk]
        current = set().union(*(current_of.get(u, ()) for u in inside))
        arriving = {s for s, u in serving_after.main.items() if u in inside}
        leaving = {s for s in moved_ids if serving_after.main.get(s) not in inside}
        pools[unit.pk] = (current - leaving) | arriving
    chosen: dict[int, int] = {}
    for f in (CandidateFilter(), CandidateFilter(regular_only=False)):
        waiting = {u: pool for u, pool in pools.items() if pool and u not in chosen}
        if not waiting:
            break
        ids = set().union(*waiting.values())
        # the pools as the database can select them (the 課' people and those arriving), not thousands of ids;
        # people outside every pool (those leaving) are skipped below
        units = set().union(*(insides[u] for u in waiting))
        movers_in = {s for s in ids if s in serving_after.main}
        base = Staff.objects.filter(Q(current_unit_id__in=units) | Q(pk__in=movers_in))
        ranked = scored(organisation, f, day=day, base=base).values_list("pk", flat=True)
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
    explained = {
        c.staff.pk: c for c in explain(organisation, people, CandidateFilter(), day=day, paths=paths)
    }
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
