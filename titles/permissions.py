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
        q |= membership_scope(m)
    return q


def membership_scope(membership: Membership) -> Q:
    """A Q over the Application rows one membership reaches (no query: committees are a subquery)."""
    from titles.models import Committee

    org = membership.organisation
    if membership.role == Role.UNIT_HR:
        return Q(unit=org)
    if membership.role == Role.DEPT_REVIEWER:
        return Q(unit__supervisor=org)
    if membership.role == Role.HR_OFFICER:
        if org.kind == Organisation.Kind.CITY_HR:
            return Q(unit__jurisdiction="city")
        if org.kind == Organisation.Kind.DISTRICT_HR:
            return Q(unit__jurisdiction=org.jurisdiction)
    if membership.role == Role.COMMITTEE_OFFICE:
        return Q(committee_key=org.code) | Q(committee_key__in=Committee.objects.filter(organiser=org).values("key"))
    return Q(pk__in=[])


def is_private_draft(application) -> bool:
    """An application never handed in (a draft, or withdrawn as one): only its applicant may see it or its files."""
    return application.state == "draft" or (application.state == "withdrawn" and application.submitted_at is None)


def can_view_application(user, application) -> bool:
    """The applicant always; the unit, department, HR bureau and committee office that reach the application once
    it has been submitted (a draft is the applicant's own working copy, not yet anyone's case)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if application.applicant_id == user.pk:
        return True
    if is_private_draft(application):
        return False
    unit = application.unit
    for m in Membership.objects.filter(user=user, active=True).select_related("organisation"):
        org = m.organisation
        if m.role == Role.UNIT_HR and org.pk == unit.pk:
            return True
        if m.role == Role.DEPT_REVIEWER and unit.supervisor_id == org.pk:
            return True
        if m.role == Role.HR_OFFICER and hr_bureau_reaches(org, unit):
            return True
        if m.role == Role.COMMITTEE_OFFICE and application.committee_key:
            if application.committee_key in _committee_keys_of([org]):
                return True
    return False


# ---------------------------------------------------------------------------------------------------------------
# Transition predicates. ``acting_organisation`` decides who may run a step of an application, on whose behalf
# (FLOW-06), and the same function decides whether the page shows the step's button (DESIGN.md "State machines").
# ---------------------------------------------------------------------------------------------------------------

APPLICANT = "applicant"  # the applicant themself (not a membership)
DEPT = "dept"  # the supervising department; a unit without one reports to the HR bureau directly (Doc B §三(二)1)

# action → who performs it. States are the FSM's business (``conditions`` and sources in the model).
ACTION_ACTORS: dict[str, tuple[str, ...]] = {
    "unit_review_start": (Role.UNIT_HR,),
    "unit_publicity_start": (Role.UNIT_HR,),
    "unit_objection": (Role.UNIT_HR,),
    "unit_recommend": (Role.UNIT_HR,),
    "dept_review_start": (DEPT,),
    "dept_forward": (DEPT,),
    "correction_notice_issue": (DEPT,),
    "correction_answer": (APPLICANT,),
    "hr_route": (Role.HR_OFFICER,),
    "region_forward": (Role.HR_OFFICER,),
    "region_outcome_record": (Role.HR_OFFICER,),
    "recognition_approve": (Role.HR_OFFICER,),
    "committee_accept": (Role.COMMITTEE_OFFICE,),
    "vote_result_record": (Role.COMMITTEE_OFFICE,),
    "result_publicity_start": (Role.COMMITTEE_OFFICE, Role.HR_OFFICER),
    "result_complaint_raise": (Role.COMMITTEE_OFFICE, Role.HR_OFFICER),
    "result_file": (Role.HR_OFFICER,),
    "certificate_issue": (Role.HR_OFFICER,),
    "application_withdraw": (APPLICANT,),
    "application_reject": (),  # decided by the state: whoever owns the current review step (REJECT_OWNER)
}

# application_reject: the owner of the review step the application is in.
REJECT_OWNER: dict[str, tuple[str, ...]] = {
    "unit_review": (Role.UNIT_HR,),
    "unit_publicity": (Role.UNIT_HR,),
    "recommended": (DEPT,),
    "dept_review": (DEPT,),
    "hr_review": (Role.HR_OFFICER,),
    "accepted": (Role.COMMITTEE_OFFICE,),
    "result_publicity": (Role.COMMITTEE_OFFICE, Role.HR_OFFICER),
}

# Committees routed to the region leave the city system (DESIGN.md: ``forwarded``); their keys start with this.
REGION_KEY_PREFIX = "region"


def routed_to_region(application) -> bool:
    return (application.committee_key or "").startswith(REGION_KEY_PREFIX)


def _memberships(user) -> list[Membership]:
    return list(Membership.objects.filter(user=user, active=True).select_related("organisation"))


def _committee_keys_of(organisations) -> set[str]:
    """Keys of the committees an office's organisation organises (its own code is a key too)."""
    from titles.models import Committee

    orgs = list(organisations)
    if not orgs:
        return set()
    keys = {org.code for org in orgs}
    keys.update(Committee.objects.filter(organiser__in=orgs).values_list("key", flat=True))
    return keys


