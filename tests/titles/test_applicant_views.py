"""Applicant pages: thin views over the services, CSRF on, uploads limited before reading, files only through the
permission-checked view (404 for others), list pages in a fixed number of queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.titles.test_application_services import create, make_applicant, make_year, pdf_bytes
from titles.models import ApplicantProfile, Application, Material
from workflow.models import Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def year():
    # The pages use the real date: open this year's window around today (no review crosses the year, TITLE-02).
    today = timezone.localdate()
    closes = min(today + timedelta(days=30), date(today.year, 12, 31))
    return make_year(today.year, closes=closes, opens=date(today.year, 1, 1))


@pytest.fixture
def user(year):
    return make_applicant()


@pytest.fixture
def client_for(client):
    def _client(u):
        client.force_login(u)
        return client

    return _client


def test_eligibility_page_lists_routes_with_their_rules(client_for, user):
    response = client_for(user).get(reverse("titles:applicant_eligibility") + "?series=engineering")
    assert response.status_code == 200
    html = response.content.decode()
    assert "我可以申报什么？" in html
    assert "WH-01" in html  # the rule cited next to the route
    assert 'data-level="deputy_senior"' in html


def test_eligibility_page_without_profile_redirects_to_profile(client_for):
    other = get_user_model().objects.create_user("nobody")
    response = client_for(other).get(reverse("titles:applicant_eligibility"))
    assert response.url == reverse("titles:applicant_profile")


def test_profile_page_wrong_check_digit_shows_message_and_saves_nothing(client_for):
    u = get_user_model().objects.create_user("new")
    from tests.titles.test_application_services import make_unit, resident_id

    unit = make_unit()
    good = resident_id(date(1985, 3, 12))
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    data = {"full_name": "李明", "gender": "male", "id_type": "resident", "id_number": bad, "birth_date": "1985-03-12",
            "unit": unit.pk, "employment": "institution", "field_matches": "on", "rural_service_years": "0"}  # fmt: skip
    for key in ("education", "work", "titles", "sanctions"):
        data.update({f"{key}-TOTAL_FORMS": "0", f"{key}-INITIAL_FORMS": "0"})
    response = client_for(u).post(reverse("titles:applicant_profile"), data)
    assert response.status_code == 200
    assert "校验位" in response.content.decode()
    assert not ApplicantProfile.objects.exists()
    data["id_number"] = good
    response = client_for(u).post(reverse("titles:applicant_profile"), data)
    assert response.status_code == 302 and ApplicantProfile.objects.filter(user=u).exists()


def test_application_new_second_same_level_message(client_for, user):
    create(user, today=None)
    response = client_for(user).post(
        reverse("titles:applicant_application_new"),
        {"series": "engineering", "level": "deputy_senior", "route": "review", "peer_letters": "0"},
    )
    assert response.status_code == 200
    assert "每人每年同一级别只能申报一次" in response.content.decode()
    assert Application.objects.count() == 1


def test_application_delete_view_removes_the_draft_and_frees_the_level_title_04(client_for, user):
    app = create(user, today=None)
    c = client_for(user)
    page = c.get(reverse("titles:applicant_application", args=[app.pk])).content.decode()
    assert 'id="delete-draft"' in page
    response = c.post(reverse("titles:applicant_application_delete", args=[app.pk]), {"confirm": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("titles:applicant_applications")
    assert "申报草稿已删除" in response.content.decode()
    assert not Application.objects.filter(pk=app.pk).exists()
    response = c.post(
        reverse("titles:applicant_application_new"),
        {"series": "engineering", "level": "deputy_senior", "route": "review", "peer_letters": "0"},
    )
    assert response.status_code == 302
    assert Application.objects.filter(applicant=user, level="deputy_senior").count() == 1


def test_draft_files_and_review_form_hidden_from_the_unit_until_submitted(client_for, user):
    app = create(user, today=None)
    material = Material.objects.create(
        application=app, item="work_summary", file="x.pdf", original_name="总结.pdf", content_type="application/pdf",
        size=1, sha256="0" * 64, uploaded_by=user,
    )  # fmt: skip
    hr = get_user_model().objects.create_user("unit-hr")
    Membership.objects.create(user=hr, organisation=app.unit, role=Role.UNIT_HR)
    c = client_for(hr)
    assert c.get(reverse("titles:application_review_form", args=[app.pk])).status_code == 404
    assert c.get(reverse("titles:material_file", args=[material.pk])).status_code == 404
    Application.objects.filter(pk=app.pk).update(state="submitted", submitted_at=timezone.now())
    assert c.get(reverse("titles:application_review_form", args=[app.pk])).status_code == 200


@pytest.mark.parametrize("rows", [1, 3])
def test_application_list_fixed_queries(client_for, year, rows, django_assert_num_queries):
    u = make_applicant()
    for level in ["deputy_senior", "intermediate", "assistant"][:rows]:
        Application.objects.create(applicant=u, unit=u.title_profile.unit, evaluation_year=year,
                                   series_id=u.title_profile.titles.first().series_id, level=level)  # fmt: skip
    c = client_for(u)
    with django_assert_num_queries(
        4
    ):  # session, user, savepoint-free page: applications with material counts + the nav
        response = c.get(reverse("titles:applicant_applications"))
    assert response.content.decode().count("<tr>") == rows + 1


def _fetch(c, material) -> int:
    response = c.get(reverse("titles:material_file", args=[material.pk]))
    if response.status_code == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert response["Content-Disposition"].startswith("attachment")
    # Consuming streaming_content closes the file through the test client's wrapper; a second close() would send
    # request_finished again and close the test's database connection (PostgreSQL).
    return response.status_code


def test_upload_view_accepts_a_pdf_and_serves_it_only_to_those_who_may_view(client_for, user):
    app = create(user, today=None)
    c = client_for(user)
    url = reverse("titles:applicant_material_upload", args=[app.pk])
    response = c.post(url, {"item": "work_summary", "file": SimpleUploadedFile("总结.pdf", pdf_bytes())})
    assert response.status_code == 302
    material = Material.objects.get()
    assert _fetch(c, material) == 200
    stranger = get_user_model().objects.create_user("stranger")
    c.force_login(stranger)
    assert _fetch(c, material) == 404
    hr = get_user_model().objects.create_user("hr")
    Membership.objects.create(user=hr, organisation=app.unit, role=Role.UNIT_HR)
    c.force_login(hr)
    assert _fetch(c, material) == 404  # a draft is the applicant's own until submitted
    Application.objects.filter(pk=app.pk).update(state="submitted", submitted_at=timezone.now())
    assert _fetch(c, material) == 200


def test_upload_view_exe_renamed_pdf_gets_a_clear_message(client_for, user):
    app = create(user, today=None)
    c = client_for(user)
    response = c.post(
        reverse("titles:applicant_material_upload", args=[app.pk]),
        {"item": "work_summary", "file": SimpleUploadedFile("setup.pdf", b"MZ" + b"\x00" * 500)},
        follow=True,
    )
    assert "不是 PDF、JPEG 或 PNG" in response.content.decode()
    assert not Material.objects.exists()


def test_upload_view_too_large_body_refused_before_reading(client_for, user, settings):
    app = create(user, today=None)
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    c = client_for(user)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024))
    response = c.post(reverse("titles:applicant_material_upload", args=[app.pk]), {"item": "work_summary", "file": big},
                      follow=True)  # fmt: skip
    assert "文件过大" in response.content.decode()
    assert not Material.objects.exists()


def test_upload_view_declared_200_mb_refused_without_reading(user, settings):
    app = create(user, today=None)
    c = Client()
    c.force_login(user)
    response = c.generic(
        "POST",
        reverse("titles:applicant_material_upload", args=[app.pk]),
        b"--x\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    assert response.status_code == 302
    assert not Material.objects.exists()


def test_upload_view_requires_csrf(user):
    app = create(user, today=None)
    c = Client(enforce_csrf_checks=True)
    c.force_login(user)
    response = c.post(reverse("titles:applicant_material_upload", args=[app.pk]),
                      {"item": "work_summary", "file": SimpleUploadedFile("a.pdf", pdf_bytes())})  # fmt: skip
    assert response.status_code == 403
    assert not Material.objects.exists()


def test_other_users_application_is_404(client_for, user):
    app = create(user, today=None)
    stranger = get_user_model().objects.create_user("s2")
    c = client_for(stranger)
    assert c.get(reverse("titles:applicant_application", args=[app.pk])).status_code == 404
    assert c.get(reverse("titles:application_review_form", args=[app.pk])).status_code == 404


def test_review_form_download(client_for, user):
    app = create(user, today=None)
    response = client_for(user).get(reverse("titles:application_review_form", args=[app.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_applicant_inbox_links_the_pages(client_for, user):
    Membership.objects.create(user=user, organisation=user.title_profile.unit, role=Role.APPLICANT)
    html = client_for(user).get(reverse("home")).content.decode()
    assert reverse("titles:applicant_eligibility") in html and "我的职称申报" in html


def test_flow_04_correction_page_offers_and_accepts_only_the_listed_item(client_for, user):
    """Regression: in state ``correction`` the application page had no upload form and the upload view did not pass
    the notice's items, so a listed item could not be corrected through the pages (FLOW-04)."""
    from titles.models import CorrectionNotice
    from titles.models.reviews import ReviewStep

    app = create(user, today=None)
    Application.objects.filter(pk=app.pk).update(state="correction", correction_used=True)
    CorrectionNotice.objects.create(
        application=app,
        step=ReviewStep.DEPT_REVIEW,
        items=[{"item": "work_summary", "label": "业绩总结", "note": "未盖章"}],
        deadline=timezone.localdate() + timedelta(days=7),
        issued_by=user,
        issued_by_name="赵强",
        organisation=user.title_profile.unit,
    )
    c = client_for(user)
    page = c.get(reverse("titles:applicant_application", args=[app.pk])).content.decode()
    assert 'id="upload-materials"' in page and 'id="progress-link"' in page
    assert 'value="work_summary"' in page and 'value="current_title"' not in page
    assert 'id="submit-application"' not in page
    url = reverse("titles:applicant_material_upload", args=[app.pk])
    c.post(url, {"item": "work_summary", "file": SimpleUploadedFile("总结.pdf", pdf_bytes())})
    response = c.post(
        url,
        {"item": "current_title", "dated_on": "2020-01-01", "file": SimpleUploadedFile("证书.pdf", pdf_bytes())},
        follow=True,
    )
    assert "一次性告知未列出此项材料" in response.content.decode()
    assert list(Material.objects.filter(application=app).values_list("item", flat=True)) == ["work_summary"]


