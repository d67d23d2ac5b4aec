import pytest
from django.contrib.auth import get_user_model

from workflow.demo import seed
from workflow.models import Membership, Organisation, Role
from workflow.permissions import acting_membership, reaches_unit, roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs():
    return seed()


def user(username):
    return get_user_model().objects.get(username=username)


def test_unit_hr_reaches_only_its_own_unit(orgs):
    assert reaches_unit(user("unit_hr"), Role.UNIT_HR, orgs["unit-no1-middle"])
    assert not reaches_unit(user("unit_hr"), Role.UNIT_HR, orgs["unit-people-hospital"])


def test_department_reaches_the_units_it_supervises(orgs):
    assert reaches_unit(user("dept_reviewer"), Role.DEPT_REVIEWER, orgs["unit-no1-middle"])
    assert not reaches_unit(user("dept_reviewer"), Role.DEPT_REVIEWER, orgs["unit-people-hospital"])
    assert not reaches_unit(user("dept_reviewer"), Role.DEPT_REVIEWER, orgs["unit-haibowan-primary"])


def test_hr_bureau_reaches_its_jurisdiction(orgs):
    assert reaches_unit(user("hr_officer"), Role.HR_OFFICER, orgs["unit-people-hospital"])
    assert not reaches_unit(user("hr_officer"), Role.HR_OFFICER, orgs["unit-haibowan-primary"])
    assert reaches_unit(user("district_hr"), Role.HR_OFFICER, orgs["unit-haibowan-primary"])
    assert not reaches_unit(user("district_hr"), Role.HR_OFFICER, orgs["unit-bayintaohai-health"])


def test_a_role_not_held_reaches_nothing(orgs):
    assert not reaches_unit(user("applicant"), Role.UNIT_HR, orgs["unit-no1-middle"])
    assert roles(user("applicant")) == {Role.APPLICANT}


def test_inactive_membership_reaches_nothing(orgs):
    Membership.objects.filter(user__username="unit_hr").update(active=False)
    fresh = user("unit_hr")
    assert not reaches_unit(fresh, Role.UNIT_HR, orgs["unit-no1-middle"])
    assert roles(fresh) == set()


def test_acting_membership_names_the_organisation_for_signatures(orgs):
    membership = acting_membership(user("dept_reviewer"), Role.DEPT_REVIEWER, orgs["unit-no1-middle"])
    assert membership.organisation == orgs["city-education"]
    assert acting_membership(user("dept_reviewer"), Role.DEPT_REVIEWER, orgs["unit-library"]) is None


def test_seed_demo_is_idempotent(orgs):
    counts = (Organisation.objects.count(), Membership.objects.count(), get_user_model().objects.count())
    seed()
    assert (Organisation.objects.count(), Membership.objects.count(), get_user_model().objects.count()) == counts


@pytest.mark.parametrize(
    ("role", "kind", "valid"),
    [
        ("applicant", "unit", True),
        ("applicant", "department", False),
        ("unit_hr", "unit", True),
        ("unit_hr", "city_hr", False),
        ("dept_reviewer", "department", True),
        ("dept_reviewer", "unit", False),
        ("hr_officer", "city_hr", True),
        ("hr_officer", "district_hr", True),
        ("hr_officer", "department", False),
        ("committee_office", "committee_organiser", True),
        ("committee_office", "department", True),  # a department may form a committee (宣传部)
        ("judge", "committee_organiser", True),
    ],
)
def test_membership_role_must_fit_the_organisation_kind(role, kind, valid):
    from django.core.exceptions import ValidationError

    org = Organisation.objects.create(kind=kind, code=f"o-{kind}", name="某机构", jurisdiction="city")
    membership = Membership(user=get_user_model().objects.create_user("u"), organisation=org, role=role)
    if valid:
        membership.full_clean()
    else:
        with pytest.raises(ValidationError) as err:
            membership.full_clean()
        assert "organisation" in err.value.message_dict


def test_memberships_are_read_once_per_request_and_afresh_outside_one(orgs, django_assert_num_queries):
    from workflow.selectors import active_memberships, request_memberships_close, request_memberships_open

    officer = user("unit_hr")
    before = [m.role for m in active_memberships(officer)]
    Membership.objects.create(user=officer, organisation=orgs["unit-people-hospital"], role=Role.UNIT_HR)
    assert len(active_memberships(officer)) == len(before) + 1  # no request: every call reads again
    token = request_memberships_open()
    try:
        with django_assert_num_queries(1):
            first = active_memberships(officer)
            assert active_memberships(officer) is first
            assert reaches_unit(officer, Role.UNIT_HR, orgs["unit-people-hospital"])
            assert acting_membership(officer, Role.UNIT_HR, orgs["unit-no1-middle"]) is not None
    finally:
        request_memberships_close(token)
    Membership.objects.filter(user=officer, organisation=orgs["unit-people-hospital"]).update(active=False)
    assert not reaches_unit(officer, Role.UNIT_HR, orgs["unit-people-hospital"])  # the request's list is gone


def test_home_page_reads_the_memberships_once(client, orgs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(user("hr_officer"))
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    assert sum('FROM "workflow_membership"' in q["sql"] for q in captured.captured_queries) == 1
