"""POST-03: seed the HR bureau's editable ratio profiles with the POST-02 values of ``posts.rules.default_profile``
(the one place the policy numbers live) — city and each district × general and the knowledge-intensive sectors.

Idempotent: an existing row (e.g. edited by HR before a re-run) is left alone."""

from decimal import Decimal

from django.db import migrations

SEED_EFFECTIVE_YEAR = 2023  # the policy compilation of Doc A / Doc B (乌海市人社局, 2023年10月)


def _decimal(share) -> Decimal:
    value = Decimal(share.numerator) / Decimal(share.denominator)
    if value * share.denominator != share.numerator:  # not a terminating decimal: refuse rather than round
        raise ValueError(f"ratio {share} cannot be stored exactly")
    return value.quantize(Decimal("0.0001"))


def forwards(apps, schema_editor):
    from posts.rules import JURISDICTIONS, KNOWLEDGE_INTENSIVE_SECTORS, default_profile

    RatioProfile = apps.get_model("posts", "RatioProfile")
    for jurisdiction in JURISDICTIONS:
        for sector in ("general", *sorted(KNOWLEDGE_INTENSIVE_SECTORS)):
            profile = default_profile(jurisdiction, sector)
            RatioProfile.objects.get_or_create(
                jurisdiction=jurisdiction,
                sector=sector,
                effective_year=SEED_EFFECTIVE_YEAR,
                defaults={
                    "senior_cap": _decimal(profile.senior_cap),
                    "senior_intermediate_cap": _decimal(profile.senior_intermediate_cap),
                    "rounding": profile.rounding,
                    "label": profile.label,
                },
            )


def backwards(apps, schema_editor):
    apps.get_model("posts", "RatioProfile").objects.filter(effective_year=SEED_EFFECTIVE_YEAR).delete()


class Migration(migrations.Migration):
    dependencies = [("posts", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
