"""「対応が必要なこと」: the tasks every app contributes through ``hooks.HOME_TASKS``, collected once per
request for the home panel and the counts of the left menu.

The list is kept on the acting membership (a fresh object per request, like Django's permission cache
on a user), so the home page and the menu of the same request share one computation. Code that changes
data and asks again within the same object must pass ``fresh=True``.
"""

from __future__ import annotations

from . import hooks
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
    found: list[Task] = []
    for contributed in hooks.HOME_TASKS.collect(membership):
        found.extend(t for t in contributed if t is not None and t.count > 0)
    ordered = [task for _, task in sorted(enumerate(found), key=_sort_key)]
    setattr(membership, _CACHE, ordered)
    return ordered


def counts_by_key(tasks: list[Task]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for task in tasks:
        counts[task.key] = counts.get(task.key, 0) + task.count
    return counts
