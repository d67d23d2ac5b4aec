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

SIZES = [2, 12]  # list pages: the same number of queries at 2 and at 12 rows


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


def _pinned(client, user, url, django_assert_num_queries, queries) -> str:
    """The page's queries counted after a first request (the session read), the base template's included."""
    client.force_login(user)
    client.get(url)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("n", SIZES)
def test_committee_list_has_a_fixed_query_count(client, w, django_assert_num_queries, n):
    for i in range(n - 1):  # with the world's committee of the office: n
        committee(w, key=f"extra-{i}", name=f"评委会{i}")
    html = _pinned(client, w.office, reverse("titles:committee_list"), django_assert_num_queries, 5)
    # one link per committee row (the navigation's link to the list itself is not a row)
    assert len(re.findall(r'href="/titles/committees/\d+/"', html)) == n


@pytest.mark.parametrize("n", SIZES)
def test_meeting_calendar_has_a_fixed_query_count(client, w, django_assert_num_queries, n):
    from titles.models import Meeting

    for i in range(n - 1):  # with the world's meeting: n in August
        Meeting.objects.create(committee=w.c, meets_on=MEETS_ON + timedelta(days=i + 1))
    url = reverse("titles:meeting_calendar") + "?year=2023&month=8"
    html = _pinned(client, w.office, url, django_assert_num_queries, 5)
    assert html.count('class="meeting-chip') == n


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
    """session + user + committee + memberships (read once per request, the navigation's roles too) + seats + rows
    = 6."""
    client.force_login(w.office)
    url = reverse("titles:committee_availability", args=[w.c.pk])
    JudgeAvailability.objects.create(judge=w.judges[0], day=MEETS_ON, available=False, entered_by=w.office)
    with django_assert_num_queries(6):
        html = client.get(url).content.decode()
    assert html.count('class="availability-row"') == 1
    for i in (1, 2):
        JudgeAvailability.objects.create(judge=w.judges[i], day=MEETS_ON, available=False, entered_by=w.office)
    with django_assert_num_queries(6):
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


@pytest.mark.parametrize("n", SIZES)
def test_planned_meeting_page_has_a_fixed_query_count(client, w, django_assert_num_queries, n):
    """The docket form lists the committee's accepted applications with their applicants: no query per row."""
    from tests.titles.committee_world import applications, meeting
    from titles.models import Application

    m = meeting(w.c)
    applications(w, w.c, n)
    url = reverse("titles:meeting_detail", args=[m.pk])
    html = _pinned(client, w.office, url, django_assert_num_queries, 11)
    assert html.count("（待安排）") == n
    for app in Application.objects.filter(committee_key=w.c.key, state="accepted").select_related("applicant"):
        assert f'value="{app.pk}"> {app.applicant.first_name}（待安排）</label>' in html


# ---------------------------------------------------------------------------------------------------- CMTE-01 expired


def test_CMTE_01_committee_past_its_filing_shows_expired_not_the_approved_badge(client, w):
    from titles.models import Committee as C

    C.objects.filter(pk=w.c.pk).update(approved_on=TODAY.replace(year=2020), valid_until=TODAY - timedelta(days=1))
    client.force_login(w.office)
    listing = client.get(reverse("titles:committee_list")).content.decode()
    row = listing.split(w.c.name, 1)[1].split("</tr>", 1)[0]
    assert "state-expired" in row and "已过期" in row and "已核准备案" not in row
    detail = client.get(reverse("titles:committee_detail", args=[w.c.pk])).content.decode()
    assert 'id="committee-state">已过期' in detail and 'id="approve-form"' not in detail  # only city HR approves


