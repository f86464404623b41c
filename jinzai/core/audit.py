"""Writing audit events. Every write to personal data, every login and every export calls `audit`."""

from __future__ import annotations

import contextvars
from collections.abc import Iterable
from typing import Any

from .models import AuditEvent

# Set per request by ActiveMembershipMiddleware so services need no request argument.
current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("jinzai_current_ip", default=None)


def _actor_fields(actor: Any) -> dict[str, Any]:
    """Accepts a Membership, a SystemActor, a User or None."""
    if actor is None:
        return {}
    user = getattr(actor, "user", None)
    if user is None and hasattr(actor, "is_authenticated"):
        user = actor  # a bare User (login events)
    username = getattr(actor, "label", None) or (user.get_username() if user is not None else "")
    organisation = getattr(actor, "organisation", None)
    if organisation is None and user is actor and user is not None:
        organisation = home_organisation(user)
    return {
        "user": user if user is not None and getattr(user, "pk", None) else None,
        "username": username[:150],
        "organisation": organisation,
        "role": str(getattr(actor, "role", ""))[:30],
    }


def home_organisation(user):
    """The organisation whose admins see a user's own events (login, password change): their first membership's."""
    from .middleware import memberships_for

    members = memberships_for(user) if getattr(user, "pk", None) else []
    return members[0].organisation if members else None


def build_event(
    actor: Any,
    action: str,
    obj: Any = None,
    *,
    changed: Iterable[str] = (),
    detail: dict | None = None,
    organisation: Any = None,
) -> AuditEvent:
    fields = _actor_fields(actor)
    if organisation is not None:
        fields["organisation"] = organisation
    elif fields.get("organisation") is None and obj is not None:
        fields["organisation"] = getattr(obj, "organisation", None)
    return AuditEvent(
        action=action,
        object_type=obj._meta.label_lower if obj is not None and hasattr(obj, "_meta") else "",
        object_id=str(obj.pk) if obj is not None and getattr(obj, "pk", None) is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        changed=sorted(changed),
        detail=detail or {},
        ip=current_ip.get(),
        **fields,
    )


def audit(actor: Any, action: str, obj: Any = None, **kwargs: Any) -> AuditEvent:
    event = build_event(actor, action, obj, **kwargs)
    event.save()
    return event


def audit_many(events: list[AuditEvent]) -> None:
    AuditEvent.objects.bulk_create(events, batch_size=2000)
