"""Transfer simulation (異動内示): the impact before anything is applied — a person who is both the only leader
of a 課 and the only holder of a DX duty, a 兼務 that keeps a 課 covered, plan targets measured over the
planned state, 自己申告 that asked for the opposite — and the all-or-nothing apply through the pipeline."""

from datetime import date

import pytest

from jinzai.core.importing import analyse, get_importer
from jinzai.core.services import ImportNotCommittable, import_commit, import_create
from jinzai.people.models import Assignment, ConcurrentPost
from jinzai.planning.models import DevelopmentPlan, Target
from jinzai.talent import planned
from jinzai.talent.selectors.coverage import coverage_on
from jinzai.talent.selectors.transfers import Move, impact_tables, planned_state

from . import _careers as h

DAY = date(2027, 4, 1)
HEADER = "職員番号,氏名,異動先,職名,兼務,発令日\n"


@pytest.fixture
def setup(world):
    own = world.own
    soumu, shimin = own.units["総務課"], own.units["市民課"]
    lead = h.person(own, "000301", "中野　聡", own.units["人事係"], "係長")  # 総務課's only leader
    other = h.person(own, "000302", "北村　舞", own.units["窓口係"], "主査")  # 市民課's leader
    h.designate(own, lead)
    h.designate(own, other)
    network = h.duty(own, "庁内ネットワークの管理", 6, unit=soumu)
    h.hold(own, network, lead)
    web = h.duty(own, "ホームページの管理", 3, unit=soumu)
    h.hold(own, web, lead)
    h.hold(own, web, own.staff["other"], role="backup")
    p = h.period(own, fy=2027, opens=date(2026, 5, 1), closes=date(2026, 6, 30))
    h.declare(own, lead, p, wish="stay")
    plan = DevelopmentPlan.objects.create(organisation=own.org, start_fy=2026, end_fy=2028, title="計画")
    Target.objects.create(
        organisation=own.org,
        plan=plan,
        label="すべての課にリーダーを1名以上",
        metric="coverage",
        talent_type=h.leader(own),
        params={"unit_kind": "division", "per_unit": 1},
        target_value=2,
    )
    Target.objects.create(
        organisation=own.org,
        plan=plan,
        label="兼務を含めてすべての課にリーダー",
        metric="coverage_concurrent",
        talent_type=h.leader(own),
        params={"unit_kind": "division", "per_unit": 1},
        target_value=2,
    )
    return {"lead": lead, "other": other, "soumu": soumu, "shimin": shimin}


def tables(org, moves):
    return {t.title: t for t in impact_tables(org, moves)}


def test_a_leader_who_is_also_the_only_duty_holder_moves(world, setup):
    own = world.own
    moves = [Move(setup["lead"].pk, DAY, setup["shimin"].pk, None, None, from_unit_id=own.units["人事係"].pk)]
    t = tables(own.org, moves)
    units = t["DX推進リーダーがいなくなる・目標を下回る所属"].rows
    assert units == [["総務部 ／ 総務課", 1, 0, "中野　聡", "唯一のリーダーがいなくなります"]]
    duties = t["担い手がいなくなる・1人になるDX業務"].rows
    assert ["庁内ネットワークの管理", 1, 0, "中野　聡", "担い手がいなくなります"] in duties
    assert ["ホームページの管理", 2, 1, "中野　聡", "担い手が1人だけになります"] in duties
    targets = {row[0]: row for row in t["育成計画の目標への影響"].rows}
    assert targets["すべての課にリーダーを1名以上"][1:3] == ["2", "1"]
    assert targets["兼務を含めてすべての課にリーダー"][1:3] == ["2", "1"]
    wishes = t["自己申告の希望と異なる人"].rows
    assert wishes[0][0] == "中野　聡" and wishes[0][4] == "今の所属で続けることを希望しています"
    assert t["異動しても続く指定"].rows[0][3] == "DX推進リーダー（業務担当）"
    suggestion = t["後任の候補（候補者の検索から）"].rows[0]
    # 鈴木 and 髙橋 stay in 総務課 with equal scores: the lower 職員番号 first
    assert suggestion[0] == "総務部 ／ 総務課" and suggestion[1] == "鈴木　一郎"


def test_a_concurrent_post_keeps_the_unit_covered_and_the_duty_held(world, setup):
    """The leader moves to 市民課 but stays in 総務課 by a 兼務: no unit is broken, no duty loses its holder;
    planning's main-posting coverage drops while the coverage counting 兼務 does not."""
    own = world.own
    moves = [
        Move(
            setup["lead"].pk,
            DAY,
            setup["shimin"].pk,
            None,
            frozenset({setup["soumu"].pk}),
            own.units["人事係"].pk,
        )
    ]
    t = tables(own.org, moves)
    assert t["DX推進リーダーがいなくなる・目標を下回る所属"].rows == []
    assert t["担い手がいなくなる・1人になるDX業務"].rows == []
    targets = {row[0]: row for row in t["育成計画の目標への影響"].rows}
    assert targets["すべての課にリーダーを1名以上"][1:3] == ["2", "1"]
    assert targets["兼務を含めてすべての課にリーダー"][1:3] == ["2", "2"]


