"""POST-13: the nearest compliant distribution of a scheme's professional grades. Pure, exact.

Problem. Given the filed counts x₁…x₁₃ (T posts in all) and the unit's ratio profile, find y₁…y₁₃ with the same
total T that passes POST-03, POST-04 and POST-06, reachable by moving posts only *downwards* (岗位调剂: a vacant
higher post may be used at a lower grade, never the reverse), with

1. the fewest posts moved, then
2. the fewest grade steps (posts stay as high as the rules allow), then a fixed tie-break.

Method. Write Dₖ = Σ_{g≤k} xg − Σ_{g≤k} yg, the posts carried below grade k. "Only downwards" is exactly Dₖ ≥ 0 for
every k (with D₀ = D₁₃ = 0); then yk = xk + Dₖ₋₁ − Dₖ, the posts moved are the total ascent Σ max(0, Dₖ − Dₖ₋₁)
and the grade steps are Σ Dₖ. Every rule becomes a bound on the D's: POST-03 on D₇ and D₁₀ (the caps use T, which is
fixed), POST-06 on D₄, y₃ and y₄, POST-04 on the D's inside a level once the level's total is known. So a dynamic
programme over the level boundaries (states D₁, D₄, D₇, D₁₀, D₁₂) decides each level by its (entry, exit) carries;
the exit fixes the level's total and therefore its sub-ratio caps, and the best interior (one or two carries) is
found in closed form (``block_cost``): the objective is a sum of convex hinges of differences under difference
constraints (L♮-convex), so its minimum lies at one of the breakpoints listed in ``_best_pair``.

Speed without giving up exactness. Trying every (entry, exit) pair costs O(P²) per level (``solve_full``: a
20,000-post unit took minutes). ``solve`` is a branch-and-bound over the same programme:

1. a beam search (few states per boundary) finds a good compliant distribution, value U;
2. the exact search keeps a state (boundary, carry) only if its exact cost so far plus a *lower bound* of any
   completion is < U, and tries from each state only the exits whose bound is < U. Every solution better than U
   passes every test, so the search finds the optimum if it beats U, and proves U optimal if it finds nothing.

The lower bound (``_Bounds``) relaxes each cap ⌊s·L⌋ to s·L (+½ for half_up): the posts a level displaces are then
at least a convex function of its size, the levels below share their room under nested (polymatroid) prefix bounds,
where a greedy by marginal value is exact, and grade steps are at least the carries the caps force. All of it is
convex in the carry, so the exits worth trying from a state form one interval. Property tests check the result
against brute force on small schemes and against ``solve_full`` on larger ones; docs/rules_posts.md gives timings.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from .rules import (
    GRADE_NAMES,
    PROFESSIONAL_GRADES,
    RatioProfile,
    UnitScheme,
    allowed_count,
)

# The levels whose totals are the bases of the sub-ratios (RULES.md POST-04): grade 1 and grade 13 stand alone.
BLOCKS: tuple[tuple[int, ...], ...] = ((1,), (2, 3, 4), (5, 6, 7), (8, 9, 10), (11, 12), (13,))
BLOCK_NAMES = {
    (1,): ("正高级一级", "full-senior grade 1"),
    (2, 3, 4): ("正高级（二至四级）", "full-senior grades 2–4"),
    (5, 6, 7): ("副高级", "deputy-senior"),
    (8, 9, 10): ("中级", "intermediate"),
    (11, 12): ("初级（十一、十二级）", "junior grades 11–12"),
    (13,): ("十三级", "grade 13"),
}
SUGGESTION_RULES = frozenset({"POST-03", "POST-04", "POST-06"})
_INF = float("inf")


@dataclass(frozen=True)
class Move:
    from_grade: int
    to_grade: int
    count: int


@dataclass(frozen=True)
class Suggestion:
    """POST-13's answer: ``professional`` is None when no compliant distribution exists (``reason`` says why)."""

    professional: dict[int, int] | None
    posts_moved: int = 0
    grade_steps: int = 0
    moves: tuple[Move, ...] = ()
    reason: str = ""
    reason_en: str = ""

    def as_dict(self) -> dict | None:
        if self.professional is None:
            return None
        return {
            "professional": {str(g): self.professional.get(g, 0) for g in PROFESSIONAL_GRADES},
            "posts_moved": self.posts_moved,
            "moves": [{"from": m.from_grade, "to": m.to_grade, "count": m.count} for m in self.moves],
        }

    def describe(self) -> str:
        if self.professional is None:
            return self.reason
        if not self.moves:
            return "专业技术岗位等级分布无需调整"
        parts = "；".join(f"{GRADE_NAMES[m.from_grade]} → {GRADE_NAMES[m.to_grade]} {m.count} 个" for m in self.moves)
        return f"调剂 {self.posts_moved} 个岗位：{parts}"


