"""Posts API (django-ninja), mounted at /api/v1/posts/.

``POST /schemes/check`` is INTERFACES.md §1 over HTTP: the same JSON in and out as ``manage.py check_scheme``.
It is a pure check (nothing is read from or written to the database), so it is served without authentication.
"""

import json

from ninja import Router, Status

from posts.scheme_io import SchemeInputError, is_batch, parse_schemes, report, scheme_check
from posts.selectors import scheme_profiles

router = Router(tags=["posts"])


@router.post(
    "/schemes/check",
    response={200: dict, 422: dict},
    summary="检查岗位设置方案 / Check post-setting schemes (POST-01…POST-13)",
    auth=None,
)
def scheme_check_api(request):
    """Body: one unit or ``{"units": [...]}`` (INTERFACES.md §1). 422 names the field that could not be read."""
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        error = SchemeInputError("body", "请求体不是有效的 UTF-8 JSON", f"the body is not valid UTF-8 JSON ({exc})")
        return Status(422, {"ok": False, "error": error.as_dict()})
    try:
        units = parse_schemes(data)
    except SchemeInputError as exc:
        return Status(422, {"ok": False, "error": exc.as_dict()})
    results, aggregate = scheme_check(units, scheme_profiles(units), batch=is_batch(data))
    return Status(200, report(results, aggregate))
