"""The admin: what is view-only (FLOW-03/05 objects change through their services) and what the HR bureau's
officers maintain there (reference data: calendar, ratio profiles, series catalogue, routing, evaluation years)."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from workflow.models import AuditRecord, Objection, Organisation, Publicity
from workflow.services import objection_raise, publicity_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "pw-Strong-123"))
    return client


@pytest.fixture
def publicity():
    unit = Organisation.objects.create(kind="unit", code="u1", name="乌海市第一中学", jurisdiction="city")
    publicity = publicity_start(
        organisation=unit, kind="other", title="2023年职称申报公示", starts_on=date(2023, 9, 27)
    )
    objection_raise(publicity=publicity, subject_label="张三", content="学历不实", raised_on=date(2023, 9, 28))
    return publicity


def test_FLOW_03_publicity_admin_refuses_add_even_to_superusers(superuser_client, publicity):
    assert superuser_client.get("/admin/workflow/publicity/add/").status_code == 403
    body = {"kind": "other", "organisation": publicity.organisation_id, "title": "x", "starts_on": "2023-10-07",
            "working_days": "1"}  # fmt: skip
    assert superuser_client.post("/admin/workflow/publicity/add/", body).status_code == 403
    assert Publicity.objects.count() == 1


def test_FLOW_03_publicity_admin_change_page_is_view_only(superuser_client, publicity):
    url = f"/admin/workflow/publicity/{publicity.pk}/change/"
    page = superuser_client.get(url)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content and "学历不实" in page.content.decode()
    before = AuditRecord.objects.count()
    body = {"kind": "other", "organisation": publicity.organisation_id, "title": "x", "starts_on": "2023-10-07",
            "working_days": "1", "objections-TOTAL_FORMS": "2", "objections-INITIAL_FORMS": "1",
            "objections-0-id": publicity.objections.get().pk, "objections-0-publicity": publicity.pk,
            "objections-1-subject_label": "李四", "objections-1-content": "x", "objections-1-raised_on": "2023-01-01"}  # fmt: skip
    assert superuser_client.post(url, body).status_code == 403
    stored = Publicity.objects.get(pk=publicity.pk)
    assert (stored.starts_on, stored.working_days, stored.ends_on) == (date(2023, 9, 27), 5, date(2023, 10, 9))
    assert Objection.objects.count() == 1 and AuditRecord.objects.count() == before


def test_FLOW_03_publicity_admin_refuses_delete(superuser_client, publicity):
    url = f"/admin/workflow/publicity/{publicity.pk}/delete/"
    assert superuser_client.post(url, {"post": "yes"}).status_code == 403
    assert Publicity.objects.filter(pk=publicity.pk).exists()
