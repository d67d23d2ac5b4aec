"""Profile: GB 11643 resident IDs, passports, future dates refused with nothing saved, and the conversion of a
stored profile into the eligibility engine's Applicant (grassroots years, current title, sanctions)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.titles.test_application_services import make_applicant, make_unit, resident_id
from titles.models import ApplicantProfile, EducationRecord, Series, WorkRecord
from titles.models.profiles import resident_id_check_char, resident_id_problem
from titles.selectors.applications import applicant_from_profile, grassroots_years, profile_for
from titles.services.applications import ApplicationError, profile_update

BORN = date(1985, 3, 12)


def test_resident_id_check_digit_gb_11643_known_example():
    # The standard's example: 11010519491231002X.
    assert resident_id_check_char("11010519491231002") == "X"
    assert resident_id_problem("11010519491231002X") is None
    assert resident_id_problem("11010519491231002x") is None  # lower-case x accepted


def test_resident_id_wrong_check_digit_refused_with_a_clear_message():
    good = resident_id(BORN)
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    assert "校验位" in resident_id_problem(wrong)


@pytest.mark.parametrize("value", ["", "1234", "15030219850312123", "1503021985031212AX", "150302198502301231"])
def test_resident_id_shape_and_date_refused(value):
    assert resident_id_problem(value) is not None


def test_resident_id_birth_date_must_match():
    assert "出生日期" in resident_id_problem(resident_id(BORN), date(1985, 3, 13))


class _User:
    is_authenticated = True


@pytest.mark.django_db
def test_profile_update_wrong_check_digit_saves_nothing():
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("p")
    good = resident_id(BORN)
    data = {"full_name": "李明", "gender": "male", "id_type": "resident", "id_number": good[:17] + "0" if good[17] != "0" else good[:17] + "1",
            "birth_date": BORN, "employment": "institution", "unit": make_unit()}  # fmt: skip
    with pytest.raises(ApplicationError) as error:
        profile_update(user=user, data=data, education=[], work=[], titles=[], sanctions=[], today=date(2025, 5, 1))
    assert error.value.field == "id_number"
    assert not ApplicantProfile.objects.exists()


@pytest.mark.django_db
def test_profile_update_passport_for_foreigners_needs_nationality():
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("f")
    data = {"full_name": "John Smith", "gender": "male", "id_type": "passport", "id_number": "e1234567",
            "birth_date": BORN, "employment": "enterprise", "unit": make_unit()}  # fmt: skip
    with pytest.raises(ApplicationError):
        profile_update(user=user, data=data, education=[], work=[], titles=[], sanctions=[], today=date(2025, 5, 1))
    profile = profile_update(user=user, data={**data, "nationality": "英国"}, education=[], work=[], titles=[],
                             sanctions=[], today=date(2025, 5, 1))  # fmt: skip
    assert profile.id_number == "E1234567"


@pytest.mark.django_db
def test_profile_update_future_date_refused_and_old_records_kept():
    user = make_applicant("q", today=date(2025, 5, 1))
    profile = profile_for(user)
    with pytest.raises(ApplicationError) as error:
        profile_update(
            user=user,
            data={"full_name": profile.full_name, "gender": "male", "id_type": "resident", "id_number": profile.id_number,
                  "birth_date": BORN, "employment": "institution", "unit": profile.unit},
            education=[{"education": "master", "school": "x", "major": "y", "full_time": True, "graduated_on": date(2025, 5, 2)}],
            work=[], titles=[], sanctions=[], today=date(2025, 5, 1),
        )  # fmt: skip
    assert "不能晚于今天" in error.value.message
    assert EducationRecord.objects.filter(profile=profile, education="bachelor").count() == 1
    assert WorkRecord.objects.filter(profile=profile).count() == 1


@pytest.mark.django_db
def test_profile_update_same_identity_on_two_accounts_refused():
    make_applicant("one", sequence="200")
    with pytest.raises(ApplicationError) as error:
        make_applicant("two", sequence="200")
    assert "其他账号" in error.value.message


class _Work:
    def __init__(self, location, started_on, ended_on=None):
        self.location, self.started_on, self.ended_on = location, started_on, ended_on


def test_title_19_grassroots_years_boundary():
    # Calendar-exact (FLOW-01): the first and last day both count, a leap year has 366 days.
    work = [_Work("township", date(2020, 1, 1), date(2020, 12, 31))]
    assert grassroots_years(work, date(2025, 1, 1))[:2] == (1, 1)
    work = [_Work("township", date(2020, 1, 1), date(2020, 12, 30))]
    assert grassroots_years(work, date(2025, 1, 1))[:2] == (0, 0)
    district = [_Work("district", date(2020, 1, 1)), _Work("city", date(2010, 1, 1), date(2019, 12, 31))]
    years, township, since = grassroots_years(district, date(2021, 1, 1))
    assert (years, township, since) == (1, 0, None)
    ongoing = [_Work("village", date(2019, 3, 1))]
    assert grassroots_years(ongoing, date(2021, 3, 1))[2] == date(2019, 3, 1)


def test_TITLE_19_twenty_township_years_on_the_anniversary_not_the_day_before():
    # 20 × 365 days fell 4 days (the leap days) before the 20th anniversary; now the anniversary itself (FLOW-01).
    ongoing = [_Work("township", date(2003, 7, 15))]
    assert grassroots_years(ongoing, date(2023, 7, 15))[1] == 20
    assert grassroots_years(ongoing, date(2023, 7, 14))[1] == 19
    assert grassroots_years(ongoing, date(2023, 7, 11))[1] == 19  # where 7300 days used to say 20


def test_TITLE_19_thirty_district_years_over_several_periods_joined_end_to_start():
    # 1993-07-01 … 2003-06-30 is 10 years; a 2-year gap; then 20 more years are complete on 2025-07-01.
    work = [_Work("district", date(1993, 7, 1), date(2003, 6, 30)), _Work("city", date(2003, 7, 1), date(2005, 6, 30)),
            _Work("township", date(2005, 7, 1))]  # fmt: skip
    assert grassroots_years(work, date(2025, 7, 1))[0] == 30
    assert grassroots_years(work, date(2025, 6, 30))[0] == 29
    # Overlapping records count their days once.
    overlapping = [_Work("district", date(2000, 1, 1), date(2010, 12, 31)), _Work("township", date(2005, 1, 1))]
    assert grassroots_years(overlapping, date(2020, 1, 1))[0] == 20
    assert grassroots_years(overlapping, date(2019, 12, 31))[0] == 19


@pytest.mark.django_db
def test_applicant_from_profile_maps_every_engine_field():
    unit = make_unit("unit-t", jurisdiction="hainan", affiliation="district", location="township")
    user = make_applicant(
        "m",
        unit=unit,
        titles=[
            {"series": Series.objects.get(key="engineering"), "level": "assistant", "obtained_on": date(2010, 1, 1)},
            {"series": Series.objects.get(key="engineering"), "level": "intermediate", "obtained_on": date(2015, 1, 1)},
        ],
        sanctions=[
            {"kind": "warning", "decided_on": date(2024, 1, 1), "ends_on": date(2024, 6, 30)},
            {"kind": "demerit", "decided_on": date(2023, 1, 1), "ends_on": date(2024, 1, 1)},
        ],
        honours=["talent_321_level2"],
        rural_service_years="1.5",
    )
    applicant = applicant_from_profile(
        profile_for(user), year=2025, as_of=date(2025, 6, 9), series="engineering", target_level="deputy_senior"
    )
    assert applicant.employment == "institution" and applicant.unit_location == "township"
    assert applicant.district == "hainan" and applicant.affiliation == "district"
    assert applicant.education == "bachelor" and applicant.degree == "bachelor" and applicant.full_time
    assert applicant.current_title.level == "intermediate"
    assert applicant.sanction_kind == "demerit" and applicant.sanction_ends_on == date(2024, 1, 1)
    assert applicant.honours == ("talent_321_level2",)
    assert str(applicant.rural_service_years) == "3/2"
    assert applicant.first_application is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "editable"),
    [
        ("draft", True),
        ("submitted", False),
        ("dept_review", False),
        ("correction", False),
        ("filed", False),
        ("certified", True),
        ("withdrawn", True),
        ("rejected", True),
    ],
)
def test_TITLE_03_profile_is_locked_while_an_application_is_under_review(state, editable):
    """TITLE-03: the profile an application rests on is fixed once submitted, until the case is over."""
    from tests.titles import factories

    w = factories.world()
    user = get_user_model_user("locked")
    factories.application(w, state, applicant=user)
    data = {"full_name": "王五", "gender": "male", "id_type": "passport", "id_number": "E7654321",
            "nationality": "英国", "birth_date": BORN, "employment": "enterprise", "unit": make_unit()}  # fmt: skip
    call = lambda: profile_update(  # noqa: E731
        user=user, data=data, education=[], work=[], titles=[], sanctions=[], today=date(2025, 5, 1)
    )
    if editable:
        assert call().full_name == "王五"
    else:
        with pytest.raises(ApplicationError, match="TITLE-03"):
            call()
        assert not ApplicantProfile.objects.filter(user=user).exists()


def get_user_model_user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(username)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("jurisdiction", "location", "expected"),
    [
        ("haibowan", "city", "district"),  # a district school in the urban area (城区) is a district unit
        ("haibowan", "district", "district"),
        ("hainan", "township", "township"),
        ("wuda", "village", "village"),
        ("city", "city", "city"),
        ("city", "township", "city"),  # a city-level unit stays 市直 wherever it stands
    ],
)
def test_TITLE_06_unit_location_follows_the_jurisdiction(jurisdiction, location, expected):
    from titles.services.workflow import unit_belongs

    unit = make_unit(
        f"unit-{jurisdiction}-{location}",
        jurisdiction=jurisdiction,
        location=location,
        affiliation="city_department" if jurisdiction == "city" else "district",
    )
    user = make_applicant(f"u{jurisdiction}{location}", unit=unit)
    applicant = applicant_from_profile(profile_for(user), year=2023, as_of=date(2023, 7, 14), series="engineering")
    assert applicant.unit_location == expected
    # The review workflow's routing reads the same answer.
    assert unit_belongs(unit) == ("city" if expected == "city" else "district")


@pytest.mark.django_db
def test_TITLE_06_district_urban_school_routed_to_the_district_hr_not_the_city_committee():
    from titles.eligibility import eligibility_check
    from titles.selectors.catalogue import catalogue_snapshot

    unit = make_unit(
        "unit-hbw-primary", name="海勃湾区实验小学", jurisdiction="haibowan", affiliation="district", location="city"
    )
    teacher = Series.objects.get(key="primary_secondary_teacher")
    user = make_applicant(
        "hbw",
        unit=unit,
        titles=[
            {"series": teacher, "level": "assistant", "obtained_on": date(2015, 7, 1)},
            {"series": teacher, "level": "intermediate", "obtained_on": date(2016, 7, 1)},
        ],
    )
    catalogue = catalogue_snapshot()
    profile = profile_for(user)

    def result(level, directional=False):
        applicant = applicant_from_profile(
            profile, year=2023, as_of=date(2023, 7, 31), series=teacher.key, target_level=level, directional=directional
        )
        return eligibility_check(applicant, catalogue)

    senior = result("deputy_senior")
    assert [(r.level, r.rule) for r in senior.routes] == [("deputy_senior", "WH-01")]
    assert senior.routes[0].receiving_office == "海勃湾区人力资源和社会保障局"
    assert senior.routes[0].papers_required is False  # TITLE-21: papers only for 市本级 institution staff
    assert [w.rule for w in senior.warnings if w.rule == "TITLE-19"] == []  # the city teachers' rural year
    # TITLE-20: the directional track is open to a district school.
    directional = result("deputy_senior", directional=True)
    assert [(r.rule, r.directional) for r in directional.routes] == [("TITLE-20", True)]
    assert directional.routes[0].receiving_office == "乌海市教育局"


@pytest.mark.django_db
def test_TITLE_06_district_urban_school_intermediate_goes_to_the_district_hr_committee():
    from titles.eligibility import eligibility_check
    from titles.selectors.catalogue import catalogue_snapshot

    unit = make_unit(
        "unit-hbw-primary", name="海勃湾区实验小学", jurisdiction="haibowan", affiliation="district", location="city"
    )
    teacher = Series.objects.get(key="primary_secondary_teacher")
    user = make_applicant(
        "hbw2", unit=unit, titles=[{"series": teacher, "level": "assistant", "obtained_on": date(2015, 7, 1)}]
    )
    applicant = applicant_from_profile(
        profile_for(user), year=2023, as_of=date(2023, 7, 31), series=teacher.key, target_level="intermediate"
    )
    route = eligibility_check(applicant, catalogue_snapshot()).routes[0]
    assert route.committee.zh.startswith("所在区人力资源和社会保障局")  # Doc B §四(四)20, not 市直中、初级评委会
    assert route.receiving_office == "海勃湾区人力资源和社会保障局"


@pytest.mark.django_db
def test_RECOG_01_profile_passes_the_highest_full_time_education():
    education = [
        {"education": "bachelor", "degree": "bachelor", "school": "内蒙古大学", "major": "水利", "full_time": True,
         "graduated_on": date(2015, 7, 1)},
        {"education": "master", "degree": "master", "school": "河海大学", "major": "水利", "full_time": False,
         "graduated_on": date(2021, 7, 1)},
    ]  # fmt: skip
    user = make_applicant("ft", education=education, titles=[])
    applicant = applicant_from_profile(profile_for(user), year=2023, as_of=date(2023, 7, 14), series="engineering")
    assert (applicant.education, applicant.full_time) == ("master", False)
    assert (applicant.full_time_education, applicant.full_time_graduated_on) == ("bachelor", date(2015, 7, 1))
