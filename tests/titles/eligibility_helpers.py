"""Builders for eligibility tests: a default applicant (the INTERFACES §3 example) changed per test."""

from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction

from titles.catalogue import SEPARATELY_ANNOUNCED_GROUPS, default_catalogue
from titles.eligibility import Applicant, CurrentTitle, Eligibility, GreenChannelClaim, eligibility_check

CATALOGUE = default_catalogue()
ONE_DAY = timedelta(days=1)
# The catalogue once HR has entered the separately announced 2023 dates (TITLE-02 "另行安排"): for the tests of other
# rules in 考评结合 series at senior level and in 体育/工艺美术/文学创作.
SEPARATE_CLOSES = date(2023, 6, 30)
ANNOUNCED = replace(
    CATALOGUE,
    windows=tuple(
        replace(w, closes_on=SEPARATE_CLOSES, review_ends_on=date(2023, 9, 30))
        if w.group in SEPARATELY_ANNOUNCED_GROUPS
        else w
        for w in CATALOGUE.windows
    ),
)

BASE = Applicant(
    year=2023,
    as_of=date(2023, 7, 14),
    employment="institution",
    unit_location="city",
    education="bachelor",
    full_time=True,
    degree="bachelor",
    graduated_on=date(2022, 7, 1),
    field_matches=True,
    work_started_on=date(2022, 7, 15),
    years_in_district=0,
    years_in_township=0,
    series="engineering",
    current_title=None,
    target_level="assistant",
)


def applicant(**changes) -> Applicant:
    if "rural_service_years" in changes:
        changes["rural_service_years"] = Fraction(changes["rural_service_years"])
    return replace(BASE, **changes)


def check(catalogue=CATALOGUE, **changes) -> Eligibility:
    return eligibility_check(applicant(**changes), catalogue)


def title(level: str, obtained_on: date, series: str = "engineering", original: date | None = None) -> CurrentTitle:
    return CurrentTitle(level=level, series=series, obtained_on=obtained_on, original_obtained_on=original)


def green(category: int, evidence=(), endorsements=(), peer_letters=0, programme=None) -> GreenChannelClaim:
    return GreenChannelClaim(category, frozenset(evidence), frozenset(endorsements), peer_letters, programme)


def routes(result: Eligibility, rule: str | None = None) -> list[tuple[str, str, str]]:
    return [(r.route, r.level, r.rule) for r in result.routes if rule is None or r.rule == rule]


def refusal_rules(result: Eligibility) -> list[str]:
    return [r.rule for r in result.refusals]


def refusal(result: Eligibility, rule: str):
    matches = [r for r in result.refusals if r.rule == rule]
    assert matches, f"no {rule} refusal in {result.refusals}"
    return matches[0]
