"""The series catalogue, routing table, honours lists, green-channel categories and yearly windows, as data.

Pure Python (no ORM): the data migration seeds the database from these constants, ``titles.selectors`` turns the
stored rows back into the same frozen dataclasses, and the eligibility engine (``titles.eligibility``) reads only
these dataclasses. HR officers edit the stored rows in the admin; the constants are the 2023 starting point.

Sources (``shared/policy/003_974119e1b73dfc2f.txt``):

* Doc A §五(一) paper rule (TITLE-21), §五(二) 考评结合 / 以考代评 (TITLE-12/13), §五(四) 破格 honours (TITLE-16);
* Doc B §二 windows (TITLE-02), §三(二) submission routes (TITLE-07), §四(四) the 20 delegations and attachment 2
  receiving offices (TITLE-06), §四(五) green channel (GREEN-02/03), §四(十三) teacher 正高 quota (TITLE-11).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# ---------------------------------------------------------------------------------------------------------------
# Levels
# ---------------------------------------------------------------------------------------------------------------

MEMBER = "member"
ASSISTANT = "assistant"
INTERMEDIATE = "intermediate"
DEPUTY_SENIOR = "deputy_senior"
FULL_SENIOR = "full_senior"

LEVELS: tuple[str, ...] = (MEMBER, ASSISTANT, INTERMEDIATE, DEPUTY_SENIOR, FULL_SENIOR)
LEVEL_RANK: dict[str, int] = {level: rank for rank, level in enumerate(LEVELS)}
LEVEL_NAMES: dict[str, tuple[str, str]] = {
    MEMBER: ("员级", "member grade"),
    ASSISTANT: ("助理级", "assistant grade"),
    INTERMEDIATE: ("中级", "intermediate"),
    DEPUTY_SENIOR: ("副高级", "deputy senior"),
    FULL_SENIOR: ("正高级", "full senior"),
}
SENIOR_LEVELS = frozenset({DEPUTY_SENIOR, FULL_SENIOR})
ALL = LEVELS
IJ = (MEMBER, ASSISTANT, INTERMEDIATE)  # 中、初级
SENIOR = (DEPUTY_SENIOR, FULL_SENIOR)  # 高级

# Ordinary step-by-step review (WH-01, project-local ID): years in the current title before applying one level up.
# Doc A/B give no numbers ("按照国家相应系列职称改革指导意见和自治区新修订的评审条件执行", Doc B §四(十一)3); these
# defaults are the common national values (e.g. 工程系列: 助理→中级 4 年, 中级→副高 5 年, 副高→正高 5 年). They are
# per-series data (``Series.seniority_years``) that HR must confirm against the region's current conditions.
DEFAULT_SENIORITY_YEARS: dict[str, int] = {ASSISTANT: 2, INTERMEDIATE: 4, DEPUTY_SENIOR: 5, FULL_SENIOR: 5}


# ---------------------------------------------------------------------------------------------------------------
# Series (系列) and specialties (专业)
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesInfo:
    """One series or specialty. ``parent`` links a specialty to its series (for routing fall-back only)."""

    key: str
    name_zh: str
    name_en: str
    levels: tuple[str, ...] = ALL
    exam_only_levels: tuple[str, ...] = ()  # TITLE-12 以考代评
    exam_review_levels: tuple[str, ...] = ()  # TITLE-13 考评结合
    # TITLE-21: levels at which papers stay a condition (representative-work system) for city-level (市本级)
    # institution staff; everywhere else papers are never a limiting condition.
    paper_levels: tuple[str, ...] = ()
    parent: str = ""
    directional_eligible: bool = False  # TITLE-20 定向评价 fields
    teacher_window: bool = False  # TITLE-02 "中小学教师、中等职业学校教师各级别" window
    schedule_separately: bool = False  # TITLE-02 "申报要求和时间另行发文" (体育、工艺美术、文学创作)
    receiving_office: str = ""  # Doc B attachment 2 送审经办机构 (blank → 市人社局, the "等" row)
    seniority_years: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_SENIORITY_YEARS))

    def __hash__(self) -> int:
        return hash(self.key)


_CITY_HR = "乌海市人力资源和社会保障局"
_HEALTH_EXAM_IJ = (MEMBER, ASSISTANT, INTERMEDIATE)
_PAPERS_SENIOR = (DEPUTY_SENIOR, FULL_SENIOR)


def _s(key, zh, en, **kw) -> SeriesInfo:
    return SeriesInfo(key=key, name_zh=zh, name_en=en, **kw)


SERIES: tuple[SeriesInfo, ...] = (
    # --- series named in INTERFACES §3 -------------------------------------------------------------------------
    _s("engineering", "工程系列", "Engineering", paper_levels=(FULL_SENIOR,)),  # Doc A §五(一)1 正高级工程师
    _s(
        "primary_secondary_teacher",
        "中小学教师系列",
        "Primary and secondary school teachers",
        directional_eligible=True,
        teacher_window=True,
        receiving_office="乌海市教育局",
    ),
    _s(
        "secondary_vocational_teacher",
        "中等职业学校教师系列",
        "Secondary vocational school teachers",
        teacher_window=True,
        receiving_office="乌海市教育局",
    ),
    _s(
        "college_teacher",
        "高等学校教师系列",
        "College teachers",
        levels=(ASSISTANT, INTERMEDIATE, DEPUTY_SENIOR, FULL_SENIOR),
        paper_levels=_PAPERS_SENIOR,
    ),
    _s(
        "party_school_teacher",
        "党校教师系列",
        "Party school teachers",
        levels=(ASSISTANT, INTERMEDIATE, DEPUTY_SENIOR, FULL_SENIOR),
        paper_levels=_PAPERS_SENIOR,
    ),
    _s(
        "health",
        "卫生系列",
        "Health",
        exam_only_levels=_HEALTH_EXAM_IJ,
        exam_review_levels=SENIOR,
        paper_levels=_PAPERS_SENIOR,
        directional_eligible=True,
        receiving_office="乌海市卫生健康委员会",
    ),
    _s(
        "pharmacy",
        "卫生系列（药学专业）",
        "Health — pharmacy",
        parent="health",
        exam_only_levels=_HEALTH_EXAM_IJ,
        exam_review_levels=SENIOR,
        paper_levels=_PAPERS_SENIOR,
        directional_eligible=True,
        receiving_office="乌海市市场监督管理局",
    ),
    _s(
        "economics",
        "经济系列",
        "Economics",
        exam_only_levels=IJ,
        exam_review_levels=SENIOR,
        paper_levels=_PAPERS_SENIOR,
        receiving_office=_CITY_HR,
    ),
    _s(
        "accounting",
        "会计系列",
        "Accounting",
        exam_only_levels=IJ,
        exam_review_levels=SENIOR,
        paper_levels=_PAPERS_SENIOR,
        receiving_office="乌海市财政局",
    ),
    _s("audit", "审计系列", "Audit", exam_only_levels=IJ, exam_review_levels=SENIOR, paper_levels=_PAPERS_SENIOR),
    _s(
        "statistics",
        "统计系列",
        "Statistics",
        exam_only_levels=IJ,
        exam_review_levels=SENIOR,
        paper_levels=_PAPERS_SENIOR,
    ),
    # 计算机技术与软件: national exam at every level it has (Doc A §五(二)2 "计算机…职称…以考代评").
    _s(
        "computer",
        "计算机技术与软件专业",
        "Computer technology and software",
        levels=(MEMBER, ASSISTANT, INTERMEDIATE, DEPUTY_SENIOR),
        exam_only_levels=(MEMBER, ASSISTANT, INTERMEDIATE, DEPUTY_SENIOR),
    ),
    # 外语翻译: Doc A §五(二)2 names the whole 外语翻译 title as 以考代评 (TITLE-12 follows it). 蒙语翻译 is
    # reviewed by 市民委 (Doc B §四(四)19), hence its own key.
    _s(
        "translation",
        "翻译系列（外语翻译）",
        "Translation (foreign languages)",
        levels=(ASSISTANT, INTERMEDIATE, DEPUTY_SENIOR, FULL_SENIOR),
        exam_only_levels=(ASSISTANT, INTERMEDIATE, DEPUTY_SENIOR, FULL_SENIOR),
    ),
    _s(
        "mongolian_translation",
        "翻译系列（蒙语翻译专业）",
        "Translation — Mongolian",
        parent="translation",
        levels=(ASSISTANT, INTERMEDIATE, DEPUTY_SENIOR, FULL_SENIOR),
        receiving_office="乌海市民族事务委员会",
    ),
    _s("publishing", "出版系列", "Publishing", exam_only_levels=IJ, paper_levels=_PAPERS_SENIOR),
    _s("communications", "通信工程专业", "Communications engineering", exam_only_levels=IJ),
    _s(
        "agriculture",
        "农业（农牧业）系列",
        "Agriculture and animal husbandry",
        directional_eligible=True,
        receiving_office="乌海市农牧局",
    ),
    _s("journalism", "新闻系列", "Journalism", paper_levels=_PAPERS_SENIOR, receiving_office="中共乌海市委员会宣传部"),
    _s("broadcasting", "播音系列", "Broadcasting", receiving_office="中共乌海市委员会宣传部"),
    _s("archives", "档案系列", "Archives", paper_levels=_PAPERS_SENIOR, receiving_office="乌海市档案史志馆"),
    _s("library", "图书资料系列", "Library", paper_levels=_PAPERS_SENIOR, receiving_office="乌海市文体旅游广电局"),
    _s(
        "cultural_heritage",
        "文物博物系列（文博）",
        "Cultural heritage and museums",
        paper_levels=_PAPERS_SENIOR,
        directional_eligible=True,
        receiving_office="乌海市文体旅游广电局",
    ),
    _s("art", "艺术系列", "Art", receiving_office="乌海市文体旅游广电局"),
    _s(
        "law",
        "法律职业（律师、公证）",
        "Law (lawyers, notaries)",
        levels=(ASSISTANT, INTERMEDIATE, DEPUTY_SENIOR, FULL_SENIOR),
        receiving_office="乌海市司法局",
    ),
    _s(
        "lawyer",
        "律师专业",
        "Lawyers",
        parent="law",
        levels=(ASSISTANT, INTERMEDIATE, DEPUTY_SENIOR, FULL_SENIOR),
        receiving_office="乌海市司法局",
    ),
    _s(
        "notary",
        "公证专业",
        "Notaries",
        parent="law",
        levels=(ASSISTANT, INTERMEDIATE, DEPUTY_SENIOR, FULL_SENIOR),
        receiving_office="乌海市司法局",
    ),
    # --- further series / specialties named in Doc B §四(四) and attachment 2 -----------------------------------
    _s("mass_culture", "群众文化系列", "Mass culture", receiving_office="乌海市文体旅游广电局"),
    _s(
        "literary_creation",
        "文学创作系列",
        "Literary creation",
        schedule_separately=True,
        receiving_office="乌海市文体旅游广电局",
    ),
    _s(
        "sports_coach",
        "体育教练系列",
        "Sports coaches",
        schedule_separately=True,
        receiving_office="乌海市文体旅游广电局",
    ),
    _s(
        "arts_crafts",
        "工艺美术系列",
        "Arts and crafts",
        schedule_separately=True,
        receiving_office="乌海市文体旅游广电局",
    ),
    _s("exhibition", "展览专业", "Exhibition", parent="art", receiving_office="乌海市文体旅游广电局"),
    _s("fine_art", "美术专业", "Fine art", parent="art", receiving_office="乌海市文体旅游广电局"),
    _s("calligraphy", "书法专业", "Calligraphy", parent="art", receiving_office="乌海市文体旅游广电局"),
    _s("photography", "摄影专业", "Photography", parent="art", receiving_office="乌海市文体旅游广电局"),
    _s("literary_criticism", "文艺评论专业", "Literary and art criticism", parent="art", receiving_office=_CITY_HR),
    _s("advertising", "广告创作专业", "Advertising", receiving_office=_CITY_HR),
    _s(
        "social_science_research",
        "社会科学研究系列",
        "Social science research",
        paper_levels=_PAPERS_SENIOR,
        receiving_office=_CITY_HR,
    ),
    _s(
        "forestry_research",
        "林业科研专业",
        "Forestry research",
        paper_levels=_PAPERS_SENIOR,
        receiving_office="乌海市自然资源局",
    ),
    _s(
        "geological_engineering",
        "地质工程专业",
        "Geological engineering",
        parent="engineering",
        paper_levels=(FULL_SENIOR,),
        receiving_office="乌海市自然资源局",
    ),
    _s(
        "surveying_engineering",
        "测绘工程专业",
        "Surveying and mapping engineering",
        parent="engineering",
        paper_levels=(FULL_SENIOR,),
        receiving_office="乌海市自然资源局",
    ),
    _s(
        "forestry_grassland_engineering",
        "林草工程专业",
        "Forestry and grassland engineering",
        parent="engineering",
        paper_levels=(FULL_SENIOR,),
        receiving_office="乌海市自然资源局",
    ),
    _s(
        "spatial_planning_engineering",
        "国土空间规划工程专业",
        "Territorial spatial planning engineering",
        parent="engineering",
        paper_levels=(FULL_SENIOR,),
        receiving_office="乌海市自然资源局",
    ),
    _s(
        "water_engineering",
        "水利工程专业",
        "Water engineering",
        parent="engineering",
        paper_levels=(FULL_SENIOR,),
        directional_eligible=True,
        receiving_office="乌海市水务局",
    ),
    _s(
        "eco_environment_engineering",
        "生态环境工程专业",
        "Ecological environment engineering",
        parent="engineering",
        paper_levels=(FULL_SENIOR,),
        receiving_office="乌海市生态环境局",
    ),
    _s(
        "construction_engineering",
        "建设工程专业",
        "Construction engineering",
        parent="engineering",
        paper_levels=(FULL_SENIOR,),
        receiving_office="乌海市住房和城乡建设局",
    ),
    _s(
        "building_materials_engineering",
        "建筑材料工程专业",
        "Building materials engineering",
        parent="engineering",
        paper_levels=(FULL_SENIOR,),
        receiving_office="乌海市住房和城乡建设局",
    ),
    _s(
        "highway_engineering",
        "公路工程专业",
        "Highway engineering",
        parent="engineering",
        paper_levels=(FULL_SENIOR,),
        receiving_office="乌海市交通运输局",
    ),
    _s(
        "road_transport_engineering",
        "汽运工程专业",
        "Road transport engineering",
        parent="engineering",
        paper_levels=(FULL_SENIOR,),
        receiving_office="乌海市交通运输局",
    ),
    _s(
        "rail_transit_engineering",
        "轨道交通工程专业",
        "Rail transit engineering",
        parent="engineering",
        paper_levels=(FULL_SENIOR,),
        receiving_office="乌海市交通运输局",
    ),
    _s(
        "metrology_engineering",
        "计量工程专业",
        "Metrology",
        parent="engineering",
        paper_levels=(FULL_SENIOR,),
        receiving_office="乌海市市场监督管理局",
    ),
    _s(
        "standardisation_engineering",
        "标准化工程专业",
        "Standardisation",
        parent="engineering",
        paper_levels=(FULL_SENIOR,),
        receiving_office="乌海市市场监督管理局",
    ),
    _s(
        "quality_engineering",
        "质量工程专业",
        "Quality engineering",
        parent="engineering",
        paper_levels=(FULL_SENIOR,),
        receiving_office="乌海市市场监督管理局",
    ),
    _s(
        "special_equipment_engineering",
        "特种设备工程专业",
        "Special equipment engineering",
        parent="engineering",
        paper_levels=(FULL_SENIOR,),
        receiving_office="乌海市市场监督管理局",
    ),
    _s(
        "chemical_engineering",
        "化工工程专业",
        "Chemical engineering",
        parent="engineering",
        paper_levels=(FULL_SENIOR,),
        receiving_office="乌海市国有资产监督管理委员会",
    ),
    _s(
        "mechanical_engineering",
        "机械工程专业",
        "Mechanical engineering",
        parent="engineering",
        paper_levels=(FULL_SENIOR,),
        receiving_office="乌海市国有资产监督管理委员会",
    ),
    _s(
        "metallurgical_engineering",
        "冶金工程专业",
        "Metallurgical engineering",
        parent="engineering",
        paper_levels=(FULL_SENIOR,),
        receiving_office="乌海市国有资产监督管理委员会",
    ),
    _s(
        "textile_engineering",
        "纺织工程专业",
        "Textile engineering",
        parent="engineering",
        paper_levels=(FULL_SENIOR,),
        receiving_office="乌海市工业和信息化局",
    ),
    _s(
        "light_industry_engineering",
        "轻工工程专业",
        "Light industry engineering",
        parent="engineering",
        paper_levels=(FULL_SENIOR,),
        receiving_office="乌海市工业和信息化局",
    ),
    _s(
        "electronic_engineering",
        "电子工程专业",
        "Electronic engineering",
        parent="engineering",
        paper_levels=(FULL_SENIOR,),
        receiving_office="乌海市工业和信息化局",
    ),
    _s(
        "cyberspace_engineering",
        "网信工程专业",
        "Cyberspace engineering",
        parent="engineering",
        paper_levels=(FULL_SENIOR,),
        receiving_office="乌海市委网信办",
    ),
    _s(
        "power_engineering",
        "电力工程专业",
        "Power engineering",
        parent="engineering",
        paper_levels=(FULL_SENIOR,),
        receiving_office=_CITY_HR,
    ),
    _s(
        "express_delivery_engineering",
        "快递工程专业",
        "Express delivery engineering",
        parent="engineering",
        paper_levels=(FULL_SENIOR,),
        receiving_office=_CITY_HR,
    ),
)

SERIES_BY_KEY: dict[str, SeriesInfo] = {s.key: s for s in SERIES}

REQUIRED_SERIES_KEYS = (
    "engineering", "primary_secondary_teacher", "secondary_vocational_teacher", "college_teacher", "health",
    "economics", "accounting", "audit", "statistics", "computer", "translation", "publishing", "communications",
    "agriculture", "journalism", "archives", "library", "cultural_heritage", "art", "law",
)  # fmt: skip


# ---------------------------------------------------------------------------------------------------------------
# Where the applicant's unit belongs, and submission routes (TITLE-07)
# ---------------------------------------------------------------------------------------------------------------

CITY = "city"  # 市直 (city_direct and city_department units)
DISTRICT = "district"  # 三区 and the townships/villages under them
NON_PUBLIC = "non_public"  # 民营企业、社会团体及其他非公有制经济组织
FREELANCER = "freelancer"
BELONGS: tuple[str, ...] = (CITY, DISTRICT, NON_PUBLIC, FREELANCER)
BELONGS_NAMES = {CITY: "市直", DISTRICT: "各区（含乡镇、村）", NON_PUBLIC: "非公有制领域", FREELANCER: "自由职业者"}

DISTRICTS = {"haibowan": "海勃湾区", "hainan": "海南区", "wuda": "乌达区"}

# TITLE-18 reading: the non-public sector (非公有制领域) is 民营企业、社会团体及其他非公有制经济组织 (Doc B §三(二)4).
# The same words name an applicant's ``employment`` and a unit's ``ownership``.
NON_PUBLIC_KINDS = frozenset({"non_public", "individual_org", "social_org"})


def unit_location_of(jurisdiction: str, location: str) -> str:
    """INTERFACES §3 ``unit_location`` of a stored unit. The jurisdiction (管辖层级) decides 市直 or 区: a district
    school in the urban area (城区) is a district unit (Doc B §四(四)20, attachment 3 "单位所属"); the physical
    location only tells a district unit in a township or village apart (RECOG-02, TITLE-19)."""
    if jurisdiction == "city":
        return "city"
    return location if location in ("township", "village") else "district"


def belongs_of(kind: str, unit_location: str) -> str:
    """TITLE-06 "where the unit belongs", from the applicant's employment or the unit's ownership and the
    ``unit_location``: the one answer the eligibility engine and the review workflow's routing both use."""
    if kind == "freelancer":
        return FREELANCER
    if kind in NON_PUBLIC_KINDS:
        return NON_PUBLIC
    return CITY if unit_location == "city" else DISTRICT


