"""The home page shows each role's inbox. Apps higher up (posts, titles) register what waits for a role in their
AppConfig.ready(), so workflow never imports them (dependencies point one way)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class InboxItem:
    title: str
    url: str = ""
    detail: str = ""
    due_on: object = None  # a date, when the item has a deadline
    waiting_since: object = None


@dataclass(frozen=True)
class InboxSection:
    key: str
    title: str
    items: list[InboxItem] = field(default_factory=list)
    more_url: str = ""
    total: int | None = None


Provider = Callable[[object, object], InboxSection | None]  # (user, membership) -> section
_providers: dict[str, list[Provider]] = {}


def register(role: str, provider: Provider) -> None:
    if provider not in _providers.setdefault(role, []):
        _providers[role].append(provider)


def sections_for(user, membership) -> list[InboxSection]:
    sections = []
    for provider in _providers.get(membership.role, []):
        section = provider(user, membership)
        if section is not None:
            sections.append(section)
    return sections
