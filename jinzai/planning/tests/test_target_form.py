"""The target form is driven by the metric registry: required fields per metric, Japanese messages."""

import pytest
from django.urls import reverse

from jinzai.core.hooks import METRICS
from jinzai.planning.forms.plans import TargetForm
from jinzai.planning.models import Target

from ._plans import grade, leader, plan, sub_role, target

pytestmark = pytest.mark.django_db


def _form(p, **data):
    base = {"label": "目標", "purpose": "placement", "target_value": "10"}
    base.update({k: v for k, v in data.items() if v is not None})
    return TargetForm(base, plan=p)


def test_every_registered_metric_is_offered_with_its_help(world):
    form = TargetForm(plan=plan(world.own))
    options = form.metric_options()
    assert [m.key for _, m, _ in options] == METRICS.keys()
    assert all(m.help for _, m, _ in options)


def test_required_fields_follow_metric_needs(world):
    own = world.own
    p = plan(own)
    form = _form(p, metric="placement")
    assert not form.is_valid()
    assert form.errors["talent_type"] == ["この測り方では人材像を選んでください。"]
    assert form.errors["unit"] == ["この測り方では所属（例: 情報政策課）を選んでください。"]
    form = _form(p, metric="coverage", talent_type=leader(own).pk, unit_kind="")
    assert not form.is_valid()
    assert form.errors["unit_kind"] == ["所属の区分（部局・課・係）を選んでください。"]
    form = _form(p, metric="", talent_type=leader(own).pk)
    assert "metric" in form.errors


def test_sub_role_must_belong_to_the_type_and_grades_are_ordered(world):
    own = world.own
    p = plan(own)
    expert = own.org.talent_types.get(kind="expert")
    form = _form(p, metric="headcount", talent_type=expert.pk, sub_role=sub_role(own, "業務担当").pk)
    assert not form.is_valid()
    assert form.errors["sub_role"] == ["区分「業務担当」は人材像「高度専門人材」のものではありません。"]
    form = _form(p, metric="headcount", talent_type=leader(own).pk, grade_min_rank=6, grade_max_rank=4)
    assert form.errors["grade_max_rank"] == ["職級の範囲は、下限が上限以下になるように選んでください。"]


def test_values_are_checked_against_the_metric_unit(world):
    own = world.own
    p = plan(own, 2026)
    lead = leader(own).pk
    assert _form(p, metric="share_designated", talent_type=lead, target_value="120").errors[
        "target_value"
    ] == ["最終目標値は0〜100（%）で入力してください。割合は100%を超えられません。"]
    assert _form(p, metric="headcount", talent_type=lead, target_value="2.5").errors["target_value"] == [
        "最終目標値は整数で入力してください（単位: 名）。"
    ]
    form = _form(p, metric="headcount", talent_type=lead, target_value="10", milestone_2028="9")
    assert form.errors["milestone_2028"] == [
        "最終年度の目安は最終目標値と同じにするか、空欄（最終目標値を使う）にしてください。"
    ]


def test_fields_a_metric_does_not_use_are_dropped(world):
    own = world.own
    p = plan(own, 2026)
    form = _form(
        p,
        metric="coverage",
        talent_type=leader(own).pk,
        sub_role=sub_role(own, "業務担当").pk,
        unit=own.units["市民課"].pk,
        unit_kind="division",
        per_unit="2",
        employment_types=["regular"],
        grade_min_rank=grade(own, "係長").rank,
        milestone_2026="1",
        target_value="2",
    )
    assert form.is_valid(), form.errors
    values = form.target_values
    assert values["unit"] is None  # coverage does not use a unit
    assert values["params"] == {
        "unit_kind": "division",
        "per_unit": 2,
        "business_only": False,
        "grade_min_rank": 4,
    }
    assert values["milestones"] == {"2026": 1}


def test_views_add_edit_and_delete_a_target(world, login):
    own = world.own
    p = plan(own, 2026)
    client = login(own.users["dx_office"])
    response = client.post(
        reverse("planning:target_create", kwargs={"pk": p.pk}),
        {
            "label": "各課にリーダー",
            "purpose": "placement",
            "metric": "coverage",
            "talent_type": leader(own).pk,
            "unit_kind": "division",
            "per_unit": "1",
            "business_only": "on",
            "target_value": "2",
        },
    )
    assert response.status_code == 302
    t = Target.objects.get(plan=p)
    assert t.params == {"unit_kind": "division", "per_unit": 1, "business_only": True}
    page = client.get(reverse("planning:target_edit", kwargs={"pk": t.pk}))
    assert page.status_code == 200 and "各課にリーダー" in page.content.decode()
    response = client.post(
        reverse("planning:target_edit", kwargs={"pk": t.pk}), {"label": "", "metric": "coverage"}
    )
    assert response.status_code == 200 and "入力内容を確かめてください" in response.content.decode()
    other = target(p, "headcount", 3, talent_type=leader(own))
    assert client.post(reverse("planning:target_delete", kwargs={"pk": other.pk})).status_code == 302
    assert list(Target.objects.filter(plan=p)) == [t]
