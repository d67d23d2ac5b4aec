"""Who may do what in post-setting — one predicate per transition, used by the services (to refuse) and by the pages
(to show the button), so that a button is shown exactly when its service would accept the person (DESIGN.md:
"the same permission predicate drives both the transition and the button the UI shows").

Two halves per transition:

- ``*_roles(obj)`` — the roles that may act on ``obj`` in its current state (POST-09, POST-10, POST-11). The services
  look up the acting membership of one of these roles (``services.common.acting``), whose organisation signs the
  decision (FLOW-06); a person without one gets ``PermissionDenied``.
- ``may_*(roles, obj)`` — that permission **and** the state conditions the service checks before writing (the FSM
  guard and the few extra conditions of POST-09 and POST-11 the services enforce). ``roles`` is what ``reach`` returns
  for the person and the object's unit.

Input checks (a missing opinion, an engine error at submission) are not part of a predicate: the button is shown and
the service's refusal names the rule.
"""

from __future__ import annotations

from django_fsm import can_proceed

from posts import rules
from posts.models import Scheme, SpecialPost
from workflow.models import Membership, Organisation, Role
from workflow.permissions import hr_bureau_reaches
from workflow.selectors import active_memberships

POST_ROLES = (Role.UNIT_HR, Role.DEPT_REVIEWER, Role.HR_OFFICER)
# Pseudo-role: an officer of the city HR bureau, whatever the unit. City HR forwards grade-2 special posts to the
# autonomous region and records its approval for district units too (POST-09, POST-10).
CITY_HR_OFFICER = "city_hr_officer"


# --------------------------------------------------------------------------------------------------- who reaches


def memberships(user, roles=POST_ROLES) -> list[Membership]:
    if not getattr(user, "is_authenticated", False):
        return []
    wanted = set(roles)
    return sorted(
        (m for m in active_memberships(user) if m.role in wanted), key=lambda m: (m.role, m.organisation.name)
    )


def reaches(membership: Membership, unit: Organisation) -> bool:
    """The reading of ``workflow.permissions.acting_membership``: unit HR its unit, a department the units it
    supervises, an HR bureau the units of its jurisdiction."""
    org = membership.organisation
    return (
        (membership.role == Role.UNIT_HR and org.pk == unit.pk)
        or (membership.role == Role.DEPT_REVIEWER and unit.supervisor_id == org.pk)
        or (membership.role == Role.HR_OFFICER and hr_bureau_reaches(org, unit))
    )


def reach(user, unit: Organisation) -> set[str]:
    """The roles in which ``user`` reaches ``unit`` (one query), plus ``CITY_HR_OFFICER`` for a city HR officer.

    An empty set (or only ``CITY_HR_OFFICER``) means the unit is not reached through any membership."""
    roles: set[str] = set()
    for m in memberships(user):
        if reaches(m, unit):
            roles.add(m.role)
        if m.role == Role.HR_OFFICER and m.organisation.kind == Organisation.Kind.CITY_HR:
            roles.add(CITY_HR_OFFICER)
    return roles


def _has(roles, allowed) -> bool:
    return any(role in roles for role in allowed)


# --------------------------------------------------------------------------------------------------------- schemes


def scheme_create_roles() -> tuple[str, ...]:
    return (Role.UNIT_HR,)


def may_create(roles) -> bool:
    return _has(roles, scheme_create_roles())


def scheme_edit_roles(scheme: Scheme) -> tuple[str, ...]:
    """Drafting, editing, submitting, reopening, change requests and appointed counts are the unit's (POST-10)."""
    return (Role.UNIT_HR,)


def scheme_dept_approve_roles(scheme: Scheme) -> tuple[str, ...]:
    return (Role.DEPT_REVIEWER,)


def scheme_return_roles(scheme: Scheme) -> tuple[str, ...]:
    """The department returns in its review, the HR bureau in its own (POST-10)."""
    return (Role.DEPT_REVIEWER,) if scheme.state == Scheme.State.DEPT_REVIEW else (Role.HR_OFFICER,)


def scheme_file_roles(scheme: Scheme) -> tuple[str, ...]:
    return (Role.HR_OFFICER,)


def scheme_check_roles(scheme: Scheme) -> tuple[str, ...]:
    return POST_ROLES


def may_edit(roles, scheme: Scheme) -> bool:
    """Only drafts are edited (POST-10); a returned scheme is reopened first."""
    return _has(roles, scheme_edit_roles(scheme)) and scheme.state == Scheme.State.DRAFT


def may_submit(roles, scheme: Scheme) -> bool:
    return _has(roles, scheme_edit_roles(scheme)) and can_proceed(scheme.submit)


def may_reopen(roles, scheme: Scheme) -> bool:
    return _has(roles, scheme_edit_roles(scheme)) and can_proceed(scheme.reopen)


def may_dept_approve(roles, scheme: Scheme) -> bool:
    return _has(roles, scheme_dept_approve_roles(scheme)) and can_proceed(scheme.dept_approve)


def may_return(roles, scheme: Scheme) -> bool:
    return _has(roles, scheme_return_roles(scheme)) and can_proceed(scheme.return_to_unit)


def may_file(roles, scheme: Scheme) -> bool:
    return _has(roles, scheme_file_roles(scheme)) and can_proceed(scheme.file)