@dataclass(frozen=True)
class SubmissionRoute:
    key: str
    steps_zh: tuple[str, ...]
    steps_en: tuple[str, ...]
    source: str


SUBMISSION_ROUTES: dict[str, SubmissionRoute] = {
    r.key: r
    for r in (
        SubmissionRoute(
            "senior",
            (
                "用人单位",
                "同级行业主管部门审核（无主管部门的直接报人社部门）",
                "同级人力资源和社会保障部门审核汇总",
                "乌海市人力资源和社会保障局",
                "内蒙古人事人才公共服务中心",
            ),
            (
                "employing unit",
                "industry department of the same level (none → HR directly)",
                "HR bureau of the same level",
                "Wuhai HR bureau",
                "Inner Mongolia personnel and talent service centre",
            ),
            "Doc B §三(二)1",
        ),
        SubmissionRoute(
            "delegated_senior",
            ("用人单位", "同级行业主管部门审核", "同级人力资源和社会保障部门审核汇总", "市级评委会办事机构"),
            (
                "employing unit",
                "industry department of the same level",
                "HR bureau of the same level",
                "office of the city committee",
            ),
            "Doc B §三(二)1, §四(四)",
        ),
        SubmissionRoute(
            "directional_senior",
            ("用人单位", "区行业主管部门审核", "区人力资源和社会保障部门复核", "区行业主管部门", "市级行业主管部门"),
            (
                "employing unit",
                "district industry department",
                "district HR bureau (re-check)",
                "district industry department",
                "city industry department",
            ),
            "Doc B §三(二)1",
        ),
        SubmissionRoute(
            "intermediate_junior",
            ("用人单位", "同级行业主管部门审核（无主管部门的直接报人社部门）", "同级人力资源和社会保障部门"),
            (
                "employing unit",
                "industry department of the same level (none → HR directly)",
                "HR bureau of the same level",
            ),
            "Doc B §三(二)2",
        ),
        SubmissionRoute(
            "city_self_review",
            ("用人单位", "市直行业主管部门（评委会组建单位）"),
            ("employing unit", "city industry department that forms the committee"),
            "Doc B §三(二)2",
        ),
        SubmissionRoute(
            "non_public",
            ("用人单位初审、公示、推荐", "区级人力资源和社会保障部门或工商联、行业协会商会、学会等社会组织"),
            (
                "unit pre-check, publicity and recommendation",
                "district HR bureau, or the federation of industry and commerce / an association",
            ),
            "Doc B §三(二)4",
        ),
        SubmissionRoute(
            "freelancer",
            (
                "档案所在人事代理机构（人力资源服务机构）初审、公示、推荐；档案未委托存放的，在纳税或社保参保地由区以上人社部门或其指定单位办理",
            ),
            (
                "the HR service agency holding the personal file (pre-check, publicity, recommendation); without one, "
                "the HR bureau (district or above) where tax or social insurance is paid",
            ),
            "Doc B §三(二)5",
        ),
        SubmissionRoute(
            "region_green",
            (
                "用人单位",
                "推荐单位（市人民政府或自治区主管部门等）",
                "乌海市人力资源和社会保障局",
                "内蒙古自治区绿色通道高级职称评审委员会",
            ),
            (
                "employing unit",
                "recommending body (city government / regional department)",
                "Wuhai HR bureau",
                "Inner Mongolia green-channel senior committee",
            ),
            "Doc B §四(五)",
        ),
    )
}


