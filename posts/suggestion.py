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
programme over the level boundaries (states D₁, D₄, D₇, D₁₀, D₁₂) enumerates every (entry, exit) pair of each level;
the exit fixes the level's total and therefore its sub-ratio caps, and the best interior (one or two carries) is
found in closed form: the objective is a sum of convex hinges of differences under difference constraints
(L♮-convex), so its minimum lies at one of the breakpoints listed in ``_best_pair``. No heuristic step is involved;
``tests/posts/test_suggestion.py`` checks optimality against brute force.
"""

from __future__ import annotations

from dataclasses import dataclass

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
        if self.unsupported:
            return Suggestion(
                None,
                reason=f"比例标准含无法自动调剂的子比例：{'、'.join(self.unsupported)}",
                reason_en=f"the ratio profile has sub-ratios the suggestion cannot handle: {', '.join(self.unsupported)}",
            )
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