def may_change_request(roles, scheme: Scheme) -> bool:
    """POST-11: a change of a filed scheme (inside its term it is the only way to change it)."""
    return _has(roles, scheme_edit_roles(scheme)) and scheme.state == Scheme.State.FILED


def may_record_appointed(roles, scheme: Scheme) -> bool:
    """在聘人数 are recorded on the filed scheme (POST-11; base of POST-09 vacancies and POST-12)."""
    return _has(roles, scheme_edit_roles(scheme)) and scheme.state == Scheme.State.FILED


def may_request_special_post(roles, scheme: Scheme) -> bool:
    """POST-09: a special post is requested against the unit's filed scheme (to check regular vacancies)."""
    return Role.UNIT_HR in roles and scheme.state == Scheme.State.FILED


def scheme_actions(roles, scheme: Scheme) -> dict[str, bool]:
    """Every button of the scheme page, by the predicate of its service."""
    return {
        "edit": may_edit(roles, scheme),
        "submit": may_submit(roles, scheme),
        "reopen": may_reopen(roles, scheme),
        "dept_approve": may_dept_approve(roles, scheme),
        "return": may_return(roles, scheme),
        "file": may_file(roles, scheme),
        "change_request": may_change_request(roles, scheme),
        "record_appointed": may_record_appointed(roles, scheme),
        "request_special_post": may_request_special_post(roles, scheme),
    }


# --------------------------------------------------------------------------------------------------- special posts

_S = SpecialPost.State


def special_post_request_roles() -> tuple[str, ...]:
    return (Role.UNIT_HR,)


def special_post_dept_approve_roles(post: SpecialPost) -> tuple[str, ...]:
    return (Role.DEPT_REVIEWER,)


def special_post_hr_approve_roles(post: SpecialPost) -> tuple[str, ...]:
    return (Role.HR_OFFICER,)


def special_post_region_approve_roles(post: SpecialPost) -> tuple[str, ...]:
    """The approving bureau, or city HR (which forwards grade-2 requests to the region) for any unit."""
    return (Role.HR_OFFICER, CITY_HR_OFFICER)


def special_post_activate_roles(post: SpecialPost) -> tuple[str, ...]:
    return (Role.UNIT_HR,)


def special_post_extend_roles(post: SpecialPost) -> tuple[str, ...]:
    return (Role.HR_OFFICER,)


def special_post_cancel_roles(post: SpecialPost) -> tuple[str, ...]:
    """The unit withdraws before the appointment; the department refuses while the request waits for it; the HR
    bureau refuses or cancels (核销) early at any open step."""
    return {
        _S.REQUESTED: (Role.UNIT_HR, Role.DEPT_REVIEWER, Role.HR_OFFICER),
        _S.DEPT_APPROVED: (Role.UNIT_HR, Role.HR_OFFICER),
        _S.HR_APPROVED: (Role.UNIT_HR, Role.HR_OFFICER),
        _S.REGION_APPROVED: (Role.UNIT_HR, Role.HR_OFFICER),
        _S.ACTIVE: (Role.HR_OFFICER,),
    }.get(post.state, ())


def special_post_waits_for_department(post: SpecialPost) -> bool:
    """POST-09 chain: a unit with a supervising department needs its approval before the HR bureau's."""
    return post.state == _S.REQUESTED and post.unit.supervisor_id is not None


def special_post_activation_method(post: SpecialPost):
    return post.activate_after_region if post.state == _S.REGION_APPROVED else post.activate


def special_post_may_extend(post: SpecialPost) -> bool:
    """POST-09: one extension, and none when the term already runs to the holder's retirement."""
    return post.extensions < rules.SPECIAL_POST_MAX_EXTENSIONS and not post.runs_to_retirement


def may_special_dept_approve(roles, post: SpecialPost) -> bool:
    return _has(roles, special_post_dept_approve_roles(post)) and can_proceed(post.dept_approve)


def may_special_hr_approve(roles, post: SpecialPost) -> bool:
    return (
        _has(roles, special_post_hr_approve_roles(post))
        and not special_post_waits_for_department(post)
        and can_proceed(post.hr_approve)
    )


def may_special_region_approve(roles, post: SpecialPost) -> bool:
    return _has(roles, special_post_region_approve_roles(post)) and can_proceed(post.region_approve)


def may_special_activate(roles, post: SpecialPost) -> bool:
    return _has(roles, special_post_activate_roles(post)) and can_proceed(special_post_activation_method(post))


def may_special_extend(roles, post: SpecialPost) -> bool:
    return _has(roles, special_post_extend_roles(post)) and can_proceed(post.extend) and special_post_may_extend(post)


def may_special_cancel(roles, post: SpecialPost) -> bool:
    return _has(roles, special_post_cancel_roles(post)) and can_proceed(post.cancel)


def special_post_actions(roles, post: SpecialPost) -> dict[str, bool]:
    """Every button of the special-post page, by the predicate of its service."""
    return {
        "dept_approve": may_special_dept_approve(roles, post),
        "hr_approve": may_special_hr_approve(roles, post),
        "region_approve": may_special_region_approve(roles, post),
        "activate": may_special_activate(roles, post),
        "extend": may_special_extend(roles, post),
        "cancel": may_special_cancel(roles, post),
    }
