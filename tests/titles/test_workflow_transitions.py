"""Every (state, transition, role) of the application (FLOW-05, FLOW-06; DESIGN.md state machine): an allowed
combination succeeds, moves to its target state and writes exactly one audit record for the application, and its
button is shown; a refused one raises and changes nothing — not the state, the committee, the audit trail, the
signatures, correction notices, publicities, objections, complaints, the outbox or certificates — and its button
is hidden.

Each transition runs on every state against every role; where the outcome depends on the path a case follows
(TITLE-06/07: the region, a district's senior case, the directional chain; RECOG; GREEN-03; an open or ended
publicity) it runs once more per path (``VARIANTS_OF``). ``ALLOWED`` is the whole table of allowed cells, written out:
anything not in it must be refused.

Speed: the world is built once for the module (inside a transaction rolled back at its end) and every role's attempt
runs in a savepoint that is rolled back, so one application per cell serves all roles."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from tests.titles.factories import TODAY, correction_notice
from tests.titles.workflow_world import case, review_world
from titles.models import Application, Certificate, CorrectionNotice, ResultComplaint, ReviewDecision
from titles.models.applications import ApplicationState
from titles.permissions import ACTION_METHODS, available_actions
from titles.services import committees
from titles.services import workflow as wf
from titles.services.applications import ApplicationError
from workflow.models import AuditRecord, Objection, OutboxMessage, Publicity
from workflow.permissions import PermissionDenied

pytestmark = pytest.mark.django_db

STATES = [s.value for s in ApplicationState]
ROLES = [
    "applicant",  # the application's own applicant
    "other_applicant",
    "unit_hr",  # unit HR of the city unit (the city cases' unit)
    "other_unit_hr",
    "district_unit_hr",  # unit HR of the Haibowan unit (the district cases' unit)
    "dept",  # the city education bureau: supervises the city unit
    "other_dept",
    "district_dept",  # the Haibowan education bureau: supervises the district unit
    "city_dept",  # the city department receiving engineering (TITLE-07 directional chain)
    "hr",  # city HR
    "district_hr",  # Haibowan HR
    "office",  # the teachers' committee office (the city cases' committee)
    "other_office",
    "system",  # no actor: the beat tasks
]
REFUSED = (wf.TitleWorkflowError, PermissionDenied, committees.CommitteeError, ApplicationError)
LATER = TODAY + timedelta(days=14)  # after every correction deadline of the world


def _complaint_args(a, u):
    return {"application": a, "actor": u, "kind": "process", "content": "评审程序有误", "raised_on": TODAY}


ACTIONS = {
    "submit": lambda a, u: _submit(a, u),
    "unit_review_start": lambda a, u: wf.unit_review_start(application=a, actor=u),
    "unit_publicity_start": lambda a, u: wf.unit_publicity_start(
        applications=[a], actor=u, starts_on=TODAY, today=TODAY
    ),
    "unit_objection": lambda a, u: wf.unit_objection_raise(application=a, actor=u, content="论文抄袭", raised_on=TODAY),
    "unit_recommend": lambda a, u: wf.unit_recommend(
        application=a, actor=u, opinion="符合条件", selection_method="民主推荐", pledged=True, today=TODAY
    ),
    "dept_review_start": lambda a, u: wf.dept_review_start(application=a, actor=u),
    "dept_forward": lambda a, u: wf.dept_forward(application=a, actor=u, opinion="同意报送", today=TODAY),
    "correction_notice_issue": lambda a, u: wf.correction_notice_issue(
        application=a,
        actor=u,
        items=[{"item": "work_summary", "note": "未盖章"}],
        deadline=TODAY + timedelta(10),
        today=TODAY,
    ),
    "correction_answer": lambda a, u: wf.correction_answer(
        application=a, actor=u, note="已补", changed_items=["annual_assessments"], today=TODAY
    ),
    "correction_notice_expire": lambda a, u: wf.correction_notice_expire(
        notice=CorrectionNotice.objects.filter(application=a).latest("pk"), today=LATER
    ),
    "hr_route": lambda a, u: wf.hr_route(application=a, actor=u, today=TODAY),
    "green_channel_consent_record": lambda a, u: wf.green_channel_consent_record(
        application=a, actor=u, document="乌人才组〔2023〕1号", decided_on=TODAY, today=TODAY
    ),
    "city_hr_forward": lambda a, u: wf.city_hr_forward(application=a, actor=u, opinion="审核汇总", today=TODAY),
    "directional_recheck": lambda a, u: wf.directional_recheck(application=a, actor=u, opinion="复核通过", today=TODAY),
    "dept_report_city": lambda a, u: wf.dept_report_city(application=a, actor=u, opinion="同意上报", today=TODAY),
    "committee_accept": lambda a, u: wf.committee_accept(application=a, actor=u),
    "region_forward": lambda a, u: wf.region_forward(application=a, actor=u, today=TODAY),
    "region_outcome_record": lambda a, u: wf.region_outcome_record(
        application=a, actor=u, passed=True, decided_on=TODAY
    ),
    "region_outcome_record_failed": lambda a, u: wf.region_outcome_record(
        application=a, actor=u, passed=False, decided_on=TODAY
    ),
    "region_filing_record": lambda a, u: wf.region_filing_record(
        application=a, actor=u, document="内人社职改字〔2023〕8号", filed_on=TODAY, today=TODAY
    ),
    "recognition_approve": lambda a, u: wf.recognition_approve(application=a, actor=u, opinion="认定", today=TODAY),
    "application_schedule": lambda a, u: committees.application_schedule(application=a, actor=u),
    "application_unschedule": lambda a, u: committees.application_unschedule(application=a, actor=u),
    "vote_result_record": lambda a, u: wf.vote_result_record(application=a, actor=u, passed=True, decided_on=TODAY),
    "vote_result_record_failed": lambda a, u: wf.vote_result_record(
        application=a, actor=u, passed=False, decided_on=TODAY
    ),
    "result_publicity_start": lambda a, u: wf.result_publicity_start(
        applications=[a], actor=u, starts_on=TODAY, today=TODAY
    ),
    "result_complaint_raise": lambda a, u: wf.result_complaint_raise(**_complaint_args(a, u)),
    "result_file": lambda a, u: wf.result_file(application=a, actor=u, today=TODAY),
    "certificate_issue": lambda a, u: wf.certificate_issue(application=a, actor=u, today=TODAY),
    "application_withdraw": lambda a, u: wf.application_withdraw(application=a, actor=u),
    "application_reject": lambda a, u: wf.application_reject(application=a, actor=u, reason="不符合条件", today=TODAY),
}
# The button each action has on the review pages (``available_actions``); the others have their own pages
# (submission: the applicant's page; scheduling: the meeting's docket) or none (the system's expiry).
BUTTON = {name: name.removesuffix("_failed") for name in ACTIONS if name.removesuffix("_failed") in ACTION_METHODS}


def _submit(app, user):
    from titles.services.applications import application_submit

    return application_submit(user=user, application=app, today=TODAY)


# Steps of the system (the beat tasks): no person can run them — no page action, no button — so their rows are the
# system's alone (``test_system_steps_have_no_page_action``).
SYSTEM_ONLY = {"correction_notice_expire"}


def _prepare(w, action, app) -> None:
    """What an action acts on besides the application: the expiry needs a correction notice (a case outside
    ``correction`` gets one, to show that nothing expires there)."""
    if action == "correction_notice_expire" and not CorrectionNotice.objects.filter(application=app).exists():
        correction_notice(w, app, deadline=TODAY)


WITHDRAWABLE = ["draft", "submitted", "unit_review", "unit_publicity", "recommended", "dept_review", "correction",
                "hr_review", "dept_report", "city_dept_review", "city_hr_review"]  # fmt: skip

# (variant, action) → {state: (the one role allowed, the state it leads to)}. Anything else is refused.
ALLOWED: dict[tuple[str, str], dict[str, tuple[str, str]]] = {
    ("submittable", "submit"): {"draft": ("applicant", "submitted")},
    ("city", "unit_review_start"): {"submitted": ("unit_hr", "unit_review")},
    ("city", "unit_publicity_start"): {"unit_review": ("unit_hr", "unit_publicity")},
    ("city", "unit_objection"): {},  # the factory's unit publicity has closed: no objection any more (FLOW-03)
    ("publicity_open", "unit_objection"): {"unit_publicity": ("unit_hr", "unit_publicity")},
    ("city", "unit_recommend"): {"unit_publicity": ("unit_hr", "recommended")},
    ("publicity_open", "unit_recommend"): {},  # TITLE-08: not before the publicity closed
    ("publicity_ended", "unit_recommend"): {},  # FLOW-03: ended but not closed yet
    ("city", "dept_review_start"): {"recommended": ("dept", "dept_review")},
    ("city", "dept_forward"): {"dept_review": ("dept", "hr_review")},
    ("city", "correction_notice_issue"): {"dept_review": ("dept", "correction")},
    ("city", "correction_answer"): {"correction": ("applicant", "dept_review")},
    ("city", "correction_notice_expire"): {"correction": ("system", "withdrawn")},
    ("city", "hr_route"): {"hr_review": ("hr", "hr_review"), "city_hr_review": ("hr", "city_hr_review")},
    ("region", "hr_route"): {"hr_review": ("hr", "hr_review"), "city_hr_review": ("hr", "city_hr_review")},
    ("recognition", "hr_route"): {},  # RECOG: no committee
    ("district", "hr_route"): {"city_hr_review": ("hr", "city_hr_review")},  # TITLE-07: city HR routes
    ("directional", "hr_route"): {
        "hr_review": ("district_hr", "hr_review"),
        "city_hr_review": ("hr", "city_hr_review"),
    },
    ("green", "hr_route"): {},  # GREEN-03: not before the leading group's consent
    ("city", "green_channel_consent_record"): {},
    ("green", "green_channel_consent_record"): {"hr_review": ("hr", "hr_review")},
    ("green_senior", "green_channel_consent_record"): {"hr_review": ("hr", "hr_review")},
    ("city", "city_hr_forward"): {},
    ("district", "city_hr_forward"): {"hr_review": ("district_hr", "city_hr_review")},
    ("directional", "city_hr_forward"): {},  # directional goes via the departments
    ("city", "directional_recheck"): {},
    ("district", "directional_recheck"): {},
    ("directional", "directional_recheck"): {"hr_review": ("district_hr", "dept_report")},
    ("city", "dept_report_city"): {},  # no city department receives teachers in this world
    ("directional", "dept_report_city"): {"dept_report": ("district_dept", "city_dept_review")},
    ("city", "committee_accept"): {"hr_review": ("office", "accepted")},
    ("region", "committee_accept"): {},
    ("district_city", "committee_accept"): {"city_hr_review": ("office", "accepted")},
    ("directional_city", "committee_accept"): {
        "city_hr_review": ("office", "accepted"),
        "city_dept_review": ("office", "accepted"),
    },
    ("city", "region_forward"): {},
    ("region", "region_forward"): {
        "hr_review": ("hr", "forwarded"),
        "city_hr_review": ("hr", "forwarded"),
        "city_dept_review": ("city_dept", "forwarded"),
    },
    ("district", "region_forward"): {"city_hr_review": ("hr", "forwarded")},
    ("directional", "region_forward"): {
        "city_hr_review": ("hr", "forwarded"),
        "city_dept_review": ("city_dept", "forwarded"),
    },
    ("city", "region_outcome_record"): {"forwarded": ("hr", "passed")},
    ("district", "region_outcome_record"): {"forwarded": ("hr", "passed")},  # city HR, not the district's
    ("city", "region_outcome_record_failed"): {"forwarded": ("hr", "failed")},
    ("district", "region_outcome_record_failed"): {"forwarded": ("hr", "failed")},
    ("city", "region_filing_record"): {},  # a city committee's result is published and filed here
    ("region", "region_filing_record"): {"passed": ("hr", "filed")},
    ("district", "region_filing_record"): {"passed": ("hr", "filed")},
    ("city", "recognition_approve"): {},
    ("recognition", "recognition_approve"): {"hr_review": ("hr", "recognised")},
    ("city", "application_schedule"): {"accepted": ("office", "scheduled")},
    ("city", "application_unschedule"): {"scheduled": ("office", "accepted")},
    ("city", "vote_result_record"): {"scheduled": ("office", "passed")},
    ("city", "vote_result_record_failed"): {"scheduled": ("office", "failed")},
    ("city", "result_publicity_start"): {"passed": ("office", "result_publicity")},
    ("region", "result_publicity_start"): {},  # the region publishes its own results
    ("city", "result_complaint_raise"): {"result_publicity": ("office", "result_publicity")},
    ("result_open", "result_complaint_raise"): {"result_publicity": ("office", "result_publicity")},
    ("city", "result_file"): {"result_publicity": ("hr", "filed")},
    ("result_open", "result_file"): {},  # TITLE-14: not before the result publicity closed
    ("region", "result_file"): {},
    ("district_city", "result_file"): {"result_publicity": ("hr", "filed")},  # city HR files (TITLE-15)
    ("city", "certificate_issue"): {"filed": ("hr", "certified"), "recognised": ("hr", "certified")},
    ("district", "certificate_issue"): {"filed": ("hr", "certified"), "recognised": ("district_hr", "certified")},
    ("city", "application_withdraw"): {s: ("applicant", "withdrawn") for s in WITHDRAWABLE},
    ("city", "application_reject"): {
        "unit_review": ("unit_hr", "rejected"),
        "unit_publicity": ("unit_hr", "rejected"),
        "recommended": ("dept", "rejected"),
        "dept_review": ("dept", "rejected"),
        "hr_review": ("hr", "rejected"),
        "dept_report": ("dept", "rejected"),
        "city_hr_review": ("hr", "rejected"),
        "accepted": ("office", "rejected"),
        "result_publicity": ("office", "rejected"),
    },
    ("district", "application_reject"): {
        "unit_review": ("district_unit_hr", "rejected"),
        "unit_publicity": ("district_unit_hr", "rejected"),
        "recommended": ("district_dept", "rejected"),
        "dept_review": ("district_dept", "rejected"),
        "hr_review": ("district_hr", "rejected"),
        "dept_report": ("district_dept", "rejected"),
        "city_dept_review": ("city_dept", "rejected"),
        "city_hr_review": ("hr", "rejected"),
    },
}
VARIANTS_OF: dict[str, list[str]] = {}
for _variant, _action in ALLOWED:
    VARIANTS_OF.setdefault(_action, []).append(_variant)
assert set(VARIANTS_OF) == set(ACTIONS), set(ACTIONS) ^ set(VARIANTS_OF)
# The city case runs every state; a path variant the states where paths differ (and those its table names).
PATH_STATES = ["hr_review", "dept_report", "city_dept_review", "city_hr_review", "forwarded", "passed"]
STATES_OF_VARIANT = {
    "city": STATES,
    "submittable": STATES,  # submission is run on this variant only
    "publicity_open": ["unit_publicity"],
    "publicity_ended": ["unit_publicity"],
    "result_open": ["result_publicity"],
}


def _states(variant: str, action: str) -> list[str]:
    wanted = set(STATES_OF_VARIANT.get(variant, PATH_STATES)) | set(ALLOWED[(variant, action)])
    return [s for s in STATES if s in wanted]


CELLS = [
    (action, variant, state)
    for action in ACTIONS
    for variant in VARIANTS_OF[action]
    for state in _states(variant, action)
]

WORLD: dict = {}


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """One world for the module, and every case of ``CELLS`` created once, in a transaction rolled back when the
    module is done (each test is a savepoint inside it)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            w = WORLD["w"] = review_world()
            w.cases = {
                (variant, state): case(w, variant, state).pk
                for variant, state in sorted({(v, st) for _a, v, st in CELLS if v != "submittable"})
            }
            yield w
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            WORLD.clear()