def test_the_planned_state_changes_nothing_outside_its_block(world, setup):
    own = world.own
    state = planned_state(own.org, [Move(setup["lead"].pk, DAY, setup["shimin"].pk, None, None)])
    with planned.planned(state):
        inside = {c.unit.name: c.count for c in coverage_on(own.org, DAY)}
    outside = {c.unit.name: c.count for c in coverage_on(own.org, DAY)}
    assert inside == {"総務課": 0, "市民課": 2} and outside == {"総務課": 1, "市民課": 1}
    # before the draft's date the planned state shows today's posting
    with planned.planned(state):
        assert {c.unit.name: c.count for c in coverage_on(own.org, date(2027, 3, 31))} == outside


def test_the_preview_shows_the_impact_and_apply_writes_the_history(world, setup):
    own = world.own
    hr = own.members["hr"]
    content = (
        HEADER + "000301,中野 聡,市民部市民課,,総務部総務課,2027/4/1\n000101,,総務部総務課,主任,,\n"
    ).encode("cp932")
    record = import_create(
        actor=hr, importer=get_importer("transfer"), file_name="内示.csv", content=content, options={}
    )
    s = record.summary
    assert s["can_commit"] and s["counts"]["transfer"] == 2
    titles = [t["title"] for t in s["tables"]]
    assert titles[0] == "DX推進リーダーがいなくなる・目標を下回る所属"
    assert Assignment.objects.filter(staff=setup["lead"], started_on=DAY).count() == 0  # nothing applied yet
    import_commit(actor=hr, importer=get_importer("transfer"), record=record)
    lead = setup["lead"]
    lead.refresh_from_db()
    assert lead.current_unit_id == setup["shimin"].pk
    history = list(
        Assignment.objects.filter(staff=lead).order_by("started_on").values_list("unit__name", "ended_on")
    )
    assert history == [("人事係", date(2027, 3, 31)), ("市民課", None)]
    assert ConcurrentPost.objects.get(staff=lead, ended_on__isnull=True).unit_id == setup["soumu"].pk
    yamada = own.staff["staff"]
    yamada.refresh_from_db()
    assert yamada.grade.name == "主任" and yamada.current_unit_id == setup["soumu"].pk


def test_the_designation_continues_and_the_new_manager_sees_it(world, login, setup):
    from django.urls import reverse

    own = world.own
    hr = own.members["hr"]
    manager = login(own.users["manager"])  # 所属長 of 市民課
    assert "中野　聡" not in manager.get(reverse("talent:designation_list")).content.decode()
    content = (HEADER + "000301,,市民部市民課,,,2026/5/1\n").encode("cp932")
    record = import_create(
        actor=hr, importer=get_importer("transfer"), file_name="内示.csv", content=content, options={}
    )
    import_commit(actor=hr, importer=get_importer("transfer"), record=record)
    assert "中野　聡" in manager.get(reverse("talent:designation_list")).content.decode()
    assert setup["lead"].designations.get().ended_on is None


def test_a_file_with_an_error_changes_nothing(world, setup):
    own = world.own
    hr = own.members["hr"]
    content = (HEADER + "000301,,市民部市民課,,,\n999999,,総務部総務課,,,\n000101,,存在しない課,,,\n").encode(
        "cp932"
    )
    record = import_create(
        actor=hr, importer=get_importer("transfer"), file_name="誤り.csv", content=content, options={}
    )
    errors = record.summary["errors"]
    assert [e["line"] for e in errors] == [3, 4]
    assert "職員番号「999999」の職員は登録されていません。" in errors[0]["message"]
    assert "登録されていない所属" in errors[1]["message"] and errors[1]["column"] == "C列「異動先」"
    with pytest.raises(ImportNotCommittable):
        import_commit(actor=hr, importer=get_importer("transfer"), record=record)
    assert Assignment.objects.filter(staff=setup["lead"]).count() == 1


def test_a_move_on_or_before_the_current_start_is_refused(world, setup):
    own = world.own
    content = (HEADER + "000301,,市民部市民課,,,2022/4/1\n").encode("cp932")
    plan = analyse(get_importer("transfer"), own.org, content, {})
    assert plan.errors and "異動の発令日が、現在の配属の開始日" in plan.errors[0].message


def test_only_hr_may_simulate(world, login):
    from django.urls import reverse

    assert login(world.own.users["dx_office"]).get(reverse("talent:transfer_import")).status_code == 403
    assert login(world.own.users["hr"]).get(reverse("talent:transfer_import")).status_code == 200
