"""Scheme, ratio profile and special post models: validation of counts, constraints, protected state."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from posts.models import RatioProfile, Scheme, SpecialPost, clean_grade_counts
from workflow.models import AuditRecord

from .factories import org

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    return org("u", "unit", affiliation="city_direct")


def test_clean_grade_counts_drops_zeros_and_orders_grades():
    assert clean_grade_counts("professional", {"10": 2, "3": 1, "5": 0}) == {"3": 1, "10": 2}
    assert clean_grade_counts("worker", {"general": 2, "1": 1}) == {"1": 1, "general": 2}


@pytest.mark.parametrize(
    ("category", "value", "expected"),
    [
        ("professional", {"14": 1}, "14"),
        ("management", {"2": 1}, "management"),
        ("worker", {"6": 1}, "worker"),
        ("directional", {"8": 1}, "directional"),
        ("professional", {"8": -1}, "非负整数"),
        ("professional", {"8": 1.5}, "非负整数"),
        ("professional", {"8": True}, "非负整数"),
        ("professional", [1, 2], "对象"),
    ],
)
def test_clean_grade_counts_refuses_naming_the_field(category, value, expected):
    with pytest.raises(ValidationError, match=expected):
        clean_grade_counts(category, value)


def test_scheme_full_clean_validates_json_counts(unit):
    scheme = Scheme(unit=unit, version=1, professional={"0": 1})
    with pytest.raises(ValidationError) as error:
        scheme.full_clean(exclude=["state"])  # a protected FSM field cannot be re-assigned by clean_fields
    assert "professional" in error.value.message_dict


def test_scheme_state_is_protected(unit):
    scheme = Scheme.objects.create(unit=unit, version=1)
    with pytest.raises(AttributeError):
        scheme.state = "filed"


def test_POST_11_at_most_one_filed_scheme_per_unit(unit):
    first = Scheme.objects.create(unit=unit, version=1)
    second = Scheme.objects.create(unit=unit, version=2)
    Scheme.objects.filter(pk=first.pk).update(state="filed")
    with pytest.raises(IntegrityError), transaction.atomic():
        Scheme.objects.filter(pk=second.pk).update(state="filed")


def test_scheme_version_is_unique_per_unit(unit):
    Scheme.objects.create(unit=unit, version=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Scheme.objects.create(unit=unit, version=1)


def test_POST_03_ratio_profile_senior_cap_within_senior_intermediate_cap():
    with pytest.raises(IntegrityError), transaction.atomic():
        RatioProfile.objects.create(jurisdiction="city", sector="x", senior_cap=Decimal("0.8"),
                                    senior_intermediate_cap=Decimal("0.7"), effective_year=2024)  # fmt: skip


def test_POST_03_ratio_profile_admin_edit_is_audited(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw-Strong-123")
    client.force_login(admin)
    profile = RatioProfile.objects.get(jurisdiction="city", sector="general", effective_year=2023)
    assert client.get("/admin/posts/ratioprofile/").status_code == 200
    response = client.post(f"/admin/posts/ratioprofile/{profile.pk}/change/", {
        "jurisdiction": "city", "sector": "general", "senior_cap": "0.2400", "senior_intermediate_cap": "0.7000",
        "rounding": "floor", "effective_year": "2023", "label": "2.4:4.6:3"})  # fmt: skip
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.senior_cap == Decimal("0.2400")
    assert AuditRecord.objects.filter(transition="ratio_profile_change", note__contains="senior_cap").count() == 1


def test_schemes_are_read_only_in_the_admin(client, django_user_model, unit):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw-Strong-123")
    client.force_login(admin)
    scheme = Scheme.objects.create(unit=unit, version=1)
    assert client.get("/admin/posts/scheme/").status_code == 200
    assert client.get("/admin/posts/scheme/add/").status_code == 403
    assert client.post(f"/admin/posts/scheme/{scheme.pk}/delete/", {"post": "yes"}).status_code == 403


def test_POST_09_special_post_allows_one_extension_only_in_the_database(unit):
    post = SpecialPost.objects.create(
        unit=unit,
        category="professional",
        post_name="x",
        grade=6,
        reasons="r",
        term_start=date(2024, 1, 1),
        term_end=date(2027, 1, 1),
        holder_name="h",
        holder_birth_date=date(1980, 1, 1),
        holder_retirement_date=date(2040, 1, 1),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        SpecialPost.objects.filter(pk=post.pk).update(extensions=2)
    assert not post.needs_region_approval