def _user(w, role, app):
    if role == "applicant":
        return app.applicant
    if role == "system":
        return None
    return getattr(w, role)


def _submittable(w, state):
    """A complete draft (profile, every required material) of a city engineer applying for intermediate in the
    2023 intermediate/junior window (open on TODAY); in any other state the city case."""
    if state != "draft":
        return case(w, "city", state)
    from tests.titles.test_application_services import create, fill_materials, make_applicant, pdf_upload  # noqa: F401
    from titles.models import Series

    user = make_applicant(
        f"submitter_{Application.objects.count()}",
        unit=w.unit,
        titles=[
            {"series": Series.objects.get(key="engineering"), "level": "assistant", "obtained_on": date(2015, 7, 1)}
        ],
        today=TODAY,
    )
    app = create(user, level="intermediate", today=TODAY)
    fill_materials(user, app, today=TODAY)
    return app


def _fingerprint_sql() -> str:
    def count(model, where=""):
        return f"(SELECT COUNT(*) FROM {model._meta.db_table}{' WHERE ' + where if where else ''})"

    return ", ".join(
        [
            "a.state, a.committee_key, a.committee_name, a.effective_on, a.correction_used, a.unit_publicity_id, "
            "a.result_publicity_id",
            count(AuditRecord),
            count(AuditRecord, "subject_type_id = %s AND subject_id = %s"),
            count(ReviewDecision),
            *(count(CorrectionNotice, f"state = '{s}'") for s in CorrectionNotice.State.values),
            *(count(Publicity, f"state = '{s}'") for s in Publicity.State.values),
            *(count(Objection, f"outcome = '{s}'") for s in Objection.Outcome.values),
            *(count(ResultComplaint, f"outcome = '{s}'") for s in ResultComplaint.Outcome.values),
            count(OutboxMessage),
            count(Certificate),
        ]
    )