# ---------------------------------------------------------------------------------------------------------------
# Routing table (TITLE-06): series × levels × belongs (× directional) → committee
# ---------------------------------------------------------------------------------------------------------------

ANY_SERIES = "*"


@dataclass(frozen=True)
class RoutingRow:
    series: str  # a series key, or "*" for any series
    levels: tuple[str, ...]
    belongs: tuple[str, ...]
    committee_zh: str
    committee_en: str
    submission_route: str
    source: str
    directional: bool | None = None  # None: either; True/False: only directional / only general applications

    def matches(self, series: SeriesInfo, level: str, belongs: str, directional: bool) -> bool:
        return (
            self.series in (series.key, series.parent or series.key, ANY_SERIES)
            and level in self.levels
            and belongs in self.belongs
            and (self.directional is None or self.directional == directional)
        )

    def specificity(self, series: SeriesInfo) -> int:
        """Exact series beats its parent series beats the wildcard; a directional-specific row beats a general one."""
        base = 4 if self.series == series.key else 2 if self.series != ANY_SERIES else 0
        return base + (1 if self.directional is not None else 0)


_ALL_BELONGS = BELONGS
_CITY_ONLY = (CITY,)


def _city_ij(series: str, department: str, department_en: str, number: int) -> RoutingRow:
    return RoutingRow(
        series,
        IJ,
        _CITY_ONLY,
        f"{department}（市直中、初级评委会）",
        f"{department_en} (city intermediate/junior)",
        "city_self_review",
        f"Doc B §四(四){number}",
    )