class _Problem:
    """The bounds of one scheme, precomputed; ``solve`` runs the dynamic programme."""

    def __init__(self, scheme: UnitScheme, profile: RatioProfile):
        self.x = {g: scheme.prof(g) for g in PROFESSIONAL_GRADES}
        self.total = sum(self.x.values())
        self.rounding = profile.rounding
        self.cum = {0: 0}
        for g in PROFESSIONAL_GRADES:
            self.cum[g] = self.cum[g - 1] + self.x[g]
        # Lower bounds on the carry Dg from caps on cumulative counts (C_y(g) ≤ cap ⟺ Dg ≥ C_x(g) − cap).
        self.carry_min = {g: 0 for g in PROFESSIONAL_GRADES}
        self._cap_prefix(7, allowed_count(profile.senior_cap, self.total, profile.rounding))  # POST-03 S
        self._cap_prefix(10, allowed_count(profile.senior_intermediate_cap, self.total, profile.rounding))  # S+I
        self.grade_max: dict[int, float] = {g: _INF for g in PROFESSIONAL_GRADES}
        quota = scheme.quota_full_senior
        if quota is not None and not scheme.senior_grade_exempt:  # POST-06
            self._cap_prefix(4, quota)
            self.grade_max[3] = allowed_count(profile.full_senior_grade3_share, quota, profile.rounding)
            self.grade_max[4] = allowed_count(profile.full_senior_grade4_share, quota, profile.rounding)
        # POST-04: per block, [(index of the last grade of the capped prefix, share)].
        self.block_caps: dict[tuple[int, ...], list[tuple[int, object]]] = {b: [] for b in BLOCKS}
        self.unsupported = [
            cap.scope
            for cap in profile.sub_ratio_caps
            if cap.base not in self.block_caps or cap.grades != cap.base[: len(cap.grades)]
        ]
        for cap in profile.sub_ratio_caps:
            if cap.base in self.block_caps and cap.grades == cap.base[: len(cap.grades)]:
                self.block_caps[cap.base].append((len(cap.grades), cap.share))
        # Objective weight: one post moved outweighs any number of grade steps (steps ≤ 12·T).
        self.weight = 12 * self.total + 1
        self._caps_cache: dict[tuple[tuple[int, ...], int], tuple[float, ...]] = {}

    def _cap_prefix(self, grade: int, cap: int) -> None:
        self.carry_min[grade] = max(self.carry_min[grade], self.cum[grade] - cap)

    def _prefix_caps(self, block: tuple[int, ...], level_total: int) -> tuple[float, ...]:
        """The largest allowed prefix of the block at each boundary (index 1…n), given the block's total."""
        key = (block, level_total)
        cached = self._caps_cache.get(key)
        if cached is None:
            caps = [_INF] * (len(block) + 1)
            for length, share in self.block_caps[block]:
                if level_total > 0:  # a level with no posts is not checked (POST-04)
                    caps[length] = min(caps[length], allowed_count(share, level_total, self.rounding))
            cached = self._caps_cache[key] = tuple(caps)
        return cached

    def block_cost(self, block: tuple[int, ...], u: int, w: int):
        """Best (objective, interior carries) for a block entered with carry u and left with carry w, or None."""
        x = self.x
        n = len(block)
        level_total = sum(x[g] for g in block) + u - w
        if level_total < 0 or w < self.carry_min[block[-1]]:
            return None
        caps = self._prefix_caps(block, level_total)
        if level_total > caps[n]:
            return None
        weight = self.weight
        last = block[-1]
        if n == 1:
            y = x[last] + u - w
            if y > self.grade_max[last]:
                return None
            return weight * max(0, w - u) + w, ()
        first = block[0]
        q_first, q_last = self.grade_max[first], self.grade_max[last]
        lo_a = max(0, self.carry_min[first], x[first] + u - caps[1], x[first] + u - q_first)
        hi_a = x[first] + u
        if n == 2:
            lo_a = max(lo_a, w - x[last])
            hi_a = min(hi_a, w - x[last] + q_last)
            if lo_a > hi_a:
                return None
            a = min(max(min(u, w), lo_a), hi_a)
            return weight * (max(0, a - u) + max(0, w - a)) + a + w, (a,)
        mid = block[1]
        x_mid, q_mid = x[mid], self.grade_max[mid]
        lo_b0 = max(0, self.carry_min[mid], x[first] + x_mid + u - caps[2], w - x[last])
        hi_b0 = w - x[last] + q_last
        if lo_b0 > hi_b0:
            return None
        lo_a = max(lo_a, lo_b0 - x_mid)
        hi_a = min(hi_a, hi_b0 - x_mid + q_mid)
        if lo_a > hi_a:
            return None
        return self._best_pair(u, w, lo_a, hi_a, lo_b0, hi_b0, x_mid, q_mid)

    def _best_pair(self, u, w, lo_a, hi_a, lo_b0, hi_b0, x_mid, q_mid):
        """Minimise over the carries (a, b) inside a three-grade level.

        For fixed a the best b is min(a, w) clamped to its bounds (a convex hinge plus +b); the resulting function of
        a is convex and piecewise linear, with breakpoints only where one of these integer expressions equals a.
        """
        weight = self.weight
        candidates = {lo_a, hi_a, u, w, lo_b0, hi_b0, lo_b0 - x_mid, hi_b0 - x_mid, w - x_mid}
        if q_mid != _INF:
            candidates |= {lo_b0 - x_mid + q_mid, w - x_mid + q_mid}
        best = None
        for a in sorted(candidates):
            if not (lo_a <= a <= hi_a):
                continue
            lo_b = max(lo_b0, a + x_mid - q_mid)
            hi_b = min(a + x_mid, hi_b0)
            b = min(max(min(a, w), lo_b), hi_b)
            value = weight * (max(0, a - u) + max(0, b - a) + max(0, w - b)) + a + b + w
            if best is None or value < best[0]:
                best = (value, (int(a), int(b)))
        if best is None:  # every breakpoint fell outside: the interval's ends are candidates, so this cannot happen
            raise AssertionError("empty candidate set")
        return best

    def solve(self) -> Suggestion:
        """The optimum by a bounded dynamic programme over the level boundaries (see the module docstring)."""
        if self.unsupported:
            return self._unsupported()
        bounds = _Bounds(self)
        beam = self._search(bounds, upper=None)  # a good feasible solution: its value bounds the exact search
        if beam is None:
            upper = self._all_down_value()
            if upper is None:  # no known feasible solution (profiles that cap grade 13): the plain programme
                return self.solve_full()
            upper += 1  # look for anything at least as good as moving every post to grade 13
        else:
            upper = beam[0]
        # Exact: every solution of value < upper survives the bounds, so None means the beam's solution is optimal.
        better = self._search(bounds, upper=upper - 1)
        if better is None and beam is None:
            raise AssertionError("the all-down solution passes every bound")  # cannot happen
        return self._rebuild((better or beam)[1])

    def _unsupported(self) -> Suggestion:
        return Suggestion(
            None,
            reason=f"比例标准含无法自动调剂的子比例：{'、'.join(self.unsupported)}",
            reason_en=f"the ratio profile has sub-ratios the suggestion cannot handle: {', '.join(self.unsupported)}",
        )

    def _all_down_value(self) -> int | None:
        """The value of moving every post to grade 13 (always compliant unless a profile caps grade 13), or None."""
        value, u = 0, 0
        for block in BLOCKS:
            w = 0 if block[-1] == 13 else self.cum[block[-1]]
            result = self.block_cost(block, u, w)
            if result is None:
                return None
            value += result[0]
            u = w
        return value

    def _search(self, bounds: _Bounds, upper: int | None):
        """Best (value, trail) over the boundary carries whose lower bound is ≤ ``upper``, or None.

        With ``upper=None`` this is a beam search (a heuristic that only supplies an upper bound): a few states per
        boundary and a few exit carries per state. With an ``upper`` it is exact for every solution of value ≤ upper:
        a state or transition is dropped only when a valid lower bound of every completion exceeds ``upper``."""
        unit, fine, weight = bounds.unit, bounds.fine, self.weight
        states: dict[int, int] = {0: 0}
        trail: list[dict[int, tuple[int, tuple[int, ...]]]] = []
        limit = None if upper is None else unit * upper
        for index, block in enumerate(BLOCKS):
            last = block[-1]
            block_x = bounds.block_x[index]
            future = _cached(bounds.future[index])
            new_states: dict[int, int] = {}
            parents: dict[int, tuple[int, tuple[int, ...]]] = {}
            for u, value_u in sorted(states.items(), key=lambda item: (item[1], item[0])):
                lo = bounds.lowest[index]
                hi = 0 if last == 13 else min(self.cum[last], block_x + u)
                if lo > hi:
                    continue
                base = unit * value_u

                def bound(w, u=u, base=base, index=index, block_x=block_x, future=future):
                    return base + fine * weight * bounds.own(index, block_x + u - w) + future(w) + unit * w

                best_w = _argmin_convex(bound, lo, hi)
                if limit is None:
                    candidates = sorted(
                        {w for w in range(best_w - _BEAM_WIDTH, best_w + _BEAM_WIDTH + 1) if lo <= w <= hi}
                        | set(range(lo, min(hi, lo + _BEAM_WIDTH) + 1))
                    )
                else:
                    if bound(best_w) > limit:
                        continue
                    candidates = _sublevel(bound, best_w, lo, hi, limit)
                for w in candidates:
                    known = new_states.get(w)
                    if known is not None and value_u + weight * max(0, w - u) + w >= known:
                        continue
                    result = self.block_cost(block, u, w)
                    if result is None:
                        continue
                    value = value_u + result[0]
                    if limit is not None and unit * value + future(w) > limit:
                        continue
                    if known is None or value < known:
                        new_states[w] = known = value
                        parents[w] = (u, result[1])
            if not new_states:
                return None
            if limit is None and len(new_states) > _BEAM_STATES:
                kept = sorted(new_states, key=lambda w: (unit * new_states[w] + future(w), w))[:_BEAM_STATES]
                new_states = {w: new_states[w] for w in kept}
            states = new_states
            trail.append(parents)
        return states[0], trail

    def solve_full(self) -> Suggestion:
        """Every (entry, exit) carry pair of every level, no bounds: O(P²) per level. The reference for tests and the
        fallback when no feasible solution is known beforehand."""
        if self.unsupported:
            return self._unsupported()
        states: dict[int, int] = {0: 0}  # carry → best objective so far
        trail: list[dict[int, tuple[int, tuple[int, ...]]]] = []
        for block in BLOCKS:
            last = block[-1]
            block_x = sum(self.x[g] for g in block)
            new_states: dict[int, int] = {}
            parents: dict[int, tuple[int, tuple[int, ...]]] = {}
            weight = self.weight
            for u, value_u in sorted(states.items(), key=lambda item: item[1]):
                w_hi = 0 if last == 13 else min(self.cum[last], block_x + u)
                for w in range(self.carry_min[last], w_hi + 1):
                    known = new_states.get(w)
                    # A block costs at least its net ascent and its exit carry: skip what cannot beat the best known.
                    if known is not None and value_u + weight * max(0, w - u) + w >= known:
                        continue
                    result = self.block_cost(block, u, w)
                    if result is None:
                        continue
                    value = value_u + result[0]
                    if w not in new_states or value < new_states[w]:
                        new_states[w] = value
                        parents[w] = (u, result[1])
            if not new_states:
                zh, en = BLOCK_NAMES[block]
                return Suggestion(
                    None,
                    reason=(
                        f"在专业技术岗位总数不变、只向下调剂的条件下，{zh}岗位无法同时满足结构比例"
                        f"（该层级岗位过少，不足以满足其内部等级比例，或上一层级的控制数无法达到）"
                    ),
                    reason_en=(
                        f"no compliant distribution: with the same total and moving posts only downwards, the "
                        f"{en} posts cannot meet the ratios (the level is too small for its sub-ratio, or the caps "
                        f"above cannot be reached)"
                    ),
                )
            states = new_states
            trail.append(parents)
        return self._rebuild(trail)

    def _rebuild(self, trail) -> Suggestion:
        carry = {13: 0}
        w = 0
        for block, parents in zip(reversed(BLOCKS), reversed(trail), strict=True):
            u, interior = parents[w]
            carry[block[-1]] = w
            for grade, value in zip(block[:-1], interior, strict=True):
                carry[grade] = value
            carry[block[0] - 1] = u
            w = u
        y = {g: self.x[g] + carry[g - 1] - carry[g] for g in PROFESSIONAL_GRADES}
        moved = sum(max(0, self.x[g] - y[g]) for g in PROFESSIONAL_GRADES)
        steps = sum(carry[g] for g in range(1, 13))
        return Suggestion(y, posts_moved=moved, grade_steps=steps, moves=_moves(self.x, y))


