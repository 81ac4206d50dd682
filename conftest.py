"""Test-wide settings: fast hashing, media in a temporary folder, plain static storage,
cookies usable over the live server's plain HTTP, and Celery eager unless a test asks for
a real worker (see tests/celery_worker.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Each process's test database is not migrated: it is a copy of one migrated once per set
    of migrations (tests/migrated_database.py), a file on SQLite, a template on PostgreSQL."""
    import os

    from django.db import connections

    database = connections["default"].settings_dict
    database.setdefault("TEST", {})["MIGRATE"] = False
    if database["ENGINE"] == "django.db.backends.postgresql":
        from tests.migrated_database import migrated_postgres_template

        database["TEST"]["TEMPLATE"] = migrated_postgres_template(os.environ["DATABASE_URL"])


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connection

    if connection.vendor == "sqlite":
        from tests.migrated_database import copy_into, migrated_file

        with django_db_blocker.unblock():
            copy_into(connection, migrated_file())
    yield


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "lms.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits live in the cache: every test starts with none spent."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def celery_worker(settings):
    """A real Celery worker for tests about tasks (mark them `celery_worker` and use
    `django_db(transaction=True)` so the worker sees committed rows).

    With CELERY_BROKER_URL set (CI), .ci/run has started a worker process on Redis against
    the test database and this fixture only turns eager mode off. Otherwise a worker runs in a
    thread of this process on Celery's in-memory broker.
    """
    import os

    from celery.contrib.testing.worker import start_worker

    from lms.celery import app

    previous = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    _drop_producer_pool(app)
    try:
        if os.environ.get("CELERY_BROKER_URL"):
            # The worker process keeps the configured private storage; share it.
            default_root = os.environ.get("PRIVATE_MEDIA_ROOT", str(settings.BASE_DIR / "private_media"))
            settings.PRIVATE_MEDIA_ROOT = default_root
            settings.STORAGES = {
                **settings.STORAGES,
                "private": {
                    "BACKEND": "lms.storage.PrivateFileSystemStorage",
                    "OPTIONS": {"location": default_root, "base_url": None},
                },
            }
            yield app
        else:
            app.conf.broker_url = "memory://"
            with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
                yield app
    finally:
        app.conf.task_always_eager, app.conf.broker_url = previous
        _drop_producer_pool(app)


def _drop_producer_pool(app) -> None:
    """Eager calls still open a producer pool on the configured broker; forget it so that
    messages go to the broker this test's worker listens on."""
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture(autouse=True)
def _postgres_only(request):
    """Tests marked `postgres` (row locks, concurrency) run only against PostgreSQL: .ci/run
    runs them; on SQLite they are skipped with that reason."""
    if request.node.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL (set DATABASE_URL; .ci/run does)")


@pytest.fixture
def demo(transactional_db):
    """The whole demo (seed_demo's data and media), built once per test process and copied back
    for each test that asks (tests/snapshot.py). Transactional, so a live server sees it."""
    from tests.snapshot import load_demo

    load_demo()


@pytest.fixture
def queries_for():
    """queries_for(client, url): the SQL queries of a second GET (the first warms the person's
    roles, read once per user instance), asserting it answered 200."""

    def count(client, url: str) -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    return count
