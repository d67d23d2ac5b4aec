from django.urls import path

from . import views

app_name = "posts"
urlpatterns = [
    path("schemes/", views.scheme_list, name="scheme_list"),
    path("schemes/new/", views.scheme_new, name="scheme_new"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme_detail"),
    path("schemes/<int:pk>/edit/", views.scheme_edit, name="scheme_edit"),
    path("schemes/<int:pk>/check/", views.scheme_live_check, name="scheme_live_check"),
    path("schemes/<int:pk>/reopen/", views.scheme_reopen_view, name="scheme_reopen"),
    path("schemes/<int:pk>/import/", views.scheme_import, name="scheme_import"),
    path("schemes/<int:pk>/filing-form.pdf", views.scheme_filing_pdf, name="scheme_filing_pdf"),
    path("schemes/<int:pk>/summary.pdf", views.scheme_summary_pdf, name="scheme_summary_pdf"),
    path("schemes/<int:pk>/filing-form.xlsx", views.scheme_xlsx, name="scheme_xlsx"),
    path("schemes/<int:pk>/over-quota/", views.over_quota, name="over_quota"),
    path("special-posts/<int:pk>/", views.special_post_detail, name="special_post_detail"),
    path("special-posts/<int:pk>/form.pdf", views.special_post_pdf, name="special_post_pdf"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
