"""Doc A attachments 1, 2 and 5 as PDF (Chinese headings and the numbers, read back with pdf_text), attachment 2 as
.xlsx (round trip through scheme_io and the import page: per-cell errors, nothing half-saved, size/type checks)."""

from __future__ import annotations

import io
import re
from datetime import UTC, date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from posts import documents, scheme_io
from posts.models import Scheme
from posts.selectors import scheme_reviews, unit_scheme
from posts.services import (
    scheme_appointed_record,
    scheme_create,
    scheme_dept_approve,
    scheme_file,
    scheme_submit,
    special_post_dept_approve,
    special_post_request,
)
from workflow.documents import pdf_text

from .factories import CITY_OK, MANAGEMENT, WORKER, world

pytestmark = pytest.mark.django_db

TODAY = date(2024, 3, 1)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def w():
    return world()


@pytest.fixture
def filed(w):
    scheme = scheme_create(unit=w.unit, actor=w.unit_hr, professional=CITY_OK, management=MANAGEMENT, worker=WORKER,
                           quota_full_senior=4, today=TODAY)  # fmt: skip
    scheme_submit(scheme=scheme, actor=w.unit_hr, today=TODAY)
    scheme_dept_approve(scheme=scheme, actor=w.dept, opinion="结构比例符合要求，同意", today=TODAY)
    scheme = scheme_file(scheme=scheme, actor=w.city_officer, opinion="同意备案", today=TODAY)
    # 在聘人数: professional grade 6 is full (9 of 9), grade 8 over by 2; management and worker not recorded.
    return scheme_appointed_record(scheme=scheme, actor=w.unit_hr,
                                   appointed={"professional": {**CITY_OK, "8": 15}})  # fmt: skip


@pytest.fixture
def special(w, filed):
    post = special_post_request(
        unit=w.unit, actor=w.unit_hr, category="professional", grade=6, post_name="学科带头人（物理）",
        reasons="引进自治区草原英才，六级岗位已满员", holder_name="高远", holder_gender="男",
        holder_birth_date=date(1979, 3, 1), holder_retirement_date=date(2039, 3, 1), holder_title="正高级教师",
        holder_previous_post="物理教师", term_start=TODAY, today=TODAY, holder_work_start=date(2001, 7, 1),
        holder_education="研究生（博士）", holder_graduation=date(2001, 6, 30), holder_previous_employer="包头市第一中学",
        holder_previous_category="professional", holder_previous_grade=7,
    )  # fmt: skip
    return special_post_dept_approve(post=post, actor=w.dept, opinion="确有必要，同意设置", today=TODAY)


def test_filing_form_attachment2_headings_and_numbers(filed):
    pdf = documents.filing_form_pdf(filed, reviews=scheme_reviews(filed), today=TODAY)
    assert pdf.startswith(b"%PDF")
    text = _flat(pdf_text(pdf))
    for heading in ("内蒙古自治区事业单位岗位设置备案表", "单位岗位总量", "管理岗位", "专业技术岗位", "工勤技能岗位",
                    "特设岗位", "审核意见", "主管部门审核意见", "人事综合管理部门意见", "填表说明", "普通工"):  # fmt: skip
        assert heading in text, heading
    assert "乌海市第一中学" in text
    assert "2024年3月1日" in text
    # 管理 10, 专业技术 100, 工勤 5 → 8.7% / 87.0% / 4.3% of 115; 高级 25 = 25.0%, 中级 45 = 45.0%
    assert "8.7%" in text and "87.0%" in text and "4.3%" in text
    assert "25.0%" in text and "45.0%" in text
    assert "结构比例符合要求，同意" in text and "同意备案" in text


def test_filing_form_context_shares_are_within_the_level(filed):
    context = documents.filing_form_context(filed, today=TODAY)
    grade5 = next(g for g in context["professional_grades"] if g["label"] == "五")
    assert grade5 == {"label": "五", "count": 4, "share": "18.2%"}  # 4 of 副高 22
    assert [c["count"] for c in context["categories"]] == [10, 100, 5, 0]
    assert context["all_posts"] == 115


