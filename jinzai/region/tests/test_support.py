"""Support requests from submission to feedback, the timeline, and dispatches against scheme caps."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jinzai.core.models import AuditEvent
from jinzai.region.models import Dispatch, RequestEvent, SupportRequest
from jinzai.region.selectors import prefecture as pref
from jinzai.region.services import support

from ._helpers import accepted_request, expert, request, today


@pytest.mark.django_db
def test_request_through_every_status_with_a_timeline(world):
    dx, support_member = world.own.members["dx_office"], world.pref.members["prefecture_support"]
    r = request(world.own)
    assert r.status == "submitted" and r.prefecture_id == world.pref.org.pk
    support.case_accept(actor=support_member, request=r)
    e = expert(world.pref)
    support.case_assign(actor=support_member, request=r, expert=e, score=70, reasons=["分野が一致"])
    r.refresh_from_db()
    assert r.status == "matched"
    with pytest.raises(ValidationError, match="支援を受けた後"):
        support.request_feedback(actor=dx, request=r, satisfaction=5, usefulness=5)
    support.dispatch_record(
        actor=support_member, request=r, expert=e, scheme="pref_bank", held_on=today(), hours=2, mode="visit"
    )
    r.refresh_from_db()
    assert r.status == "in_support"
    support.request_comment(actor=dx, request=r, text="ありがとうございます")
    support.request_feedback(actor=dx, request=r, satisfaction=4, usefulness=5, comments="助かりました")
    r.refresh_from_db()
    assert r.status == "done"
    kinds = list(RequestEvent.objects.filter(request=r).values_list("kind", flat=True))
    assert kinds == ["submitted", "accepted", "assigned", "dispatched", "comment", "feedback"]
    event = RequestEvent.objects.get(request=r, kind="accepted")
    assert event.by_label == "見本テスト県 都道府県 市町村支援担当"  # organisation and role, no person
    with pytest.raises(ValidationError, match="入力済み"):
        support.request_feedback(actor=dx, request=r, satisfaction=4, usefulness=5)


@pytest.mark.django_db
def test_decline_and_withdraw(world):
    support_member = world.pref.members["prefecture_support"]
    r = request(world.own)
    with pytest.raises(ValidationError, match="見送りの理由"):
        support.case_decline(actor=support_member, request=r, reason=" ")
    support.case_decline(actor=support_member, request=r, reason="県では対応できません")
    r2 = request(world.own, title="別の相談")
    support.request_withdraw(actor=world.own.members["dx_office"], request=r2)
    assert set(SupportRequest.objects.values_list("status", flat=True)) == {"declined", "withdrawn"}
    with pytest.raises(ValidationError):
        support.request_withdraw(actor=world.own.members["dx_office"], request=r)


@pytest.mark.django_db
def test_another_prefecture_or_municipality_cannot_act_on_a_request(world):
    r = request(world.own)
    with pytest.raises(PermissionDenied):
        support.request_withdraw(actor=world.foreign.members["dx_office"], request=r)
    with pytest.raises(PermissionDenied):
        support.case_accept(actor=world.own.members["dx_office"], request=r)
    from jinzai.core.access import SystemActor

    from .access_cases import other_prefecture

    other, _ = other_prefecture()
    with pytest.raises(PermissionDenied):
        support.case_accept(actor=SystemActor(organisation=other, label="他県"), request=r)
    with pytest.raises(ValidationError, match="分野"):
        request(world.own, topic="nonsense")


@pytest.mark.django_db
def test_the_dispatch_form_warns_before_the_regional_advisor_cap_is_exceeded(world):
    support_member = world.pref.members["prefecture_support"]
    r = accepted_request(world)
    e = expert(world.pref)
    for _ in range(3):
        support.dispatch_record(
            actor=support_member,
            request=r,
            expert=e,
            scheme="regional_advisor",
            held_on=today(),
            hours=3,
            mode="visit",
        )
    with pytest.raises(support.CapExceeded) as exc:
        support.dispatch_record(
            actor=support_member,
            request=r,
            expert=e,
            scheme="regional_advisor",
            held_on=today(),
            hours=1,
            mode="online",
        )
    assert exc.value.check.exceeded and "3回まで" in exc.value.check.warnings[0]
    assert Dispatch.objects.count() == 3  # nothing recorded
    d = support.dispatch_record(
        actor=support_member,
        request=r,
        expert=e,
        scheme="regional_advisor",
        held_on=today(),
        hours=1,
        mode="online",
        cap_reason="窓口と協議済み",
    )
    assert d.cap_reason == "窓口と協議済み"
    event = AuditEvent.objects.filter(action="region.dispatch.create").latest("id")
    assert event.detail["cap_reason"] is True and event.organisation_id == world.pref.org.pk


@pytest.mark.django_db
def test_caps_count_per_municipality_and_dx_advisor_needs_two_hours_and_a_kind(world):
    support_member = world.pref.members["prefecture_support"]
    own, foreign = accepted_request(world), request(world.foreign)
    support.case_accept(actor=support_member, request=foreign)
    e = expert(world.pref)
    with pytest.raises(ValidationError, match="助言の種類"):
        support.dispatch_record(
            actor=support_member,
            request=own,
            expert=e,
            scheme="dx_advisor",
            held_on=today(),
            hours=2,
            mode="online",
        )
    with pytest.raises(support.CapExceeded, match="2時間以上"):
        support.dispatch_record(
            actor=support_member,
            request=own,
            expert=e,
            scheme="dx_advisor",
            advice_kind="issue",
            held_on=today(),
            hours=1,
            mode="online",
        )
    for _ in range(5):
        support.dispatch_record(
            actor=support_member,
            request=own,
            expert=e,
            scheme="dx_advisor",
            advice_kind="issue",
            held_on=today(),
            hours=2,
            mode="online",
        )
    with pytest.raises(support.CapExceeded):
        support.dispatch_record(
            actor=support_member,
            request=own,
            expert=e,
            scheme="dx_advisor",
            advice_kind="issue",
            held_on=today(),
            hours=2,
            mode="online",
        )
    # 他所町 has its own five
    support.dispatch_record(
        actor=support_member,
        request=foreign,
        expert=e,
        scheme="dx_advisor",
        advice_kind="awareness",
        held_on=today(),
        hours=2,
        mode="online",
    )
    usage = {
        (u["municipality"], u["scheme"]): u
        for u in pref.scheme_usage_for_prefecture(
            support_member, today().year if today().month >= 4 else today().year - 1
        )
    }
    assert usage[("自分市", "DXアドバイザー")]["used"] == "5回"
    assert usage[("他所町", "DXアドバイザー")]["used"] == "1回"


@pytest.mark.django_db
def test_reports_are_due_after_a_dispatch_and_listed_while_missing(world):
    support_member = world.pref.members["prefecture_support"]
    r = accepted_request(world)
    e = expert(world.pref)
    d = support.dispatch_record(
        actor=support_member,
        request=r,
        expert=e,
        scheme="pref_bank",
        held_on=today() - timedelta(days=20),
        hours=2,
        mode="visit",
    )
    assert d.report_due_on == d.held_on + timedelta(days=14)
    assert pref.missing_report_count(support_member, today()) == 1
    support.dispatch_report(
        actor=support_member, dispatch=d, report="業務フローの作成を助言しました。", follow_ups="町で作成"
    )
    assert pref.missing_report_count(support_member, today()) == 0
    with pytest.raises(ValidationError, match="助言の内容"):
        support.dispatch_report(actor=support_member, dispatch=d, report="")


@pytest.mark.django_db
def test_matching_ranks_the_bank_for_a_request(world):
    from ._helpers import items

    skill = items(world.pref)["業務改善・BPR"]
    r = accepted_request(world, needed_items=[skill])
    strong = expert(world.pref, "強い　専門家", skills={skill: 5})
    weak = expert(world.pref, "弱い　専門家", areas=",data,", skills={skill: 1})
    expert(
        world.pref, "辞めた　専門家", skills={skill: 5}, withdrawn_at=timezone.now()
    )  # a tombstone is never matched
    ranked = pref.match_experts(world.pref.members["prefecture_support"], r, today())
    assert [m.expert.pk for m in ranked] == [strong.pk, weak.pk]
    assert "「業務改善・BPR」レベル5" in ranked[0].reasons
