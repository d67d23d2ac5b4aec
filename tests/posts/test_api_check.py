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