ROUTING: tuple[RoutingRow, ...] = (
    # Defaults.
    RoutingRow(
        ANY_SERIES,
        SENIOR,
        _ALL_BELONGS,
        "内蒙古自治区相应系列（专业）高级职称评审委员会",
        "the region's senior committee of the series",
        "senior",
        "Doc B §三(二)1 (TITLE-06)",
        False,
    ),
    RoutingRow(
        ANY_SERIES,
        SENIOR,
        (DISTRICT,),
        "内蒙古自治区基层“定向评价”高级职称评审委员会（经市级行业主管部门报送）",
        "the region's grassroots directional senior committee (via the city department)",
        "directional_senior",
        "Doc B §三(二)1, §四(九)",
        True,
    ),
    # Reading: a city-level intermediate/junior application not delegated by §四(四) goes to the committee of the
    # city HR bureau, the attachment-2 office for "经济、电力工程…等" (the "等" row).
    RoutingRow(
        ANY_SERIES,
        IJ,
        _CITY_ONLY,
        "乌海市人力资源和社会保障局组织的中、初级评委会",
        "intermediate/junior committee organised by the Wuhai HR bureau",
        "intermediate_junior",
        "Doc B §三(二)2, attachment 2",
    ),
    RoutingRow(
        ANY_SERIES,
        IJ,
        (DISTRICT,),
        "所在区人力资源和社会保障局（区级中、初级评委会，含考核认定）",
        "the district HR bureau (district intermediate/junior committee, incl. recognition)",
        "intermediate_junior",
        "Doc B §四(四)20",
    ),
    RoutingRow(
        ANY_SERIES,
        IJ,
        (NON_PUBLIC,),
        "所在区人力资源和社会保障局（属地管理）",
        "the district HR bureau (territorial)",
        "non_public",
        "Doc B §三(二)4, §四(四)20",
    ),
    RoutingRow(
        ANY_SERIES,
        IJ,
        (FREELANCER,),
        "档案或纳税、参保所在区人力资源和社会保障局",
        "the district HR bureau of the personal file / tax / social insurance",
        "freelancer",
        "Doc B §三(二)5, §四(四)20",
    ),
    # The 20 delegations of Doc B §四(四).
    RoutingRow(
        "college_teacher",
        ALL,
        _CITY_ONLY,
        "乌海职业技术学院教师系列评委会（自主评审）",
        "Wuhai Vocational and Technical College teachers' committee (self-review)",
        "city_self_review",
        "Doc B §四(四)1",
    ),
    RoutingRow(
        "party_school_teacher",
        IJ,
        _CITY_ONLY,
        "中共乌海市委党校党校教师系列中、初级评委会",
        "Municipal Party school teachers' intermediate/junior committee",
        "city_self_review",
        "Doc B §四(四)2",
    ),
    RoutingRow(
        "health",
        SENIOR,
        (DISTRICT,),
        "乌海市卫生健康委员会基层卫生系列高级评委会",
        "Wuhai Health Commission grassroots health senior committee",
        "directional_senior",
        "Doc B §四(四)3",
        True,
    ),
    RoutingRow(
        "primary_secondary_teacher",
        (DEPUTY_SENIOR,),
        _ALL_BELONGS,
        "乌海市教育局中小学教师系列副高级评委会",
        "Wuhai Education Bureau primary/secondary teachers' deputy-senior committee",
        "delegated_senior",
        "Doc B §四(四)4",
    ),
    RoutingRow(
        "primary_secondary_teacher",
        (DEPUTY_SENIOR,),
        (DISTRICT,),
        "乌海市教育局中小学教师系列副高级评委会（基层定向评价）",
        "Wuhai Education Bureau teachers' deputy-senior committee (grassroots directional)",
        "directional_senior",
        "Doc B §四(四)4, §四(九)",
        True,
    ),
    RoutingRow(
        "secondary_vocational_teacher",
        (DEPUTY_SENIOR,),
        _ALL_BELONGS,
        "乌海市教育局中等职业学校教师系列副高级评委会",
        "Wuhai Education Bureau secondary-vocational teachers' deputy-senior committee",
        "delegated_senior",
        "Doc B §四(四)4",
    ),
    RoutingRow(
        "primary_secondary_teacher",
        (FULL_SENIOR,),
        _ALL_BELONGS,
        "乌海市中小学教师高级职称评审委员会（市人社局、市教育局共同组建）",
        "Wuhai primary/secondary teachers' senior committee (HR bureau and Education Bureau)",
        "delegated_senior",
        "Doc B §四(十三)",
    ),
    _city_ij("primary_secondary_teacher", "乌海市教育局", "Wuhai Education Bureau", 4),
    _city_ij("agriculture", "乌海市农牧局", "Wuhai Agriculture and Animal Husbandry Bureau", 5),
    *(
        _city_ij(key, "乌海市自然资源局", "Wuhai Natural Resources Bureau", 6)
        for key in (
            "geological_engineering",
            "surveying_engineering",
            "forestry_grassland_engineering",
            "spatial_planning_engineering",
            "forestry_research",
        )
    ),
    _city_ij("water_engineering", "乌海市水务局", "Wuhai Water Bureau", 7),
    _city_ij("eco_environment_engineering", "乌海市生态环境局", "Wuhai Ecology and Environment Bureau", 8),
    *(
        _city_ij(key, "乌海市住房和城乡建设局", "Wuhai Housing and Construction Bureau", 9)
        for key in ("construction_engineering", "building_materials_engineering")
    ),
    *(
        _city_ij(key, "乌海市文体旅游广电局", "Wuhai Culture, Sports, Tourism and Broadcasting Bureau", 10)
        for key in (
            "art",
            "library",
            "cultural_heritage",
            "mass_culture",
            "literary_creation",
            "sports_coach",
            "arts_crafts",
            "exhibition",
            "fine_art",
            "calligraphy",
            "photography",
        )
    ),
    *(
        _city_ij(key, "中共乌海市委宣传部", "Publicity Department of the CPC Wuhai Committee", 11)
        for key in ("journalism", "broadcasting")
    ),
    *(
        _city_ij(key, "乌海市交通运输局", "Wuhai Transport Bureau", 12)
        for key in ("highway_engineering", "road_transport_engineering", "rail_transit_engineering")
    ),
    _city_ij("archives", "乌海市档案史志馆", "Wuhai Archives and Local Chronicles Office", 13),
    *(
        _city_ij(key, "乌海市市场监督管理局", "Wuhai Market Regulation Administration", 14)
        for key in (
            "metrology_engineering",
            "standardisation_engineering",
            "quality_engineering",
            "special_equipment_engineering",
        )
    ),
    RoutingRow(
        "pharmacy",
        SENIOR,
        (DISTRICT,),
        "乌海市市场监督管理局基层药学专业高级评委会",
        "Wuhai Market Regulation Administration grassroots pharmacy senior committee",
        "directional_senior",
        "Doc B §四(四)14",
        True,
    ),
    *(
        _city_ij(key, "乌海市国有资产监督管理委员会", "Wuhai SASAC", 15)
        for key in ("chemical_engineering", "mechanical_engineering", "metallurgical_engineering")
    ),
    *(
        _city_ij(key, "乌海市工业和信息化局", "Wuhai Industry and IT Bureau", 16)
        for key in ("textile_engineering", "light_industry_engineering", "electronic_engineering")
    ),
    _city_ij("cyberspace_engineering", "中共乌海市委网信办", "Wuhai Cyberspace Affairs Office", 17),
    # 文艺评论 is a specialty of the art series, but §四(四)10 does not delegate it and attachment 2 lists it under the
    # city HR bureau ("经济、电力工程、快递工程、文艺评论…"): its own row, so the parent's delegation does not apply.
    RoutingRow(
        "literary_criticism",
        IJ,
        _CITY_ONLY,
        "乌海市人力资源和社会保障局组织的中、初级评委会",
        "intermediate/junior committee organised by the Wuhai HR bureau",
        "intermediate_junior",
        "Doc B §四(四)10, attachment 2",
    ),
    _city_ij("law", "乌海市司法局", "Wuhai Justice Bureau", 18),
    _city_ij("mongolian_translation", "乌海市民族事务委员会", "Wuhai Ethnic Affairs Commission", 19),
)


