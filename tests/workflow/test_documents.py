from datetime import date

import pytest

from workflow.documents import cjk_font_available, pdf_text, render_pdf
from workflow.models import Organisation
from workflow.services import publicity_start

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(not cjk_font_available(), reason="no CJK font: run make (installs fonts-wqy-microhei)")
def test_FLOW_03_publicity_notice_pdf_shows_chinese_text_and_the_computed_period():
    unit = Organisation.objects.create(kind="unit", code="u", name="乌海市第一中学", jurisdiction="city")
    publicity = publicity_start(
        organisation=unit,
        kind="unit_application",
        title="2023年度专业技术职务任职资格申报公示",
        starts_on=date(2023, 9, 27),
        content="以下人员申报中小学教师系列中级职称。",
    )
    data = render_pdf(
        "pdf/publicity_notice.html",
        {"publicity": publicity, "headers": ["姓名", "申报级别"], "rows": [["李明", "一级教师"]]},
    )
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "专业技术职务任职资格申报公示" in text
    assert "2023年9月27日 至 2023年10月9日" in text
    assert "李明" in text and "一级教师" in text
