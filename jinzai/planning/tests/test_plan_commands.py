"""manage.py plan_status, export_plan and import_plan (a round trip into another organisation)."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jinzai.planning.models import DevelopmentPlan, RoadmapTask, Status

from ._plans import add_staff, designate, leader, plan, sub_role, target

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(world):
    own = world.own
    lead = leader(own)
    draft = plan(own, 2026, title="下書きの計画")
    approved = plan(own, 2025, title="承認済みの計画", status=Status.APPROVED)
    target(approved, "headcount", 6, label="リーダー6名", talent_type=lead)
    target(
        approved,
        "placement",
        2,
        label="市民課に2名",
        talent_type=lead,
        unit=own.units["市民課"],
        sub_role=sub_role(own, "DX推進担当"),
    )
    RoadmapTask.objects.create(
        plan=approved,
        fiscal_year=2025,
        talent_type=lead,
        kind="develop",
        title="研修",
        owner_unit=own.units["窓口係"],
    )
    designate(add_staff(own, "001001", own.units["窓口係"]), lead, date(2025, 6, 1))
    return draft, approved


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_plan_status_json_defaults_to_the_latest_approved(world, plans):
    draft, approved = plans
    data = json.loads(run("plan_status", "--org", world.own.org.code, "--json"))
    assert data["plan"] == {
        "id": approved.pk,
        "title": "承認済みの計画",
        "start_fy": 2025,
        "end_fy": 2027,
        "version": 1,
        "status": "approved",
    }
    assert len(data["targets"]) == 6  # 2 targets × 3 years
    row = data["targets"][0]
    assert set(row) == {
        "id",
        "label",
        "kind",
        "unit",
        "fiscal_year",
        "target",
        "expected",
        "expected_to_date",
        "actual",
        "status",
        "status_label",
    }
    assert (
        row["label"],
        row["kind"],
        row["fiscal_year"],
        row["target"],
        row["expected"],
        row["actual"],
        row["status"],
    ) == (
        "リーダー6名",
        "headcount",
        2025,
        6.0,
        2.0,
        1.0,
        "behind",
    )
    one_year = json.loads(
        run("plan_status", "--org", world.own.org.code, "--plan", str(draft.pk), "--fy", "2026", "--json")
    )
    assert one_year["plan"]["id"] == draft.pk and one_year["targets"] == []
    text = run("plan_status", "--org", world.own.org.code, "--fy", "2025")
    assert "承認済みの計画" in text and "令和7年度（2025年度）  リーダー6名  目安 2名  実績 1名  遅れ" in text
    with pytest.raises(CommandError):
        run("plan_status", "--org", world.own.org.code, "--plan", "999999")


def test_export_then_import_into_another_organisation(world, plans, tmp_path):
    _, approved = plans
    path = tmp_path / "plan.json"
    run("export_plan", "--org", world.own.org.code, "--plan", str(approved.pk), "-o", str(path))
    assert json.loads(path.read_text(encoding="utf-8"))["targets"][1]["unit"] == ["市民部", "市民課"]
    out = run("import_plan", "--org", world.foreign.org.code, str(path), "--json")
    created = DevelopmentPlan.objects.get(pk=json.loads(out)["created"])
    foreign = world.foreign
    assert (created.organisation, created.status, created.title) == (
        foreign.org,
        Status.DRAFT,
        "承認済みの計画",
    )
    placement = created.targets.get(metric="placement")
    assert placement.unit == foreign.units["市民課"] and placement.sub_role.organisation == foreign.org
    assert created.tasks.get().owner_unit == foreign.units["窓口係"]


def test_import_with_errors_exits_1_and_writes_nothing(world, tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps({"title": "x", "start_fy": 2026, "end_fy": 2028, "targets": [{"metric": "xyz"}]}),
        encoding="utf-8",
    )
    before = DevelopmentPlan.objects.count()
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("import_plan", "--org", world.own.org.code, str(path), stdout=io.StringIO(), stderr=err)
    assert exc.value.code == 1
    assert "targets[0].metric: 「xyz」は使えない測り方です。" in err.getvalue()
    assert DevelopmentPlan.objects.count() == before
