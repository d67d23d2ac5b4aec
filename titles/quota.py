"""Quota linkage of title applications (TITLE-10, TITLE-11, GREEN-01). Pure: dataclasses in, ``Finding``s out.

TITLE-10 (Doc B §四(十一)2): 事业单位 "在单位岗位结构比例内，按照空岗数推荐申报职称评审，确需超岗位职数申报高级职称
评审的，申报总数应严格控制在已设高级岗位数的5%以内，由主管部门形成书面报告，报同级人力资源和社会保障局备案".
Reading (docs/rules_applications.md):

* per level, the unit's applications (green channel excluded, GREEN-01) are compared with the vacancies of its filed
  scheme at the grades of that level (正高 1–4, 副高 5–7, 中级 8–10, 助理 11–12, 员级 13);
* at 中级 and below, any application beyond the vacancies is an error;
* at 副高 and 正高 together, the applications beyond the vacancies may reach 5 % of the set senior posts (grades 1–7)
  — FLOW-01 "以内" includes 5 % itself, compared exactly with ``Fraction`` — and then need the department's written
  report (a warning until it is filed); more is an error;
* a unit under institutional reform (涉改单位, §四(十一)1) gets no excess at all;
* an institution with no filed scheme cannot recommend by vacancy (error).

TITLE-11: the region allots a yearly total of primary/secondary 正高 titles (2023: 6 for Wuhai); applications
beyond it are an error for the city HR bureau to resolve. Green-channel cases are not counted (GREEN-01).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from titles.catalogue import LEVEL_NAMES, SENIOR_LEVELS
from workflow.findings import ERROR, WARNING, Finding

LEVEL_GRADES: dict[str, tuple[int, ...]] = {
    "full_senior": (1, 2, 3, 4),
    "deputy_senior": (5, 6, 7),
    "intermediate": (8, 9, 10),
    "assistant": (11, 12),
    "member": (13,),
}
SENIOR_GRADES = tuple(range(1, 8))
EXCESS_SHARE = Fraction(5, 100)


@dataclass(frozen=True)
class UnitQuota:
    """One institution's filed scheme and its applications of one year."""

    unit: str
    has_filed_scheme: bool
    set_posts: Mapping[int, int] = field(default_factory=dict)  # professional grade → set (regular posts)
    vacancies: Mapping[int, int] = field(default_factory=dict)  # professional grade → set − appointed
    applications: Mapping[str, int] = field(default_factory=dict)  # level → non-green applications counted
    under_reform: bool = False
    excess_report_filed: bool = False


def level_vacancies(quota: UnitQuota, level: str) -> int:
    return sum(quota.vacancies.get(grade, 0) for grade in LEVEL_GRADES[level])


def senior_posts(quota: UnitQuota) -> int:
    return sum(quota.set_posts.get(grade, 0) for grade in SENIOR_GRADES)


def senior_excess_allowed(quota: UnitQuota) -> Fraction:
    return 0 if quota.under_reform else EXCESS_SHARE * senior_posts(quota)


def unit_quota_findings(quota: UnitQuota) -> list[Finding]:
    """TITLE-10 for one unit (see the module docstring for the reading)."""
    counted = {level: n for level, n in quota.applications.items() if n > 0}
    if not counted:
        return []
    if not quota.has_filed_scheme:
        return [
            Finding(
                "TITLE-10",
                ERROR,
                "scheme",
                f"{quota.unit}没有已备案的岗位设置方案，无法按空岗数推荐申报职称评审",
                f"{quota.unit} has no filed post scheme: applications cannot be recommended within vacancies",
            )
        ]
    findings: list[Finding] = []
    senior_excess = 0
    for level, count in sorted(counted.items()):
        vacancies = level_vacancies(quota, level)
        if count <= vacancies:
            continue
        name_zh, name_en = LEVEL_NAMES[level]
        if level in SENIOR_LEVELS and not quota.under_reform:
            senior_excess += count - vacancies
            continue
        reason_zh = "（机构改革涉改单位不得超岗申报）" if quota.under_reform else ""
        findings.append(
            Finding(
                "TITLE-10",
                ERROR,
                f"{level}:vacancies",
                f"{quota.unit}申报{name_zh}职称 {count} 人，超过{name_zh}空岗数 {vacancies} 个{reason_zh}",
                f"{quota.unit}: {count} {name_en} applications exceed the {vacancies} vacancies",
                actual=count,
                limit=vacancies,
            )
        )
    if senior_excess:
        allowed = senior_excess_allowed(quota)
        posts = senior_posts(quota)
        if senior_excess > allowed:
            findings.append(
                Finding(
                    "TITLE-10",
                    ERROR,
                    "senior:excess",
                    f"{quota.unit}超空岗申报高级职称 {senior_excess} 人，超过已设高级岗位数 {posts} 个的5%"
                    f"（最多 {math.floor(allowed)} 人）",
                    f"{quota.unit}: {senior_excess} senior applications beyond vacancies exceed 5% of the {posts} "
                    f"senior posts (at most {math.floor(allowed)})",
                    actual=senior_excess,
                    limit=allowed,
                )
            )
        elif not quota.excess_report_filed:
            findings.append(
                Finding(
                    "TITLE-10",
                    WARNING,
                    "senior:report",
                    f"{quota.unit}超空岗申报高级职称 {senior_excess} 人（在已设高级岗位数5%以内），"
                    "须由主管部门形成书面报告报同级人社局备案",
                    f"{quota.unit}: {senior_excess} senior applications beyond vacancies (within 5%): the "
                    "supervising department must file a written report with HR",
                    actual=senior_excess,
                    limit=allowed,
                )
            )
    return findings


def findings_for_level(findings: list[Finding], level: str) -> list[Finding]:
    """The TITLE-10 findings that concern an application of ``level``: its own level's vacancies, the senior excess
    for 副高/正高 (counted together), and a missing filed scheme — so an over-full 中级 does not block a 副高 case."""
    own = {"scheme", f"{level}:vacancies"}
    return [f for f in findings if f.scope in own or (level in SENIOR_LEVELS and f.scope.startswith("senior:"))]


def teacher_quota_finding(*, year: int, quota: int | None, count: int) -> Finding | None:
    """TITLE-11: ``count`` non-green primary/secondary 正高 applications against the year's allotted total."""
    if quota is None or count <= quota:
        return None
    return Finding(
        "TITLE-11",
        ERROR,
        "teacher_full_senior",
        f"{year} 年中小学正高级教师申报 {count} 人，超过自治区下达的评审总数 {quota} 人",
        f"{year}: {count} primary/secondary full-senior applications exceed the allotted total of {quota}",
        actual=count,
        limit=quota,
    )
