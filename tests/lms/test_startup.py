"""With DEBUG off the site refuses to start on the development secret key or without its
origin; a real start with both set works."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _start_wsgi(**env) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "SITE_URL", "DEBUG"}}
    environment.update({"DATABASE_URL": "sqlite:///:memory:", **env})
    return subprocess.run(
        [sys.executable, "-c", "import lms.wsgi"], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


def test_production_refuses_the_development_secret_key():
    result = _start_wsgi(DEBUG="0", SITE_URL="https://lms.example.org")

    assert result.returncode != 0
    assert "SECRET_KEY is the development key" in result.stderr


def test_production_refuses_to_start_without_its_origin():
    result = _start_wsgi(DEBUG="0", SECRET_KEY="x" * 60)

    assert result.returncode != 0
    assert "SITE_URL is not set" in result.stderr


def test_production_starts_with_a_key_and_an_origin():
    result = _start_wsgi(DEBUG="0", SECRET_KEY="x" * 60, SITE_URL="https://lms.example.org")

    assert result.returncode == 0, result.stderr


def test_a_developer_machine_starts_with_neither():
    assert _start_wsgi(DEBUG="1").returncode == 0
