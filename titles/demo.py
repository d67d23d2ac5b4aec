"""Demo applicants (idempotent): one profile per route — review, recognition, non-public direct review, green
channel, exceptional, directional — and a civil servant the engine refuses (TITLE-01). Drafts and one submitted
application go through the real services; the demo user ``applicant`` gets a profile and a draft.

The demo needs an open window: when the current year has no windows yet, it opens this year's (closing 30 days
from today, at the latest on 31 December — TITLE-02 "no review crosses the calendar year")."""

from __future__ import annotations

import io
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from titles.catalogue import WINDOW_GROUPS
from titles.models import Application, ApplicationWindow, EvaluationYear
from titles.models.materials import DATED_ITEMS
from titles.selectors.applications import missing_materials, profile_for
from titles.selectors.catalogue import catalogue_snapshot
from titles.services.applications import (
    application_create,
    application_submit,
    material_upload,
    profile_update,
)
from workflow import clock
from workflow import demo as workflow_demo
from workflow.models import Membership, Organisation, Role
from workflow.models.organisations import Organisation as Org

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(region: str, born: date, sequence: str) -> str:
    """A GB 11643-valid (invented) resident ID number."""
    first = f"{region}{born:%Y%m%d}{sequence}"
    return first + "10X98765432"[sum(int(d) * w for d, w in zip(first, _ID_WEIGHTS, strict=True)) % 11]


def demo_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _years_ago(today: date, years: int, month: int = 7, day: int = 1) -> date:
    return date(today.year - years, month, day)


def ensure_open_year(today: date) -> EvaluationYear:
    year, _created = EvaluationYear.objects.get_or_create(year=today.year)
    if not year.windows.exists():
        closes = min(today + timedelta(days=30), date(today.year, 12, 31))
        for group in WINDOW_GROUPS:
            ApplicationWindow.objects.create(
                evaluation_year=year,
                group=group,
                opens_on=date(today.year, 1, 1),
                closes_on=closes,
                review_ends_on=date(today.year, 12, 31),
            )
    return year


