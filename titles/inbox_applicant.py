"""The applicant's section of the home page: links to the applicant pages and their applications (1 query)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from workflow.inbox import InboxItem, InboxSection


def applicant_section(user, membership) -> InboxSection:
    from titles.models import Application

    items = [
        InboxItem(title=_("我可以申报什么？"), url=reverse("titles:applicant_eligibility")),
        InboxItem(title=_("申报人信息"), url=reverse("titles:applicant_profile")),
    ]
    applications = list(
        Application.objects.filter(applicant=user)
        .select_related("series", "evaluation_year")
        .order_by("-created_at")[:5]
    )
    for app in applications:
        items.append(
            InboxItem(
                title=f"{app.evaluation_year.year} {app.series.name} {app.get_level_display()}",
                url=reverse("titles:applicant_application", args=[app.pk]),
                detail=app.get_state_display(),
            )
        )
    if not applications:
        items.append(InboxItem(title=_("新建申报"), url=reverse("titles:applicant_application_new")))
    return InboxSection(
        key="titles_applicant",
        title=_("我的职称申报"),
        items=items,
        more_url=reverse("titles:applicant_applications"),
    )
