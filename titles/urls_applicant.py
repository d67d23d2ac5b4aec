"""Applicant pages (included by titles/urls.py under /titles/, namespace "titles")."""

from django.urls import path

from titles.views import applicant

urlpatterns = [
    path("me/eligibility/", applicant.eligibility, name="applicant_eligibility"),
    path("me/profile/", applicant.profile_edit, name="applicant_profile"),
    path("me/applications/", applicant.application_list, name="applicant_applications"),
    path("me/applications/new/", applicant.application_new, name="applicant_application_new"),
    path("me/applications/<int:pk>/", applicant.application_view, name="applicant_application"),
    path("me/applications/<int:pk>/materials/", applicant.material_upload_view, name="applicant_material_upload"),
    path("me/applications/<int:pk>/submit/", applicant.application_submit_view, name="applicant_application_submit"),
    path("me/applications/<int:pk>/delete/", applicant.application_delete_view, name="applicant_application_delete"),
    path("me/materials/<int:pk>/delete/", applicant.material_delete_view, name="applicant_material_delete"),
    path("files/materials/<int:pk>/", applicant.material_file, name="material_file"),
    path("documents/<int:pk>/review-form.pdf", applicant.review_form, name="application_review_form"),
    path("documents/<int:pk>/submission-form.pdf", applicant.submission_form, name="application_submission_form"),
]
