"""Editing skill maps: names are unique, levels fixed once rated, descriptors complete, every write audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jinzai.core.models import AuditEvent
from jinzai.skills.models import RoleProfile
from jinzai.skills.services import frameworks as fw
from jinzai.talent.models import TalentType

from ._helpers import campaign, literacy


@pytest.fixture
def dx(world):
    return world.own.members["dx_office"]


@pytest.fixture
def new_map(dx):
    return fw.framework_create(
        actor=dx, name="  業務改善  マップ ", level_count=3, level_labels=["知る", "使う", "教える", "余分"]
    )


def test_create_cleans_the_name_keeps_labels_per_level_and_audits(new_map, dx):
    assert new_map.name == "業務改善 マップ"
    assert new_map.level_labels == ["知る", "使う", "教える"]
    assert new_map.level_label(2) == "レベル2（使う）" and new_map.level_label(5) == "レベル5"
    assert AuditEvent.objects.filter(action="skill_framework.create", object_id=str(new_map.pk)).exists()


@pytest.mark.parametrize(
    ("name", "levels", "message"), [("", 5, "名称を入力"), ("x", 2, "3〜5"), ("x", 6, "3〜5")]
)
def test_create_refuses_a_blank_name_or_a_level_count_out_of_range(dx, name, levels, message):
    with pytest.raises(ValidationError, match=message):
        fw.framework_create(actor=dx, name=name, level_count=levels)


def test_names_are_unique_per_organisation(world, new_map, dx):
    with pytest.raises(ValidationError, match="すでにあります"):
        fw.framework_create(actor=dx, name="業務改善 マップ")
    other = fw.framework_create(actor=world.foreign.members["dx_office"], name="業務改善 マップ")
    assert other.organisation == world.foreign.org
    second = fw.framework_create(actor=dx, name="別のマップ")
    with pytest.raises(ValidationError, match="すでにあります"):
        fw.framework_update(actor=dx, framework=second, name="業務改善 マップ")


def test_only_dx_office_edits_maps_and_only_their_own(world, new_map):
    with pytest.raises(PermissionDenied):
        fw.framework_create(actor=world.own.members["hr"], name="人事のマップ")
    with pytest.raises(PermissionDenied):
        fw.category_create(actor=world.foreign.members["dx_office"], framework=new_map, name="よその区分")


def test_update_changes_only_what_differs_and_refuses_unknown_fields(new_map, dx):
    before = AuditEvent.objects.filter(action="skill_framework.update").count()
    fw.framework_update(actor=dx, framework=new_map, name="業務改善 マップ", description="")
    assert AuditEvent.objects.filter(action="skill_framework.update").count() == before  # nothing changed
    fw.framework_update(actor=dx, framework=new_map, description="改善の力", level_count=4)
    new_map.refresh_from_db()
    assert (new_map.description, new_map.level_count) == ("改善の力", 4)
    with pytest.raises(ValueError):
        fw.framework_update(actor=dx, framework=new_map, organisation=None)


def test_the_level_count_is_fixed_once_a_campaign_used_the_map(world, dx):
    rated = literacy(world.own)
    campaign(world.own, framework=rated)
    with pytest.raises(ValidationError, match="レベルの数を変えられません"):
        fw.framework_update(actor=dx, framework=rated, level_count=4 if rated.level_count != 4 else 5)
    fw.framework_update(actor=dx, framework=rated, is_active=False)  # other fields still editable
    rated.refresh_from_db()
    assert rated.is_active is False


def test_categories_and_items_keep_their_order_and_unique_names(new_map, dx):
    first = fw.category_create(actor=dx, framework=new_map, name="基礎")
    second = fw.category_create(actor=dx, framework=new_map, name="応用")
    assert first.sort_order < second.sort_order
    with pytest.raises(ValidationError, match="区分「基礎」はすでにあります"):
        fw.category_create(actor=dx, framework=new_map, name=" 基礎 ")
    with pytest.raises(ValidationError, match="すでにあります"):
        fw.category_update(actor=dx, category=second, name="基礎")
    fw.category_update(actor=dx, category=second, name="発展", description="難しいもの")
    second.refresh_from_db()
    assert (second.name, second.description) == ("発展", "難しいもの")
    item = fw.item_create(
        actor=dx, framework=new_map, category=first, name="読む力", descriptors=["知る", "使う", "教える"]
    )
    with pytest.raises(ValidationError, match="項目「読む力」はすでにあります"):
        fw.item_create(
            actor=dx, framework=new_map, category=first, name="読む力", descriptors=["a", "b", "c"]
        )
    with pytest.raises(ValidationError, match="レベル2・3の目指す行動"):
        fw.item_create(actor=dx, framework=new_map, category=first, name="書く力", descriptors=["知る"])
    other_map = fw.framework_create(actor=dx, name="他のマップ", level_count=3)
    with pytest.raises(ValidationError, match="同じスキルマップ"):
        fw.item_create(actor=dx, framework=other_map, category=first, name="x", descriptors=["a", "b", "c"])
    fw.item_update(
        actor=dx, item=item, category=second, descriptors=["知る", "使う", "広める"], is_active=False
    )
    item.refresh_from_db()
    assert (item.category_id, item.descriptors[2], item.is_active) == (second.pk, "広める", False)
    with pytest.raises(ValidationError, match="同じスキルマップ"):
        fw.item_update(
            actor=dx, item=item, category=fw.category_create(actor=dx, framework=other_map, name="z")
        )
    assert AuditEvent.objects.filter(action="skill_item.update", object_id=str(item.pk)).count() == 1


def test_expected_levels_are_set_changed_and_removed(world, new_map, dx):
    category = fw.category_create(actor=dx, framework=new_map, name="基礎")
    item = fw.item_create(
        actor=dx, framework=new_map, category=category, name="読む力", descriptors=["a", "b", "c"]
    )
    leader = TalentType.objects.get(organisation=world.own.org, kind=TalentType.Kind.LEADER)
    assert fw.profile_update(actor=dx, framework=new_map, levels={(item.pk, leader.pk): 2}) == 1
    assert fw.profile_update(actor=dx, framework=new_map, levels={(item.pk, leader.pk): 2}) == 0
    assert fw.profile_update(actor=dx, framework=new_map, levels={(item.pk, leader.pk): 3}) == 1
    assert RoleProfile.objects.get(item=item, talent_type=leader).expected_level == 3
    with pytest.raises(ValidationError, match="1〜3"):
        fw.profile_update(actor=dx, framework=new_map, levels={(item.pk, leader.pk): 4})
    foreign_type = TalentType.objects.filter(organisation=world.foreign.org).first()
    with pytest.raises(ValidationError, match="団体の人材像"):
        fw.profile_update(actor=dx, framework=new_map, levels={(item.pk, foreign_type.pk): 1})
    assert fw.profile_update(actor=dx, framework=new_map, levels={(item.pk, leader.pk): None}) == 1
    assert not RoleProfile.objects.filter(item=item).exists()
    assert AuditEvent.objects.filter(action="skill_profile.update").count() == 3
