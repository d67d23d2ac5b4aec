"""The review-workflow world of ``tests.titles.factories.world`` plus what TITLE-07's district paths need: a
Haibowan district unit supervised by the district education bureau, its unit HR and department reviewer, and the
city department that receives engineering applications (Doc B attachment 2, ``series_received``) with its reviewer.

``case(w, variant, state)`` creates an application of one of the ``VARIANTS`` directly in ``state`` with what that
state implies (``tests.titles.factories.application``): the path it follows decides the unit, series, level, route
and from which state on it carries a committee."""

from __future__ import annotations

from datetime import date, timedelta

from tests.titles.factories import TODAY, application, org, person, world
from titles.models import Series
from workflow.models import Organisation, Publicity, Role

K = Organisation.Kind

# States before HR has a committee for the case (the factory routes from hr_review on).
BEFORE_HR = ["draft", "submitted", "unit_review", "unit_publicity", "recommended", "dept_review", "correction"]
# TITLE-07: a district's senior case is routed by city HR, after the district HR and (directional) the departments.
BEFORE_CITY_HR = [*BEFORE_HR, "hr_review", "dept_report", "city_dept_review"]


def review_world():
    w = world()
    w.engineering = Series.objects.get(key="engineering")
    w.haibowan_edu = org("haibowan-edu", K.DEPARTMENT, "haibowan", name="海勃湾区教育局")
    w.city_sasac = org("city-sasac", K.DEPARTMENT, name="市国资委", series_received=["engineering"])
    w.district_unit = org("unit-d", K.UNIT, "haibowan", affiliation="district", supervisor=w.haibowan_edu,
                          name="海勃湾区实验中学")  # fmt: skip
    w.district_unit_hr = person("district_unit_hr", Role.UNIT_HR, w.district_unit, first_name="孙梅")
    w.district_dept = person("district_dept", Role.DEPT_REVIEWER, w.haibowan_edu, first_name="钱进")
    w.city_dept = person("city_dept", Role.DEPT_REVIEWER, w.city_sasac, first_name="郭峰")
    return w


REGION = ("region-senior", "内蒙古自治区相应系列（专业）高级职称评审委员会")
REGION_DIRECTIONAL = ("region-directional", "内蒙古自治区基层“定向评价”高级职称评审委员会（经市级行业主管部门报送）")


def _committee(w, variant: str):
    return {
        "region": REGION,
        "district": REGION,
        "directional": REGION_DIRECTIONAL,
    }.get(variant, (w.organiser.code, w.organiser.name))


# variant → (fields of the application, states in which it has no committee yet, or None: the factory's default)
VARIANTS: dict[str, tuple[dict, list[str] | None]] = {
    "city": ({}, None),  # a city school's teacher, intermediate: unit → city department → city HR → committee
    "publicity_open": ({}, None),  # the unit publicity is still running
    "publicity_ended": ({}, None),  # the unit publicity's last day has passed, not closed yet
    "result_open": ({}, None),  # the result publicity is still running
    "region": ({"series": "engineering", "level": "deputy_senior"}, BEFORE_HR),  # TITLE-06: city unit → region
    "recognition": ({"route": "recognition", "level": "assistant"}, [*BEFORE_HR, "hr_review"]),  # RECOG
    "district": ({"series": "engineering", "level": "deputy_senior", "unit": "district"}, BEFORE_CITY_HR),
    "district_city": ({"level": "deputy_senior", "unit": "district"}, BEFORE_CITY_HR),  # delegated to the city
    "directional": (
        {"series": "engineering", "level": "deputy_senior", "unit": "district", "directional": True},
        BEFORE_HR,
    ),
    "directional_city": (
        {"series": "engineering", "level": "deputy_senior", "unit": "district", "directional": True},
        BEFORE_HR,
    ),
    "green": ({"route": "green_channel", "green_category": 8}, [*BEFORE_HR, "hr_review"]),  # GREEN-03 city channel
    "green_senior": (
        {"route": "green_channel", "green_category": 8, "level": "deputy_senior"},
        [*BEFORE_HR, "hr_review"],
    ),
}


def case(w, variant: str, state: str, *, applicant=None, **overrides):
    """An application of ``variant`` resting in ``state`` (no transition, no audit record); ``overrides`` last."""
    fields, unrouted = VARIANTS[variant]
    fields = dict(fields)
    unit = w.district_unit if fields.pop("unit", "") == "district" else w.unit
    if "series" in fields:
        fields["series"] = Series.objects.get(key=fields["series"])
    if unrouted is not None:
        key, name = _committee(w, variant)
        routed = state not in unrouted and state not in ("withdrawn", "rejected")
        fields["committee_key"], fields["committee_name"] = (key, name) if routed else ("", "")
    if variant == "publicity_open" and state == "unit_publicity":
        fields["unit_publicity"] = running_publicity(unit)
    if variant == "publicity_ended" and state == "unit_publicity":
        fields["unit_publicity"] = ended_publicity(unit)
    if variant == "result_open" and state == "result_publicity":
        fields["result_publicity"] = running_publicity(w.organiser, kind=Publicity.Kind.RESULT)
    fields.update(overrides)
    return application(w, state, applicant=applicant, unit=unit, **fields)


def running_publicity(organisation, *, kind=Publicity.Kind.UNIT_APPLICATION) -> Publicity:
    """FLOW-03: started Friday 30 June 2023, five working days → last day Thursday 6 July; open on TODAY."""
    return Publicity.objects.create(kind=kind, organisation=organisation, title="公示", starts_on=date(2023, 6, 30),
                                    ends_on=date(2023, 7, 6))  # fmt: skip


def ended_publicity(organisation, *, kind=Publicity.Kind.UNIT_APPLICATION) -> Publicity:
    """Last day Friday 30 June 2023: past on TODAY (Monday 3 July), still open (nobody closed it)."""
    return Publicity.objects.create(kind=kind, organisation=organisation, title="公示", starts_on=date(2023, 6, 26),
                                    ends_on=TODAY - timedelta(days=3))  # fmt: skip
