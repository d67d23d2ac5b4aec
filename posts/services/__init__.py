"""Every write of post-setting. One service per transition; see ``schemes`` and ``special_posts``."""

from .common import PostRuleError
from .schemes import (
    scheme_appointed_record,
    scheme_change_request,
    scheme_check,
    scheme_create,
    scheme_dept_approve,
    scheme_file,
    scheme_reopen,
    scheme_return,
    scheme_submit,
    scheme_term_years,
    scheme_update,
)
from .special_posts import (
    special_post_activate,
    special_post_cancel,
    special_post_dept_approve,
    special_post_expire,
    special_post_extend,
    special_post_hr_approve,
    special_post_region_approve,
    special_post_request,
)

__all__ = [
    "PostRuleError",
    "scheme_appointed_record",
    "scheme_change_request",
    "scheme_check",
    "scheme_create",
    "scheme_dept_approve",
    "scheme_file",
    "scheme_reopen",
    "scheme_return",
    "scheme_submit",
    "scheme_term_years",
    "scheme_update",
    "special_post_activate",
    "special_post_cancel",
    "special_post_dept_approve",
    "special_post_expire",
    "special_post_extend",
    "special_post_hr_approve",
    "special_post_region_approve",
    "special_post_request",
]
