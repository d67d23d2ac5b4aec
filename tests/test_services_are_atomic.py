"""Every public service that locks a row runs inside a transaction (DESIGN.md: one atomic service per transition).

SQLite ignores select_for_update, so a lost ``@transaction.atomic`` only shows on PostgreSQL; this test finds it
on any database by reading the services: a public function whose body locks (``select_for_update`` or a module's
``_lock`` helper) must be wrapped by ``transaction.atomic`` (which leaves ``__wrapped__``) or open ``atomic`` itself.
"""

import importlib
import inspect
import pkgutil

import pytest

PACKAGES = ["workflow.services", "posts.services", "titles.services"]


def _modules():
    for name in PACKAGES:
        module = importlib.import_module(name)
        yield module
        if hasattr(module, "__path__"):
            for info in pkgutil.iter_modules(module.__path__):
                yield importlib.import_module(f"{name}.{info.name}")


def _locking_services():
    seen = set()
    for module in _modules():
        for name, fn in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(fn) or fn.__module__ != module.__name__:
                continue
            source = inspect.getsource(inspect.unwrap(fn))
            if ("select_for_update" in source or "_lock(" in source) and (module.__name__, name) not in seen:
                seen.add((module.__name__, name))
                yield pytest.param(fn, id=f"{module.__name__}.{name}")


@pytest.mark.parametrize("service", list(_locking_services()))
def test_locking_service_runs_in_a_transaction(service):
    source = inspect.getsource(inspect.unwrap(service))
    assert hasattr(service, "__wrapped__") or "transaction.atomic()" in source, (
        f"{service.__module__}.{service.__name__} locks rows outside @transaction.atomic"
    )
