"""Permission predicates shared by views, services and templates.

The same predicate that guards a transition decides whether its button is shown. A person reaches an
organisation's objects only through an active membership: unit HR its own unit; a department reviewer the units
it supervises; an HR officer the units of its jurisdiction (the city HR bureau also what districts report up).
"""

from __future__ import annotations

from .models import Membership, Organisation, Role


class PermissionDenied(Exception):
    """Raised by services; views turn it into 403 with the message."""


def _active(user) -> list[Membership]:
    from .selectors import active_memberships

    return active_memberships(user)


def roles(user) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_wuhai_roles", None)
    if cached is None:
        cached = {m.role for m in _active(user)}
        user._wuhai_roles = cached
    return cached


def has_role(user, role: str) -> bool:
    return role in roles(user)


def organisations_for(user, role: str) -> list[Organisation]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [m.organisation for m in _active(user) if m.role == role]


def membership_for(user, role: str, organisation: Organisation) -> Membership | None:
    if not getattr(user, "is_authenticated", False) or organisation is None:
        return None
    return next((m for m in _active(user) if m.role == role and m.organisation_id == organisation.pk), None)


def hr_bureau_reaches(bureau: Organisation, unit: Organisation) -> bool:
    """An HR bureau reaches the units of its own jurisdiction."""
    if bureau.kind == Organisation.Kind.CITY_HR:
        return unit.jurisdiction == "city"
    if bureau.kind == Organisation.Kind.DISTRICT_HR:
        return unit.jurisdiction == bureau.jurisdiction
    return False


def reaches_unit(user, role: str, unit: Organisation) -> bool:
    """Does ``user``, acting as ``role``, reach the employing unit ``unit``?"""
    if unit is None:
        return False
    for org in organisations_for(user, role):
        if role == Role.UNIT_HR and org.pk == unit.pk:
            return True
        if role == Role.DEPT_REVIEWER and unit.supervisor_id == org.pk:
            return True
        if role == Role.HR_OFFICER and hr_bureau_reaches(org, unit):
            return True
    return False


def acting_membership(user, role: str, unit: Organisation) -> Membership | None:
    """The membership on whose behalf ``user`` acts on ``unit`` in ``role`` (FLOW-06 needs the organisation)."""
    for membership in (m for m in _active(user) if m.role == role):
        org = membership.organisation
        if (
            (role == Role.UNIT_HR and org.pk == unit.pk)
            or (role == Role.DEPT_REVIEWER and unit.supervisor_id == org.pk)
            or (role == Role.HR_OFFICER and hr_bureau_reaches(org, unit))
        ):
            return membership
    return None
