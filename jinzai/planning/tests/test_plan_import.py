"""Importing a plan from JSON: names resolved in the importing organisation, strict errors with JSON paths."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jinzai.planning.models import DevelopmentPlan
from jinzai.planning.services.plan_import import PlanImportError, analyse, plan_import

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
                "target_value": 10,
                "milestones": {"2026": 4, "2027": 8},
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
    coverage, placement = plan.targets.order_by("sort_order")
    assert coverage.sub_role.name == "業務担当" and coverage.milestones == {"2027": 4, "2028": 8}
    assert coverage.params == {
        "unit_kind": "division",
        "per_unit": 1,
        "business_only": True,
        "grade_min_rank": 4,
    }
    assert placement.unit == own.units["総務課"]
    first, later = plan.tasks.order_by("sort_order")
    assert (first.fiscal_year, first.owner_unit) == (
        2027,
        own.units["市民課"],
    )  # a unique last name is enough
    assert later.fiscal_year is None


def test_every_problem_is_reported_with_its_path(world):
    own = world.own
    add_unit(own, "市民課", own.units["総務部"])  # a second 市民課 makes the short name ambiguous
    data = template()
    data["targets"][0]["metric"] = "xyz"
    data["targets"][1]["unit"] = ["総務部", "情報係"]
    data["targets"][1]["sub_role"] = "業務担当X"
    data["targets"].append(
        {
            "label": "",
            "purpose": "both",
            "metric": "headcount",
            "talent_type": "忍者",
            "target_value": "10",
            "milestones": {"2031": 1},
            "colour": "red",
        }
    )
    data["tasks"][0]["fiscal_year"] = 2035
    data["levels"][0]["target_level"] = 7
    data["extra"] = 1
    spec, errors = analyse(own.org, data)
    assert "targets[0].metric: 「xyz」は使えない測り方です。" in errors
    assert "targets[1].unit: 所属「総務部／情報係」がこの団体にありません。" in errors
    assert "targets[1].sub_role: 人材像「DX推進リーダー」に区分「業務担当X」がありません。" in errors
    assert "targets[2].colour: 「colour」という項目は使えません。" in errors
    assert any(e.startswith("targets[2].talent_type: 人材像「忍者」がこの団体にありません") for e in errors)
    assert (
        "targets[2].purpose: 種類は development（育成目標）か placement（配置目標）で書いてください。"
        in errors
    )
    assert "targets[2].target_value: 最終目標値は数字で入力してください。" in errors
    assert "targets[2].milestones.2031: 2031年度は計画の期間（2026〜2028年度）の外です。" in errors
    assert any(e.startswith("tasks[0].fiscal_year:") for e in errors)
    assert (
        "tasks[0].owner_unit: 所属「市民課」と同じ名前の所属が複数あります。上位の所属から書いてください。"
        in errors
    )
    assert "levels[0].target_level: レベルは1〜5の整数で書いてください。" in errors
    assert "extra: 「extra」という項目は使えません。" in errors


def test_nothing_is_written_when_anything_is_wrong(world):
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


def test_import_page(world, login):
    client = login(world.own.users["dx_office"])
    url = reverse("planning:plan_import")
    bad = template(end_fy=2035)
    page = client.post(url, {"file": SimpleUploadedFile("bad.json", json.dumps(bad).encode())})
    assert page.status_code == 200
    assert "end_fy: 終了年度は開始年度の2〜4年後にしてください（3〜5年の計画）。" in page.content.decode()
    response = client.post(url, {"file": SimpleUploadedFile("ok.json", json.dumps(template()).encode())})
    plan = DevelopmentPlan.objects.get()
    assert response["Location"] == reverse("planning:plan_detail", kwargs={"pk": plan.pk})
