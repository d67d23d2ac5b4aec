"""Review pages: buttons follow the predicates, actions go through the services, inboxes are fixed-query, the
public verification page shows nothing but name, title, series and date."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tests.titles.factories import application, world
from titles.inbox import waiting_section
from titles.services import workflow as wf
from workflow.models import Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return world()


def test_detail_shows_buttons_by_predicate(client, w):
    app = application(w, "submitted")
    client.force_login(w.unit_hr)
    page = client.get(reverse("titles:review_detail", args=[app.pk])).content.decode()
    assert 'data-action="unit_review_start"' in page
    client.force_login(w.other_unit_hr)
    assert client.get(reverse("titles:review_detail", args=[app.pk])).status_code == 404
    client.force_login(w.dept)
    page = client.get(reverse("titles:review_detail", args=[app.pk])).content.decode()
    assert 'data-action="unit_review_start"' not in page


def test_action_post_runs_the_service_and_refuses_stale_pages(client, w):
    app = application(w, "submitted")
    client.force_login(w.unit_hr)
    url = reverse("titles:review_action", args=[app.pk, "unit_review_start"])
    response = client.post(url, {"state": "submitted"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.state == "unit_review"
    response = client.post(url, {"state": "submitted"}, follow=True)
    assert "已被处理" in response.content.decode()


def test_action_by_another_unit_is_forbidden(client, w):
    app = application(w, "unit_publicity")
    client.force_login(w.dept)  # reaches the application (supervisor) but may not recommend
    response = client.post(reverse("titles:review_action", args=[app.pk, "unit_recommend"]),
                           {"unit_recommend-opinion": "x", "unit_recommend-selection_method": "y",
                            "unit_recommend-pledged": "on", "state": "unit_publicity"})  # fmt: skip
    assert response.status_code == 403
    app.refresh_from_db()
    assert app.state == "unit_publicity"


def test_correction_notice_form_and_applicant_answer(client, w):
    app = application(w, "dept_review", applicant=w.applicant)
    client.force_login(w.dept)
    client.post(reverse("titles:review_action", args=[app.pk, "correction_notice_issue"]), {
        "state": "dept_review", "correction_notice_issue-deadline": "2099-07-14",
        "correction_notice_issue-item_work_summary": "on", "correction_notice_issue-note_work_summary": "未盖章",
    })  # fmt: skip
    app.refresh_from_db()
    assert app.state == "correction"
    client.force_login(w.applicant)
    page = client.get(reverse("titles:application_progress", args=[app.pk])).content.decode()
    assert "未盖章" in page and "2099" in page
    client.post(reverse("titles:review_action", args=[app.pk, "correction_answer"]), {
        "state": "correction", "correction_answer-note": "已盖章", "correction_answer-changed_items": "work_summary",
    })  # fmt: skip
    app.refresh_from_db()
    assert app.state == "dept_review"


def test_progress_timeline_lists_steps_and_next(client, w):
    app = application(w, "submitted", applicant=w.applicant)
    wf.unit_review_start(application=app, actor=w.unit_hr)
    client.force_login(w.applicant)
    page = client.get(reverse("titles:application_progress", args=[app.pk])).content.decode()
    assert "单位开始审核" in page and w.unit.name in page
    assert "公示" in page  # what happens next
    assert 'id="withdraw-form"' in page


@pytest.mark.parametrize("steps", [1, 4])
def test_progress_timeline_has_a_fixed_query_count_and_shows_the_certificate_once_issued(
    client, w, django_assert_num_queries, steps
):
    """session, user, application, memberships (once per request), audit trail, review window — whatever the
    number of steps; the certificate is read only once the application is certified, and then shown."""
    from workflow.models import AuditRecord

    app = application(w, "dept_review", applicant=w.applicant)
    for k in range(steps):
        AuditRecord.objects.create(subject_type_id=_ctype(), subject_id=str(app.pk), subject_repr="申报",
                                   transition="correction_answer", actor_name="申报人", note=f"补充{k}")  # fmt: skip
    client.force_login(w.applicant)
    url = reverse("titles:application_progress", args=[app.pk])
    client.get(url)
    with django_assert_num_queries(6):
        page = client.get(url).content.decode()
    assert page.count("补充") == steps and "证书编号" not in page
    filed = application(w, "filed")
    certificate = wf.certificate_issue(application=filed, actor=w.hr, today=date(2023, 7, 3))
    client.force_login(filed.applicant)
    page = client.get(reverse("titles:application_progress", args=[filed.pk])).content.decode()
    assert f"证书编号 {certificate.number}" in page


def _ctype() -> int:
    from django.contrib.contenttypes.models import ContentType

    from titles.models import Application

    return ContentType.objects.get_for_model(Application).pk


def test_unit_publicity_page_shows_computed_last_day(client, w):
    application(w, "unit_review")
    client.force_login(w.unit_hr)
    page = client.get(reverse("titles:unit_publicity") + "?starts_on=2023-07-03").content.decode()
    assert 'id="publicity-ends-on">2023-07-07<' in page


def test_public_verification_shows_only_name_title_series_date(client, w):
    app = application(w, "filed", applicant=w.applicant)
    w.applicant.email = "secret@example.com"
    w.applicant.save()
    certificate = wf.certificate_issue(application=app, actor=w.hr, today=date(2023, 7, 3))
    page = client.get(reverse("titles:certificate_verify_code", args=[certificate.verification_code]))
    text = page.content.decode()
    assert page.status_code == 200
    for shown in (certificate.holder_name, certificate.title_name, certificate.series_name, "2023-06-20"):
        assert shown in text
    for hidden in (w.unit.name, "secret@example.com", certificate.number, w.applicant.username, w.city_hr.name):
        assert hidden not in text
    assert client.get(reverse("titles:certificate_verify_code", args=["NOSUCHCODE"])).status_code == 404


def test_public_verification_is_throttled(client, w, settings):
    from titles.views import review

    for _ in range(review.VERIFY_LIMIT):
        client.get(reverse("titles:certificate_verify") + "?code=ABC")
    assert client.get(reverse("titles:certificate_verify") + "?code=ABC").status_code == 429


@pytest.mark.parametrize(
    ("role", "user_attr", "state"),
    [
        (Role.UNIT_HR, "unit_hr", "unit_review"),
        (Role.DEPT_REVIEWER, "dept", "dept_review"),
        (Role.HR_OFFICER, "hr", "result_publicity"),
        (Role.COMMITTEE_OFFICE, "office", "passed"),
    ],
)
@pytest.mark.parametrize("count", [1, 3])
def test_inbox_fixed_queries(django_assert_num_queries, w, role, user_attr, state, count):
    for _ in range(count):
        application(w, state)
    membership = Membership.objects.select_related("organisation").get(user=getattr(w, user_attr), role=role)
    with django_assert_num_queries(2):
        section = waiting_section(getattr(w, user_attr), membership)
    assert len(section.items) == count
    assert all(item.url for item in section.items)


def test_inbox_oldest_first_with_due_date(w):
    first = application(w, "passed")
    application(w, "passed")
    membership = Membership.objects.select_related("organisation").get(user=w.office)
    section = waiting_section(w.office, membership)
    assert section.items[0].url.endswith(f"/{first.pk}/")
    assert section.items[0].due_on == date(2023, 7, 20)


def test_date_inputs_are_prefilled_in_iso_and_follow_titles_today(client, w, settings):
    """Regression: ``<input type=date>`` was rendered with the Chinese input format (2023/07/17), which browsers
    show as empty, and the review pages ignored ``WUHAI_TODAY`` (the committee pages read it)."""
    settings.WUHAI_TODAY = "2023-07-10"
    app = application(w, "dept_review")
    client.force_login(w.dept)
    page = client.get(reverse("titles:review_detail", args=[app.pk])).content.decode()
    assert 'name="correction_notice_issue-deadline" value="2023-07-17"' in page  # 5 working days (FLOW-02/04)
    application(w, "unit_review")
    client.force_login(w.unit_hr)
    page = client.get(reverse("titles:unit_publicity")).content.decode()
    assert 'name="starts_on" value="2023-07-03"' not in page
    assert 'name="starts_on" value="2023-07-10"' in page and 'id="publicity-ends-on">2023-07-14<' in page


# --- FLOW-03: the office closes its result publicity from the page ----------------------------------------------


def test_result_publicity_page_offers_close_to_its_office_after_the_last_day(client, w, settings):
    apps = [application(w, "passed")]
    batch = wf.result_publicity_start(applications=apps, actor=w.office, starts_on=date(2023, 7, 3),
                                      today=date(2023, 7, 3))  # fmt: skip
    url = reverse("titles:result_publicity")
    client.force_login(w.office)
    settings.WUHAI_TODAY = "2023-07-07"  # the last day: not yet
    page = client.get(url).content.decode()
    assert f'data-publicity="{batch.publicity.pk}"' not in page and "公示期满后可结束" in page
    settings.WUHAI_TODAY = "2023-07-10"
    page = client.get(url).content.decode()
    assert f'data-publicity="{batch.publicity.pk}"' in page
    client.force_login(w.other_office)
    assert client.post(reverse("titles:publicity_close", args=[batch.publicity.pk])).status_code == 403
    client.force_login(w.office)
    response = client.post(reverse("titles:publicity_close", args=[batch.publicity.pk]), {"next": url}, follow=True)
    assert "公示已结束" in response.content.decode()
    batch.publicity.refresh_from_db()
    assert batch.publicity.state == "closed"


def test_result_publicity_page_hides_close_while_a_complaint_is_open(client, w, settings):
    batch = wf.result_publicity_start(applications=[application(w, "passed")], actor=w.office,
                                      starts_on=date(2023, 7, 3), today=date(2023, 7, 3))  # fmt: skip
    wf.result_complaint_raise(application=batch.applications[0], actor=w.office, kind="process", content="程序违规",
                              raised_on=date(2023, 7, 4))  # fmt: skip
    settings.WUHAI_TODAY = "2023-07-10"
    client.force_login(w.office)
    page = client.get(reverse("titles:result_publicity")).content.decode()
    assert f'data-publicity="{batch.publicity.pk}"' not in page and "处理后方可结束公示" in page
    client.post(reverse("titles:publicity_close", args=[batch.publicity.pk]))
    batch.publicity.refresh_from_db()
    assert batch.publicity.state == "open"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example", "/\\evil.example", "http://testserver/titles/"]
)
def test_publicity_close_refuses_an_outside_next_url(client, w, target):
    from tests.titles.workflow_world import ended_publicity

    publicity = ended_publicity(w.unit)
    client.force_login(w.unit_hr)
    response = client.post(reverse("titles:publicity_close", args=[publicity.pk]), {"next": target})
    assert response.status_code == 302 and response["Location"] == reverse("titles:unit_publicity")


def test_publicity_close_follows_a_local_next_path(client, w):
    from tests.titles.workflow_world import ended_publicity

    publicity = ended_publicity(w.unit)
    client.force_login(w.unit_hr)
    target = reverse("titles:review_list") + "?page=1"
    response = client.post(reverse("titles:publicity_close", args=[publicity.pk]), {"next": target})
    assert response.status_code == 302 and response["Location"] == target


# --- batches ------------------------------------------------------------------------------------------------------


def test_batch_reports_ids_the_user_cannot_see_and_applies_nothing(client, w):
    mine = application(w, "dept_review")
    theirs = application(w, "dept_review", unit=w.other_unit)
    client.force_login(w.dept)
    response = client.post(reverse("titles:review_batch", args=["dept_forward"]),
                           {"applications": [mine.pk, theirs.pk], "opinion": "同意"}, follow=True)  # fmt: skip
    text = response.content.decode()
    assert "批量办理完成" not in text and f"#{theirs.pk}" in text and "无权办理" in text
    mine.refresh_from_db()
    assert mine.state == "dept_review"
    response = client.post(reverse("titles:review_batch", args=["dept_forward"]),
                           {"applications": [mine.pk], "opinion": "同意"}, follow=True)  # fmt: skip
    assert "批量办理完成：1 件" in response.content.decode()


@pytest.mark.parametrize(
    ("user_attr", "buttons"),
    [
        ("unit_hr", set()),
        ("dept", {"dept_forward"}),
        ("hr", {"dept_forward", "hr_route", "result_file"}),
        ("office", {"committee_accept"}),
    ],
)
def test_batch_buttons_only_for_roles_that_can_run_them(client, w, user_attr, buttons):
    for state in ("submitted", "dept_review", "hr_review", "result_publicity"):
        application(w, state)
    client.force_login(getattr(w, user_attr))
    page = client.get(reverse("titles:review_list")).content.decode()
    shown = {b for b in ("dept_forward", "hr_route", "committee_accept", "result_file") if f'data-batch="{b}"' in page}
    assert shown == buttons


# --- the review list: pages, due dates, fixed queries --------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_review_list_fixed_queries(client, w, django_assert_num_queries, count):
    for _ in range(count):
        application(w, "correction")
        application(w, "unit_publicity")
    client.force_login(w.dept)
    # session, user, the memberships (read once per request: scope, batch roles, navigation), count, page, open
    # correction deadlines
    with django_assert_num_queries(6):
        page = client.get(reverse("titles:review_list"))
    assert page.content.decode().count("data-application=") == 2 * count


def test_review_list_pages_and_due_dates(client, w, settings):
    from titles.views.review import REVIEW_PAGE_SIZE

    correcting = application(w, "correction")  # the notice is due 14 July 2023 (FLOW-04)
    for _ in range(REVIEW_PAGE_SIZE):
        application(w, "dept_review")
    client.force_login(w.dept)
    first = client.get(reverse("titles:review_list")).content.decode()
    assert first.count("data-application=") == REVIEW_PAGE_SIZE
    assert f'data-application="{correcting.pk}"' in first  # oldest first
    assert "2023-07-14" in first and 'rel="next"' in first
    second = client.get(reverse("titles:review_list") + "?page=2").content.decode()
    assert second.count("data-application=") == 1 and 'rel="prev"' in second


# --- words, not codes; both languages -------------------------------------------------------------------------------


def test_detail_trail_shows_labels_not_codes(client, w):
    app = application(w, "submitted")
    wf.unit_review_start(application=app, actor=w.unit_hr)
    client.force_login(w.unit_hr)
    page = client.get(reverse("titles:review_detail", args=[app.pk])).content.decode()
    trail = page[page.index('class="timeline"') :]
    assert "单位开始审核" in trail and "已提交 → 单位审核中" in trail
    assert "unit_review_start" not in trail.replace('data-transition="unit_review_start"', "")
    assert "submitted →" not in trail
    client.cookies["django_language"] = "en"
    page = client.get(reverse("titles:review_detail", args=[app.pk])).content.decode()
    trail = page[page.index('class="timeline"') :]
    assert "单位开始审核" not in trail and "单位审核中" not in trail


def test_english_home_inbox_names_series_and_next_step_in_english(client, w):
    application(w, "submitted")
    client.cookies["django_language"] = "en"
    client.force_login(w.unit_hr)
    page = client.get(reverse("home")).content.decode()
    assert "Primary and secondary school teachers" in page
    assert "中小学教师系列" not in page and "等待所在单位开始审核" not in page
    assert "待单位审核、公示、推荐的职称申报" not in page


def test_certificate_names_the_official_title_where_known(w):
    from titles.models import Series

    teacher = wf.certificate_issue(application=application(w, "filed"), actor=w.hr, today=date(2023, 7, 3))
    assert teacher.title_name == "一级教师"
    health = application(w, "filed", series=Series.objects.get(key="health"))
    assert wf.certificate_issue(application=health, actor=w.hr, today=date(2023, 7, 3)).title_name == "卫生系列中级"


# --- fixed query counts of the review pages' lists, at 2 and 12 rows -----------------------------------------------


def _pinned(client, user, url, django_assert_num_queries, queries) -> str:
    client.force_login(user)
    client.get(url)  # the session is read once before counting
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _publicities(organisation, kind, n) -> None:
    """``n`` publicities past their last day, each with an open objection (FLOW-03: not closable yet)."""
    from workflow.models import Objection, Publicity

    for i in range(n):
        p = Publicity.objects.create(kind=kind, organisation=organisation, title=f"公示{i}",
                                     starts_on=date(2023, 6, 26), ends_on=date(2023, 6, 30))  # fmt: skip
        Objection.objects.create(publicity=p, subject_label="x", raised_on=date(2023, 6, 27), content="异议")


@pytest.mark.parametrize("n", [2, 12])
def test_unit_publicity_page_has_a_fixed_query_count(client, w, settings, django_assert_num_queries, n):
    """TITLE-08: the unit's applications to publish and its publicities (with their open objections)."""
    settings.WUHAI_TODAY = "2023-07-03"
    for _ in range(n):
        application(w, "unit_review")
    _publicities(w.unit, "unit_application", n)
    html = _pinned(client, w.unit_hr, reverse("titles:unit_publicity"), django_assert_num_queries, 7)
    assert html.count('name="applications"') == n
    assert html.count("件异议或投诉未处理完毕") == n