def _reaches(membership: Membership, application, role: str, committee_keys: set[str] | None) -> bool:
    org = membership.organisation
    unit = application.unit
    if role == Role.UNIT_HR:
        return membership.role == Role.UNIT_HR and org.pk == unit.pk
    if role == DEPT:
        if unit.supervisor_id:
            return membership.role == Role.DEPT_REVIEWER and unit.supervisor_id == org.pk
        return membership.role == Role.HR_OFFICER and hr_bureau_reaches(org, unit)
    if role == Role.HR_OFFICER:
        return membership.role == Role.HR_OFFICER and hr_bureau_reaches(org, unit)
    if role == Role.COMMITTEE_OFFICE:
        return (
            membership.role == Role.COMMITTEE_OFFICE
            and bool(application.committee_key)
            and application.committee_key in (committee_keys or ())
        )
    return False


def _actors_for(action: str, application) -> tuple[str, ...]:
    if action == "application_reject" and application.state != "result_publicity":
        return REJECT_OWNER.get(application.state, ())
    if action in ("result_publicity_start", "result_complaint_raise", "application_reject"):
        # Region-reviewed results come back through city HR; the city's own committees publish their own.
        return (Role.HR_OFFICER,) if routed_to_region(application) else (Role.COMMITTEE_OFFICE,)
    if action == "result_file" and routed_to_region(application):
        return ()  # the region files its own results (TITLE-15); the city records the outcome only
    return ACTION_ACTORS[action]


class _Actor:
    """What one user is, loaded once (two queries at most) and asked about many actions (the detail page)."""

    def __init__(self, user):
        self.user = user
        self.authenticated = bool(getattr(user, "is_authenticated", False))
        self.memberships = _memberships(user) if self.authenticated else []
        self._keys: set[str] | None = None

    def committee_keys(self) -> set[str]:
        if self._keys is None:
            self._keys = _committee_keys_of(m.organisation for m in self.memberships if m.role == Role.COMMITTEE_OFFICE)
        return self._keys

    def organisation_for(self, action: str, application) -> tuple[str, Organisation | None] | None:
        """(role, organisation acted for) or None. The applicant acts for no organisation."""
        if not self.authenticated:
            return None
        for role in _actors_for(action, application):
            if role == APPLICANT:
                if application.applicant_id == self.user.pk:
                    return (Role.APPLICANT, None)
                continue
            keys = self.committee_keys() if role == Role.COMMITTEE_OFFICE else None
            for membership in self.memberships:
                if _reaches(membership, application, role, keys):
                    return (membership.role, membership.organisation)
        return None


def acting_organisation(user, application, action: str) -> tuple[str, Organisation | None] | None:
    """Who ``user`` is when running ``action`` on ``application``: (role, organisation) or None when not allowed.

    Permission only (who); whether the state and the rules allow the step now is the FSM's and the service's
    business — ``available_actions`` combines both for the buttons."""
    return _Actor(user).organisation_for(action, application)


def available_actions(user, application) -> dict[str, tuple[str, Organisation | None]]:
    """Every action ``user`` may run on ``application`` now: permission and the FSM's source states and
    conditions. The detail page shows exactly these buttons; the services check the same two things."""
    from django_fsm import can_proceed

    methods = {
        "unit_review_start": "unit_review_start",
        "unit_publicity_start": "unit_publicity_start",
        "unit_recommend": "recommend",
        "dept_review_start": "dept_review_start",
        "dept_forward": "dept_forward",
        "correction_notice_issue": "correction_issue",
        "correction_answer": "correction_answer",
        "hr_route": None,
        "region_forward": "region_forward",
        "region_outcome_record": "region_pass",
        "recognition_approve": "recognise",
        "committee_accept": "committee_accept",
        "vote_result_record": "vote_pass",
        "result_publicity_start": "result_publicity_start",
        "result_complaint_raise": None,
        "result_file": "result_file",
        "certificate_issue": "certify",
        "application_withdraw": "withdraw",
        "application_reject": "reject",
        "unit_objection": None,
    }
    states_without_fsm = {
        "hr_route": {"hr_review"},
        "result_complaint_raise": {"result_publicity"},
        "unit_objection": {"unit_publicity"},
    }
    actor = _Actor(user)
    allowed = {}
    for action, method in methods.items():
        if method is None:
            if application.state not in states_without_fsm[action]:
                continue
        elif not can_proceed(getattr(application, method)):
            continue
        if action == "region_forward" and not routed_to_region(application):
            continue
        if action == "hr_route" and application.route == "recognition":
            continue
        who = actor.organisation_for(action, application)
        if who is not None:
            allowed[action] = who
    return allowed


# TITLE-14: a complaint about the review process is investigated by the committee's organiser (its office), one
# about the authenticity of materials by HR and the unit (its HR officers) — never by a judge or an applicant who
# happens to belong to the same organisation.
COMPLAINT_RESOLVER_ROLES = (Role.COMMITTEE_OFFICE, Role.HR_OFFICER, Role.UNIT_HR)


def complaint_resolver_membership(user, routed_organisation_ids) -> Membership | None:
    """The membership on whose behalf ``user`` may resolve a complaint routed to those organisations, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Membership.objects.filter(
            user=user, active=True, role__in=COMPLAINT_RESOLVER_ROLES, organisation_id__in=list(routed_organisation_ids)
        )
        .select_related("organisation")
        .first()
    )


def complaint_resolver_organisations(user) -> set[int]:
    """Organisations for which ``user`` may resolve complaints (one query; for the buttons of a page)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Membership.objects.filter(user=user, active=True, role__in=COMPLAINT_RESOLVER_ROLES).values_list(
            "organisation_id", flat=True
        )
    )
