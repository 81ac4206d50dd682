"""The test database, migrated once and reused until a migration changes.

Running every migration (Wagtail's, the apps', ours: about 23 s on SQLite, 28 s on PostgreSQL)
in each test process was most of the time a single test file took to run, and was paid again by
each pytest-xdist process and by each of CI's PostgreSQL runs. Instead the first process that
needs it runs `migrate` once into a database named by a hash of every installed app's migration
files (ours and the libraries'), while the others wait on a lock; a changed or new migration
gives a new hash, so a new database, and the stale one is removed.

- SQLite: the migrated database is a file under `.test-databases/`. Each process creates its
  in-memory test database without migrations (Django's `TEST["MIGRATE"] = False`, a few
  seconds) and copies the file over it with SQLite's backup API, data migrations' rows
  included (locales, the page tree's root, groups, scales).
- PostgreSQL: the migrated database is `lms_test_template_<hash>` on the same server, and each
  test database is created from it (Django's `TEST["TEMPLATE"]`, PostgreSQL's `CREATE DATABASE
  ... TEMPLATE`), with nothing left to migrate.
"""

import contextlib
import fcntl
import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.apps import apps
from django.conf import settings

FOLDER = Path(settings.BASE_DIR) / ".test-databases"


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for app in sorted(apps.get_app_configs(), key=lambda config: config.label):
        for migration in sorted((Path(app.path) / "migrations").glob("*.py")):
            digest.update(f"{app.label}/{migration.name}".encode())
            digest.update(migration.read_bytes())
    return digest.hexdigest()[:20]


@contextlib.contextmanager
def _building():
    """One process builds; the others (pytest-xdist's, on this checkout) wait for it."""
    FOLDER.mkdir(exist_ok=True)
    with open(FOLDER / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _migrate(database_url: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": database_url},
        check=True,
    )


def migrated_file() -> Path:
    """The migrated SQLite file for the migrations on disk, built now if it is missing."""
    path = FOLDER / f"migrated-{_fingerprint()}.sqlite3"
    with _building():
        if not path.exists():
            for stale in FOLDER.glob("migrated-*.sqlite3*"):
                stale.unlink()
            building = path.with_name(path.name + ".building")
            _migrate(f"sqlite:///{building}")
            source = sqlite3.connect(building)  # fold the write-ahead log into the file
            try:
                source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                source.execute("PRAGMA journal_mode=DELETE")
            finally:
                source.close()
            building.rename(path)
    return path


def copy_into(connection, path: Path) -> None:
    """Replace the test database's whole content (schema and rows) with the migrated file's."""
    from django.contrib.contenttypes.models import ContentType

    connection.ensure_connection()
    source = sqlite3.connect(path)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    # Creating the unmigrated database filled the content-type cache with ids the copy replaced.
    ContentType.objects.clear_cache()


def migrated_postgres_template(database_url: str) -> str:
    """The name of the migrated PostgreSQL database on the server of `database_url`, built now
    if it is missing (stale ones, of other migrations, are dropped)."""
    import psycopg

    name = f"lms_test_template_{_fingerprint()}"
    parts = urlsplit(database_url)
    server = urlunsplit(parts._replace(path="/postgres"))
    with _building(), psycopg.connect(server, autocommit=True) as admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if found is None:
            stale = admin.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", ["lms\\_test\\_template\\_%"]
            ).fetchall()
            for (old,) in stale:
                admin.execute(f'DROP DATABASE "{old}" WITH (FORCE)')
            building = f"{name}_building"
            admin.execute(f'CREATE DATABASE "{building}"')
            _migrate(urlunsplit(parts._replace(path=f"/{building}")))
            admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
    return name