# ---------------------------------------------------------------------------------------------------------------
# Honours (TITLE-16, Doc A §五(四)1–2)
# ---------------------------------------------------------------------------------------------------------------

HONOUR_FULL_SENIOR = "full_senior"  # 可直接破格申报正高级职称
HONOUR_ONE_LEVEL_UP = "one_level_up"  # 可破格申报高一级职称


@dataclass(frozen=True)
class Honour:
    key: str
    name_zh: str
    name_en: str
    effect: str
    district_or_below_only: bool = False


HONOURS: tuple[Honour, ...] = (
    Honour(
        "national_outstanding_professional",
        "全国杰出专业技术人才",
        "National outstanding professional",
        HONOUR_FULL_SENIOR,
    ),
    Honour(
        "state_council_special_allowance",
        "享受国务院政府特殊津贴人员",
        "State Council special allowance",
        HONOUR_FULL_SENIOR,
    ),
    Honour(
        "national_talent_programme",
        "国家百千万人才工程人选、国家突出贡献专家、国家其他人才计划入选者",
        "National talent programme / expert with outstanding contribution",
        HONOUR_FULL_SENIOR,
    ),
    Honour(
        "region_outstanding_talent_award",
        "自治区杰出人才奖获得者",
        "Regional outstanding talent award",
        HONOUR_FULL_SENIOR,
    ),
    Honour(
        "region_outstanding_contribution_expert",
        "自治区突出贡献专家（含原“自治区深入工农牧业生产第一线作出突出贡献的科技人员”）",
        "Regional expert with outstanding contribution",
        HONOUR_FULL_SENIOR,
    ),
    Honour(
        "grassland_talent_introduced",
        "自治区草原英才工程引进人选",
        "Grassland Talent programme (introduced)",
        HONOUR_FULL_SENIOR,
    ),
    Honour(
        "talent_321_level1", "自治区321人才工程一层次人选", "Region 321 talent programme, level 1", HONOUR_FULL_SENIOR
    ),
    Honour(
        "sci_tech_national_or_region_first",
        "科技成果国家级奖额定获奖人员，或科技成果自治区（省部）级一等奖额定获奖人员",
        "National science award, or regional/provincial first prize (named winner)",
        HONOUR_FULL_SENIOR,
    ),
    Honour(
        "region_sci_tech_second_third_or_industry_first_twice",
        "在各区及以下地区工作，获自治区科技成果二、三等奖的额定获奖人员，或者自治区行业一等奖（含原盟市科技成果一等奖）两项以上的额定获奖人员",
        "Working in a district or below: regional science award 2nd/3rd prize, or two or more regional industry "
        "first prizes",
        HONOUR_ONE_LEVEL_UP,
        district_or_below_only=True,
    ),
    Honour(
        "region_youth_innovation_award",
        "自治区青年创新人才奖获得者",
        "Regional youth innovation award",
        HONOUR_ONE_LEVEL_UP,
    ),
    Honour(
        "talent_321_level2", "自治区321人才工程二层次人选", "Region 321 talent programme, level 2", HONOUR_ONE_LEVEL_UP
    ),
    Honour(
        "grassland_youth_level1",
        "自治区草原英才工程青年创新创业人才培养计划一层次人选",
        "Grassland Talent youth innovation programme, level 1",
        HONOUR_ONE_LEVEL_UP,
    ),
)
HONOURS_BY_KEY: dict[str, Honour] = {h.key: h for h in HONOURS}

