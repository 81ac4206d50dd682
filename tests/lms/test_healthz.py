import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["broker"] in {"eager", "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable():
    """A separate process whose DATABASE_URL points at a database that cannot be reached."""
    env = {**os.environ, "DATABASE_URL": "postgres://postgres@127.0.0.1:1/unreachable", "DEBUG": "0"}
    env.pop("CELERY_BROKER_URL", None)
    script = (
        "import django, json; django.setup();"
        "from django.test import Client; r = Client().get('/healthz/');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )

    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True
    )

    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["status"] == 503
    assert result["body"]["database"] == "down"
