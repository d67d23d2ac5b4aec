"""Posts API (django-ninja), mounted at /api/v1/posts/.

``POST /schemes/check`` is INTERFACES.md §1 over HTTP: the same JSON in and out as ``manage.py check_scheme``.
It writes nothing and reads only reference data (the stored ratio profiles), so it is served without authentication,
within a work budget (``scheme_io.check_api_budget``).
"""

from ninja import Router, Status

from posts.api_schema import SCHEME_BODY
from posts.scheme_io import (
    SchemeInputError,
    check_api_budget,
    decode_scheme_json,
    is_batch,
    parse_schemes,
    report,
    scheme_check,
)
from posts.selectors import profile_sectors, scheme_profiles
from workflow.jsonio import JsonInputError

router = Router(tags=["posts"])


@router.post(
    "/schemes/check",
    response={200: dict, 422: dict},
    summary="检查岗位设置方案 / Check post-setting schemes (POST-01…POST-13)",
    auth=None,
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": SCHEME_BODY}}}},
)
def scheme_check_api(request):
    """Body: one unit or ``{"units": [...]}`` (INTERFACES.md §1). 422 names the field that could not be read."""
    try:
        data = decode_scheme_json(request.body)
    except JsonInputError as exc:
        error = SchemeInputError("body", f"请求体无法读取：{exc.message}", f"the body cannot be read: {exc.message_en}")
        return Status(422, {"ok": False, "error": error.as_dict()})
    except SchemeInputError as exc:
        return Status(422, {"ok": False, "error": exc.as_dict()})
    try:
        units = parse_schemes(data, sectors=profile_sectors())
        check_api_budget(units)
    except SchemeInputError as exc:
        return Status(422, {"ok": False, "error": exc.as_dict()})
    results, aggregate = scheme_check(units, scheme_profiles(units), batch=is_batch(data))
    return Status(200, report(results, aggregate))
