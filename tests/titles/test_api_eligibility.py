"""``POST /api/v1/titles/eligibility`` — same JSON in and out as the command (INTERFACES §3)."""

import json

import pytest

from tests.titles.test_check_eligibility_command import BATCH, EXAMPLE, OPEN

URL = "/api/v1/titles/eligibility"


def _post(client, body):
    return client.post(URL, data=body, content_type="application/json")


@pytest.mark.django_db
def test_RECOG_01_api_interfaces_example(client):
    response = _post(client, EXAMPLE)
    assert response.status_code == 200
    entry = response.json()["applicants"][0]
    assert entry["routes"] == []
    assert entry["refusals"][0]["rule"] == "RECOG-01"


@pytest.mark.django_db
def test_RECOG_01_api_open_route(client):
    entry = _post(client, OPEN).json()["applicants"][0]
    assert [(r["route"], r["level"], r["rule"]) for r in entry["routes"]] == [("recognition", "assistant", "RECOG-01")]


@pytest.mark.django_db
def test_TITLE_01_api_batch_same_as_command(client, tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "batch.json"
    path.write_text(BATCH, encoding="utf-8")
    call_command("check_eligibility", str(path), "--format", "json")
    assert _post(client, BATCH).json() == json.loads(capsys.readouterr().out)


@pytest.mark.django_db
def test_TITLE_01_api_bad_field_422_names_field(client):
    response = _post(client, EXAMPLE.replace('"bachelor",\n  "full_time"', '"phd",\n  "full_time"'))
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["field"] == "education"
    assert "doctorate" in detail["accepted"]


@pytest.mark.django_db
def test_TITLE_01_api_invalid_json_422(client):
    response = _post(client, "{")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "(body)"


@pytest.mark.django_db
def test_TITLE_01_api_empty_batch_422(client):
    response = _post(client, '{"applicants": []}')
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "applicants"


@pytest.mark.django_db
def test_FLOW_01_api_date_after_as_of_422_names_field(client):
    body = EXAMPLE.replace(
        '"current_title": null',
        '"current_title": {"level": "assistant", "series": "engineering", "obtained_on": "2029-01-01"}',
    )
    response = _post(client, body)
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["field"] == "current_title.obtained_on"
    assert "2029-01-01" in detail["message"] and "as_of" in detail["message_en"]


@pytest.mark.django_db
def test_FLOW_01_api_batch_date_after_as_of_names_the_applicant(client):
    response = _post(client, BATCH.replace('"graduated_on": "2005-07-01"', '"graduated_on": "2023-06-02"'))
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "applicants[1].graduated_on"


@pytest.mark.django_db
def test_TITLE_01_api_bom_and_duplicate_keys(client):
    assert _post(client, "\ufeff" + OPEN).status_code == 200
    response = _post(client, OPEN.replace('"year": 2023,', '"year": 2023, "year": 2024,'))
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "year"


FULL = {
    "year": 2023, "as_of": "2023-07-31", "employment": "institution", "unit_location": "township",
    "education": "bachelor", "full_time": True, "degree": "bachelor", "graduated_on": "2010-07-01",
    "field_matches": True, "work_started_on": "2010-07-15", "years_in_district": 13, "years_in_township": 13,
    "series": "primary_secondary_teacher",
    "current_title": {"level": "intermediate", "series": "primary_secondary_teacher", "obtained_on": "2016-07-01",
                      "original_obtained_on": None},
    "target_level": "deputy_senior",
    "name": "王芳", "id": "A-17", "district": "haibowan", "affiliation": "district",
    "township_work_started_on": "2010-07-15", "sanction_kind": "warning", "sanction_ends_on": "2022-12-31",
    "honours": ["talent_321_level2"], "used_exceptional_before": False, "civil_service_transfer_on": None,
    "first_application": False, "exam_passed": False,
    "green_channel": {"category": 6, "evidence": ["programme_selection"], "endorsements": ["unit_review"],
                      "peer_letters": 0, "programme": "new_era_l2"},
    "used_green_before": False, "directional": True, "other_track_same_year": False, "new_post_started_on": None,
    "rural_service_years": "3.5", "outstanding_contribution": True,
    "full_time_education": "bachelor", "full_time_graduated_on": "2010-07-01",
}  # fmt: skip


def test_TITLE_01_api_schema_lists_every_key_the_parser_accepts():
    from titles.api_schema import ELIGIBILITY_BODY
    from titles.eligibility import OPTIONAL_FIELDS, REQUIRED_FIELDS

    applicant = ELIGIBILITY_BODY["anyOf"][0]
    assert set(applicant["properties"]) == set(REQUIRED_FIELDS) | OPTIONAL_FIELDS
    assert set(FULL) == set(REQUIRED_FIELDS) | OPTIONAL_FIELDS  # the example below uses them all


@pytest.mark.django_db
def test_TITLE_01_api_schema_accepts_every_documented_input_and_the_api_answers_200(client):
    import jsonschema_rs

    from titles.api_schema import ELIGIBILITY_BODY

    validator = jsonschema_rs.validator_for(ELIGIBILITY_BODY)
    assert validator.is_valid(FULL)
    assert validator.is_valid({"applicants": [FULL, {**FULL, "green_channel": None, "rural_service_years": 1.5}]})
    assert not validator.is_valid({**FULL, "years_in_distrct": 3})  # a typo is still refused
    assert _post(client, json.dumps(FULL, ensure_ascii=False)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("n", [2, 12])
def test_TITLE_01_api_batch_has_a_fixed_query_count(client, django_assert_num_queries, n):
    """A batch of applicants (the API's list) is checked against one snapshot of the catalogue, not per applicant."""
    one = json.loads(EXAMPLE)
    body = json.dumps({"applicants": [{**one, "name": f"申报人{i}"} for i in range(n)]}, ensure_ascii=False)
    with django_assert_num_queries(4):  # the catalogue's snapshot: series, routing rows, windows, evaluation years
        response = _post(client, body)
    assert response.status_code == 200
    assert len(response.json()["applicants"]) == n
