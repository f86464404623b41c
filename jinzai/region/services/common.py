"""Helpers shared by the region services: who is on which side of the boundary."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from jinzai.core.access import SystemActor, ensure_can
from jinzai.core.models import Organisation


def is_system(actor: Any) -> bool:
    return isinstance(actor, SystemActor)


def ensure_prefecture(actor: Any, perm: str) -> Organisation:
    """The actor acts for a prefecture and holds `perm`; returns the prefecture."""
    ensure_can(actor, perm)
    org = actor.organisation
    if org is None or org.kind != Organisation.Kind.PREFECTURE:
        raise PermissionDenied(perm)
    return org


def ensure_municipality(actor: Any, perm: str) -> Organisation:
    """The actor acts for a municipality (with a prefecture) and holds `perm`; returns the municipality."""
    ensure_can(actor, perm)
    org = actor.organisation
    if org is None or org.kind != Organisation.Kind.MUNICIPALITY or org.prefecture_id is None:
        raise PermissionDenied(perm)
    return org


def ensure_member(prefecture: Organisation, municipality: Organisation, perm: str = "region") -> None:
    """`municipality` is one of `prefecture`'s municipalities (the prefecture side's scope check)."""
    if municipality.kind != Organisation.Kind.MUNICIPALITY or municipality.prefecture_id != prefecture.pk:
        raise PermissionDenied(perm)


def ensure_case_of(actor: Any, perm: str, row: Any) -> Organisation:
    """A municipality-owned row addressed to the actor's prefecture (a request, dispatch or visit)."""
    prefecture = ensure_prefecture(actor, perm)
    if row.prefecture_id != prefecture.pk:
        raise PermissionDenied(perm)
    return prefecture


def clean_text(value: Any, *, label: str, required: bool = False, max_length: int | None = None) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError(f"{label}を入力してください。")
    if max_length is not None and len(text) > max_length:
        raise ValidationError(
            f"{label}は{max_length}文字以内で入力してください（いまは{len(text)}文字です）。"
        )
    return text


def role_of(actor: Any) -> str:
    return str(getattr(actor, "role", "") or "")
