"""Pages of talent types and sub-roles as dx_office (the only role that manages them)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from jinzai.talent import services
from jinzai.talent.models import SubRole, TalentType

from ._helpers import leader


@pytest.fixture
def dx(world, login):
    return login(world.own.users["dx_office"])


def test_list_shows_types_sub_roles_counts_and_retired_types(world, dx):
    member = world.own.members["dx_office"]
    services.designation_create(
        actor=member,
        staff=world.own.staff["staff"],
        talent_type=leader(world.own),
        started_on=date(2026, 4, 1),
    )
    old = services.talent_type_create(actor=member, name="旧い人材像")
    services.talent_type_retire(actor=member, talent_type=old, retired_on=date(2026, 3, 31))
    html = dx.get(reverse("talent:type_list")).content.decode()
    assert "高度専門人材" in html and "DX推進担当" in html and "業務担当" in html
    assert 'aria-label="DX推進リーダーの有効な指定 1名"' in html
    assert '<tr class="is-closed">' in html and "2026年3月31日まで" in html
    assert "人材像を追加する" in html


def test_executive_sees_the_list_without_manage_links(world, login):
    html = login(world.own.users["executive"]).get(reverse("talent:type_list")).content.decode()
    assert "DX推進リーダー" in html
    assert "人材像を追加する" not in html and "を編集" not in html


def test_create_tier_redirects_to_its_edit_page(world, dx):
    response = dx.post(
        reverse("talent:type_create"),
        {
            "parent": leader(world.own).pk,
            "name": "DX推進リーダー（ゴールド）",
            "description": "",
            "sort_order": "",
        },
    )
    gold = TalentType.objects.get(name="DX推進リーダー（ゴールド）")
    assert response.status_code == 302 and response["Location"] == reverse("talent:type_edit", args=[gold.pk])
    assert gold.parent == leader(world.own)


def test_create_with_a_taken_name_shows_the_error(world, dx):
    response = dx.post(reverse("talent:type_create"), {"name": "高度専門人材"})
    assert response.status_code == 200
    assert "人材像「高度専門人材」はすでにあります。" in response.content.decode()


def test_edit_retires_with_a_warning_and_reactivates(world, dx):
    member = world.own.members["dx_office"]
    t = leader(world.own)
    services.designation_create(
        actor=member, staff=world.own.staff["staff"], talent_type=t, started_on=date(2026, 4, 1)
    )
    page = dx.get(reverse("talent:type_edit", args=[t.pk])).content.decode()
    assert "有効な指定が1件あります" in page
    data = {"name": t.name, "description": t.description, "sort_order": 20, "retired_on": "2026-05-31"}
    response = dx.post(reverse("talent:type_edit", args=[t.pk]), data, follow=True)
    t.refresh_from_db()
    assert (t.is_active, t.retired_on) == (False, date(2026, 5, 31))
    assert "有効な指定が1件残っています" in response.content.decode()
    data["retired_on"] = ""
    dx.post(reverse("talent:type_edit", args=[t.pk]), data)
    t.refresh_from_db()
    assert (t.is_active, t.retired_on) == (True, None)


def test_sub_role_pages_add_rename_retire(world, dx):
    t = leader(world.own)
    response = dx.post(reverse("talent:subrole_create", args=[t.pk]), {"name": "データ活用担当"})
    assert response.status_code == 302
    s = SubRole.objects.get(talent_type=t, name="データ活用担当")
    response = dx.post(
        reverse("talent:subrole_edit", args=[s.pk]),
        {"name": "データ担当", "description": "", "sort_order": 30},
    )
    s.refresh_from_db()
    assert (s.name, s.is_active) == ("データ担当", False)  # an unticked 使用中 retires it
    assert response["Location"] == reverse("talent:type_edit", args=[t.pk])
    page = dx.get(reverse("talent:type_edit", args=[t.pk])).content.decode()
    assert "データ担当" in page and "使用終了" in page


def test_sub_role_of_another_organisation_is_404(world, dx):
    foreign = SubRole.objects.filter(organisation=world.foreign.org).first()
    assert dx.get(reverse("talent:subrole_edit", args=[foreign.pk])).status_code == 404