# Doc A §五(四)1: "考评结合系列，国家没有明确规定的可不参加考试，直接参加评审". Set to False for a series where the
# state does prescribe the exam (then TITLE-13 applies to the 正高 exceptional route too).
HONOUR_FULL_SENIOR_EXAM_EXEMPT = True


# ---------------------------------------------------------------------------------------------------------------
# Green channel (GREEN-02 categories, Doc B §四(五))
# ---------------------------------------------------------------------------------------------------------------

# What level a category leads to.
GREEN_SENIOR = "senior"  # 直接申报高级职称 (副高 or 正高, as requested)
GREEN_DEPUTY_SENIOR_RECOGNITION = "deputy_senior_recognition"  # 直接申报认定副高级职称
GREEN_TARGET = "target"  # 相应职称 (the level requested)
GREEN_PROGRAMME = "programme"  # by programme level (category 6)

ENDORSE_CITY_GOV_OR_REGION = ("city_government", "region_department")
ENDORSE_CITY_HR_OR_REGION = ("city_hr", "region_department")

EVIDENCE_NAMES: dict[str, tuple[str, str]] = {
    "achievement_appraisal": ("业绩、贡献和成果鉴定材料", "evidence of achievements and their appraisal"),
    "lead_role_certificate": ("重大突破/技术负责人证明", "proof of the breakthrough or technical-lead role"),
    "talent_introduction_certificate": (
        "按内政发〔2017〕77号引进的高层次、急需紧缺人才认定材料",
        "proof of introduction under 内政发〔2017〕77号",
    ),
    "postdoc_funding": (
        "中国博士后科学基金资助或主持省部级以上科研项目证明",
        "China Postdoctoral Science Foundation grant or provincial project as lead",
    ),
    "stays_in_wuhai": ("出站后留在乌海工作证明", "proof of working in Wuhai after the station"),
    "outstanding_record": (
        "长期从事专业技术工作、业绩显著贡献突出材料",
        "record of long, outstanding professional work",
    ),
    "overseas_work_record": ("海外长期从事专业技术工作及显著业绩材料", "record of long professional work abroad"),
    "programme_selection": (
        "高层次人才培养项目入选文件（培养期内业绩成果突出）",
        "selection into the talent programme (outstanding results in the training period)",
    ),
    "transfer_record": (
        "公务员（参公）或军队转业安置到企事业单位的证明",
        "proof of transfer from civil service / army",
    ),
    "one_case_decision": ("“一事一议”引进人才认定材料", "one-case-one-decision introduction record"),
}
ENDORSEMENT_NAMES: dict[str, tuple[str, str]] = {
    "city_government": ("市人民政府研究推荐", "recommendation by the city government"),
    "region_department": ("自治区主管部门研究推荐", "recommendation by a regional department"),
    "city_hr": ("市人力资源和社会保障局研究推荐", "recommendation by the city HR bureau"),
    "unit_assessment": ("用人单位考核合格", "passed the employing unit's assessment"),
    "unit_review": ("所在单位审核", "review by the employing unit"),
}

