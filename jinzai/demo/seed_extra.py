"""Demo data of later apps (skills, learning): each app adds its seeder here via `EXTRA_SEEDERS`.

A seeder is `fn(org)` run once for a newly created demo organisation, after planning data.
"""

from __future__ import annotations

from collections.abc import Callable

EXTRA_SEEDERS: list[Callable] = []


def seed_extra(org) -> None:
    for seeder in EXTRA_SEEDERS:
        seeder(org)
