"""Plans move between organisations (issue 8): a JSON export re-imports unchanged into the same organisation;
into another one, what it lacks is left empty with a warning; a template carries no unit at all."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from jinzai.learning.models import Certification
from jinzai.planning.exports.plans import plan_as_dict
from jinzai.planning.models import DevelopmentPlan, PlanLevel, RoadmapTask
from jinzai.planning.services.plan_import import plan_import
from jinzai.talent.services import talent_type_create

from ._plans import actor, add_unit, general, leader, plan, sub_role, target

pytestmark = pytest.mark.django_db

VOLATILE = {"exported_at", "version", "status", "organisation"}


def rich_plan(world):
    own = world.own
    lead = leader(own)
    gold = talent_type_create(actor=actor(own), name="ゴールド", parent=lead)
    silver = talent_type_create(actor=actor(own), name="シルバー", parent=lead)
    info = add_unit(own, "情報係", own.units["総務課"], kind="section", is_it=True)
    p = plan(own, 2026, title="自分市デジタル人材育成計画", summary="三年で全課に置きます。")
    PlanLevel.objects.create(plan=p, talent_type=lead, current_level=1, target_level=2, note="改善をけん引")
    PlanLevel.objects.create(plan=p, talent_type=general(own), current_level=1, target_level=2)
    cert = Certification.objects.filter(organisation=own.org, name__contains="ITパスポート").first()
    target(
        p,
        "coverage",
        2,
        label="すべての課（2課）に業務担当を置く",
        label_template="すべての課（{value}課）に業務担当を置く",
        talent_type=lead,
        sub_role=sub_role(own, "業務担当"),
        params={"unit_kind": "division", "per_unit": 1, "business_only": True},
        milestones={"2026": 1, "2027": 2},
        sort_order=10,
    )
    target(p, "placement", 2, label="情報係に2名", talent_type=lead, unit=info, sort_order=20)
    target(
        p,
        "headcount",
        40,
        label="ゴールドとシルバーで40名",
        talent_type=gold,
        params={"also_types": [silver.pk], "grade_min_rank": 2, "comparison": "more_than"},
        sort_order=30,
    )
    target(
        p,
        "share_designated",
        "12.5",
        label="一般行政部門の30代の12.5%",
        talent_type=lead,
        params={"sector": "general", "age_min": 30, "age_max": 39, "employment_types": ["regular"]},
        sort_order=40,
    )
    target(
        p,
        "cert_share",
        30,
        label="職員の3割がITパスポート",
        purpose="development",
        params={"cert_target": f"cert:{cert.pk}"},
        sort_order=50,
    )
    for i, (fy, kind, title, unit) in enumerate(
        [
            (2026, "develop", "役割を学ぶ研修", None),
            (2026, "place", "情報係に2名置く", info),
            (None, "structure", "見直しを続ける", own.units["人事係"]),
        ]
    ):
        RoadmapTask.objects.create(
            plan=p, fiscal_year=fy, talent_type=lead, kind=kind, title=title, owner_unit=unit, sort_order=i
        )
    return p


def content(plan) -> dict:
    return {k: v for k, v in plan_as_dict(plan).items() if k not in VOLATILE}


def test_export_and_import_into_the_same_organisation_gives_the_same_plan(world, login):
    p = rich_plan(world)
    client = login(world.own.users["dx_office"])
    exported = client.get(reverse("planning:plan_json", kwargs={"pk": p.pk})).getvalue()
    copy = plan_import(actor=world.own.members["dx_office"], content=exported)
    assert copy.pk != p.pk and copy.import_warnings == []
    assert content(copy) == content(p)
    first, again = (list(x.targets.order_by("sort_order").values("params", "unit_id")) for x in (p, copy))
    assert first == again  # ids as well as names: the same units, types and certification


def test_another_organisation_gets_a_draft_with_a_warning_for_each_missing_reference(world):
    p = rich_plan(world)
    data = json.dumps(plan_as_dict(p), ensure_ascii=False).encode()
    other = plan_import(actor=world.foreign.members["dx_office"], content=data)
    assert other.organisation == world.foreign.org and other.targets.count() == 5
    messages = [w["message"] for w in other.import_warnings]
    assert messages == [
        "目標「情報係に2名」: 所属「総務部／総務課／情報係」がこの団体にないため、所属を空欄にしました。",
        "目標「ゴールドとシルバーで40名」: 人材像「ゴールド」がこの団体にないため、人材像を空欄にしました。",
        "目標「ゴールドとシルバーで40名」: 人材像「シルバー」がこの団体にないため、あわせて数える人材像から外しました。",
        "工程「情報係に2名置く」: 所属「総務部／総務課／情報係」がこの団体にないため、担当所属を空欄にしました。",
    ]
    # 人事係 exists there too (same name and path): found, not emptied
    assert other.tasks.get(title="見直しを続ける").owner_unit == world.foreign.units["人事係"]
    assert all(t.organisation_id == world.foreign.org.pk for t in other.targets.all())


def test_a_template_has_no_unit_references_and_imports_with_warnings(world, login):
    p = rich_plan(world)
    client = login(world.own.users["executive"])
    response = client.get(reverse("planning:plan_json", kwargs={"pk": p.pk}) + "?template=1")
    data = json.loads(response.getvalue())
    assert data["template"] is True and "status" not in data
    assert all(t["unit"] is None for t in data["targets"])
    assert all(t["owner_unit"] is None for t in data["tasks"])
    assert (
        "ひな形" in response["Content-Disposition"]
        or "%E3%81%B2%E3%81%AA%E5%BD%A2" in response["Content-Disposition"]
    )
    draft = plan_import(actor=world.foreign.members["dx_office"], content=response.getvalue())
    assert "目標「情報係に2名」: ひな形のため所属が空です。" in [w["message"] for w in draft.import_warnings]


def test_the_commands_export_a_template_and_import_with_warnings(world, tmp_path):
    p = rich_plan(world)
    path = tmp_path / "plan.json"
    out = StringIO()
    call_command(
        "export_plan",
        "--org",
        world.own.org.code,
        "--plan",
        str(p.pk),
        "-o",
        str(path),
        "--template",
        stdout=out,
    )
    assert "ひな形" in out.getvalue()
    out = StringIO()
    call_command("import_plan", str(path), "--org", world.foreign.org.code, stdout=out)
    text = out.getvalue()
    assert "下書き" in text and "空欄にした項目が" in text and "ひな形のため所属が空です。" in text
    out = StringIO()
    call_command("import_plan", str(path), "--org", world.foreign.org.code, "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["created"] and result["errors"] == [] and result["warnings"]
    assert DevelopmentPlan.objects.filter(organisation=world.foreign.org).count() == 2
