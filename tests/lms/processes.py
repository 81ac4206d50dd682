"""Real parts for the resilience tests: a Redis of the test's own on its own port, and Celery
worker processes (with the beat inside, for the outbox relay) against the test's PostgreSQL
database. Nothing is mocked: the test stops and kills these processes as an outage would."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Redis:
    """`redis-server` on a port of its own, keeping nothing on disk; stop() and start() again
    on the same port, as a broker outage and its end."""

    def __init__(self, port: int, folder: Path):
        self.port, self.folder, self.process = port, folder, None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "Redis":
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "/usr/bin/redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


class Worker:
    """`celery worker -B` (prefork, two children) in its own process group, pointed at the
    test database, this broker, and the test's media folders; emails go to files."""

    def __init__(self, *, broker_url: str, mail_dir: Path, log: Path, lease_seconds: int = 8):
        self.broker_url, self.mail_dir, self.log, self.lease = broker_url, mail_dir, log, lease_seconds
        self.process = None

    def environment(self) -> dict:
        database = connection.settings_dict
        host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
        url = f"postgres://{database['USER']}@{host}:{port}/{database['NAME']}"
        return {
            **os.environ,
            "DATABASE_URL": url,
            "CELERY_BROKER_URL": self.broker_url,
            "OUTBOX_LEASE_SECONDS": str(self.lease),
            "OUTBOX_RELAY_SECONDS": "1",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.mail_dir),
            "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "CELERY_WORKER_MAX_TASKS_PER_CHILD": "1000",
        }

    def start(self) -> "Worker":
        schedule = self.log.with_suffix(".beat")
        with self.log.open("a") as output:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "lms",
                    "worker",
                    "-B",
                    "--schedule",
                    str(schedule),
                    "--pool=prefork",
                    "--concurrency=2",
                    "--loglevel=INFO",
                    "--without-gossip",
                    "--without-mingle",
                ],
                cwd=ROOT,
                env=self.environment(),
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def kill(self) -> None:
        """SIGKILL the worker and its children at once: no warm shutdown, nothing acknowledged."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
            self.process = None