PROGRAMMES: dict[str, tuple[str, str, str, bool]] = {
    # key: (name_zh, name_en, effect, district_or_below_only); effect "full_senior" | "one_level_up" | "intermediate"
    "new_era_l1": (
        "“新时代专业技术人员选拔培养项目”一层次人选",
        "New-era talent programme level 1",
        "full_senior",
        False,
    ),
    "new_era_l2": (
        "“新时代专业技术人员选拔培养项目”二层次人选",
        "New-era talent programme level 2",
        "one_level_up",
        False,
    ),
    "grassland_youth_l1": (
        "自治区草原英才工程青年创新创业人才培养计划一层次人选",
        "Grassland youth programme level 1",
        "one_level_up",
        False,
    ),
    "new_era_l3": (
        "“新时代专业技术人员选拔培养项目”三层次人选",
        "New-era talent programme level 3",
        "intermediate",
        True,
    ),
    "grassland_youth_l2": (
        "自治区草原英才工程青年创新创业人才培养计划二层次人选",
        "Grassland youth programme level 2",
        "intermediate",
        True,
    ),
}


@dataclass(frozen=True)
class GreenCategory:
    number: int
    name_zh: str
    name_en: str
    level_rule: str
    evidence_all: tuple[str, ...] = ()
    evidence_any: tuple[str, ...] = ()
    endorsements_all: tuple[str, ...] = ()
    endorsements_any: tuple[str, ...] = ()
    min_peer_letters: int = 0  # cat. 4: "2名以上在职在岗的具备正高级职称同行专家出具推荐意见"
    first_application_only: bool = False
    city_institution_only: bool = False
    region_committee: bool = False  # GREEN-03: categories 1–5 → the region's green-channel senior committee


GREEN_CATEGORIES: tuple[GreenCategory, ...] = (
    GreenCategory(
        1,
        "重大突破、重大贡献人员及国家重点实验室等技术负责人",
        "Major breakthroughs / technical leads",
        GREEN_SENIOR,
        evidence_all=("achievement_appraisal",),
        evidence_any=(),
        endorsements_any=ENDORSE_CITY_GOV_OR_REGION,
        region_committee=True,
    ),
    GreenCategory(
        2,
        "按内政发〔2017〕77号引进的海内外高层次人才、急需紧缺人才",
        "Talent introduced under 内政发〔2017〕77号",
        GREEN_SENIOR,
        evidence_all=("talent_introduction_certificate",),
        region_committee=True,
    ),
    GreenCategory(
        3,
        "获博士后科学基金资助或主持省部级项目、出站后留乌工作的博士后",
        "Postdocs staying in Wuhai",
        GREEN_DEPUTY_SENIOR_RECOGNITION,
        evidence_all=("postdoc_funding", "stays_in_wuhai"),
        endorsements_all=("unit_assessment",),
        endorsements_any=ENDORSE_CITY_HR_OR_REGION,
        region_committee=True,
    ),
    GreenCategory(
        4,
        "不具备学历要求但业绩显著、贡献突出人员",
        "Outstanding without the required education",
        GREEN_TARGET,
        evidence_all=("outstanding_record",),
        endorsements_any=ENDORSE_CITY_GOV_OR_REGION,
        min_peer_letters=2,
        region_committee=True,
    ),
    GreenCategory(
        5,
        "海外归国人员（首次申报）",
        "Returned from long professional work abroad (first application)",
        GREEN_TARGET,
        evidence_all=("overseas_work_record",),
        endorsements_any=ENDORSE_CITY_GOV_OR_REGION,
        first_application_only=True,
        region_committee=True,
    ),
    GreenCategory(
        6,
        "列入高层次人才培养项目人员",
        "Selected for a talent programme",
        GREEN_PROGRAMME,
        evidence_all=("programme_selection",),
    ),
    GreenCategory(
        7,
        "公务员（参公）、军队转业到企事业单位从事专业技术工作人员（首次申报）",
        "Civil servants / army transferees now in professional work (first application)",
        GREEN_TARGET,
        evidence_all=("transfer_record",),
        first_application_only=True,
    ),
    GreenCategory(
        8,
        "市直事业单位“一事一议”引进人才",
        "City institutions' one-case-one-decision introduced talent",
        GREEN_TARGET,
        evidence_all=("one_case_decision",),
        endorsements_all=("unit_review",),
        city_institution_only=True,
    ),
)
GREEN_BY_NUMBER: dict[int, GreenCategory] = {g.number: g for g in GREEN_CATEGORIES}
GREEN_REGION_COMMITTEE_ZH = "内蒙古自治区绿色通道高级职称评审委员会"
GREEN_REGION_COMMITTEE_EN = "Inner Mongolia green-channel senior committee"


# ---------------------------------------------------------------------------------------------------------------
# Plain names of the rules a route comes from: pages and documents print the name, with the ID small beside it
# ---------------------------------------------------------------------------------------------------------------

