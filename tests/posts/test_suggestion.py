"""posts.suggestion — POST-13: exact nearest compliant distribution, checked against brute force. No database."""

import dataclasses
import itertools
import time
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posts.rules import JURISDICTIONS, PROFESSIONAL_GRADES, SubRatioCap, UnitScheme, check_unit, default_profile
from posts.suggestion import SUGGESTION_RULES, Move, _Problem, suggest, suggestion_cost


def unit(professional, jurisdiction="city", sector="general", **fields):
    affiliation = "city_direct" if jurisdiction == "city" else "district"
    return UnitScheme(
        name="u", jurisdiction=jurisdiction, affiliation=affiliation, sector=sector, professional=professional, **fields
    )


def compliant(scheme, profile):
    return not any(f.is_error and f.rule in SUGGESTION_RULES for f in check_unit(scheme, profile))


def compositions(total, parts=13):
    for cuts in itertools.combinations(range(total + parts - 1), parts - 1):
        previous, result = -1, []
        for cut in cuts:
            result.append(cut - previous - 1)
            previous = cut
        result.append(total + parts - 2 - previous)
        yield dict(zip(PROFESSIONAL_GRADES, result, strict=True))


def brute_force(scheme, profile):
    """Every distribution with the same total, judged by the rules engine itself: the best (moved, steps) or None."""
    best = None
    for candidate in compositions(scheme.professional_total):
        cost = suggestion_cost(dict(scheme.professional), candidate)
        if cost is None or (best is not None and cost >= best):
            continue
        if compliant(dataclasses.replace(scheme, professional=candidate), profile):
            best = cost
    return best


class ExhaustiveInterior(_Problem):
    """Reference: the same level decomposition, but every interior carry enumerated (no closed form)."""

    def block_cost(self, block, u, w):
        x, n = self.x, len(block)
        level_total = sum(x[g] for g in block) + u - w
        if level_total < 0 or w < self.carry_min[block[-1]]:
            return None
        caps = self._prefix_caps(block, level_total)
        if level_total > caps[n]:
            return None
        best = None
        for interior in itertools.product(*(range(self.cum[g] + 1) for g in block[:-1])):
            carries, prefix, ok = [u, *interior, w], 0, True
            for k, grade in enumerate(block, 1):
                y = x[grade] + carries[k - 1] - carries[k]
                prefix += y
                if y < 0 or y > self.grade_max[grade] or carries[k] < self.carry_min[grade] or prefix > caps[k]:
                    ok = False
                    break
            if ok:
                ascent = sum(max(0, carries[k] - carries[k - 1]) for k in range(1, n + 1))
                value = self.weight * ascent + sum(carries[1:])
                if best is None or value < best[0]:
                    best = (value, tuple(interior))
        return best


def cost_of(suggestion):
    return None if suggestion.professional is None else (suggestion.posts_moved, suggestion.grade_steps)


grade_weights = st.sampled_from([1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 7, 7, 8, 8, 9, 10, 11, 11, 12, 13])


@st.composite
def schemes(draw, max_posts):
    posts = draw(st.lists(grade_weights, min_size=1, max_size=max_posts))
    professional = {g: posts.count(g) for g in set(posts)}
    jurisdiction = draw(st.sampled_from(JURISDICTIONS))
    sector = draw(st.sampled_from(["general", "education"]))
    quota = draw(st.sampled_from([None, None, 0, 1, 2, 3, 5, 10]))
    exempt = draw(st.booleans())
    scheme = unit(professional, jurisdiction, sector, quota_full_senior=quota, senior_grade_exempt=exempt)
    profile = default_profile(jurisdiction, sector)
    if draw(st.booleans()):
        profile = dataclasses.replace(profile, rounding="half_up")
    return scheme, profile


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schemes(max_posts=5))
def test_POST_13_suggestion_minimal_against_brute_force(case):
    scheme, profile = case
    suggestion = suggest(scheme, profile)
    assert cost_of(suggestion) == brute_force(scheme, profile)