_BEAM_WIDTH = 12  # beam search: exit carries tried around the bound's minimum and above the lowest one
_BEAM_STATES = 16  # beam search: states kept per boundary


class _Bounds:
    """Lower bounds for the bounded search, in units of 1/``scale`` of the objective (integers throughout).

    Own posts displaced in a level with L posts ("moved" counts a post at the grade it leaves) are at least
    max(0, X − L, X_p − cap_p(L), x_g − q_g) — fewer posts than it owns, more than a prefix cap allows, more than a
    grade's POST-06 maximum. cap_p(L) = ⌊s·L⌋ (or ⌊s·L + ½⌋) ≤ s·L (+ ½), so replacing the caps by s·L (+ ½) gives a
    smaller, *convex* function of L (a maximum of affine functions): ``own``. A level below boundary k can hold at
    most B′ − S posts (S = posts kept at or above k, B′ the tightest POST-03/06 prefix cap or own prefix at or below
    its end), so its displaced posts are at least ``own`` there (``own`` does not increase with L). Grade steps still
    to come are at least the carries the POST-03/06 caps force below k plus, in the next level, the carries its
    prefix caps force at its inner grades. All of it is convex in the carry w at k, so the w worth trying from a
    state form one interval around the bound's minimum (``_sublevel``)."""

    def __init__(self, problem: _Problem):
        self.problem = problem
        denominators = [Fraction(share).denominator for caps in problem.block_caps.values() for _, share in caps]
        self.scale = 2 * math.lcm(1, *denominators)
        half = self.scale // 2 if problem.rounding == "half_up" else 0
        x, cum = problem.x, problem.cum
        self.block_x = [sum(x[g] for g in block) for block in BLOCKS]
        self.terms: list[list[tuple[int, int]]] = []  # per level: (c, a) for the affine piece c − a·L (scaled)
        self.inner: list[list[tuple[int, int]]] = []  # per level: (own prefix, scaled share) of its inner caps
        for index, block in enumerate(BLOCKS):
            total = self.block_x[index]
            terms = [(self.scale * total, self.scale)]
            inner = []
            for length, share in problem.block_caps[block]:
                if length >= len(block):
                    continue
                share = Fraction(share)
                prefix = sum(x[g] for g in block[:length])
                coefficient = share.numerator * self.scale // share.denominator
                terms.append((self.scale * prefix - half, coefficient))
                inner.append((prefix, coefficient))
            for g in block:
                if problem.grade_max[g] != _INF:
                    terms.append((self.scale * (x[g] - int(problem.grade_max[g])), 0))
            self.terms.append(terms)
            self.inner.append(inner)
        self.half = half
        ends = [block[-1] for block in BLOCKS]
        pieces = [self._pieces(index) for index in range(len(BLOCKS))]
        # Work in 1/M posts so that every piece has an integral length: the relaxation stays exact and convex.
        self.fine = math.lcm(1, *(length.denominator for level in pieces for length, _ in level))
        self.unit = self.scale * self.fine
        self.chunks = [[(int(length * self.fine), slope) for length, slope in level] for level in pieces]
        caps = [cum[e] - problem.carry_min[e] if e != 13 else problem.total for e in ends]
        self.room = [min(caps[i:]) for i in range(len(BLOCKS))]  # B′: posts at or above each level's end
        self.future = [self._future(index) for index in range(len(BLOCKS))]
        # The smallest carry at each level's end: its POST-03/06 cap, and room for the posts kept above in the levels
        # below (S_k ≤ B′ of the next level). Below it the bounds would not be convex (nor any solution exist).
        self.lowest = [
            max(problem.carry_min[e], 0 if e == 13 else cum[e] - self.room[index + 1]) for index, e in enumerate(ends)
        ]

    def _pieces(self, index: int) -> list[tuple[Fraction, int]]:
        """The convex function L ↦ max(0, c − a·L) of a level over real L ≥ 0 as its linear pieces from L = 0:
        (length, slope) for each piece that decreases."""
        terms = self.terms[index]
        at, value = Fraction(0), max(0, max(c for c, _ in terms))
        # Of the terms that are largest at L = 0, the flattest stays largest to the right.
        active = min((t for t in terms if t[0] == value), key=lambda t: t[1], default=None)
        pieces = []
        while active is not None and active[1] > 0 and value > 0:
            c, a = active
            end, following = Fraction(c, a), None  # where this piece reaches 0
            for c2, a2 in terms:
                if a2 < a:
                    crossing = Fraction(c - c2, a - a2)
                    if at < crossing < end or (crossing == end and following is None and at < crossing):
                        end, following = crossing, (c2, a2)
            pieces.append((end - at, -a))
            at, value, active = end, c - a * end, following
        return pieces

    def own(self, index: int, level_total: int) -> int:
        best = 0
        for constant, coefficient in self.terms[index]:
            value = constant - coefficient * level_total
            if value > best:
                best = value
        return best

    def _future(self, index: int):
        """Lower bound (scaled) of the cost below level ``index`` as a convex function of the carry w at its end.

        Displaced posts: ``own`` of each lower level at its largest possible size. Grade steps: every carry below is
        at least what the caps force — at a level's end e, D_e ≥ C_x(e) − B′ (B′ = ``room``); at an inner grade g of
        a level with prefix cap s, D_g = C_x(g) − S − prefix ≥ C_x(g) − S − s·(B′ − S) (− ½) where S = the posts at
        or above the level's start, which is exactly C_x(k) − w for the next level and at most its B′ further down."""
        problem, scale, weight, fine = self.problem, self.scale, self.problem.weight, self.fine
        cum, half = problem.cum, self.half
        end = BLOCKS[index][-1]
        top = cum[end] if end != 13 else problem.total
        below = list(range(index + 1, len(BLOCKS)))
        room, own = self.room, self.own
        constant = 0
        nearest: list[tuple[int, int]] = []  # the next level's inner grades: (scaled C_x(g) − s·B′ − ½, 1 − s scaled)
        for i in below:
            block = BLOCKS[i]
            if block[-1] != 13:
                constant += scale * max(0, cum[block[-1]] - room[i])
            start = block[0] - 1
            for length, share in problem.block_caps[block]:
                if length >= len(block):
                    continue
                share = Fraction(share)
                coefficient = share.numerator * scale // share.denominator
                grade = block[length - 1]
                c = scale * cum[grade] - coefficient * room[i] - half
                if i == index + 1:
                    nearest.append((c, scale - coefficient))
                else:  # S ≤ B′ of the level above
                    constant += max(0, c - (scale - coefficient) * min(room[i - 1], cum[start]))
        baseline = fine * sum(own(i, 0) for i in below)
        chunks = sorted(
            (
                (marginal, i, position, count)
                for i in below
                for position, (count, marginal) in enumerate(self.chunks[i])
            ),
        )
        rooms = [(i, fine * room[i]) for i in below]

        def future(w: int) -> int:
            kept = top - w
            kept_fine = fine * kept
            # Displaced posts below: min Σ own_i(L_i) over sizes with S_i ≤ B′_i — a separable convex function on a
            # polymatroid (nested prefix bounds), so the greedy by marginal value is exact.
            used = dict.fromkeys(below, 0)
            displaced = baseline
            for marginal, i, _, count in chunks:
                slack = count
                total = 0
                for j, r in rooms:
                    total += used[j]
                    if j >= i:
                        slack = min(slack, r - kept_fine - total)
                if slack > 0:
                    used[i] += slack
                    displaced += slack * marginal
            value = fine * constant + weight * displaced
            for c, a in nearest:
                carry = c - a * kept
                if carry > 0:
                    value += fine * carry
            return value

        return future


