"""The demo seeder: idempotent, and its schemes show what they claim (compliant ones clean, each error present)."""

import pytest

from posts import demo
from posts.models import Scheme, SpecialPost
from posts.selectors import scheme_findings
from workflow.models import AuditRecord

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_covers_each_case():
    demo.seed()
    counts = (Scheme.objects.count(), SpecialPost.objects.count(), AuditRecord.objects.count())
    demo.seed()
    assert (Scheme.objects.count(), SpecialPost.objects.count(), AuditRecord.objects.count()) == counts
    states = dict(Scheme.objects.values_list("unit__code", "state"))
    assert states["unit-no1-middle"] == "filed" and states["unit-people-hospital"] == "dept_review"
    assert states["unit-wuda-agri-station"] == states["unit-vocational-college"] == "hr_review"
    assert states["unit-haibowan-primary"] == "filed"  # by the district HR


def test_demo_district_hr_dashboard_shows_the_POST_02_overshoot(client):
    """The demo's district HR sees a finding: the filed district scheme puts 海勃湾区 above 18 % 高级 (POST-02)."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.urls import reverse

    demo.seed()
    cache.clear()
    client.force_login(get_user_model().objects.get(username="district_hr"))
    text = client.get(reverse("posts:dashboard")).content.decode()
    assert 'data-jurisdiction="haibowan"' in text and 'data-rule="POST-02"' in text
    rules = set()
    for scheme in Scheme.objects.select_related("unit"):
        findings = scheme_findings(scheme)
        rules |= {f.rule for f in findings}
        if "合规" in demo.SCHEMES[scheme.unit.code][0]:
            assert not findings, scheme.unit.code
    assert {"POST-01", "POST-03", "POST-04", "POST-05", "POST-06", "POST-08"} <= rules
    assert SpecialPost.objects.get().state == "requested"
