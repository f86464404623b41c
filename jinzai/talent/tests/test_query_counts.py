"""The candidate finder and the transfer simulation read the database a fixed number of times (issue 10's
performance bar): the number of queries does not grow with the number of staff, matches, moves or broken 課
(benchmarks/talent.py measures the time at 100,000 staff and 5,000 moves)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jinzai.core.importing import analyse, get_importer
from jinzai.core.models import Unit
from jinzai.learning.models import Certification
from jinzai.planning.models import DevelopmentPlan, Target
from jinzai.skills.models import Item
from jinzai.talent.selectors.candidates import CandidateFilter, find

from . import _careers as h

DAY = date(2027, 4, 1)
HEADER = "職員番号,氏名,異動先,職名,兼務,発令日\n"


def queries(fn) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    return len(ctx.captured_queries), result


# --- the candidate finder -------------------------------------------------------------------------------


def _candidates(own, start: int, n: int) -> None:
    """n people in 市民課 who pass the four filters, with facts of every source and a 自己申告."""
    p = h.period(own, fy=2026 + start)
    for i in range(n):
        person = h.person(own, f"{5000 + start + i:06d}", f"候補　{start + i}", own.units["窓口係"], "係長")
        h.skill_level(own, person, "業務改善・BPR", 3 + i % 3)
        h.certify(own, person, "ip")
        h.declare(own, person, p, interest="yes", motivation=4)


def test_the_finder_reads_the_same_number_of_times_for_two_or_twelve_matches(world):
    own = world.own
    _candidates(own, 0, 2)

    item = Item.objects.get(organisation=own.org, framework__key="leader", name="業務改善・BPR")
    f = CandidateFilter(
        unit_id=own.units["市民部"].pk,
        grade_min_rank=h.grade(own, "主査").rank,
        grade_max_rank=h.grade(own, "課長補佐").rank,
        skill_item=item.pk,
        skill_level=3,
        certification=Certification.objects.get(organisation=own.org, key="ip").pk,
    )

    def page():
        return find(own.org, f, offset=0, limit=50, day=date(2026, 11, 27))

    few, (total, rows) = queries(page)
    assert total == 2 and all(c.reason for c in rows)
    _candidates(own, 100, 10)
    many, (total, rows) = queries(page)
    assert total == 12 and len(rows) == 12
    assert all("ITパスポート保有" in c.reason and "DX業務を希望" in c.reason for c in rows)
    assert many == few
    assert few <= 10  # settings, grades, units, types, the matches, the page's people, facts, paths


# --- the transfer simulation ----------------------------------------------------------------------------


@pytest.fixture
def plan(world):
    own = world.own
    plan = DevelopmentPlan.objects.create(organisation=own.org, start_fy=2026, end_fy=2028, title="計画")
    for n, (label, metric, params) in enumerate(
        [
            ("すべての課にリーダー", "coverage", {"unit_kind": "division", "per_unit": 1}),
            ("兼務を含めてすべての課にリーダー", "coverage_concurrent", {"unit_kind": "division"}),
            ("リーダーの人数", "headcount", {}),
        ]
    ):
        Target.objects.create(
            organisation=own.org,
            plan=plan,
            label=label,
            metric=metric,
            talent_type=h.leader(own),
            params=params,
            target_value=2,
            sort_order=n,
        )
    return plan


def _divisions(own, start: int, n: int) -> list[tuple[str, str]]:
    """n 課 under 市民部, each with a 係, a leader holding a duty of the 課 (wishing to move to 総務課) and
    two more people; returns the CSV rows moving every one of them to 総務課 ／ 人事係."""
    p = h.period(own, fy=2030 + start)
    rows = []
    for i in range(start, start + n):
        division = Unit.objects.create(
            organisation=own.org, parent=own.units["市民部"], name=f"第{i + 1}課", sort_order=100 + i
        )
        section = Unit.objects.create(
            organisation=own.org, parent=division, name="第1係", kind="section", sort_order=101 + i
        )
        lead = h.person(own, f"{7000 + 10 * i:06d}", f"リーダー　{i}", section, "係長")
        h.designate(own, lead)
        h.hold(own, h.duty(own, f"業務{i}", 3, unit=division), lead)
        h.declare(own, lead, p, wish="move", wish_unit=own.units["市民課"])
        rows.append((lead.staff_no, "総務部 ／ 総務課 ／ 人事係"))
        for k in (1, 2):
            other = h.person(own, f"{7000 + 10 * i + k:06d}", f"職員　{i}-{k}", section, "主査")
            h.declare(own, other, p, wish="stay")
            if k == 1:
                rows.append((other.staff_no, "総務部 ／ 総務課"))
    return rows


def _simulate(own, rows):
    content = (HEADER + "".join(f"{no},,{unit},,,2027/4/1\n" for no, unit in rows)).encode("cp932")
    return analyse(get_importer("transfer"), own.org, content, {})


def test_the_simulation_reads_the_same_number_of_times_for_few_or_many_moves(world, plan):
    own = world.own
    rows = _divisions(own, 0, 1)
    few, result = queries(lambda: _simulate(own, rows))
    assert not result.errors and result.counts()["transfer"] == 2
    tables = {t.title: t for t in result.tables}
    assert [r[0] for r in tables["DX推進リーダーがいなくなる・目標を下回る所属"].rows] == ["市民部 ／ 第1課"]
    assert len(tables["担い手がいなくなる・1人になるDX業務"].rows) == 1
    assert len(tables["後任の候補（候補者の検索から）"].rows) == 1

    rows += _divisions(own, 1, 5)
    many, result = queries(lambda: _simulate(own, rows))
    assert not result.errors and result.counts()["transfer"] == 12
    tables = {t.title: t for t in result.tables}
    assert len(tables["DX推進リーダーがいなくなる・目標を下回る所属"].rows) == 6
    assert len(tables["担い手がいなくなる・1人になるDX業務"].rows) == 6
    assert len(tables["後任の候補（候補者の検索から）"].rows) == 6
    wishes = tables["自己申告の希望と異なる人"].rows
    assert sum(1 for r in wishes if r[4] == "市民課への異動を希望しています") == 6
    assert sum(1 for r in wishes if r[4] == "今の所属で続けることを希望しています") == 6
    assert len(tables["異動しても続く指定"].rows) == 6
    assert many == few
