"""Two HR officers file the same scheme at the same moment: the row lock lets exactly one through (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from posts.models import Scheme, SchemeReview
from posts.services import PostRuleError, scheme_file
from workflow.models import AuditRecord

from .factories import person
from .test_services_schemes import TODAY, in_state


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_POST_10_two_officers_filing_the_same_scheme_at_once_exactly_one_succeeds():
    from .factories import world

    w = world()
    scheme = in_state(w, "hr_review")
    second_officer = person("city_officer_2", "hr_officer", w.city_hr)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def file(actor):
        try:
            barrier.wait()
            scheme_file(scheme=Scheme(pk=scheme.pk), actor=actor, opinion="同意备案", today=TODAY)
            outcomes.append("filed")
        except PostRuleError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=file, args=(a,)) for a in (w.city_officer, second_officer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["filed", "refused"]
    assert Scheme.objects.get(pk=scheme.pk).state == "filed"
    assert AuditRecord.objects.filter(transition="scheme_file").count() == 1
    assert SchemeReview.objects.filter(scheme_id=scheme.pk, stage="hr_review").count() == 1
