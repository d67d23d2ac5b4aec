"""Who reaches a title application. One predicate decides both what a page shows and what a service allows.

The transition predicates (who may run which step) are added next to it, and the same predicate decides whether
the step's button is shown.
"""

from __future__ import annotations

from django.db.models import Q

from titles.catalogue import SENIOR_LEVELS
from titles.models.applications import (
    AFTER_CITY,
    REGION_KEY_PREFIX,
    ApplicationState,
    Route,
    city_hr_holds,
    routed_to_region,
    senior_from_district,
    via_city_hr,
)
from workflow.models import Membership, Organisation, Role
from workflow.permissions import hr_bureau_reaches
from workflow.selectors import active_memberships

__all__ = ["REGION_KEY_PREFIX", "routed_to_region"]  # re-exported: callers import them from here


def application_scope(user) -> Q:
    """A Q over Application rows the user reaches through any active membership (one query to build it)."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    q = Q(applicant=user)
    for m in active_memberships(user):
        q |= membership_scope(m)
    return q


def membership_scope(membership: Membership) -> Q:
    """A Q over the Application rows one membership reaches (no query: committees are a subquery)."""
    from titles.models import Committee

    org = membership.organisation
    if membership.role == Role.UNIT_HR:
        return Q(unit=org)
    if membership.role == Role.DEPT_REVIEWER:
        return Q(unit__supervisor=org) | _city_department_reach(org)
    if membership.role == Role.HR_OFFICER:
        if org.kind == Organisation.Kind.CITY_HR:
            return Q(unit__jurisdiction="city") | _city_hr_reach()
        if org.kind == Organisation.Kind.DISTRICT_HR:
            return Q(unit__jurisdiction=org.jurisdiction)
    if membership.role == Role.COMMITTEE_OFFICE:
        return Q(committee_key=org.code) | Q(committee_key__in=Committee.objects.filter(organiser=org).values("key"))
    return Q(pk__in=[])


def is_private_draft(application) -> bool:
    """An application never handed in (a draft, or withdrawn as one): only its applicant may see it or its files."""
    return application.state == "draft" or (application.state == "withdrawn" and application.submitted_at is None)


def _district_senior() -> Q:
    return Q(level__in=sorted(SENIOR_LEVELS)) & ~Q(unit__jurisdiction="city")


def _city_hr_reach() -> Q:
    """TITLE-07: city HR reaches a district's senior application once the district HR has sent it up (and keeps
    it through the result and the certificate). Rejected or withdrawn ones it no longer sees: the state does not
    tell whether they had reached it."""
    return _district_senior() & Q(state__in=AFTER_CITY)


def _city_department_reach(org: Organisation) -> Q:
    """TITLE-07 directional senior: the city department of the series (Doc B attachment 2, ``series_received``)
    reaches the district's directional senior applications that the district department reported to it."""
    keys = list(org.series_received or [])
    if org.kind != Organisation.Kind.DEPARTMENT or org.jurisdiction != "city" or not keys:
        return Q(pk__in=[])
    series = Q(series__key__in=keys) | Q(series__parent__key__in=keys)
    return _district_senior() & Q(directional=True, state__in=[ApplicationState.CITY_DEPT_REVIEW, *AFTER_CITY]) & series


def escalated_reach(user, application) -> bool:
    """Whether ``user`` reaches ``application`` through a TITLE-07 escalation (city HR, the city department) — the
    reach ``can_view_application`` does not know; pages that show an application accept either (one query)."""
    from titles.models import Application

    if not getattr(user, "is_authenticated", False) or not senior_from_district(application):
        return False
    q = Q(pk__in=[])
    for m in active_memberships(user):
        if m.role == Role.HR_OFFICER and m.organisation.kind == Organisation.Kind.CITY_HR:
            q |= _city_hr_reach()
        elif m.role == Role.DEPT_REVIEWER:
            q |= _city_department_reach(m.organisation)
    return Application.objects.filter(q, pk=application.pk).exists()


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
    for m in active_memberships(user):
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
    # TITLE-07: city HR and the city department reach a district's senior case once it was sent up to them.
    return escalated_reach(user, application)


# ---------------------------------------------------------------------------------------------------------------
# Transition predicates. ``acting_organisation`` decides who may run a step of an application, on whose behalf
# (FLOW-06), and the same function decides whether the page shows the step's button (DESIGN.md "State machines").
# ---------------------------------------------------------------------------------------------------------------