@settings(max_examples=60, deadline=None)
@given(schemes(max_posts=25))
def test_POST_13_closed_form_matches_exhaustive_interior(case):
    scheme, profile = case
    assert cost_of(suggest(scheme, profile)) == cost_of(ExhaustiveInterior(scheme, profile).solve())


@settings(max_examples=60, deadline=None)
@given(schemes(max_posts=60))
def test_POST_13_suggestion_compliant_same_total_only_downwards(case):
    scheme, profile = case
    suggestion = suggest(scheme, profile)
    assert suggestion.professional is not None  # with caps only, moving everything down to grade 13 always complies
    assert sum(suggestion.professional.values()) == scheme.professional_total
    assert compliant(dataclasses.replace(scheme, professional=suggestion.professional), profile)
    assert suggestion_cost(dict(scheme.professional), suggestion.professional) == cost_of(suggestion)
    assert all(move.from_grade < move.to_grade for move in suggestion.moves)
    assert sum(move.count for move in suggestion.moves) == suggestion.posts_moved


def test_POST_13_compliant_scheme_needs_no_move():
    scheme = unit({4: 1, 7: 4, 9: 5, 10: 4, 11: 3, 12: 3})
    suggestion = suggest(scheme, default_profile("city"))
    assert (suggestion.posts_moved, suggestion.moves) == (0, ())
    assert suggestion.professional == {g: scheme.prof(g) for g in PROFESSIONAL_GRADES}


def test_POST_13_one_senior_too_many_moves_one_post_one_grade_down():
    scheme = unit({7: 6, 9: 4, 10: 4, 11: 3, 12: 3})  # 6 senior of 20, cap 5
    suggestion = suggest(scheme, default_profile("city"))
    assert suggestion.moves == (Move(7, 8, 1),)
    assert suggestion.describe() == "调剂 1 个岗位：七级 → 八级 1 个"


def test_POST_13_grade2_over_sub_ratio_moves_within_level():
    scheme = unit({2: 2, 3: 2, 4: 6, 5: 2, 6: 4, 7: 4, 8: 12, 9: 16, 10: 12, 11: 20, 12: 20})
    suggestion = suggest(scheme, default_profile("city"))
    assert suggestion.moves == (Move(2, 3, 1),)


def test_POST_13_respects_half_up_rounding():
    scheme = unit({7: 3, 12: 7})  # 2.5 → floor 2, half_up 3
    assert suggest(scheme, default_profile("city")).posts_moved == 1
    half_up = dataclasses.replace(default_profile("city"), rounding="half_up")
    assert suggest(scheme, half_up).posts_moved == 0


def test_POST_13_respects_full_senior_quota():
    scheme = unit({3: 2, 4: 3, 7: 20, 12: 75}, quota_full_senior=4)  # POST-06: grade 3 ≤ 1, grade 4 ≤ 2, FS ≤ 4
    suggestion = suggest(scheme, default_profile("city"))
    assert compliant(dataclasses.replace(scheme, professional=suggestion.professional), default_profile("city"))
    assert suggestion.posts_moved == 2


def test_POST_13_unsupported_profile_gives_none_with_reason():
    odd = SubRatioCap("odd", (4,), (4, 5), Fraction(1, 2), "四级", "grade 4")
    profile = dataclasses.replace(default_profile("city"), sub_ratio_caps=(odd,))
    suggestion = suggest(unit({4: 3, 5: 1}), profile)
    assert suggestion.professional is None and suggestion.as_dict() is None
    assert "odd" in suggestion.reason


