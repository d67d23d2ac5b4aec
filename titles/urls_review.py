"""Review steps after submission, the applicant's progress page and the public certificate verification."""

from django.urls import path

from titles.views import review

urlpatterns = [
    path("review/", review.review_list, name="review_list"),
    path("review/<int:pk>/", review.review_detail, name="review_detail"),
    path("review/<int:pk>/do/<slug:action>/", review.review_action, name="review_action"),
    path("review/batch/<slug:action>/", review.review_batch, name="review_batch"),
    path("review/publicity/unit/", review.unit_publicity, name="unit_publicity"),
    path("review/publicity/result/", review.result_publicity, name="result_publicity"),
    path("review/publicity/<int:pk>/close/", review.publicity_close, name="publicity_close"),
    path("review/objection/<int:pk>/resolve/", review.objection_resolve, name="objection_resolve"),
    path("review/complaint/<int:pk>/resolve/", review.complaint_resolve, name="complaint_resolve"),
    path("progress/<int:pk>/", review.application_progress, name="application_progress"),
    path("certificate/<int:pk>/", review.certificate_download, name="certificate_download"),
    path("verify/", review.certificate_verify, name="certificate_verify"),
    path("verify/<slug:code>/", review.certificate_verify, name="certificate_verify_code"),
]