APPLICANT = "applicant"  # the applicant themself (not a membership)
DEPT = "dept"  # the supervising department; a unit without one reports to the HR bureau directly (Doc B §三(二)1)
CITY_DEPT = "city_dept"  # TITLE-07 directional senior: the city department of the series (Doc B attachment 2)
CITY_HR = "city_hr"  # GREEN-03 (Doc A §五(四)3): the city HR bureau, whoever reaches the unit
# Role.HR_OFFICER means "the HR bureau of the step": the one reaching the unit, or city HR once a district's senior
# application has been sent up (``city_hr_holds``, TITLE-07).

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
    "green_channel_consent_record": (CITY_HR,),
    "city_hr_forward": (Role.HR_OFFICER,),
    "directional_recheck": (Role.HR_OFFICER,),
    "dept_report_city": (DEPT,),
    "region_forward": (Role.HR_OFFICER,),
    "region_outcome_record": (Role.HR_OFFICER,),
    "region_filing_record": (Role.HR_OFFICER,),
    "recognition_approve": (Role.HR_OFFICER,),
    "committee_accept": (Role.COMMITTEE_OFFICE,),
    "vote_result_record": (Role.COMMITTEE_OFFICE,),
    "result_publicity_start": (Role.COMMITTEE_OFFICE,),
    "result_complaint_raise": (Role.COMMITTEE_OFFICE,),
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
    "dept_report": (DEPT,),
    "city_dept_review": (CITY_DEPT,),
    "city_hr_review": (Role.HR_OFFICER,),
    "accepted": (Role.COMMITTEE_OFFICE,),
    "result_publicity": (Role.COMMITTEE_OFFICE,),
}


def _memberships(user) -> list[Membership]:
    return active_memberships(user)


def _committee_keys_of(organisations) -> set[str]:
    """Keys of the committees an office's organisation organises (its own code is a key too)."""
    from titles.models import Committee

    orgs = list(organisations)
    if not orgs:
        return set()
    keys = {org.code for org in orgs}
    keys.update(Committee.objects.filter(organiser__in=orgs).values_list("key", flat=True))
    return keys


def series_keys(application) -> set[str]:
    """The series keys a receiving office may list for the application: its series, and for a specialty that names
    no receiving office of its own (Doc B attachment 2, ``Series.receiving_office``) its parent series too."""
    series = application.series
    keys = {series.key}
    if series.parent_id and not series.receiving_office:
        keys.add(series.parent.key)
    return keys


def is_city_department_of(org: Organisation, application) -> bool:
    """TITLE-07: the city-level industry department that receives the application's series (attachment 2)."""
    return (
        org.kind == Organisation.Kind.DEPARTMENT
        and org.jurisdiction == "city"
        and bool(series_keys(application) & set(org.series_received or []))
    )


def city_departments(application) -> list[Organisation]:
    """TITLE-07: the city-level industry departments that receive the application's series (Doc B attachment 2);
    the district department reports a directional senior case to them (one query)."""
    candidates = Organisation.objects.filter(kind=Organisation.Kind.DEPARTMENT, jurisdiction="city")
    return [org for org in candidates if is_city_department_of(org, application)]


def _reaches(membership: Membership, application, role: str, committee_keys: set[str] | None) -> bool:
    org = membership.organisation
    unit = application.unit
    if role == Role.UNIT_HR:
        return membership.role == Role.UNIT_HR and org.pk == unit.pk
    if role == DEPT:
        if unit.supervisor_id:
            return membership.role == Role.DEPT_REVIEWER and unit.supervisor_id == org.pk
        return membership.role == Role.HR_OFFICER and hr_bureau_reaches(org, unit)
    if role == CITY_DEPT:
        return membership.role == Role.DEPT_REVIEWER and is_city_department_of(org, application)
    if role == Role.HR_OFFICER:
        if membership.role != Role.HR_OFFICER:
            return False
        if city_hr_holds(application):
            return org.kind == Organisation.Kind.CITY_HR
        return hr_bureau_reaches(org, unit)
    if role == CITY_HR:
        return membership.role == Role.HR_OFFICER and org.kind == Organisation.Kind.CITY_HR
    if role == Role.COMMITTEE_OFFICE:
        return (
            membership.role == Role.COMMITTEE_OFFICE
            and bool(application.committee_key)
            and application.committee_key in (committee_keys or ())
        )
    return False


def _actors_for(action: str, application) -> tuple[str, ...]:
    if action == "application_reject":
        return REJECT_OWNER.get(application.state, ())
    if action == "region_forward" and application.state == ApplicationState.CITY_DEPT_REVIEW:
        return (CITY_DEPT,)  # "经市级行业主管部门报送" (the directional committee's routing row)
    if action == "result_file" and routed_to_region(application):
        return ()  # the region files its own results; city HR records that filing (region_filing_record)
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


# GREEN-03 (Doc A §五(四)3): the city's own green channel is GREEN-02 category 8 ("市直事业单位'一事一议'引进人才",
# the same people: city-level introduced talent, one case one decision, seniority and years relaxed).
CITY_GREEN_CATEGORY = 8


def is_city_green_channel(application) -> bool:
    return application.route == Route.GREEN_CHANNEL and application.green_category == CITY_GREEN_CATEGORY


def green_decision_recorded(application) -> bool:
    """GREEN-03: the leading group's consent (intermediate/junior) or city HR's approval (senior) is on file."""
    from titles.models import ReviewDecision

    D = ReviewDecision.Decision
    return application.decisions.filter(decision__in=[D.GREEN_CONSENT, D.GREEN_APPROVAL]).exists()