def _people(today: date) -> list[dict]:
    t = today
    return [
        {
            "username": "applicant",  # the demo account of workflow.demo
            "display": "李明（申报人）",
            "unit": "unit-no1-middle",
            "data": {"full_name": "李明", "gender": "male", "ethnicity": "汉族", "employment": "institution",
                     "birth_date": date(1985, 3, 12), "current_specialty": "中学数学", "phone": "13904730001",
                     "rural_service_years": 1},
            "education": [{"education": "bachelor", "degree": "bachelor", "school": "内蒙古师范大学",
                           "major": "数学与应用数学", "full_time": True, "graduated_on": date(2007, 7, 1)}],
            "work": [{"employer": "乌海市第一中学", "position": "数学教师", "location": "city",
                      "started_on": date(2007, 8, 20)}],
            "titles": [{"series": "primary_secondary_teacher", "level": "intermediate", "name": "中学一级教师",
                        "obtained_on": _years_ago(t, 8)}],
            "application": {"series_key": "primary_secondary_teacher", "level": "deputy_senior", "route": "review"},
        },
        {
            "username": "applicant_graduate",
            "display": "张悦（考核认定）",
            "unit": "unit-water-centre",
            "data": {"full_name": "张悦", "gender": "female", "ethnicity": "蒙古族", "employment": "institution",
                     "birth_date": date(1999, 5, 2), "current_specialty": "水利工程", "phone": "13904730002"},
            "education": [{"education": "bachelor", "degree": "bachelor", "school": "内蒙古农业大学",
                           "major": "水利水电工程", "full_time": True, "graduated_on": _years_ago(t, 2)}],
            "work": [{"employer": "乌海市水利事业发展中心", "position": "技术员", "location": "city",
                      "started_on": _years_ago(t, 2, 7, 15)}],
            "titles": [],
            "application": {"series_key": "engineering", "level": "assistant", "route": "recognition"},
            "submit": True,
        },
        {
            "username": "applicant_enterprise",
            "display": "王磊（非公企业直接申报）",
            "unit": "unit-demo-chemical",
            "data": {"full_name": "王磊", "gender": "male", "ethnicity": "汉族", "employment": "non_public",
                     "birth_date": date(1988, 9, 9), "current_specialty": "化工工艺", "phone": "13904730003"},
            "education": [{"education": "bachelor", "degree": "bachelor", "school": "内蒙古工业大学",
                           "major": "化学工程与工艺", "full_time": True, "graduated_on": _years_ago(t, 9)}],
            "work": [{"employer": "乌海示范化工有限公司", "position": "工艺工程师", "location": "district",
                      "started_on": _years_ago(t, 9, 8, 1)}],
            "titles": [],
            "application": {"series_key": "engineering", "level": "intermediate", "route": "direct_review"},
        },
        {
            "username": "applicant_green",
            "display": "赵博（绿色通道）",
            "unit": "unit-agri-institute",
            "data": {"full_name": "赵博", "gender": "male", "ethnicity": "汉族", "employment": "institution",
                     "birth_date": date(1990, 1, 20), "current_specialty": "作物育种", "phone": "13904730004"},
            "education": [{"education": "doctorate", "degree": "doctorate", "school": "中国农业大学",
                           "major": "作物遗传育种", "full_time": True, "graduated_on": _years_ago(t, 3)}],
            "work": [{"employer": "乌海市农牧业科学研究所", "position": "博士后", "location": "city",
                      "started_on": _years_ago(t, 3, 9, 1)}],
            "titles": [],
            # Senior applications closed on 9 June 2023 (TITLE-02): this one was handed in before, on 1 June.
            "on": date(2023, 6, 1), "submit": True,
            "application": {"series_key": "agriculture", "level": "deputy_senior", "route": "green_channel",
                            "green_category": 3,
                            "green": {"evidence": ["postdoc_funding", "stays_in_wuhai"],
                                      "endorsements": ["unit_assessment", "city_hr"]}},
        },
        {
            "username": "applicant_exceptional",
            "display": "孙华（破格申报）",
            "unit": "unit-water-centre",
            "data": {"full_name": "孙华", "gender": "female", "ethnicity": "回族", "employment": "institution",
                     "birth_date": date(1978, 11, 30), "current_specialty": "水资源", "phone": "13904730005",
                     "honours": ["state_council_special_allowance"]},
            "education": [{"education": "master", "degree": "master", "school": "河海大学", "major": "水文学及水资源",
                           "full_time": True, "graduated_on": date(2004, 7, 1)}],
            "work": [{"employer": "乌海市水利事业发展中心", "position": "高级工程师", "location": "city",
                      "started_on": date(2004, 8, 1)}],
            "titles": [{"series": "engineering", "level": "deputy_senior", "name": "高级工程师",
                        "obtained_on": _years_ago(t, 2)}],
            "on": date(2023, 6, 1), "submit": True,  # before the senior deadline of 9 June (TITLE-02)
            "application": {"series_key": "engineering", "level": "full_senior", "route": "direct_review",
                            "rule": "TITLE-16"},
        },
        {
            "username": "applicant_directional",
            "display": "刘芳（定向评价）",
            "unit": "unit-qianlishan-school",
            "data": {"full_name": "刘芳", "gender": "female", "ethnicity": "汉族", "employment": "institution",
                     "birth_date": date(1983, 6, 6), "current_specialty": "小学语文", "phone": "13904730006"},
            "education": [{"education": "college", "degree": "", "school": "乌海职业技术学院", "major": "语文教育",
                           "full_time": True, "graduated_on": date(2003, 7, 1)}],
            "work": [{"employer": "海勃湾区千里山镇中心学校", "position": "语文教师", "location": "township",
                      "started_on": date(2003, 9, 1)}],
            "titles": [{"series": "primary_secondary_teacher", "level": "intermediate", "name": "小学一级教师",
                        "obtained_on": _years_ago(t, 9)}],
            "application": {"series_key": "primary_secondary_teacher", "level": "deputy_senior", "route": "review",
                            "directional": True},
        },
        {
            "username": "applicant_civil",
            "display": "陈刚（公务员，不得申报）",
            "unit": None,
            "data": {"full_name": "陈刚", "gender": "male", "ethnicity": "汉族", "employment": "civil_servant",
                     "birth_date": date(1986, 4, 18), "current_specialty": "行政管理", "phone": "13904730007"},
            "education": [{"education": "bachelor", "degree": "bachelor", "school": "内蒙古大学", "major": "行政管理",
                           "full_time": True, "graduated_on": date(2008, 7, 1)}],
            "work": [{"employer": "乌海市某局", "position": "科员", "location": "city", "started_on": date(2008, 8, 1)}],
            "titles": [],
        },
    ]  # fmt: skip


