"""The skill matrix: heatmaps (unit × item, person × item), gap analysis and a person's history.

Heatmaps and gaps are aggregate queries on Rating (which carries campaign, unit and expected level),
grouped by unit and item: their query count does not depend on the number of staff. Only the
person × item heatmap returns one row per rating, and only for one unit's people.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, F, Sum, Value, When

from jinzai.core.models import Unit
from jinzai.core.selectors import descendant_ids

from .models import Campaign, Item, Participant, Rating
from .selectors import ordered_items, rollup

BASES = {"final": ("final_level", "確定した評価（所属長確認済）"), "self": ("self_level", "自己評価")}


def level_field(basis: str) -> str:
    return BASES.get(basis, BASES["final"])[0]


def heat_class(value, level_count: int) -> str:
    """`heat-0` (no data) … `heat-5` (top of the scale): the colour comes from CSS, the number is shown too."""
    if value is None:
        return "heat-0"
    step = 1 + int((Decimal(value) - 1) * 4 / max(1, level_count - 1) + Decimal("0.5"))
    return f"heat-{min(5, max(1, step))}"


def _one(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Cell:
    n: int = 0
    total: int = 0
    expected_n: int = 0
    ok: int = 0
    # avg and share are read several times per cell when a heatmap is shown: computed once per value
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def avg(self) -> Decimal | None:
        key = ("avg", self.n, self.total)
        if key not in self._memo:
            self._memo[key] = _one(Decimal(self.total) / self.n) if self.n else None
        return self._memo[key]

    @property
    def share(self) -> Decimal | None:
        key = ("share", self.expected_n, self.ok)
        if key not in self._memo:
            self._memo[key] = _one(Decimal(100 * self.ok) / self.expected_n) if self.expected_n else None
        return self._memo[key]


@dataclass
class Heatmap:
    items: list[Item]
    rows: list[dict] = field(default_factory=list)  # {"key", "label", "cells": [(Cell, css)], "n"}
    level_count: int = 5


def _aggregate(qs, fld: str):
    """Per unit and item: ratings, their sum, those with an expected level and those at or above it.

    Only columns of the covering indexes (`skill_rating_heat`, `skill_rating_heat_self`) are read —
    ``COUNT(*)`` and counts of CASE expressions, never ``COUNT(id)`` — so PostgreSQL answers with an
    index-only scan."""
    return qs.values("unit_id", "item_id").annotate(
        n=Count("*"),
        total=Sum(fld),
        expected_n=Count("expected_level"),
        ok=Count(Case(When(**{f"{fld}__gte": F("expected_level")}, then=Value(1)))),
    )


def unit_heatmap(campaign: Campaign, *, basis: str = "final", unit_ids: set[int] | None = None) -> Heatmap:
    """課 × item: average level and the share at or above the expected level (role profile)."""
    fld = level_field(basis)
    items = ordered_items(campaign.framework)
    qs = Rating.objects.filter(campaign=campaign, **{f"{fld}__isnull": False})
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    owner, labels, order = rollup(campaign.organisation)
    cells: dict[int | None, dict[int, Cell]] = defaultdict(lambda: defaultdict(Cell))
    for row in _aggregate(qs, fld):
        cell = cells[owner.get(row["unit_id"])][row["item_id"]]
        cell.n += row["n"]
        cell.total += row["total"] or 0
        cell.expected_n += row["expected_n"]
        cell.ok += row["ok"]
    heatmap = Heatmap(items=items, level_count=campaign.framework.level_count)
    overall: dict[int, Cell] = defaultdict(Cell)
    for key in sorted(cells, key=lambda k: order.get(k, 10**9)):
        row_cells = []
        for item in items:
            cell = cells[key].get(item.pk, Cell())
            row_cells.append((cell, heat_class(cell.avg, heatmap.level_count)))
            total = overall[item.pk]
            total.n, total.total = total.n + cell.n, total.total + cell.total
            total.expected_n, total.ok = total.expected_n + cell.expected_n, total.ok + cell.ok
        heatmap.rows.append(
            {
                "key": key,
                "label": labels.get(key, "所属なし"),
                "cells": row_cells,
                "n": max(c.n for c, _ in row_cells),
            }
        )
    heatmap.total = [(overall[i.pk], heat_class(overall[i.pk].avg, heatmap.level_count)) for i in items]
    heatmap.total_rows = [(i, cell) for i, (cell, _) in zip(items, heatmap.total, strict=True)]
    return heatmap


def person_heatmap(campaign: Campaign, unit_ids: set[int], *, basis: str = "final") -> Heatmap:
    """Person × item for the people of some units (a manager's units, or one unit and below).

    Two queries of plain tuples: the sheets in display order (1,250 for a 課), then their ratings (37,500
    for 30 items). The cells are shared read-only values, one per (level, expected level) pair, so a
    rating costs a list assignment; a sheet is a SheetRow (person, unit, status), not a model instance."""
    fld = level_field(basis)
    items = ordered_items(campaign.framework)
    level_count = campaign.framework.level_count
    css = {level: heat_class(level, level_count) for level in (None, *range(1, level_count + 1))}
    shared: dict[tuple[int | None, int | None], tuple[dict, str]] = {}

    def cell(level: int | None, expected: int | None) -> tuple[dict, str]:
        found = shared.get((level, expected))
        if found is None:
            below = level is not None and bool(expected) and level < expected
            found = shared[(level, expected)] = (
                {"level": level, "expected": expected, "below": below},
                css[level] if level in css else heat_class(level, level_count),
            )
        return found

    empty = cell(None, None)
    units = Unit.objects.in_bulk(list(unit_ids))
    heatmap = Heatmap(items=items, level_count=level_count)
    cells: dict[int, list] = {}
    width = len(items)
    for pk, staff_id, unit_id, status, name in (
        Participant.objects.filter(campaign=campaign, unit_id__in=unit_ids)
        .order_by("unit__sort_order", "staff__staff_no", "pk")
        .values_list("pk", "staff_id", "unit_id", "status", "staff__name")
    ):
        cells[pk] = row = [empty] * width
        sheet = SheetRow(pk, staff_id, units.get(unit_id), status)
        heatmap.rows.append({"key": pk, "label": name, "sheet": sheet, "cells": row})
    position = {item.pk: i for i, item in enumerate(items)}
    find_row, find_item = cells.get, position.get
    for participant_id, item_id, level, expected in Rating.objects.filter(
        campaign=campaign, unit_id__in=unit_ids
    ).values_list("participant_id", "item_id", fld, "expected_level"):
        row, i = find_row(participant_id), find_item(item_id)
        if row is not None and i is not None:
            row[i] = shared.get((level, expected)) or cell(level, expected)
    return heatmap


@dataclass(frozen=True, slots=True)
class SheetRow:
    """What a person × item heatmap shows of a sheet (its person, unit and status)."""

    pk: int
    staff_id: int
    unit: Unit | None
    status: str

    def get_status_display(self) -> str:
        return str(Participant.Status(self.status).label)


def subtree(organisation, unit_id: int) -> set[int]:
    return descendant_ids(organisation, [unit_id])


# --- gap analysis -----------------------------------------------------------------------------


def group_gap(
    campaign: Campaign, *, unit_ids: set[int] | None = None, talent_type_id: int | None = None
) -> list[dict]:
    """Per item: people rated, average confirmed level, average expected level, share at or above it."""
    qs = Rating.objects.filter(campaign=campaign, final_level__isnull=False)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    if talent_type_id is not None:
        qs = qs.filter(participant__talent_type_id=talent_type_id)
    rows = {
        r["item_id"]: r
        for r in qs.values("item_id").annotate(  # columns of the covering index only (see _aggregate)
            n=Count("*"),
            total=Sum("final_level"),
            expected_n=Count("expected_level"),
            expected_total=Sum("expected_level"),
            ok=Count(Case(When(final_level__gte=F("expected_level"), then=Value(1)))),
        )
    }
    result = []
    for item in ordered_items(campaign.framework):
        r = rows.get(item.pk)
        if not r:
            result.append({"item": item, "n": 0})
            continue
        avg = _one(Decimal(r["total"]) / r["n"])
        expected = _one(Decimal(r["expected_total"]) / r["expected_n"]) if r["expected_n"] else None
        share = _one(Decimal(100 * r["ok"]) / r["expected_n"]) if r["expected_n"] else None
        result.append(
            {
                "item": item,
                "n": r["n"],
                "avg": avg,
                "expected": expected,
                "gap": (avg - expected) if expected is not None else None,
                "share": share,
                "below": (r["expected_n"] - r["ok"]) if r["expected_n"] else None,
            }
        )
    return result


def latest_confirmed(staff_id: int, framework) -> dict[int, tuple[int, Campaign]]:
    """item_id → (final level, campaign) from the latest campaign in which it was confirmed."""
    rows = (
        Rating.objects.filter(staff_id=staff_id, item__framework=framework, final_level__isnull=False)
        .select_related("campaign")
        .order_by("campaign__ends_on", "campaign_id")
    )
    result: dict[int, tuple[int, Campaign]] = {}
    for r in rows:
        result[r.item_id] = (r.final_level, r.campaign)
    return result


def person_gap(staff_id: int, framework) -> list[dict]:
    """The person's latest confirmed level per item against what their current type expects."""
    from .services.campaigns import expected_levels

    latest = latest_confirmed(staff_id, framework)
    sheet = (
        Participant.objects.filter(staff_id=staff_id, campaign__framework=framework)
        .select_related("campaign")
        .order_by("-campaign__ends_on", "-campaign_id")
        .first()
    )
    expected = expected_levels(sheet) if sheet else {}
    rows = []
    for item in ordered_items(framework):
        level, campaign = latest.get(item.pk, (None, None))
        exp = expected.get(item.pk)
        rows.append(
            {
                "item": item,
                "level": level,
                "campaign": campaign,
                "expected": exp,
                "gap": (level - exp) if level is not None and exp is not None else None,
            }
        )
    return rows


def trend(staff_id: int, framework) -> dict:
    """Confirmed levels per campaign (oldest first): a table (item × campaign) and chart data."""
    rows = (
        Rating.objects.filter(staff_id=staff_id, item__framework=framework, final_level__isnull=False)
        .values_list("campaign_id", "campaign__name", "campaign__ends_on", "item_id", "final_level")
        .order_by("campaign__ends_on", "campaign_id")
    )
    campaigns: dict[int, str] = {}
    levels: dict[int, dict[int, int]] = defaultdict(dict)
    for campaign_id, name, _, item_id, level in rows:
        campaigns[campaign_id] = name
        levels[item_id][campaign_id] = level
    items = ordered_items(framework)
    table = [{"item": i, "levels": [levels[i.pk].get(c) for c in campaigns]} for i in items]
    averages = []
    for c in campaigns:
        vals = [levels[i.pk][c] for i in items if c in levels[i.pk]]
        averages.append(float(_one(Decimal(sum(vals)) / len(vals))) if vals else None)
    return {
        "campaigns": list(campaigns.values()),
        "table": table,
        "averages": averages,
        "chart": {"labels": list(campaigns.values()), "data": averages, "max": framework.level_count},
    }
