"""No dead ends on the skills pages (issue 12 items 10 and 11): a sheet past its deadline says so and the
campaign reads 締切後; the expected level shows before the first save; a saved draft reads 一時保存; the
knowledge test warns about unanswered questions before scoring; the manager's list puts the sheets that
wait for them first and offers 「本人評価と同じ」."""

from datetime import date

import pytest
from django.urls import reverse

from jinzai.skills import services
from jinzai.skills.models import Attempt, Participant, RoleProfile

from ._helpers import campaign, items, sheet, submit, system


def _text(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_past_deadline_reads_shimekirigo_and_the_sheet_says_so(world, login):
    c = campaign(world.own, start=date(2026, 4, 1), end=date(2026, 5, 20))  # today is 2026-06-01
    client = login(world.own.users["staff"])
    mine = _text(client.get(reverse("skills:my_assessments")))
    assert "締切後" in mine and "締切を過ぎています" in mine
    page = _text(client.get(reverse("skills:my_sheet", args=[c.pk])))
    assert "締切日（2026年5月20日）を過ぎています" in page
    listing = _text(login(world.own.users["dx_office"]).get(reverse("skills:campaign_list")))
    assert "締切後" in listing and "実施中" not in listing.split("<tbody>")[1]
    assert "締切後" in _text(
        login(world.own.users["dx_office"]).get(reverse("skills:campaign_detail", args=[c.pk]))
    )


@pytest.mark.django_db
def test_open_campaign_before_deadline_still_reads_jisshichu(world, login):
    campaign(world.own, start=date(2026, 5, 1), end=date(2026, 6, 30))
    listing = _text(login(world.own.users["dx_office"]).get(reverse("skills:campaign_list")))
    assert "実施中" in listing and "締切後" not in listing


@pytest.mark.django_db
def test_expected_level_shows_before_the_first_save(world, login):
    c = campaign(world.own)
    s = sheet(c, world.own.staff["staff"])
    first = items(c.framework)[0]
    RoleProfile.objects.update_or_create(
        organisation=world.own.org,
        item=first,
        talent_type_id=s.talent_type_id,
        defaults={"expected_level": 3},
    )
    assert not s.ratings.exists()
    page = _text(login(world.own.users["staff"]).get(reverse("skills:my_sheet", args=[c.pk])))
    legend = page.split(first.name, 1)[1].split("</legend>", 1)[0]
    assert "期待レベル 3" in legend


@pytest.mark.django_db
def test_a_saved_draft_reads_ichiji_hozon(world, login):
    c = campaign(world.own)
    s = sheet(c, world.own.staff["staff"])
    client = login(world.own.users["staff"])
    assert "未回答" in _text(client.get(reverse("skills:my_assessments")))
    submit(world.own.members["staff"], s, 2, submit=False)
    s.refresh_from_db()
    assert s.status == Participant.Status.PENDING and s.status_label == "一時保存"
    mine = _text(client.get(reverse("skills:my_assessments")))
    assert "一時保存" in mine and "未回答" not in mine and "続きを回答する" in mine
    assert "状態：一時保存" in _text(client.get(reverse("skills:my_sheet", args=[c.pk])))
    review = _text(login(world.own.users["manager"]).get(reverse("skills:rate_list")))
    assert "一時保存" in review


@pytest.mark.django_db
def test_review_list_puts_sheets_to_rate_first(world, login):
    c = campaign(world.own)
    # the manager looks after 市民課 (with 窓口係): 山田 is there; put 髙橋 there too, submitted later
    other = sheet(c, world.own.staff["other"])
    Participant.objects.filter(pk=other.pk).update(unit=world.own.units["窓口係"])
    yamada = sheet(c, world.own.staff["staff"])
    submit(world.own.members["dx_office"], other, 2)  # dx_office's staff record is 髙橋
    page = _text(login(world.own.users["manager"]).get(reverse("skills:rate_list")))
    body = page.split("<tbody>", 1)[1]
    assert body.index("髙橋") < body.index("山田")  # 自己評価済 (to rate) before 未回答
    assert yamada.status == Participant.Status.PENDING


@pytest.mark.django_db
def test_honnin_to_onaji_fills_the_empty_manager_levels_without_saving(world, login):
    c = campaign(world.own)
    s = sheet(c, world.own.staff["staff"])
    its = items(c.framework)
    submit(world.own.members["staff"], s, {i.pk: (2 if n % 2 else 3) for n, i in enumerate(its)})
    s.refresh_from_db()
    body = {"version": s.version, "action": "copy_self", f"manager_{its[0].pk}": "1"}
    response = login(world.own.users["manager"]).post(reverse("skills:rate", args=[s.pk]), body)
    assert response.status_code == 200
    page = _text(response)
    assert "本人の自己評価を所属長の評価に写しました" in page
    # the one the manager typed stays; the others take the self-rating
    assert (
        '<option value="1" selected>' in page.split(f'id="manager_{its[0].pk}"', 1)[1].split("</select>")[0]
    )
    assert (
        '<option value="2" selected>' in page.split(f'id="manager_{its[1].pk}"', 1)[1].split("</select>")[0]
    )
    s.refresh_from_db()
    assert s.status == Participant.Status.SELF_DONE
    assert not s.ratings.filter(manager_level__isnull=False).exists()  # nothing saved
    assert "本人評価と同じにする" in _text(
        login(world.own.users["manager"]).get(reverse("skills:rate", args=[s.pk]))
    )


@pytest.fixture
def small_test(world):
    actor = system(world.own)
    cat = services.question_category_create(actor=actor, name="基礎")
    for n in range(3):
        services.question_create(
            actor=actor, category=cat, text=f"問題{n}", kind="single", choices=["正", "誤"], correct=[0]
        )
    return services.knowledge_test_create(
        actor=actor, sections={cat: 3}, name="DXリーダー向けアセスメント", pass_score=60
    )


@pytest.mark.django_db
def test_knowledge_test_warns_about_unanswered_questions_before_scoring(world, login, small_test):
    client = login(world.own.users["staff"])
    client.post(reverse("skills:test_start", args=[small_test.pk]))
    attempt = Attempt.objects.get(test=small_test, staff=world.own.staff["staff"])
    first, *_ = attempt.question_ids
    response = client.post(reverse("skills:test_answer", args=[small_test.pk]), {f"q_{first}": "0"})
    assert response.status_code == 200
    page = _text(response)
    assert "答えていない問題が2問あります" in page and "問2に答える" in page and "問3に答える" in page
    assert f'id="q_{first}_0" name="q_{first}" value="0" checked' in page  # the answer is kept
    attempt.refresh_from_db()
    assert attempt.submitted_at is None  # not scored yet
    response = client.post(
        reverse("skills:test_answer", args=[small_test.pk]), {f"q_{first}": "0", "unanswered_ok": "1"}
    )
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None and attempt.correct == 1
