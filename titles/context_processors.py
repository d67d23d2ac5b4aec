from functools import cached_property

from titles.permissions_committee import judge_profile, works_with_committees


class TitleNavigation:
    """Which title-evaluation pages of the main navigation the signed-in user may open, by the views' own
    predicates (a district HR bureau is an HR officer but opens no committee page: CMTE-01…04 are city HR's).
    Evaluated only when the navigation is drawn, so htmx fragments run no query for it."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def committees(self) -> bool:
        """评审委员会, 评审会议 and 专家库 (titles.views.committees: committee_list, meeting_calendar, judge_pool)."""
        return works_with_committees(self.user)

    @cached_property
    def judge_availability(self) -> bool:
        """我的可参会日期: only a judge of the expert pool (titles.views.committees.judge_availability)."""
        return judge_profile(self.user) is not None


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"title_nav": TitleNavigation(user)}