def test_CMTE_01_city_hr_reapproves_an_expired_committee_on_its_page(client, w):
    from titles.models import Committee as C

    C.objects.filter(pk=w.c.pk).update(
        state=C.State.EXPIRED, approved_on=TODAY.replace(year=2020), valid_until=TODAY - timedelta(days=1)
    )
    client.force_login(w.hr)
    html = client.get(reverse("titles:committee_detail", args=[w.c.pk])).content.decode()
    assert 'id="approve-form"' in html and "重新核准备案" in html
    response = client.post(
        reverse("titles:committee_approve", args=[w.c.pk]),
        {"approved_on": TODAY.isoformat(), "approval_note": "乌人社字〔2023〕9号"},
        follow=True,
    )
    assert "评委会已核准备案" in response.content.decode()
    w.c.refresh_from_db()
    assert w.c.state == C.State.APPROVED and w.c.valid_until == TODAY.replace(year=2026)


def test_CMTE_01_committee_page_shows_levels_and_scope_by_name(client, w):
    from titles.models import Committee as C

    C.objects.filter(pk=w.c.pk).update(levels=["intermediate", "assistant", "member"])
    client.force_login(w.office)
    html = client.get(reverse("titles:committee_detail", args=[w.c.pk])).content.decode()
    assert "中级、助理级、员级" in html and "intermediate、" not in html


# ---------------------------------------------------------------------------------------------------- the draw


def test_CMTE_03_draw_page_refuses_an_impossible_year_with_a_message(client, w):
    from titles.models import PanelDraw

    c = committee(w, key="fresh", name="新评委会")
    client.force_login(w.office)
    for year in ("99999", "2022"):
        response = client.post(
            reverse("titles:panel_draw", args=[c.pk]), {"year": year, "needed": 9, "seed": 1}, follow=True
        )
        assert response.status_code == 200 and response.redirect_chain[-1][0].endswith(f"/committees/{c.pk}/")
        assert f"年度 {year} 无效" in response.content.decode()
    assert not PanelDraw.objects.exists()
    html = client.get(reverse("titles:committee_detail", args=[c.pk])).content.decode()
    form = html.split('id="draw-form"', 1)[1].split("</form>", 1)[0]
    assert '<option value="2023" selected>' in form and '<option value="2024">' in form and "2022" not in form


# ---------------------------------------------------------------------------------------------------- the pool


