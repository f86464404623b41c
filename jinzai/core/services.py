"""Writes to organisations, units, grades, users and memberships. Each one is atomic and audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from . import hooks
from .access import ensure_can
from .audit import audit
from .models import Grade, Membership, Organisation, Unit, UserSetting, validate_org_code
from .roles import Role

DEFAULT_GRADES = ("主事", "主任", "主査", "係長", "課長補佐", "課長", "次長", "部長")
UNIT_FIELDS = (
    "name",
    "kind",
    "code",
    "parent",
    "valid_from",
    "valid_to",
    "is_it",
    "is_dx",
    "is_hr",
    "is_business",
)


def _changed(obj: Any, values: dict[str, Any]) -> list[str]:
    changed = []
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


@transaction.atomic
def organisation_create(
    *, actor: Any, code: str, name: str, kind: str, prefecture: Organisation | None = None
) -> Organisation:
    validate_org_code(code)
    if Organisation.objects.filter(code=code).exists():
        raise ValidationError(f"団体コード「{code}」はすでに登録されています。")
    if kind == Organisation.Kind.MUNICIPALITY and prefecture is not None and prefecture.kind != "prefecture":
        raise ValidationError("所属都道府県には都道府県の団体を指定してください。")
    if kind == Organisation.Kind.PREFECTURE and prefecture is not None:
        raise ValidationError("都道府県には所属都道府県を指定できません。")
    org = Organisation.objects.create(code=code, name=name, kind=kind, prefecture=prefecture)
    Grade.objects.bulk_create(
        [Grade(organisation=org, name=grade, rank=i) for i, grade in enumerate(DEFAULT_GRADES, start=1)]
    )
    audit(actor, "organisation.create", org, organisation=org, changed=["code", "name", "kind"])
    hooks.ORGANISATION_CREATED.run(org)  # apps install their defaults (talent types, levels …)
    return org


def _check_unit_parent(unit: Unit, parent: Unit | None) -> None:
    if parent is None:
        return
    if parent.organisation_id != unit.organisation_id:
        raise ValidationError("上位の所属は同じ団体の所属から選んでください。")
    node: Unit | None = parent
    while node is not None:
        if node.pk == unit.pk:
            raise ValidationError("上位の所属に自分自身やその下の所属は指定できません。")
        node = node.parent


@transaction.atomic
def unit_create(*, actor: Any, organisation: Organisation | None = None, **values: Any) -> Unit:
    ensure_can(actor, "core.unit_manage")
    organisation = organisation or actor.organisation
    unit = Unit(organisation=organisation)
    _changed(unit, {k: v for k, v in values.items() if k in UNIT_FIELDS})
    _check_unit_parent(unit, unit.parent)
    if not unit.sort_order:
        unit.sort_order = (
            Unit.objects.filter(organisation=organisation).aggregate(m=Max("sort_order"))["m"] or 0
        ) + 10
    unit.full_clean()
    unit.save()
    audit(actor, "unit.create", unit, changed=[k for k in values if k in UNIT_FIELDS])
    return unit


@transaction.atomic
def unit_update(*, actor: Any, unit: Unit, **values: Any) -> Unit:
    ensure_can(actor, "core.unit_manage", unit)
    changed = _changed(unit, {k: v for k, v in values.items() if k in UNIT_FIELDS})
    if not changed:
        return unit
    _check_unit_parent(unit, unit.parent)
    unit.full_clean()
    unit.save()
    audit(actor, "unit.update", unit, changed=changed)
    return unit


@transaction.atomic
def grade_create(*, actor: Any, name: str, aliases: str = "", rank: int | None = None) -> Grade:
    ensure_can(actor, "core.grade_manage")
    org = actor.organisation
    if Grade.objects.filter(organisation=org, name=name).exists():
        raise ValidationError(f"職名「{name}」はすでにあります。")
    if rank is None:
        rank = (Grade.objects.filter(organisation=org).aggregate(m=Max("rank"))["m"] or 0) + 1
    grade = Grade.objects.create(organisation=org, name=name, aliases=aliases, rank=rank)
    audit(actor, "grade.create", grade, changed=["name", "rank", "aliases"])
    return grade


@transaction.atomic
def grade_update(*, actor: Any, grade: Grade, name: str, aliases: str, rank: int) -> Grade:
    ensure_can(actor, "core.grade_manage", grade)
    if Grade.objects.filter(organisation=grade.organisation, name=name).exclude(pk=grade.pk).exists():
        raise ValidationError(f"職名「{name}」はすでにあります。")
    changed = _changed(grade, {"name": name, "aliases": aliases, "rank": rank})
    if changed:
        grade.save()
        audit(actor, "grade.update", grade, changed=changed)
    return grade


# --- users and memberships ------------------------------------------------


def _validate_membership(organisation: Organisation, role: str, units: list[Unit], staff: Any) -> None:
    if role not in Role.values:
        raise ValidationError("役割を選んでください。")
    if role == Role.PREFECTURE_SUPPORT and organisation.kind != Organisation.Kind.PREFECTURE:
        raise ValidationError("「都道府県 市町村支援担当」は都道府県の団体でのみ設定できます。")
    if role == Role.MANAGER and not units:
        raise ValidationError("所属長には担当する所属を1つ以上選んでください。")
    if role == Role.STAFF and staff is None:
        raise ValidationError("職員の役割には、本人の職員レコード（職員番号）を指定してください。")
    if any(u.organisation_id != organisation.pk for u in units):
        raise ValidationError("担当所属は同じ団体の所属から選んでください。")
    if staff is not None and staff.organisation_id != organisation.pk:
        raise ValidationError("職員レコードは同じ団体の職員から選んでください。")


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    password: str,
    display_name: str = "",
    role: str,
    units: list[Unit] | None = None,
    staff: Any = None,
    organisation: Organisation | None = None,
    check_password: bool = True,
):
    ensure_can(actor, "core.user_manage")
    organisation = organisation or actor.organisation
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValidationError(f"ログインID「{username}」はすでに使われています。")
    units = units or []
    _validate_membership(organisation, role, units, staff)
    user = User(username=username)
    if check_password:
        validate_password(password, user)
    user.set_password(password)
    user.save()
    UserSetting.objects.create(user=user, display_name=display_name)
    membership = Membership.objects.create(user=user, organisation=organisation, role=role, staff=staff)
    membership.units.set(units)
    audit(actor, "user.create", user, organisation=organisation, changed=["username", "password"])
    audit(actor, "membership.create", membership, changed=["role", "units", "staff"])
    return user


@transaction.atomic
def membership_create(
    *, actor: Any, user, role: str, units: list[Unit] | None = None, staff: Any = None
) -> Membership:
    ensure_can(actor, "core.user_manage")
    units = units or []
    _validate_membership(actor.organisation, role, units, staff)
    if Membership.objects.filter(user=user, organisation=actor.organisation, role=role).exists():
        raise ValidationError("この利用者には同じ役割がすでにあります。")
    membership = Membership.objects.create(user=user, organisation=actor.organisation, role=role, staff=staff)
    membership.units.set(units)
    audit(actor, "membership.create", membership, changed=["role", "units", "staff"])
    return membership


@transaction.atomic
def membership_update(
    *, actor: Any, membership: Membership, role: str, units: list[Unit], staff: Any, is_active: bool
) -> Membership:
    ensure_can(actor, "core.user_manage", membership)
    _validate_membership(membership.organisation, role, units, staff)
    if membership.pk == getattr(actor, "pk", None) and (not is_active or role != membership.role):
        raise ValidationError("自分自身の管理者の役割は変更・無効化できません。")
    clash = Membership.objects.filter(user=membership.user, organisation=membership.organisation, role=role)
    if clash.exclude(pk=membership.pk).exists():
        raise ValidationError("この利用者には同じ役割がすでにあります。")
    changed = _changed(membership, {"role": role, "staff": staff, "is_active": is_active})
    old_units = set(membership.units.values_list("pk", flat=True))
    if old_units != {u.pk for u in units}:
        membership.units.set(units)
        changed.append("units")
    if changed:
        membership.save()
        audit(actor, "membership.update", membership, changed=changed)
    return membership


@transaction.atomic
def user_set_password(*, actor: Any, user, password: str) -> None:
    """An admin sets a new password for a user of their organisation (e.g. after a lockout)."""
    ensure_can(actor, "core.user_manage")
    if not Membership.objects.filter(user=user, organisation=actor.organisation).exists():
        raise ValidationError("この団体の利用者ではありません。")
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit(actor, "user.password_reset", user, changed=["password"])


@transaction.atomic
def user_setting_update(*, user, date_style: str) -> UserSetting:
    setting, _ = UserSetting.objects.get_or_create(user=user)
    if setting.date_style != date_style:
        setting.date_style = date_style
        setting.save(update_fields=["date_style"])
        audit(user, "user.setting", setting, changed=["date_style"])
    return setting


def today() -> date:
    from django.utils import timezone

    return timezone.localdate()