def test_POST_13_large_unit_is_fast():
    counts = [2, 10, 30, 40, 60, 80, 90, 150, 150, 120, 100, 80, 20]
    scheme = unit(dict(zip(PROFESSIONAL_GRADES, counts, strict=True)), quota_full_senior=30)
    start = time.perf_counter()
    suggestion = suggest(scheme, default_profile("city"))
    assert time.perf_counter() - start < 1
    assert compliant(dataclasses.replace(scheme, professional=suggestion.professional), default_profile("city"))
    assert cost_of(suggestion) == cost_of(_Problem(scheme, default_profile("city")).solve_full())


def test_POST_13_5000_post_unit_exact_and_fast():
    """The audit's 200-byte request: 3,750 senior posts of 5,000 against a 25 % cap. D₇ ≥ 2,500 is forced, and every
    post carried below grade 7 is a moved post, so 2,500 is the least possible — the answer must be exactly that."""
    scheme = unit({5: 1250, 6: 1250, 7: 1250, 12: 1250})
    start = time.perf_counter()
    suggestion = suggest(scheme, default_profile("city"))
    assert time.perf_counter() - start < 1
    assert suggestion.posts_moved == 2500
    assert compliant(dataclasses.replace(scheme, professional=suggestion.professional), default_profile("city"))


def test_POST_13_20000_post_unit_is_fast():
    counts = [40, 200, 600, 800, 1200, 1600, 1800, 3000, 3000, 2400, 2000, 1600, 400]
    scheme = unit(dict(zip(PROFESSIONAL_GRADES, counts, strict=True)), quota_full_senior=600)
    start = time.perf_counter()
    suggestion = suggest(scheme, default_profile("city"))
    assert time.perf_counter() - start < 1
    assert compliant(dataclasses.replace(scheme, professional=suggestion.professional), default_profile("city"))
    assert suggestion.posts_moved == 2064  # = solve_full (computed once: ≈ 20 min on this machine)


def test_POST_13_trade_off_between_levels_found():
    """Carrying more than the caps force can pay: 20 of grade 5's displaced posts go on to 中级, which lets grade 8
    keep its posts (85 moved instead of 87 if 副高 fixed itself alone)."""
    scheme = unit({5: 100, 8: 10, 12: 400})
    suggestion = suggest(scheme, default_profile("city"))
    assert suggestion.posts_moved == 85
    assert cost_of(suggestion) == cost_of(_Problem(scheme, default_profile("city")).solve_full())


def custom_profile(draw, profile):
    """A ratio profile with other sub-ratio shares (HR data), to test the bounds on denominators other than 10."""
    shares = [Fraction(draw(st.integers(1, 11)), 12) for _ in profile.sub_ratio_caps]
    caps = tuple(
        dataclasses.replace(cap, share=share) for cap, share in zip(profile.sub_ratio_caps, shares, strict=True)
    )
    senior = Fraction(draw(st.integers(5, 40)), 100)
    return dataclasses.replace(
        profile,
        sub_ratio_caps=caps,
        senior_cap=senior,
        senior_intermediate_cap=senior + Fraction(draw(st.integers(10, 50)), 100),
    )


@st.composite
def larger_schemes(draw):
    scheme, profile = draw(schemes(max_posts=150))
    if draw(st.booleans()):
        profile = custom_profile(draw, profile)
    scale = draw(st.sampled_from([1, 1, 2, 3]))
    professional = {g: c * scale for g, c in scheme.professional.items()}
    return dataclasses.replace(scheme, professional=professional), profile


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(larger_schemes())
def test_POST_13_bounded_search_equals_plain_programme(case):
    """The branch-and-bound gives the same (moved, steps) as trying every carry pair (``solve_full``)."""
    scheme, profile = case
    assert cost_of(suggest(scheme, profile)) == cost_of(_Problem(scheme, profile).solve_full())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schemes(max_posts=6), st.data())
def test_POST_13_bounded_search_minimal_against_brute_force_custom_profiles(case, data):
    scheme, profile = case
    profile = custom_profile(data.draw, profile)
    assert cost_of(suggest(scheme, profile)) == brute_force(scheme, profile)
