"""Calls for applications: publish, apply with a statement, the manager's opinion, selection (designations
with the method 手挙げ), the applicant's result; withdrawing is the applicant's own (others: 404)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jinzai.talent.models import Application, Call, Designation
from jinzai.talent.services import calls as services

from . import _careers as h


@pytest.fixture
def call(world):
    own = world.own
    c = services.call_create(
        actor=own.members["dx_office"],
        title="DX推進リーダーの募集",
        talent_type=h.leader(own),
        sub_role=h.business(own),
        wanted=1,
        deadline=date(2026, 6, 30),
        text="各課の業務改善を進めます。",
        duties="課の業務改善",
        starts_on=date(2026, 7, 1),
        ends_on=date(2029, 3, 31),
    )
    return services.call_publish(actor=own.members["dx_office"], call=c)


def test_call_rules(world):
    own = world.own
    with pytest.raises(ValidationError) as exc:
        services.call_create(
            actor=own.members["dx_office"],
            title="",
            talent_type=None,
            wanted=0,
            deadline=date(2026, 8, 1),
            text="x",
            starts_on=date(2026, 7, 1),
        )
    messages = exc.value.messages
    assert "公募の名称を入力してください。" in messages and "人材像を選んでください。" in messages
    assert "募集人数は1〜999の整数で入力してください。" in messages
    assert "応募の締切日は、指定の開始日より前の日付にしてください。" in messages


def test_apply_review_select_and_result(world, call):
    own = world.own
    application = services.application_submit(
        actor=own.members["staff"], call=call, statement="窓口を改善したい"
    )
    with pytest.raises(ValidationError):
        services.application_submit(actor=own.members["staff"], call=call, statement="もう一度")
    with pytest.raises(ValidationError) as exc:
        services.application_review(actor=own.members["manager"], application=application, opinion="concern")
    assert "懸念があるときは" in exc.value.messages[0]
    services.application_review(actor=own.members["manager"], application=application, opinion="consent")
    other = services.application_submit(actor=own.members["hr"], call=call, statement="システムに関わりたい")
    with pytest.raises(ValidationError) as exc:
        services.call_select(
            actor=own.members["dx_office"], call=call, selected_ids=[application.pk, other.pk]
        )
    assert "募集人数（1名）より多く選んでいます。" in exc.value.messages
    services.call_select(
        actor=own.members["dx_office"], call=call, selected_ids=[application.pk], note="説明会は7月です"
    )
    application.refresh_from_db()
    other.refresh_from_db()
    assert (
        application.status == Application.Status.SELECTED and other.status == Application.Status.NOT_SELECTED
    )
    d = application.designation
    assert d.method == Designation.Method.VOLUNTEER and d.source == Designation.Source.CALL
    assert (d.started_on, d.ended_on, d.duties) == (date(2026, 7, 1), date(2029, 3, 31), "課の業務改善")
    call.refresh_from_db()
    assert call.status == Call.Status.DECIDED


def test_a_failed_designation_selects_nobody(world, call):
    own = world.own
    application = services.application_submit(actor=own.members["staff"], call=call, statement="x")
    h.designate(own, own.staff["staff"], start=date(2026, 4, 1))  # already 業務担当: the period overlaps
    with pytest.raises(ValidationError) as exc:
        services.call_select(actor=own.members["dx_office"], call=call, selected_ids=[application.pk])
    assert exc.value.messages[0].startswith("山田　太郎さん: ")
    application.refresh_from_db()
    assert application.status == Application.Status.APPLIED


def test_withdraw_is_the_applicants_own(world, login, call):
    own = world.own
    application = services.application_submit(actor=own.members["staff"], call=call, statement="x")
    url = reverse("talent:application_withdraw", kwargs={"pk": application.pk})
    for role in ("manager", "hr", "dx_office", "executive"):
        assert login(own.users[role]).post(url).status_code == 404, role
    assert login(own.users["admin"]).post(url).status_code == 403
    assert login(world.foreign.users["staff"]).post(url).status_code == 404
    assert login(own.users["staff"]).post(url).status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    # applying again after withdrawing reopens the same application
    again = services.application_submit(actor=own.members["staff"], call=call, statement="やはり応募します")
    assert again.pk == application.pk and again.status == Application.Status.APPLIED


def test_manager_sees_only_applications_of_their_units(world, login, call):
    own = world.own
    mine = services.application_submit(
        actor=own.members["staff"], call=call, statement="x"
    )  # 窓口係 (市民課)
    theirs = services.application_submit(actor=own.members["hr"], call=call, statement="y")  # 人事係
    manager = login(own.users["manager"])
    assert manager.get(reverse("talent:application_review", kwargs={"pk": mine.pk})).status_code == 200
    assert manager.get(reverse("talent:application_review", kwargs={"pk": theirs.pk})).status_code == 404


def test_closed_or_past_calls_take_no_application(world, login, call):
    own = world.own
    services.call_close(actor=own.members["dx_office"], call=call)
    response = login(own.users["staff"]).get(reverse("talent:call_apply", kwargs={"pk": call.pk}))
    assert response.status_code == 404
    with pytest.raises(ValidationError):
        services.application_submit(actor=own.members["staff"], call=call, statement="x")
