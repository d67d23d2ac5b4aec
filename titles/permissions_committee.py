"""Who reaches a committee, its judges, its meetings, tallies and dossiers (CMTE-01…04).

Decision (documented in docs/rules_committees_db.md): a committee office acts for the **organiser** of a
committee — ``Membership(role=committee_office, organisation=committee.organiser)``. One organiser may form several
committees (e.g. the Education Bureau's intermediate and deputy-senior teachers' committees), so the committee key
is not required to equal the organiser's code; this module maps committee → organiser, and an office reaches the
applications whose ``committee_key`` is the key of one of its organiser's committees (``titles.permissions`` keeps
reaching ``committee_key == organisation.code`` as before, which the demo's main committee also satisfies).

A judge reaches a meeting, and the dossiers on its docket (read only), when they hold a seat (panel or alternate)
on that meeting's committee for the meeting's year. City HR (the approving bureau) reaches every committee and
meeting. Nobody else does — not another committee's office, not a judge of another meeting, not anonymous users.
"""

from __future__ import annotations

from django.db.models import Q

from workflow.models import Membership, Organisation, Role
from workflow.permissions import PermissionDenied
from workflow.selectors import active_memberships


def _memberships(user, role: str):
    if not getattr(user, "is_authenticated", False):
        return []
    cache = getattr(user, "_wuhai_memberships", None)
    if cache is None:
        cache = active_memberships(user)
        user._wuhai_memberships = cache
    return [m for m in cache if m.role == role]


def office_organisation_ids(user) -> set[int]:
    return {m.organisation_id for m in _memberships(user, Role.COMMITTEE_OFFICE)}


def is_city_hr(user) -> bool:
    return any(m.organisation.kind == Organisation.Kind.CITY_HR for m in _memberships(user, Role.HR_OFFICER))


def works_with_committees(user) -> bool:
    """The committee offices and city HR: they open the committee list, the meeting calendar and the expert pool
    (CMTE-01…04). The views refuse others (a judge opens only the meetings they sit on), and the navigation shows
    these pages to exactly these users (titles.context_processors)."""
    return bool(office_organisation_ids(user)) or is_city_hr(user)


def acting_committee_office(user, organiser: Organisation) -> Membership:
    """The committee-office membership on whose behalf ``user`` acts for ``organiser``'s committees."""
    for m in _memberships(user, Role.COMMITTEE_OFFICE):
        if m.organisation_id == organiser.pk:
            return m
    raise PermissionDenied(
        f"只有{organiser.name}的评委会办事机构才能办理此事项 / only the committee office of {organiser.name} may do this"
    )


def acting_city_hr(user) -> Membership:
    """CMTE-01/CMTE-02: committees and review plans are approved by the city HR bureau."""
    for m in _memberships(user, Role.HR_OFFICER):
        if m.organisation.kind == Organisation.Kind.CITY_HR:
            return m
    raise PermissionDenied("只有市人力资源和社会保障局才能核准 / only the city HR bureau may approve this")


def may_edit_judge_pool(user) -> Membership:
    """The expert pool is kept by the committee offices and city HR."""
    for m in _memberships(user, Role.COMMITTEE_OFFICE):
        return m
    for m in _memberships(user, Role.HR_OFFICER):
        if m.organisation.kind == Organisation.Kind.CITY_HR:
            return m
    raise PermissionDenied(
        "只有评委会办事机构或市人社局才能维护专家库 / only committee offices or city HR keep the pool"
    )


