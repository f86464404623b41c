"""Who may do what. Each app declares its rules in its own `permissions.py` and registers them here.

A rule maps a permission name to the roles that hold it. Object scope (own unit, own
record, own organisation) is the job of selectors; this module answers "may this
role use this feature at all" and turns a refusal into an audited 403.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
    return Role(actor.role) in allowed


def ensure_can(actor: Any, perm: str, obj: Any = None) -> None:
    """Raise PermissionDenied unless the actor holds `perm` (and `obj` is in its organisation)."""
    if not can(actor, perm):
        raise PermissionDenied(perm)
    if obj is not None and getattr(obj, "organisation_id", actor.organisation.pk) != actor.organisation.pk:
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
                raise PermissionDenied(perm)
            return view(request, *args, **kwargs)

        wrapped.required_perm = perm
        return wrapped

    return decorator
