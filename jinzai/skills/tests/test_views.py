"""Pages: the self-assessment and review flow, conflicts, scope (404), aggregates for executives, the card."""

import pytest
from django.urls import reverse

from jinzai.skills.models import Participant, Rating

from ._helpers import campaign, confirm, items, sheet, submit


@pytest.mark.django_db
def test_staff_submits_and_manager_confirms_through_the_pages(world, login):
    c = campaign(world.own)
    its = items(c.framework)
    client = login(world.own.users["staff"])
    assert "令和8年度 評価" in client.get(reverse("skills:my_assessments")).content.decode()
    url = reverse("skills:my_sheet", kwargs={"pk": c.pk})
    page = client.get(url).content.decode()
    assert "人口減少や人手不足と結びつけて" in page  # descriptors beside the scale
    data = {"version": "0", "action": "submit", **{f"level_{i.pk}": "2" for i in its[:-1]}}
    response = client.post(url, data)
    assert "すべての項目を選んでから提出してください" in response.getvalue().decode()
    data[f"level_{its[-1].pk}"] = "3"
    data[f"evidence_{its[0].pk}"] = "ITパスポート"
    assert client.post(url, data).status_code == 302
    mine = sheet(c, world.own.staff["staff"])
    assert mine.status == Participant.Status.SELF_DONE
    manager = login(world.own.users["manager"])
    assert "山田　太郎" in manager.get(reverse("skills:rate_list")).content.decode()
    rate_url = reverse("skills:rate", kwargs={"pk": mine.pk})
    assert "ITパスポート" in manager.get(rate_url).content.decode()
    review = {"version": str(mine.version), "action": "confirm", "comment": "よく取り組んでいます"}
    review.update({f"manager_{i.pk}": "2" for i in its})
    review[f"final_{its[0].pk}"] = "3"
    assert manager.post(rate_url, review).status_code == 302
    assert Rating.objects.get(participant=mine, item=its[0]).final_level == 3
    assert Rating.objects.get(participant=mine, item=its[1]).final_level == 2


@pytest.mark.django_db
def test_second_manager_gets_a_conflict_message(world, login):
    c = campaign(world.own)
    mine = sheet(c, world.own.staff["staff"])
    submit(world.own.members["staff"], mine, 2)
    mine.refresh_from_db()
    stale = mine.version
    confirm(world.own.members["manager"], mine, 3, confirm=False)
    client = login(world.own.users["manager"])
    data = {"version": str(stale), "action": "save", **{f"manager_{i.pk}": "1" for i in items(c.framework)}}
    body = client.post(reverse("skills:rate", kwargs={"pk": mine.pk}), data).content.decode()
    assert "ほかの人がこの評価シートを先に保存しました" in body
    assert set(Rating.objects.filter(participant=mine).values_list("manager_level", flat=True)) == {3}


@pytest.mark.django_db
def test_manager_never_sees_another_units_ratings(world, login):
    c = campaign(world.own)
    other = sheet(c, world.own.staff["other"])
    client = login(world.own.users["manager"])
    assert client.get(reverse("skills:rate", kwargs={"pk": other.pk})).status_code == 404
    assert (
        client.get(reverse("skills:matrix_unit", kwargs={"pk": world.own.units["総務課"].pk})).status_code
        == 404
    )
    assert client.get(reverse("skills:gap") + f"?staff={world.own.staff['other'].pk}").status_code == 404
    submit(world.own.members["dx_office"], other, 2)
    body = client.get(reverse("skills:matrix") + f"?campaign={c.pk}&basis=self").content.decode()
    assert "総務課" not in body


@pytest.mark.django_db
def test_executive_sees_aggregates_only(world, login):
    c = campaign(world.own)
    s = sheet(c, world.own.staff["staff"])
    submit(world.own.members["staff"], s, 2)
    confirm(world.own.members["manager"], s, 2)
    client = login(world.own.users["executive"])
    body = client.get(reverse("skills:matrix") + f"?campaign={c.pk}").content.decode()
    assert "市民部 ／ 市民課" in body and "山田" not in body
    assert (
        client.get(reverse("skills:matrix_unit", kwargs={"pk": world.own.units["市民課"].pk})).status_code
        == 403
    )
    assert client.get(reverse("skills:gap") + f"?staff={world.own.staff['staff'].pk}").status_code == 403
    unit_gap = client.get(reverse("skills:gap") + f"?campaign={c.pk}&unit={world.own.units['市民課'].pk}")
    assert unit_gap.status_code == 200 and "平均期待レベル" in unit_gap.content.decode()
    assert client.get(reverse("skills:campaign_pending", kwargs={"pk": c.pk})).status_code == 403
    # another person's card is not for executives at all (core.access: aggregates only)
    card = client.get(reverse("people:staff_detail", kwargs={"pk": world.own.staff["staff"].pk}))
    assert card.status_code == 403


@pytest.mark.django_db
def test_card_shows_latest_level_and_trend_to_the_person(world, login):
    from datetime import date

    for name, start, end, level in (
        ("R6", date(2024, 10, 1), date(2024, 11, 30), 1),
        ("R7", date(2025, 10, 1), date(2025, 11, 30), 2),
    ):
        c = campaign(world.own, name=name, start=start, end=end)
        s = sheet(c, world.own.staff["staff"])
        submit(world.own.members["staff"], s, level)
        confirm(world.own.members["manager"], s, level)
    body = login(world.own.users["staff"]).get(reverse("people:my_card")).content.decode()
    assert 'id="skills-h"' in body and "評価ごとの推移" in body and 'id="skill-trend-' in body


@pytest.mark.django_db
def test_dashboard_and_pending_export(world, login):
    c = campaign(world.own)
    submit(world.own.members["staff"], sheet(c, world.own.staff["staff"]), 2)
    client = login(world.own.users["hr"])
    body = client.get(reverse("skills:campaign_detail", kwargs={"pk": c.pk})).content.decode()
    assert "rate-chart-data" in body and "25.0％" in body
    pending = client.get(reverse("skills:campaign_pending", kwargs={"pk": c.pk})).content.decode()
    assert "佐藤　花子" in pending and "山田　太郎" not in pending
    export = client.get(reverse("skills:campaign_pending_export", kwargs={"pk": c.pk}) + "?format=csv")
    text = export.getvalue().decode("cp932")
    assert text.splitlines()[0] == "職員番号,氏名,所属,状態" and "000102" in text and "000101" not in text


@pytest.mark.django_db
def test_close_needs_the_confirmation_tick(world, login):
    c = campaign(world.own)
    client = login(world.own.users["dx_office"])
    client.post(reverse("skills:campaign_close", kwargs={"pk": c.pk}))
    c.refresh_from_db()
    assert c.is_open
    client.post(reverse("skills:campaign_close", kwargs={"pk": c.pk}), {"confirm": "yes"})
    c.refresh_from_db()
    assert not c.is_open
