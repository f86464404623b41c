"""Basic policy pages: who may edit and approve, read-only approved versions, messages on refused POSTs."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from jinzai.planning.models import PolicyVersion, Status
from jinzai.planning.services.policy import POINT_FIELDS, policy_approve, policy_create_draft, policy_update
from jinzai.talent.models import TalentType


def _url(name, policy=None):
    return reverse(f"planning:{name}", kwargs={"pk": policy.pk} if policy else {})


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def draft(world):
    return policy_create_draft(actor=world.own.members["dx_office"])


def _approve(world, policy):
    dx = world.own.members["dx_office"]
    policy_update(actor=dx, policy=policy, values={f: f"{f}の本文" for f in POINT_FIELDS})
    return policy_approve(actor=dx, policy=policy, approver_name="市長", approved_on=date(2026, 4, 1))


@pytest.mark.django_db
def test_empty_list_offers_to_create_and_post_creates_a_draft(world, login):
    client = login(world.own.users["dx_office"])
    page = client.get(_url("policy_list")).content.decode()
    assert "新しい方針を作る" in page
    response = client.post(_url("policy_create"))
    policy = PolicyVersion.objects.get(organisation=world.own.org)
    assert response["Location"] == _url("policy_edit", policy)
    assert "第1版の下書きを作りました" in _messages(response)[-1]
    response = client.post(_url("policy_create"))
    assert response["Location"] == _url("policy_detail", policy)
    assert "作成中の下書き（第1版）" in _messages(response)[-1]


@pytest.mark.django_db
def test_executive_reads_but_cannot_edit_or_approve(world, login, draft):
    client = login(world.own.users["executive"])
    page = client.get(_url("policy_detail", draft)).content.decode()
    assert "① 人材像" in page and "⑥ キャリアパス" in page
    assert "編集する" not in page and "承認する" not in page
    assert client.get(_url("policy_edit", draft)).status_code == 403
    assert client.post(_url("policy_edit", draft), {"title": "x"}).status_code == 403
    assert (
        client.post(
            _url("policy_approve", draft), {"approver_name": "x", "approved_on": "2026-04-01"}
        ).status_code
        == 403
    )
    assert client.post(_url("policy_revise", draft)).status_code == 403
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


@pytest.mark.django_db
def test_edit_saves_points_and_type_sections(world, login, draft):
    client = login(world.own.users["dx_office"])
    leader = TalentType.objects.get(organisation=world.own.org, kind="leader")
    page = client.get(_url("policy_edit", draft)).content.decode()
    assert "③ DX推進リーダー" in page and "【記入のヒント】" in page
    data = {"title": "自分市デジタル人材育成・確保基本方針", **{f: f"{f}の本文" for f in POINT_FIELDS}}
    for section in draft.sections.all():
        prefix = f"t{section.talent_type_id}"
        data.update({f"{prefix}-approach": "develop", f"{prefix}-short_term": "", f"{prefix}-long_term": ""})
    data[f"t{leader.pk}-short_term"] = "研修を始めます。"
    data[f"t{leader.pk}-approach"] = "both"
    response = client.post(_url("policy_edit", draft), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "自分市デジタル人材育成・確保基本方針"
    assert draft.talent_text == "talent_textの本文"
    section = draft.sections.get(talent_type=leader)
    assert (section.approach, section.short_term) == ("both", "研修を始めます。")
    page = client.get(_url("policy_detail", draft)).content.decode()
    assert "研修を始めます。" in page and "育成と確保の両方" in page


@pytest.mark.django_db
def test_approved_version_cannot_be_opened_for_editing(world, login, draft):
    approved = _approve(world, draft)
    client = login(world.own.users["dx_office"])
    response = client.get(_url("policy_edit", approved))
    assert response["Location"] == _url("policy_detail", approved)
    assert "編集できません" in _messages(response)[-1]
    response = client.post(_url("policy_edit", approved), {"title": "書き換え", "talent_text": "x"})
    approved.refresh_from_db()
    assert approved.title != "書き換え"
    page = client.get(_url("policy_detail", approved)).content.decode()
    assert "この版をもとに改定する" in page and "編集する" not in page


@pytest.mark.django_db
def test_approve_view_refuses_empty_and_unfinished_then_approves(world, login, draft):
    client = login(world.own.users["dx_office"])
    response = client.post(_url("policy_approve", draft))
    assert response.status_code == 302
    assert "承認者と承認日を入力してください" in _messages(response)[-1]
    response = client.post(
        _url("policy_approve", draft), {"approver_name": "市長", "approved_on": "2026-04-01"}
    )
    assert "まだ書き終えていない項目があります" in _messages(response)[-1]
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    policy_update(
        actor=world.own.members["dx_office"], policy=draft, values={f: f"{f}の本文" for f in POINT_FIELDS}
    )
    response = client.post(
        _url("policy_approve", draft), {"approver_name": "市長 見本太郎", "approved_on": "2026-04-01"}
    )
    assert _messages(response)[-1] == "第1版を承認しました。"
    draft.refresh_from_db()
    assert (draft.status, draft.approver_name, draft.approved_on) == (
        Status.APPROVED,
        "市長 見本太郎",
        date(2026, 4, 1),
    )


@pytest.mark.django_db
def test_revise_view_creates_a_draft_and_approval_supersedes(world, login, draft):
    approved = _approve(world, draft)
    client = login(world.own.users["dx_office"])
    response = client.post(_url("policy_revise", approved))
    new = PolicyVersion.objects.get(organisation=world.own.org, version=2)
    assert response["Location"] == _url("policy_edit", new)
    response = client.post(
        _url("policy_approve", new), {"approver_name": "市長", "approved_on": "2026-04-02"}
    )
    assert "第1版は「改定済（旧版）」になりました" in _messages(response)[-1]
    approved.refresh_from_db()
    assert approved.status == Status.SUPERSEDED
    page = client.get(_url("policy_list")).content.decode()
    assert "改定済（旧版）" in page and "第1版をもとに改定" in page


@pytest.mark.django_db
def test_other_organisations_policy_is_not_found(world, login, draft):
    client = login(world.foreign.users["dx_office"])
    assert client.get(_url("policy_detail", draft)).status_code == 404
    assert client.get(_url("policy_docx", draft)).status_code == 404