FINGERPRINT = f"SELECT {_fingerprint_sql()} FROM {Application._meta.db_table} a WHERE a.id = %s"


def fingerprint(app) -> tuple:
    """Everything a refused step must leave as it was — the application's fields that steps change, and how many
    audit records (all, and the application's: position 8), signatures, notices, publicities, objections,
    complaints (each by state), messages and certificates exist. One query."""
    with connection.cursor() as cursor:
        cursor.execute(FINGERPRINT, [ContentType.objects.get_for_model(Application).pk, str(app.pk), app.pk])
        return tuple(cursor.fetchone())


APP_AUDITS = 8  # index of the application's audit count in the fingerprint


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize(("action", "variant", "state"), CELLS)
def test_transition_table_state_action_role(module_world, action, variant, state):
    """FLOW-05: allowed → the target state and one audit record, button shown; refused → nothing changes, hidden."""
    w = module_world
    app = _submittable(w, state) if variant == "submittable" else _fetch(w.cases[(variant, state)])
    _prepare(w, action, app)
    allowed_role, target = ALLOWED[(variant, action)].get(state, (None, None))
    app = _fetch(app.pk)
    before = fingerprint(app)  # each role's attempt is rolled back: every one starts from here
    for role in ["system"] if action in SYSTEM_ONLY else ROLES:
        with transaction.atomic():
            user = _user(w, role, app)
            shown = BUTTON.get(action) in available_actions(user, app) if action in BUTTON else None
            where = (action, variant, state, role)
            if role == allowed_role:
                ACTIONS[action](app, user)
                after = fingerprint(app)
                assert after[0] == target, where
                assert after[APP_AUDITS] == before[APP_AUDITS] + 1, where
                assert shown in (True, None), f"button hidden for allowed {where}"
            else:
                with pytest.raises(REFUSED):
                    ACTIONS[action](app, user)
                assert fingerprint(app) == before, where
                assert not shown, f"button shown for refused {where}"
            transaction.set_rollback(True)
        if role == allowed_role:
            app = _fetch(app.pk)  # the step may have moved the caller's copy too


