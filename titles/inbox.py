"""Home-page inbox sections of the review workflow, registered in ``TitlesConfig.ready()``: what waits for unit
HR, department reviewers, HR officers and committee offices — oldest first, with due dates. Each provider runs a
fixed number of queries (a count, one page of rows with their relations, the open correction deadlines)."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from titles.models import Application
from titles.selectors.review import due_on, next_step, open_deadlines, waiting_for
from workflow.inbox import InboxItem, InboxSection, register
from workflow.models import Role

PAGE = 10

# Marked for makemessages; translated when the section is built.
TITLES = {
    Role.UNIT_HR: gettext_noop("待单位审核、公示、推荐的职称申报"),
    Role.DEPT_REVIEWER: gettext_noop("待主管部门复核的职称申报"),
    Role.HR_OFFICER: gettext_noop("待人社部门办理的职称申报"),
    Role.COMMITTEE_OFFICE: gettext_noop("待评委会办事机构办理的职称申报"),
}


def _url(pk: int) -> str:
    try:
        return reverse("titles:review_detail", args=[pk])
    except NoReverseMatch:
        return ""


def _item(application: Application, deadlines) -> InboxItem:
    name = application.applicant.get_full_name() or application.applicant.get_username()
    return InboxItem(
        title=f"{name} · {application.unit.name} · {application.series.name} · {application.get_level_display()}",
        url=_url(application.pk),
        detail=f"{application.get_state_display()}：{next_step(application)}",
        due_on=due_on(application, deadlines),
        waiting_since=application.state_changed_at,
    )


def waiting_section(user, membership) -> InboxSection | None:
    qs = waiting_for(membership)
    total = qs.count()
    if not total:
        return None
    rows = list(qs[:PAGE])
    deadlines = open_deadlines(rows)
    try:
        more = reverse("titles:review_list")
    except NoReverseMatch:
        more = ""
    return InboxSection(
        key=f"titles.review.{membership.role}",
        title=_(TITLES[membership.role]),
        items=[_item(a, deadlines) for a in rows],
        more_url=more,
        total=total,
    )


def register_providers() -> None:
    for role in TITLES:
        register(role, waiting_section)