def test_pages_read_titles_today(client_for, user, settings):
    """Regression: the applicant pages used the real date while the committee pages read ``WUHAI_TODAY``."""
    settings.WUHAI_TODAY = "2023-07-03"
    page = client_for(user).get(reverse("titles:applicant_eligibility")).content.decode()
    assert "评审年度：2023 年" in page


@pytest.mark.parametrize("files", [2, 12])
def test_application_page_lists_its_materials_in_a_fixed_query_count(client_for, year, files,
                                                                     django_assert_num_queries):  # fmt: skip
    """TITLE-05: the checklist with every uploaded file, however many: no query per material."""
    u = make_applicant()
    app = Application.objects.create(applicant=u, unit=u.title_profile.unit, evaluation_year=year,
                                     series_id=u.title_profile.titles.first().series_id, level="intermediate")  # fmt: skip
    for i in range(files):
        Material.objects.create(application=app, item="work_summary", file=f"x{i}.pdf", original_name=f"总结{i}.pdf",
                                content_type="application/pdf", size=1, sha256="0" * 64, uploaded_by=u)  # fmt: skip
    c = client_for(u)
    url = reverse("titles:applicant_application", args=[app.pk])
    c.get(url)
    with django_assert_num_queries(14):
        html = c.get(url).content.decode()
    assert sum(f"总结{i}.pdf" in html for i in range(files)) == files
