"""Official documents of committees and meetings: 职称评审实施方案备案表 (CMTE-02), the minutes (CMTE-04) and the
result filing report (正式核准备案报告, TITLE-15).

The Doc B attachment-3 roster 专业技术资格评审通过人员花名册 has ONE implementation, ``titles.documents``
(``roster_xlsx`` / ``roster_pdf``, personal columns from the applicant profile); ``meeting_roster`` only chooses a
meeting's passed applicants and the title's year, level and series for it.
"""

from __future__ import annotations

from titles import documents
from titles.selectors.committees import meeting_sheet
from workflow.documents import render_pdf


def plan_filing_pdf(meeting) -> bytes:
    """职称评审实施方案备案表 (CMTE-02): applicants, time, place, composition, procedure, measures, roster, judges."""
    return render_pdf("pdf/committee_plan_filing.html", {"sheet": meeting_sheet(meeting)})


def minutes_pdf(meeting) -> bytes:
    """评审会议纪要 (CMTE-04): attendance, applicants reviewed, recusals, opinions, tallies, outcomes, deferrals."""
    return render_pdf("pdf/committee_minutes.html", {"sheet": meeting_sheet(meeting)})


def filing_report_pdf(meeting) -> bytes:
    """正式核准备案报告 (TITLE-15, Doc B §六(一)6): the review, the result publicity and the complaints handled in it,
    the report text the office filed, and the passed applicants (the roster is attached separately)."""
    from titles.models import ResultComplaint
    from titles.services.committees import result_publicity_of, results_filing_deadline

    sheet = meeting_sheet(meeting)
    complaints = list(
        ResultComplaint.objects.filter(application__docket_entries__meeting=meeting)
        .select_related("application__applicant")
        .order_by("pk")
        .distinct()
    )
    return render_pdf(
        "pdf/committee_filing_report.html",
        {
            "sheet": sheet,
            "publicity": result_publicity_of(meeting),
            "complaints": complaints,
            "deadline": results_filing_deadline(sheet.meeting),
        },
    )


def meeting_roster(meeting, *, submitter: str = "") -> tuple[list, dict]:
    """The passed applicants of ``meeting`` in docket order and the keyword arguments of ``titles.documents``'s
    ``roster_xlsx`` / ``roster_pdf`` (year of the meeting, the level when all share one, the committee's series)."""
    sheet = meeting_sheet(meeting)
    passed = [row.application for row in sheet.rows if row.entry.passed]
    levels = {a.level for a in passed}
    committee = sheet.committee
    return passed, {
        "year": meeting.meets_on.year,
        "level": levels.pop() if len(levels) == 1 else None,
        "series": committee.series.name_zh,
        "submitter_unit": committee.organiser.name,
        "submitter": submitter,
    }


def roster_xlsx(meeting, *, submitter: str = "") -> bytes:
    passed, meta = meeting_roster(meeting, submitter=submitter)
    return documents.roster_xlsx(passed, **meta)


def roster_pdf(meeting, *, submitter: str = "") -> bytes:
    passed, meta = meeting_roster(meeting, submitter=submitter)
    return documents.roster_pdf(passed, **meta)