SEQUENCES = {name: f"{i + 10:02d}{i % 10}" for i, name in enumerate(
    ["applicant", "applicant_graduate", "applicant_enterprise", "applicant_green", "applicant_exceptional",
     "applicant_directional", "applicant_civil"])}  # fmt: skip
# (username, display name) of the demo applicants beyond workflow.demo's, for the README / login page.
DEMO_APPLICANTS = [(p["username"], p["display"]) for p in _people(date(2026, 1, 1))]


def _user(username: str, display: str):
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"first_name": display})
    if created or not user.check_password(workflow_demo.DEMO_PASSWORD):
        user.set_password(workflow_demo.DEMO_PASSWORD)
    user.first_name = display
    user.email = user.email or f"{username}@demo.wuhai.example"
    user.save()
    return user


def _materials(user, application: Application, today: date) -> None:
    catalogue = catalogue_snapshot()
    profile = profile_for(user)
    for entry in missing_materials(application, catalogue, profile):
        material_upload(
            user=user,
            application=application,
            item=entry.item,
            upload=SimpleUploadedFile(f"{entry.item}.pdf", demo_pdf(), content_type="application/pdf"),
            dated_on=today - timedelta(days=30) if entry.item in DATED_ITEMS else None,
            today=today,
        )


@transaction.atomic
def seed() -> dict:
    today = clock.today()
    ensure_open_year(today)
    units = {o.code: o for o in Org.objects.filter(kind=Organisation.Kind.UNIT)}
    result: dict[str, object] = {}
    for person in _people(today):
        # Each person acts on their own day: the demo's today, or earlier for applications handed in before a
        # window closed (an earlier "on"); every step runs through the real services on that day.
        on = person.get("on", today)
        if on.year != today.year or on > today:  # the dates are of the 2023 evaluation year the demo is set in
            on = today
        with clock.at(on):
            result[person["username"]] = _seed_person(person, units, on)
    return result


def _seed_person(person: dict, units: dict, today: date):
    """The person's account, profile and (once) their application of the year; a step the rules refuse is a
    defect of the demo data and stops the seed (the seeder runs in one transaction: nothing half-seeded)."""
    user = _user(person["username"], person["display"])
    unit = units.get(person["unit"]) if person["unit"] else None
    if unit is not None:
        Membership.objects.get_or_create(user=user, organisation=unit, role=Role.APPLICANT)
    if profile_for(user) is None:
        born = person["data"]["birth_date"]
        data = {
            **person["data"],
            "unit": unit,
            "id_type": "resident",
            "id_number": resident_id("150302", born, SEQUENCES[person["username"]]),
        }
        titles = [{**t, "series": _series(t["series"])} for t in person["titles"]]
        profile_update(
            user=user,
            data=data,
            education=person["education"],
            work=person["work"],
            titles=titles,
            sanctions=[],
            today=today,
        )
    spec = person.get("application")
    if not spec:
        return None
    existing = Application.objects.filter(applicant=user, evaluation_year__year=today.year, level=spec["level"])
    if existing.exists():
        return existing.first()
    application = application_create(user=user, today=today, **spec)
    if person.get("submit"):
        _materials(user, application, today)
        application_submit(user=user, application=application, today=today)
    return application


def _series(key: str):
    from titles.models import Series

    return Series.objects.get(key=key)
