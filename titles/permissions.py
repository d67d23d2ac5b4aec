"""Who reaches a title application. One predicate decides both what a page shows and what a service allows.

The transition predicates (who may run which step) are added next to it, and the same predicate decides whether
the step's button is shown.
"""

from __future__ import annotations

from django.db.models import Q

from workflow.models import Membership, Organisation, Role
from workflow.permissions import hr_bureau_reaches


def application_scope(user) -> Q:
    """A Q over Application rows the user reaches through any active membership (one query to build it)."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    q = Q(applicant=user)
    for m in Membership.objects.filter(user=user, active=True).select_related("organisation"):
        org = m.organisation
        if m.role == Role.UNIT_HR:
            q |= Q(unit=org)
        elif m.role == Role.DEPT_REVIEWER:
            q |= Q(unit__supervisor=org)
        elif m.role == Role.HR_OFFICER:
            if org.kind == Organisation.Kind.CITY_HR:
                q |= Q(unit__jurisdiction="city")
            elif org.kind == Organisation.Kind.DISTRICT_HR:
                q |= Q(unit__jurisdiction=org.jurisdiction)
        elif m.role == Role.COMMITTEE_OFFICE:
            q |= Q(committee_key=org.code)
    return q


def can_view_application(user, application) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if application.applicant_id == user.pk:
        return True
    unit = application.unit
    for m in Membership.objects.filter(user=user, active=True).select_related("organisation"):
        org = m.organisation
        if m.role == Role.UNIT_HR and org.pk == unit.pk:
            return True
        if m.role == Role.DEPT_REVIEWER and unit.supervisor_id == org.pk:
            return True
        if m.role == Role.HR_OFFICER and hr_bureau_reaches(org, unit):
            return True
        if m.role == Role.COMMITTEE_OFFICE and application.committee_key and application.committee_key == org.code:
            return True
    return False
