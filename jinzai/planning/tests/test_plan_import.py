"""Importing a plan from JSON: names resolved in the importing organisation; what it lacks is left empty
with a warning on the draft; only a malformed file is refused (errors with JSON paths)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jinzai.core.models import AuditEvent
from jinzai.planning.models import DevelopmentPlan
from jinzai.planning.services.plan_import import PlanImportError, analyse, plan_import
from jinzai.planning.services.plans import task_update
from jinzai.planning.services.targets import target_update

from ._plans import add_unit

pytestmark = pytest.mark.django_db


def template(**changes) -> dict:
    data = {
        "format": "jinzai-plan",
        "title": "県のひな形",
        "start_fy": 2026,
        "end_fy": 2028,
        "summary": "",
        "levels": [{"talent_type": "DX推進リーダー", "current_level": 1, "target_level": 2, "note": ""}],
        "targets": [
            {
                "label": "各課にリーダー",
                "purpose": "placement",
                "metric": "coverage",
                "talent_type": "DX推進リーダー",
                "sub_role": "業務担当",
                "unit": None,
                "params": {
                    "unit_kind": "division",
                    "per_unit": 1,
                    "business_only": True,
                    "grade_min": "係長",
                },
                "target_value": 2,
                "milestones": {"2026": 1, "2027": 2},
            },
            {
                "label": "情報係に2名",
                "purpose": "placement",
                "metric": "placement",
                "talent_type": "DX推進リーダー",
                "sub_role": "DX推進担当",
                "unit": "総務部／総務課",
                "params": {},
                "target_value": 2,
                "milestones": {},
            },
        ],
        "tasks": [
            {
                "fiscal_year": 2026,
                "talent_type": "DX推進リーダー",
                "kind": "develop",
                "title": "研修",
                "owner_unit": ["市民課"],
                "status": "planned",
                "notes": "",
            },
            {
                "fiscal_year": None,
                "talent_type": "一般行政職員",
                "kind": "develop",
                "title": "研修の見直し",
                "owner_unit": None,
                "status": "planned",
                "notes": "",
            },
        ],
    }
    data.update(changes)
    return data


def test_import_resolves_names_and_shifts_years(world):
    own = world.own
    plan = plan_import(actor=own.members["dx_office"], content=json.dumps(template()).encode(), start_fy=2027)
    assert (plan.title, plan.start_fy, plan.end_fy, plan.status, plan.version) == (
        "県のひな形",
        2027,
        2029,
        "draft",
        1,
    )
    assert plan.import_warnings == []
    coverage, placement = plan.targets.order_by("sort_order")
    assert coverage.sub_role.name == "業務担当" and coverage.milestones == {"2027": 1, "2028": 2}
    assert coverage.params == {
        "unit_kind": "division",
        "per_unit": 1,
        "business_only": True,
        "grade_min_rank": 4,
    }
    assert placement.unit == own.units["総務課"]
    assert {t.organisation_id for t in plan.targets.all()} == {own.org.pk}
    first, later = plan.tasks.order_by("sort_order")
    assert (first.fiscal_year, first.owner_unit) == (
        2027,
        own.units["市民課"],
    )  # a unique last name is enough
    assert later.fiscal_year is None and later.organisation_id == own.org.pk


def test_malformed_values_are_reported_with_their_path(world):
    own = world.own
    data = template()
    data["targets"][0]["metric"] = "xyz"
    data["targets"].append(
        {
            "label": "",
            "purpose": "both",
            "metric": "headcount",
            "talent_type": "DX推進リーダー",
            "target_value": "10",
            "milestones": {"2031": 1},
            "colour": "red",
        }
    )
    data["targets"][1]["unit"] = 12
    data["tasks"][0]["fiscal_year"] = 2035
    data["levels"][0]["target_level"] = 7
    data["extra"] = 1
    spec, errors = analyse(own.org, data)
    assert "targets[0].metric: 「xyz」は使えない測り方です。" in errors
    assert (
        'targets[1].unit: 所属は名前の並び（例: ["総務部", "情報政策課"]）か文字列で書いてください。'
        in errors
    )
    assert "targets[2].colour: 「colour」という項目は使えません。" in errors
    assert (
        "targets[2].purpose: 種類は development（育成目標）か placement（配置目標）で書いてください。"
        in errors
    )
    assert "targets[2].target_value: 最終目標値は数字で入力してください。" in errors
    assert "targets[2].milestones.2031: 2031年度は計画の期間（2026〜2028年度）の外です。" in errors
    assert any(e.startswith("tasks[0].fiscal_year:") for e in errors)
    assert "levels[0].target_level: レベルは1〜5の整数で書いてください。" in errors
    assert "extra: 「extra」という項目は使えません。" in errors


def test_references_this_organisation_lacks_are_left_empty_with_a_warning_each(world):
    own = world.own
    dx = own.members["dx_office"]
    add_unit(own, "市民課", own.units["総務部"])  # a second 市民課 makes the short name ambiguous
    data = template()
    data["targets"][1]["unit"] = ["総務部", "情報係"]
    data["targets"][1]["sub_role"] = "業務担当X"
    data["targets"].append(
        {
            "label": "忍者を3名",
            "purpose": "development",
            "metric": "headcount",
            "talent_type": "忍者",
            "params": {"grade_max": "大名"},
            "target_value": 3,
        }
    )
    data["levels"].append({"talent_type": "ゴールド", "current_level": 1, "target_level": 2})
    data["tasks"].append(
        {"fiscal_year": 2026, "talent_type": "ゴールド", "kind": "develop", "title": "上級研修"}
    )
    plan = plan_import(actor=dx, content=json.dumps(data).encode())
    messages = [w["message"] for w in plan.import_warnings]
    assert messages == [
        "育成目標レベル: 人材像「ゴールド」がこの団体にないため、この行は取り込みませんでした。",
        "目標「情報係に2名」: 人材像「DX推進リーダー」に区分「業務担当X」がないため、区分を問わない目標にしました。",
        "目標「情報係に2名」: 所属「総務部／情報係」がこの団体にないため、所属を空欄にしました。",
        "目標「忍者を3名」: 人材像「忍者」がこの団体にないため、人材像を空欄にしました。",
        "目標「忍者を3名」: 職名「大名」がこの団体にないため、職級の上限を外しました。",
        "工程「研修」: 所属「市民課」と同じ名前の所属がこの団体に複数あるため、担当所属を空欄にしました。",
        "工程「上級研修」: 人材像「ゴールド」がこの団体にないため、この工程は取り込みませんでした。",
    ]
    placement = plan.targets.get(label="情報係に2名")
    assert (placement.unit, placement.sub_role) == (None, None)
    assert plan.tasks.count() == 2 and plan.tasks.get(title="研修").owner_unit is None
    ninja = plan.targets.get(label="忍者を3名")
    assert ninja.talent_type is None and ninja.params == {}
    links = {w["kind"]: w["id"] for w in plan.import_warnings if w["id"]}
    assert links["task"] == plan.tasks.get(title="研修").pk

    # each warning links to the page that fixes it; saving there removes it
    page = login_client(world).get(reverse("planning:plan_detail", kwargs={"pk": plan.pk})).content.decode()
    assert "取込で空欄にした項目（7件）" in page
    assert reverse("planning:target_edit", kwargs={"pk": placement.pk}) in page
    target_update(
        actor=dx,
        target=placement,
        label=placement.label,
        purpose="placement",
        metric="placement",
        talent_type=placement.talent_type,
        unit=own.units["総務課"],
        target_value=2,
    )
    task_update(
        actor=dx,
        task=plan.tasks.get(title="研修"),
        fiscal_year=2026,
        talent_type=placement.talent_type,
        kind="develop",
        title="研修",
        owner_unit=own.units["人事係"],
    )
    plan.refresh_from_db()
    assert [w["message"][:12] for w in plan.import_warnings] == [
        "育成目標レベル: 人材像",
        "目標「忍者を3名」: 人",
        "目標「忍者を3名」: 職",
        "工程「上級研修」: 人材",
    ]
    assert AuditEvent.objects.get(action="plan.import").detail["warnings"] == 7


def login_client(world):
    from django.test import Client

    client = Client()
    client.force_login(world.own.users["dx_office"], backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_nothing_is_written_when_the_file_is_malformed(world):
    data = template()
    data["tasks"][1]["kind"] = "party"
    with pytest.raises(PlanImportError) as exc:
        plan_import(actor=world.own.members["dx_office"], content=json.dumps(data).encode())
    assert exc.value.errors == [
        "tasks[1].kind: 区分は develop, place, secure, structure のどれかで書いてください。"
    ]
    assert not DevelopmentPlan.objects.exists()
    for content, message in (
        (b"{not json", "JSONとして読めません（1行目 2文字目）。書き方を確かめてください。"),
        (b"[]", "ファイルの中身は { ... } で囲んだ1つの計画にしてください。"),
        ("\x82\xa0".encode("latin-1"), "ファイルがUTF-8ではありません。JSONはUTF-8で保存してください。"),
    ):
        with pytest.raises(PlanImportError) as exc:
            plan_import(actor=world.own.members["dx_office"], content=content)
        assert exc.value.errors == [message]


def test_a_coverage_beyond_this_organisation_is_a_warning_not_a_refusal(world):
    data = template()
    data["targets"][0]["target_value"] = 44
    data["targets"][0]["milestones"] = {}
    plan = plan_import(actor=world.own.members["dx_office"], content=json.dumps(data).encode())
    assert plan.targets.get(label="各課にリーダー").target_value == 44
    assert [w["message"] for w in plan.import_warnings] == [
        "目標「各課にリーダー」: 最終目標値（44所属）が、この団体の業務担当部局の課の数"
        "（計画期間中に有効なもの: 2所属）を超えています。2所属以下にするか、所属の設定（区分・業務担当部局）を確かめてください。"
    ]


def test_import_page(world, login):
    client = login(world.own.users["dx_office"])
    url = reverse("planning:plan_import")
    bad = template(end_fy=2035)
    page = client.post(url, {"file": SimpleUploadedFile("bad.json", json.dumps(bad).encode())})
    assert page.status_code == 200
    assert "end_fy: 終了年度は開始年度の2〜4年後にしてください（3〜5年の計画）。" in page.content.decode()
    data = template()
    data["targets"][1]["unit"] = ["本庁", "情報係"]
    response = client.post(
        url, {"file": SimpleUploadedFile("ok.json", json.dumps(data).encode())}, follow=True
    )
    plan = DevelopmentPlan.objects.get()
    assert response.redirect_chain[-1][0] == reverse("planning:plan_detail", kwargs={"pk": plan.pk})
    page = response.content.decode()
    assert "この団体にない所属・資格などが1件あり、空欄にしました。" in page
    assert "所属「本庁／情報係」がこの団体にないため、所属を空欄にしました。" in page
