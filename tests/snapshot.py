"""The demo data built once per test process and copied back for each test that asks for it.

`seed_demo` takes over ten seconds (page translations, certificate PDFs), and a dozen browser
tests need the whole demo: building it for each was the largest part of the browser suite. The
first test that asks builds it and takes a snapshot of the whole database and of the media it
wrote; later tests get the snapshot copied back, which takes well under a second.

- SQLite (the test database lives in memory): the snapshot is an in-memory copy made with
  SQLite's online backup API, copied back the same way.
- PostgreSQL: each table's rows as `COPY` text and each sequence's value; copying back empties
  every table and loads the rows in one transaction (Django's foreign keys are deferred there).

The tests that are about the demo itself (tests/lms/test_seed_demo.py) still run the command.
"""

import io
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction


@dataclass
class Snapshot:
    media: Path
    sqlite: sqlite3.Connection | None = None
    tables: dict[str, bytes] = field(default_factory=dict)
    sequences: dict[str, int] = field(default_factory=dict)


_snapshot: Snapshot | None = None


def _media_roots() -> dict[str, Path]:
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.PRIVATE_MEDIA_ROOT)}


def _take() -> Snapshot:
    media = Path(tempfile.mkdtemp(prefix="demo-media-"))
    for name, root in _media_roots().items():
        if root.exists():
            shutil.copytree(root, media / name)
    snapshot = Snapshot(media=media)
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        snapshot.sqlite = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(snapshot.sqlite)
        return snapshot
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            buffer = io.BytesIO()
            with cursor.connection.cursor().copy(f'COPY "{table}" TO STDOUT') as copy:
                for chunk in copy:
                    buffer.write(chunk)
            snapshot.tables[table] = buffer.getvalue()
        cursor.execute("SELECT schemaname || '.' || sequencename, last_value FROM pg_sequences")
        snapshot.sequences = {name: value for name, value in cursor.fetchall() if value is not None}
    return snapshot


def _restore(snapshot: Snapshot) -> None:
    connection.ensure_connection()
    if snapshot.sqlite is not None:
        snapshot.sqlite.backup(connection.connection)
    else:
        with transaction.atomic(), connection.cursor() as cursor:
            names = ", ".join(f'"{table}"' for table in snapshot.tables)
            cursor.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            for table, rows in snapshot.tables.items():
                if rows:
                    with cursor.connection.cursor().copy(f'COPY "{table}" FROM STDIN') as copy:
                        copy.write(rows)
            for name, value in snapshot.sequences.items():
                cursor.execute("SELECT setval(%s, %s)", [name, value])
    for name, root in _media_roots().items():
        if (snapshot.media / name).exists():
            shutil.copytree(snapshot.media / name, root, dirs_exist_ok=True)
    # Rows were replaced under the caches that hold ids: content types, Wagtail's site roots.
    ContentType.objects.clear_cache()
    cache.clear()


def load_demo() -> None:
    """The demo data in the test database (needs a transactional test: the live server's
    thread must see it), built by seed_demo the first time in this process."""
    global _snapshot
    if _snapshot is None:
        call_command("seed_demo", stdout=io.StringIO())
        _snapshot = _take()
    else:
        _restore(_snapshot)
