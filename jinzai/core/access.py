"""Who may do what. Each app declares its rules in its own `permissions.py` and registers them here.

A rule maps a permission name to the roles that hold it. Object scope (own unit, own
record, own organisation) is the job of selectors; this module answers "may this
role use this feature at all" and turns a refusal into an audited 403.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .roles import Role

_RULES: dict[str, frozenset[Role]] = {}


def register(rules: dict[str, Iterable[Role]]) -> None:
    for name, roles in rules.items():
        if name in _RULES:
            raise ValueError(f"permission {name} registered twice")
        _RULES[name] = frozenset(roles)


def roles_for(perm: str) -> frozenset[Role]:
    try:
        return _RULES[perm]
    except KeyError:
        raise KeyError(f"unknown permission {perm!r}; declare it in an app's permissions.py") from None


@dataclass(frozen=True)
class SystemActor:
    """The actor of management commands and cron jobs: acts for one organisation, audited by label."""

    organisation: Any
    label: str
    role: str = "system"
    user: Any = None
    pk: None = None


def can(actor: Any, perm: str) -> bool:
    allowed = roles_for(perm)
    if isinstance(actor, SystemActor):
        return True
    if actor is None or not getattr(actor, "is_active", False):
        return False
    return actor.role in allowed  # Role is a str enum: the stored value matches its member


def ensure_can(actor: Any, perm: str, obj: Any = None) -> None:
    """Raise PermissionDenied unless the actor holds `perm` (and `obj` is in its organisation).

    An object that carries no organisation (no ``organisation_id``, or an empty one) is refused: every
    tenant row has its organisation, so one without is a mistake, not a pass. An Organisation is its own.
    """
    if not can(actor, perm):
        raise PermissionDenied(perm)
    if obj is None:
        return
    org_id = getattr(obj, "organisation_id", None)
    if org_id is None and getattr(getattr(obj, "_meta", None), "label", "") == "core.Organisation":
        org_id = obj.pk
    own = getattr(getattr(actor, "organisation", None), "pk", None)
    if org_id is None or own is None or org_id != own:
        raise PermissionDenied(perm)


def require_perm(perm: str) -> Callable:
    """View decorator: login required, an active membership holding `perm`, else an audited 403."""
    roles_for(perm)  # fail at import time on a typo

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = request.membership
            if not can(membership, perm):
                from .audit import audit

                audit(
                    membership or request.user, "access.denied", detail={"perm": perm, "path": request.path}
                )
                request._jinzai_refusal_audited = True  # the 403 page does not record it twice
                raise PermissionDenied(perm)
            return view(request, *args, **kwargs)

        wrapped.required_perm = perm
        return wrapped

    return decorator


# --- personal fields: who may see which person's which field ---------------------------------------
#
# One table for the whole product. Each app declares the fields it shows about a person in its own
# `permissions.py` with `register_fields(...)`; every view, card section and export that shows them asks
# `can_see_field(viewer, staff, key)` (one person) or filters rows with `field_scope(viewer, key)`
# (people.selectors.rows_with_field). docs/roles.md carries the same table; a test compares them.


@dataclass(frozen=True)
class PersonalField:
    """A field (or a kind of record) about one person and who may read it.

    roles:   roles that read it for every person of their own organisation
    manager: a 所属長 reads it for the people of the units they look after (with sub-units)
    self:    the person reads their own
    Executives and prefecture roles are never in `roles`: they see aggregates only.
    """

    key: str
    label: str
    roles: frozenset[Role]
    manager: bool = False
    self: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "roles", frozenset(Role(r) for r in self.roles))


_FIELDS: dict[str, PersonalField] = {}
NO_PERSONAL_DATA = frozenset({Role.EXECUTIVE, Role.PREFECTURE_SUPPORT, Role.ADMIN})


def register_fields(*fields: PersonalField) -> None:
    for f in fields:
        if f.key in _FIELDS:
            raise ValueError(f"personal field {f.key} registered twice")
        if f.roles & NO_PERSONAL_DATA:
            raise ValueError(f"{f.key}: executives, prefecture roles and admins see aggregates only")
        _FIELDS[f.key] = f


def personal_fields() -> list[PersonalField]:
    return list(_FIELDS.values())


def personal_field(key: str) -> PersonalField:
    try:
        return _FIELDS[key]
    except KeyError:
        raise KeyError(f"unknown personal field {key!r}; declare it in an app's permissions.py") from None


@dataclass(frozen=True)
class FieldScope:
    """The people of the viewer's organisation whose field the viewer may read."""

    organisation_id: int | None
    everyone: bool = False
    unit_ids: frozenset[int] = frozenset()
    staff_id: int | None = None

    @property
    def nobody(self) -> bool:
        return not self.everyone and not self.unit_ids and self.staff_id is None

    @property
    def reaches_others(self) -> bool:
        """The viewer may read this field of someone other than themselves."""
        return self.everyone or bool(self.unit_ids)

    def includes(self, staff: Any) -> bool:
        if staff is None or self.organisation_id is None or staff.organisation_id != self.organisation_id:
            return False
        return (
            self.everyone
            or (self.staff_id is not None and staff.pk == self.staff_id)
            or (staff.current_unit_id is not None and staff.current_unit_id in self.unit_ids)
        )

    def covers(self, other: FieldScope) -> bool:
        """Everyone `other` reaches is reached by this scope too (used for columns of a list)."""
        if self.everyone:
            return True
        if other.everyone:
            return False
        return other.unit_ids <= self.unit_ids and other.staff_id in (None, self.staff_id)


def _manager_units(viewer: Any) -> frozenset[int]:
    cached = getattr(viewer, "_jinzai_manager_units", None)
    if cached is None:
        from .selectors import manager_scope_ids

        cached = frozenset(manager_scope_ids(viewer))
        with suppress(AttributeError):  # frozen actors keep no cache
            viewer._jinzai_manager_units = cached
    return cached


def field_scope(viewer: Any, key: str) -> FieldScope:
    rule = personal_field(key)
    organisation = getattr(viewer, "organisation", None)
    org_id = getattr(organisation, "pk", None)
    if isinstance(viewer, SystemActor):
        return FieldScope(org_id, everyone=True)
    if viewer is None or not getattr(viewer, "is_active", False) or org_id is None:
        return FieldScope(None)
    role = Role(viewer.role)
    if role in rule.roles:
        return FieldScope(org_id, everyone=True)
    units = _manager_units(viewer) if rule.manager and role == Role.MANAGER else frozenset()
    staff_id = getattr(viewer, "staff_id", None) if rule.self else None
    return FieldScope(org_id, unit_ids=units, staff_id=staff_id)


def can_see_field(viewer: Any, staff: Any, key: str) -> bool:
    """May `viewer` read field `key` of person `staff`? (The one question every personal view asks.)"""
    return field_scope(viewer, key).includes(staff)


def ensure_field_scope(viewer: Any, key: str) -> FieldScope:
    """The scope of `key` for a page about other people (a unit's matrix, a list of names), or a 403
    (audited by the 403 page) when the viewer may read it of nobody but themselves (aggregates only)."""
    scope = field_scope(viewer, key)
    if not scope.reaches_others:
        raise PermissionDenied(key)
    return scope
