"""Structure: body hierarchy, members from this organisation only, outsiders by name, meetings."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jinzai.core.models import AuditEvent
from jinzai.planning.models import BodyMember
from jinzai.planning.selectors.policy import body_tree, flatten
from jinzai.planning.services.structure import (
    body_create,
    body_member_add,
    body_member_remove,
    body_update,
    meeting_create,
)


@pytest.fixture
def dx(world):
    return world.own.members["dx_office"]


@pytest.mark.django_db
def test_tree_of_bodies(world, dx):
    hq = body_create(actor=dx, name="DX推進本部", kind="hq", purpose="全体の調整")
    committee = body_create(actor=dx, name="人材育成委員会", kind="committee", parent=hq)
    wg = body_create(actor=dx, name="研修作業部会", kind="working_group", parent=committee)
    nodes = flatten(body_tree(world.own.org))
    assert [(n.body.name, n.depth) for n in nodes] == [
        ("DX推進本部", 0),
        ("人材育成委員会", 1),
        ("研修作業部会", 2),
    ]
    assert body_tree(world.foreign.org) == []
    assert wg.sort_order > committee.sort_order > hq.sort_order
    assert AuditEvent.objects.filter(action="body.create").count() == 3


@pytest.mark.django_db
def test_hierarchy_rules(world, dx):
    hq = body_create(actor=dx, name="DX推進本部", kind="hq")
    committee = body_create(actor=dx, name="委員会", kind="committee", parent=hq)
    with pytest.raises(ValidationError, match="本部の上位に委員会（委員会）は置けません"):
        body_create(actor=dx, name="逆さの本部", kind="hq", parent=committee)
    with pytest.raises(ValidationError, match="種類を作業部会にはできません"):
        body_update(actor=dx, body=hq, name=hq.name, kind="working_group")
    with pytest.raises(ValidationError, match="名称を入力"):
        body_create(actor=dx, name=" ", kind="hq")
    foreign_hq = body_create(actor=world.foreign.members["dx_office"], name="他所の本部", kind="hq")
    with pytest.raises(ValidationError, match="同じ団体"):
        body_create(actor=dx, name="委員会2", kind="committee", parent=foreign_hq)
    body_update(
        actor=dx, body=committee, name="人材育成委員会", kind="committee", parent=hq, purpose="研修の企画"
    )
    committee.refresh_from_db()
    assert (committee.name, committee.purpose) == ("人材育成委員会", "研修の企画")


@pytest.mark.django_db
def test_members_staff_of_this_org_or_outsiders(world, dx):
    hq = body_create(actor=dx, name="DX推進本部", kind="hq")
    cio = body_member_add(actor=dx, body=hq, role="cio", staff=world.own.staff["manager"])
    assert (cio.name, cio.staff, cio.role) == ("佐藤　花子", world.own.staff["manager"], "cio")
    outsider = body_member_add(actor=dx, body=hq, role="adviser", name="見本大学 教授 佐藤一郎")
    assert outsider.staff is None
    with pytest.raises(ValidationError, match="この団体の職員だけ"):
        body_member_add(actor=dx, body=hq, role="member", staff=world.foreign.staff["staff"])
    with pytest.raises(ValidationError, match="すでに「DX推進本部」の構成員"):
        body_member_add(actor=dx, body=hq, role="member", staff=world.own.staff["manager"])
    with pytest.raises(ValidationError, match="氏名を入力"):
        body_member_add(actor=dx, body=hq, role="member")
    with pytest.raises(ValidationError, match="役割を一覧から"):
        body_member_add(actor=dx, body=hq, role="boss", name="誰か")
    retired = world.own.staff["hr"]
    retired.retired_on = date(2025, 3, 31)
    retired.save()
    with pytest.raises(ValidationError, match="退職しています"):
        body_member_add(actor=dx, body=hq, role="member", staff=retired)
    assert BodyMember.objects.filter(body=hq).count() == 2
    body_member_remove(actor=dx, member=outsider)
    assert list(BodyMember.objects.filter(body=hq)) == [cio]
    event = AuditEvent.objects.get(action="body_member.remove")
    assert event.detail["name"] == "見本大学 教授 佐藤一郎" and event.organisation == world.own.org


@pytest.mark.django_db
def test_other_orgs_and_readers_cannot_write(world, dx):
    hq = body_create(actor=dx, name="DX推進本部", kind="hq")
    member = body_member_add(actor=dx, body=hq, role="member", name="外部の人")
    foreign_dx = world.foreign.members["dx_office"]
    with pytest.raises(PermissionDenied):
        body_member_add(actor=foreign_dx, body=hq, role="member", name="侵入者")
    with pytest.raises(PermissionDenied):
        body_member_remove(actor=foreign_dx, member=member)
    with pytest.raises(PermissionDenied):
        body_create(actor=world.own.members["executive"], name="幹部会議", kind="hq")
    with pytest.raises(PermissionDenied):
        meeting_create(actor=world.own.members["hr"], body=hq, held_on=date(2026, 5, 1), title="第1回")


@pytest.mark.django_db
def test_meetings_recorded_and_recent_first(world, dx):
    hq = body_create(actor=dx, name="DX推進本部", kind="hq")
    for month in range(1, 8):
        meeting_create(
            actor=dx, body=hq, held_on=date(2026, month, 10), title=f"第{month}回", notes="決定事項"
        )
    with pytest.raises(ValidationError) as exc:
        meeting_create(actor=dx, body=hq, held_on=None, title="")
    assert len(exc.value.messages) == 2
    node = body_tree(world.own.org)[0]
    assert [m.title for m in node.body.recent_meetings] == ["第7回", "第6回", "第5回", "第4回", "第3回"]
    assert node.body.meeting_count == 7
