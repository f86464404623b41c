"""Core services: units, grades, users, memberships, passwords. Every write is audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from jinzai.core import services
from jinzai.core.forms import UnitForm
from jinzai.core.models import AuditEvent, Grade, Membership, Unit, UserSetting

NEW_PASSWORD = "Kawaru-aikotoba-77"


def _last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("id")


def _assert_actor(event: AuditEvent, member) -> None:
    assert event.username == member.user.username
    assert event.user_id == member.user.pk
    assert event.organisation_id == member.organisation.pk
    assert event.role == member.role


# --- units --------------------------------------------------------------------


def test_unit_create_is_audited_with_changed_fields(world):
    hr = world.own.members["hr"]
    parent = world.own.units["総務部"]
    unit = services.unit_create(
        actor=hr, name="情報政策課", kind="division", code="0102", parent=parent, is_dx=True, is_it=True
    )
    unit.refresh_from_db()
    assert unit.organisation == world.own.org
    assert unit.parent == parent and unit.is_dx and unit.is_it
    assert unit.sort_order > max(u.sort_order for u in world.own.units.values())
    event = _last_event("unit.create")
    _assert_actor(event, hr)
    assert event.object_type == "core.unit" and event.object_id == str(unit.pk)
    assert event.object_repr == "情報政策課"
    assert set(event.changed) == {"name", "kind", "code", "parent", "is_dx", "is_it"}


def test_unit_update_is_audited_with_only_changed_fields(world):
    admin = world.own.members["admin"]
    unit = world.own.units["市民課"]
    services.unit_update(actor=admin, unit=unit, name="市民窓口課", kind="division", is_dx=False, is_it=True)
    unit.refresh_from_db()
    assert unit.name == "市民窓口課" and unit.is_it
    event = _last_event("unit.update")
    _assert_actor(event, admin)
    assert event.changed == ["is_it", "name"]
    assert event.object_id == str(unit.pk)


def test_unit_update_without_changes_writes_nothing(world):
    unit = world.own.units["市民課"]
    before = AuditEvent.objects.count()
    services.unit_update(actor=world.own.members["hr"], unit=unit, name="市民課")
    assert AuditEvent.objects.count() == before


def test_unit_parent_must_be_in_the_same_organisation(world):
    hr = world.own.members["hr"]
    foreign_parent = world.foreign.units["総務部"]
    with pytest.raises(ValidationError) as exc:
        services.unit_create(actor=hr, name="越境課", parent=foreign_parent)
    assert exc.value.messages == ["上位の所属は同じ団体の所属から選んでください。"]
    assert not Unit.objects.filter(name="越境課").exists()
    unit = world.own.units["市民課"]
    with pytest.raises(ValidationError):
        services.unit_update(actor=hr, unit=unit, parent=foreign_parent)
    assert Unit.objects.get(pk=unit.pk).parent == world.own.units["市民部"]
    assert not AuditEvent.objects.filter(action__startswith="unit.").exists()


@pytest.mark.parametrize("new_parent", ["総務部", "総務課", "人事係"])
def test_unit_cannot_become_the_child_of_itself_or_a_descendant(world, new_parent):
    top = world.own.units["総務部"]
    with pytest.raises(ValidationError) as exc:
        services.unit_update(actor=world.own.members["hr"], unit=top, parent=world.own.units[new_parent])
    assert exc.value.messages == ["上位の所属に自分自身やその下の所属は指定できません。"]
    assert Unit.objects.get(pk=top.pk).parent_id is None
    assert not AuditEvent.objects.filter(action="unit.update").exists()


def test_unit_can_move_under_a_unit_of_another_branch(world):
    unit = world.own.units["人事係"]
    services.unit_update(actor=world.own.members["hr"], unit=unit, parent=world.own.units["市民課"])
    assert Unit.objects.get(pk=unit.pk).parent == world.own.units["市民課"]
    assert _last_event("unit.update").changed == ["parent"]


def test_unit_form_rejects_valid_to_before_valid_from(world):
    form = UnitForm(
        {"name": "廃止課", "kind": "division", "valid_from": "2026-04-01", "valid_to": "2026-03-31"},
        organisation=world.own.org,
    )
    assert not form.is_valid()
    assert form.errors["valid_to"] == ["有効終了日は有効開始日以後の日付にしてください。"]


def test_unit_form_accepts_the_same_day_and_resolves_parent(world):
    parent = world.own.units["市民部"]
    form = UnitForm(
        {
            "name": "臨時課",
            "kind": "division",
            "parent": str(parent.pk),
            "valid_from": "2026-04-01",
            "valid_to": "2026-04-01",
        },
        organisation=world.own.org,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["parent"] == parent


def test_unit_form_does_not_offer_a_foreign_parent(world):
    form = UnitForm(
        {"name": "越境課", "kind": "division", "parent": str(world.foreign.units["総務部"].pk)},
        organisation=world.own.org,
    )
    assert not form.is_valid()
    assert "parent" in form.errors


def test_unit_service_also_rejects_valid_to_before_valid_from(world):
    with pytest.raises(ValidationError):
        services.unit_create(
            actor=world.own.members["hr"],
            name="廃止課",
            valid_from=date(2026, 4, 1),
            valid_to=date(2026, 3, 31),
        )
    assert not Unit.objects.filter(name="廃止課").exists()


def test_unit_services_refuse_roles_and_organisations_without_the_right(world):
    with pytest.raises(PermissionDenied):
        services.unit_create(actor=world.own.members["staff"], name="無断課")
    with pytest.raises(PermissionDenied):
        services.unit_update(
            actor=world.own.members["hr"], unit=world.foreign.units["市民課"], name="乗っ取り"
        )
    assert Unit.objects.get(pk=world.foreign.units["市民課"].pk).name == "市民課"
    assert not Unit.objects.filter(name="無断課").exists()


# --- grades -----------------------------------------------------------------------


def test_grade_create_appends_and_is_audited(world):
    hr = world.own.members["hr"]
    grade = services.grade_create(actor=hr, name="参事", aliases="参事級")
    assert grade.organisation == world.own.org
    assert grade.rank == 9
    event = _last_event("grade.create")
    _assert_actor(event, hr)
    assert event.object_repr == "参事"
    assert set(event.changed) == {"name", "rank", "aliases"}


def test_grade_create_rejects_a_duplicate_name(world):
    with pytest.raises(ValidationError) as exc:
        services.grade_create(actor=world.own.members["hr"], name="主事")
    assert exc.value.messages == ["職名「主事」はすでにあります。"]
    assert Grade.objects.filter(organisation=world.own.org, name="主事").count() == 1
    assert not AuditEvent.objects.filter(action="grade.create").exists()


def test_grade_names_are_per_organisation(world):
    # 他所町 has its own 主事; a new grade name used there is still free in 自分市
    services.grade_create(actor=world.foreign.members["hr"], name="主幹")
    services.grade_create(actor=world.own.members["hr"], name="主幹")
    assert Grade.objects.filter(name="主幹").count() == 2


def test_grade_update_is_audited_and_rejects_duplicates(world):
    admin = world.own.members["admin"]
    grade = Grade.objects.get(organisation=world.own.org, name="主任")
    services.grade_update(actor=admin, grade=grade, name="主任", aliases="主任主事、主任級", rank=2)
    grade.refresh_from_db()
    assert grade.alias_list() == ["主任主事", "主任級"]
    event = _last_event("grade.update")
    _assert_actor(event, admin)
    assert event.changed == ["aliases"]
    with pytest.raises(ValidationError) as exc:
        services.grade_update(actor=admin, grade=grade, name="係長", aliases="", rank=2)
    assert exc.value.messages == ["職名「係長」はすでにあります。"]
    assert Grade.objects.get(pk=grade.pk).name == "主任"


def test_grade_update_refuses_a_foreign_grade(world):
    grade = Grade.objects.get(organisation=world.foreign.org, name="主任")
    with pytest.raises(PermissionDenied):
        services.grade_update(actor=world.own.members["hr"], grade=grade, name="改名", aliases="", rank=2)
    assert Grade.objects.get(pk=grade.pk).name == "主任"


# --- users ----------------------------------------------------------------------------


def test_user_create_makes_user_setting_and_membership_audited(world):
    admin = world.own.members["admin"]
    staff = world.own.staff["staff"]
    user = services.user_create(
        actor=admin,
        username="a-new",
        password=NEW_PASSWORD,
        display_name="山田　太郎",
        role="staff",
        staff=staff,
    )
    assert user.check_password(NEW_PASSWORD)
    assert UserSetting.objects.get(user=user).display_name == "山田　太郎"
    m = Membership.objects.get(user=user)
    assert (m.organisation, m.role, m.staff, m.is_active) == (world.own.org, "staff", staff, True)
    user_event = _last_event("user.create")
    _assert_actor(user_event, admin)
    assert user_event.object_repr == "a-new"
    member_event = _last_event("membership.create")
    _assert_actor(member_event, admin)
    assert member_event.object_id == str(m.pk)


@pytest.mark.parametrize(
    "password",
    ["short-1", "1234567890123", "password123", "a-new-user-1"],
    ids=["too-short", "numeric", "common", "like-username"],
)
def test_user_create_applies_password_validators(world, password):
    with pytest.raises(ValidationError):
        services.user_create(
            actor=world.own.members["admin"],
            username="a-new-user",
            password=password,
            role="hr",
        )
    assert not get_user_model().objects.filter(username="a-new-user").exists()
    assert not AuditEvent.objects.filter(action="user.create").exists()


def test_user_create_manager_needs_units(world):
    admin = world.own.members["admin"]
    with pytest.raises(ValidationError) as exc:
        services.user_create(actor=admin, username="a-mgr2", password=NEW_PASSWORD, role="manager")
    assert exc.value.messages == ["所属長には担当する所属を1つ以上選んでください。"]
    user = services.user_create(
        actor=admin,
        username="a-mgr2",
        password=NEW_PASSWORD,
        role="manager",
        units=[world.own.units["総務課"]],
    )
    assert list(Membership.objects.get(user=user).units.all()) == [world.own.units["総務課"]]


def test_user_create_manager_units_must_be_own(world):
    with pytest.raises(ValidationError):
        services.user_create(
            actor=world.own.members["admin"],
            username="a-mgr3",
            password=NEW_PASSWORD,
            role="manager",
            units=[world.foreign.units["総務課"]],
        )
    assert not get_user_model().objects.filter(username="a-mgr3").exists()


def test_user_create_staff_role_needs_a_staff_record(world):
    admin = world.own.members["admin"]
    with pytest.raises(ValidationError) as exc:
        services.user_create(actor=admin, username="a-staff2", password=NEW_PASSWORD, role="staff")
    assert "職員レコード" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        services.user_create(
            actor=admin,
            username="a-staff2",
            password=NEW_PASSWORD,
            role="staff",
            staff=world.foreign.staff["staff"],
        )
    assert not get_user_model().objects.filter(username="a-staff2").exists()


def test_user_create_prefecture_support_only_in_a_prefecture(world):
    with pytest.raises(ValidationError) as exc:
        services.user_create(
            actor=world.own.members["admin"],
            username="a-ps",
            password=NEW_PASSWORD,
            role="prefecture_support",
        )
    assert "都道府県の団体でのみ" in exc.value.messages[0]
    assert not get_user_model().objects.filter(username="a-ps").exists()
    p_admin = world.pref.members["admin"]
    user = services.user_create(
        actor=p_admin, username="p-ps2", password=NEW_PASSWORD, role="prefecture_support"
    )
    assert Membership.objects.get(user=user).organisation == world.pref.org
    _assert_actor(_last_event("user.create"), p_admin)


def test_user_create_rejects_a_taken_username_and_non_admins(world):
    with pytest.raises(ValidationError):
        services.user_create(
            actor=world.own.members["admin"], username="b-hr", password=NEW_PASSWORD, role="hr"
        )
    with pytest.raises(PermissionDenied):
        services.user_create(actor=world.own.members["hr"], username="a-x", password=NEW_PASSWORD, role="hr")
    assert not get_user_model().objects.filter(username="a-x").exists()


# --- memberships -------------------------------------------------------------------------


def test_membership_update_is_audited(world):
    admin = world.own.members["admin"]
    m = world.own.members["manager"]
    services.membership_update(
        actor=admin,
        membership=m,
        role="manager",
        units=[world.own.units["市民課"], world.own.units["総務課"]],
        staff=m.staff,
        is_active=False,
    )
    m.refresh_from_db()
    assert not m.is_active
    assert set(m.units.all()) == {world.own.units["市民課"], world.own.units["総務課"]}
    event = _last_event("membership.update")
    _assert_actor(event, admin)
    assert event.changed == ["is_active", "units"]
    assert event.object_id == str(m.pk)


def test_admin_cannot_deactivate_or_demote_themselves(world):
    admin = world.own.members["admin"]
    with pytest.raises(ValidationError) as exc:
        services.membership_update(
            actor=admin, membership=admin, role="admin", units=[], staff=None, is_active=False
        )
    assert exc.value.messages == ["自分自身の管理者の役割は変更・無効化できません。"]
    with pytest.raises(ValidationError):
        services.membership_update(
            actor=admin, membership=admin, role="hr", units=[], staff=None, is_active=True
        )
    admin.refresh_from_db()
    assert admin.is_active and admin.role == "admin"
    assert not AuditEvent.objects.filter(action="membership.update").exists()


def test_membership_update_refuses_a_foreign_membership(world):
    target = world.foreign.members["hr"]
    with pytest.raises(PermissionDenied):
        services.membership_update(
            actor=world.own.members["admin"],
            membership=target,
            role="hr",
            units=[],
            staff=None,
            is_active=False,
        )
    assert Membership.objects.get(pk=target.pk).is_active


# --- passwords ------------------------------------------------------------------------------


def test_user_set_password_is_audited(world):
    admin = world.own.members["admin"]
    user = world.own.users["hr"]
    services.user_set_password(actor=admin, user=user, password=NEW_PASSWORD)
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    event = _last_event("user.password_reset")
    _assert_actor(event, admin)
    assert event.object_repr == "a-hr"
    assert event.changed == ["password"]


def test_user_set_password_validates_and_stays_in_the_organisation(world):
    admin = world.own.members["admin"]
    with pytest.raises(ValidationError):
        services.user_set_password(actor=admin, user=world.own.users["hr"], password="12345")
    with pytest.raises(ValidationError) as exc:
        services.user_set_password(actor=admin, user=world.foreign.users["hr"], password=NEW_PASSWORD)
    assert exc.value.messages == ["この団体の利用者ではありません。"]
    world.foreign.users["hr"].refresh_from_db()
    assert not world.foreign.users["hr"].check_password(NEW_PASSWORD)
    assert not AuditEvent.objects.filter(action="user.password_reset").exists()
