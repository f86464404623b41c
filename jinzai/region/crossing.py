"""Auditing what crosses an organisation's boundary (docs/decisions.md R4).

Personal data of a municipality read or written by the prefecture is recorded in the *owner's* audit log
(organisation = the municipality), so its admin sees in its own 監査ログ what left it, and once more in the
actor's log. Aggregates are recorded once, in the reader's log, with the 団体コード whose figures were read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jinzai.core.audit import audit, audit_many, build_event


def audit_crossing(
    actor: Any,
    action: str,
    obj: Any = None,
    *,
    owner: Any,
    people: Iterable[int] = (),
    detail: dict | None = None,
) -> None:
    people = sorted({int(p) for p in people})
    info = {**(detail or {}), "owner": owner.code, "by": getattr(actor.organisation, "code", "")}
    if people:
        info["people"] = people
    events = [build_event(actor, action, obj, organisation=owner, detail=info)]
    if getattr(actor.organisation, "pk", None) != owner.pk:
        events.append(build_event(actor, action, obj, organisation=actor.organisation, detail=info))
    audit_many(events)


def audit_figures(actor: Any, action: str, codes: Iterable[str], *, detail: dict | None = None) -> None:
    audit(actor, action, detail={**(detail or {}), "organisations": sorted(set(codes))})
