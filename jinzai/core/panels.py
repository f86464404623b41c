"""Panels other apps add to role home pages (the current plan's status, …).

An app registers `provider(membership) -> Panel | None` in its AppConfig.ready(); every home page renders
the panels its providers return, in registration order. Return None when the role may not see it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)


_PROVIDERS: list[Callable] = []


def register_home_panel(provider: Callable) -> Callable:
    _PROVIDERS.append(provider)
    return provider


def home_panels(membership) -> list[Panel]:
    return [panel for provider in _PROVIDERS if (panel := provider(membership)) is not None]
