"""A small Wuhai for the post-setting tests: HR bureaus, departments, units of each affiliation and one officer per
role. Plain functions, no mocks (STYLE.md)."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib.auth import get_user_model

from workflow.models import Membership, Organisation, Role

K = Organisation.Kind

# City level, 100 professional posts, exactly at every cap of 2.5:4.5:3 and POST-04 (FLOW-01: the cap passes).
CITY_OK = {"3": 1, "4": 2, "5": 4, "6": 9, "7": 9, "8": 13, "9": 18, "10": 14, "11": 12, "12": 12, "13": 6}
# District, 50 professional posts, 18 %/60 % (also within the knowledge-intensive 20 %/62 %); has 正高 (grade 4).
DISTRICT_OK = {"4": 1, "5": 1, "6": 4, "7": 4, "8": 6, "9": 8, "10": 7, "11": 8, "12": 8, "13": 3}
MANAGEMENT = {"5": 1, "6": 2, "7": 3, "8": 4}
WORKER = {"3": 2, "general": 3}


def org(code, kind, jurisdiction="city", **extra):
    return Organisation.objects.create(code=code, kind=kind, name=extra.pop("name", code), jurisdiction=jurisdiction,
                                       **extra)  # fmt: skip


def person(username, role, organisation):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pw", first_name=username)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def world() -> SimpleNamespace:
    w = SimpleNamespace()
    w.city_hr = org("city-hr", K.CITY_HR, name="乌海市人社局")
    w.haibowan_hr = org("haibowan-hr", K.DISTRICT_HR, "haibowan", name="海勃湾区人社局")
    w.hainan_hr = org("hainan-hr", K.DISTRICT_HR, "hainan", name="海南区人社局")
    w.city_edu = org("city-edu", K.DEPARTMENT, name="市教育局")
    w.city_health = org("city-health", K.DEPARTMENT, name="市卫健委")
    w.hb_edu = org("hb-edu", K.DEPARTMENT, "haibowan", name="海勃湾区教育局")
    w.unit = org("unit-a", K.UNIT, affiliation="city_department", supervisor=w.city_edu, sector="education",
                 name="乌海市第一中学")  # fmt: skip
    w.other_unit = org("unit-b", K.UNIT, affiliation="city_department", supervisor=w.city_health, sector="health",
                       name="乌海市人民医院")  # fmt: skip
    w.direct_unit = org("unit-c", K.UNIT, affiliation="city_direct", name="中共乌海市委党校")
    w.district_unit = org("unit-d", K.UNIT, "haibowan", affiliation="district", supervisor=w.hb_edu,
                          sector="education", name="海勃湾区实验小学")  # fmt: skip
    w.unit_hr = person("unit_hr", Role.UNIT_HR, w.unit)
    w.other_unit_hr = person("other_unit_hr", Role.UNIT_HR, w.other_unit)
    w.direct_hr = person("direct_hr", Role.UNIT_HR, w.direct_unit)
    w.district_unit_hr = person("district_unit_hr", Role.UNIT_HR, w.district_unit)
    w.dept = person("dept", Role.DEPT_REVIEWER, w.city_edu)
    w.other_dept = person("other_dept", Role.DEPT_REVIEWER, w.city_health)
    w.district_dept = person("district_dept", Role.DEPT_REVIEWER, w.hb_edu)
    w.city_officer = person("city_officer", Role.HR_OFFICER, w.city_hr)
    w.district_officer = person("district_officer", Role.HR_OFFICER, w.haibowan_hr)
    w.other_district_officer = person("hainan_officer", Role.HR_OFFICER, w.hainan_hr)
    return w