def _fetch(pk) -> Application:
    return Application.objects.select_related(
        "applicant", "unit", "unit__supervisor", "series", "series__parent", "unit_publicity", "result_publicity"
    ).get(pk=pk)


def test_system_steps_have_no_page_action():
    from titles.views.review import FORMS

    assert not SYSTEM_ONLY & set(FORMS)
    assert not SYSTEM_ONLY & set(ACTION_METHODS)


def test_every_button_action_is_in_the_table():
    """The predicates know no action the table does not run."""
    assert set(ACTION_METHODS) <= {BUTTON[a] for a in BUTTON}


# --- steps on what a case carries: objections, complaints, publicities (FLOW-03, TITLE-14) -------------------------


def _objection(w, outcome="open"):
    from tests.titles.workflow_world import running_publicity

    publicity = running_publicity(w.unit)
    app = case(w, "city", "unit_publicity", unit_publicity=publicity)
    objection = wf.unit_objection_raise(application=app, actor=w.unit_hr, content="论文抄袭", raised_on=TODAY)
    if outcome != "open":
        wf.unit_objection_resolve(objection=objection, actor=w.unit_hr, upheld=False, note="经核查不成立")
    return app, objection


def _publicity(w, kind, situation):
    from tests.titles.workflow_world import ended_publicity, running_publicity

    owner = w.unit if kind == Publicity.Kind.UNIT_APPLICATION else w.organiser
    publicity = (running_publicity if situation == "running" else ended_publicity)(owner, kind=kind)
    if kind == Publicity.Kind.UNIT_APPLICATION:
        app = case(w, "city", "unit_publicity", unit_publicity=publicity)
        if situation == "ended_objection":
            Objection.objects.create(publicity=publicity, subject_label="申报人", subject_type="titles.application",
                                     subject_id=str(app.pk), raised_on=date(2023, 6, 28), content="异议")  # fmt: skip
    else:
        app = case(w, "city", "result_publicity", result_publicity=publicity)
        if situation == "ended_objection":  # a complaint raised during the period holds it open
            wf.result_complaint_raise(application=app, actor=w.office, kind="process", content="程序违规",
                                      raised_on=date(2023, 6, 28))  # fmt: skip
    if situation == "closed":
        wf.publicity_close_by_owner(publicity=publicity, actor=w.unit_hr if owner == w.unit else w.office, today=TODAY)
        publicity.refresh_from_db()
    return app, publicity


