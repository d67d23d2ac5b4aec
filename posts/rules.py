"""The post-setting (岗位设置) rules engine — RULES.md POST-01 … POST-09, POST-12. Pure: no ORM, exact arithmetic.

A scheme (``UnitScheme``) is checked against a ratio profile (``RatioProfile``): per unit by ``check_unit`` and, for
a batch, per jurisdiction aggregate by ``check_jurisdictions``. Every number of the policy lives in
``default_profile`` (the seed of the HR bureau's editable ratio profiles) or in a named constant next to the rule
that uses it. Shares are ``Fraction``; a count complies with a cap when ``count <= share × base`` (POST-07), never
compared as floats. All thresholds are inclusive (FLOW-01: exactly at the cap passes).

Counting conventions (RULES.md): P = professional posts of grades 1–13; S = 1–7 (高级); FS = 1–4 (正高);
DS = 5–7 (副高); I = 8–10 (中级); J = 11–13 (初级). Directional (定向) and special (特设) posts are never part of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from functools import lru_cache
from typing import Literal

from workflow.findings import ERROR, WARNING, Finding

Rounding = Literal["floor", "half_up"]

CITY = "city"
DISTRICTS = ("haibowan", "hainan", "wuda")
JURISDICTIONS = (CITY, *DISTRICTS)
JURISDICTION_NAMES = {"city": "市本级", "haibowan": "海勃湾区", "hainan": "海南区", "wuda": "乌达区"}
AFFILIATIONS = ("city_direct", "city_department", "district")
AFFILIATION_NAMES = {"city_direct": "市直属", "city_department": "市直部门所属", "district": "区属"}
# POST-02: "教育、卫生、农林牧水等知识技术密集、高层次人才相对集中的事业单位" (districts only).
KNOWLEDGE_INTENSIVE_SECTORS = frozenset({"education", "health", "agriculture", "forestry", "animal_husbandry", "water"})

PROFESSIONAL_GRADES = tuple(range(1, 14))
MANAGEMENT_GRADES = tuple(range(3, 11))
WORKER_GRADES = ("1", "2", "3", "4", "5", "general")
DIRECTIONAL_GRADES = (5, 6, 7)  # "定向评价、定向使用的专业技术高级岗位" — 副高 grades
SPECIAL_CATEGORIES = ("professional", "worker")

SENIOR = tuple(range(1, 8))
FULL_SENIOR = (1, 2, 3, 4)
DEPUTY_SENIOR = (5, 6, 7)
INTERMEDIATE = (8, 9, 10)
JUNIOR = (11, 12, 13)

GRADE_NAMES = {
    1: "一级", 2: "二级", 3: "三级", 4: "四级", 5: "五级", 6: "六级", 7: "七级", 8: "八级", 9: "九级", 10: "十级",
    11: "十一级", 12: "十二级", 13: "十三级",
}  # fmt: skip

# POST-09: a special post is set "for 3 years; up to 5 for a city-level-or-above major research project; at most one
# extension"; a holder with less than 5 years to statutory retirement keeps it until retirement (Doc A §四(二)3, 9).
SPECIAL_POST_TERM_YEARS = 3
SPECIAL_POST_MAX_PROJECT_TERM_YEARS = 5
SPECIAL_POST_MAX_EXTENSIONS = 1
SPECIAL_POST_RETIREMENT_WINDOW_YEARS = 5
# POST-12: "超比例 10% 以下的‘退一补一’、超比例 10% 以上的‘退二补一’" — 10% itself is "以下" (FLOW-01, RULES.md).
OVER_QUOTA_THRESHOLD = Fraction(1, 10)


@dataclass(frozen=True)
class SubRatioCap:
    """POST-04 (and any sub-ratio a profile adds): the posts of ``grades`` ≤ ``share`` × the posts of ``base``.

    ``grades`` is a top prefix of ``base`` (cumulative caps from the top of the level).
    """

    scope: str
    grades: tuple[int, ...]
    base: tuple[int, ...]
    share: Fraction
    label_zh: str
    label_en: str


@dataclass(frozen=True)
class RatioProfile:
    """A ratio standard (比例控制标准) for a jurisdiction and sector — data the HR bureau edits (POST-03)."""

    jurisdiction: str
    sector: str
    senior_cap: Fraction  # POST-02/03: S ≤ senior_cap · P
    senior_intermediate_cap: Fraction  # POST-02/03: S + I ≤ senior_intermediate_cap · P
    full_to_deputy_max: Fraction  # POST-05: FS ≤ max · DS (city 1:3 → 1/3)
    full_to_deputy_min: Fraction  # POST-05: FS ≥ min · DS (city 1:4 → 1/4)
    sub_ratio_caps: tuple[SubRatioCap, ...]  # POST-04
    full_senior_grade3_share: Fraction  # POST-06: grade 3 ≤ share · 正高 total
    full_senior_grade4_share: Fraction  # POST-06: grade 4 ≤ share · 正高 total
    professional_share_min: Fraction  # POST-01: P + directional ≥ share · all posts
    directional_share_max: Fraction | None  # POST-08: districts only; None = no directional posts allowed
    special_lowest_grade: int  # POST-09: city 7, districts 8
    rounding: Rounding = "floor"  # POST-07
    label: str = ""  # e.g. "2.5:4.5:3", quoted in messages
    effective_year: int | None = None

    @property
    def full_to_deputy_label(self) -> str:
        return _full_to_deputy_label(*_terms(self.full_to_deputy_max), *_terms(self.full_to_deputy_min))

    @property
    def full_to_deputy_label_en(self) -> str:
        return self.full_to_deputy_label.replace("至", "–")


@lru_cache(maxsize=64)
def _full_to_deputy_label(upper_num: int, upper_den: int, lower_num: int, lower_den: int) -> str:
    return f"1:{_num(Fraction(upper_den, upper_num))}至1:{_num(Fraction(lower_den, lower_num))}"


def _num(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):.4g}"


def _sub_ratio_caps() -> tuple[SubRatioCap, ...]:
    return (
        # 二级、三级、四级 1:3:6; grade 1 is national and outside the base.
        SubRatioCap("full_senior:grade2", (2,), (2, 3, 4), Fraction(1, 10), "正高级二级岗位", "full-senior grade 2"),
        SubRatioCap("full_senior:grade2+3", (2, 3), (2, 3, 4), Fraction(4, 10), "正高级二、三级岗位合计",
                    "full-senior grades 2+3"),
        # 五级、六级、七级 2:4:4
        SubRatioCap("deputy_senior:grade5", (5,), (5, 6, 7), Fraction(2, 10), "副高级五级岗位", "deputy-senior grade 5"),
        SubRatioCap("deputy_senior:grade5+6", (5, 6), (5, 6, 7), Fraction(6, 10), "副高级五、六级岗位合计",
                    "deputy-senior grades 5+6"),
        # 八级、九级、十级 3:4:3
        SubRatioCap("intermediate:grade8", (8,), (8, 9, 10), Fraction(3, 10), "中级八级岗位", "intermediate grade 8"),
        SubRatioCap("intermediate:grade8+9", (8, 9), (8, 9, 10), Fraction(7, 10), "中级八、九级岗位合计",
                    "intermediate grades 8+9"),
        # 十一级、十二级 5:5; grade 13 (员级) is outside the base.
        SubRatioCap("junior:grade11", (11,), (11, 12), Fraction(5, 10), "初级十一级岗位", "junior grade 11"),
    )  # fmt: skip


def default_profile(jurisdiction: str, sector: str = "general") -> RatioProfile:
    """THE place where the policy's ratio numbers live (Doc A §四(一)3, 4, 7; §四(二)2; §四(三)3; §四 preamble).

    POST-02 as cumulative caps from the top: city 2.5:4.5:3 → S ≤ 25 %, S+I ≤ 70 %; districts 1.8:4.2:4 → 18 %, 60 %;
    district knowledge-intensive sectors: 高级 ≤ 20 % with 中级 unchanged at 42 % → 20 %, 62 %.
    """
    if jurisdiction not in JURISDICTIONS:
        raise ValueError(f"unknown jurisdiction {jurisdiction!r}")
    common = dict(
        sector=sector,
        sub_ratio_caps=_sub_ratio_caps(),
        full_senior_grade3_share=Fraction(3, 10),
        full_senior_grade4_share=Fraction(6, 10),
        professional_share_min=Fraction(7, 10),
        rounding="floor",
    )
    if jurisdiction == CITY:
        return RatioProfile(
            jurisdiction=jurisdiction,
            senior_cap=Fraction(25, 100),
            senior_intermediate_cap=Fraction(70, 100),
            full_to_deputy_max=Fraction(1, 3),
            full_to_deputy_min=Fraction(1, 4),
            directional_share_max=None,
            special_lowest_grade=7,
            label="2.5:4.5:3",
            **common,
        )
    knowledge_intensive = sector in KNOWLEDGE_INTENSIVE_SECTORS
    return RatioProfile(
        jurisdiction=jurisdiction,
        senior_cap=Fraction(20, 100) if knowledge_intensive else Fraction(18, 100),
        senior_intermediate_cap=Fraction(62, 100) if knowledge_intensive else Fraction(60, 100),
        full_to_deputy_max=Fraction(1, 5),
        full_to_deputy_min=Fraction(1, 6),
        directional_share_max=Fraction(10, 100),
        special_lowest_grade=8,
        label="2:4.2:3.8" if knowledge_intensive else "1.8:4.2:4",
        **common,
    )


@dataclass(frozen=True)
class SpecialPost:
    category: str  # "professional" | "worker"
    grade: int
    count: int


@dataclass(frozen=True)
class UnitScheme:
    """One unit's post-setting scheme (岗位设置方案), as filed on Doc A attachment 2."""

    name: str
    jurisdiction: str
    affiliation: str
    sector: str = "general"
    public_service_professional: bool = True
    senior_grade_exempt: bool = False
    management: Mapping[int, int] = field(default_factory=dict)
    professional: Mapping[int, int] = field(default_factory=dict)
    worker: Mapping[str, int] = field(default_factory=dict)
    directional: Mapping[int, int] = field(default_factory=dict)
    quota_full_senior: int | None = None
    special: tuple[SpecialPost, ...] = ()

    def prof(self, grade: int) -> int:
        return self.professional.get(grade, 0)

    def prof_sum(self, grades: Iterable[int]) -> int:
        if type(grades) is tuple:
            span = _grade_span(grades)
            if span is not None:
                prefix = self.prefix_sums
                return prefix[span[1]] - prefix[span[0] - 1]
        get = self.professional.get
        return sum(get(g, 0) for g in grades)

    @property
    def prefix_sums(self) -> tuple[int, ...]:
        """Running totals of the professional grades: ``prefix_sums[g]`` = posts of grades 1…g (index 0 is 0).

        Computed once per scheme (the dataclass is frozen, so the counts cannot change under it); every level and
        sub-ratio base is a run of consecutive grades, so each of their sums is one subtraction."""
        cached = self.__dict__.get("_prefix_sums")
        if cached is None:
            get = self.professional.get
            total, running = 0, [0]
            for grade in PROFESSIONAL_GRADES:
                total += get(grade, 0)
                running.append(total)
            cached = tuple(running)
            object.__setattr__(self, "_prefix_sums", cached)
        return cached

    @property
    def professional_total(self) -> int:  # P
        return self.prefix_sums[13]

    @property
    def directional_total(self) -> int:
        return sum(self.directional.values())

    @property
    def total_posts(self) -> int:
        """POST-01 base: management + professional + directional + worker; special posts excluded."""
        return (
            sum(self.management.values()) + self.professional_total + self.directional_total
            + sum(self.worker.values())
        )  # fmt: skip


