from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from .forms import ThrottledAuthenticationForm
from .inbox import sections_for
from .selectors import memberships_of


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