def _cached(function):
    values: dict[int, int] = {}

    def cached(w: int) -> int:
        value = values.get(w)
        if value is None:
            value = values[w] = function(w)
        return value

    return cached


def _argmin_convex(function, lo: int, hi: int) -> int:
    """The smallest minimiser of a convex function on the integers lo…hi (binary search on its differences)."""
    while lo < hi:
        mid = (lo + hi) // 2
        if function(mid + 1) < function(mid):
            lo = mid + 1
        else:
            hi = mid
    return lo


def _sublevel(function, start: int, lo: int, hi: int, limit: int) -> list[int]:
    """The integers of lo…hi where a convex function is ≤ limit, given a point ``start`` where it is (an interval)."""
    left = start
    while left > lo and function(left - 1) <= limit:
        left -= 1
    right = start
    while right < hi and function(right + 1) <= limit:
        right += 1
    return list(range(left, right + 1))


def _moves(x: dict[int, int], y: dict[int, int]) -> tuple[Move, ...]:
    """Pair surpluses with the nearest deficits below them, top-down (valid because every prefix of y ≤ that of x)."""
    surplus = [[g, x[g] - y[g]] for g in PROFESSIONAL_GRADES if x[g] > y[g]]
    moves: dict[tuple[int, int], int] = {}
    for g in PROFESSIONAL_GRADES:
        need = y[g] - x[g]
        while need > 0:
            source = surplus[0]
            take = min(need, source[1])
            if source[0] >= g:
                raise AssertionError("upward move")  # excluded by the carry bounds
            moves[(source[0], g)] = moves.get((source[0], g), 0) + take
            source[1] -= take
            need -= take
            if source[1] == 0:
                surplus.pop(0)
    return tuple(Move(a, b, c) for (a, b), c in sorted(moves.items()))


def suggest(scheme: UnitScheme, profile: RatioProfile) -> Suggestion:
    """POST-13: the nearest compliant professional distribution (see the module docstring), or why none exists."""
    return _Problem(scheme, profile).solve()


def suggestion_cost(original: dict[int, int], proposed: dict[int, int]) -> tuple[int, int] | None:
    """(posts moved, grade steps) from ``original`` to ``proposed``, or None if some post would have to move up."""
    carry, steps = 0, 0
    for g in PROFESSIONAL_GRADES:
        carry += original.get(g, 0) - proposed.get(g, 0)
        if carry < 0:
            return None
        if g < 13:
            steps += carry
    if carry != 0:
        return None
    moved = sum(max(0, original.get(g, 0) - proposed.get(g, 0)) for g in PROFESSIONAL_GRADES)
    return moved, steps
