"""The 人財カード section: hr and the person see the designations; others do not."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from jinzai.talent import services
from jinzai.talent.hooks import designation_section

from ._helpers import expert, leader, sub


@pytest.fixture
def history(world):
    hr = world.own.members["hr"]
    staff = world.own.staff["staff"]  # 山田 (the "a-staff" user's own record)
    old = services.designation_create(
        actor=hr, staff=staff, talent_type=expert(world.own), started_on=date(2024, 4, 1), duties="旧い分掌"
    )
    services.designation_end(actor=hr, designation=old, ended_on=date(2025, 3, 31), reason="任期満了")
    services.designation_create(
        actor=hr,
        staff=staff,
        talent_type=leader(world.own),
        sub_role=sub(world.own, "業務担当"),
        method="appointed",
        started_on=date(2026, 4, 1),
        duties="窓口のデジタル化",
    )
    return staff


def test_hr_sees_current_first_then_history_and_the_designate_link(world, login, history):
    html = (
        login(world.own.users["hr"]).get(reverse("people:staff_detail", args=[history.pk])).content.decode()
    )
    assert "人材像の指定" in html
    assert html.index("DX推進リーダー（業務担当）") < html.index("高度専門人材")
    assert "窓口のデジタル化" in html and "終了の理由：任期満了" in html
    assert f"{reverse('talent:designation_create')}?staff={history.pk}" in html


def test_the_person_sees_their_own_section_without_manage_links(world, login, history):
    html = login(world.own.users["staff"]).get(reverse("people:my_card")).content.decode()
    assert "人材像の指定" in html and "窓口のデジタル化" in html
    assert reverse("talent:designation_create") not in html and "/end/" not in html


def test_another_staff_member_does_not_get_the_section(world, history):
    viewer = world.own.members["staff"]
    other = world.own.staff["other"]
    assert designation_section(viewer, other) is None
    assert designation_section(world.own.members["admin"], history) is None
    # executives count designations (type list, plans); they do not read a person's (core.access)
    assert designation_section(world.own.members["executive"], history) is None
    section = designation_section(world.own.members["manager"], history)  # 山田 is in the manager's units
    assert section is not None and section.context["can_manage"] is False
    assert [d.talent_type.name for d in section.context["designations"]] == ["DX推進リーダー", "高度専門人材"]
