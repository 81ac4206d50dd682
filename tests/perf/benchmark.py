"""Load benchmark: gunicorn + PostgreSQL + Redis, as in production, measured from outside.

    .venv/bin/python -m tests.perf.benchmark                 # the demo seed
    .venv/bin/python -m tests.perf.benchmark --scale         # the big seed (seed_scale)
    .venv/bin/python -m tests.perf.benchmark --scale --compare /tmp/bench-demo.json

It creates (once) and seeds a PostgreSQL database of its own (`--database`, default
lms_bench_demo / lms_bench_scale on 127.0.0.1), starts gunicorn with `--workers` sync workers
(2) on the product's WSGI application plus a bare view (tests/perf/urls.py), logs in the demo
learner and coordinator, and for each page below prints, at 1 user (the median a single reader
sees) and at each of `--users` (10 and 50) concurrent users, each on a keep-alive connection
for `--duration` seconds: requests per second, p50/p95/p99 in ms, and p50 as a multiple of the
bare view's p50 at the same concurrency. `--save` writes the figures as JSON; `--compare` with
an earlier run's JSON adds each page's 1-user median ratio (big ÷ demo).

Not part of `make test`: it takes a few minutes and measures a machine, not a behaviour."""

import argparse
import gzip
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tests.lms.processes import free_port

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
LOG = Path(tempfile.gettempdir()) / "lms-benchmark-gunicorn.log"
LEARNER = "doctor@example.org"  # seed_scale gives this demo learner 20 courses and their certificates
COORDINATOR = "coordinator@example.org"


def manage(env: dict, *args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare_database(url: str, env: dict, *, scale: bool) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    print(f"database {name}: migrate, seed_demo{', seed_scale' if scale else ''}", flush=True)
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "seed_demo")
    if scale:
        manage(env, "seed_scale")
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("ANALYZE")  # what autovacuum does in time; the figures assume it


def sign_in(env: dict) -> dict:
    """Session cookies and an API token for the demo people, and the ids the pages need,
    made in this process with Django against the benchmark's database."""
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string
    from rest_framework.authtoken.models import Token

    from certificates.models import Certificate
    from courses import services as course_services
    from courses.models import CoursePage, Enrolment, LessonPage
    from fellowships.models import Intake
    from lms.models import User

    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")

    def session(email: str) -> str:
        user = User.objects.get(email=email)
        s = store()
        s[SESSION_KEY] = str(user.pk)
        s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        s.create()
        return f"{settings.SESSION_COOKIE_NAME}={s.session_key}"

    def as_read_by(email: str, path: str) -> str:
        """Pages open under the reader's language prefix (they are redirected there otherwise)."""
        language = User.objects.get(email=email).preferred_language
        return path if language in ("", settings.LANGUAGE_CODE) else f"/{language}{path}"

    learner = User.objects.get(email=LEARNER)
    course = CoursePage.objects.get(slug="paediatric-basic-life-support", locale__language_code="en")
    if not Enrolment.objects.filter(learner=learner, course=course).exists():
        course_services.enrol(actor=learner, course=course)
    lesson = LessonPage.objects.live().descendant_of(course).order_by("path").first()
    intake = Intake.objects.order_by("-closes_on", "pk").first()
    certificate = Certificate.objects.exclude(credential="").filter(status="ready").order_by("pk").first()
    token, _ = Token.objects.get_or_create(user=learner)
    learner_cookie, coordinator_cookie = session(learner.email), session(COORDINATOR)
    mine = {"Cookie": learner_cookie}
    office = {"Cookie": coordinator_cookie}
    return {
        "bare": ("/__bench__/bare/", {}),
        "learner dashboard": (as_read_by(learner.email, "/dashboard/"), mine),
        "my courses": (as_read_by(learner.email, "/courses/mine/"), mine),
        "catalogue": (as_read_by(learner.email, "/courses/"), mine),
        "a lesson": (as_read_by(learner.email, lesson.url), mine),
        "API enrollments": ("/api/v1/enrollments/", {"Authorization": f"Token {token.key}"}),
        "grading queue": (as_read_by(COORDINATOR, "/courses/grading/"), office),
        "gradebook": (as_read_by(COORDINATOR, f"/courses/{course.pk}/gradebook/"), office),
        "intake pipeline": (as_read_by(COORDINATOR, f"/fellowships/intakes/{intake.pk}/pipeline/"), office),
        "certificates list": (as_read_by(COORDINATOR, "/certificates/"), office),
        "verification": (f"/verify/{certificate.verification_code}/", {}),
    }


