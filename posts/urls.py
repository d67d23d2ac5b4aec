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
    path("schemes/<int:pk>/dept-approve/", views.scheme_dept_approve_view, name="scheme_dept_approve"),
    path("schemes/<int:pk>/return/", views.scheme_return_view, name="scheme_return"),
    path("schemes/<int:pk>/file/", views.scheme_file_view, name="scheme_file"),
    path("schemes/<int:pk>/change-request/", views.scheme_change_request_view, name="scheme_change_request"),
    path("schemes/<int:pk>/appointed/", views.scheme_appointed, name="scheme_appointed"),
    path("schemes/<int:pk>/special-posts/new/", views.special_post_new, name="special_post_new"),
    path("schemes/<int:pk>/filing-form.pdf", views.scheme_filing_pdf, name="scheme_filing_pdf"),
    path("schemes/<int:pk>/summary.pdf", views.scheme_summary_pdf, name="scheme_summary_pdf"),
    path("schemes/<int:pk>/filing-form.xlsx", views.scheme_xlsx, name="scheme_xlsx"),
    path("schemes/<int:pk>/over-quota/", views.over_quota, name="over_quota"),
    path("special-posts/<int:pk>/", views.special_post_detail, name="special_post_detail"),
    path("special-posts/<int:pk>/form.pdf", views.special_post_pdf, name="special_post_pdf"),
    path(
        "special-posts/<int:pk>/dept-approve/", views.special_post_dept_approve_view, name="special_post_dept_approve"
    ),
    path("special-posts/<int:pk>/hr-approve/", views.special_post_hr_approve_view, name="special_post_hr_approve"),
    path(
        "special-posts/<int:pk>/region-approve/",
        views.special_post_region_approve_view,
        name="special_post_region_approve",
    ),
    path("special-posts/<int:pk>/activate/", views.special_post_activate_view, name="special_post_activate"),
    path("special-posts/<int:pk>/extend/", views.special_post_extend_view, name="special_post_extend"),
    path("special-posts/<int:pk>/cancel/", views.special_post_cancel_view, name="special_post_cancel"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
