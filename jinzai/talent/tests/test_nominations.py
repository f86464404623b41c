"""Nominations: the status follows from the tracks; approving a designation track designates the person (with
a 兼務発令 and its concurrent post when chosen); the designation letter is a Word document."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jinzai.people.models import ConcurrentPost
from jinzai.talent.models import Designation, Nomination, NominationTrack
from jinzai.talent.services.nominations import nomination_create, nomination_status, track_decide

from . import _careers as h

A, R, P = (
    NominationTrack.Decision.APPROVED,
    NominationTrack.Decision.REJECTED,
    NominationTrack.Decision.PENDING,
)


@pytest.mark.parametrize(
    "decisions, status",
    [
        ([P], Nomination.Status.PENDING),
        ([A, P], Nomination.Status.PENDING),
        ([R, P], Nomination.Status.PENDING),
        ([A], Nomination.Status.APPROVED),
        ([A, A, A], Nomination.Status.APPROVED),
        ([R, R], Nomination.Status.REJECTED),
        ([A, R], Nomination.Status.PARTLY),
        ([R, A, A], Nomination.Status.PARTLY),
        ([], Nomination.Status.PENDING),
    ],
)
def test_status_from_tracks(decisions, status):
    assert nomination_status(decisions) == status


@pytest.fixture
def nomination(world):
    own = world.own
    return nomination_create(
        actor=own.members["manager"],
        staff=own.staff["staff"],
        reason="窓口の手続きの見直しを進めています。",
        tracks=[
            {"kind": "designation", "talent_type": h.leader(own), "sub_role": h.business(own)},
            {"kind": "programme", "programme": "DX推進リーダー研修"},
        ],
    )


def test_manager_nominates_only_people_of_their_units(world):
    own = world.own
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied or a scope error
        nomination_create(
            actor=own.members["staff"],
            staff=own.staff["other"],
            reason="x",
            tracks=[{"kind": "programme", "programme": "y"}],
        )
    with pytest.raises(ValidationError) as exc:
        nomination_create(actor=own.members["manager"], staff=own.staff["staff"], reason="", tracks=[])
    assert "推薦の理由を書いてください。" in exc.value.messages


def test_one_track_approved_one_pending_then_partly(world, nomination):
    own = world.own
    dx = own.members["dx_office"]
    designation_track, programme = list(nomination.tracks.order_by("id"))
    track_decide(
        actor=dx,
        track=designation_track,
        decision=A,
        appointed=True,
        concurrent_unit=own.units["総務課"],
        duties="窓口の業務改善",
        started_on=date(2026, 7, 1),
        ended_on=date(2029, 3, 31),
    )
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.PENDING  # one approved, one pending
    d = Designation.objects.get(staff=own.staff["staff"])
    assert d.method == Designation.Method.APPOINTED and d.duties == "窓口の業務改善"
    assert d.ended_on == date(2029, 3, 31)
    post = ConcurrentPost.objects.get(staff=own.staff["staff"])
    assert post.unit == own.units["総務課"] and post.source == ConcurrentPost.Source.APPOINTMENT
    with pytest.raises(ValidationError) as exc:
        track_decide(actor=dx, track=programme, decision=R)
    assert "理由を書いてください" in exc.value.messages[0]
    track_decide(actor=dx, track=programme, decision=R, comment="今年度の定員に達しました。")
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.PARTLY
    with pytest.raises(ValidationError):
        track_decide(actor=dx, track=programme, decision=A)


def test_the_letter_is_a_word_document_with_the_duties(world, login, nomination):
    from docx import Document

    own = world.own
    track = nomination.tracks.order_by("id").first()
    track_decide(
        actor=own.members["dx_office"],
        track=track,
        decision=A,
        duties="窓口の業務改善",
        started_on=date(2026, 7, 1),
    )
    track.refresh_from_db()
    response = login(own.users["hr"]).get(
        reverse("talent:designation_letter", kwargs={"pk": track.designation_id})
    )
    assert response.status_code == 200
    assert (
        "%E5%8D%94%E5%8A%9B%E4%BE%9D%E9%A0%BC" in response["Content-Disposition"]
    )  # 協力依頼 in the file name
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "協力のお願い" in text and "山田　太郎" in text
    cells = [c.text for t in Document(io.BytesIO(response.content)).tables for r in t.rows for c in r.cells]
    assert "窓口の業務改善" in cells and "指名・兼務発令なし" in cells


def test_pages_scope_and_decision_form(world, login, nomination):
    own = world.own
    manager = login(own.users["manager"])
    assert manager.get(reverse("talent:nomination_detail", kwargs={"pk": nomination.pk})).status_code == 200
    other = nomination_create(
        actor=own.members["dx_office"],
        staff=own.staff["other"],
        reason="x",
        tracks=[{"kind": "programme", "programme": "y"}],
    )
    assert manager.get(reverse("talent:nomination_detail", kwargs={"pk": other.pk})).status_code == 404
    dx = login(own.users["dx_office"])
    track = nomination.tracks.order_by("id").first()
    url = reverse("talent:track_decide", kwargs={"pk": track.pk})
    assert "兼務発令をする" in dx.get(url).content.decode()
    response = dx.post(url, {"decision": "approved", "started_on": ""})
    assert "承認するときは指定の開始日を入力してください。" in response.content.decode()
    response = dx.post(url, {"decision": "approved", "started_on": "2026-07-01", "duties": "窓口"})
    assert response.status_code == 302
    assert Designation.objects.filter(staff=own.staff["staff"], method="nominated").exists()


def test_the_nominating_manager_sees_the_decision_on_the_home(world, login, nomination):
    """issue 12 item 9: a manager's 「対応が必要なこと」 includes the nominations they made once decided."""
    from jinzai.core.tasks import tasks_for

    own = world.own
    manager = own.members["manager"]
    assert "talent.nomination_results" not in {t.key for t in tasks_for(manager, fresh=True)}
    programme = nomination.tracks.get(kind="programme")
    track_decide(actor=own.members["dx_office"], track=programme, decision=R, comment="定員に達しました。")
    tasks = {t.key: t for t in tasks_for(manager, fresh=True)}
    assert tasks["talent.nomination_results"].count == 1
    assert "talent.nomination_results" not in {t.key for t in tasks_for(own.members["dx_office"], fresh=True)}
    page = login(own.users["manager"]).get(reverse("core:home")).content.decode()
    assert "推薦の判断の結果（30日以内）" in page
