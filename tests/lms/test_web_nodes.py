"""Web nodes are stateless: two gunicorn processes on two ports, sharing one PostgreSQL and one
Redis (and the media storage), behave as one site. A login made through one is honoured by
the other, failed logins are counted across both, and a file uploaded through one is served
by the other."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from cms.demo import seed_site
from courses import services
from courses.models import Submission
from tests.courses.factories import assignment_block, lessons_of, make_course
from tests.factories import UserFactory
from tests.lms.processes import ROOT, Redis, free_port

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PASSWORD = "two-nodes-one-site-2026"
HOST = "lms.test"  # what a load balancer in front of both nodes passes on


def browser() -> requests.Session:
    """A browser reaching the site by its one public name, whichever node answers."""
    session = requests.Session()
    session.headers["Host"] = HOST
    return session


class Node:
    """gunicorn with one sync worker, configured as in production (gunicorn.conf.py, DEBUG off)."""

    def __init__(self, *, redis: Redis, media: Path, log: Path):
        self.port, self.redis, self.media, self.log = free_port(), redis, media, log
        self.process = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Node":
        database = connection.settings_dict
        environment = {
            **os.environ,
            "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}",
            "REDIS_URL": self.redis.url,
            "DEBUG": "0",
            "SECRET_KEY": "two-web-nodes-test-secret-key-0123456789-abcdefghijklmnop",
            "SITE_URL": f"http://{HOST}",
            "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "MEDIA_ROOT": str(self.media / "public"),
            "PRIVATE_MEDIA_ROOT": str(self.media / "private"),
            "LOGIN_FAILED_RATE_LIMIT": "100/5m/ip,4/5m/key",
            "WEB_CONCURRENCY": "1",
            "GUNICORN_ACCESS_LOG": "",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }
        environment.pop("CELERY_BROKER_URL", None)
        with self.log.open("a") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "lms.wsgi:application", "-c", "gunicorn.conf.py",
                 "--bind", f"127.0.0.1:{self.port}"],
                cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(f"{self.url}/healthz/", timeout=10)
                return self
            except (requests.RequestException, OSError):
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)


@pytest.fixture
def nodes(tmp_path):
    redis = Redis(free_port(), tmp_path).start()
    started = []
    try:
        for name in ("a", "b"):
            started.append(Node(redis=redis, media=tmp_path / "media", log=tmp_path / f"node-{name}.log").start())
        yield started
    finally:
        for node in started:
            node.stop()
        redis.stop()


@pytest.fixture
def person():
    user = UserFactory(preferred_language="en")
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "twonodessalt")  # what the nodes hash with
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


def _log_in(session: requests.Session, node: Node, email: str, password: str) -> requests.Response:
    form = session.get(f"{node.url}/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    return session.post(
        f"{node.url}/accounts/login/",
        data={"login": email, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{node.url}/accounts/login/"},
        allow_redirects=False,
    )


def _moved(session: requests.Session) -> requests.Session:
    """The same browser's cookies sent to the other node (a load balancer in front of both)."""
    other = browser()
    for cookie in session.cookies:
        other.cookies.set(cookie.name, cookie.value)
    return other


def test_a_login_made_on_one_node_is_honoured_on_the_other(nodes, person):
    a, b = nodes
    session = browser()
    assert _log_in(session, a, person.email, PASSWORD).status_code == 302

    dashboard = _moved(session).get(f"{b.url}/dashboard/", allow_redirects=False)

    assert dashboard.status_code == 200 and person.full_name in dashboard.text


def test_failed_logins_are_counted_across_both_nodes(nodes, person):
    a, b = nodes
    for node in (a, b, a, b):  # four failures, two on each: the limit is four per account
        assert "Too many" not in _log_in(browser(), node, person.email, "wrong password").text

    refused = _log_in(browser(), b, person.email, PASSWORD)

    assert refused.status_code == 200 and "Too many failed attempts for this account" in refused.text


def test_a_file_uploaded_through_one_node_is_served_by_the_other(nodes, person):
    a, b = nodes
    seed_site(log=lambda _: None)  # the site and its home page, which lesson addresses need
    course = make_course(lessons=[[assignment_block()]])
    services.enrol(actor=person, course=course)
    lesson = lessons_of(course)[0]
    block_id = lesson.body[0].id
    session = browser()
    _log_in(session, a, person.email, PASSWORD)
    page = session.get(f"{a.url}{lesson.url}")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    sent = session.post(
        f"{a.url}/courses/lessons/{lesson.pk}/assignment/{block_id}/",
        data={"csrfmiddlewaretoken": token, f"{block_id}-text": "See the file."},
        files={f"{block_id}-file": ("reflection.txt", b"What I learnt on the ward.\n", "text/plain")},
        headers={"Referer": f"{a.url}{lesson.url}"},
        allow_redirects=False,
    )
    assert sent.status_code == 302
    submission = Submission.objects.get(enrolment__learner=person)

    served = _moved(session).get(f"{b.url}/courses/submissions/{submission.pk}/file/")

    assert served.status_code == 200 and served.content == b"What I learnt on the ward.\n"
