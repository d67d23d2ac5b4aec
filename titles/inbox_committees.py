"""Home-page inbox sections of committee offices, judges and city HR (registered in TitlesConfig.ready)."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from workflow.inbox import InboxItem, InboxSection
from workflow.models import Organisation

LIMIT = 10


def committee_office_section(user, membership) -> InboxSection | None:
    from titles.models import Meeting

    open_meetings = Meeting.objects.filter(committee__organiser=membership.organisation).exclude(
        state=Meeting.State.RESULTS_FILED
    )
    meetings = list(
        open_meetings.select_related("committee")
        .annotate(docket_size=Count("docket"))
        .order_by("meets_on", "pk")[:LIMIT]
    )
    items = [
        InboxItem(
            title=f"{m.meets_on:%Y-%m-%d} {m.committee.name}",
            url=reverse("titles:meeting_detail", args=[m.pk]),
            detail=f"{m.get_state_display()} · {m.docket_size}",
        )
        for m in meetings
    ]
    return InboxSection(
        key="committee_meetings",
        title=_("评审会议"),
        items=items,
        more_url=reverse("titles:committee_list"),
        total=open_meetings.count(),  # the badge counts them all; the section shows the first LIMIT
    )


def judge_section(user, membership) -> InboxSection | None:
    from titles.selectors.committees import judge_meetings

    meetings = [m for m in judge_meetings(user) if m.state != "results_filed"]
    return InboxSection(
        key="judge_meetings",
        title=_("我参加的评审会议"),
        items=[
            InboxItem(
                title=f"{m.meets_on:%Y-%m-%d} {m.committee.name}",
                url=reverse("titles:judge_docket", args=[m.pk]),
                detail=f"{m.docket_size}",
            )
            for m in meetings[:LIMIT]
        ],
        more_url=reverse("titles:judge_home"),
        total=len(meetings),  # the badge counts them all; the section shows the first LIMIT
    )


def hr_section(user, membership) -> InboxSection | None:
    if membership.organisation.kind != Organisation.Kind.CITY_HR:
        return None
    from titles.selectors.committees import hr_pending_page

    pending = hr_pending_page(LIMIT)
    items = [
        InboxItem(
            title=_("评委会待核准：%(name)s") % {"name": c.name}, url=reverse("titles:committee_detail", args=[c.pk])
        )
        for c in pending.committees
    ] + [
        InboxItem(
            title=_("实施方案待备案：%(name)s") % {"name": f"{m.meets_on:%Y-%m-%d} {m.committee.name}"},
            url=reverse("titles:meeting_detail", args=[m.pk]),
            due_on=m.meets_on,
        )
        for m in pending.meetings
    ]
    return InboxSection(
        key="committee_approvals",
        title=_("评委会与评审方案核准"),
        items=items,
        more_url=reverse("titles:hr_approvals"),
        total=pending.committees_total + pending.meetings_total,
    )


def register_providers() -> None:
    from workflow.inbox import register
    from workflow.models import Role

    register(Role.COMMITTEE_OFFICE, committee_office_section)
    register(Role.JUDGE, judge_section)
    register(Role.HR_OFFICER, hr_section)