def test_summary_form_attachment5_with_appointments(w, filed, special):
    from posts.services import special_post_activate, special_post_hr_approve

    special_post_hr_approve(post=special, actor=w.city_officer, opinion="核准", today=TODAY)
    special = special_post_activate(post=special, actor=w.unit_hr)
    context = documents.summary_form_context(filed, special_posts=[special])
    grade8 = next(r for r in context["rows"] if r.get("grade") == "八级" and r.get("category") is None
                  and r["set"] == 13)  # fmt: skip
    assert grade8["appointed"] == 15 and grade8["balance"] == -2
    assert "退二补一" in grade8["note"]  # 2 over 13 = 15.4 % > 10 % (POST-12)
    management_total = next(r for r in context["rows"] if r.get("total") == "管理岗位合计")
    assert management_total["set"] == 10 and management_total["appointed"] is None  # not recorded → blank
    assert context["special_count"] == 1
    assert context["people"] is None  # management and worker appointments not recorded: 实有人数 stays blank
    pdf = documents.summary_form_pdf(filed, special_posts=[special])
    text = _flat(pdf_text(pdf))
    for heading in ("事业单位岗位设置与聘用情况总表", "岗位核定数量", "现聘岗位数量", "岗位余额数量", "管理岗位合计",
                    "专业技术岗位合计", "工勤技能岗位合计", "岗位总数", "双肩挑人数", "特设岗数量"):  # fmt: skip
        assert heading in text, heading
    assert "市教育局" in text and "2024年3月1日" in text
    assert "退二补一" in text


def test_special_post_form_attachment1(special):
    pdf = documents.special_post_form_pdf(special, reviews=special.reviews.all(), today=TODAY)
    text = _flat(pdf_text(pdf))
    for heading in ("内蒙古自治区事业单位特设岗位设置审核表", "岗位基本情况", "岗位类别", "岗位名称", "岗位等级",
                    "岗位设置时限", "设置原因", "聘用人员情况", "原聘岗位类别", "主管部门意见", "人事综合管理部门意见",
                    "填表说明"):  # fmt: skip
        assert heading in text, heading
    assert "学科带头人（物理）" in text and "六级" in text and "高远" in text
    assert "开始时间：2024年3月1日" in text and "终止时间：2027年3月1日" in text
    assert "确有必要，同意设置" in text
    # The holder's data of attachment 1, each in its cell (参加工作时间 … 原聘岗位等级).
    assert "2001.07" in text and "研究生（博士）" in text and "2001.06" in text and "包头市第一中学" in text
    assert "专业技术岗位" in text and "物理教师" in text and "七级" in text


def test_special_post_form_report_date_is_the_request_day_on_the_clock(w, filed):
    """报表日期 is the day of the request on the process clock (its audit record), not the row's creation time."""
    from workflow import clock

    with clock.at(date(2024, 3, 2)):
        post = special_post_request(
            unit=w.unit, actor=w.unit_hr, category="professional", grade=6, post_name="p", reasons="r",
            holder_name="h", holder_birth_date=date(1979, 3, 1), holder_retirement_date=date(2039, 3, 1),
            term_start=TODAY, today=TODAY,
        )  # fmt: skip
    assert documents.special_post_form_context(post)["report_date"] == date(2024, 3, 2)
    assert "2024年3月2日" in _flat(pdf_text(documents.special_post_form_pdf(post)))


def test_special_post_form_report_date_without_audit_is_the_local_day(w):
    """23:30 UTC on 1 March is 07:30 on 2 March in Wuhai (Asia/Shanghai): the form prints 2 March."""
    from datetime import datetime

    from posts.models import SpecialPost

    post = SpecialPost(
        unit=w.unit, category="professional", grade=6, created_at=datetime(2024, 3, 1, 23, 30, tzinfo=UTC)
    )
    assert documents.request_date(post) == date(2024, 3, 2)