def start_gunicorn(env: dict, port: int, workers: int) -> subprocess.Popen:
    command = [
        PY, "-m", "gunicorn", "tests.perf.wsgi:application", "-c", "gunicorn.conf.py",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=LOG.open("w"))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"gunicorn did not start: see {LOG}")


def fetch(connection: http.client.HTTPConnection, path: str, headers: dict) -> tuple[int, bytes]:
    connection.request("GET", path, headers={"Accept-Encoding": "gzip", "Host": "127.0.0.1", **headers})
    response = connection.getresponse()
    body = response.read()
    if response.status in (301, 302):
        body = response.getheader("Location", "").encode()
    if response.getheader("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return response.status, body


def load(port: int, path: str, headers: dict, *, users: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    start_line = threading.Barrier(users + 1)
    deadline = [0.0]

    def user() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        fetch(connection, path, headers)  # warm: the connection, the worker's caches
        mine, failed = [], 0
        start_line.wait()
        while time.monotonic() < deadline[0]:
            began = time.perf_counter()
            status, _body = fetch(connection, path, headers)
            mine.append(time.perf_counter() - began)
            failed += status != 200
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=user) for _ in range(users)]
    for thread in threads:
        thread.start()
    deadline[0] = time.monotonic() + seconds
    start_line.wait()
    began = time.monotonic()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    latencies.sort()

    def percentile(p: float) -> float:
        return 1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))]

    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p95": percentile(0.95),
        "p99": percentile(0.99),
        "requests": len(latencies),
        "errors": errors[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", action="store_true", help="run seed_scale on top of the demo")
    parser.add_argument("--database", help="PostgreSQL URL (default: a database of the benchmark's own)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--users", default="10,50")
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--pages", help="comma-separated page names (default: all)")
    parser.add_argument("--save", help="write the figures to this JSON file")
    parser.add_argument("--compare", help="an earlier run's JSON (--save): print big ÷ demo medians")
    args = parser.parse_args()

    database = args.database or f"postgres://postgres@127.0.0.1:5432/lms_bench_{'scale' if args.scale else 'demo'}"
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "REDIS_URL": args.redis,
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-secret-key-not-for-production-0123456789",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESS_LOG": "",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "lms.settings",
    }
    prepare_database(database, env, scale=args.scale)
    pages = sign_in(env)
    if args.pages:
        wanted = {"bare", *args.pages.split(",")}
        pages = {name: page for name, page in pages.items() if name in wanted}
    server = start_gunicorn(env, port, args.workers)
    results: dict = {"seed": "scale" if args.scale else "demo", "workers": args.workers, "pages": {}}
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for name, (path, headers) in pages.items():
            status, body = fetch(connection, path, headers)
            if status != 200:
                raise SystemExit(f"{name} ({path}) answered {status} {body[:300]!r}")
            results["pages"][name] = {"path": path, "kb": round(len(body) / 1024, 1), "runs": {}}
        for users in [1, *[int(n) for n in args.users.split(",")]]:
            for name, (path, headers) in pages.items():
                seconds = args.duration / 2 if users == 1 else args.duration
                results["pages"][name]["runs"][str(users)] = load(port, path, headers, users=users, seconds=seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(results, compare=json.loads(Path(args.compare).read_text()) if args.compare else None)
    if args.save:
        Path(args.save).write_text(json.dumps(results, indent=2))


def report(results: dict, *, compare: dict | None) -> None:
    print(f"\n{results['seed']} seed, gunicorn with {results['workers']} sync workers, PostgreSQL, Redis")
    header = f"{'page':20} {'KB':>6} {'users':>5} {'req/s':>8} {'p50':>8} {'p95':>8} {'p99':>8} {'×bare':>6} {'err':>4}"
    print(header)
    print("-" * len(header))
    bare = results["pages"].get("bare", {}).get("runs", {})
    for name, page in results["pages"].items():
        for users, run in page["runs"].items():
            ratio = run["p50"] / bare[users]["p50"] if users in bare else float("nan")
            print(
                f"{name:20} {page['kb']:>6} {users:>5} {run['rps']:>8.1f} {run['p50']:>8.1f} {run['p95']:>8.1f} "
                f"{run['p99']:>8.1f} {ratio:>6.1f} {run['errors']:>4}"
            )
    if compare:
        print(f"\n1-user median, {results['seed']} ÷ {compare['seed']}:")
        for name, page in results["pages"].items():
            before = compare["pages"].get(name, {}).get("runs", {}).get("1")
            if before:
                print(f"  {name:20} {page['runs']['1']['p50'] / before['p50']:.2f}x")


if __name__ == "__main__":
    main()
