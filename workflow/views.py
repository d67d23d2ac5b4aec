from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import clock
from .calendar import YearNotLoaded
from .demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from .forms import ThrottledAuthenticationForm
from .inbox import sections_for
from .redirects import safe_next_url
from .selectors import memberships_of, work_calendar
from .services import DemoDateError, demo_date_set


class LoginView(auth_views.LoginView):
    template_name = "workflow/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        from django.conf import settings

        context = super().get_context_data(**kwargs)
        if settings.DEMO_MODE:  # demo passwords are shown only in demo mode, never in production
            context["demo_accounts"] = DEMO_ACCOUNTS
            context["demo_password"] = DEMO_PASSWORD
        return context


@require_GET
@login_required
def home(request):
    memberships = memberships_of(request.user)
    blocks = [{"membership": m, "sections": sections_for(request.user, m)} for m in memberships]
    return render(request, "workflow/home.html", {"blocks": blocks})


# What each periodic job did on a day, for the message after moving the demo date.
_JOB_LABELS = {
    "workflow.tasks.publicity_close_due": ("结束公示", "publicities closed"),
    "titles.tasks.correction_notices_expire": ("逾期未补正视为放弃", "withdrawn after a missed correction deadline"),
    "posts.tasks.special_posts_expire": ("特设岗位到期核销", "special posts cancelled at the end of term"),
    "titles.tasks.committees_expire": ("评委会核准备案到期", "committees whose filing ran out"),
}
_REMINDERS = ("发送提醒", "reminders sent")  # every *_remind job of the beat schedule


@require_POST
@login_required
def demo_date(request):
    """演示日期: demo mode only (404 otherwise). ``step=workday`` moves to the next working day (FLOW-02), else to
    the date entered; the periodic jobs run for each day passed (``demo_date_set``)."""
    if not settings.DEMO_MODE:
        raise Http404
    back = safe_next_url(request, request.POST.get("next"), "/")
    en = (get_language() or "").startswith("en")
    try:
        if request.POST.get("step") == "workday":
            day = work_calendar().next_workday(clock.today() + timedelta(days=1))
        else:
            day = date.fromisoformat((request.POST.get("day") or "").strip())
        walked = demo_date_set(day=day, actor=request.user)
    except ValueError as exc:  # YearNotLoaded is a ValueError too, with its own message
        if isinstance(exc, YearNotLoaded):  # its message is "中文 / English"
            zh, _sep, english = str(exc).partition(" / ")
            messages.error(request, english if en and english else zh)
        else:
            messages.error(request, _("演示日期格式应为 YYYY-MM-DD"))
        return redirect(back)
    except DemoDateError as exc:
        messages.error(request, exc.message_en if en else exc.message)
        return redirect(back)
    done: dict[tuple[str, str], int] = {}
    for step in walked:
        for job, count in step.jobs.items():
            label = _JOB_LABELS.get(job) or (_REMINDERS if job.endswith("_remind") else None)
            if label:
                done[label] = done.get(label, 0) + count
    summary = ("; " if en else "；").join(f"{label[1 if en else 0]} {count}" for label, count in done.items())
    text = _("演示日期已调整为 %(day)s，已按日运行定时任务（%(days)s 天）") % {
        "day": day.isoformat(),
        "days": len(walked),
    }
    messages.success(request, f"{text}{(': ' if en else '：') + summary if summary else ''}")
    return redirect(back)