@lru_cache(maxsize=256)
def _grade_span(grades: tuple[int, ...]) -> tuple[int, int] | None:
    """(first, last) when ``grades`` is a run of consecutive professional grades (1…13), else None."""
    if not grades or any(type(g) is not int for g in grades):
        return None
    first, last = grades[0], grades[-1]
    if 1 <= first <= last <= 13 and grades == tuple(range(first, last + 1)):
        return first, last
    return None


# ---------------------------------------------------------------------------------------------------------------- POST-07


def _terms(share) -> tuple[int, int]:
    """``share`` as numerator and denominator (lowest terms, positive denominator), exactly as ``Fraction(share)``."""
    kind = type(share)
    if kind is Fraction:  # the usual case: read the slots, not the properties (this runs ~10 times per unit)
        return share._numerator, share._denominator
    if kind is not int:
        share = Fraction(share)
    return share.numerator, share.denominator


def allowed_count(share: Fraction, base: int, rounding: Rounding = "floor") -> int:
    """POST-07: the largest count a cap ``share × base`` allows — ⌊x⌋ (``floor``) or round-half-up(x) (``half_up``).

    Integer arithmetic on the exact rational n/d × base: ⌊n·base / d⌋ = ``n * base // d`` and
    ⌊n·base/d + 1/2⌋ = ``(2·n·base + d) // 2d`` (floor division is exact on integers; no ``Fraction`` is built)."""
    num, den = _terms(share)
    if rounding == "floor":
        return num * base // den
    if rounding == "half_up":
        return (2 * num * base + den) // (2 * den)
    raise ValueError(f"unknown rounding {rounding!r}")


