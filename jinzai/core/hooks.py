"""Extension points: the one way an app adds to a page or a computation that another app owns.

Every extension point is a :class:`Hook` declared here, in core, so that an app can contribute
without importing the app that owns the page (core imports no app; no app imports demo). An app
contributes in its own ``hooks.py`` module, which :func:`autodiscover` imports from
``CoreConfig.ready()`` for every installed ``jinzai.*`` app, in ``INSTALLED_APPS`` order::

    # jinzai/skills/hooks.py
    from jinzai.core import hooks

    @hooks.HOME_PANELS.register
    def skills_panel(membership):
        ...                     # a core.panels.Panel, or None to show nothing

The owner of the page calls the hook: ``hooks.HOME_PANELS.collect(membership)`` returns the
non-None results in registration order; ``hooks.METRICS.get("headcount")`` looks a keyed entry up.

| hook | contributed value | called by |
|---|---|---|
| HOME_PANELS | ``fn(membership) -> Panel | None`` | every role's home page |
| HOME_TASKS | ``fn(membership) -> list[Task]`` (「対応が必要なこと」; ``core.tasks.tasks_for``) | every role's home page and the counts of the left menu (``NavItem.tasks``) |
| CARD_SECTIONS | ``fn(viewer, staff) -> CardSection | None`` | the 人財カード |
| LEVEL_SUGGESTERS | ``fn(organisation, types) -> {type_pk: suggestion}`` | the 育成目標レベル page |
| METRICS | a ``planning.metrics.Metric`` (keyed by ``key``) | targets, dashboards, exports |
| REQUIREMENTS | a ``learning.eligibility.Requirement`` (keyed by ``key``) | internal certification |
| ORGANISATION_CREATED | ``fn(organisation)`` installs an app's defaults | ``core.services.organisation_create`` |
| TALENT_TYPE_CREATED | ``fn(talent_type)`` | ``talent.services.talent_type_create`` |
| ORGANISATION_FIGURES | ``fn(organisation) -> dict`` aggregate figures (no personal data) | prefecture dashboard |
| IMPORTERS | a ``core.importing.Importer`` (keyed by ``key``), via ``@register_importer`` | the import pipeline |
| CANDIDATE_FACTS | a ``talent.facts.FactSource`` (keyed by ``key``): skills, certifications, courses | candidate finder, duty backups |
| PLANNED_EFFECTS | ``fn(organisation, state, day) -> list[dict] | None`` what a planned state (a draft transfer list, ``talent.planned``) changes | transfer simulation |
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass
class Panel:
    """A home-page panel: a template and its context."""

    template: str
    context: dict = field(default_factory=dict)


class Urgency:
    """How soon a task wants doing; the panel lists the urgent first and says it in words (never colour
    alone): 急ぎ (a deadline has passed, a target is behind), 締切間近 (due within a week), お知らせ (a result
    to read, nothing to do)."""

    URGENT = "urgent"
    SOON = "soon"
    NORMAL = "normal"
    INFO = "info"
    ORDER = (URGENT, SOON, NORMAL, INFO)
    WORDS = {URGENT: "急ぎ", SOON: "締切間近", NORMAL: "", INFO: "お知らせ"}
    SOON_DAYS = 7

    @classmethod
    def of_deadline(cls, due: date | None, today: date, *, default: str = NORMAL) -> str:
        """急ぎ once the deadline has passed, 締切間近 within SOON_DAYS of it, else ``default``."""
        if due is None:
            return default
        if due < today:
            return cls.URGENT
        if (due - today).days <= cls.SOON_DAYS:
            return cls.SOON
        return default


@dataclass(frozen=True)
class Task:
    """One line of 「対応が必要なこと」: what to do, how many, where it is done, and by when.

    ``key`` names the task ("skills.rate"); a left-menu entry lists the keys whose counts it shows
    (``core.navigation.NavItem.tasks``). ``detail`` is plain text such as a fee (「受講料 合計 24,000円」);
    ``due`` is a date the template formats in the viewer's style after ``due_label`` (「締切」「次の開催」).
    A task with a count of 0 is not shown."""

    key: str
    label: str
    count: int
    url: str
    detail: str = ""
    due: date | None = None
    due_label: str = "締切"
    urgency: str = Urgency.NORMAL

    @property
    def urgency_word(self) -> str:
        return Urgency.WORDS.get(self.urgency, "")


@dataclass
class CardSection:
    """A section of the 人財カード: a template and its context."""

    template: str
    context: dict = field(default_factory=dict)


class Hook:
    """A named extension point; contributions run in registration order."""

    def __init__(self, name: str, *, key: Callable[[Any], str] | None = None) -> None:
        self.name = name
        self._key = key
        self._items: list[Any] = []
        self._by_key: dict[str, Any] = {}

    def register(self, item: Any) -> Any:
        """Add a contribution (usable as a decorator); registering the same object twice is a no-op."""
        if item in self._items:
            return item
        if self._key is not None:
            key = self._key(item)
            if key in self._by_key:
                raise ValueError(f"{self.name}: {key!r} registered twice")
            self._by_key[key] = item
        self._items.append(item)
        return item

    def unregister(self, item: Any) -> None:
        """Remove a contribution (tests that add one for a moment)."""
        self._items.remove(item)
        if self._key is not None:
            self._by_key.pop(self._key(item), None)

    def replace(self, item: Any) -> Any:
        """Put ``item`` in place of the keyed entry with the same key; returns the old one."""
        assert self._key is not None, "replace() is for keyed hooks"
        key = self._key(item)
        old = self._by_key[key]
        self._items[self._items.index(old)] = item
        self._by_key[key] = item
        return old

    def __iter__(self) -> Iterator[Any]:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def collect(self, *args: Any, **kwargs: Any) -> list[Any]:
        """Call every contribution; the results that are not None, in order."""
        return [result for fn in self._items if (result := fn(*args, **kwargs)) is not None]

    def run(self, *args: Any, **kwargs: Any) -> None:
        """Call every contribution for its effect."""
        for fn in list(self._items):
            fn(*args, **kwargs)

    def get(self, key: str, default: Any = None) -> Any:
        return self._by_key.get(key, default)

    def __getitem__(self, key: str) -> Any:
        return self._by_key[key]

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def keys(self) -> list[str]:
        return list(self._by_key)

    def values(self) -> list[Any]:
        return list(self._items)

    def items(self) -> list[tuple[str, Any]]:
        return list(self._by_key.items())


HOME_PANELS = Hook("home_panels")
HOME_TASKS = Hook("home_tasks")
CARD_SECTIONS = Hook("card_sections")
LEVEL_SUGGESTERS = Hook("level_suggesters")
METRICS = Hook("metrics", key=lambda metric: metric.key)
REQUIREMENTS = Hook("requirements", key=lambda requirement: requirement.key)
ORGANISATION_CREATED = Hook("organisation_created")
TALENT_TYPE_CREATED = Hook("talent_type_created")
ORGANISATION_FIGURES = Hook("organisation_figures")
IMPORTERS = Hook("importers", key=lambda importer: importer.key)
CANDIDATE_FACTS = Hook("candidate_facts", key=lambda source: source.key)
PLANNED_EFFECTS = Hook("planned_effects")


def autodiscover() -> None:
    """Import ``<app>.hooks`` for every installed jinzai app that has one."""
    from django.apps import apps

    for config in apps.get_app_configs():
        if not config.name.startswith("jinzai."):
            continue
        module = f"{config.name}.hooks"
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)
