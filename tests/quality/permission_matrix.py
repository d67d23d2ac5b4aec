"""The permission matrix: every URL pattern and API operation × every role × own/other organisation's object → the
expected answer. One table; ``tests/quality/test_permission_matrix.py`` checks every cell, and
``tests/quality/test_matrix_completeness.py`` fails when a URL pattern, an API operation or a review step has no GET
and POST row here, or a row leaves a column unchecked (the admin's plumbing excepted, with its reason).

The expected cells are the policy's answer, not the code's: who may run a step is DESIGN.md's role table and the
rules (TITLE-06…15, TITLE-07's district paths, FLOW-03/04, GREEN-03, CMTE-01…04, POST-10/11) — the organisation that
owns the step acts (``D``), a person who sees the case without owning the step is refused (403), a person whose
memberships do not reach it is told it does not exist (404). Side A's object answers "own organisation" for the A
columns and "other organisation" for the B columns, and the reverse.

The world is ``tests/quality/matrix_world.py``: side A (city level: unit A, the city education bureau, city HR,
committee A and its meeting) and side B (Haibowan district: unit B, the district education bureau, the Haibowan HR
bureau, committee B and its meeting); the Hainan HR bureau reaches neither. An argument of a row names an object of
that world (its pk is used); anything else is passed as written.

Columns (``matrix_world.USERS``)::

    ano apA apB uhA uhB  dA  dB hrC hHB hHN ofA ofB  jA  jB  su

    ano   anonymous visitor             hrC   city HR bureau (reaches city-level units: unit A)
    apA   applicant A (owner, side A)   hHB   Haibowan HR bureau (reaches unit B)
    apB   applicant B (another one)     hHN   Hainan HR bureau (reaches neither unit)
    uhA   unit HR of unit A             ofA   committee office of committee A
    uhB   unit HR of unit B             ofB   committee office of committee B
    dA    city education bureau         jA    judge seated on committee A (meeting A)
    dB    Haibowan education bureau     jB    judge seated on committee B (meeting B)
    su    superuser (staff, no membership)

Cells:

    200, 204, 400, 403, 404, 405, 422 … that status (a POST answered so has changed nothing)
    L     302 to the login page (``?next=``)            A  302 to the admin login page
    R     302 elsewhere, nothing changed (a refusal message, a form error, a redirect of a signed-in user)
    D     302 and the action was done (state, audit trail or rows changed): an allowed POST, proving the matrix
          can tell an action from a refusal
    -     not checked in this row

"Nothing changed" is the fingerprint of ``test_permission_matrix.fingerprint``: the audit count and the state of
every row of the world. POST rows carry a valid body, so that a refusal comes from the permission and not from the
form. A cell that is wrong today is listed in ``LEAKS`` with its reason: the row keeps the right answer, the test
checks the row without that cell, and the cell on its own as an expected failure (``xfail(strict=True)``) until the
application is fixed (then the xfail passes, which fails the run: delete the entry).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib import admin

from tests.quality.matrix_world import USERS


@dataclass(frozen=True)
class Row:
    method: str
    route: str  # URL name, "namespace:name"; or the pattern, for the admin's unnamed routes
    args: tuple = ()
    expect: str = ""
    data: dict = field(default_factory=dict)  # POST body; "@name" → pk of that object of the world
    json: dict | None = None  # a JSON body instead (the API)
    query: str = ""
    path: str = ""  # a literal path (admin rows), instead of reversing ``route``
    today: str = ""  # the process day of the cell (``workflow.clock.at``), for steps that check dates

    @property
    def id(self) -> str:
        args = ",".join(str(a) for a in self.args)
        return f"{self.method} {self.route}" + (f"[{args}]" if args else "") + (f"?{self.query}" if self.query else "")

    def cells(self) -> dict[str, str]:
        tokens = self.expect.split()
        assert len(tokens) == len(USERS), f"{self.id}: {len(tokens)} cells for {len(USERS)} columns"
        return dict(zip(USERS, tokens, strict=True))


# The draw takes the current or the next evaluation year only (CMTE-03); the committee pages' today is the real one.
NEXT_YEAR = str(date.today().year + 1)


def row(expect: str, request: str, *args, **extra) -> Row:
    """``row("  L 200 …", "GET posts:scheme_detail", "scheme_a")``: the cells first, so that the table reads as one."""
    method, route = request.split()
    return Row(method, route, args, " ".join(expect.split()), **extra)


def post_only(route, *args) -> Row:
    """The safe read of a POST-only action: 405 before anything else (``require_POST`` is the outer decorator)."""
    return row(" ".join(["405"] * len(USERS)), f"GET {route}", *args)


def get_only(route, *args) -> Row:
    """A POST to a page that only reads: 405 before anything else (``require_GET`` is the outer decorator)."""
    return row(" ".join(["405"] * len(USERS)), f"POST {route}", *args)


# The review steps of 2023 run on one process day (``workflow.clock.at``): after the unit publicities and the
# meetings of the world, before the 30 September end of the reviews (TITLE-02).
PROCESS_DAY = "2023-08-28"


def step(expect: str, application: str, action: str, data: dict | None = None) -> Row:
    """``POST titles:review_action[application, action]`` with the action's form (prefixed by the action's name),
    on the process day."""
    body = {f"{action}-{key}": value for key, value in (data or {}).items()}
    return row(expect, "POST titles:review_action", application, action, data=body, today=PROCESS_DAY)


# fmt: off
TABLE: list[Row] = [
    #    ano apA apB uhA uhB  dA  dB hrC hHB hHN ofA ofB  jA  jB  su
    # ------------------------------------------------------------------------------------------------ workflow
    row("  L 200 200 200 200 200 200 200 200 200 200 200 200 200 200", "GET home"),
    get_only("home"),
    row("200   R   R   R   R   R   R   R   R   R   R   R   R   R   R", "GET login"),
    row("  R   R   R   R   R   R   R   R   R   R   R   R   R   R   R", "POST login", data={"username": "m_applicant_a", "password": "matrix-pw"}),
    row("200   R   R   R   R   R   R   R   R   R   R   R   R   R   R", "POST login", data={"username": "m_applicant_a", "password": "wrong"}, query="wrong"),
    post_only("logout"),
    row("  L   L   L   L   L   L   L   L   L   L   L   L   L   L   L", "POST logout"),
    row("  R   R   R   R   R   R   R   R   R   R   R   R   R   R   R", "GET set_language"),
    row("  R   R   R   R   R   R   R   R   R   R   R   R   R   R   R", "POST set_language", data={"language": "en", "next": "/"}),
    # 演示日期 exists in demo mode only (tests/workflow/test_demo_date.py); outside it, a page that does not exist.
    post_only("demo_date"),
    row("  L 404 404 404 404 404 404 404 404 404 404 404 404 404 404", "POST demo_date", data={"day": "2023-07-10"}),
    # ------------------------------------------------------------------------------------------------- /api/v1/
    row("404 404 404 404 404 404 404 404 404 404 404 404 404 404 404", "GET api-v1:api-root"),
    row("404 404 404 404 404 404 404 404 404 404 404 404 404 404 404", "POST api-v1:api-root"),
    row("200 200 200 200 200 200 200 200 200 200 200 200 200 200 200", "GET api-v1:openapi-json"),
    # The API's schema and its docs page are public and read-only: django-ninja serves them to any method.
    row("200 200 200 200 200 200 200 200 200 200 200 200 200 200 200", "POST api-v1:openapi-json"),
    row("200 200 200 200 200 200 200 200 200 200 200 200 200 200 200", "GET api-v1:openapi-view"),
    row("200 200 200 200 200 200 200 200 200 200 200 200 200 200 200", "POST api-v1:openapi-view"),
    post_only("api-v1:scheme_check_api"),
    row("422 422 422 422 422 422 422 422 422 422 422 422 422 422 422", "POST api-v1:scheme_check_api", json={}),
    # INTERFACES.md §1 and §3 over HTTP: checks of the JSON sent, reading reference data only and writing nothing,
    # so served to everybody (no login, no CSRF) — the same answer for every caller.
    row("200 200 200 200 200 200 200 200 200 200 200 200 200 200 200", "POST api-v1:scheme_check_api", query="valid",
        json={"unit": {"name": "乌海市第二中学", "jurisdiction": "city", "affiliation": "city_direct"},
              "professional": {"7": 5, "9": 5, "10": 4, "11": 3, "12": 3}}),
    post_only("api-v1:eligibility"),
    row("422 422 422 422 422 422 422 422 422 422 422 422 422 422 422", "POST api-v1:eligibility", json={}),
    row("200 200 200 200 200 200 200 200 200 200 200 200 200 200 200", "POST api-v1:eligibility", query="valid",
        json={"year": 2023, "as_of": "2023-07-14", "employment": "institution", "unit_location": "city",
              "education": "bachelor", "full_time": True, "degree": "bachelor", "graduated_on": "2022-07-01",
              "field_matches": True, "work_started_on": "2022-07-14", "years_in_district": 0,
              "years_in_township": 0, "series": "engineering", "current_title": None, "target_level": "assistant"}),
    # ---------------------------------------------------------------------------------------- posts: schemes
    row("  L 403 403 200 200 200 200 200 200 200 403 403 403 403 403", "GET posts:scheme_list"),
    get_only("posts:scheme_list"),
    post_only("posts:scheme_new"),
    row("  L 404 404   R 404 403 404 403 404 404 404 404 404 404 404", "POST posts:scheme_new", data={"unit": "@unit_a"}),
    row("  L 404 404 404   R 404 403 403 403 404 404 404 404 404 404", "POST posts:scheme_new", data={"unit": "@unit_b"}, query="unit_b"),
    row("  L 404 404 200 404 200 404 200 404 404 404 404 404 404 404", "GET posts:scheme_detail", "scheme_a"),
    row("  L 404 404 404 200 404 200 404 200 404 404 404 404 404 404", "GET posts:scheme_detail", "scheme_b"),
    row("  L 404 404 200 404 200 404 200 404 404 404 404 404 404 404", "GET posts:scheme_detail", "scheme_a_draft"),
    get_only("posts:scheme_detail", "scheme_a"),
    row("  L 404 404 200 404 403 404 403 404 404 404 404 404 404 404", "GET posts:scheme_edit", "scheme_a_draft"),
    row("  L 404 404   D 404 403 404 403 404 404 404 404 404 404 404", "POST posts:scheme_edit", "scheme_a_draft", data={"action": "save"}),
    post_only("posts:scheme_live_check", "scheme_a_draft"),
    row("  L 404 404 200 404 403 404 403 404 404 404 404 404 404 404", "POST posts:scheme_live_check", "scheme_a_draft"),
    post_only("posts:scheme_reopen", "scheme_a_draft"),
    row("  L 404 404   R 404 403 404 403 404 404 404 404 404 404 404", "POST posts:scheme_reopen", "scheme_a_draft"),
    post_only("posts:scheme_import", "scheme_a_draft"),
    row("  L 404 404 400 404 403 404 403 404 404 404 404 404 404 404", "POST posts:scheme_import", "scheme_a_draft"),
    post_only("posts:scheme_dept_approve", "scheme_a_draft"),
    row("  L 404 404 403 404   R 404 403 404 404 404 404 404 404 404", "POST posts:scheme_dept_approve", "scheme_a_draft", data={"approve-opinion": "同意"}),
    post_only("posts:scheme_return", "scheme_a_draft"),
    row("  L 404 404 403 404 403 404   R 404 404 404 404 404 404 404", "POST posts:scheme_return", "scheme_a_draft", data={"return-reasons": "请补充说明"}),
    post_only("posts:scheme_file", "scheme_a_draft"),
    row("  L 404 404 403 404 403 404   R 404 404 404 404 404 404 404", "POST posts:scheme_file", "scheme_a_draft", data={"file-opinion": "同意备案"}),
    # POST-10/11 on schemes in the state each step starts from: the department approves, city HR returns or files,
    # unit HR reopens a returned scheme.
    row("  L 404 404 403 404   D 404 403 404 404 404 404 404 404 404", "POST posts:scheme_dept_approve", "scheme_dept_review_a", data={"approve-opinion": "同意"}),
    row("  L 404 404 403 404 403 404   D 404 404 404 404 404 404 404", "POST posts:scheme_return", "scheme_hr_review_a", data={"return-reasons": "请补充说明"}),
    # POST-11: unit A's filed scheme is in force, so its HR bureau's filing reaches the stability rule (400, the
    # engine's refusal) — everyone else is refused before that.
    row("  L 404 404 403 404 403 404 400 404 404 404 404 404 404 404", "POST posts:scheme_file", "scheme_hr_review_a",
        data={"file-opinion": "同意备案", "file-term_start": "2024-03-01"}),
    row("  L 404 404   D 404 403 404 403 404 404 404 404 404 404 404", "POST posts:scheme_reopen", "scheme_returned_a"),
    post_only("posts:scheme_change_request", "scheme_a"),
    row("  L 404 404 400 404 403 404 403 404 404 404 404 404 404 404", "POST posts:scheme_change_request", "scheme_a",
        data={"change-change_kind": "structure", "change-reason": "人员结构发生重大变化"}),
    row("  L 404 404 200 404 403 404 403 404 404 404 404 404 404 404", "GET posts:scheme_appointed", "scheme_a"),
    row("  L 404 404   D 404 403 404 403 404 404 404 404 404 404 404", "POST posts:scheme_appointed", "scheme_a"),
    row("  L 404 404 200 404 403 404 403 404 404 404 404 404 404 404", "GET posts:special_post_new", "scheme_a"),
    row("  L 404 404 400 404 403 404 403 404 404 404 404 404 404 404", "POST posts:special_post_new", "scheme_a"),
    row("  L 404 404 200 404 200 404 200 404 404 404 404 404 404 404", "GET posts:scheme_filing_pdf", "scheme_a"),
    get_only("posts:scheme_filing_pdf", "scheme_a"),
    row("  L 404 404 200 404 200 404 200 404 404 404 404 404 404 404", "GET posts:scheme_summary_pdf", "scheme_a"),
    get_only("posts:scheme_summary_pdf", "scheme_a"),
    row("  L 404 404 200 404 200 404 200 404 404 404 404 404 404 404", "GET posts:scheme_xlsx", "scheme_a"),
    get_only("posts:scheme_xlsx", "scheme_a"),
    row("  L 404 404 200 404 200 404 200 404 404 404 404 404 404 404", "GET posts:over_quota", "scheme_a"),
    get_only("posts:over_quota", "scheme_a"),
    row("  L 403 403 403 403 403 403 200 200 200 403 403 403 403 403", "GET posts:dashboard"),
    get_only("posts:dashboard"),
    # ----------------------------------------------------------------------------------- posts: special posts
    row("  L 404 404 200 404 200 404 200 404 404 404 404 404 404 404", "GET posts:special_post_detail", "special_a"),
    row("  L 404 404 404 200 404 200 200 200 404 404 404 404 404 404", "GET posts:special_post_detail", "special_b"),
    get_only("posts:special_post_detail", "special_a"),
    row("  L 404 404 200 404 200 404 200 404 404 404 404 404 404 404", "GET posts:special_post_pdf", "special_a"),
    get_only("posts:special_post_pdf", "special_a"),
    post_only("posts:special_post_dept_approve", "special_a"),
    row("  L 404 404 403 404   D 404 403 404 404 404 404 404 404 404", "POST posts:special_post_dept_approve", "special_a", data={"dept-opinion": "同意"}),
    post_only("posts:special_post_hr_approve", "special_a"),
    row("  L 404 404 403 404 403 404   R 404 404 404 404 404 404 404", "POST posts:special_post_hr_approve", "special_a", data={"hr-opinion": "同意"}),
    # POST-09 on special posts in the state each step starts from: city HR approves what the department approved,
    # unit HR appoints the holder of an approved post, city HR extends an active one (once).
    row("  L 404 404 403 404 403 404   D 404 404 404 404 404 404 404", "POST posts:special_post_hr_approve", "special_dept_approved_a", data={"hr-opinion": "同意"}),
    row("  L 404 404   D 404 403 404 403 404 404 404 404 404 404 404", "POST posts:special_post_activate", "special_hr_approved_a", data={"activate-term_start": ""}),
    row("  L 404 404 403 404 403 404   D 404 404 404 404 404 404 404", "POST posts:special_post_extend", "special_active_a", data={"extend-opinion": "工作任务未完成"}),
    post_only("posts:special_post_region_approve", "special_b"),
    row("  L 404 404 404 403 404 403   D   D 404 404 404 404 404 404", "POST posts:special_post_region_approve", "special_b",
        data={"region-document_no": "内人社发〔2024〕1号", "region-approved_on": "2024-05-01"}),
    post_only("posts:special_post_activate", "special_a"),
    row("  L 404 404   R 404 403 404 403 404 404 404 404 404 404 404", "POST posts:special_post_activate", "special_a", data={"activate-term_start": ""}),
    post_only("posts:special_post_extend", "special_a"),
    row("  L 404 404 403 404 403 404   R 404 404 404 404 404 404 404", "POST posts:special_post_extend", "special_a", data={"extend-opinion": "同意"}),
    post_only("posts:special_post_cancel", "special_a"),
    row("  L 404 404   D 404   D 404   D 404 404 404 404 404 404 404", "POST posts:special_post_cancel", "special_a", data={"cancel-reason": "单位撤回"}),
    # ------------------------------------------------------------------------------------- titles: applicant
    row("  L   R   R   R   R   R   R   R   R   R   R   R   R   R   R", "GET titles:applicant_eligibility"),
    get_only("titles:applicant_eligibility"),
    row("  L 200 200 200 200 200 200 200 200 200 200 200 200 200 200", "GET titles:applicant_profile"),
    row("  L 200 200 200 200 200 200 200 200 200 200 200 200 200 200", "POST titles:applicant_profile"),
    row("  L 200 200 200 200 200 200 200 200 200 200 200 200 200 200", "GET titles:applicant_applications"),
    get_only("titles:applicant_applications"),
    row("  L 200 200 200 200 200 200 200 200 200 200 200 200 200 200", "GET titles:applicant_application_new"),
    row("  L 200 200 200 200 200 200 200 200 200 200 200 200 200 200", "POST titles:applicant_application_new"),
    row("  L 200 404 404 404 404 404 404 404 404 404 404 404 404 404", "GET titles:applicant_application", "app_a"),
    row("  L 200 404 404 404 404 404 404 404 404 404 404 404 404 404", "GET titles:applicant_application", "draft_a"),
    row("  L 404 200 404 404 404 404 404 404 404 404 404 404 404 404", "GET titles:applicant_application", "app_b"),
    get_only("titles:applicant_application", "app_a"),
    post_only("titles:applicant_material_upload", "draft_a"),
    row("  L   R 404 404 404 404 404 404 404 404 404 404 404 404 404", "POST titles:applicant_material_upload", "draft_a", data={"item": "review_form"}),
    post_only("titles:applicant_application_submit", "draft_a"),
    row("  L   R 404 404 404 404 404 404 404 404 404 404 404 404 404", "POST titles:applicant_application_submit", "draft_a"),
    post_only("titles:applicant_material_delete", "material_draft_a"),
    row("  L   D 404 404 404 404 404 404 404 404 404 404 404 404 404", "POST titles:applicant_material_delete", "material_draft_a"),
    # TITLE-04: only the applicant deletes a draft; a submitted application is refused (withdraw it instead).
    post_only("titles:applicant_application_delete", "draft_a"),
    row("  L   D 404 404 404 404 404 404 404 404 404 404 404 404 404", "POST titles:applicant_application_delete", "draft_a"),
    row("  L   R 404 404 404 404 404 404 404 404 404 404 404 404 404", "POST titles:applicant_application_delete", "app_a"),
    row("  L 200 404 200 404 200 404 200 404 404 200 404 404 404 404", "GET titles:material_file", "material_a"),
    row("  L 404 200 404 200 404 200 404 200 404 404 200 404 404 404", "GET titles:material_file", "material_b"),
    # A draft is the applicant's own: its unit, department and HR bureau see it only once submitted.
    row("  L 200 404 404 404 404 404 404 404 404 404 404 404 404 404", "GET titles:material_file", "material_draft_a"),
    get_only("titles:material_file", "material_a"),
    row("  L 200 404 200 404 200 404 200 404 404 200 404 404 404 404", "GET titles:application_review_form", "app_a"),
    row("  L 200 404 200 404 200 404 200 404 404 200 404 404 404 404", "GET titles:application_submission_form", "app_a"),
    row("  L 200 404 404 404 404 404 404 404 404 404 404 404 404 404", "GET titles:application_review_form", "draft_a"),
    get_only("titles:application_review_form", "app_a"),
    row("  L 200 404 404 404 404 404 404 404 404 404 404 404 404 404", "GET titles:application_submission_form", "draft_a"),
    get_only("titles:application_submission_form", "app_a"),
    # ---------------------------------------------------------------------------------------- titles: review
    row("  L 200 200 200 200 200 200 200 200 200 200 200 200 200 200", "GET titles:review_list"),
    get_only("titles:review_list"),
    row("  L 200 404 200 404 200 404 200 404 404 200 404 404 404 404", "GET titles:review_detail", "app_a"),
    row("  L 404 200 404 200 404 200 404 200 404 404 200 404 404 404", "GET titles:review_detail", "app_b"),
    row("  L 404 404 200 404 200 404 200 404 404 404 404 404 404 404", "GET titles:review_detail", "submitted_a"),
    row("  L 200 404 404 404 404 404 404 404 404 404 404 404 404 404", "GET titles:review_detail", "draft_a"),
    # TITLE-07: city HR reaches a district's senior case once the district HR sent it up, not before; the city
    # department (the city education bureau receives teachers) a directional one once the district reported it.
    row("  L 404 404 404 200 404 200 404 200 404 404 404 404 404 404", "GET titles:review_detail", "district_senior_b"),
    row("  L 404 404 404 200 404 200 200 200 404 404 404 404 404 404", "GET titles:review_detail", "city_hr_review_b"),
    row("  L 404 404 404 200 404 200 404 200 404 404 404 404 404 404", "GET titles:review_detail", "dept_report_b"),
    row("  L 404 404 404 200 200 200 404 200 404 404 404 404 404 404", "GET titles:review_detail", "city_dept_review_b"),
    get_only("titles:review_detail", "app_a"),
    post_only("titles:review_action", "submitted_a", "unit_review_start"),
    row("  L 404 404   D 404 403 404 403 404 404 404 404 404 404 404", "POST titles:review_action", "submitted_a", "unit_review_start", data={"state": "submitted"}),
    row("  L 404 404   R 404 403 404 403 404 404 404 404 404 404 404", "POST titles:review_action", "in_publicity_a", "unit_recommend",
        data={"state": "unit_publicity", "unit_recommend-opinion": "符合条件", "unit_recommend-selection_method": "民主测评",
              "unit_recommend-pledged": "on"}),
    row("  L 403 404 403 404 403 404 403 404 404   D 404 404 404 404", "POST titles:review_action", "app_a", "vote_result_record",
        data={"state": "scheduled", "vote_result_record-passed": "1", "vote_result_record-decided_on": "2023-08-15"}),
    row("  L   R 404 403 404 403 404 403 404 404 403 404 404 404 404", "POST titles:review_action", "app_a", "application_withdraw",
        data={"state": "scheduled", "application_withdraw-reason": "个人原因"}),
    # Every review step (titles.views.review.FORMS) on an application in the state it starts from, on the process
    # day: the one person whose organisation owns the step does it (D); whoever sees the case but does not own the
    # step is refused (403); whoever does not see it gets 404 (titles.permissions.ACTION_ACTORS, REJECT_OWNER).
    #    ano apA apB uhA uhB  dA  dB hrC hHB hHN ofA ofB  jA  jB  su
    # TITLE-08: the unit reviews, publishes, records objections, recommends after the publicity closed, rejects.
    step("  L 404 404   D 404 403 404 403 404 404 404 404 404 404 404", "unit_review_a", "application_reject", {"reason": "材料不全"}),
    step("  L 404 404   D 404 403 404 403 404 404 404 404 404 404 404", "recommend_a", "unit_recommend",
         {"opinion": "符合条件", "selection_method": "民主测评", "pledged": "on"}),
    step("  L 404 404   D 404 403 404 403 404 404 404 404 404 404 404", "in_publicity_a", "unit_objection",
         {"content": "业绩不实", "raised_on": "2023-07-05", "raised_by": "群众"}),
    # TITLE-09 / FLOW-04: the supervising department re-checks, forwards, issues the one notice, rejects.
    step("  L 404 404 403 404   D 404 403 404 404 404 404 404 404 404", "recommended_a", "dept_review_start"),
    step("  L 404 404 403 404   D 404 403 404 404 404 404 404 404 404", "dept_review_a", "dept_forward", {"opinion": "同意报送"}),
    step("  L 404 404 403 404   D 404 403 404 404 404 404 404 404 404", "dept_review_a", "correction_notice_issue",
         {"deadline": "2023-09-08", "item_annual_assessments": "on", "note_annual_assessments": "缺 2022 年"}),
    step("  L 404 404 403 404   D 404 403 404 404 404 404 404 404 404", "dept_review_a", "application_reject", {"reason": "不符合条件"}),
    # FLOW-04: only the applicant answers their notice (or withdraws); their unit, department and HR see the case.
    step("  L   D 404 403 404 403 404 403 404 404 404 404 404 404 404", "correction_a", "correction_answer",
         {"note": "已补交 2022 年考核表", "changed_items": "annual_assessments"}),
    step("  L   D 404 403 404 403 404 403 404 404 404 404 404 404 404", "correction_a", "application_withdraw", {"reason": "个人原因"}),
    # TITLE-06 / GREEN-03 / RECOG / TITLE-15: the HR bureau reaching the unit (city HR for unit A) routes, records
    # the green-channel decision, approves a recognition, forwards to the region and records its result and filing,
    # files the result and issues the certificate; the committee office accepts what was routed to it and records
    # complaints (TITLE-14).
    step("  L 404 404 403 404 403 404   D 404 404 403 404 404 404 404", "hr_review_a", "hr_route", {"note": "报送评委会"}),
    step("  L 404 404 403 404 403 404 403 404 404   D 404 404 404 404", "hr_review_a", "committee_accept", {"note": "受理"}),
    step("  L 404 404 403 404 403 404   D 404 404 403 404 404 404 404", "hr_review_a", "application_reject", {"reason": "不符合条件"}),
    step("  L 404 404 403 404 403 404   D 404 404 404 404 404 404 404", "green_a", "green_channel_consent_record",
         {"document": "乌人才组〔2023〕1号", "decided_on": "2023-08-25"}),
    step("  L 404 404 403 404 403 404   D 404 404 404 404 404 404 404", "recognition_a", "recognition_approve", {"opinion": "同意认定"}),
    step("  L 404 404 403 404 403 404   D 404 404 404 404 404 404 404", "region_a", "region_forward", {"note": "报送自治区"}),
    step("  L 404 404 403 404 403 404   D 404 404 404 404 404 404 404", "forwarded_a", "region_outcome_record",
         {"passed": "1", "decided_on": "2023-08-25"}),
    step("  L 404 404 403 404 403 404   D 404 404 404 404 404 404 404", "region_passed_a", "region_filing_record",
         {"document": "内人社职改字〔2023〕8号", "filed_on": "2023-08-25"}),
    step("  L 404 404 403 404 403 404 403 404 404   D 404 404 404 404", "result_a", "result_complaint_raise",
         {"kind": "process", "content": "评审程序有误", "raised_on": "2023-08-22"}),
    step("  L 404 404 403 404 403 404   D 404 404 403 404 404 404 404", "result_closed_a", "result_file", {"note": "备案"}),
    step("  L 404 404 403 404 403 404   D 404 404 403 404 404 404 404", "filed_a", "certificate_issue"),
    # TITLE-07, a district's senior case: the district HR bureau sends it to city HR, which routes it (the district
    # bureau still sees it but no longer acts); directional: the district HR re-checks, the district department
    # reports to the city department (the city education bureau receives teachers), which sends it to the region.
    step("  L 404 404 404 403 404 403 404   D 404 404 404 404 404 404", "district_senior_b", "city_hr_forward", {"opinion": "审核汇总"}),
    step("  L 404 404 404 403 404 403   D 403 404 404 404 404 404 404", "city_hr_review_b", "hr_route"),
    step("  L 404 404 404 403 404 403 404   D 404 404 404 404 404 404", "directional_b", "directional_recheck", {"opinion": "复核通过"}),
    step("  L 404 404 404 403 404   D 404 403 404 404 404 404 404 404", "dept_report_b", "dept_report_city", {"opinion": "同意上报"}),
    step("  L 404 404 404 403   D 403 404 403 404 404 404 404 404 404", "city_dept_review_b", "region_forward"),
    # A step that does not exist is a page that does not exist, for whoever sees the case too.
    row("  L 404 404 404 404 404 404 404 404 404 404 404 404 404 404", "POST titles:review_action", "app_a", "no_such_step"),
    post_only("titles:review_batch", "hr_route"),
    row("  L   R   R   R   R   R   R   R   R   R   R   R   R   R   R", "POST titles:review_batch", "hr_route", data={"applications": ["@app_a", "@app_b"], "note": "x"}),
    # The batch buttons (titles.views.review.BATCH_SERVICES), all or nothing: the step's owner does it; anyone else
    # is sent back with the refusal of each item (an application they do not see is refused like one they may not
    # act on, not dropped).
    row("  L   R   R   R   R   D   R   R   R   R   R   R   R   R   R", "POST titles:review_batch", "dept_forward",
        data={"applications": ["@dept_review_a"], "opinion": "同意报送"}, today=PROCESS_DAY),
    row("  L   R   R   R   R   R   R   D   R   R   R   R   R   R   R", "POST titles:review_batch", "hr_route",
        data={"applications": ["@hr_review_a"], "note": "报送评委会"}, query="hr_review_a", today=PROCESS_DAY),
    row("  L   R   R   R   R   R   R   R   R   R   D   R   R   R   R", "POST titles:review_batch", "committee_accept",
        data={"applications": ["@hr_review_a"], "note": "受理"}, today=PROCESS_DAY),
    row("  L   R   R   R   R   R   R   D   R   R   R   R   R   R   R", "POST titles:review_batch", "result_file",
        data={"applications": ["@result_closed_a"], "note": "备案"}, today=PROCESS_DAY),
    row("  L 404 404 404 404 404 404 404 404 404 404 404 404 404 404", "POST titles:review_batch", "no_such_step",
        data={"applications": ["@app_a"], "note": "x"}),
    row("  L 200 200 200 200 200 200 200 200 200 200 200 200 200 200", "GET titles:unit_publicity"),
    row("  L 200 200 200 200 200 200 200 200 200 200 200 200 200 200", "POST titles:unit_publicity",
        data={"starts_on": "2023-07-10", "applications": ["@submitted_a"], "start": "1"}),
    # TITLE-08 / TITLE-14: the batch publicity pages offer each person their own candidates only; a case that is not
    # theirs is not a choice of the form (200, the form's error), its owner publishes it (D).
    row("  L 200 200   D 200 200 200 200 200 200 200 200 200 200 200", "POST titles:unit_publicity",
        data={"starts_on": PROCESS_DAY, "applications": ["@unit_review_a"], "start": "1"}, query="unit_review_a",
        today=PROCESS_DAY),
    row("  L 200 200 200 200 200 200 200 200 200 200 200 200 200 200", "GET titles:result_publicity"),
    row("  L 200 200 200 200 200 200 200 200 200 200 200 200 200 200", "POST titles:result_publicity",
        data={"starts_on": "2023-08-21", "applications": ["@app_a"], "start": "1"}),
    row("  L 200 200 200 200 200 200 200 200 200   D 200 200 200 200", "POST titles:result_publicity",
        data={"starts_on": PROCESS_DAY, "applications": ["@passed_a"], "start": "1"}, query="passed_a",
        today=PROCESS_DAY),
    post_only("titles:publicity_close", "publicity_a"),
    row("  L 403 403   R 403 403 403 403 403 403 403 403 403 403 403", "POST titles:publicity_close", "publicity_a"),
    # FLOW-03: past its last working day, no objection: the owner closes it — unit HR its unit publicity, the
    # committee office its result publicity — and nobody else.
    row("  L 403 403   D 403 403 403 403 403 403 403 403 403 403 403", "POST titles:publicity_close", "publicity_done_a",
        today=PROCESS_DAY),
    row("  L 403 403 403 403 403 403 403 403 403   D 403 403 403 403", "POST titles:publicity_close",
        "result_publicity_done_a", today=PROCESS_DAY),
    post_only("titles:objection_resolve", "objection_a"),
    row("  L 403 403   D 403 403 403 403 403 403 403 403 403 403 403", "POST titles:objection_resolve", "objection_a", data={"upheld": "0", "note": "经核查不成立"}),
    post_only("titles:complaint_resolve", "complaint_a"),
    row("  L 403 403 403 403 403 403 403 403 403   D 403 403 403 403", "POST titles:complaint_resolve", "complaint_a", data={"upheld": "0", "note": "经核查不成立"}),
    # An authenticity complaint goes to city HR and unit A (TITLE-14): their officers resolve it, nobody else.
    row("  L 403 403   D 403 403 403   D 403 403 403 403 403 403 403", "POST titles:complaint_resolve", "authenticity_a",
        data={"upheld": "0", "note": "经核查不成立"}),
    row("  L 200 404 200 404 200 404 200 404 404 200 404 404 404 404", "GET titles:application_progress", "app_a"),
    row("  L 404 200 404 200 404 200 404 200 404 404 200 404 404 404", "GET titles:application_progress", "app_b"),
    get_only("titles:application_progress", "app_a"),
    row("  L 200 404 200 404 200 404 200 404 404 200 404 404 404 404", "GET titles:certificate_download", "cert_app_a"),
    get_only("titles:certificate_download", "cert_app_a"),
    row("200 200 200 200 200 200 200 200 200 200 200 200 200 200 200", "GET titles:certificate_verify"),
    row("200 200 200 200 200 200 200 200 200 200 200 200 200 200 200", "GET titles:certificate_verify", query="code=MATRIXCODE0001"),
    get_only("titles:certificate_verify"),
    row("200 200 200 200 200 200 200 200 200 200 200 200 200 200 200", "GET titles:certificate_verify_code", "MATRIXCODE0001"),
    row("404 404 404 404 404 404 404 404 404 404 404 404 404 404 404", "GET titles:certificate_verify_code", "NOSUCHCODE"),
    get_only("titles:certificate_verify_code", "MATRIXCODE0001"),
    # ------------------------------------------------------------------------------------ titles: committees
    row("  L 200 200 200 200 200 200 200 200 200 200 200 200 200 200", "GET titles:committee_list"),
    get_only("titles:committee_list"),
    row("  L 403 403 403 403 403 403 200 403 403 200 403 403 403 403", "GET titles:committee_detail", "committee_a"),
    row("  L 403 403 403 403 403 403 200 403 403 403 200 403 403 403", "GET titles:committee_detail", "committee_b"),
    get_only("titles:committee_detail", "committee_a"),
    post_only("titles:committee_approve", "committee_a"),
    row("  L 403 403 403 403 403 403   R 403 403 403 403 403 403 403", "POST titles:committee_approve", "committee_a", data={"approved_on": "2023-01-10"}),
    # CMTE-01: only city HR approves a proposed committee — not even the office that proposed it.
    row("  L 403 403 403 403 403 403   D 403 403 403 403 403 403 403", "POST titles:committee_approve", "committee_proposed_a",
        data={"approved_on": "2023-01-10"}, today="2023-01-10"),
    post_only("titles:panel_draw", "committee_a"),
    row("  L 403 403 403 403 403 403 403 403 403   D 403 403 403 403", "POST titles:panel_draw", "committee_a", data={"year": NEXT_YEAR, "needed": "1"}),
    post_only("titles:meeting_plan", "committee_a"),
    row("  L 403 403 403 403 403 403 403 403 403   R 403 403 403 403", "POST titles:meeting_plan", "committee_a", data={"dates": "2023-09-15", "capacity": "60"}),
    row("  L 403 403 403 403 403 403 200 403 403 200 200 403 403 403", "GET titles:judge_pool"),
    row("  L 403 403 403 403 403 403   D 403 403   D   D 403 403 403", "POST titles:judge_pool",
        data={"name": "新专家", "series": "primary_secondary_teacher", "title_level": "deputy_senior",
              "unit_name": "内蒙古大学"}),
    post_only("titles:judge_term_set", "judge_a"),
    row("  L 403 403 403 403 403 403   D 403 403   D   D 403 403 403", "POST titles:judge_term_set", "judge_a",
        data={"term_start": "2024-01-01", "term_end": "2026-12-31"}),
    row("  L 403 403 403 403 403 403 200 403 403 200 200 200 200 403", "GET titles:meeting_calendar"),
    get_only("titles:meeting_calendar"),
    row("  L 403 403 403 403 403 403 200 403 403 200 403 403 403 403", "GET titles:meeting_detail", "meeting_a"),
    row("  L 403 403 403 403 403 403 200 403 403 403 200 403 403 403", "GET titles:meeting_detail", "meeting_b"),
    get_only("titles:meeting_detail", "meeting_a"),
    post_only("titles:meeting_docket_set", "meeting_a"),
    row("  L 403 403 403 403 403 403 403 403 403   R 403 403 403 403", "POST titles:meeting_docket_set", "meeting_a", data={"application": ["@app_a"]}),
    post_only("titles:meeting_plan_file", "meeting_a"),
    row("  L 403 403 403 403 403 403 403 403 403   R 403 403 403 403", "POST titles:meeting_plan_file", "meeting_a",
        data={"place": "会议室", "procedure": "评审程序", "measures": "工作措施"}),
    # CMTE-02: the office of committee B files its meeting's plan at least 7 days ahead; committee A's may not.
    row("  L 403 403 403 403 403 403 403 403 403 403   D 403 403 403", "POST titles:meeting_plan_file", "meeting_b",
        data={"place": "会议室", "procedure": "评审程序", "measures": "工作措施"}, today="2023-08-01"),
    post_only("titles:meeting_plan_approve", "meeting_a"),
    row("  L 403 403 403 403 403 403   R 403 403 403 403 403 403 403", "POST titles:meeting_plan_approve", "meeting_a"),
    # CMTE-02: city HR approves a filed plan before the meeting (the process day is then, not today).
    row("  L 403 403 403 403 403 403   D 403 403 403 403 403 403 403", "POST titles:meeting_plan_approve", "meeting_a", query="before",
        today="2023-08-10"),
    post_only("titles:meeting_plan_return", "meeting_a"),
    row("  L 403 403 403 403 403 403   D 403 403 403 403 403 403 403", "POST titles:meeting_plan_return", "meeting_a", data={"note": "请补充工作措施"}),
    post_only("titles:meeting_open", "meeting_a"),
    row("  L 403 403 403 403 403 403 403 403 403   R 403 403 403 403", "POST titles:meeting_open", "meeting_a"),
    post_only("titles:attendance_record", "meeting_a"),
    row("  L 403 403 403 403 403 403 403 403 403   R 403 403 403 403", "POST titles:attendance_record", "meeting_a", data={"present": ["@judge_a"]}),
    post_only("titles:recusal_declare", "meeting_a"),
    row("  L 403 403 403 403 403 403 403 403 403   D 403 403 403 403", "POST titles:recusal_declare", "meeting_a",
        data={"judge": "@judge_a", "application": "@app_a", "reason": "relative"}),
    post_only("titles:tally_record", "meeting_a", "entry_a"),
    row("  L 403 403 403 403 403 403 403 403 403   R 403 403 403 403", "POST titles:tally_record", "meeting_a", "entry_a", data={"agree": "1", "disagree": "0", "abstain": "0"}),
    post_only("titles:docket_entry_defer", "meeting_a", "entry_a"),
    row("  L 403 403 403 403 403 403 403 403 403   R 403 403 403 403", "POST titles:docket_entry_defer", "meeting_a", "entry_a", data={"reason": "回避后不足三分之二"}),
    post_only("titles:meeting_close", "meeting_a"),
    row("  L 403 403 403 403 403 403 403 403 403   R 403 403 403 403", "POST titles:meeting_close", "meeting_a"),
    post_only("titles:meeting_results_publish", "meeting_a"),
    row("  L 403 403 403 403 403 403 403 403 403   R 403 403 403 403", "POST titles:meeting_results_publish", "meeting_a"),
    post_only("titles:meeting_results_file", "meeting_a"),
    row("  L 403 403 403 403 403 403 403 403 403   R 403 403 403 403", "POST titles:meeting_results_file", "meeting_a", data={"report": "评审结果报告"}),
    row("  L 403 403 403 403 403 403 200 403 403 200 403 403 403 403", "GET titles:plan_filing_pdf", "meeting_a"),
    get_only("titles:plan_filing_pdf", "meeting_a"),
    row("  L 403 403 403 403 403 403 200 403 403 200 403 403 403 403", "GET titles:minutes_pdf", "meeting_a"),
    get_only("titles:minutes_pdf", "meeting_a"),
    row("  L 403 403 403 403 403 403 200 403 403 200 403 403 403 403", "GET titles:roster", "meeting_a", "pdf"),
    row("  L 403 403 403 403 403 403 200 403 403 200 403 403 403 403", "GET titles:roster", "meeting_a", "xlsx"),
    row("  L 404 404 404 404 404 404 404 404 404 404 404 404 404 404", "GET titles:roster", "meeting_a", "doc"),
    get_only("titles:roster", "meeting_a", "pdf"),
    row("  L 403 403 403 403 403 403 200 403 403 200 403 403 403 403", "GET titles:filing_report_pdf", "meeting_a"),
    get_only("titles:filing_report_pdf", "meeting_a"),
    row("  L 403 403 403 403 403 403 200 403 403 200 403 200 403 403", "GET titles:judge_docket", "meeting_a"),
    row("  L 403 403 403 403 403 403 200 403 403 403 200 403 200 403", "GET titles:judge_docket", "meeting_b"),
    get_only("titles:judge_docket", "meeting_a"),
    row("  L 403 403 403 403 403 403 200 403 403 200 403 200 403 403", "GET titles:dossier", "meeting_a", "app_a"),
    row("  L 403 403 403 403 403 403 200 403 403 403 200 403 200 403", "GET titles:dossier", "meeting_b", "app_b"),
    row("  L 403 403 403 403 403 403 403 403 403 403 403 403 403 403", "GET titles:dossier", "meeting_a", "app_b"),
    get_only("titles:dossier", "meeting_a", "app_a"),
    # The dossier's materials and its 评审表/送审表, read only, for the same people as the dossier (CMTE-03).
    row("  L 403 403 403 403 403 403 200 403 403 200 403 200 403 403", "GET titles:dossier_material", "meeting_a", "app_a", "material_a"),
    row("  L 403 403 403 403 403 403 404 403 403 404 403 404 403 403", "GET titles:dossier_material", "meeting_a", "app_a", "material_b"),
    row("  L 403 403 403 403 403 403 403 403 403 403 403 403 403 403", "GET titles:dossier_material", "meeting_a", "app_b", "material_b"),
    get_only("titles:dossier_material", "meeting_a", "app_a", "material_a"),
    row("  L 403 403 403 403 403 403 200 403 403 200 403 200 403 403", "GET titles:dossier_form", "meeting_a", "app_a", "review-form"),
    row("  L 403 403 403 403 403 403 200 403 403 200 403 200 403 403", "GET titles:dossier_form", "meeting_a", "app_a", "submission-form"),
    row("  L 404 404 404 404 404 404 404 404 404 404 404 404 404 404", "GET titles:dossier_form", "meeting_a", "app_a", "other"),
    get_only("titles:dossier_form", "meeting_a", "app_a", "review-form"),
    row("  L 403 403 403 403 403 403 403 403 403 403 403 200 200 403", "GET titles:judge_home"),
    get_only("titles:judge_home"),
    row("  L 403 403 403 403 403 403 403 403 403 403 403 200 200 403", "GET titles:judge_availability"),
    row("  L 403 403 403 403 403 403 403 403 403 403 403   D   D 403", "POST titles:judge_availability",
        data={"day": "2099-03-03", "available": "0"}),
    post_only("titles:judge_availability_withdraw", "availability_a"),
    row("  L 403 403 403 403 403 403 403 403 403 403 403   D 404 403", "POST titles:judge_availability_withdraw",
        "availability_a"),
    row("  L 403 403 403 403 403 403 200 403 403 200 403 403 403 403", "GET titles:committee_availability",
        "committee_a"),
    row("  L 403 403 403 403 403 403 403 403 403   D 403 403 403 403", "POST titles:committee_availability",
        "committee_a", data={"judge": "@judge_a", "day": "2099-03-03", "available": "0"}),
    # Committee A's office may not enter the availability of committee B's judge.
    row("  L 403 403 403 403 403 403 403 403 403 403 403 403 403 403", "POST titles:committee_availability",
        "committee_a", data={"judge": "@judge_b", "day": "2099-03-03", "available": "0"}, query="judge_b"),
    post_only("titles:committee_availability_withdraw", "committee_a", "availability_a"),
    row("  L 403 403 403 403 403 403 403 403 403   D 403 403 403 403", "POST titles:committee_availability_withdraw",
        "committee_a", "availability_a"),
    row("  L 403 403 403 403 403 403 404 403 403 404 403 403 403 403", "POST titles:committee_availability_withdraw",
        "committee_a", "availability_b"),
    row("  L 403 403 403 403 403 403 200 403 403 403 403 403 403 403", "GET titles:hr_approvals"),
    get_only("titles:hr_approvals"),
]
# fmt: on


# ------------------------------------------------------------------------------------------------------- admin
# Every admin page is behind ``AdminSite.admin_view``: anonymous and non-staff → the admin login; the superuser
# sees the index, the app lists and every registered model's list and add form. The city HR officer is staff in
# the HR reference-data group (workflow/staff.py): the models whose admin declares ``hr_reference_permissions`` and
# nothing else. The rows are made from the site's fixed views and its registry, so a model registered tomorrow
# gets its rows, and a custom admin URL has none until one is written (the route check fails).
def _admin(route, path, superuser, hr_city="A") -> Row:
    cells = {u: "-" for u in USERS}
    cells["anon"] = "A"
    cells["unit_hr_a"] = "A"  # signed in, not staff: AdminSite.admin_view looks at is_staff only (every role alike)
    cells["hr_city"] = hr_city
    cells["superuser"] = superuser
    return Row("GET", route, (), " ".join(cells[u] for u in USERS), path=path)


def admin_rows() -> list[Row]:
    from workflow.staff import hr_reference_permissions

    granted = hr_reference_permissions()  # (app_label, codename)
    rows = [
        _admin("admin:index", "/admin/", "200", "200"),
        _admin("admin:password_change", "/admin/password_change/", "200", "200"),
        _admin("admin:password_change_done", "/admin/password_change/done/", "200", "200"),
        _admin("admin:autocomplete", "/admin/autocomplete/", "403", "403"),
        _admin("admin:jsi18n", "/admin/jsi18n/", "200", "200"),
        _admin("admin:view_on_site", "/admin/r/1/1/", "404", "404"),
        _admin("admin/(?P<url>.*)$", "/admin/no-such-page/", "404", "404"),
    ]
    # The admin's login and logout are its own public pages; a signed-in staff member is sent on from the login.
    login = {u: "-" for u in USERS} | {"anon": "200", "unit_hr_a": "200", "hr_city": "R", "superuser": "R"}
    rows.append(Row("GET", "admin:login", (), " ".join(login[u] for u in USERS), path="/admin/login/"))
    logout = {u: "-" for u in USERS} | {"anon": "R", "unit_hr_a": "R", "hr_city": "405", "superuser": "405"}
    rows.append(Row("GET", "admin:logout", (), " ".join(logout[u] for u in USERS), path="/admin/logout/"))
    labels = sorted({model._meta.app_label for model in admin.site._registry})
    for label in labels:
        reached = any(app_label == label for app_label, _codename in granted)
        rows.append(_admin("admin:app_list", f"/admin/{label}/", "200", "200" if reached else "404"))
    for model in sorted(admin.site._registry, key=lambda m: m._meta.label):
        opts = model._meta
        model_admin = admin.site._registry[model]
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        name = f"admin:{opts.app_label}_{opts.model_name}"

        def hr(action, allowed_by_admin=True, *, opts=opts):
            return (opts.app_label, f"{action}_{opts.model_name}") in granted and allowed_by_admin

        may_add = model_admin.has_add_permission(_SuperRequest())
        may_delete = model_admin.has_delete_permission(_SuperRequest())
        rows.append(_admin(f"{name}_changelist", base, "200", "200" if hr("view") else "403"))
        rows.append(_admin(f"{name}_add", base + "add/", "200" if may_add else "403",
                           "200" if hr("add", may_add) else "403"))  # fmt: skip
        # Object pages of a pk that does not exist: who may see the model is sent back with a message (302), the
        # others refused (403) or, anonymous, sent to the login; the bare object URL redirects to its change page.
        rows.append(_admin(f"{name}_change", base + "0/change/", "R", "R" if hr("view") else "403"))
        rows.append(_admin(f"{name}_delete", base + "0/delete/", "R" if may_delete else "403",
                           "R" if hr("delete", may_delete) else "403"))  # fmt: skip
        rows.append(_admin(f"{name}_history", base + "0/history/", "R", "R"))
        rows.append(_admin(f"admin/{opts.app_label}/{opts.model_name}/<path:object_id>/", base + "0/", "R", "R"))
        if opts.label == "auth.User":
            rows.append(_admin("admin:auth_user_password_change", base + "0/password/", "404", "403"))
    return rows


class _SuperRequest:
    """Enough of a request for ``ModelAdmin.has_add_permission`` of a superuser."""

    class user:  # noqa: N801 - mimics request.user
        is_active = is_staff = is_superuser = True

        @staticmethod
        def has_perm(perm, obj=None):
            return True


# Cells that are wrong today: (row id, column) → what leaks, and the fix. Each is an expected failure.
LEAKS: dict[tuple[str, str], str] = {
    # none known. Fixed: a judge, or an applicant, of a routed organisation could resolve a result complaint
    # (titles.permissions.complaint_resolver_membership now asks for the investigating roles).
}


def all_rows() -> list[Row]:
    return TABLE + admin_rows()
