"""Services of talent types and sub-roles: create (incl. tiers), update, retire/reactivate, audit."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jinzai.core import hooks
from jinzai.core.models import AuditEvent
from jinzai.talent import services
from jinzai.talent.models import TalentType

from ._helpers import leader, sub


def test_create_tier_under_a_type_is_audited_and_signalled(world):
    dx = world.own.members["dx_office"]
    received = []

    def listener(talent_type):
        received.append(talent_type)

    hooks.TALENT_TYPE_CREATED.register(listener)
    try:
        gold = services.talent_type_create(
            actor=dx, name="DX推進リーダー（ゴールド）", description="上位", parent=leader(world.own)
        )
    finally:
        hooks.TALENT_TYPE_CREATED.unregister(listener)
    assert gold.parent == leader(world.own)
    assert gold.kind == TalentType.Kind.CUSTOM
    assert gold.organisation == world.own.org
    assert received == [gold]
    event = AuditEvent.objects.get(action="talent_type.create", object_id=str(gold.pk))
    assert "parent" in event.changed


def test_tier_of_a_tier_and_duplicate_name_are_refused(world):
    dx = world.own.members["dx_office"]
    gold = services.talent_type_create(actor=dx, name="ゴールド", parent=leader(world.own))
    with pytest.raises(ValidationError, match="階層は1段まで"):
        services.talent_type_create(actor=dx, name="プラチナ", parent=gold)
    with pytest.raises(ValidationError, match="すでにあります"):
        services.talent_type_create(actor=dx, name="ゴールド")


def test_names_are_kept_as_typed_and_compared_width_insensitively(world):
    dx = world.own.members["dx_office"]
    gold = services.talent_type_create(
        actor=dx, name="  DX推進リーダー（ゴールド） ", parent=leader(world.own)
    )
    assert gold.name == "DX推進リーダー（ゴールド）"
    with pytest.raises(ValidationError, match="すでにあります"):
        services.talent_type_create(actor=dx, name="DX推進リーダー(ゴールド)")


def test_only_dx_office_manages_types(world):
    with pytest.raises(PermissionDenied):
        services.talent_type_create(actor=world.own.members["hr"], name="新しい人材像")
    foreign_type = leader(world.foreign)
    with pytest.raises(PermissionDenied):
        services.talent_type_update(actor=world.own.members["dx_office"], talent_type=foreign_type, name="x")


def test_retire_keeps_designations_and_reports_active_ones(world):
    dx = world.own.members["dx_office"]
    t = leader(world.own)
    services.designation_create(
        actor=dx, staff=world.own.staff["staff"], talent_type=t, started_on=date(2026, 4, 1)
    )
    active = services.talent_type_retire(actor=dx, talent_type=t, retired_on=date(2026, 4, 2))
    t.refresh_from_db()
    assert (t.is_active, t.retired_on, active) == (False, date(2026, 4, 2), 1)
    assert t.designations.filter(ended_on__isnull=True).count() == 1
    assert AuditEvent.objects.filter(action="talent_type.retire", object_id=str(t.pk)).exists()
    services.talent_type_reactivate(actor=dx, talent_type=t)
    t.refresh_from_db()
    assert (t.is_active, t.retired_on) == (True, None)
    assert AuditEvent.objects.filter(action="talent_type.reactivate").count() == 1


def test_update_audits_only_changed_fields(world):
    dx = world.own.members["dx_office"]
    t = leader(world.own)
    services.talent_type_update(actor=dx, talent_type=t, name=t.name, description="新しい説明", sort_order=5)
    event = AuditEvent.objects.get(action="talent_type.update")
    assert event.changed == ["description", "sort_order"]
    services.talent_type_update(actor=dx, talent_type=t, name=t.name, description="新しい説明", sort_order=5)
    assert AuditEvent.objects.filter(action="talent_type.update").count() == 1


def test_sub_roles_add_rename_retire(world):
    dx = world.own.members["dx_office"]
    t = leader(world.own)
    s = services.sub_role_create(actor=dx, talent_type=t, name="データ活用担当")
    assert s.sort_order == 30 and s.organisation == world.own.org
    with pytest.raises(ValidationError, match="すでにあります"):
        services.sub_role_create(actor=dx, talent_type=t, name="業務担当")
    services.sub_role_update(actor=dx, sub_role=s, name="データ担当")
    services.sub_role_update(actor=dx, sub_role=sub(world.own, "業務担当"), is_active=False)
    actions = list(AuditEvent.objects.filter(action__startswith="sub_role.").values_list("action", flat=True))
    assert sorted(actions) == ["sub_role.create", "sub_role.retire", "sub_role.update"]
    assert not sub(world.own, "業務担当").is_active
