"""The home page (``workflow.views.home``): every role's inbox in a fixed number of queries whatever the number of
things waiting (DESIGN.md "no per-row queries in lists") — pinned at 2 and at 12 of each, 12 being more than a
section shows (``PAGE`` = 10: the section says how many there are and links to the whole list)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from posts.models import Scheme, SpecialPost
from tests.posts.factories import CITY_OK
from tests.titles import committee_world as cw
from tests.titles.factories import application, org, person, world
from titles.catalogue import LEVELS
from titles.inbox import PAGE
from titles.models import Judge, Meeting
from workflow.models import Membership, Organisation, Role

pytestmark = pytest.mark.django_db

SIZES = [2, 12]


def _special_post(unit, state, name) -> SpecialPost:
    post = SpecialPost.objects.create(
        unit=unit, category="professional", grade=6, post_name=name, reasons="急需紧缺人才",
        term_start=date(2024, 9, 1), term_end=date(2027, 9, 1), holder_name="张三",
        holder_birth_date=date(1980, 1, 1), holder_retirement_date=date(2040, 1, 1),
    )  # fmt: skip
    SpecialPost.objects.filter(pk=post.pk).update(state=state)
    return post


def inbox_world(n: int):
    """``n`` of everything each role has waiting: applications at every review step (city and district), schemes
    and special posts at every step, committees and review plans waiting for city HR, meetings of the committee
    office and of a judge."""
    w = world()
    w.district_unit = org("unit-d", Organisation.Kind.UNIT, "haibowan", affiliation="district", name="海勃湾区实验小学")
    w.judge_user = person("judge_user", Role.JUDGE, w.organiser)
    committee, judges = cw.approved_committee_with_panel(w, members=3, key="teachers-ij")
    Judge.objects.filter(pk=judges[0].pk).update(user=w.judge_user)
    for i in range(n):
        application(w, "unit_review")  # unit HR
        application(w, "dept_review")  # the department
        application(w, "hr_review")  # city HR, and the committee office it is routed to
        application(w, "hr_review", unit=w.district_unit, committee_key="")  # the Haibowan HR bureau
        Scheme.objects.create(unit=w.unit, version=i + 2, state=Scheme.State.RETURNED, professional=CITY_OK)
        unit = org(f"unit-{i}", Organisation.Kind.UNIT, affiliation="city_department", supervisor=w.city_edu,
                   name=f"乌海市第{i + 10}中学")  # fmt: skip
        Scheme.objects.create(unit=unit, version=1, state=Scheme.State.DEPT_REVIEW, professional=CITY_OK)
        Scheme.objects.create(unit=unit, version=2, state=Scheme.State.HR_REVIEW, professional=CITY_OK)
        _special_post(w.unit, SpecialPost.State.REQUESTED, f"待复核岗位{i}")
        _special_post(w.unit, SpecialPost.State.DEPT_APPROVED, f"待核准岗位{i}")
        _special_post(w.unit, SpecialPost.State.HR_APPROVED, f"待聘用岗位{i}")
        cw.committee(w, key=f"proposed-{i}", name=f"待核准评委会{i}")
        cw.meeting(committee, meets_on=date(2023, 8, 10 + i), state=Meeting.State.PLAN_FILED,
                   plan_filed_on=date(2023, 8, 1))  # fmt: skip
    Membership.objects.create(user=w.applicant, organisation=w.unit, role=Role.APPLICANT)
    for level in LEVELS[:n]:  # TITLE-04: one application per level and year (five levels)
        application(w, "draft", applicant=w.applicant, level=level)  # the applicant's own, nobody else's yet
    return w


def _home(client, user, django_assert_num_queries, queries):
    client.force_login(user)
    client.get(reverse("home"))  # the session is read once before counting
    with django_assert_num_queries(queries):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def _items(html: str) -> int:
    return len(re.findall(r"<li>\s*<a href=", html))


def _badges(html: str) -> list[int]:
    return [int(b) for b in re.findall(r'<span class="badge">(\d+)</span>', html)]


# role → (queries, badges, lists): the page's queries (session, user, memberships and the navigation included); how
# many sections carry a count; how many lists of up to ``PAGE`` items the role's block shows.
ROLES = {
    # titles: count + rows + deadlines; posts: schemes and special posts, count + rows each
    "unit_hr": (9, 3, 3),
    "dept": (9, 3, 3),
    # + city HR's committees and review plans waiting for approval (one section, two lists)
    "hr": (11, 4, 5),
    # a district bureau: its applications (no committee section; no district scheme or post waits in this world)
    "district_hr": (7, 1, 1),
    # the applications routed to the office and its meetings (count + rows)
    "office": (7, 2, 2),
    # the meetings the judge sits on (seats, meetings)
    "judge_user": (6, 1, 1),
}


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("who", sorted(ROLES))
def test_home_inbox_of_every_role_has_a_fixed_query_count(client, django_assert_num_queries, who, n):
    w = inbox_world(n)
    queries, sections, lists = ROLES[who]
    html = _home(client, getattr(w, who), django_assert_num_queries, queries)
    badges = _badges(html)
    assert len(badges) == sections and min(badges) >= n, badges  # every count is the whole count, not the shown
    assert _items(html) == lists * min(n, PAGE)


@pytest.mark.parametrize("n", SIZES)
def test_home_of_an_applicant_has_a_fixed_query_count(client, django_assert_num_queries, n):
    w = inbox_world(n)
    html = _home(client, w.applicant, django_assert_num_queries, 4)  # session, user, memberships (nav too), applications
    links = re.findall(r'href="/titles/me/applications/\d+/"', html)
    assert len(links) == min(n, len(LEVELS))
