"""The SPECIAL rows of the access matrix: the council and the Q&A board are read by every organisation of
one prefecture (the prefecture and its municipalities as equals), never by another prefecture's."""

import pytest
from django.urls import reverse

from jinzai.region.models import CouncilBody, CouncilMeeting, CouncilMember, Question
from jinzai.region.services import council

from ._helpers import system, today
from .access_cases import other_prefecture


def _login(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def board(world):
    body = council.body_create(
        actor=system(world.pref),
        name="協議会",
        kind="council",
        members=[(world.pref.org, "secretariat"), (world.own.org, "member")],
    )
    meeting = council.meeting_create(
        actor=system(world.pref), body=body, held_on=today(), title="第1回", minutes="議事録"
    )
    question = council.question_create(
        actor=world.own.members["dx_office"], title="質問", text="教えてください"
    )
    other, village = other_prefecture()
    far_body = CouncilBody.objects.create(organisation=other, name="他県の協議会")
    far_meeting = CouncilMeeting.objects.create(
        organisation=other, body=far_body, held_on=today(), title="他県の会議"
    )
    far_question = Question.objects.create(
        organisation=village, prefecture=other, title="他県の質問", text="…"
    )
    return body, meeting, question, far_body, far_meeting, far_question


@pytest.mark.django_db
def test_council_and_board_pages_for_every_organisation_of_the_prefecture(world, client, board):
    body, meeting, question, far_body, far_meeting, far_question = board
    pages = {
        "region:body_detail": (body, far_body),
        "region:meeting_detail": (meeting, far_meeting),
        "region:question_detail": (question, far_question),
    }
    readers = [
        world.pref.users["prefecture_support"],
        world.own.users["dx_office"],
        world.foreign.users["dx_office"],
    ]
    for user in readers:
        _login(client, user)
        for name, (mine, far) in pages.items():
            assert client.get(reverse(name, args=[mine.pk])).status_code == 200, (user, name)
            assert client.get(reverse(name, args=[far.pk])).status_code == 404, (user, name)
        answer = client.post(
            reverse("region:answer_create", args=[question.pk]), {"text": f"{user.username}の回答"}
        )
        assert answer.status_code == 302
        assert (
            client.post(reverse("region:answer_create", args=[far_question.pk]), {"text": "x"}).status_code
            == 404
        )
    assert question.answers.count() == 3
    for role in ("staff", "manager", "hr", "executive", "admin"):
        _login(client, world.own.users[role])
        for name, (mine, _) in pages.items():
            assert client.get(reverse(name, args=[mine.pk])).status_code == 403, (role, name)
        assert client.post(reverse("region:answer_create", args=[question.pk])).status_code == 403


@pytest.mark.django_db
def test_only_the_prefecture_manages_bodies_and_only_the_asker_resolves(world, client, board):
    body, meeting, question, far_body, *_ = board
    _login(client, world.own.users["dx_office"])
    assert client.get(reverse("region:meeting_create", args=[body.pk])).status_code == 403
    assert client.post(reverse("region:body_member_add", args=[body.pk])).status_code == 403
    _login(client, world.foreign.users["dx_office"])
    client.post(reverse("region:question_resolve", args=[question.pk]))
    question.refresh_from_db()
    assert not question.is_resolved  # only 自分市 asked it
    _login(client, world.own.users["dx_office"])
    assert client.post(reverse("region:question_resolve", args=[question.pk])).status_code == 302
    question.refresh_from_db()
    assert question.is_resolved
    _login(client, world.pref.users["prefecture_support"])
    assert client.get(reverse("region:meeting_create", args=[body.pk])).status_code == 200
    assert client.get(reverse("region:meeting_create", args=[far_body.pk])).status_code == 404
    response = client.post(
        reverse("region:body_member_add", args=[body.pk]), {"member": world.foreign.org.pk, "role": "member"}
    )
    assert response.status_code == 302
    assert CouncilMember.objects.filter(body=body, member=world.foreign.org).exists()
    assert (
        client.post(
            reverse("region:body_member_add", args=[far_body.pk]), {"member": world.foreign.org.pk}
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_posts_show_the_organisation_never_a_persons_name(world, client, board):
    _, _, question, *_ = board
    _login(client, world.pref.users["prefecture_support"])
    html = client.get(reverse("region:question_detail", args=[question.pk])).content.decode()
    assert "自分市" in html
    assert "a-dx_office" not in html and world.own.staff["other"].name not in html