def routing_open(application) -> bool:
    """TITLE-06/07: HR may (re)decide the committee in ``hr_review`` — except a district's senior application, which
    city HR routes (``city_hr_review``); a directional one is routed by the district HR before its re-check —
    and never for a recognition; GREEN-03: the city's green channel only after its consent/approval."""
    if application.route == Route.RECOGNITION:
        return False
    if application.state == ApplicationState.CITY_HR_REVIEW:
        return True
    return application.state == ApplicationState.HR_REVIEW and not via_city_hr(application)


# action → the FSM method whose sources and conditions decide whether it is possible now; None: a step that changes
# no state (its states and conditions are ``_STATELESS``).
ACTION_METHODS: dict[str, str | None] = {
    "unit_review_start": "unit_review_start",
    "unit_publicity_start": "unit_publicity_start",
    "unit_recommend": "recommend",
    "dept_review_start": "dept_review_start",
    "dept_forward": "dept_forward",
    "correction_notice_issue": "correction_issue",
    "correction_answer": "correction_answer",
    "hr_route": None,
    "green_channel_consent_record": None,
    "city_hr_forward": "city_hr_forward",
    "directional_recheck": "directional_recheck",
    "dept_report_city": "dept_report_city",
    "region_forward": "region_forward",
    "region_outcome_record": "region_pass",
    "region_filing_record": "region_file",
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


def _stateless_possible(action: str, application) -> bool:
    state = application.state
    if action == "hr_route":
        if not routing_open(application):
            return False
        return not is_city_green_channel(application) or green_decision_recorded(application)
    if action == "green_channel_consent_record":
        return (
            state == ApplicationState.HR_REVIEW
            and is_city_green_channel(application)
            and not green_decision_recorded(application)
        )
    if action == "result_complaint_raise":
        return state == ApplicationState.RESULT_PUBLICITY
    if action == "unit_objection":  # FLOW-03: objections are raised while the publicity runs
        publicity = application.unit_publicity
        return state == ApplicationState.UNIT_PUBLICITY and publicity is not None and publicity.state == "open"
    return False


def action_possible(action: str, application) -> bool:
    """Whether the state and the FSM conditions allow ``action`` now (not who: ``acting_organisation``)."""
    from django_fsm import can_proceed

    method = ACTION_METHODS[action]
    if method is None:
        return _stateless_possible(action, application)
    if not can_proceed(getattr(application, method)):
        return False
    if action == "dept_report_city":  # somebody must be there to receive it
        return bool(city_departments(application))
    return True


def available_actions(user, application) -> dict[str, tuple[str, Organisation | None]]:
    """Every action ``user`` may run on ``application`` now: permission and the FSM's source states and
    conditions. The detail page shows exactly these buttons; the services check the same two things."""
    actor = _Actor(user)
    allowed = {}
    for action in ACTION_METHODS:
        who = actor.organisation_for(action, application)
        if who is not None and action_possible(action, application):
            allowed[action] = who
    return allowed


def batch_roles(user) -> set[str]:
    """The roles of ``user``'s active memberships (the review list shows a batch button only to a role that can
    run it; one query)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return {m.role for m in active_memberships(user)}


# FLOW-03: a publicity is closed by hand by its owner — unit HR of the unit for a unit publicity (TITLE-08), the
# committee office that published a result publicity (TITLE-14).
PUBLICITY_OWNER_ROLES: dict[str, tuple[str, ...]] = {
    "unit_application": (Role.UNIT_HR,),
    "result": (Role.COMMITTEE_OFFICE,),
}


def publicity_closer(user, publicity) -> tuple[str, Organisation] | None:
    """Who ``user`` is when closing ``publicity`` by hand: (role, organisation), or None when not its owner."""
    if not getattr(user, "is_authenticated", False):
        return None
    owners = PUBLICITY_OWNER_ROLES.get(publicity.kind, ())
    membership = next(
        (m for m in active_memberships(user) if m.role in owners and m.organisation_id == publicity.organisation_id),
        None,
    )
    return (membership.role, membership.organisation) if membership else None


def publicity_owner_organisations(user, kind: str) -> set[int]:
    """Organisations whose publicities of ``kind`` ``user`` may close (the buttons of a list; one query)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    owners = PUBLICITY_OWNER_ROLES.get(kind, ())
    return {m.organisation_id for m in active_memberships(user) if m.role in owners}


# TITLE-14: a complaint about the review process is investigated by the committee's organiser (its office), one
# about the authenticity of materials by HR and the unit (its HR officers) — never by a judge or an applicant who
# happens to belong to the same organisation.
COMPLAINT_RESOLVER_ROLES = (Role.COMMITTEE_OFFICE, Role.HR_OFFICER, Role.UNIT_HR)


def complaint_resolver_membership(user, routed_organisation_ids) -> Membership | None:
    """The membership on whose behalf ``user`` may resolve a complaint routed to those organisations, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    routed = set(routed_organisation_ids)
    return next(
        (m for m in active_memberships(user) if m.role in COMPLAINT_RESOLVER_ROLES and m.organisation_id in routed),
        None,
    )


def complaint_resolver_organisations(user) -> set[int]:
    """Organisations for which ``user`` may resolve complaints (one query; for the buttons of a page)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return {m.organisation_id for m in active_memberships(user) if m.role in COMPLAINT_RESOLVER_ROLES}
