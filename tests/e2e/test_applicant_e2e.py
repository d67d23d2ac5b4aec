"""An applicant fills and submits an application in the browser, in Chinese, with uploads (a renamed .exe is
refused with a clear message), and downloads the 评审表 PDF. Screenshots: e2e-screenshots/titles-applicant-*."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.titles.test_application_services import pdf_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    from titles.demo import seed as titles_seed
    from workflow.demo import seed as workflow_seed

    workflow_seed()
    return titles_seed()


def _upload(page, item: str, path, dated: str | None):
    page.select_option("#id_item", item)
    page.set_input_files("#id_file", str(path))
    if dated:
        page.fill("#id_dated_on", dated)
    page.click("form[enctype] button[type=submit]")
    page.wait_for_load_state("load")


def test_applicant_checks_eligibility_uploads_submits_and_downloads_the_review_form(
    page, phone, login, live_server, shoot, demo, tmp_path
):
    scan = tmp_path / "扫描件.pdf"
    scan.write_bytes(pdf_bytes(2))
    fake = tmp_path / "setup.pdf"
    fake.write_bytes(b"MZ\x90\x00" + b"\x00" * 4000)  # a Windows program renamed .pdf
    dated = (timezone.localdate() - timedelta(days=60)).isoformat()

    login(page, "applicant")
    page.click("text=我可以申报什么？")
    page.wait_for_selector("h1:has-text('我可以申报什么？')")
    assert page.locator("[data-level=deputy_senior] .route").count() >= 1
    assert "WH-01" in page.locator("[data-level=deputy_senior]").inner_text()
    shoot(page, "titles-applicant-01-eligibility")
    login(phone, "applicant")
    phone.goto(page.url)
    shoot(phone, "titles-applicant-01-eligibility-phone")

    page.click("text=我的申报")
    page.click("td a:has-text('中小学教师系列')")
    page.wait_for_selector("text=送评材料目录（TITLE-05）")
    shoot(page, "titles-applicant-02-draft")

    _upload(page, "work_summary", fake, None)
    assert "不是 PDF、JPEG 或 PNG" in page.locator(".messages").inner_text()
    shoot(page, "titles-applicant-03-exe-refused")

    page.click("#submit-application")
    page.wait_for_load_state("load")
    assert "还缺少以下材料" in page.locator(".messages").inner_text()

    for item, needs_date in [
        ("continuing_education", True),
        ("current_title", True),
        ("annual_assessments", True),
        ("achievements", True),
        ("work_summary", False),
        ("qualifications", True),
    ]:
        _upload(page, item, scan, dated if needs_date else None)
        assert "材料已上传" in page.locator(".messages").inner_text(), item
    shoot(page, "titles-applicant-04-materials")
    # On a phone the materials table stacks: an item's name takes the row's width, not one character per line.
    phone.goto(page.url)
    name = phone.locator("tr[data-item=continuing_education] td.item-name").bounding_box()
    assert name["width"] > 300, name
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(phone, "titles-applicant-04-materials-phone")

    page.click("#submit-application")
    page.wait_for_load_state("load")
    assert "申报已提交" in page.locator(".messages").inner_text()
    assert page.locator("[data-state=submitted]").count() == 1
    shoot(page, "titles-applicant-05-submitted")

    with page.expect_download() as download_info:
        page.click("text=下载评审表（PDF）")
    path = download_info.value.path()
    from workflow.documents import pdf_text

    with open(path, "rb") as downloaded:
        text = pdf_text(downloaded.read())
    assert "专业技术职务任职资格评审表" in text and "李明" in text

    phone.goto(page.url)
    shoot(phone, "titles-applicant-06-submitted-phone")