def minimum_count(share: Fraction, base: int, rounding: Rounding = "floor") -> int:
    """The smallest count that meets a floor ("不低于", ``meets_minimum``): ⌈share × base⌉, or round-half-up(share ×
    base) with ``half_up`` — the ``limit`` a minimum finding reports (an integer, like every cap's limit)."""
    if rounding == "half_up":
        return allowed_count(share, base, "half_up")
    num, den = _terms(share)
    return -(-num * base // den)


def complies_with_cap(count: int, share: Fraction, base: int, rounding: Rounding = "floor") -> bool:
    """POST-07: exact comparison; with ``floor`` this is ``count <= share × base`` as rationals."""
    return count <= allowed_count(share, base, rounding)


def meets_minimum(count: int, share: Fraction, base: int, rounding: Rounding = "floor") -> bool:
    """A floor ("不低于"): ``count >= share × base`` exactly (``count·d >= n·base``), or ≥ round-half-up(share ×
    base) with ``half_up``."""
    if rounding == "half_up":
        return count >= allowed_count(share, base, "half_up")
    num, den = _terms(share)
    return count * den >= num * base


def _n(count: int, noun: str) -> str:
    """English count and noun: "1 post", "3 posts"."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _exceed(count: int) -> str:
    return "exceeds" if count == 1 else "exceed"


def _pct(share: Fraction) -> str:
    return _pct_of(*_terms(share))


@lru_cache(maxsize=256)
def _pct_of(numerator: int, denominator: int) -> str:
    value = Fraction(numerator, denominator) * 100
    return f"{value.numerator}%" if value.denominator == 1 else f"{float(value):.4g}%"


# ----------------------------------------------------------------------------------------------------- per-unit checks


def check_professional_share(scheme: UnitScheme, profile: RatioProfile) -> list[Finding]:
    """POST-01: professional posts (P + directional) "一般不低于" 70 % of all posts → warning."""
    if not scheme.public_service_professional:
        return []
    total = scheme.total_posts
    professional = scheme.professional_total + scheme.directional_total
    share = profile.professional_share_min
    if total == 0 or meets_minimum(professional, share, total, profile.rounding):
        return []
    return [
        Finding(
            rule="POST-01",
            severity=WARNING,
            scope="professional_share",
            actual=professional,
            limit=minimum_count(share, total, profile.rounding),
            message=(
                f"专业技术岗位 {professional} 个，占岗位总量 {total} 个的比例低于 {_pct(share)}"
                f"（主要以专业技术提供社会公益服务的事业单位一般不低于 {_pct(share)}）"
            ),
            message_en=(
                f"{_n(professional, 'professional post')} out of {_n(total, 'post')} is below {_pct(share)} "
                f"(units serving the public mainly through professional work should normally have at least {_pct(share)})"
            ),
        )
    ]


def _level_caps(
    p: int, s: int, si: int, profile: RatioProfile, scope_prefix: str, severity, rule: str, where_zh: str, where_en: str
) -> list[Finding]:
    """POST-02 / POST-03: S ≤ senior_cap·P and S+I ≤ senior_intermediate_cap·P (cumulative caps from the top)."""
    findings = []
    if p == 0:
        return findings
    senior_limit = allowed_count(profile.senior_cap, p, profile.rounding)
    if s > senior_limit:
        findings.append(
            Finding(
                rule=rule,
                severity=severity,
                scope=f"{scope_prefix}senior",
                actual=s,
                limit=senior_limit,
                message=f"{where_zh}高级岗位 {s} 个，超过控制数 {senior_limit} 个（{profile.label}，共 {p} 个专业技术岗位）",
                message_en=(
                    f"{where_en}{_n(s, 'senior post')} {_exceed(s)} the cap of {senior_limit} "
                    f"({profile.label}, {_n(p, 'professional post')})"
                ),
            )
        )
    both_limit = allowed_count(profile.senior_intermediate_cap, p, profile.rounding)
    if si > both_limit:
        findings.append(
            Finding(
                rule=rule,
                severity=severity,
                scope=f"{scope_prefix}senior+intermediate",
                actual=si,
                limit=both_limit,
                message=(
                    f"{where_zh}高级和中级岗位合计 {si} 个，超过控制数 {both_limit} 个"
                    f"（{profile.label}，共 {p} 个专业技术岗位）"
                ),
                message_en=(
                    f"{where_en}{_n(si, 'senior and intermediate post')} {_exceed(si)} the cap of {both_limit} "
                    f"({profile.label}, {_n(p, 'professional post')})"
                ),
            )
        )
    return findings


def check_unit_level_structure(scheme: UnitScheme, profile: RatioProfile) -> list[Finding]:
    """POST-03: the unit's 高级 and 高级+中级 counts against its ratio profile → error."""
    prefix = scheme.prefix_sums
    # P = grades 1–13, S = 1–7, S + I = 1–10 (running totals, see UnitScheme.prefix_sums)
    return _level_caps(prefix[13], prefix[7], prefix[10], profile, "", ERROR, "POST-03", "", "")


# The plan of a profile's sub-ratio caps: (cap, base span, grades span, share numerator, share denominator), built
# once per caps tuple (profiles are shared by thousands of schemes in a batch check).
_SUB_RATIO_PLANS: dict[int, tuple[tuple[SubRatioCap, ...], tuple]] = {}


def _sub_ratio_plan(caps: tuple[SubRatioCap, ...]) -> tuple:
    entry = _SUB_RATIO_PLANS.get(id(caps))
    if entry is None or entry[0] is not caps:
        plan = tuple((cap, _grade_span(cap.base), _grade_span(cap.grades), *_terms(cap.share)) for cap in caps)
        if len(_SUB_RATIO_PLANS) > 256:
            _SUB_RATIO_PLANS.clear()
        entry = _SUB_RATIO_PLANS[id(caps)] = (caps, plan)
    return entry[1]


def check_sub_ratios(scheme: UnitScheme, profile: RatioProfile) -> list[Finding]:
    """POST-04: grade sub-ratios within a level; a level whose base has no posts is not checked → error."""
    findings = []
    prefix = scheme.prefix_sums
    rounding = profile.rounding
    for cap, base_span, grades_span, num, den in _sub_ratio_plan(profile.sub_ratio_caps):
        base = prefix[base_span[1]] - prefix[base_span[0] - 1] if base_span else scheme.prof_sum(cap.base)
        if base == 0:
            continue
        count = prefix[grades_span[1]] - prefix[grades_span[0] - 1] if grades_span else scheme.prof_sum(cap.grades)
        # POST-07 on integers: ⌊share × base⌋ (floor) — the value of allowed_count, without building a Fraction.
        limit = num * base // den if rounding == "floor" else allowed_count(cap.share, base, rounding)
        if count > limit:
            findings.append(
                Finding(
                    rule="POST-04",
                    severity=ERROR,
                    scope=cap.scope,
                    actual=count,
                    limit=limit,
                    message=(
                        f"{cap.label_zh} {count} 个，超过控制数 {limit} 个"
                        f"（不超过{_base_name(cap.base)} {base} 个的 {_pct(cap.share)}）"
                    ),
                    message_en=(
                        f"{cap.label_en}: {_n(count, 'post')} {_exceed(count)} the cap of {limit} "
                        f"({_pct(cap.share)} of {_n(base, 'post')} in grades {cap.base[0]}–{cap.base[-1]})"
                    ),
                )
            )
    return findings


def _base_name(grades: tuple[int, ...]) -> str:
    return f"{GRADE_NAMES[grades[0]][:-1]}至{GRADE_NAMES[grades[-1]]}岗位"


def _full_to_deputy(
    fs: int,
    ds: int,
    profile: RatioProfile,
    scope: str,
    above_severity,
    *,
    check_below: bool,
    where_zh: str,
    where_en: str,
) -> list[Finding]:
    """POST-05: FS : DS between 1:3 and 1:4 (city) or 1:5 and 1:6 (districts)."""
    if fs == 0 and ds == 0:
        return []
    limit = allowed_count(profile.full_to_deputy_max, ds, profile.rounding)
    if fs > limit:  # POST-07: complies_with_cap(fs, max, ds, rounding)
        bounds, bounds_en = profile.full_to_deputy_label, profile.full_to_deputy_label_en
        return [
            Finding(
                rule="POST-05",
                severity=above_severity,
                scope=scope,
                actual=fs,
                limit=limit,
                message=(
                    f"{where_zh}正高级岗位 {fs} 个、副高级岗位 {ds} 个，正高级超过 {bounds} 的上限（最多 {limit} 个）"
                ),
                message_en=(
                    f"{where_en}{fs} full-senior to {_n(ds, 'deputy-senior post')} is above the {bounds_en} range "
                    f"(at most {limit})"
                ),
            )
        ]
    if check_below and not meets_minimum(fs, profile.full_to_deputy_min, ds, profile.rounding):
        bounds, bounds_en = profile.full_to_deputy_label, profile.full_to_deputy_label_en
        minimum = minimum_count(profile.full_to_deputy_min, ds, profile.rounding)
        return [
            Finding(
                rule="POST-05",
                severity=WARNING,
                scope=scope,
                actual=fs,
                limit=minimum,
                message=f"{where_zh}正高级岗位 {fs} 个、副高级岗位 {ds} 个，正高级低于 {bounds} 的下限",
                message_en=f"{where_en}{fs} full-senior to {_n(ds, 'deputy-senior post')} is below the {bounds_en} range",
            )
        ]
    return []


def check_full_senior_quota(scheme: UnitScheme, profile: RatioProfile) -> list[Finding]:
    """POST-06: grades 3 and 4 against the 正高 total HR allotted (only when stated; exempt units skip) → error."""
    quota = scheme.quota_full_senior
    if quota is None or scheme.senior_grade_exempt:
        return []
    findings = []
    for grade, share, scope in (
        (3, profile.full_senior_grade3_share, "full_senior:grade3"),
        (4, profile.full_senior_grade4_share, "full_senior:grade4"),
    ):
        count = scheme.prof(grade)
        limit = allowed_count(share, quota, profile.rounding)
        if count > limit:
            findings.append(
                Finding(
                    rule="POST-06",
                    severity=ERROR,
                    scope=scope,
                    actual=count,
                    limit=limit,
                    message=(
                        f"正高级{GRADE_NAMES[grade]}岗位 {count} 个，超过控制数 {limit} 个"
                        f"（不超过正高级岗位总额 {quota} 个的 {_pct(share)}）"
                    ),
                    message_en=(
                        f"{_n(count, f'full-senior grade-{grade} post')} {_exceed(count)} the cap of {limit} "
                        f"({_pct(share)} of the full-senior total of {quota})"
                    ),
                )
            )
    fs = scheme.prof_sum(FULL_SENIOR)
    if fs > quota:
        findings.append(
            Finding(
                rule="POST-06",
                severity=ERROR,
                scope="full_senior:quota",
                actual=fs,
                limit=quota,
                message=f"正高级岗位 {fs} 个，超过核定的正高级岗位总额 {quota} 个",
                message_en=f"{_n(fs, 'full-senior post')} {_exceed(fs)} the allotted full-senior total of {quota}",
            )
        )
    return findings


def check_unit_directional(scheme: UnitScheme, profile: RatioProfile) -> list[Finding]:
    """POST-08: directional posts exist only in districts; a city-level unit with any → error."""
    count = scheme.directional_total
    if count == 0 or scheme.jurisdiction != CITY:
        return []
    return [
        Finding(
            rule="POST-08",
            severity=ERROR,
            scope="directional",
            actual=count,
            limit=0,
            message=f"市本级单位设置了“定向评价、定向使用”岗位 {count} 个；该类岗位仅限各区设置",
            message_en=f"A city-level unit has {_n(count, 'directional post')}; directional posts exist only in districts",
        )
    ]


def special_post_allowed_grades(jurisdiction: str) -> tuple[int, ...]:
    """POST-09: "一般应设置为专业技术七级及以上，各区可……在专业技术八级设置"."""
    return tuple(range(1, default_profile(jurisdiction).special_lowest_grade + 1))


def check_special_posts(scheme: UnitScheme, profile: RatioProfile) -> list[Finding]:
    """POST-09: professional special posts of a grade below the jurisdiction's lowest → error; grade 2 → warning."""
    findings = []
    for post in scheme.special:
        if post.count == 0 or post.category != "professional":
            continue
        if post.grade > profile.special_lowest_grade:
            lowest = GRADE_NAMES[profile.special_lowest_grade]
            where = "各区" if scheme.jurisdiction != CITY else "市本级"
            findings.append(
                Finding(
                    rule="POST-09",
                    severity=ERROR,
                    scope="special",
                    actual=post.grade,
                    limit=profile.special_lowest_grade,
                    message=f"特设岗位设在专业技术{GRADE_NAMES[post.grade]}；{where}特设岗位只能设在专业技术{lowest}及以上",
                    message_en=(
                        f"A special post at professional grade {post.grade}; special posts here must be grade "
                        f"{profile.special_lowest_grade} or higher"
                    ),
                )
            )
        elif post.grade == 2:
            findings.append(
                Finding(
                    rule="POST-09",
                    severity=WARNING,
                    scope="special",
                    actual=post.count,
                    limit=None,
                    message=f"特设专业技术二级岗位 {post.count} 个，需报自治区事业单位人事综合管理部门核准",
                    message_en=f"{_n(post.count, 'special grade-2 post')} {'needs' if post.count == 1 else 'need'} the autonomous region's approval",
                )
            )
    return findings


def check_unit(scheme: UnitScheme, profile: RatioProfile) -> list[Finding]:
    """All per-unit checks (POST-01, 03, 04, 05, 06, 08, 09; POST-07 through the profile's rounding).

    The running totals of the professional grades are computed once per scheme (``UnitScheme.prefix_sums``) and
    every cap is compared on integers; a message is formatted only for a finding that fires."""
    prefix = scheme.prefix_sums
    return [
        *check_professional_share(scheme, profile),
        *check_unit_level_structure(scheme, profile),
        *check_sub_ratios(scheme, profile),
        *_full_to_deputy(
            prefix[4],  # FS = grades 1–4
            prefix[7] - prefix[4],  # DS = grades 5–7
            profile,
            "full_to_deputy",
            WARNING,  # POST-05 on one unit: the range is the HR department's aggregate control
            check_below=False,
            where_zh="",
            where_en="",
        ),
        *check_full_senior_quota(scheme, profile),
        *check_unit_directional(scheme, profile),
        *check_special_posts(scheme, profile),
    ]


# ------------------------------------------------------------------------------------------------ jurisdiction checks


@dataclass(frozen=True)
class JurisdictionTotals:
    jurisdiction: str
    units: int
    professional: int  # P
    senior: int  # S
    intermediate: int  # I
    full_senior: int  # FS
    deputy_senior: int  # DS
    directional: int


def jurisdiction_totals(schemes: Sequence[UnitScheme]) -> dict[str, JurisdictionTotals]:
    grouped: dict[str, list[UnitScheme]] = {}
    for scheme in schemes:
        grouped.setdefault(scheme.jurisdiction, []).append(scheme)
    result = {}
    for key, units in sorted(grouped.items(), key=lambda item: JURISDICTIONS.index(item[0])):
        # Running totals per unit (UnitScheme.prefix_sums): P = 1–13, S = 1–7, I = 8–10, FS = 1–4, DS = 5–7.
        p = s = i = fs = ds = directional = 0
        for unit in units:
            prefix = unit.prefix_sums
            p += prefix[13]
            s += prefix[7]
            i += prefix[10] - prefix[7]
            fs += prefix[4]
            ds += prefix[7] - prefix[4]
            directional += unit.directional_total
        result[key] = JurisdictionTotals(
            jurisdiction=key,
            units=len(units),
            professional=p,
            senior=s,
            intermediate=i,
            full_senior=fs,
            deputy_senior=ds,
            directional=directional,
        )
    return result


def check_jurisdictions(
    schemes: Sequence[UnitScheme], profiles: Mapping[str, RatioProfile] | None = None
) -> list[Finding]:
    """Aggregate checks of each jurisdiction present in ``schemes`` (POST-02, POST-05, POST-08).

    ``profiles`` maps a jurisdiction key to its *overall* profile (the jurisdiction's general standard); missing keys
    fall back to ``default_profile(key, "general")``. The district target 1.8:4.2:4 is the overall target even when
    some of its units are knowledge-intensive (their 20 % is a per-unit allowance inside it).
    """
    profiles = profiles or {}
    findings: list[Finding] = []
    for key, totals in jurisdiction_totals(schemes).items():
        profile = profiles.get(key) or default_profile(key, "general")
        name = JURISDICTION_NAMES[key]
        where_zh, where_en = f"{name}汇总：", f"{key} aggregate: "
        findings += _level_caps(
            totals.professional,
            totals.senior,
            totals.senior + totals.intermediate,
            profile,
            f"jurisdiction:{key}:",
            ERROR,
            "POST-02",
            where_zh,
            where_en,
        )
        findings += _full_to_deputy(
            totals.full_senior,
            totals.deputy_senior,
            profile,
            f"jurisdiction:{key}:full_to_deputy",
            ERROR,
            check_below=True,
            where_zh=where_zh,
            where_en=where_en,
        )
        findings += _aggregate_directional(totals, profile, where_zh, where_en)
    return findings


def _aggregate_directional(totals: JurisdictionTotals, profile: RatioProfile, where_zh: str, where_en: str):
    """POST-08: a district's directional posts ≤ 10 % of its professional posts (P + directional)."""
    share = profile.directional_share_max
    if share is None or totals.directional == 0:
        return []  # city-level directional posts are reported per unit (scope "directional")
    base = totals.professional + totals.directional
    limit = allowed_count(share, base, profile.rounding)
    if totals.directional <= limit:
        return []
    return [
        Finding(
            rule="POST-08",
            severity=ERROR,
            scope=f"jurisdiction:{totals.jurisdiction}:directional",
            actual=totals.directional,
            limit=limit,
            message=(
                f"{where_zh}“定向评价、定向使用”岗位 {totals.directional} 个，超过控制数 {limit} 个"
                f"（专业技术岗位总量 {base} 个的 {_pct(share)} 以内）"
            ),
            message_en=(
                f"{where_en}{_n(totals.directional, 'directional post')} {_exceed(totals.directional)} the cap of {limit} "
                f"({_pct(share)} of {_n(base, 'professional post')})"
            ),
        )
    ]


# ---------------------------------------------------------------------------------------------------------------- POST-12


@dataclass(frozen=True)
class OverQuotaReplacement:
    """POST-12: how a unit over its filed ratio may fill posts (以退定补)."""

    over_share: Fraction  # (appointed − allowed) ÷ allowed; 0 when not over
    departures_per_hire: int | None  # 1 = 退一补一, 2 = 退二补一, None = not over (normal vacancy rules)
    rule: str = "POST-12"

    @property
    def label(self) -> str:
        return {None: "未超比例", 1: "退一补一", 2: "退二补一"}[self.departures_per_hire]

    def __iter__(self):  # allows ``ratio, rule = over_quota_replacement(...)``
        return iter((self.departures_per_hire, self.rule))


def over_quota_replacement(appointed: int, allowed: int) -> OverQuotaReplacement:
    """POST-12: over by ≤ 10 % → 退一补一 (1 hire per departure); over by > 10 % → 退二补一.

    ``allowed`` is the filed count of the level concerned; over% = (appointed − allowed) ÷ allowed, exactly.
    A level with no allowed posts but appointments is infinitely over → 退二补一.
    """
    if appointed < 0 or allowed < 0:
        raise ValueError("counts must be non-negative")
    if appointed <= allowed:
        return OverQuotaReplacement(Fraction(0), None)
    if allowed == 0:
        return OverQuotaReplacement(Fraction(appointed), 2)
    over = Fraction(appointed - allowed, allowed)
    return OverQuotaReplacement(over, 1 if over <= OVER_QUOTA_THRESHOLD else 2)


# ---------------------------------------------------------------------------------------------------------------- POST-09


def add_years(day: date, years: int) -> date:
    """Civil Code art. 202: the corresponding day; with no such day (29 Feb) the last day of that month."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class SpecialPostTerm:
    end: date
    runs_to_retirement: bool
    findings: tuple[Finding, ...] = ()


def special_post_term(
    start: date,
    *,
    term_years: int = SPECIAL_POST_TERM_YEARS,
    major_research_project: bool = False,
    extensions: int = 0,
    retirement_date: date | None = None,
) -> SpecialPostTerm:
    """POST-09: the end of a special post's term.

    3 years; a city-level-or-above major research project may set the term to the task (≤ 5 years); at most one
    extension of one more term of the same length. A holder with less than 5 years to statutory retirement at the
    start ("不满5年", exclusive — FLOW-01) keeps the post until retirement; it is then cancelled (核销). The end is the
    corresponding day ``term_years`` later (Civil Code art. 201–202: the start day is not counted).
    """
    findings: list[Finding] = []
    max_years = SPECIAL_POST_MAX_PROJECT_TERM_YEARS if major_research_project else SPECIAL_POST_TERM_YEARS
    if term_years < 1 or term_years > max_years:
        findings.append(
            Finding(
                rule="POST-09",
                severity=ERROR,
                scope="special:term",
                actual=term_years,
                limit=max_years,
                message=(
                    f"特设岗位聘期 {term_years} 年，超过 {max_years} 年"
                    + ("" if major_research_project else "（承担市级及以上重大研究项目的最长 5 年）")
                ),
                message_en=f"A special-post term of {_n(term_years, 'year')} exceeds {_n(max_years, 'year')}",
            )
        )
    if extensions > SPECIAL_POST_MAX_EXTENSIONS:
        findings.append(
            Finding(
                rule="POST-09",
                severity=ERROR,
                scope="special:extension",
                actual=extensions,
                limit=SPECIAL_POST_MAX_EXTENSIONS,
                message=f"特设岗位延长聘期 {extensions} 次；最多延长一个聘期",
                message_en=f"A special post extended {_n(extensions, 'time')}; at most one extension is allowed",
            )
        )
    end = add_years(start, term_years * (1 + max(0, extensions)))
    if retirement_date is not None:
        near_retirement = add_years(start, SPECIAL_POST_RETIREMENT_WINDOW_YEARS) > retirement_date
        if near_retirement or end > retirement_date:
            return SpecialPostTerm(end=retirement_date, runs_to_retirement=near_retirement, findings=tuple(findings))
    return SpecialPostTerm(end=end, runs_to_retirement=False, findings=tuple(findings))


def check_special_post_request(category: str, grade: int, regular_set: int, regular_appointed: int) -> list[Finding]:
    """POST-09: "事业单位常设岗位中有相应空缺的，不得申请设置特设岗位" — a regular vacancy of that category and grade → error."""
    vacancies = regular_set - regular_appointed
    if vacancies <= 0:
        return []
    kind = "专业技术" if category == "professional" else "工勤技能"
    return [
        Finding(
            rule="POST-09",
            severity=ERROR,
            scope="special",
            actual=vacancies,
            limit=0,
            message=f"本单位{kind}{GRADE_NAMES.get(grade, str(grade))}常设岗位尚有空缺 {vacancies} 个，不得申请设置特设岗位",
            message_en=(
                f"The unit still has {_n(vacancies, f'vacant regular {category} grade-{grade} post')}; "
                "a special post may not be requested"
            ),
        )
    ]