RULE_NAMES: dict[str, tuple[str, str]] = {
    "WH-01": ("按职称层级逐级申报评审", "step-by-step review"),
    "RECOG-01": ("高校毕业生考核认定", "recognition of graduates"),
    "RECOG-02": ("乡镇、村基层毕业生考核认定", "recognition of township and village graduates"),
    "TITLE-16": ("破格申报", "exceptional application"),
    "TITLE-17": ("转系列申报", "transfer of series"),
    "TITLE-18": ("非公有制领域直接申报", "non-public sector, direct application"),
    "TITLE-19": ("基层专业技术人员申报", "grassroots professionals"),
    "TITLE-20": ("定向评价、定向使用", "directional evaluation"),
    "GREEN-01": ("绿色通道", "green channel"),
    "GREEN-02": ("绿色通道", "green channel"),
    "GREEN-03": ("绿色通道", "green channel"),
}


def rule_name(rule: str, *, en: bool = False) -> str:
    names = RULE_NAMES.get(rule)
    return "" if names is None else names[1 if en else 0]


# ---------------------------------------------------------------------------------------------------------------
# Yearly windows (TITLE-02) and the teacher 正高 quota (TITLE-11)
# ---------------------------------------------------------------------------------------------------------------

WINDOW_SENIOR = "senior"
WINDOW_INTERMEDIATE_JUNIOR = "intermediate_junior"
WINDOW_TEACHERS = "teachers"  # primary/secondary and secondary-vocational teachers, all levels
WINDOW_DIRECTIONAL_SENIOR = "directional_senior"
WINDOW_EXAM_REVIEW_SENIOR = "exam_review_senior"  # Doc B §二(一)2 "考评结合系列（专业）职称申报时间另行安排"
WINDOW_SEPARATE_SERIES = "separate_series"  # Doc B §二(一)2 体育、工艺美术、文学创作: "待新评审条件印发后…另行发文"
WINDOW_GROUPS: dict[str, tuple[str, str]] = {
    WINDOW_SENIOR: ("高级职称", "senior titles"),
    WINDOW_INTERMEDIATE_JUNIOR: ("中、初级职称", "intermediate and junior titles"),
    WINDOW_TEACHERS: ("中小学教师、中等职业学校教师各级别职称", "school and vocational teachers, all levels"),
    WINDOW_DIRECTIONAL_SENIOR: ("“定向评价、定向使用”基层高级职称", "directional grassroots senior titles"),
    WINDOW_EXAM_REVIEW_SENIOR: ("考评结合系列（专业）高级职称", "senior titles of the exam + review series"),
    WINDOW_SEPARATE_SERIES: ("体育、工艺美术、文学创作系列（专业）职称", "sports, arts and crafts, literary creation"),
}
# Groups whose dates Doc B leaves to a later notice ("另行安排"): seeded without dates, HR fills them in the admin.
SEPARATELY_ANNOUNCED_GROUPS = frozenset({WINDOW_EXAM_REVIEW_SENIOR, WINDOW_SEPARATE_SERIES})


@dataclass(frozen=True)
class WindowInfo:
    year: int
    group: str
    # Last day on which applications are accepted ("…前完成申报", inclusive); None: not yet announced (另行安排).
    closes_on: date | None
    review_ends_on: date | None  # reviews and result publicity finished by this day
    opens_on: date | None = None  # first day of applications; None: open until closes_on

    @property
    def announced(self) -> bool:
        return self.closes_on is not None


WINDOWS: tuple[WindowInfo, ...] = (
    WindowInfo(2023, WINDOW_SENIOR, date(2023, 6, 9), date(2023, 9, 30)),
    WindowInfo(2023, WINDOW_INTERMEDIATE_JUNIOR, date(2023, 7, 14), date(2023, 9, 30)),
    WindowInfo(2023, WINDOW_TEACHERS, date(2023, 7, 31), date(2023, 9, 30)),
    WindowInfo(2023, WINDOW_DIRECTIONAL_SENIOR, date(2023, 7, 31), date(2023, 9, 30)),
)
# Seeded by migration 0008 (0002 seeds ``WINDOWS``, whose dates its historical model requires): the groups Doc B
# §二(一)2 schedules separately, stored without dates until the separate notice is published.
WINDOWS_ANNOUNCED_SEPARATELY: tuple[WindowInfo, ...] = (
    WindowInfo(2023, WINDOW_EXAM_REVIEW_SENIOR, None, None),
    WindowInfo(2023, WINDOW_SEPARATE_SERIES, None, None),
)

# TITLE-11: 中小学教师正高级职称评审总数 allotted by the region (Doc B §四(十三)).
TEACHER_FULL_SENIOR_QUOTAS: dict[int, int] = {2023: 6}


def window_group(series, level: str, directional: bool) -> str:
    """TITLE-02: which yearly window an application falls in. ``series`` is a ``SeriesInfo`` or a stored
    ``Series`` row (same attribute names), so the engine and the review pages read one rule.

    Reading of Doc B §二(一): 体育、工艺美术、文学创作 wait for new conditions at every level; teachers have one date
    for all levels; the directional grassroots senior date is the more specific one for 基层卫生 (a 考评结合 series
    named in §四(九)); other senior levels of 考评结合 series (TITLE-13) are scheduled separately."""
    if series.schedule_separately:
        return WINDOW_SEPARATE_SERIES
    if series.teacher_window:
        return WINDOW_TEACHERS
    if level in SENIOR_LEVELS:
        if directional:
            return WINDOW_DIRECTIONAL_SENIOR
        if level in series.exam_review_levels:
            return WINDOW_EXAM_REVIEW_SENIOR
        return WINDOW_SENIOR
    return WINDOW_INTERMEDIATE_JUNIOR


@dataclass(frozen=True)
class Catalogue:
    """Everything the eligibility engine reads; built from these constants or from the database."""

    series: dict[str, SeriesInfo]
    routing: tuple[RoutingRow, ...]
    windows: tuple[WindowInfo, ...]
    teacher_full_senior_quotas: dict[int, int]
    honours: dict[str, Honour] = field(default_factory=lambda: dict(HONOURS_BY_KEY))
    green_categories: dict[int, GreenCategory] = field(default_factory=lambda: dict(GREEN_BY_NUMBER))

    def window(self, year: int, group: str) -> WindowInfo | None:
        for window in self.windows:
            if window.year == year and window.group == group:
                return window
        return None


def default_catalogue() -> Catalogue:
    return Catalogue(
        series=dict(SERIES_BY_KEY),
        routing=ROUTING,
        windows=WINDOWS + WINDOWS_ANNOUNCED_SEPARATELY,
        teacher_full_senior_quotas=dict(TEACHER_FULL_SENIOR_QUOTAS),
    )
