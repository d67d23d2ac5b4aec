"""Titles API under /api/v1/titles/ (django-ninja)."""

from django.http import HttpRequest, JsonResponse
from ninja import Router

from titles.api_schema import ELIGIBILITY_BODY
from titles.eligibility import (
    ApplicantInputError,
    applicants_from_payload,
    eligibility_check,
    eligibility_report,
    parse_json_text,
)
from titles.selectors import catalogue_snapshot

router = Router(tags=["titles"])


@router.post(
    "/eligibility",
    response={200: dict, 422: dict},
    summary="职称申报资格检查 / eligibility check",
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": ELIGIBILITY_BODY}}}},
)
def eligibility(request: HttpRequest):
    """Same JSON in and out as ``manage.py check_eligibility --format json`` (INTERFACES §3).

    Bad input → 422 with ``{"detail": [{"field", "message", "message_en", "accepted"}]}``.
    """
    catalogue = catalogue_snapshot()
    try:
        payload = parse_json_text(request.body or b"null", source="(body)")
        applicants = applicants_from_payload(payload, catalogue)
    except ApplicantInputError as error:
        return _unprocessable(error)
    report = eligibility_report([eligibility_check(applicant, catalogue) for applicant in applicants])
    # A plain JsonResponse (same JSON as the command), independent of django-ninja's tuple/Status return API.
    return JsonResponse(report, json_dumps_params={"ensure_ascii": False})


def _unprocessable(error: ApplicantInputError) -> JsonResponse:
    return JsonResponse({"detail": [_error_dict(error)]}, status=422, json_dumps_params={"ensure_ascii": False})


def _error_dict(error: ApplicantInputError) -> dict:
    return {"field": error.field, "message": error.message, "message_en": error.message_en, "accepted": error.accepted}