def test_CMTE_04_pool_page_shows_contact_term_and_years_served(client, w):
    from titles.models import CommitteeSeat

    judge = w.judges[0]
    Judge.objects.filter(pk=judge.pk).update(phone="13904731234", email="z@example.com")
    CommitteeSeat.objects.create(committee=w.c, judge=judge, year=2022)
    client.force_login(w.office)
    html = client.get(reverse("titles:judge_pool")).content.decode()
    row = html.split(f'id="judge-{judge.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "13904731234" in row and "z@example.com" in row
    assert "2021-01-01 – 2023-12-31" in row and "在任" in row
    assert "2022、2023" in row and "2 年" in row


def test_CMTE_03_pool_page_links_the_chosen_organisation_so_own_unit_recusal_applies(client, w):
    client.force_login(w.office)
    response = client.post(
        reverse("titles:judge_pool"),
        {
            "name": "同校专家",
            "series": w.series.key,
            "title_level": "deputy_senior",
            "unit": w.units[0].pk,
            "phone": "13900000000",
            "term_start": "2023-01-01",
            "term_end": "2025-12-31",
        },  # fmt: skip
        follow=True,
    )
    assert "已加入专家库" in response.content.decode()
    judge = Judge.objects.get(name="同校专家")
    assert judge.unit_id == w.units[0].pk and judge.unit_name == w.units[0].name
    assert (judge.term_start.isoformat(), judge.term_end.isoformat()) == ("2023-01-01", "2025-12-31")
    response = client.post(
        reverse("titles:judge_pool"),
        {
            "name": "超期",
            "series": w.series.key,
            "title_level": "deputy_senior",
            "term_start": "2023-01-01",
            "term_end": "2026-01-02",
        },  # fmt: skip
        follow=True,
    )
    assert "不得超过 3 年" in response.content.decode() and not Judge.objects.filter(name="超期").exists()


@pytest.mark.parametrize("n", SIZES)
def test_judge_pool_page_has_a_fixed_query_count(client, w, django_assert_num_queries, n):
    """The pool of a series with each expert's years served (CMTE-03): no query per expert."""
    from titles.models import CommitteeSeat

    Judge.objects.exclude(pk=w.judges[0].pk).update(series=w.other_series)
    for judge in Judge.objects.filter(series=w.other_series).order_by("pk")[: n - 1]:
        Judge.objects.filter(pk=judge.pk).update(series=w.series)
        CommitteeSeat.objects.create(committee=w.other_c, judge=judge, year=2022)
    url = reverse("titles:judge_pool") + f"?series={w.series.key}"
    html = _pinned(client, w.office, url, django_assert_num_queries, 8)
    assert html.count('<tr id="judge-') == n


# ---------------------------------------------------------------------------------------------------- the meeting screen


def _opened(w):
    meeting_plan_file(actor=w.office, meeting=w.m, filed_on=MEETS_ON - timedelta(days=7))
    meeting_plan_approve(actor=w.hr, meeting=w.m, approved_on=MEETS_ON - timedelta(days=1))
    meeting_open(actor=w.office, meeting=w.m, today=MEETS_ON)


def test_CMTE_04_non_quorate_attendance_gives_one_error_and_no_success_message(client, w):
    _opened(w)
    client.force_login(w.office)
    response = client.post(
        reverse("titles:attendance_record", args=[w.m.pk]), {"present": [j.pk for j in w.judges[:9]]}, follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1 and "不符合法定人数" in messages[0] and "至少 10 人" in messages[0]
    response = client.post(
        reverse("titles:attendance_record", args=[w.m.pk]), {"present": [j.pk for j in w.judges[:10]]}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["出席情况已记录"]


def test_CMTE_04_meeting_screen_offers_to_defer_an_applicant_no_vote_is_possible_on(client, w):
    from titles.services.committees import recusal_declare

    _opened(w)
    attendance_record(actor=w.office, meeting=w.m, present_judge_ids=[j.pk for j in w.judges[:10]])
    first = w.m.docket.order_by("position").first()
    recusal_declare(actor=w.office, meeting=w.m, judge=w.judges[0], application=first.application, reason="relative")
    client.force_login(w.office)
    html = client.get(reverse("titles:meeting_detail", args=[w.m.pk])).content.decode()
    cell = html.split(f'id="entry-{first.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "出席 10 人，回避 1 人" in cell and 'class="defer' in cell and 'class="tally"' not in cell
    response = client.post(
        reverse("titles:docket_entry_defer", args=[w.m.pk, first.pk]), {"reason": "回避后不足三分之二"}, follow=True
    )
    assert "已暂缓评审该申报人" in response.content.decode()
    first.refresh_from_db()
    assert first.deferred and first.application.state == "accepted"


def test_CMTE_06_unplaced_reasons_stay_on_the_committee_page_until_the_next_plan(client, w):
    apps = applications(w, w.c, 1)
    client.force_login(w.office)
    client.post(reverse("titles:meeting_plan", args=[w.c.pk]), {"dates": (TODAY + timedelta(days=2)).isoformat()})
    for _ in range(2):  # not popped: still there on the next visit
        html = client.get(reverse("titles:committee_detail", args=[w.c.pk])).content.decode()
        unplaced = html.split('id="unplaced"', 1)[1].split("</ul>", 1)[0]
        assert f"#{apps[0].pk}" in unplaced and "CMTE-02" in unplaced
    client.force_login(person("office2", "committee_office", w.organiser))  # another officer of the office sees it
    assert f"#{apps[0].pk}" in client.get(reverse("titles:committee_detail", args=[w.c.pk])).content.decode()
    client.force_login(w.office)
    client.post(reverse("titles:meeting_plan", args=[w.c.pk]), {"dates": MEETS_ON.isoformat()})
    assert 'id="unplaced"' not in client.get(reverse("titles:committee_detail", args=[w.c.pk])).content.decode()


def test_roster_with_another_suffix_is_not_found(client, w):
    client.force_login(w.office)
    assert client.get(reverse("titles:roster", args=[w.m.pk, "docx"])).status_code == 404


# ---------------------------------------------------------------------------------------------------- dossiers (CMTE-03)


def _material(application):
    import hashlib

    from django.core.files.base import ContentFile

    from tests.titles.test_application_services import pdf_bytes
    from titles.models import Material

    data = pdf_bytes(1)
    material = Material(
        application=application, item="work_summary", original_name="业绩总结.pdf", content_type="application/pdf",
        size=len(data), sha256=hashlib.sha256(data).hexdigest(), pages=1, uploaded_by=application.applicant,
    )  # fmt: skip
    material.file.save("summary.pdf", ContentFile(data), save=True)
    return material


@pytest.fixture
def dossier_world(w, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    w.material = _material(w.apps[0])
    w.other_material = _material(w.apps[1])
    w.dossier_urls = {
        "page": reverse("titles:dossier", args=[w.m.pk, w.apps[0].pk]),
        "material": reverse("titles:dossier_material", args=[w.m.pk, w.apps[0].pk, w.material.pk]),
        "review": reverse("titles:dossier_form", args=[w.m.pk, w.apps[0].pk, "review-form"]),
        "submission": reverse("titles:dossier_form", args=[w.m.pk, w.apps[0].pk, "submission-form"]),
    }
    return w


def test_CMTE_03_seated_judge_reads_the_dossier_materials_and_forms(client, dossier_world):
    w = dossier_world
    client.force_login(w.judge_user)
    html = client.get(w.dossier_urls["page"]).content.decode()
    assert "业绩总结.pdf" in html and w.dossier_urls["material"] in html
    assert w.dossier_urls["review"] in html and w.dossier_urls["submission"] in html
    download = client.get(w.dossier_urls["material"])
    assert download.status_code == 200 and b"".join(download.streaming_content)[:4] == b"%PDF"
    assert "attachment" in download["Content-Disposition"]
    review = client.get(w.dossier_urls["review"])
    assert review.status_code == 200 and review.content[:4] == b"%PDF"
    from workflow.documents import pdf_text

    assert "评审表" in pdf_text(review.content).replace(" ", "")
    assert client.get(w.dossier_urls["submission"]).content[:4] == b"%PDF"
    # Another applicant's material through this applicant's dossier: not found.
    other = reverse("titles:dossier_material", args=[w.m.pk, w.apps[0].pk, w.other_material.pk])
    assert client.get(other).status_code == 404


def test_CMTE_03_recused_judge_cannot_open_that_applicants_dossier(client, dossier_world):
    from titles.services.committees import recusal_declare

    w = dossier_world
    recusal_declare(actor=w.office, meeting=w.m, judge=w.judges[0], application=w.apps[0], reason="relative")
    client.force_login(w.judge_user)
    for name, url in w.dossier_urls.items():
        assert client.get(url).status_code == 403, name
    docket = client.get(reverse("titles:judge_docket", args=[w.m.pk])).content.decode()
    assert w.dossier_urls["page"] not in docket  # no link to a dossier the judge must not read
    assert reverse("titles:dossier", args=[w.m.pk, w.apps[1].pk]) in docket
    assert client.get(reverse("titles:dossier", args=[w.m.pk, w.apps[1].pk])).status_code == 200


@pytest.mark.parametrize("who", ["other_judge_user", "other_office", "unit_hr", "district_officer"])
def test_CMTE_03_other_judges_and_roles_cannot_open_a_dossier(client, dossier_world, who):
    w = dossier_world
    client.force_login(getattr(w, who))
    for name, url in w.dossier_urls.items():
        assert client.get(url).status_code == 403, (who, name)


def test_CMTE_03_the_applicant_cannot_open_their_dossier_through_the_meeting(client, dossier_world):
    w = dossier_world
    client.force_login(w.apps[0].applicant)
    for url in w.dossier_urls.values():
        assert client.get(url).status_code == 403


# ---------------------------------------------------------------------------------------------------- roster (Doc B att. 3)


def test_roster_has_the_attachment_3_title_and_the_profile_columns(client, w):
    import io
    from datetime import date

    from openpyxl import load_workbook

    from titles.models.profiles import ApplicantProfile, EducationRecord

    _opened(w)
    attendance_record(actor=w.office, meeting=w.m, present_judge_ids=[j.pk for j in w.judges])
    for entry in w.m.docket.all():
        tally_record(actor=w.office, entry=entry, agree=15, disagree=0, abstain=0)
    meeting_close(actor=w.office, meeting=w.m)
    applicant = w.apps[0].applicant
    profile = ApplicantProfile.objects.create(
        user=applicant, full_name="张华", gender="female", ethnicity="蒙古族", id_number="150302198503150024",
        birth_date=date(1985, 3, 15), phone="13804731111", unit=w.apps[0].unit, employment="institution",
    )  # fmt: skip
    EducationRecord.objects.create(profile=profile, education="bachelor", school="内蒙古师范大学", major="数学",
                                   graduated_on=date(2007, 7, 1))  # fmt: skip
    client.force_login(w.office)
    book = load_workbook(io.BytesIO(client.get(reverse("titles:roster", args=[w.m.pk, "xlsx"])).content))
    sheet = book.active
    assert sheet["A1"].value == "乌海市2023年申报中级专业技术资格花名册（中小学教师系列）"
    rows = {r[3]: r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0] and str(r[0]).isdigit()}
    row = rows["张华"]
    assert row[4:9] == ("女", "蒙古族", "150302198503150024", "1985.03", "大学本科")
    assert row[16] == "13804731111"
    from workflow.documents import pdf_text

    text = pdf_text(client.get(reverse("titles:roster", args=[w.m.pk, "pdf"])).content).replace(" ", "")
    assert "乌海市2023年申报中级专业技术资格花名册（中小学教师系列）" in text and "级级" not in text
    assert "150302198503150024" in text and "蒙古族" in text


def test_CMTE_01_expired_committee_waits_on_city_hrs_approvals_page(client, w):
    from titles.models import Committee as C

    C.objects.filter(pk=w.c.pk).update(state=C.State.EXPIRED)
    client.force_login(w.hr)
    html = client.get(reverse("titles:hr_approvals")).content.decode()
    section = html.split("评委会核准备案（CMTE-01）", 1)[1].split("</section>", 1)[0]
    detail = reverse("titles:committee_detail", args=[w.c.pk])
    other = reverse("titles:committee_detail", args=[w.other_c.pk])
    assert f'href="{detail}"' in section and "已过期" in section and f'href="{other}"' not in section


# ------------------------------------------------------------------------------- fixed query counts, 2 and 12 rows


@pytest.mark.parametrize("n", SIZES)
def test_committee_page_has_a_fixed_query_count(client, w, django_assert_num_queries, n):
    """The committee's panel of the year and its accepted applications waiting for a meeting (CMTE-03/06)."""
    c, _judges = approved_committee_with_panel(w, members=n, key="pinned", name="工程评委会")
    applications(w, c, n)
    url = reverse("titles:committee_detail", args=[c.pk]) + "?year=2023"
    html = _pinned(client, w.office, url, django_assert_num_queries, 7)
    assert html.count("<td>评委</td>") == n
    assert f"已受理待安排 {n} 人" in html


@pytest.mark.parametrize("n", SIZES)
def test_judge_home_has_a_fixed_query_count(client, w, django_assert_num_queries, n):
    """The meetings a judge sits on, with their docket sizes."""
    from titles.models import Meeting

    for i in range(n - 1):  # with the world's meeting: n
        Meeting.objects.create(committee=w.c, meets_on=MEETS_ON + timedelta(days=i + 1))
    html = _pinned(client, w.judge_user, reverse("titles:judge_home"), django_assert_num_queries, 6)
    assert len(re.findall(r'href="/titles/meetings/\d+/judge/"', html)) == n


def _docketed(w, n):
    """A meeting of the world's committee with ``n`` applications on its docket."""
    from tests.titles.committee_world import meeting
    from titles.models import DocketEntry

    m = meeting(w.c, meets_on=MEETS_ON + timedelta(days=3))
    for position, app in enumerate(applications(w, w.c, n, state="scheduled"), start=1):
        DocketEntry.objects.create(meeting=m, application=app, position=position)
    return m


@pytest.mark.parametrize("n", SIZES)
def test_judge_docket_has_a_fixed_query_count(client, w, django_assert_num_queries, n):
    m = _docketed(w, n)
    url = reverse("titles:judge_docket", args=[m.pk])
    html = _pinned(client, w.judge_user, url, django_assert_num_queries, 13)
    assert len(re.findall(rf'href="/titles/meetings/{m.pk}/dossier/\d+/"', html)) == n


@pytest.mark.parametrize("n", SIZES)
def test_meeting_screen_after_the_votes_has_a_fixed_query_count(client, w, django_assert_num_queries, n):
    """The held meeting: attendance, recusals and each applicant's tally with its outcome (CMTE-04)."""
    from titles.services.committees import recusal_declare

    m = _docketed(w, n)
    meeting_plan_file(actor=w.office, meeting=m, filed_on=m.meets_on - timedelta(days=7))
    meeting_plan_approve(actor=w.hr, meeting=m, approved_on=m.meets_on - timedelta(days=1))
    meeting_open(actor=w.office, meeting=m, today=m.meets_on)
    attendance_record(actor=w.office, meeting=m, present_judge_ids=[j.pk for j in w.judges])
    for entry in m.docket.order_by("position"):
        recusal_declare(actor=w.office, meeting=m, judge=w.judges[0], application=entry.application, reason="relative")
        tally_record(actor=w.office, entry=entry, agree=11, disagree=2, abstain=1)
    url = reverse("titles:meeting_detail", args=[m.pk])
    html = _pinned(client, w.office, url, django_assert_num_queries, 10)
    assert html.count('class="recused"') >= n and html.count("通过") >= n


@pytest.mark.parametrize("n", SIZES)
def test_dossier_page_has_a_fixed_query_count(client, w, settings, tmp_path, django_assert_num_queries, n):
    """The judge's read-only dossier of one applicant: every material listed, no query per material."""
    settings.MEDIA_ROOT = tmp_path / "media"
    for _ in range(n):
        _material(w.apps[0])
    url = reverse("titles:dossier", args=[w.m.pk, w.apps[0].pk])
    html = _pinned(client, w.judge_user, url, django_assert_num_queries, 10)
    assert html.count('class="material"') == n


@pytest.mark.parametrize("n", SIZES)
def test_hr_approvals_page_has_a_fixed_query_count(client, w, django_assert_num_queries, n):
    """City HR's committees waiting for approval (CMTE-01) and review plans waiting for it (CMTE-02)."""
    from tests.titles.committee_world import meeting
    from titles.models import Meeting

    for i in range(n):
        committee(w, key=f"proposed-{i}", name=f"待核准评委会{i}")
        meeting(w.c, meets_on=MEETS_ON + timedelta(days=i + 1), state=Meeting.State.PLAN_FILED,
                plan_filed_on=MEETS_ON - timedelta(days=7))  # fmt: skip
    html = _pinned(client, w.hr, reverse("titles:hr_approvals"), django_assert_num_queries, 5)
    assert html.count("待核准评委会") == n
    assert len(re.findall(r'href="/titles/meetings/\d+/"', html)) == n


def _held_docket(w, entries: int):
    """A held meeting of ``w.c`` with ``entries`` applications on the docket: all but the last tallied, one
    recusal per row, every judge present (written directly; the services are tested on their own)."""
    from titles.models import Attendance, DocketEntry, Meeting, Recusal

    m = Meeting.objects.create(committee=w.c, meets_on=MEETS_ON, state=Meeting.State.HELD, held_on=MEETS_ON)
    Attendance.objects.bulk_create([Attendance(meeting=m, judge=j, present=True) for j in w.judges])
    apps = applications(w, w.c, entries, state="scheduled")
    for position, app in enumerate(apps, 1):
        tallied = position < entries
        DocketEntry.objects.create(meeting=m, application=app, position=position, agree=12 if tallied else None,
                                   disagree=2 if tallied else None, abstain=0 if tallied else None,
                                   present=15 if tallied else None, recused=1 if tallied else None,
                                   passed=True if tallied else None)  # fmt: skip
        Recusal.objects.create(meeting=m, judge=w.judges[position % 15], application=app, reason="relative")
    return m, apps


@pytest.mark.parametrize("entries", [1, 3])
def test_held_meeting_screen_has_a_fixed_query_count_and_marks_the_current_row(
    client, w, django_assert_num_queries, entries
):
    """session + user + meeting + memberships (read once per request, the navigation's roles too) + meeting_sheet
    (meeting, docket, seats, recusals, attendance, unavailability) = 10, whatever the docket's length; the first
    untallied row is the current one, and only it gets the tally form."""
    m, apps = _held_docket(w, entries)
    client.force_login(w.office)
    url = reverse("titles:meeting_detail", args=[m.pk])
    client.get(url)
    with django_assert_num_queries(10):
        html = client.get(url).content.decode()
    assert html.count('<tr id="entry-') == entries
    assert re.findall(r'<tr id="entry-\d+" class="current">', html) == [
        f'<tr id="entry-{m.docket.get(position=entries).pk}" class="current">'
    ]
    assert html.count('class="tally"') == 1 and html.count("12 / 2 / 0") == entries - 1
    assert html.count('class="recused"') == entries


@pytest.mark.parametrize("waiting", [1, 12])
def test_city_hr_inbox_shows_ten_of_each_waiting_approval_with_the_totals(w, django_assert_num_queries, waiting):
    """CMTE-01/CMTE-02 approvals in city HR's inbox: ordered and cut in the database (two queries whatever the
    number waiting), the first ten of each, the total of both."""
    from titles.inbox_committees import LIMIT, hr_section
    from titles.models import Meeting
    from workflow.models import Membership

    for i in range(waiting):
        committee(w, key=f"proposed-{i:02d}", name=f"待核准评委会{i:02d}")
        Meeting.objects.create(committee=w.c, meets_on=MEETS_ON + timedelta(days=i), state=Meeting.State.PLAN_FILED)
    membership = Membership.objects.select_related("organisation").get(user=w.hr)
    with django_assert_num_queries(2) as captured:
        section = hr_section(w.hr, membership)
    assert all(f"LIMIT {LIMIT}" in q["sql"] for q in captured.captured_queries)  # never all rows into Python
    shown = min(waiting, LIMIT)
    assert section.total == 2 * waiting
    titles = [item.title for item in section.items]
    assert titles[:shown] == [f"评委会待核准：待核准评委会{i:02d}" for i in range(shown)]
    assert [item.due_on for item in section.items[shown:]] == [MEETS_ON + timedelta(days=i) for i in range(shown)]
    district = Membership.objects.select_related("organisation").get(user=w.district_officer)
    assert hr_section(w.district_officer, district) is None