def judge_profile(user):
    """The pool row of the signed-in judge, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    from titles.models import Judge

    cached = getattr(user, "_wuhai_judge", False)
    if cached is False:
        cached = Judge.objects.filter(user=user).first()
        user._wuhai_judge = cached
    return cached


def committee_scope(user) -> Q:
    """Committees the user reaches (a Q over Committee)."""
    if is_city_hr(user):
        return Q()
    q = Q(organiser_id__in=office_organisation_ids(user))
    judge = judge_profile(user)
    if judge is not None:
        q |= Q(seats__judge=judge)
    return q if getattr(user, "is_authenticated", False) else Q(pk__in=[])


def can_manage_committee(user, committee) -> bool:
    return committee.organiser_id in office_organisation_ids(user)


def can_view_committee(user, committee) -> bool:
    """Committee page (its judges and draws): its office and city HR."""
    return can_manage_committee(user, committee) or is_city_hr(user)


def sits_on_meeting(user, meeting) -> bool:
    judge = judge_profile(user)
    if judge is None:
        return False
    from titles.models import CommitteeSeat

    return CommitteeSeat.objects.filter(
        committee=meeting.committee_id, year=meeting.meets_on.year, judge=judge
    ).exists()


def can_view_meeting(user, meeting) -> bool:
    """Meeting screen with recusals and tallies: the committee's office and city HR (judges see their docket)."""
    return can_view_committee(user, meeting.committee)


def can_view_docket(user, meeting) -> bool:
    """The docket and its dossiers, read only: office, city HR and the judges seated on that meeting."""
    return can_view_meeting(user, meeting) or sits_on_meeting(user, meeting)


def meeting_scope(user) -> Q:
    """Meetings the user reaches (a Q over Meeting)."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if is_city_hr(user):
        return Q()
    q = Q(committee__organiser_id__in=office_organisation_ids(user))
    judge = judge_profile(user)
    if judge is not None:
        from django.db.models import F

        q |= Q(committee__seats__judge=judge, committee__seats__year=F("meets_on__year"))
    return q


def committee_application_scope(user) -> Q:
    """Applications the user reaches as a committee office (its organiser's committees) or as a judge (the dockets
    of the meetings they sit on, except the applicants they are recused from and entries deferred off the docket,
    CMTE-03). Complements ``titles.permissions.application_scope``; ``can_view_dossier`` reads it for judges."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    from titles.models import Committee

    keys = list(Committee.objects.filter(organiser_id__in=office_organisation_ids(user)).values_list("key", flat=True))
    q = Q(committee_key__in=keys)
    judge = judge_profile(user)
    if judge is not None:
        q |= Q(pk__in=judge_dossier_entries(judge).values("application_id"))
    return q


def judge_dossier_entries(judge, meeting=None):
    """Docket entries whose dossier ``judge`` may read: on a meeting they hold a seat for (that meeting's committee
    and year), not deferred, and not an applicant they are recused from on that meeting (CMTE-03)."""
    from django.db.models import Exists, OuterRef

    from titles.models import CommitteeSeat, DocketEntry, Recusal

    seated = CommitteeSeat.objects.filter(
        judge=judge, committee=OuterRef("meeting__committee"), year=OuterRef("meeting__meets_on__year")
    )
    recused = Recusal.objects.filter(judge=judge, meeting=OuterRef("meeting"), application=OuterRef("application"))
    entries = DocketEntry.objects.filter(Exists(seated), deferred=False).exclude(Exists(recused))
    return entries.filter(meeting=meeting) if meeting is not None else entries


def is_recused(user, meeting, application) -> bool:
    judge = judge_profile(user)
    if judge is None:
        return False
    return meeting.recusals.filter(judge=judge, application=application).exists()


def can_view_dossier(user, application, meeting=None) -> bool:
    """A dossier (materials, 评审表, 送审表; read only) through the committee: the office of the committee it was
    routed to, city HR, or a judge seated on a meeting whose docket holds it and who is not recused from that
    applicant (``meeting`` given: through that meeting only)."""
    if not getattr(user, "is_authenticated", False):
        return False
    from titles.models import Application, Committee

    if is_city_hr(user):
        return True
    if Committee.objects.filter(key=application.committee_key, organiser_id__in=office_organisation_ids(user)).exists():
        return True
    judge = judge_profile(user)
    if judge is None:
        return False
    if meeting is not None:
        return judge_dossier_entries(judge, meeting).filter(application=application).exists()
    return Application.objects.filter(committee_application_scope(user), pk=application.pk).exists()
