"""Home-page inbox sections of post-setting, registered in ``PostsConfig.ready()``. Each provider runs a fixed
number of queries (a count and one page of rows with their units), whatever the number of rows."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from workflow.inbox import InboxItem, InboxSection, register
from workflow.models import Role

from .models import Scheme, SpecialPost
from .selectors import schemes_for_membership, special_posts_for_membership, special_posts_waiting_for_hr

PAGE = 10


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # the pages are added by the web layer; the inbox works without them
        return ""


def _section(key: str, title: str, qs: QuerySet, item, *, more: str = "") -> InboxSection | None:
    total = qs.count()
    if not total:
        return None
    return InboxSection(key=key, title=title, items=[item(row) for row in qs[:PAGE]], total=total, more_url=more)


def _scheme_list() -> str:
    """“More”: the scheme list shows every scheme the person's memberships reach."""
    return _url("posts:scheme_list")


def _scheme_item(scheme: Scheme) -> InboxItem:
    """A draft opens in the editor; every other state on the scheme page, where its review buttons are (approve,
    return, file, reopen — each shown by its ``posts.permissions`` predicate)."""
    detail = scheme.get_state_display()
    if scheme.state == Scheme.State.RETURNED and scheme.return_reasons:
        detail = f"{detail}：{scheme.return_reasons[:80]}"
    page = "posts:scheme_edit" if scheme.state == Scheme.State.DRAFT else "posts:scheme_detail"
    return InboxItem(
        title=f"{scheme.unit.name} · {_('岗位设置方案')} v{scheme.version}",
        url=_url(page, scheme.pk),
        detail=detail,
        waiting_since=scheme.submitted_at or scheme.updated_at,
    )


def _special_item(post: SpecialPost) -> InboxItem:
    return InboxItem(
        title=f"{post.unit.name} · {_('特设岗位')} {post.post_name}",
        url=_url("posts:special_post_detail", post.pk),
        detail=f"{post.get_state_display()} · {post.grade}",
        waiting_since=post.updated_at,
    )


def unit_hr_schemes(user, membership) -> InboxSection | None:
    """Unit HR: its schemes returned for correction or still in draft."""
    qs = schemes_for_membership(membership, states=[Scheme.State.RETURNED, Scheme.State.DRAFT])
    return _section("posts.unit_schemes", _("待修改或报送的岗位设置方案"), qs, _scheme_item, more=_scheme_list())


def unit_hr_special_posts(user, membership) -> InboxSection | None:
    """Unit HR: approved special posts whose holder is still to be appointed (POST-09: 聘用上岗)."""
    qs = special_posts_for_membership(
        membership, states=[SpecialPost.State.HR_APPROVED, SpecialPost.State.REGION_APPROVED]
    )
    return _section("posts.unit_special_posts", _("已核准待聘用的特设岗位"), qs, _special_item)


def dept_reviewer_schemes(user, membership) -> InboxSection | None:
    qs = schemes_for_membership(membership, states=[Scheme.State.DEPT_REVIEW])
    return _section("posts.dept_schemes", _("待主管部门审核的岗位设置方案"), qs, _scheme_item, more=_scheme_list())


def dept_reviewer_special_posts(user, membership) -> InboxSection | None:
    qs = special_posts_for_membership(membership, states=[SpecialPost.State.REQUESTED])
    return _section("posts.dept_special_posts", _("待主管部门审核的特设岗位"), qs, _special_item)


def hr_officer_schemes(user, membership) -> InboxSection | None:
    qs = schemes_for_membership(membership, states=[Scheme.State.HR_REVIEW])
    return _section("posts.hr_schemes", _("待备案的岗位设置方案"), qs, _scheme_item, more=_scheme_list())


def hr_officer_special_posts(user, membership) -> InboxSection | None:
    qs = special_posts_waiting_for_hr(membership)
    return _section("posts.hr_special_posts", _("待核准的特设岗位"), qs, _special_item)


def register_providers() -> None:
    register(Role.UNIT_HR, unit_hr_schemes)
    register(Role.UNIT_HR, unit_hr_special_posts)
    register(Role.DEPT_REVIEWER, dept_reviewer_schemes)
    register(Role.DEPT_REVIEWER, dept_reviewer_special_posts)
    register(Role.HR_OFFICER, hr_officer_schemes)
    register(Role.HR_OFFICER, hr_officer_special_posts)
