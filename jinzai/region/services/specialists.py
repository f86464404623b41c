"""External specialists: positions (alone or with partners), candidates and contracts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from jinzai.core.access import ensure_can
from jinzai.core.audit import audit

from .. import schemes
from ..models import Candidate, Contract, Position, PositionShare
from .common import clean_text

POSITION_FIELDS = (
    "kind",
    "title",
    "requirements",
    "itss_level",
    "scheme",
    "hours_per_month",
    "own_weight",
    "status",
)


def _owner(actor: Any, position: Position | None = None):
    ensure_can(actor, "region.position_manage")
    org = actor.organisation
    if position is not None and position.organisation_id != org.pk:
        raise PermissionDenied("region.position_manage")
    return org


def _partners_allowed(owner, partner) -> bool:
    """Joint hiring among the organisations of one prefecture (the prefecture itself included)."""
    home = owner if owner.kind == "prefecture" else owner.prefecture
    if home is None or partner.pk == owner.pk:
        return False
    return partner.pk == home.pk or partner.prefecture_id == home.pk


def _check(values: dict) -> dict:
    values = dict(values)
    values["title"] = clean_text(values.get("title"), label="募集の名称", required=True, max_length=120)
    values["requirements"] = clean_text(
        values.get("requirements"), label="求める経験・スキル", max_length=4000
    )
    if values.get("kind") not in Position.Kind.values:
        raise ValidationError("区分は一覧から選んでください。")
    if values.get("status", Position.Status.PLANNING) not in Position.Status.values:
        raise ValidationError("状況は一覧から選んでください。")
    if values.get("scheme") and values["scheme"] not in dict(schemes.position_choices()):
        raise ValidationError("活用する制度は一覧から選んでください。")
    return values


@transaction.atomic
def position_create(*, actor: Any, partners=(), **values: Any) -> Position:
    """partners: [(organisation, weight), …] for a joint hiring."""
    owner = _owner(actor)
    unknown = set(values) - set(POSITION_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    position = Position.objects.create(organisation=owner, **_check(values))
    for partner, weight in partners:
        _share(owner, position, partner, weight)
    audit(actor, "region.position.create", position, changed=sorted(values))
    return position


def _share(owner, position: Position, partner, weight: int) -> PositionShare:
    if not _partners_allowed(owner, partner):
        raise ValidationError("共同で確保する団体は、同じ県の団体から選んでください。")
    if int(weight) < 1:
        raise ValidationError("負担割合は1以上で入力してください。")
    share, _ = PositionShare.objects.update_or_create(
        position=position, partner=partner, defaults={"organisation": owner, "weight": int(weight)}
    )
    return share


@transaction.atomic
def position_update(*, actor: Any, position: Position, partners=None, **values: Any) -> Position:
    owner = _owner(actor, position)
    position = Position.objects.select_for_update().get(pk=position.pk)
    unknown = set(values) - set(POSITION_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    values = _check({k: getattr(position, k) for k in POSITION_FIELDS} | values)
    changed = [k for k, v in values.items() if getattr(position, k) != v]
    for key in changed:
        setattr(position, key, values[key])
    if changed:
        position.save()
    if partners is not None:
        keep = set()
        for partner, weight in partners:
            keep.add(_share(owner, position, partner, weight).pk)
        removed = PositionShare.objects.filter(position=position).exclude(pk__in=keep).delete()[0]
        if removed or partners:
            changed.append("partners")
    if changed:
        audit(actor, "region.position.update", position, changed=changed)
    return position


@transaction.atomic
def candidate_add(
    *, actor: Any, position: Position, name: str, affiliation: str = "", source: str = "", note: str = ""
):
    owner = _owner(actor, position)
    candidate = Candidate.objects.create(
        organisation=owner,
        position=position,
        name=clean_text(name, label="氏名", required=True, max_length=100),
        affiliation=clean_text(affiliation, label="現在の所属", max_length=120),
        source=clean_text(source, label="経路", max_length=80),
        note=clean_text(note, label="メモ", max_length=300),
    )
    audit(actor, "region.candidate.create", candidate, changed=["name", "affiliation", "source"])
    return candidate


@transaction.atomic
def candidate_update(*, actor: Any, candidate: Candidate, status: str, note: str | None = None) -> Candidate:
    _owner(actor, candidate.position)
    if status not in Candidate.Status.values:
        raise ValidationError("状況は一覧から選んでください。")
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    changed = []
    if candidate.status != status:
        candidate.status = status
        changed.append("status")
    if note is not None and note.strip() != candidate.note:
        candidate.note = clean_text(note, label="メモ", max_length=300)
        changed.append("note")
    if changed:
        candidate.save(update_fields=changed)
        audit(actor, "region.candidate.update", candidate, changed=changed)
    return candidate


@transaction.atomic
def contract_create(
    *,
    actor: Any,
    position: Position,
    person_name: str,
    starts_on: date,
    ends_on: date,
    basis: str,
    amount: int,
    hours_per_month: Decimal | None = None,
    scheme: str = "",
    note: str = "",
) -> Contract:
    owner = _owner(actor, position)
    if starts_on is None or ends_on is None:
        raise ValidationError("契約の期間を入力してください。")
    if ends_on < starts_on:
        raise ValidationError("契約の終わりは、始まり以後の日付にしてください。")
    if basis not in Contract.Basis.values:
        raise ValidationError("報酬の決め方は一覧から選んでください。")
    if amount is None or int(amount) < 0:
        raise ValidationError("報酬は0円以上で入力してください。")
    if basis == Contract.Basis.HOURLY and not hours_per_month:
        raise ValidationError("時間単価のときは、月あたりの時間を入力してください。")
    if scheme and scheme not in dict(schemes.position_choices()):
        raise ValidationError("活用する制度は一覧から選んでください。")
    contract = Contract.objects.create(
        organisation=owner,
        position=position,
        person_name=clean_text(person_name, label="氏名・事業者名", required=True, max_length=120),
        starts_on=starts_on,
        ends_on=ends_on,
        basis=basis,
        amount=int(amount),
        hours_per_month=hours_per_month or Decimal(0),
        scheme=scheme,
        note=clean_text(note, label="備考", max_length=300),
    )
    if position.status != Position.Status.FILLED:
        position.status = Position.Status.FILLED
        position.save(update_fields=["status"])
    audit(
        actor, "region.contract.create", contract, changed=["person_name", "starts_on", "ends_on", "amount"]
    )
    return contract