@pytest.mark.parametrize(
    ("who", "status"),
    [("unit_hr", 200), ("dept", 200), ("city_officer", 200), ("other_unit_hr", 404), ("district_officer", 404)],
)
@pytest.mark.parametrize("name", ["scheme_filing_pdf", "scheme_summary_pdf", "scheme_xlsx"])
def test_scheme_downloads_by_role(client, w, filed, who, status, name):
    client.force_login(getattr(w, who))
    response = client.get(reverse(f"posts:{name}", args=[filed.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] in ("application/pdf", XLSX)


@pytest.mark.parametrize(
    ("who", "status"),
    [("unit_hr", 200), ("dept", 200), ("city_officer", 200), ("other_unit_hr", 404), ("other_dept", 404),
     ("district_officer", 404)],
)  # fmt: skip
@pytest.mark.parametrize("name", ["special_post_detail", "special_post_pdf"])
def test_special_post_pages_by_role(client, w, special, who, status, name):
    client.force_login(getattr(w, who))
    assert client.get(reverse(f"posts:{name}", args=[special.pk])).status_code == status


def test_special_post_pages_need_login(client, special):
    response = client.get(reverse("posts:special_post_pdf", args=[special.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


# ------------------------------------------------------------------------------------------------------- .xlsx


def test_xlsx_export_reads_back_through_scheme_io(client, w, filed, tmp_path):
    client.force_login(w.unit_hr)
    response = client.get(reverse("posts:scheme_xlsx", args=[filed.pk]))
    path = tmp_path / "a2.xlsx"
    path.write_bytes(response.content)
    (unit,) = scheme_io.read_workbook(path)
    assert unit == unit_scheme(filed)


def _workbook(scheme, **changes) -> bytes:
    """Attachment 2 of ``scheme`` with cells changed (e.g. C15="x")."""
    from openpyxl import load_workbook

    data = documents.scheme_workbook(scheme)
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    for cell, value in changes.items():
        sheet[cell] = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def draft(w):
    return scheme_create(unit=w.unit, actor=w.unit_hr, professional=CITY_OK, management=MANAGEMENT, worker=WORKER)


def _upload(client, scheme, content: bytes, name="a2.xlsx", content_type=XLSX):
    return client.post(
        reverse("posts:scheme_import", args=[scheme.pk]),
        {"file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def test_xlsx_round_trip_through_the_import_page(client, w, draft):
    client.force_login(w.unit_hr)
    # The attachment-2 cells: professional grade 7 (H15, grades 二…十三 in C…N) 9 → 13; management grade 5 (E9,
    # grades 三…十 in C…J) 1 → 2; 正高 total (B30, below the form) 4
    content = _workbook(draft, H15=13, E9=2, B30=4)
    response = _upload(client, draft, content)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.professional["7"] == 13 and draft.management["5"] == 2 and draft.quota_full_senior == 4
    export = client.get(reverse("posts:scheme_xlsx", args=[draft.pk])).content
    assert _upload(client, draft, export).status_code == 302
    draft.refresh_from_db()
    assert draft.professional["7"] == 13


def test_xlsx_import_reports_every_bad_cell_and_saves_nothing(client, w, draft):
    client.force_login(w.unit_hr)
    content = _workbook(draft, H15="十三", E9=-1, D15=2.5)
    response = _upload(client, draft, content)
    text = response.content.decode()
    assert response.status_code == 400
    assert "导入失败，未作任何修改" in text
    for cell in ("!E9", "!H15", "!D15"):
        assert cell in text, cell
    draft.refresh_from_db()
    assert draft.professional == CITY_OK and draft.management == MANAGEMENT


def test_xlsx_import_refuses_another_units_sheet(client, w, draft):
    client.force_login(w.unit_hr)
    response = _upload(client, draft, _workbook(draft, B3="乌海市人民医院"))
    assert response.status_code == 400 and "与本方案的单位" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        ("a2.csv", b"PK\x03\x04....", "text/csv", "扩展名不被接受：应为 .xlsx"),
        ("a2.xlsx", b"not a zip at all", XLSX, "不是 .xlsx 工作簿"),
        ("a2.xlsx", b"PK\x03\x04" + b"0" * (3 * 1024 * 1024), XLSX, "文件过大"),
        ("a2.xlsx", b"PK\x03\x04....", "image/png", "不是 Excel 工作簿"),
    ],
)
def test_xlsx_upload_type_and_size_checked(client, w, draft, name, content, content_type, message):
    client.force_login(w.unit_hr)
    response = _upload(client, draft, content, name=name, content_type=content_type)
    assert response.status_code == 400 and message in response.content.decode()


def test_xlsx_import_by_department_forbidden(client, w, draft):
    client.force_login(w.dept)
    assert _upload(client, draft, _workbook(draft)).status_code == 403


def test_xlsx_import_refused_on_a_filed_scheme(client, w, filed):
    content = _workbook(filed)
    client.force_login(w.unit_hr)
    response = _upload(client, filed, content)
    assert response.status_code == 302 and Scheme.objects.get(pk=filed.pk).state == Scheme.State.FILED


@pytest.mark.parametrize("kind", ["billion_laughs", "external_entity", "truncated"])
def test_xlsx_import_hostile_sheet_xml_refused_400(client, w, draft, tmp_path, kind):
    """A DTD in the sheet XML (entity expansion, file:///etc/hostname) or a truncated sheet is refused with the
    form's error message — never a 500 — and nothing is saved."""
    from posts.selectors import unit_scheme
    from tests.posts.hostile import hostile_workbook

    path = hostile_workbook(tmp_path, kind, [unit_scheme(draft)])
    client.force_login(w.unit_hr)
    response = _upload(client, draft, path.read_bytes())
    assert response.status_code == 400
    assert "无法读取工作簿" in response.content.decode()
    draft.refresh_from_db()
    assert draft.professional == CITY_OK


def test_xlsx_export_is_laid_out_like_attachment2(draft):
    """The form's own cells: header row (单位全称 … 现有人数), 单位岗位总量 with 比例 and 数量, 层级 高级/中级/初级,
    the 等级 rows, 审核意见 and 填表说明."""
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(documents.scheme_workbook(draft))).worksheets[0]
    cells = {ref: sheet[ref].value for ref in ("A1", "A3", "F3", "H3", "J3", "L3", "N3", "A4", "C5", "C6", "D4",
                                               "G4", "A7", "C7", "J7", "A10", "B10", "C10", "I10", "L10", "B11",
                                               "C13", "N13", "A16", "C16", "H16", "A20", "B20", "H20", "A22")}  # fmt: skip
    assert cells == {
        "A1": "内蒙古自治区事业单位岗位设置备案表", "A3": "单位全称", "F3": "机构规格", "H3": "经费形式",
        "J3": "公益类型", "L3": "编制总数", "N3": "现有人数", "A4": "单位岗位总量", "C5": "比例", "C6": "数量",
        "D4": "管理岗位", "G4": "特设岗位", "A7": "管理岗位", "C7": "三", "J7": "十", "A10": "专业技术岗位",
        "B10": "层级", "C10": "高 级", "I10": "中 级", "L10": "初 级", "B11": "比例", "C13": "二", "N13": "十三",
        "A16": "工勤技能岗位", "C16": "技术工", "H16": "普通工", "A20": "审核意见", "B20": "主管部门审核意见",
        "H20": "人事综合管理部门意见", "A22": "填表说明",
    }  # fmt: skip
    assert sheet["E6"].value == sum(CITY_OK.values()) and sheet["H15"].value == CITY_OK["7"]


def test_people_count_is_every_appointment_plus_special_holders(w, filed, special):
    """实有人数 / 现有人数: all recorded 在聘人数 (management, professional, worker) plus active special-post holders —
    on attachment 5 and in attachment 2's 现有人数 cell."""
    from posts.services import scheme_appointed_record, special_post_activate, special_post_hr_approve

    special_post_hr_approve(post=special, actor=w.city_officer, opinion="核准", today=TODAY)
    special = special_post_activate(post=special, actor=w.unit_hr)
    professional = {**CITY_OK, "8": 15}
    filed = scheme_appointed_record(scheme=filed, actor=w.unit_hr, appointed={
        "professional": professional, "management": {"5": 1, "6": 2}, "worker": {"general": 3}})  # fmt: skip
    expected = sum(professional.values()) + 3 + 3 + 1
    assert documents.summary_form_context(filed, special_posts=[special])["people"] == expected
    assert documents.filing_form_context(filed, special_posts=[special])["people"] == expected
    text = _flat(pdf_text(documents.filing_form_pdf(filed, special_posts=[special], today=TODAY)))
    assert f"现有人数{expected}" in text