@pytest.mark.parametrize("n", [2, 12])
def test_result_publicity_page_has_a_fixed_query_count(client, w, settings, django_assert_num_queries, n):
    """TITLE-14: the committee office's passed results to publish and its result publicities."""
    settings.WUHAI_TODAY = "2023-07-03"
    for _ in range(n):
        application(w, "passed")
    _publicities(w.organiser, "result", n)
    html = _pinned(client, w.office, reverse("titles:result_publicity"), django_assert_num_queries, 8)
    assert html.count('name="applications"') == n
    assert html.count("件异议或投诉未处理完毕") == n


def _case_with_history(w, n: int):
    """A result in publicity with ``n`` materials, signed decisions, complaints and audit records."""
    from titles.models import Material, ResultComplaint, ReviewDecision
    from workflow.audit import audit_record

    app = application(w, "result_publicity", applicant=w.applicant)
    for i in range(n):
        Material.objects.create(application=app, item="work_summary", file=f"m{i}.pdf", original_name=f"总结{i}.pdf",
                                content_type="application/pdf", size=1, sha256="0" * 64,
                                uploaded_by=w.applicant)  # fmt: skip
        ReviewDecision.objects.create(application=app, step="dept_review", decision="approve", opinion=f"同意{i}",
                                      reviewer=w.dept, reviewer_name="赵强", organisation=w.city_edu,
                                      decided_on=date(2023, 6, 1))  # fmt: skip
        complaint = ResultComplaint.objects.create(application=app, kind="process", content=f"投诉{i}",
                                                   raised_on=date(2023, 7, 1))  # fmt: skip
        complaint.routed_to.add(w.organiser, w.city_hr)
        audit_record(subject=app, transition="dept_forward", from_state="dept_review", to_state="hr_review",
                     actor=w.dept, role=Role.DEPT_REVIEWER, organisation=w.city_edu, note=f"记录{i}")  # fmt: skip
    return app


