"""What other apps know about people that the candidate finder and the duty backups use (docs/decisions.md T2).

The talent app cannot import the apps that import it (skills, learning). They contribute a
:class:`FactSource` each through ``core.hooks.CANDIDATE_FACTS`` from their own hooks module:

- ``skill``: confirmed skill levels (skills app), filtered by an item and a minimum level;
- ``certification``: certifications verified and valid on the day (learning app);
- ``course``: completed training courses (learning app).

A source answers three questions, each in one query whatever the number of staff:

- ``holders(organisation, value, level, day)`` — a queryset of staff ids (``values("staff_id")``) that hold
  the fact (for filters, inside the candidate query);
- ``strength(organisation, value, day)`` — an expression on ``Staff`` rows (``OuterRef("pk")``) between 0
  and 1 that the score weighs (the chosen item's level, the number of certifications …);
- ``facts(organisation, staff_ids, day)`` — ``{staff_id: [Fact, …]}`` for the reasons written in words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from jinzai.core import hooks


@dataclass(frozen=True)
class Fact:
    source: str
    value: int
    label: str
    level: int | None = None

    @property
    def key(self) -> str:
        return f"{self.source}:{self.value}"


@dataclass(frozen=True)
class FactSource:
    key: str  # "skill" | "certification" | "course"
    label: str  # the filter's label: 「スキル項目」
    choices: Callable[[Any], list[tuple[int, str]]]
    holders: Callable[[Any, int, int | None, date], Any]
    strength: Callable[[Any, int | None, date], Any]
    facts: Callable[[Any, Iterable[int], date], dict[int, list[Fact]]]
    describe: Callable[[Fact], str]  # 「業務改善 Lv4」「ITパスポート保有」
    has_levels: bool = False
    order: int = 0  # the order of a person's reasons


def sources() -> list[FactSource]:
    return sorted(hooks.CANDIDATE_FACTS, key=lambda s: s.order)


def source(key: str) -> FactSource | None:
    return hooks.CANDIDATE_FACTS.get(key)


def parse_key(text: str) -> tuple[str, int] | None:
    """ "skill:12" → ("skill", 12); anything else → None."""
    from jinzai.core.params import parse_id

    name, _, value = (text or "").partition(":")
    pk = parse_id(value)
    if source(name) is None or pk is None:
        return None
    return name, pk


def choices_for_keys(organisation) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every fact one can ask of a duty's backup, grouped by source (for a multiple select)."""
    return [(s.label, [(f"{s.key}:{pk}", label) for pk, label in s.choices(organisation)]) for s in sources()]


def label_of_keys(organisation, keys: Iterable[str]) -> list[str]:
    wanted = [k for k in (parse_key(k) for k in keys) if k is not None]
    labels = []
    for name, pk in wanted:
        found = dict(source(name).choices(organisation))
        if pk in found:
            labels.append(found[pk])
    return labels
