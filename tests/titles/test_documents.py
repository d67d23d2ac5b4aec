"""评审表 (A4), 送审表 (A3) and the Doc B attachment-3 roster (.xlsx, PDF), read back."""

from __future__ import annotations

import io

import pytest

from tests.titles.test_application_services import create, fill_materials, make_applicant, make_year
from titles.documents import ROSTER_HEADERS, review_form_pdf, roster_pdf, roster_rows, roster_xlsx, submission_form_pdf
from workflow.documents import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def apps():
    make_year()
    result = []
    for i, name in enumerate(("李明", "王芳", "赵强")):
        user = make_applicant(f"d{i}", full_name=name, sequence=f"3{i}1")
        result.append(create(user))
    return result


def test_title_05_review_form_pdf_is_filled_in_chinese(apps):
    user = apps[0].applicant
    fill_materials(user, apps[0])
    text = pdf_text(review_form_pdf(apps[0]))
    assert "专业技术职务任职资格评审表" in text
    assert "李明" in text and "工程系列副高级" in text
    assert "一式 2 份" in text  # senior: 2 copies (TITLE-05)
    assert "继续教育审验卡" in text


def test_title_05_review_form_prints_the_route_in_words_with_the_rule_id_beside_it(apps):
    text = pdf_text(review_form_pdf(apps[0]))
    assert "申报依据" in text and "按职称层级逐级申报评审" in text and "WH-01" in text
    assert "依据规则" not in text
    submission = pdf_text(submission_form_pdf(apps[0]))
    assert "按职称层级逐级申报评审" in submission


def test_title_05_submission_form_is_a3_with_15_copies_for_senior(apps):
    from pypdf import PdfReader

    data = submission_form_pdf(apps[0])
    assert "一式 15 份" in pdf_text(data)
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert round(float(box.width)) == 1191 and round(float(box.height)) == 842  # A3 landscape in points


def test_roster_rows_follow_attachment_3(apps, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        rows = roster_rows(apps)
    assert len(rows) == 3 and all(len(r) == len(ROSTER_HEADERS) for r in rows)
    first = rows[0]
    assert first[1] == "市直" and first[3] == "李明" and first[4] == "男"
    assert first[13] == "副高级" and first[14] == "工程系列副高级"


def test_roster_queries_do_not_grow_with_rows(apps, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        roster_rows(apps[:1])
    with django_assert_num_queries(len(one.captured_queries)):
        roster_rows(apps)


def test_roster_xlsx_has_the_title_headers_and_rows(apps):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(roster_xlsx(apps, submitter_unit="乌海市测试中心", submitter="王芳", phone="123")))
    ws = wb.active
    assert "专业技术资格花名册" in ws["A1"].value and "2025" in ws["A1"].value
    assert [c.value for c in ws[3]] == list(ROSTER_HEADERS)
    assert ws["D4"].value == "李明" and ws["D6"].value == "赵强"


def test_roster_pdf_reads_back(apps):
    text = pdf_text(roster_pdf(apps))
    assert "专业技术资格花名册" in text and "赵强" in text


def _cell_lines(document) -> dict[str, int]:
    """Text of each table cell of a laid-out WeasyPrint document → its number of lines."""
    from weasyprint.formatting_structure import boxes

    def text(box):
        return "".join(b.text for b in box.descendants() if isinstance(b, boxes.TextBox))

    lines = {}
    for page in document.pages:
        for box in page._page_box.descendants():
            if isinstance(box, boxes.TableCellBox):
                lines[text(box)] = sum(1 for b in box.descendants() if isinstance(b, boxes.LineBox))
    return lines


def test_roster_pdf_keeps_every_column_of_attachment_3_with_id_numbers_and_phones_on_one_line(apps):
    """Fixed column widths (ROSTER_PDF_WIDTHS_MM, the landscape page's 281 mm, ``table-layout: fixed``): every
    official header in its order, and the longest values — the 18-character ID number, the 11-digit phone — are
    never broken across lines."""
    from django.template.loader import render_to_string
    from pypdf import PdfReader
    from weasyprint import HTML

    from titles.documents import ROSTER_PDF_WIDTHS_MM
    from workflow.documents import pdf_fonts

    data = roster_pdf(apps)
    flat = pdf_text(data).replace("\n", "")
    assert all(header in flat for header in ROSTER_HEADERS)
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert round(float(box.width)) == 842 and round(float(box.height)) == 595  # A4 landscape in points
    assert len(ROSTER_PDF_WIDTHS_MM) == len(ROSTER_HEADERS) and sum(ROSTER_PDF_WIDTHS_MM) == 281

    fonts = pdf_fonts()
    first = roster_rows(apps)[0]
    rows = roster_rows(apps) + [[*first[:6], "15030219800101999X", *first[7:16], "13804731234", first[17]]]
    html = render_to_string("pdf/titles_roster.html", {"CJK_FONTS": fonts.families, "CJK_FONT_FACE": fonts.font_face,
                            "title": "花名册", "headers": ROSTER_HEADERS, "widths": ROSTER_PDF_WIDTHS_MM, "rows": rows})  # fmt: skip
    lines = _cell_lines(HTML(string=html).render())
    assert [h for h in ROSTER_HEADERS if h not in lines] == []
    for row in rows:
        assert len(row[6]) == 18 and lines[row[6]] == 1, row[6]
        assert lines[row[3]] == 1 and (not row[16] or lines[row[16]] == 1)
    assert lines["13804731234"] == 1