@pytest.mark.parametrize("n", [2, 12])
@pytest.mark.parametrize(("who", "queries"), [("hr", 11), ("office", 13)])
def test_review_page_has_a_fixed_query_count(client, w, django_assert_num_queries, who, queries, n):
    """The reviewer's page of one application: materials, signatures, complaints, the audit trail (FLOW-05/06)."""
    app = _case_with_history(w, n)
    url = reverse("titles:review_detail", args=[app.pk])
    html = _pinned(client, getattr(w, who), url, django_assert_num_queries, queries)
    assert html.count('href="/titles/files/materials/') == n
    assert html.count('class="complaint"') == n
    assert html.count('data-transition="dept_forward"') == n
    assert sum(f"同意{i}<" in html for i in range(n)) == n  # each signed decision


@pytest.mark.parametrize("n", [2, 12])
def test_progress_page_has_a_fixed_query_count(client, w, django_assert_num_queries, n):
    """进度查询: every step done, however many."""
    app = _case_with_history(w, n)
    url = reverse("titles:application_progress", args=[app.pk])
    html = _pinned(client, w.applicant, url, django_assert_num_queries, 5)
    timeline = html.split('<ol class="timeline">')[1].split("</ol>")[0]
    assert timeline.count('<span class="muted">记录') == n
