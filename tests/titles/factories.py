"""A small Wuhai for the review-workflow tests: HR bureaus, departments, units, a committee office and one person
per role; applications created directly in any state (a protected FSM field may be set on create) together with
what that state implies (a closed unit publicity, an open correction notice, a routed committee…). Plain
functions, no mocks (STYLE.md)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from django.contrib.auth import get_user_model

from titles.models import Application, CorrectionNotice, EvaluationYear, ReviewStep, Series
from workflow.models import Membership, Organisation, Publicity, Role

K = Organisation.Kind
TODAY = date(2023, 7, 3)  # a Monday; 2023 is in the seeded calendar
_counter = {"n": 0}


def org(code, kind, jurisdiction="city", **extra) -> Organisation:
    return Organisation.objects.create(
        code=code, kind=kind, name=extra.pop("name", code), jurisdiction=jurisdiction, **extra
    )


def person(username, role=None, organisation=None, **extra):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.com", "pw", first_name=extra.pop("first_name", username)
    )
    if role:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def world() -> SimpleNamespace:
    w = SimpleNamespace()
    w.year = EvaluationYear.objects.get(year=2023)
    w.series = Series.objects.get(key="primary_secondary_teacher")
    w.city_hr = org("city-hr", K.CITY_HR, name="乌海市人社局")
    w.haibowan_hr = org("haibowan-hr", K.DISTRICT_HR, "haibowan", name="海勃湾区人社局")
    w.city_edu = org("city-edu", K.DEPARTMENT, name="市教育局")
    w.city_health = org("city-health", K.DEPARTMENT, name="市卫健委")
    w.organiser = org(
        "cmte-teachers", K.COMMITTEE_ORGANISER, name="中小学教师评委会办公室", series_received=[w.series.key]
    )
    w.other_organiser = org("cmte-engineering", K.COMMITTEE_ORGANISER, name="工程系列评委会办公室")
    w.unit = org("unit-a", K.UNIT, affiliation="city_department", supervisor=w.city_edu, name="乌海市第一中学")
    w.other_unit = org("unit-b", K.UNIT, affiliation="city_department", supervisor=w.city_health, name="人民医院")
    w.applicant = person("applicant", first_name="李明")
    w.other_applicant = person("other_applicant")
    w.unit_hr = person("unit_hr", Role.UNIT_HR, w.unit, first_name="王芳")
    w.other_unit_hr = person("other_unit_hr", Role.UNIT_HR, w.other_unit)
    w.dept = person("dept", Role.DEPT_REVIEWER, w.city_edu, first_name="赵强")
    w.other_dept = person("other_dept", Role.DEPT_REVIEWER, w.city_health)
    w.hr = person("hr", Role.HR_OFFICER, w.city_hr, first_name="刘洋")
    w.district_hr = person("district_hr", Role.HR_OFFICER, w.haibowan_hr)
    w.office = person("office", Role.COMMITTEE_OFFICE, w.organiser, first_name="陈静")
    w.other_office = person("other_office", Role.COMMITTEE_OFFICE, w.other_organiser)
    # TITLE-10: an institution recommends within the vacancies of its filed scheme; both units have one, with
    # nobody appointed yet (every set post is vacant).
    w.scheme = filed_scheme(w.unit)
    w.other_scheme = filed_scheme(w.other_unit)
    return w


def filed_scheme(unit, professional=None, appointed=None):
    from posts.models import Scheme
    from tests.posts.factories import CITY_OK

    return Scheme.objects.create(
        unit=unit,
        version=1,
        state=Scheme.State.FILED,
        professional=professional or CITY_OK,
        appointed=appointed or {},
        filed_on=date(2023, 1, 10),
        term_start=date(2023, 1, 10),
        term_end=date(2026, 1, 9),
    )


def new_applicant():
    _counter["n"] += 1
    return person(f"applicant_{_counter['n']}", first_name=f"申报人{_counter['n']}")


def closed_publicity(organisation, *, kind=Publicity.Kind.UNIT_APPLICATION, ends_on=date(2023, 6, 30)) -> Publicity:
    return Publicity.objects.create(
        kind=kind,
        organisation=organisation,
        title="公示",
        starts_on=date(2023, 6, 26),
        ends_on=ends_on,
        state=Publicity.State.CLOSED,
    )


def application(w, state: str = "submitted", *, applicant=None, unit=None, **fields) -> Application:
    """An application in ``state`` with what the state implies, created directly (no transition, no audit)."""
    unit = unit or w.unit
    defaults = {"level": "intermediate", "series": w.series, "evaluation_year": w.year, "submitted_at": None}
    if state not in ("draft",):
        from django.utils import timezone

        defaults["submitted_at"] = timezone.now()
    if state in ("unit_publicity", "recommended", "dept_review", "correction", "hr_review", "accepted", "scheduled",
                 "forwarded", "passed", "failed", "result_publicity", "filed", "recognised", "certified"):  # fmt: skip
        defaults["unit_publicity"] = closed_publicity(unit)
    if state in ("hr_review", "accepted", "scheduled", "passed", "failed", "result_publicity", "filed", "certified"):
        defaults["committee_key"] = w.organiser.code
        defaults["committee_name"] = w.organiser.name
    if state in ("passed", "result_publicity", "filed", "certified", "recognised"):
        defaults["effective_on"] = date(2023, 6, 20)
    if state in ("result_publicity", "filed", "certified"):
        defaults["result_publicity"] = closed_publicity(w.organiser, kind=Publicity.Kind.RESULT)
    if state == "correction":
        defaults["correction_used"] = True
    if state == "recognised":
        defaults["route"] = "recognition"
    defaults.update(fields)
    app = Application.objects.create(applicant=applicant or new_applicant(), unit=unit, state=state, **defaults)
    if state == "correction":
        correction_notice(w, app)
    return app


def correction_notice(w, app, *, deadline=date(2023, 7, 14), items=None) -> CorrectionNotice:
    return CorrectionNotice.objects.create(
        application=app,
        step=ReviewStep.DEPT_REVIEW,
        items=items or [{"item": "annual_assessments", "label": "近三年年度考核表", "note": "缺 2022 年"}],
        deadline=deadline,
        issued_by=w.dept,
        issued_by_name="赵强",
        organisation=w.city_edu,
    )
