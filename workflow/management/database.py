"""The command-line tools read reference data that migrations load (INTERFACES.md: "every command below works on a
freshly migrated database"). On a database that was never migrated they would die in a traceback about a missing
table; this says what to do instead, in both languages, with the tools' usage exit status 2."""

from __future__ import annotations

import sys

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

_checked: set[str] = set()  # aliases found migrated in this process (migrations do not un-apply themselves)


def pending_migrations(alias: str = DEFAULT_DB_ALIAS) -> list[str] | None:
    """Names of the migrations not yet applied, or None when the database cannot be reached at all."""
    try:
        executor = MigrationExecutor(connections[alias])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return None
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def require_migrated_database(stderr, alias: str = DEFAULT_DB_ALIAS) -> None:
    if alias in _checked:
        return
    pending = pending_migrations(alias)
    if pending is None:
        stderr.write("无法连接数据库，请检查 DATABASE_URL / cannot reach the database: check DATABASE_URL")
        sys.exit(2)
    if pending:
        stderr.write(
            f"数据库尚未迁移（{len(pending)} 个迁移未执行），请先运行 python manage.py migrate"
            f" / the database is not migrated ({len(pending)} migrations pending): run python manage.py migrate first"
        )
        sys.exit(2)
    _checked.add(alias)
