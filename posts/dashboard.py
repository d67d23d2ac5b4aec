"""Pure aggregation for the HR jurisdiction dashboard: the level structure of a jurisdiction against its overall
target (POST-02), 正高:副高 (POST-05) and directional posts (POST-08), as numbers a server-side SVG bar can draw.

The verdicts (ok / not ok) come from the engine's findings (``rules.check_jurisdictions``), never from the floats
drawn here: the percentages are for the eye only (POST-07 compares exactly).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from posts import rules
from workflow.findings import Finding
from workflow.models import Jurisdiction


def _pct(part: int | Fraction, whole: int | Fraction) -> float:
    if not whole:
        return 0.0
    return round(float(Fraction(part) * 100 / Fraction(whole)), 1)


@dataclass(frozen=True)
class Segment:
    key: str  # senior | intermediate | junior
    label: str
    pct: float  # width in % of the bar
    x: float  # start in % of the bar


@dataclass(frozen=True)
class CapBar:
    rule: str
    scope: str
    label: str
    actual_pct: float
    limit_pct: float
    actual_text: str
    limit_text: str
    severity: str | None  # the engine's verdict for this scope: "error", "warning" or None (complies)

    @property
    def bar_pct(self) -> float:
        return min(self.actual_pct, 100.0)


def _segments(shares: Sequence[tuple[str, str, float]]) -> list[Segment]:
    x = 0.0
    out = []
    for key, label, pct in shares:
        out.append(Segment(key, label, pct, round(x, 1)))
        x += pct
    return out


def structure_bars(totals: rules.JurisdictionTotals, profile: rules.RatioProfile) -> dict[str, list[Segment]]:
    """高级 : 中级 : 初级 — the target (cumulative caps read back as shares) and the actual shares of P."""
    target_s = profile.senior_cap
    target_i = profile.senior_intermediate_cap - profile.senior_cap
    target_j = 1 - profile.senior_intermediate_cap
    p = totals.professional
    junior = p - totals.senior - totals.intermediate
    return {
        "target": _segments(
            [
                ("senior", _("高级"), _pct(target_s, 1)),
                ("intermediate", _("中级"), _pct(target_i, 1)),
                ("junior", _("初级"), _pct(target_j, 1)),
            ]
        ),
        "actual": _segments(
            [
                ("senior", _("高级"), _pct(totals.senior, p)),
                ("intermediate", _("中级"), _pct(totals.intermediate, p)),
                ("junior", _("初级"), _pct(junior, p)),
            ]
        ),
    }


def cap_bars(
    totals: rules.JurisdictionTotals, profile: rules.RatioProfile, aggregate: Sequence[Finding]
) -> list[CapBar]:
    key = totals.jurisdiction
    verdict = {f.scope: f.severity for f in aggregate}
    p = totals.professional
    bars = [
        CapBar("POST-02", f"jurisdiction:{key}:senior", _("高级岗位占专业技术岗位"), _pct(totals.senior, p),
               _pct(profile.senior_cap, 1), f"{totals.senior} / {p}",
               f"≤ {rules.allowed_count(profile.senior_cap, p, profile.rounding)}",
               verdict.get(f"jurisdiction:{key}:senior")),
        CapBar("POST-02", f"jurisdiction:{key}:senior+intermediate", _("高级和中级合计占专业技术岗位"),
               _pct(totals.senior + totals.intermediate, p), _pct(profile.senior_intermediate_cap, 1),
               f"{totals.senior + totals.intermediate} / {p}",
               f"≤ {rules.allowed_count(profile.senior_intermediate_cap, p, profile.rounding)}",
               verdict.get(f"jurisdiction:{key}:senior+intermediate")),
        # 正高 as a share of 副高: the upper bound of the range (city 1:3 → 33.3 %) is the cap drawn.
        CapBar("POST-05", f"jurisdiction:{key}:full_to_deputy", _("正高级与副高级之比（正高 ÷ 副高）"),
               _pct(totals.full_senior, totals.deputy_senior), _pct(profile.full_to_deputy_max, 1),
               f"{totals.full_senior} : {totals.deputy_senior}",
               profile.full_to_deputy_label_en if (get_language() or "").startswith("en") else profile.full_to_deputy_label,
               verdict.get(f"jurisdiction:{key}:full_to_deputy")),
    ]  # fmt: skip
    if profile.directional_share_max is not None:
        base = p + totals.directional
        bars.append(
            CapBar("POST-08", f"jurisdiction:{key}:directional", _("定向评价、定向使用岗位占专业技术岗位"),
                   _pct(totals.directional, base), _pct(profile.directional_share_max, 1),
                   f"{totals.directional} / {base}",
                   f"≤ {rules.allowed_count(profile.directional_share_max, base, profile.rounding)}",
                   verdict.get(f"jurisdiction:{key}:directional"))
        )  # fmt: skip
    return bars


def jurisdiction_overview(
    key: str,
    totals: rules.JurisdictionTotals | None,
    profile: rules.RatioProfile,
    aggregate: Sequence[Finding],
) -> dict:
    """``totals``: ``rules.jurisdiction_totals(...)[key]`` of the filed schemes, or None when there is none."""
    totals = totals or rules.JurisdictionTotals(key, 0, 0, 0, 0, 0, 0, 0)
    return {
        "key": key,
        "name": Jurisdiction(key).label,
        "totals": totals,
        "junior": totals.professional - totals.senior - totals.intermediate,
        "profile": profile,
        "structure": structure_bars(totals, profile),
        "caps": cap_bars(totals, profile, aggregate),
        "aggregate": list(aggregate),
        "ok": not any(f.is_error for f in aggregate),
    }
