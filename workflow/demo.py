"""Demo organisations and accounts (idempotent). Names of units are realistic but the data is invented."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import Membership, Organisation, Role
from .staff import hr_reference_group_sync

DEMO_PASSWORD = "wuhai-demo-2026"

K = Organisation.Kind
A = Organisation.Affiliation

# (code, kind, name, jurisdiction, extra fields)
# The city HR bureau and the city departments are the receiving offices (送审经办机构) of Doc B attachment 2; the
# series each receives is not listed here but filled from the series catalogue's ``receiving_office`` by the titles
# app's seeder (titles/demo_departments.py: workflow does not know the catalogue), so the names below are exactly
# the catalogue's.
ORGANISATIONS: list[tuple[str, str, str, str, dict]] = [
    (
        "city-hr",
        K.CITY_HR,
        "乌海市人力资源和社会保障局",
        "city",
        {"name_en": "Wuhai Human Resources and Social Security Bureau"},
    ),
    (
        "haibowan-hr",
        K.DISTRICT_HR,
        "海勃湾区人力资源和社会保障局",
        "haibowan",
        {"name_en": "Haibowan District HR Bureau"},
    ),
    ("hainan-hr", K.DISTRICT_HR, "海南区人力资源和社会保障局", "hainan", {"name_en": "Hainan District HR Bureau"}),
    ("wuda-hr", K.DISTRICT_HR, "乌达区人力资源和社会保障局", "wuda", {"name_en": "Wuda District HR Bureau"}),
    # City departments of Doc B attachment 2 (送审经办机构).
    ("city-education", K.DEPARTMENT, "乌海市教育局", "city", {}),
    ("city-health", K.DEPARTMENT, "乌海市卫生健康委员会", "city", {}),
    ("city-market", K.DEPARTMENT, "乌海市市场监督管理局", "city", {}),
    ("city-finance", K.DEPARTMENT, "乌海市财政局", "city", {}),
    ("city-ethnic-affairs", K.DEPARTMENT, "乌海市民族事务委员会", "city", {}),
    ("city-agriculture", K.DEPARTMENT, "乌海市农牧局", "city", {}),
    ("city-publicity", K.DEPARTMENT, "中共乌海市委员会宣传部", "city", {}),
    ("city-archives", K.DEPARTMENT, "乌海市档案史志馆", "city", {}),
    ("city-culture", K.DEPARTMENT, "乌海市文体旅游广电局", "city", {}),
    ("city-justice", K.DEPARTMENT, "乌海市司法局", "city", {}),
    ("city-natural-resources", K.DEPARTMENT, "乌海市自然资源局", "city", {}),
    ("city-water", K.DEPARTMENT, "乌海市水务局", "city", {}),
    ("city-ecology", K.DEPARTMENT, "乌海市生态环境局", "city", {}),
    ("city-housing", K.DEPARTMENT, "乌海市住房和城乡建设局", "city", {}),
    ("city-transport", K.DEPARTMENT, "乌海市交通运输局", "city", {}),
    ("city-sasac", K.DEPARTMENT, "乌海市国有资产监督管理委员会", "city", {}),
    ("city-industry", K.DEPARTMENT, "乌海市工业和信息化局", "city", {}),
    ("city-cyberspace", K.DEPARTMENT, "乌海市委网信办", "city", {}),
    # District departments (they supervise district units; the series they forward are listed).
    (
        "haibowan-education",
        K.DEPARTMENT,
        "海勃湾区教育局",
        "haibowan",
        {"series_received": ["primary_secondary_teacher"]},
    ),
    ("hainan-health", K.DEPARTMENT, "海南区卫生健康委员会", "hainan", {"series_received": ["health"]}),
    ("wuda-agriculture", K.DEPARTMENT, "乌达区农牧水务局", "wuda", {"series_received": ["agriculture"]}),
    # Committee organisers (评委会组建单位).
    (
        "cmte-teachers",
        K.COMMITTEE_ORGANISER,
        "乌海市中小学教师系列中级职称评审委员会",
        "city",
        {"series_received": ["primary_secondary_teacher"]},
    ),
    (
        "cmte-engineering",
        K.COMMITTEE_ORGANISER,
        "乌海市工程系列中级职称评审委员会",
        "city",
        {"series_received": ["engineering"]},
    ),
    ("cmte-health", K.COMMITTEE_ORGANISER, "乌海市卫生系列中级职称评审委员会", "city", {"series_received": ["health"]}),
]

# (code, name, jurisdiction, affiliation, supervisor code, sector, extra)
UNITS: list[tuple[str, str, str, str, str | None, str, dict]] = [
    ("unit-no1-middle", "乌海市第一中学", "city", A.CITY_DEPARTMENT, "city-education", "education", {}),
    (
        "unit-people-hospital",
        "乌海市人民医院",
        "city",
        A.CITY_DEPARTMENT,
        "city-health",
        "health",
        {"senior_grade_exempt": True},
    ),
    (
        "unit-vocational-college",
        "乌海职业技术学院",
        "city",
        A.CITY_DIRECT,
        None,
        "education",
        {"senior_grade_exempt": True, "self_reviewing": True},
    ),
    ("unit-party-school", "中共乌海市委党校", "city", A.CITY_DIRECT, None, "general", {"senior_grade_exempt": True}),
    ("unit-agri-institute", "乌海市农牧业科学研究所", "city", A.CITY_DEPARTMENT, "city-agriculture", "agriculture", {}),
    ("unit-library", "乌海市图书馆", "city", A.CITY_DEPARTMENT, "city-culture", "culture", {}),
    ("unit-water-centre", "乌海市水利事业发展中心", "city", A.CITY_DEPARTMENT, "city-water", "water", {}),
    ("unit-haibowan-primary", "海勃湾区实验小学", "haibowan", A.DISTRICT, "haibowan-education", "education", {}),
    (
        "unit-qianlishan-school",
        "海勃湾区千里山镇中心学校",
        "haibowan",
        A.DISTRICT,
        "haibowan-education",
        "education",
        {"location": "township"},
    ),
    (
        "unit-bayintaohai-health",
        "海南区巴音陶亥镇卫生院",
        "hainan",
        A.DISTRICT,
        "hainan-health",
        "health",
        {"location": "township"},
    ),
    ("unit-wuda-agri-station", "乌达区农牧业技术推广中心", "wuda", A.DISTRICT, "wuda-agriculture", "agriculture", {}),
    (
        "unit-demo-chemical",
        "乌海示范化工有限公司（演示企业）",
        "hainan",
        A.DISTRICT,
        None,
        "general",
        {"ownership": "non_public", "public_service_professional": False},
    ),
]

# (username, display name, role, organisation code, what to try). Display names and hints are shown on the login
# page in the active language; the stored name (first_name) is the Chinese one.
DEMO_ACCOUNTS: list[tuple[str, str, str, str, str]] = [
    (
        "applicant",
        _("李明（申报人）"),
        Role.APPLICANT,
        "unit-no1-middle",
        _("查看可申报路径、填写申报、上传材料、查看进度"),
    ),
    (
        "unit_hr",
        _("王芳（单位人事）"),
        Role.UNIT_HR,
        "unit-no1-middle",
        _("单位申报审核、公示、推荐；编辑岗位设置方案"),
    ),
    (
        "dept_reviewer",
        _("赵强（主管部门）"),
        Role.DEPT_REVIEWER,
        "city-education",
        _("复核申报材料、一次性告知、审核方案"),
    ),
    (
        "hr_officer",
        _("刘洋（市人社局）"),
        Role.HR_OFFICER,
        "city-hr",
        _("方案备案、评委会核准、结果备案、证书；后台维护工作日历、比例标准、系列目录与申报期"),
    ),
    ("district_hr", _("孙丽（海勃湾区人社局）"), Role.HR_OFFICER, "haibowan-hr", _("区属单位方案备案与申报审核")),
    (
        "committee_office",
        _("陈静（评委会办公室）"),
        Role.COMMITTEE_OFFICE,
        "cmte-teachers",
        _("评审方案备案、排会、专家、投票、结果"),
    ),
    ("judge", _("周教授（评审专家）"), Role.JUDGE, "cmte-teachers", _("查看所参加会议的申报材料（只读）")),
]
# Demo accounts that maintain the city's reference data in the admin (workflow/staff.py). The district HR bureau
# does not: the calendar, ratio profiles and catalogue are the city bureau's (Doc A/B name 市人社局 for them).
DEMO_REFERENCE_STAFF = {"hr_officer"}


@transaction.atomic
def seed() -> dict:
    by_code: dict[str, Organisation] = {}
    for code, kind, name, jurisdiction, extra in ORGANISATIONS:
        org, _created = Organisation.objects.update_or_create(
            code=code, defaults={"kind": kind, "name": name, "jurisdiction": jurisdiction, **extra}
        )
        by_code[code] = org
    for code, name, jurisdiction, affiliation, supervisor, sector, extra in UNITS:
        org, _created = Organisation.objects.update_or_create(
            code=code,
            defaults={
                "kind": K.UNIT,
                "name": name,
                "jurisdiction": jurisdiction,
                "affiliation": affiliation,
                "supervisor": by_code.get(supervisor) if supervisor else None,
                "sector": sector,
                **extra,
            },
        )
        by_code[code] = org
    User = get_user_model()
    reference_group = hr_reference_group_sync()
    for username, display, role, org_code, _hint in DEMO_ACCOUNTS:
        with translation.override("zh-hans"):
            name = str(display)
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": name})
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.first_name = name
        user.email = f"{username}@demo.wuhai.example"
        user.is_staff = username in DEMO_REFERENCE_STAFF
        user.save()
        if user.is_staff:
            user.groups.add(reference_group)
        else:
            user.groups.remove(reference_group)
        Membership.objects.get_or_create(user=user, organisation=by_code[org_code], role=role)
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True, "first_name": "系统管理员"}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    return by_code
