"""Official documents of committees and meetings: 职称评审实施方案备案表 (CMTE-02), the minutes (CMTE-04), the
result filing report (TITLE-15) and Doc B attachment 3, 专业技术资格花名册 (.xlsx and PDF).

``titles/documents.py`` (another module) may provide the attachment-3 roster too; until it does, the roster of a
meeting's passed applicants is rendered here (``roster_xlsx`` / ``roster_pdf`` take a list of applications).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from titles.selectors.committees import meeting_sheet  # noqa: E402
from workflow.documents import render_pdf

ROSTER_COLUMNS = (
    "序号",
    "单位所属",
    "工作单位",
    "姓名",
    "性别",
    "民族",
    "身份证号",
    "出生年月",
    "学历",
    "毕业院校及时间",
    "所学专业",
    "现有资格及取得时间",
    "现从事专业",
    "资格等级",
    "申报资格名称",
    "申报专业",
    "联系电话",
    "备注",
)
BELONGS_LABEL = {"city": "市直", "haibowan": "海勃湾区", "hainan": "海南区", "wuda": "乌达区"}


def roster_rows(applications: Sequence) -> list[list[str]]:
    """Doc B att. 3 rows. Personal fields the application does not hold yet (gender, ID…) stay blank."""
    rows = []
    for i, app in enumerate(applications, start=1):
        applicant = app.applicant
        rows.append(
            [
                str(i),
                BELONGS_LABEL.get(app.unit.jurisdiction, app.unit.jurisdiction),
                app.unit.name,
                applicant.get_full_name() or applicant.get_username(),
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                app.specialty.name_zh if app.specialty_id else app.series.name_zh,
                app.get_level_display(),
                f"{app.series.name_zh}{app.get_level_display()}",
                app.specialty.name_zh if app.specialty_id else "",
                "",
                f"评委会通过日期 {app.effective_on}" if app.effective_on else "",
            ]
        )
    return rows


def roster_title(year: int, level: str = "", series: str = "") -> str:
    return f"乌海市{year}年申报{level}级专业技术资格花名册（{series}系列）"


def roster_xlsx(applications: Sequence, *, year: int, level: str = "", series: str = "", unit: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "花名册"
    ws.append([roster_title(year, level, series)])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(ROSTER_COLUMNS))
    ws["A1"].font = Font(size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([f"报送单位：{unit}", "", "", "", "报送人：", "", "", "", "联系电话："])
    ws.append(list(ROSTER_COLUMNS))
    for row in roster_rows(applications):
        ws.append(row)
    ws.append(["备注：“单位所属”此列为“市直”、“海勃湾区”、“乌达区”、“海南区”等。"])
    for col, width in zip(
        "ABCDEFGHIJKLMNOPQR", (6, 10, 24, 10, 6, 6, 20, 10, 8, 18, 12, 18, 12, 10, 18, 12, 12, 20), strict=True
    ):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def roster_pdf(applications: Sequence, *, year: int, level: str = "", series: str = "", unit: str = "") -> bytes:
    return render_pdf(
        "pdf/committee_roster.html",
        {
            "title": roster_title(year, level, series),
            "columns": ROSTER_COLUMNS,
            "rows": roster_rows(applications),
            "unit": unit,
        },
    )


def plan_filing_pdf(meeting) -> bytes:
    """职称评审实施方案备案表 (CMTE-02): applicants, time, place, composition, procedure, measures, roster, judges."""
    return render_pdf("pdf/committee_plan_filing.html", {"sheet": meeting_sheet(meeting)})


def minutes_pdf(meeting) -> bytes:
    """评审会议纪要 (CMTE-04): attendance, applicants reviewed, recusals, tallies and outcomes."""
    return render_pdf("pdf/committee_minutes.html", {"sheet": meeting_sheet(meeting)})


def meeting_roster(meeting) -> tuple[list, dict]:
    sheet = meeting_sheet(meeting)
    passed = [row.application for row in sheet.rows if row.entry.passed]
    committee = meeting.committee
    return passed, {
        "year": meeting.meets_on.year,
        "series": committee.series.name_zh,
        "level": "、".join(sorted({a.get_level_display() for a in passed})) if passed else "",
        "unit": committee.organiser.name,
    }
