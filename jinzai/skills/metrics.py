"""Target metrics of the skills app, registered in planning's metric registry.

- skill_share: share (%) of the population whose latest confirmed level is at least `params.skill_level`
  on the item `params.skill_item` (a list of items from an import means: on every one of them);
- test_passed: people who passed the test `params.skill_test` (each person once).

Each loads what it needs in a fixed number of queries (memoised per plan) and evaluates dates in memory.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

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


def _item_choices(organisation) -> list[tuple[str, str]]:
    from .models import Item

    rows = (
        Item.objects.filter(organisation=organisation, is_active=True)
        .select_related("framework")
        .order_by("framework__sort_order", "framework_id", "sort_order")
    )
    return [(str(i.pk), f"{i.framework.name}：{i.name}") for i in rows]


def _level_choices(organisation) -> list[tuple[str, str]]:
    return [(str(n), f"レベル{n}以上") for n in range(1, 6)]


def _test_choices(organisation) -> list[tuple[str, str]]:
    from .models import KnowledgeTest

    return [
        (str(pk), name)
        for pk, name in KnowledgeTest.objects.filter(organisation=organisation).values_list("pk", "name")
    ]


def _requirements(target) -> dict[int, int]:
    """item_id → the level required: `skill_item` (one id, or a list from an import) at `skill_level`."""
    params = target.params or {}
    items, level = params.get("skill_item"), params.get("skill_level")
    if not items or not level:
        return {}
    items = items if isinstance(items, list) else [items]
    return {int(i): int(level) for i in items}


def _load_confirmed(org_id: int, item_ids: tuple[int, ...]) -> dict[int, dict[int, list[tuple]]]:
    """staff → item → [(confirmed on, campaign order, level)] of confirmed ratings."""
    from .models import Rating

    rows = Rating.objects.filter(
        organisation_id=org_id, item_id__in=item_ids, final_level__isnull=False
    ).values_list(
        "staff_id", "item_id", "participant__confirmed_at", "campaign__ends_on", "campaign_id", "final_level"
    )
    result: dict[int, dict[int, list[tuple]]] = defaultdict(lambda: defaultdict(list))
    for staff_id, item_id, confirmed_at, ends_on, campaign_id, level in rows:
        result[staff_id][item_id].append(
            (confirmed_at.date() if confirmed_at else ends_on, (ends_on, campaign_id), level)
        )
    return result


def measure_skill_share(target, dates: list[date]) -> list[Measurement]:
    required = _requirements(target)
    if not required:
        return [Measurement(None, {"note": "スキル項目とレベルが決まっていません。"}) for _ in dates]
    key = ("skill_confirmed", target.plan.organisation_id, tuple(sorted(required)))
    confirmed = memoised(key, lambda: _load_confirmed(target.plan.organisation_id, tuple(sorted(required))))

    def members_on(day: date) -> set[int]:
        members = set()
        for staff_id, by_item in confirmed.items():
            ok = True
            for item_id, level in required.items():
                known = [r for r in by_item.get(item_id, ()) if r[0] <= day]
                if not known or max(known, key=lambda r: r[1])[2] < level:
                    ok = False
                    break
            if ok:
                members.add(staff_id)
        return members

    return population_share(target, dates, members_on)


def measure_test_passed(target, dates: list[date]) -> list[Measurement]:
    from jinzai.people.models import Staff

    from .models import Attempt

    params = target.params or {}
    org_id = target.plan.organisation_id
    attempts = Attempt.objects.filter(organisation_id=org_id, passed=True, submitted_at__isnull=False)
    if not params.get("skill_test"):
        return [Measurement(None, {"note": "テストが決まっていません。"}) for _ in dates]
    attempts = attempts.filter(test_id=int(params["skill_test"]))
    key = ("test_passed", org_id, params["skill_test"])

    def load():
        first: dict[int, date] = {}
        for staff_id, at in attempts.values_list("staff_id", "submitted_at"):
            day = at.date()
            if staff_id not in first or day < first[staff_id]:
                first[staff_id] = day
        retired = dict(Staff.objects.filter(pk__in=list(first)).values_list("pk", "retired_on"))
        return first, retired

    first, retired = memoised(key, load)
    result = []
    for day in dates:
        n = sum(
            1
            for staff_id, passed_on in first.items()
            if passed_on <= day and (retired.get(staff_id) is None or retired[staff_id] >= day)
        )
        result.append(Measurement(_d(n)))
    return result


hooks.METRICS.register(
    Metric(
        "skill_share",
        "割合：スキル評価で項目が決めたレベル以上の職員",
        "%",
        (),
        measure_skill_share,
        "任用形態・職級で決めた在職者のうち、選んだスキル項目で、所属長が確定した最新の評価が"
        "選んだレベル以上の人の割合です。",
        accepts=("params.employment_types", *GRADE_BAND),
        choice_params=(
            ParamChoice("skill_item", "スキル項目", _item_choices),
            ParamChoice("skill_level", "必要なスキルレベル", _level_choices),
        ),
    )
)
hooks.METRICS.register(
    Metric(
        "test_passed",
        "人数：テストの合格者",
        "名",
        (),
        measure_test_passed,
        "選んだテストに、その日までに合格した在職者の人数です（同じ人は1回だけ数えます）。",
        choice_params=(ParamChoice("skill_test", "テスト", _test_choices),),
    )
)
