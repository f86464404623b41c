"""Structure pages: the tree for readers, adding bodies, members by 職員番号 or name, removing, meetings."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from jinzai.planning.models import Body, BodyMember, Meeting
from jinzai.planning.services.structure import body_create, body_member_add


def _last_message(response):
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


@pytest.fixture
def hq(world):
    return body_create(
        actor=world.own.members["dx_office"], name="DX推進本部", kind="hq", purpose="全体の調整"
    )


@pytest.mark.django_db
def test_dx_office_builds_the_structure(world, login, hq):
    client = login(world.own.users["dx_office"])
    response = client.post(
        reverse("planning:body_create"), {"name": "人材育成委員会", "kind": "committee", "parent": hq.pk}
    )
    assert response.status_code == 302
    committee = Body.objects.get(name="人材育成委員会")
    assert committee.parent == hq
    response = client.post(
        reverse("planning:member_add", kwargs={"pk": hq.pk}), {"staff_no": "０００１０２", "role": "cio"}
    )
    assert _last_message(response) == "佐藤　花子さんを「DX推進本部」のCIOとして登録しました。"
    response = client.post(
        reverse("planning:member_add", kwargs={"pk": hq.pk}), {"name": "見本大学 教授", "role": "adviser"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("planning:meeting_add", kwargs={"pk": hq.pk}),
        {"held_on": "2026-05-20", "title": "第1回 本部会議", "notes": "方針案を確認"},
    )
    assert Meeting.objects.get(body=hq).held_on == date(2026, 5, 20)
    page = client.get(reverse("planning:structure")).content.decode()
    for text in (
        "DX推進本部",
        "人材育成委員会",
        "佐藤　花子",
        "000102",
        "見本大学 教授",
        "第1回 本部会議",
        "方針案を確認",
    ):
        assert text in page
    assert page.index(f'id="body-{hq.pk}"') < page.index(f'id="body-{committee.pk}"')


@pytest.mark.django_db
def test_member_form_errors(world, login, hq):
    client = login(world.own.users["dx_office"])
    url = reverse("planning:member_add", kwargs={"pk": hq.pk})
    page = client.post(url, {"staff_no": "999999", "role": "member"}).content.decode()
    assert "職員番号「999999」の職員が見つかりません" in page
    page = client.post(url, {"role": "member"}).content.decode()
    assert "氏名を入力してください" in page
    foreign_no = world.foreign.staff["other"].staff_no  # same number exists in both orgs: ours is used
    client.post(url, {"staff_no": foreign_no, "role": "member"})
    assert BodyMember.objects.get(body=hq).staff == world.own.staff["other"]


@pytest.mark.django_db
def test_remove_member_and_readers(world, login, hq):
    member = body_member_add(actor=world.own.members["dx_office"], body=hq, role="member", name="外部の人")
    client = login(world.own.users["executive"])
    page = client.get(reverse("planning:structure")).content.decode()
    assert "外部の人" in page and "外す" not in page and "組織を追加する" not in page
    assert client.post(reverse("planning:member_remove", kwargs={"pk": member.pk})).status_code == 403
    assert client.get(reverse("planning:body_edit", kwargs={"pk": hq.pk})).status_code == 403
    client = login(world.own.users["dx_office"])
    response = client.post(reverse("planning:member_remove", kwargs={"pk": member.pk}))
    assert _last_message(response) == "外部の人さんを「DX推進本部」の構成員から外しました。"
    assert not BodyMember.objects.exists()


@pytest.mark.django_db
def test_empty_structure_says_what_to_do(world, login):
    page = login(world.own.users["dx_office"]).get(reverse("planning:structure")).content.decode()
    assert "まだ組織が登録されていません" in page
