"""The shape every rule engine reports in.

A finding names the rule of ``shared/spec/RULES.md`` it comes from, so that grepping a rule ID leads to its
code, its message, its tests and its line in ``docs/rules.md``. Engines are pure: they build both the Chinese
and the English message themselves (no gettext, no settings), and the UI picks the one of the active language.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from django.utils.translation import get_language

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"


def _plain(value: int | Fraction | None) -> int | str | None:
    """JSON-friendly number: integers stay integers, exact fractions become 'p/q' strings."""
    if value is None or isinstance(value, int):
        return value
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    return value


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    scope: str
    message: str  # Simplified Chinese, the official language of the documents
    message_en: str
    actual: int | Fraction | None = None
    limit: int | Fraction | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def localized(self, language: str | None = None) -> str:
        language = language or get_language() or "zh-hans"
        return self.message_en if language.startswith("en") else self.message

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "scope": self.scope,
            "actual": _plain(self.actual),
            "limit": _plain(self.limit),
            "message": self.message,
            "message_en": self.message_en,
        }
