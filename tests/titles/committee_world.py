"""A small committee world for the committee and meeting tests: city HR, two committee organisers with their
offices, units, a judge pool, accepted applications. Plain functions, no mocks (STYLE.md)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from django.contrib.auth import get_user_model

from titles.models import Application, Committee, CommitteeSeat, EvaluationYear, Judge, Meeting, Series
from workflow.models import Membership, Organisation, Role

K = Organisation.Kind
TODAY = date(2023, 8, 1)
MEETS_ON = date(2023, 8, 15)


def org(code, kind, jurisdiction="city", **extra):
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
    w.series = Series.objects.get(key="primary_secondary_teacher")
    w.other_series = Series.objects.get(key="engineering")
    w.year = EvaluationYear.objects.get(year=2023)
    w.city_hr = org("city-hr", K.CITY_HR, name="乌海市人社局")
    w.district_hr = org("haibowan-hr", K.DISTRICT_HR, "haibowan", name="海勃湾区人社局")
    w.organiser = org("cmte-teachers", K.COMMITTEE_ORGANISER, name="乌海市教育局评委会办公室")
    w.other_organiser = org("cmte-engineering", K.COMMITTEE_ORGANISER, name="工程系列评委会办公室")
    w.units = [org(f"unit-{i}", K.UNIT, name=f"乌海市第{i}中学") for i in range(1, 6)]
    w.hr = person("city_officer", Role.HR_OFFICER, w.city_hr)
    w.district_officer = person("district_officer", Role.HR_OFFICER, w.district_hr)
    w.office = person("office", Role.COMMITTEE_OFFICE, w.organiser)
    w.other_office = person("other_office", Role.COMMITTEE_OFFICE, w.other_organiser)
    w.unit_hr = person("unit_hr", Role.UNIT_HR, w.units[0])
    return w


def committee(w, *, key="teachers-ij", levels=("intermediate",), state=None, approved_on=None, **extra) -> Committee:
    c = Committee.objects.create(
        key=key,
        name=extra.pop("name", "中小学教师中级评委会"),
        organiser=extra.pop("organiser", w.organiser),
        series=extra.pop("series", w.series),
        levels=list(levels),
        state=state or Committee.State.PROPOSED,
        approved_on=approved_on,
        valid_until=extra.pop("valid_until", None),
        **extra,
    )
    return c


# CMTE-04: a term of three years less a day, covering the 2023 evaluation year (and 2021–2022).
TERM = (date(2021, 1, 1), date(2023, 12, 31))


def pool(w, n: int, *, series=None, prefix="专家", unit_cycle=None, term=TERM) -> list[Judge]:
    """``n`` judges in term (``term``); units cycle over ``unit_cycle`` (default: none of the applicants' units)."""
    judges = []
    for i in range(n):
        unit = unit_cycle[i % len(unit_cycle)] if unit_cycle else None
        judges.append(
            Judge.objects.create(
                name=f"{prefix}{i + 1:02d}",
                series=series or w.series,
                title_level="deputy_senior",
                unit=unit,
                unit_name="" if unit else f"外单位{i}",
                term_start=term[0] if term else None,
                term_end=term[1] if term else None,
            )
        )
    return judges


def seat(c: Committee, judges, year: int, *, alternate=False):
    CommitteeSeat.objects.bulk_create(
        [CommitteeSeat(committee=c, judge=j, year=year, alternate=alternate) for j in judges]
    )


def applications(w, c: Committee, n: int, *, state="accepted", units=None, level=None):
    apps = []
    units = units or w.units
    for i in range(n):
        user = person(f"app-{c.key}-{Application.objects.count() + 1}")
        apps.append(
            Application.objects.create(
                applicant=user,
                unit=units[i % len(units)],
                evaluation_year=w.year,
                series=c.series,
                level=level or c.levels[0],
                state=state,
                committee_key=c.key,
                committee_name=c.name,
            )
        )
    return apps


def approved_committee_with_panel(w, *, members=15, year=2023, key="teachers-ij", **extra):
    c = committee(w, key=key, state=Committee.State.APPROVED, approved_on=date(2023, 1, 10), **extra)
    judges = pool(w, members, prefix=f"{key}-")
    seat(c, judges, year)
    return c, judges


def meeting(c: Committee, *, meets_on=MEETS_ON, state=Meeting.State.PLANNED, **extra) -> Meeting:
    return Meeting.objects.create(committee=c, meets_on=meets_on, state=state, **extra)


def unavailable(judges, day, *, note="出差"):
    """Rows ``available=False`` for ``judges`` on ``day`` (written directly; the service is tested on its own)."""
    from titles.models.committees import JudgeAvailability

    JudgeAvailability.objects.bulk_create(
        [JudgeAvailability(judge=j, day=day, available=False, note=note) for j in judges]
    )
