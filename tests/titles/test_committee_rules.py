"""CMTE-01 … CMTE-05: committees, plan filing, judges, quorum and votes (pure, no database)."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from fractions import Fraction

import pytest

from titles.committee_rules import (
    DEFAULT_SETTINGS,
    OWN_UNIT,
    Applicant,
    Committee,
    CommitteeSettings,
    Conflict,
    Judge,
    add_years,
    committee_composition_findings,
    committee_may_review,
    draw_panel,
    eligible_judges,
    external_expert_findings,
    plan_filing_findings,
    quorum,
    recusals,
    required_count,
    review_within_year,
    vote_outcome,
)


def judges(n: int, *, unit: str = "u", prefix: str = "j") -> tuple[Judge, ...]:
    return tuple(Judge(id=f"{prefix}{i:03d}", unit=f"{unit}{i}") for i in range(n))


def committee(**overrides) -> Committee:
    values = dict(
        id="c-eng",
        series="engineering",
        levels=frozenset({"deputy_senior"}),
        scope="city_direct",
        judges=judges(25),
        approved_on=date(2023, 3, 1),
    )
    values.update(overrides)
    return Committee(**values)


def scopes(findings) -> list[str]:
    return [f.scope for f in findings]


# ---------------------------------------------------------------------------------------------- settings


def test_cmte04_settings_ratios_are_exact_fractions():
    ratio_fields = {"quorum_share", "pass_share", "draw_ratio", "self_review_min_external_share"}
    for f in fields(CommitteeSettings):
        if f.name in ratio_fields:
            assert isinstance(getattr(DEFAULT_SETTINGS, f.name), Fraction), f.name
    assert DEFAULT_SETTINGS.quorum_share == Fraction(2, 3)
    assert DEFAULT_SETTINGS.pass_share == Fraction(2, 3)


def test_flow01_required_count_includes_the_bound():
    assert required_count(Fraction(2, 3), 15) == 10
    assert required_count(Fraction(2, 3), 25) == 17
    assert required_count(Fraction(2, 3), 16) == 11


# ---------------------------------------------------------------------------------------------- CMTE-04 composition


def test_cmte04_senior_by_series_25_experts_is_enough():
    assert committee_composition_findings(committee(judges=judges(25))) == []


def test_cmte04_senior_by_series_24_experts_is_too_few():
    findings = committee_composition_findings(committee(judges=judges(24)))
    minimum = [f for f in findings if f.scope == "senior_minimum"]
    assert len(minimum) == 1 and minimum[0].rule == "CMTE-04"
    assert (minimum[0].actual, minimum[0].limit) == (24, 25)


def test_cmte04_senior_by_specialty_11_experts_is_enough():
    c = committee(formed_by="specialty", specialties=frozenset({"civil"}), judges=judges(11))
    assert committee_composition_findings(c) == []


def test_cmte04_senior_by_specialty_10_experts_is_too_few():
    c = committee(formed_by="specialty", specialties=frozenset({"civil"}), judges=judges(10))
    assert "senior_minimum" in scopes(committee_composition_findings(c))


def test_cmte04_senior_minimum_is_a_setting():
    settings = CommitteeSettings(senior_min_experts_by_series=21)
    assert committee_composition_findings(committee(judges=judges(21)), settings=settings) == []


def test_cmte04_intermediate_committee_has_no_senior_minimum():
    c = committee(levels=frozenset({"intermediate", "assistant"}), judges=judges(9))
    assert committee_composition_findings(c) == []


def test_cmte04_odd_membership_passes():
    c = committee(levels=frozenset({"intermediate"}), judges=judges(13))
    assert "odd_membership" not in scopes(committee_composition_findings(c))


def test_cmte04_even_membership_is_refused():
    c = committee(levels=frozenset({"intermediate"}), judges=judges(14))
    findings = committee_composition_findings(c)
    assert scopes(findings) == ["odd_membership"]
    assert findings[0].rule == "CMTE-04" and findings[0].is_error


def test_cmte04_members_counted_are_those_in_term_on_the_date():
    out_of_term = Judge(id="z", unit="uz", term_start=date(2020, 1, 1), term_end=date(2022, 12, 31))
    c = committee(levels=frozenset({"intermediate"}), judges=judges(13) + (out_of_term,))
    assert "odd_membership" not in scopes(committee_composition_findings(c, date(2023, 6, 1)))
    assert "odd_membership" in scopes(committee_composition_findings(c))


def test_cmte04_filing_validity_exactly_three_years_passes():
    c = committee(approved_on=date(2021, 6, 1), valid_until=date(2024, 6, 1))
    assert "filing_validity" not in scopes(committee_composition_findings(c))


def test_cmte04_filing_validity_three_years_and_one_day_is_refused():
    c = committee(approved_on=date(2021, 6, 1), valid_until=date(2024, 6, 2))
    findings = [f for f in committee_composition_findings(c) if f.scope == "filing_validity"]
    assert len(findings) == 1 and findings[0].rule == "CMTE-04"


def test_cmte04_add_years_from_29_february_ends_28_february():
    assert add_years(date(2020, 2, 29), 3) == date(2023, 2, 28)


def test_cmte04_expert_term_exactly_three_years_passes():
    judge = Judge(id="t", unit="ut", term_start=date(2021, 1, 1), term_end=date(2024, 1, 1))
    c = committee(judges=judges(24) + (judge,))
    assert committee_composition_findings(c, date(2023, 6, 1)) == []


def test_cmte04_expert_term_three_years_and_one_day_is_refused():
    judge = Judge(id="t", unit="ut", term_start=date(2021, 1, 1), term_end=date(2024, 1, 2))
    c = committee(judges=judges(24) + (judge,))
    assert scopes(committee_composition_findings(c, date(2023, 6, 1))) == ["expert_term:t"]


# ---------------------------------------------------------------------------------------------- CMTE-01


def test_cmte01_approved_committee_may_review_its_series_level_and_scope():
    assert committee_may_review(committee(), date(2023, 9, 1), "engineering", "deputy_senior", "city_direct") == []


def test_cmte01_unapproved_committee_may_not_review():
    findings = committee_may_review(
        committee(approved_on=None), date(2023, 9, 1), "engineering", "deputy_senior", "city_direct"
    )
    assert [(f.rule, f.scope) for f in findings] == [("CMTE-01", "approval")]


def test_cmte01_review_on_the_approval_day_passes_and_the_day_before_is_refused():
    c = committee(approved_on=date(2023, 9, 1))
    assert committee_may_review(c, date(2023, 9, 1), "engineering", "deputy_senior", "city_direct") == []
    assert scopes(committee_may_review(c, date(2023, 8, 31), "engineering", "deputy_senior", "city_direct")) == [
        "approval"
    ]


def test_cmte01_review_on_the_last_valid_day_passes_and_the_next_day_is_expired():
    c = committee(approved_on=date(2020, 9, 1))  # valid 3 years: to 2023-09-01 inclusive
    assert committee_may_review(c, date(2023, 9, 1), "engineering", "deputy_senior", "city_direct") == []
    assert scopes(committee_may_review(c, date(2023, 9, 2), "engineering", "deputy_senior", "city_direct")) == [
        "expired"
    ]


def test_cmte01_stated_validity_shorter_than_three_years_is_used():
    c = committee(approved_on=date(2022, 9, 1), valid_until=date(2023, 8, 31))
    assert scopes(committee_may_review(c, date(2023, 9, 1), "engineering", "deputy_senior", "city_direct")) == [
        "expired"
    ]


@pytest.mark.parametrize(
    ("series", "level", "scope", "expected"),
    [
        ("health", "deputy_senior", "city_direct", ["series"]),
        ("engineering", "intermediate", "city_direct", ["level"]),
        ("engineering", "deputy_senior", "district:wuda", ["scope"]),
    ],
)
def test_cmte01_case_outside_series_level_or_scope_is_refused(series, level, scope, expected):
    findings = committee_may_review(committee(), date(2023, 9, 1), series, level, scope)
    assert scopes(findings) == expected
    assert {f.rule for f in findings} == {"CMTE-01"}


def test_cmte01_specialty_committee_refuses_another_specialty():
    c = committee(formed_by="specialty", specialties=frozenset({"civil"}), judges=judges(11))
    assert (
        committee_may_review(c, date(2023, 9, 1), "engineering", "deputy_senior", "city_direct", specialty="civil")
        == []
    )
    refused = committee_may_review(
        c, date(2023, 9, 1), "engineering", "deputy_senior", "city_direct", specialty="mining"
    )
    assert scopes(refused) == ["specialty"]


# ---------------------------------------------------------------------------------------------- CMTE-02


def test_cmte02_plan_filed_7_days_before_passes():
    assert plan_filing_findings(date(2023, 9, 1), date(2023, 9, 4), date(2023, 9, 8)) == []


def test_cmte02_plan_filed_6_days_before_is_refused():
    findings = plan_filing_findings(date(2023, 9, 2), date(2023, 9, 4), date(2023, 9, 8))
    assert [(f.rule, f.scope, f.actual, f.limit) for f in findings] == [("CMTE-02", "plan_lead", 6, 7)]


def test_cmte02_plan_lead_is_a_setting():
    settings = CommitteeSettings(plan_filing_lead_days=10)
    assert scopes(plan_filing_findings(date(2023, 9, 1), date(2023, 9, 4), date(2023, 9, 8), settings=settings)) == [
        "plan_lead"
    ]


def test_cmte02_meeting_without_approval_is_refused():
    findings = plan_filing_findings(date(2023, 9, 1), None, date(2023, 9, 8))
    assert [(f.rule, f.scope, f.severity) for f in findings] == [("CMTE-02", "plan_approval", "error")]


def test_cmte02_approval_after_the_meeting_is_refused():
    findings = plan_filing_findings(date(2023, 9, 1), date(2023, 9, 9), date(2023, 9, 8))
    assert [(f.scope, f.severity) for f in findings] == [("plan_approval", "error")]


def test_cmte02_approval_on_the_meeting_day_is_a_warning():
    findings = plan_filing_findings(date(2023, 9, 1), date(2023, 9, 8), date(2023, 9, 8))
    assert [(f.scope, f.severity) for f in findings] == [("plan_approval", "warning")]


def test_cmte02_plan_not_filed_is_refused():
    assert "plan_filing" in scopes(plan_filing_findings(None, None, date(2023, 9, 8)))


# ---------------------------------------------------------------------------------------------- CMTE-04 quorum and vote


def test_cmte04_quorum_exactly_two_thirds_attending():
    result = quorum(15, 10)
    assert result.quorate and result.required == 10 and result.findings == ()


def test_cmte04_quorum_one_fewer_than_two_thirds_is_refused():
    result = quorum(15, 9)
    assert not result.quorate
    assert [(f.rule, f.scope, f.actual, f.limit) for f in result.findings] == [("CMTE-04", "quorum", 9, 10)]


def test_cmte04_quorum_of_25_members_needs_17():
    assert quorum(25, 17).quorate
    assert not quorum(25, 16).quorate


def test_cmte04_quorum_more_present_than_members_is_refused():
    assert scopes(quorum(15, 16).findings) == ["attendance"]


def test_cmte04_vote_exactly_two_thirds_agree_passes():
    outcome = vote_outcome(15, 0, 10, 4, 1)
    assert outcome.passed and outcome.valid and outcome.required == 10


def test_cmte04_vote_one_fewer_than_two_thirds_fails():
    outcome = vote_outcome(15, 0, 9, 5, 1)
    assert not outcome.passed and outcome.valid and outcome.findings == ()


def test_cmte04_vote_recused_not_counted_as_present_exactly_two_thirds_passes():
    # 17 present, 2 recused → 15 vote; 10 of 15 is exactly two thirds.
    outcome = vote_outcome(17, 2, 10, 5, 0)
    assert outcome.passed and (outcome.base, outcome.voters, outcome.required) == (15, 15, 10)


def test_cmte04_vote_recused_not_counted_as_present_one_fewer_fails():
    outcome = vote_outcome(17, 2, 9, 6, 0)
    assert outcome.valid and not outcome.passed


def test_cmte04_vote_recused_counted_as_present_is_configurable():
    settings = CommitteeSettings(recused_count_as_present=True)
    # base 17 → 12 agreeing votes needed; the 2 recused do not vote.
    assert not vote_outcome(17, 2, 11, 4, 0, settings=settings).passed
    assert vote_outcome(17, 2, 12, 3, 0, settings=settings).passed


def test_cmte04_vote_tallies_above_voters_are_refused_as_proxy():
    outcome = vote_outcome(15, 1, 10, 4, 1)  # 15 ballots from 14 voters
    assert not outcome.valid and not outcome.passed
    assert [(f.rule, f.scope, f.actual, f.limit) for f in outcome.findings] == [("CMTE-04", "tally", 15, 14)]


def test_cmte04_vote_tallies_below_voters_are_refused():
    outcome = vote_outcome(15, 0, 10, 3, 1)
    assert not outcome.valid and not outcome.passed


def test_cmte04_vote_with_every_expert_recused_is_refused():
    outcome = vote_outcome(3, 3, 0, 0, 0)
    assert not outcome.valid and scopes(outcome.findings) == ["tally"]


def test_cmte04_vote_checks_quorum_per_applicant_after_recusals():
    # 25 members, 17 present (quorate), 1 recused → 16 counted for this applicant: below 17.
    outcome = vote_outcome(17, 1, 16, 0, 0, members=25)
    assert not outcome.valid and scopes(outcome.findings) == ["recusal_quorum"]
    assert vote_outcome(18, 1, 17, 0, 0, members=25).passed


def test_cmte04_recusal_below_quorum_message_counts_present_and_recused_separately():
    # 15 members, exactly 10 present (quorate), 1 recused → 9 for this applicant. The message must not say
    # "9 present … the meeting may not proceed": 10 are present and the meeting goes on.
    (finding,) = vote_outcome(10, 1, 9, 0, 0, members=15).findings
    assert (finding.rule, finding.scope, finding.actual, finding.limit) == ("CMTE-04", "recusal_quorum", 9, 10)
    assert "出席 10 人，回避 1 人" in finding.message and "不得开会" not in finding.message
    assert "暂缓评审" in finding.message
    assert vote_outcome(11, 1, 10, 0, 0, members=15).valid


# ---------------------------------------------------------------------------------------------- CMTE-03 judges


def test_cmte03_third_consecutive_year_excludes_the_judge():
    veteran = Judge(id="v", unit="u", served_years=frozenset({2020, 2021, 2022}))
    result = eligible_judges([veteran], 2023)
    assert result.eligible == ()
    assert [(f.rule, f.scope) for _, f in result.excluded] == [("CMTE-03", "consecutive_years:v")]


def test_cmte03_gap_year_keeps_the_judge_eligible():
    judge = Judge(id="g", unit="u", served_years=frozenset({2019, 2020, 2022}))
    assert eligible_judges([judge], 2023).eligible == (judge,)


def test_cmte03_two_consecutive_years_keep_the_judge_eligible():
    judge = Judge(id="t", unit="u", served_years=frozenset({2021, 2022}))
    assert eligible_judges([judge], 2023).eligible == (judge,)


def test_cmte03_judge_is_eligible_again_after_the_year_off():
    judge = Judge(id="v", unit="u", served_years=frozenset({2020, 2021, 2022}))
    assert eligible_judges([judge], 2024).eligible == (judge,)


def test_cmte03_draw_same_seed_gives_the_same_panel():
    pool = judges(30)
    first = draw_panel(pool, 11, 2, seed=20230901)
    again = draw_panel(tuple(reversed(pool)), 11, 2, seed=20230901)
    assert first == again
    assert first.seed == 20230901
    assert len(first.panel) == 11 and len(first.alternates) == 11
    assert not set(first.panel) & set(first.alternates)


def test_cmte03_draw_different_seed_records_a_different_panel():
    pool = judges(30)
    first = draw_panel(pool, 11, 2, seed=1)
    second = draw_panel(pool, 11, 2, seed=2)
    assert (first.seed, second.seed) == (1, 2)
    assert first.panel != second.panel


def test_cmte03_draw_text_seed_is_reproducible():
    assert draw_panel(judges(30), 5, seed="2023-c-eng").panel == draw_panel(judges(30), 5, seed="2023-c-eng").panel


def test_cmte03_draw_uses_the_setting_ratio_by_default():
    draw = draw_panel(judges(30), 10, seed=7)
    assert len(draw.panel) + len(draw.alternates) == 20


def test_cmte03_draw_from_a_too_small_pool_is_refused():
    draw = draw_panel(judges(8), 11, 2, seed=1)
    assert len(draw.panel) == 8
    assert [(f.rule, f.scope, f.severity) for f in draw.findings][0] == ("CMTE-03", "draw_pool", "error")


def test_cmte03_draw_with_too_few_alternates_warns():
    draw = draw_panel(judges(15), 11, 2, seed=1)
    assert [(f.scope, f.severity, f.actual, f.limit) for f in draw.findings] == [("draw_alternates", "warning", 4, 11)]


def test_cmte03_draw_for_a_self_reviewing_unit_keeps_outside_experts():
    insiders = tuple(Judge(id=f"in{i:02d}", unit="college") for i in range(20))
    outsiders = tuple(Judge(id=f"out{i:02d}", unit=f"other{i}") for i in range(5))
    for seed in range(20):
        draw = draw_panel(insiders + outsiders, 9, 2, seed=seed, home_unit="college")
        external = sum(1 for j in draw.panel if j.startswith("out"))
        assert external >= 3, seed  # ⌈9 × 1/3⌉
        assert draw.findings == ()


def test_cmte03_self_review_panel_without_outside_experts_is_refused():
    panel = tuple(Judge(id=f"in{i}", unit="college") for i in range(9))
    findings = external_expert_findings(panel, "college")
    assert [(f.rule, f.actual, f.limit) for f in findings] == [("CMTE-03", 0, 3)]


def test_cmte03_self_review_panel_with_a_third_outside_experts_passes():
    panel = tuple(Judge(id=f"in{i}", unit="college") for i in range(6)) + tuple(
        Judge(id=f"out{i}", unit=f"o{i}") for i in range(3)
    )
    assert external_expert_findings(panel, "college") == []
    assert external_expert_findings(panel[1:], "college") == []  # 5 + 3: still ⌈8/3⌉ = 3
    assert external_expert_findings(panel[:6] + panel[7:], "college") != []  # 6 + 2 of 8


def test_cmte03_recusal_for_own_unit_and_declared_conflicts():
    pool = (
        Judge(id="j1", unit="school-1"),
        Judge(id="j2", unit="school-2", conflicts=frozenset({Conflict("p-zhang", "relative")})),
        Judge(id="j3", unit="school-3"),
        Judge(id="j4", unit="school-4"),
    )
    zhang = Applicant(id="a1", unit="school-1", person_id="p-zhang")
    li = Applicant(id="a2", unit="school-9", conflicts=frozenset({Conflict("j3", "supervisor")}))
    wang = Applicant(id="a3", unit="school-8")
    result = recusals(pool, [zhang, li, wang])
    assert [(r.judge_id, r.reason) for r in result["a1"]] == [("j1", OWN_UNIT), ("j2", "relative")]
    assert [(r.judge_id, r.reason) for r in result["a2"]] == [("j3", "supervisor")]
    assert result["a3"] == ()


def test_cmte03_self_reviewing_unit_recuses_only_for_declared_conflicts():
    pool = (
        Judge(id="j1", unit="college"),
        Judge(id="j2", unit="college", conflicts=frozenset({Conflict("a1", "subordinate")})),
        Judge(id="j3", unit="outside"),
    )
    result = recusals(pool, [Applicant(id="a1", unit="college")], self_review_unit="college")
    assert [(r.judge_id, r.reason) for r in result["a1"]] == [("j2", "subordinate")]


# ---------------------------------------------------------------------------------------------- CMTE-05 dates


def test_cmte05_review_and_publicity_inside_the_year_by_30_september_pass():
    assert review_within_year(2023, date(2023, 9, 21), publicity_end=date(2023, 9, 28)) == []


def test_title02_publicity_after_30_september_without_delay_is_refused():
    findings = review_within_year(2023, date(2023, 9, 22), publicity_end=date(2023, 10, 7))
    assert [(f.rule, f.scope) for f in findings] == [("TITLE-02", "review_end")]


def test_cmte05_delay_approved_in_advance_allows_a_later_review():
    findings = review_within_year(
        2023, date(2023, 10, 20), publicity_end=date(2023, 10, 27), delay_approved_on=date(2023, 9, 30)
    )
    assert findings == []


def test_cmte05_delay_approved_after_the_deadline_is_refused():
    findings = review_within_year(
        2023, date(2023, 10, 20), publicity_end=date(2023, 10, 27), delay_approved_on=date(2023, 10, 1)
    )
    assert [(f.rule, f.scope) for f in findings] == [("CMTE-05", "delay_approval")]


def test_cmte05_review_crossing_the_calendar_year_is_refused_even_with_a_delay():
    findings = review_within_year(
        2023, date(2023, 12, 28), publicity_end=date(2024, 1, 4), delay_approved_on=date(2023, 9, 1)
    )
    assert [(f.rule, f.scope) for f in findings] == [("CMTE-05", "calendar_year")]


# ---------------------------------------------------------------------------------------------- CMTE-04 expert term

PERIOD = (date(2023, 7, 3), date(2023, 9, 30))  # from the draw to the year's review end


def termed(start: date | None, end: date | None) -> Judge:
    return Judge(id="t", unit="u", term_start=start, term_end=end)


def test_cmte04_expert_term_of_exactly_three_years_is_drawn():
    result = eligible_judges([termed(date(2021, 3, 1), date(2024, 3, 1))], 2023, term_period=PERIOD)
    assert [j.id for j in result.eligible] == ["t"] and result.excluded == ()


def test_cmte04_expert_term_of_three_years_and_one_day_is_not_drawn():
    result = eligible_judges([termed(date(2021, 3, 1), date(2024, 3, 2))], 2023, term_period=PERIOD)
    assert result.eligible == ()
    assert [(f.rule, f.scope) for _, f in result.excluded] == [("CMTE-04", "expert_term:t")]


def test_cmte04_expert_without_a_recorded_term_is_not_drawn():
    for start, end in ((None, None), (date(2022, 1, 1), None)):
        result = eligible_judges([termed(start, end)], 2023, term_period=PERIOD, labels={"t": "王建国"})
        ((_, finding),) = result.excluded
        assert (finding.rule, finding.scope) == ("CMTE-04", "expert_term_missing:t")
        assert "王建国" in finding.message


def test_cmte04_expert_term_ending_on_the_review_end_is_drawn_one_day_earlier_is_not():
    assert eligible_judges([termed(date(2021, 1, 1), date(2023, 9, 30))], 2023, term_period=PERIOD).eligible
    result = eligible_judges([termed(date(2021, 1, 1), date(2023, 9, 29))], 2023, term_period=PERIOD)
    assert [(f.rule, f.scope) for _, f in result.excluded] == [("CMTE-04", "expert_term_period:t")]


def test_cmte04_expert_term_starting_on_the_draw_day_is_drawn_one_day_later_is_not():
    assert eligible_judges([termed(date(2023, 7, 3), date(2026, 7, 2))], 2023, term_period=PERIOD).eligible
    result = eligible_judges([termed(date(2023, 7, 4), date(2026, 7, 3))], 2023, term_period=PERIOD)
    assert [f.scope for _, f in result.excluded] == ["expert_term_period:t"]


def test_cmte03_without_a_term_period_the_term_is_not_checked():
    # The pure engine keeps its old contract for callers that do not pass a period (the scheduler).
    assert eligible_judges([termed(None, None)], 2023).eligible


# ---------------------------------------------------------------------------------------------- messages


def test_cmte01_messages_name_the_committee_series_levels_and_scope_not_their_keys():
    c = committee(
        id="teachers-deputy-senior",
        name="乌海市教育局中小学教师系列副高级评委会",
        series="primary_secondary_teacher",
        levels=frozenset({"intermediate", "assistant", "member"}),
        scope="city_direct",
        approved_on=None,
    )
    findings = committee_may_review(c, date(2023, 8, 1), "engineering", "deputy_senior", "district:haibowan")
    text = " ".join(f.message for f in findings)
    for raw in (
        "teachers-deputy-senior",
        "intermediate",
        "assistant",
        "member",
        "city_direct",
        "district:",
        "engineering",
    ):
        assert raw not in text, raw
    for shown in (
        "乌海市教育局中小学教师系列副高级评委会",
        "中级、助理级、员级",
        "市直",
        "海勃湾区",
        "工程系列",
        "副高级",
    ):
        assert shown in text, shown