def _complaint(w, kind, outcome="open"):
    app = case(w, "city", "result_publicity")  # its result publicity has closed: a complaint still blocks the filing
    complaint = wf.result_complaint_raise(application=app, actor=w.office, kind=kind, content="投诉", raised_on=TODAY)
    if outcome != "open":
        wf.result_complaint_resolve(complaint=complaint, actor=w.office if kind == "process" else w.hr, upheld=False,
                                    note="不成立")  # fmt: skip
    return app, complaint


UNIT, RESULT = Publicity.Kind.UNIT_APPLICATION, Publicity.Kind.RESULT
# step → situation → (how to build it, the roles allowed, how to run it)
SUB_STEPS = {
    "unit_objection_resolve": {
        "open": (lambda w: _objection(w), {"unit_hr"}),
        "resolved": (lambda w: _objection(w, "dismissed"), set()),
    },
    "unit_publicity_close": {
        "running": (lambda w: _publicity(w, UNIT, "running"), set()),
        "ended": (lambda w: _publicity(w, UNIT, "ended"), {"unit_hr"}),
        "ended_objection": (lambda w: _publicity(w, UNIT, "ended_objection"), set()),
        "closed": (lambda w: _publicity(w, UNIT, "closed"), set()),
    },
    "result_publicity_close": {
        "running": (lambda w: _publicity(w, RESULT, "running"), set()),
        "ended": (lambda w: _publicity(w, RESULT, "ended"), {"office"}),
        "ended_complaint": (lambda w: _publicity(w, RESULT, "ended_objection"), set()),
        "closed": (lambda w: _publicity(w, RESULT, "closed"), set()),
    },
    "result_complaint_resolve": {
        "process_open": (lambda w: _complaint(w, "process"), {"office"}),  # the committee's organiser
        "authenticity_open": (lambda w: _complaint(w, "authenticity"), {"hr", "unit_hr"}),  # HR and the unit
        "resolved": (lambda w: _complaint(w, "process", "dismissed"), set()),
    },
}
RUN_SUB = {
    "unit_objection_resolve": lambda obj, u: wf.unit_objection_resolve(
        objection=obj, actor=u, upheld=False, note="不成立"
    ),
    "unit_publicity_close": lambda obj, u: wf.unit_publicity_close(publicity=obj, actor=u, today=TODAY),
    "result_publicity_close": lambda obj, u: wf.result_publicity_close(publicity=obj, actor=u, today=TODAY),
    "result_complaint_resolve": lambda obj, u: wf.result_complaint_resolve(
        complaint=obj, actor=u, upheld=False, note="不成立"
    ),  # fmt: skip
}
SUB_CELLS = [(step, situation) for step, situations in SUB_STEPS.items() for situation in situations]


@pytest.mark.parametrize(("step", "situation"), SUB_CELLS)
def test_sub_step_table_situation_role(module_world, step, situation):
    """FLOW-03/05, TITLE-14: an objection, a complaint, a publicity — every situation against every role. Allowed →
    its outcome and one audit record (the application's for a resolution, the publicity's for a close); refused →
    nothing changes."""
    w = module_world
    build, allowed = SUB_STEPS[step][situation]
    app, obj = build(w)
    before = fingerprint(app)
    for role in ROLES:
        with transaction.atomic():
            user = _user(w, role, app)
            where = (step, situation, role)
            if role in allowed:
                RUN_SUB[step](obj, user)
                after = fingerprint(app)
                obj.refresh_from_db()
                if step.endswith("_close"):
                    assert obj.state == "closed", where
                    assert after[7] == before[7] + 1 and after[APP_AUDITS] == before[APP_AUDITS], where
                else:
                    assert obj.outcome == "dismissed", where
                    assert after[APP_AUDITS] == before[APP_AUDITS] + 1, where
            else:
                with pytest.raises(REFUSED):
                    RUN_SUB[step](obj, user)
                assert fingerprint(app) == before, where
            transaction.set_rollback(True)
