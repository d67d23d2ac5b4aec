"""POST /api/v1/posts/schemes/check — same JSON in and out as check_scheme; 422 names the field."""

import json

import pytest

URL = "/api/v1/posts/schemes/check"
OVER_SENIOR = {
    "unit": {"name": "乌海市第二中学", "jurisdiction": "city", "affiliation": "city_direct"},
    "professional": {"7": 6, "9": 4, "10": 4, "11": 3, "12": 3},
}


def post(client, body):
    data = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    return client.post(URL, data=data, content_type="application/json")


@pytest.mark.django_db
def test_api_scheme_check_POST_03_error_same_shape_as_cli(client, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    response = post(client, OVER_SENIOR)
    assert response.status_code == 200
    payload = response.json()
    assert payload["ok"] is False
    assert payload["units"][0]["findings"][0]["scope"] == "senior"
    path = tmp_path / "s.json"
    path.write_text(json.dumps(OVER_SENIOR), encoding="utf-8")
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("check_scheme", str(path), "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == payload


@pytest.mark.django_db
def test_api_scheme_check_compliant_ok(client):
    body = {**OVER_SENIOR, "professional": {"7": 5, "9": 5, "10": 4, "11": 3, "12": 3}}
    response = post(client, body)
    assert response.status_code == 200 and response.json()["ok"] is True


@pytest.mark.django_db
def test_api_scheme_check_batch_has_aggregate(client):
    response = post(client, {"units": [OVER_SENIOR, OVER_SENIOR]})
    assert "jurisdiction:city:senior" in {f["scope"] for f in response.json()["aggregate"]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**OVER_SENIOR, "professional": {"9": -1}}, "professional.9"),
        ({**OVER_SENIOR, "professional": {"9": 1.5}}, "professional.9"),
        ({"units": [OVER_SENIOR, {"unit": {"name": "x", "jurisdiction": "wuda", "affiliation": "x"}}]},
         "units[1].unit.affiliation"),
        ({"professional": {}}, "unit"),
        ("{not json", "body"),
    ],
)  # fmt: skip
def test_api_scheme_check_bad_input_422_names_field(client, body, field):
    response = post(client, body)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == field


@pytest.mark.django_db
def test_api_scheme_check_audit_request_answers_fast(client):
    """POST-13: the 200-byte body that took 12 s — 5,000 posts, 3,750 of them senior — is answered exactly."""
    import time

    body = {**OVER_SENIOR, "professional": {"5": 1250, "6": 1250, "7": 1250, "12": 1250}}
    start = time.perf_counter()
    response = post(client, body)
    assert time.perf_counter() - start < 2
    assert response.status_code == 200
    assert response.json()["units"][0]["suggestion"]["posts_moved"] == 2500


@pytest.mark.django_db
def test_api_scheme_check_unit_over_post_budget_422(client):
    from posts.scheme_io import MAX_UNIT_PROFESSIONAL

    body = {**OVER_SENIOR, "professional": {"12": MAX_UNIT_PROFESSIONAL + 1}}
    response = post(client, body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "professional" and str(MAX_UNIT_PROFESSIONAL) in error["message"]
    at_limit = post(client, {**OVER_SENIOR, "professional": {"12": MAX_UNIT_PROFESSIONAL}})
    assert at_limit.status_code == 200


@pytest.mark.django_db
def test_api_scheme_check_request_over_post_budget_422(client):
    from posts.scheme_io import API_MAX_PROFESSIONAL, MAX_UNIT_PROFESSIONAL

    per_unit = MAX_UNIT_PROFESSIONAL
    count = API_MAX_PROFESSIONAL // per_unit
    unit = {**OVER_SENIOR, "professional": {"12": per_unit}}
    assert post(client, {"units": [unit] * count}).status_code == 200  # exactly at the budget
    response = post(client, {"units": [unit] * count + [{**OVER_SENIOR, "professional": {"12": 1}}]})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "units"
    assert str(API_MAX_PROFESSIONAL) in response.json()["error"]["message_en"]


@pytest.mark.django_db
def test_api_scheme_check_too_many_units_422(client):
    from posts.scheme_io import API_MAX_UNITS

    small = {**OVER_SENIOR, "professional": {"12": 1}}
    response = post(client, {"units": [small] * (API_MAX_UNITS + 1)})
    assert response.status_code == 422 and response.json()["error"]["field"] == "units"


@pytest.mark.django_db
def test_api_scheme_check_duplicate_key_422(client):
    body = '{"unit": {"name": "x", "jurisdiction": "city", "affiliation": "city_direct"}, "professional": {"9": 1, "9": 2}}'
    response = post(client, body)
    assert response.status_code == 422 and response.json()["error"]["field"] == "9"


@pytest.mark.django_db
def test_api_scheme_check_unknown_sector_422(client):
    body = {**OVER_SENIOR, "unit": {**OVER_SENIOR["unit"], "sector": "no_such_sector"}}
    response = post(client, body)
    assert response.status_code == 422 and response.json()["error"]["field"] == "unit.sector"
    assert "education" in response.json()["error"]["message_en"]


@pytest.mark.django_db
@pytest.mark.parametrize("n", [2, 12])
def test_api_scheme_check_batch_has_a_fixed_query_count(client, django_assert_num_queries, n):
    """A batch of units (the API's list) is checked with the stored profiles read once, not per unit."""
    units = [{**OVER_SENIOR, "unit": {**OVER_SENIOR["unit"], "name": f"单位{i}"}} for i in range(n)]
    # the sectors of the stored profiles and of the units (the accepted keys), the stored profiles
    with django_assert_num_queries(3):
        response = post(client, {"units": units})
    assert response.status_code == 200
    assert len(response.json()["units"]) == n
