"""Committee and meeting pages: who sees what (every role), fixed query counts, the meeting screen, documents."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from titles.models import Committee, Judge
from titles.models.committees import JudgeAvailability
from titles.services.committees import (
    attendance_record,
    meeting_close,
    meeting_open,
    meeting_plan,
    meeting_plan_approve,
    meeting_plan_file,
    tally_record,
)

from .committee_world import (
    MEETS_ON,
    TODAY,
    applications,
    approved_committee_with_panel,
    committee,
    person,
    unavailable,
    world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(settings):
    settings.WUHAI_TODAY = TODAY.isoformat()
    w = world()
    w.c, w.judges = approved_committee_with_panel(w, members=15)
    w.apps = applications(w, w.c, 2)
    meetings, _ = meeting_plan(actor=w.office, committee=w.c, dates=[MEETS_ON], today=TODAY)
    w.m = meetings[0]
    w.judge_user = person("judge_user")
    Judge.objects.filter(pk=w.judges[0].pk).update(user=w.judge_user)
    # A judge of another committee's meeting.
    w.other_c, other_judges = approved_committee_with_panel(w, members=9, key="other", organiser=w.other_organiser)
    w.other_judge_user = person("other_judge")
    Judge.objects.filter(pk=other_judges[0].pk).update(user=w.other_judge_user)
    return w


def urls(w):
    return {
        "meeting": reverse("titles:meeting_detail", args=[w.m.pk]),
        "committee": reverse("titles:committee_detail", args=[w.c.pk]),
        "docket": reverse("titles:judge_docket", args=[w.m.pk]),
        "dossier": reverse("titles:dossier", args=[w.m.pk, w.apps[0].pk]),
        "plan_pdf": reverse("titles:plan_filing_pdf", args=[w.m.pk]),
    }


@pytest.mark.parametrize(
    "who, expected",
    [
        ("office", {"meeting": 200, "committee": 200, "docket": 200, "dossier": 200}),
        ("hr", {"meeting": 200, "committee": 200, "docket": 200, "dossier": 200}),
        ("judge_user", {"meeting": 403, "committee": 403, "docket": 200, "dossier": 200}),
        ("other_office", {"meeting": 403, "committee": 403, "docket": 403, "dossier": 403}),
        ("other_judge_user", {"meeting": 403, "committee": 403, "docket": 403, "dossier": 403}),
        ("unit_hr", {"meeting": 403, "committee": 403, "docket": 403, "dossier": 403}),
        ("district_officer", {"meeting": 403, "committee": 403, "docket": 403, "dossier": 403}),
    ],
)
def test_who_sees_the_committee_meeting_tallies_and_dossiers(client, w, who, expected):
    client.force_login(getattr(w, who))
    u = urls(w)
    for page, status in expected.items():
        assert client.get(u[page]).status_code == status, (who, page)


def test_anonymous_is_sent_to_login_everywhere(client, w):
    for url in urls(w).values():
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_other_office_cannot_post_a_tally_or_draw(client, w):
    client.force_login(w.other_office)
    entry = w.m.docket.first()
    assert client.post(reverse("titles:tally_record", args=[w.m.pk, entry.pk]), {"agree": 1}).status_code == 403
    assert client.post(reverse("titles:panel_draw", args=[w.c.pk]), {"year": 2024, "needed": 9}).status_code == 403


def test_CMTE_01_committee_list_says_why_an_unapproved_committee_cannot_be_scheduled(client, w):
    committee(w, key="new", name="新评委会")
    client.force_login(w.office)
    html = client.get(reverse("titles:committee_list")).content.decode()
    assert "新评委会" in html and "CMTE-01" in html and "待核准" in html


def test_CMTE_01_expired_committee_detail_says_why(client, w):
    Committee.objects.filter(pk=w.c.pk).update(state=Committee.State.EXPIRED)
    client.force_login(w.office)
    html = client.get(reverse("titles:committee_detail", args=[w.c.pk])).content.decode()
    assert 'id="not-schedulable"' in html and "CMTE-01" in html


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_committee_list_has_a_fixed_query_count_at_1_and_3_rows(client, w):
    """Same number of queries for 1 and 3 committees (the base template's own queries included)."""
    client.force_login(w.office)
    url = reverse("titles:committee_list")
    one = _queries(client, url)
    for i in range(2):
        committee(w, key=f"extra-{i}", name=f"评委会{i}")
    three = _queries(client, url)
    # one link per committee row (the navigation's link to the list itself is not a row)
    assert len(re.findall(r'href="/titles/committees/\d+/"', client.get(url).content.decode())) == 3
    assert one == three <= 6


def test_meeting_calendar_has_a_fixed_query_count_at_1_and_3_rows(client, w):
    from titles.models import Meeting

    client.force_login(w.office)
    url = reverse("titles:meeting_calendar") + "?year=2023&month=8"
    one = _queries(client, url)
    for i in range(2):
        Meeting.objects.create(committee=w.c, meets_on=MEETS_ON + timedelta(days=i + 1))
    three = _queries(client, url)
    assert client.get(url).content.decode().count('class="meeting-chip') == 3
    assert one == three <= 6


def test_meeting_screen_shows_recusals_and_live_outcome_after_a_tally(client, w):
    meeting_plan_file(actor=w.office, meeting=w.m, filed_on=MEETS_ON - timedelta(days=7))
    meeting_plan_approve(actor=w.hr, meeting=w.m, approved_on=MEETS_ON - timedelta(days=1))
    meeting_open(actor=w.office, meeting=w.m, today=MEETS_ON)
    attendance_record(actor=w.office, meeting=w.m, present_judge_ids=[j.pk for j in w.judges])
    client.force_login(w.office)
    entry = w.m.docket.order_by("position").first()
    response = client.post(
        reverse("titles:tally_record", args=[w.m.pk, entry.pk]), {"agree": 10, "disagree": 5, "abstain": 0}, follow=True
    )
    html = response.content.decode()
    assert "通过" in html and "至少需 10 票" in html
    bad = w.m.docket.order_by("position").last()
    response = client.post(
        reverse("titles:tally_record", args=[w.m.pk, bad.pk]), {"agree": 20, "disagree": 0, "abstain": 0}, follow=True
    )
    assert "不得委托投票" in response.content.decode()


def test_roster_downloads_after_the_meeting(client, w):
    meeting_plan_file(actor=w.office, meeting=w.m, filed_on=MEETS_ON - timedelta(days=7))
    meeting_plan_approve(actor=w.hr, meeting=w.m, approved_on=MEETS_ON - timedelta(days=1))
    meeting_open(actor=w.office, meeting=w.m, today=MEETS_ON)
    attendance_record(actor=w.office, meeting=w.m, present_judge_ids=[j.pk for j in w.judges])
    for entry in w.m.docket.all():
        tally_record(actor=w.office, entry=entry, agree=15, disagree=0, abstain=0)
    meeting_close(actor=w.office, meeting=w.m)
    client.force_login(w.office)
    xlsx = client.get(reverse("titles:roster", args=[w.m.pk, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    pdf = client.get(reverse("titles:roster", args=[w.m.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    client.force_login(w.other_office)
    assert client.get(reverse("titles:roster", args=[w.m.pk, "pdf"])).status_code == 403


# ---------------------------------------------------------------------------------------------------- availability (CMTE-06)


def test_CMTE_06_judge_declares_own_availability_on_the_page(client, w):
    client.force_login(w.judge_user)
    url = reverse("titles:judge_availability")
    assert client.get(reverse("titles:judge_home")).content.decode().count(url) == 1
    # a "judge" field naming another judge is ignored: the page only ever writes the signed-in judge's rows
    response = client.post(
        url, {"day": MEETS_ON.isoformat(), "available": "0", "note": "出差", "judge": w.judges[1].pk}, follow=True
    )
    assert response.status_code == 200 and "出差" in response.content.decode()
    row = JudgeAvailability.objects.get()
    assert (row.judge_id, row.day, row.available) == (w.judges[0].pk, MEETS_ON, False)


def test_CMTE_06_judge_cannot_edit_another_judges_availability(client, w):
    other_row = JudgeAvailability.objects.create(judge=w.judges[1], day=MEETS_ON, available=False)
    client.force_login(w.judge_user)
    # withdraw another judge's row from the judge page: not found among own rows
    assert client.post(reverse("titles:judge_availability_withdraw", args=[other_row.pk])).status_code == 404
    # the office's page (enter on a judge's behalf) is not the judge's: forbidden
    page = reverse("titles:committee_availability", args=[w.c.pk])
    assert client.get(page).status_code == 403
    post = {"judge": w.judges[1].pk, "day": MEETS_ON.isoformat(), "available": "1"}
    assert client.post(page, post).status_code == 403
    assert (
        client.post(reverse("titles:committee_availability_withdraw", args=[w.c.pk, other_row.pk])).status_code == 403
    )
    # a judge of another committee and another office are refused too
    client.force_login(w.other_office)
    assert client.post(page, post).status_code == 403
    other_row.refresh_from_db()
    assert other_row.available is False


def test_CMTE_06_office_enters_availability_on_a_judges_behalf(client, w):
    client.force_login(w.office)
    page = reverse("titles:committee_availability", args=[w.c.pk])
    response = client.post(
        page, {"judge": w.judges[2].pk, "day": MEETS_ON.isoformat(), "available": "0", "note": "住院"}, follow=True
    )
    html = response.content.decode()
    assert "住院" in html and w.judges[2].name in html
    row = JudgeAvailability.objects.get()
    assert (row.judge_id, row.available, row.entered_by_id) == (w.judges[2].pk, False, w.office.pk)
    client.post(reverse("titles:committee_availability_withdraw", args=[w.c.pk, row.pk]))
    assert not JudgeAvailability.objects.exists()


def test_judge_availability_page_has_a_fixed_query_count_at_1_and_3_rows(client, w, django_assert_num_queries):
    """session + user + judge profile + the rows + the navigation's roles = 5, whatever the row count."""
    client.force_login(w.judge_user)
    url = reverse("titles:judge_availability")
    JudgeAvailability.objects.create(judge=w.judges[0], day=MEETS_ON, available=False)
    with django_assert_num_queries(5):
        html = client.get(url).content.decode()
    assert html.count('class="availability-row"') == 1
    for i in (1, 2):
        JudgeAvailability.objects.create(judge=w.judges[0], day=MEETS_ON + timedelta(days=i), available=False)
    with django_assert_num_queries(5):
        html = client.get(url).content.decode()
    assert html.count('class="availability-row"') == 3


def test_committee_availability_page_has_a_fixed_query_count_at_1_and_3_rows(client, w, django_assert_num_queries):
    """session + user + committee + memberships + seats + rows + the navigation's roles = 7."""
    client.force_login(w.office)
    url = reverse("titles:committee_availability", args=[w.c.pk])
    JudgeAvailability.objects.create(judge=w.judges[0], day=MEETS_ON, available=False, entered_by=w.office)
    with django_assert_num_queries(7):
        html = client.get(url).content.decode()
    assert html.count('class="availability-row"') == 1
    for i in (1, 2):
        JudgeAvailability.objects.create(judge=w.judges[i], day=MEETS_ON, available=False, entered_by=w.office)
    with django_assert_num_queries(7):
        html = client.get(url).content.decode()
    assert html.count('class="availability-row"') == 3


def test_CMTE_06_meeting_screen_shows_who_declared_unavailability(client, w):
    unavailable(w.judges[3:5], MEETS_ON, note="外出培训")
    client.force_login(w.office)
    html = client.get(reverse("titles:meeting_detail", args=[w.m.pk])).content.decode()
    block = html.split('id="unavailable"', 1)[1].split("</dd>", 1)[0]
    assert w.judges[3].name in block and w.judges[4].name in block and "外出培训" in block
    assert w.judges[5].name not in block


def test_CMTE_04_plan_page_explains_a_docket_without_a_quorum_of_available_judges(client, w):
    later = MEETS_ON + timedelta(days=1)
    applications(w, w.c, 2)
    unavailable(w.judges[:6], later, note="出差")
    client.force_login(w.office)
    response = client.post(
        reverse("titles:meeting_plan", args=[w.c.pk]), {"dates": later.isoformat(), "capacity": 60}, follow=True
    )
    html = response.content.decode()
    assert "CMTE-04" in html  # the engine's reason for each application left out
    unplaced = html.split('id="unplaced"', 1)[1].split("</ul>", 1)[0]
    assert unplaced.count("<li>") == 2 and "CMTE-04" in unplaced
    offered = html.split('id="offered-days"', 1)[1].split("</ul>", 1)[0]
    assert "9/15" in offered and "10" in offered and all(j.name in offered for j in w.judges[:6])


def test_planned_meeting_page_has_a_fixed_query_count_at_1_and_3_accepted_applications(client, w):
    """The docket form lists the committee's accepted applications with their applicants: no query per row."""
    from tests.titles.committee_world import applications, meeting

    m = meeting(w.c)
    applications(w, w.c, 1)
    client.force_login(w.office)
    url = reverse("titles:meeting_detail", args=[m.pk])
    one = _queries(client, url)
    applications(w, w.c, 2)
    three = _queries(client, url)
    assert one == three
