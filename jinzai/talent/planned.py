"""A planned state: the assignments a draft transfer list (異動内示) would create, for measuring before it is
applied (docs/decisions.md T3).

A :class:`PlannedState` holds, per person, the main posting and the concurrent posts (兼務) they would have
from a date on. Inside ``with planned(state):`` the loaders that read postings — planning's designated-people
loader (``planning.metrics``), this app's coverage, duty and candidate reads — see the database *as if the
draft were applied*: for the people it names, postings after the date are replaced by the planned ones.
Nothing is written. Outside the block (and in another thread) nothing changes.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, timedelta

Posting = tuple[int, int | None, date, date | None]  # (unit, grade, from, to)


@dataclass(frozen=True)
class PlannedMove:
    """From ``on``: the main posting (``unit_id``/``grade_id``; None keeps the current one) and, when
    ``concurrent`` is not None, exactly these concurrent posts (兼務)."""

    staff_id: int
    on: date
    unit_id: int | None = None
    grade_id: int | None = None
    concurrent: frozenset[int] | None = None

    @property
    def moves_main(self) -> bool:
        return self.unit_id is not None or self.grade_id is not None


@dataclass(frozen=True)
class PlannedState:
    organisation_id: int
    moves: dict[int, PlannedMove] = field(default_factory=dict)

    @functools.cached_property
    def token(self) -> str:
        """A short identity for memo keys (two states with the same moves share their loads); computed once
        per state (every memo key of a simulation carries it)."""
        text = repr(
            sorted(
                (
                    m.staff_id,
                    m.on,
                    m.unit_id,
                    m.grade_id,
                    tuple(sorted(m.concurrent or ())) if m.concurrent is not None else None,
                )
                for m in self.moves.values()
            )
        )
        return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:16]

    @property
    def last_day(self) -> date | None:
        return max((m.on for m in self.moves.values()), default=None)


_state: ContextVar[PlannedState | None] = ContextVar("jinzai_planned_state", default=None)


@contextmanager
def planned(state: PlannedState | None) -> Iterator[PlannedState | None]:
    token = _state.set(state)
    try:
        yield state
    finally:
        _state.reset(token)


def current(organisation_id: int | None = None) -> PlannedState | None:
    """The planned state in force (for this organisation), or None."""
    state = _state.get()
    if state is None or (organisation_id is not None and state.organisation_id != organisation_id):
        return None
    return state


def memo_token(organisation_id: int) -> str:
    """Part of a memo key: '' for the database, the state's token inside ``planned(...)``."""
    state = current(organisation_id)
    return state.token if state is not None else ""


def overlay_postings(organisation_id: int, postings: dict[int, list[Posting]]) -> dict[int, list[Posting]]:
    """Main postings as they would be with the planned state: for each person it moves, the postings
    that run past the day before the move are cut there and the planned posting starts on that day.
    Returns ``postings`` itself when no state is in force (the common case costs nothing)."""
    state = current(organisation_id)
    if state is None:
        return postings
    result = dict(postings)
    for staff_id, move in state.moves.items():
        if staff_id not in postings or not move.moves_main:
            continue
        eve = move.on - timedelta(days=1)
        kept: list[Posting] = []
        current_unit, current_grade = None, None
        for unit_id, grade_id, start, end in postings[staff_id]:
            if start <= eve:
                if end is None or end >= move.on:
                    current_unit, current_grade = unit_id, grade_id
                kept.append((unit_id, grade_id, start, end if end is not None and end <= eve else eve))
            elif start <= move.on and (end is None or end >= move.on):
                current_unit, current_grade = unit_id, grade_id
        unit_id = move.unit_id if move.unit_id is not None else current_unit
        grade_id = move.grade_id if move.grade_id is not None else current_grade
        if unit_id is not None:
            kept.append((unit_id, grade_id, move.on, None))
        result[staff_id] = kept
    return result


def overlay_concurrent(
    organisation_id: int, posts: dict[int, list[tuple[int, date, date | None]]]
) -> dict[int, list[tuple[int, date, date | None]]]:
    """Concurrent posts (unit, from, to) with the planned state: a move that names its 兼務 replaces
    the posts in force on its day (they end the day before, the planned ones start that day)."""
    state = current(organisation_id)
    if state is None:
        return posts
    result = dict(posts)
    for staff_id, move in state.moves.items():
        if move.concurrent is None:
            continue
        eve = move.on - timedelta(days=1)
        kept = [
            (u, s, e if e is not None and e <= eve else eve)
            for u, s, e in posts.get(staff_id, ())
            if s <= eve
        ]
        kept += [(u, move.on, None) for u in sorted(move.concurrent)]
        result[staff_id] = kept
    return result
