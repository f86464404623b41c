"""Level pages: the table with the 「現状」 badge, chart data and table, recording and editing."""

from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from jinzai.core.dates import fiscal_year_label, fiscal_year_of
from jinzai.core.services import today
from jinzai.planning.models import LevelAssessment, MaturityLevel
from jinzai.planning.services.levels import level_assessment_create
from jinzai.talent.models import TalentType


def _leader(world):
    return TalentType.objects.get(organisation=world.own.org, kind="leader")


@pytest.mark.django_db
def test_level_table_marks_the_current_level_and_shows_history(world, login):
    dx = world.own.members["dx_office"]
    leader = _leader(world)
    level_assessment_create(
        actor=dx, talent_type=leader, fiscal_year=2024, level=1, assessed_on=date(2024, 7, 1)
    )
    level_assessment_create(
        actor=dx,
        talent_type=leader,
        fiscal_year=2025,
        level=2,
        assessed_on=date(2025, 7, 1),
        evidence="提案が増えた",
    )
    client = login(world.own.users["executive"])
    response = client.get(reverse("planning:level_list"))
    page = response.content.decode()
    assert "業務課題の把握・改善案の提案" in page
    assert page.count('badge-green">現状') == 1
    rows = response.context["rows"]
    leader_row = next(r for r in rows if r["type"] == leader)
    assert leader_row["current"].level == 2
    chart = response.context["chart"]
    assert chart["labels"] == [fiscal_year_label(2024), fiscal_year_label(2025)]
    # every type has a series (bars side by side), so two types at the same level both show
    assert {"label": "DX推進リーダー", "data": [1, 2]} in chart["datasets"]
    assert [d["label"] for d in chart["datasets"]] == ["高度専門人材", "DX推進リーダー", "一般行政職員"]
    assert 'id="level-chart-data"' in page and "planning/level_chart.js" in page
    assert "提案が増えた" in page
    assert "現状レベルを記録する" not in page  # executives read only


@pytest.mark.django_db
def test_record_an_assessment(world, login):
    client = login(world.own.users["dx_office"])
    leader = _leader(world)
    page = client.get(reverse("planning:assessment_create")).content.decode()
    assert fiscal_year_label(fiscal_year_of(today())) in page
    assert 'value="髙橋　美咲"' in page  # default assessor: the user's staff name (no display name set)
    response = client.post(
        reverse("planning:assessment_create"),
        {
            "talent_type": leader.pk,
            "fiscal_year": fiscal_year_of(today()),
            "level": 2,
            "evidence": "研修受講率 80%",
            "assessor": "DX推進課長",
            "assessed_on": today().isoformat(),
        },
    )
    assert response.status_code == 302
    record = LevelAssessment.objects.get()
    assert (record.level, record.evidence, record.assessor) == (2, "研修受講率 80%", "DX推進課長")
    page = client.post(reverse("planning:assessment_create"), {"talent_type": leader.pk}).content.decode()
    assert "入力内容を確かめてください" in page


@pytest.mark.django_db
def test_edit_levels_of_a_type(world, login):
    client = login(world.own.users["dx_office"])
    leader = _leader(world)
    url = reverse("planning:level_edit", kwargs={"pk": leader.pk})
    data = {}
    for n in range(1, 6):
        data[f"name_{n}"] = f"段階{n}"
        data[f"description_{n}"] = f"説明{n}"
    data["name_2"] = "段階1"
    page = client.post(url, data).content.decode()
    assert "名称「段階1」が複数のレベルで使われています" in page
    data["name_2"] = "段階2"
    assert client.post(url, data).status_code == 302
    assert MaturityLevel.objects.get(talent_type=leader, level=2).name == "段階2"
    foreign = TalentType.objects.get(organisation=world.foreign.org, kind="leader")
    assert client.get(reverse("planning:level_edit", kwargs={"pk": foreign.pk})).status_code == 404


@pytest.mark.django_db
def test_executive_cannot_edit_levels(world, login):
    client = login(world.own.users["executive"])
    assert client.get(reverse("planning:level_edit", kwargs={"pk": _leader(world).pk})).status_code == 403
    assert client.get(reverse("planning:assessment_create")).status_code == 403


def test_chart_template_has_no_inline_script_or_style():
    template = Path(__file__).resolve().parents[1] / "templates" / "planning" / "level_list.html"
    text = template.read_text()
    assert "<script>" not in text and "style=" not in text
    assert 'json_script:"level-chart-data"' in text
