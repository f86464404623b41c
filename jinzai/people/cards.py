"""Sections other apps add to the 人財カード (designations, skills, certifications …).

An app registers a function `(viewer, staff) -> CardSection | None` in its AppConfig.ready(); the card
renders every section the function returns, in registration order. Returning None hides the section
(for instance when the viewer may not see it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class CardSection:
    template: str
    context: dict = field(default_factory=dict)


_PROVIDERS: list[Callable] = []


def register_card_section(provider: Callable) -> Callable:
    _PROVIDERS.append(provider)
    return provider


def card_sections(viewer, staff) -> list[CardSection]:
    sections = []
    for provider in _PROVIDERS:
        section = provider(viewer, staff)
        if section is not None:
            sections.append(section)
    return sections
