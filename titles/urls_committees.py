"""Committee, judge and meeting pages (titles:…)."""

from django.urls import path

from titles.views import committees as v

urlpatterns = [
    path("committees/", v.committee_list, name="committee_list"),
    path("committees/<int:pk>/", v.committee_detail, name="committee_detail"),
    path("committees/<int:pk>/approve/", v.committee_approve, name="committee_approve"),
    path("committees/<int:pk>/draw/", v.panel_draw, name="panel_draw"),
    path("committees/<int:pk>/plan/", v.meeting_plan, name="meeting_plan"),
    path("judges/", v.judge_pool, name="judge_pool"),
    path("judges/<int:pk>/term/", v.judge_term_set, name="judge_term_set"),
    path("meetings/", v.meeting_calendar, name="meeting_calendar"),
    path("meetings/<int:pk>/", v.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/docket/", v.meeting_docket_set, name="meeting_docket_set"),
    path("meetings/<int:pk>/file-plan/", v.meeting_plan_file, name="meeting_plan_file"),
    path("meetings/<int:pk>/approve-plan/", v.meeting_plan_approve, name="meeting_plan_approve"),
    path("meetings/<int:pk>/return-plan/", v.meeting_plan_return, name="meeting_plan_return"),
    path("meetings/<int:pk>/open/", v.meeting_open, name="meeting_open"),
    path("meetings/<int:pk>/attendance/", v.attendance_record, name="attendance_record"),
    path("meetings/<int:pk>/recusal/", v.recusal_declare, name="recusal_declare"),
    path("meetings/<int:pk>/tally/<int:entry_pk>/", v.tally_record, name="tally_record"),
    path("meetings/<int:pk>/defer/<int:entry_pk>/", v.docket_entry_defer, name="docket_entry_defer"),
    path("meetings/<int:pk>/close/", v.meeting_close, name="meeting_close"),
    path("meetings/<int:pk>/publish/", v.meeting_results_publish, name="meeting_results_publish"),
    path("meetings/<int:pk>/file-results/", v.meeting_results_file, name="meeting_results_file"),
    path("meetings/<int:pk>/plan-filing.pdf", v.plan_filing_pdf, name="plan_filing_pdf"),
    path("meetings/<int:pk>/minutes.pdf", v.minutes_pdf, name="minutes_pdf"),
    path("meetings/<int:pk>/filing-report.pdf", v.filing_report_pdf, name="filing_report_pdf"),
    path("meetings/<int:pk>/roster.<str:fmt>", v.roster, name="roster"),
    path("meetings/<int:pk>/judge/", v.judge_docket, name="judge_docket"),
    path("meetings/<int:pk>/dossier/<int:application_pk>/", v.dossier, name="dossier"),
    path(
        "meetings/<int:pk>/dossier/<int:application_pk>/materials/<int:material_pk>/",
        v.dossier_material,
        name="dossier_material",
    ),
    path("meetings/<int:pk>/dossier/<int:application_pk>/<str:kind>.pdf", v.dossier_form, name="dossier_form"),
    path("committees/<int:pk>/availability/", v.committee_availability, name="committee_availability"),
    path(
        "committees/<int:pk>/availability/<int:row_pk>/withdraw/",
        v.committee_availability_withdraw,
        name="committee_availability_withdraw",
    ),
    path("judge/", v.judge_home, name="judge_home"),
    path("judge/availability/", v.judge_availability, name="judge_availability"),
    path(
        "judge/availability/<int:row_pk>/withdraw/", v.judge_availability_withdraw, name="judge_availability_withdraw"
    ),
    path("hr/committee-approvals/", v.hr_approvals, name="hr_approvals"),
]
