"""POST-03 ratio profiles in the admin: each HR bureau maintains only its own jurisdiction's (Doc A §四(一)5 "本级")."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission

from posts.models import RatioProfile
from workflow.models import AuditRecord, Role

from .factories import person, world

pytestmark = pytest.mark.django_db
LIST = "/admin/posts/ratioprofile/"


def staff(user):
    """What the HR reference-data staff group gives: admin access and every ratio-profile model permission."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="posts", codename__endswith="ratioprofile")
    )
    return user


@pytest.fixture
def w():
    w = world()
    for name in ("city_officer", "district_officer", "other_district_officer"):
        staff(getattr(w, name))
    w.unit_hr_staff = staff(person("unit_hr_staff", Role.UNIT_HR, w.unit))
    return w


def profile(jurisdiction):
    return RatioProfile.objects.filter(jurisdiction=jurisdiction, sector="general").order_by("effective_year").first()


def change_data(p, **extra):
    return {"jurisdiction": p.jurisdiction, "sector": p.sector, "senior_cap": str(p.senior_cap),
            "senior_intermediate_cap": str(p.senior_intermediate_cap), "rounding": p.rounding,
            "effective_year": str(p.effective_year or ""), "label": p.label, **extra}  # fmt: skip


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("city_officer", {"city"}),
        ("district_officer", {"haibowan"}),
        ("other_district_officer", {"hainan"}),
    ],
)
def test_POST_03_profile_list_shows_only_own_jurisdiction(client, w, who, visible):
    client.force_login(getattr(w, who))
    response = client.get(LIST)
    assert response.status_code == 200
    shown = {p.jurisdiction for p in response.context["cl"].result_list}
    assert shown == visible


def test_POST_03_superuser_sees_every_jurisdiction(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.com", "pw-Strong-123"))
    shown = {p.jurisdiction for p in client.get(LIST).context["cl"].result_list}
    assert shown == {"city", "haibowan", "hainan", "wuda"}


def test_POST_03_district_officer_edits_own_district_profile_audited(client, w):
    p = profile("haibowan")
    client.force_login(w.district_officer)
    response = client.post(f"{LIST}{p.pk}/change/", change_data(p, senior_cap="0.1700"))
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.senior_cap == Decimal("0.1700")
    assert AuditRecord.objects.filter(transition="ratio_profile_change", actor=w.district_officer).count() == 1


@pytest.mark.parametrize(("who", "target"), [("district_officer", "hainan"), ("district_officer", "city"),
                                             ("city_officer", "wuda")])  # fmt: skip
def test_POST_03_officer_cannot_open_or_change_another_jurisdictions_profile(client, w, who, target):
    p = profile(target)
    before = p.senior_cap
    client.force_login(getattr(w, who))
    assert client.get(f"{LIST}{p.pk}/change/").status_code == 302  # "does not exist" → back to the admin index
    client.post(f"{LIST}{p.pk}/change/", change_data(p, senior_cap="0.0100"))
    client.post(f"{LIST}{p.pk}/delete/", {"post": "yes"})
    p.refresh_from_db()
    assert p.senior_cap == before
    assert not AuditRecord.objects.filter(transition="ratio_profile_change").exists()


def test_POST_03_add_form_offers_only_own_jurisdiction(client, w):
    client.force_login(w.district_officer)
    form = client.get(f"{LIST}add/").context["adminform"].form
    assert [key for key, _ in form.fields["jurisdiction"].choices if key] == ["haibowan"]
    data = change_data(profile("haibowan"), jurisdiction="hainan", sector="water", effective_year="2030")
    response = client.post(f"{LIST}add/", data)
    assert response.status_code == 200  # refused by the form: "hainan" is not a valid choice here
    assert not RatioProfile.objects.filter(sector="water", effective_year=2030).exists()
    response = client.post(f"{LIST}add/", {**data, "jurisdiction": "haibowan"})
    assert response.status_code == 302
    assert RatioProfile.objects.filter(jurisdiction="haibowan", sector="water", effective_year=2030).exists()


def test_POST_03_staff_without_hr_bureau_sees_no_profiles(client, w):
    client.force_login(w.unit_hr_staff)
    assert client.get(LIST).status_code == 403
