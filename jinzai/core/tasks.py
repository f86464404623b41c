"""「対応が必要なこと」: the tasks every app contributes through ``hooks.HOME_TASKS``, collected once per
request for the home panel and the counts of the left menu.

The list is kept on the acting membership (a fresh object per request, like Django's permission cache
on a user), so the home page and the menu of the same request share one computation. Code that changes
data and asks again within the same object must pass ``fresh=True``.

Across requests the list is a validated cache (``core.audit.validated``, docs/decisions.md C12): the menu
shows the counts on every page, and measuring them costs dozens of queries (a plan's progress among
them), so a viewer's list is kept and used again on the same day while the audit logs of the
organisations it is about hold no new write. A write anywhere in them measures it again.
"""

from __future__ import annotations

from django.utils import timezone

from . import hooks
from .audit import validated
from .hooks import Task, Urgency

_CACHE = "_jinzai_tasks"


def _sort_key(indexed: tuple[int, Task]):
    position, task = indexed
    urgency = Urgency.ORDER.index(task.urgency) if task.urgency in Urgency.ORDER else len(Urgency.ORDER)
    return (urgency, task.due is None, task.due or 0, position)


def tasks_for(membership, *, fresh: bool = False) -> list[Task]:
    """The viewer's tasks with a count above 0: the urgent first, then by deadline, then in the order the
    apps registered them."""
    if not membership:
        return []
    if not fresh:
        cached = getattr(membership, _CACHE, None)
        if cached is not None:
            return cached

    def measure() -> list[Task]:
        found: list[Task] = []
        for contributed in hooks.HOME_TASKS.collect(membership):
            found.extend(t for t in contributed if t is not None and t.count > 0)
        return [task for _, task in sorted(enumerate(found), key=_sort_key)]

    if fresh:
        ordered = measure()
    else:
        key = f"jinzai:tasks:{membership.pk}:{membership.user_id}:{membership.organisation_id}:{membership.role}"
        ordered = validated(key, _watched(membership), timezone.localdate(), measure)
    setattr(membership, _CACHE, ordered)
    return ordered


def _watched(membership) -> list[int]:
    """The organisations whose writes can change a viewer's tasks: their own, its prefecture and, for a
    prefecture, its municipalities (support requests, joint courses and visits cross between them)."""
    from .selectors import organisation_neighbours

    return organisation_neighbours(membership.organisation)


def counts_by_key(tasks: list[Task]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for task in tasks:
        counts[task.key] = counts.get(task.key, 0) + task.count
    return counts
