"""Two officers act on the same application at the same moment (PostgreSQL row locks): exactly one transition
happens; the other gets "已被处理 / already handled"."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from tests.titles.factories import application, world
from titles.models import Application
from titles.services import workflow as wf
from workflow.models import AuditRecord


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_threads_same_application_one_transition():
    w = world()
    app = application(w, "dept_review")
    stale_copies = [Application.objects.get(pk=app.pk) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def act(copy):
        try:
            barrier.wait()
            wf.dept_forward(application=copy, actor=w.dept, opinion="同意报送")
            outcomes.append("done")
        except wf.TitleWorkflowError as exc:
            outcomes.append(str(exc))
        except Exception as exc:  # noqa: BLE001 — reported by the assertion below
            outcomes.append(f"unexpected {exc!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(copy,)) for copy in stale_copies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes)[0] == "done"
    assert outcomes.count("done") == 1
    assert len(outcomes) == 2, outcomes
    assert any("已被处理" in o and "already been handled" in o for o in outcomes), outcomes
    app.refresh_from_db()
    assert app.state == "hr_review"
    assert AuditRecord.objects.filter(transition="dept_forward").count() == 1
