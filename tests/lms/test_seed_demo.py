import io
from pathlib import Path

import pytest
from django.core.management import call_command

from lms.demo import PEOPLE
from lms.models import Institution, User

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_the_demo_accounts_and_is_idempotent(settings):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())

    emails = set(User.objects.values_list("email", flat=True))
    assert {"coordinator@example.org", "faculty@example.org", "faculty2@example.org", "editor@example.org"} <= emails
    assert {"nurse@example.org", "doctor@example.org", "learner01@example.org", "learner40@example.org"} <= emails
    assert User.objects.filter(email__startswith="learner").count() == 40
    assert Institution.objects.values("country").distinct().count() >= 12
    assert User.objects.get(email="coordinator@example.org").roles == ["learner", "coordinator"]


def test_demo_accounts_log_in_with_the_demo_password(client, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "another-demo-pass")
    call_command("seed_demo", stdout=io.StringIO())

    assert client.login(email="nurse@example.org", password="another-demo-pass")


def test_demo_names_come_in_several_scripts(demo):
    names = "".join(User.objects.values_list("full_name", flat=True))
    assert any("\u0600" <= ch <= "\u06ff" for ch in names)  # Arabic
    assert any("\u4e00" <= ch <= "\u9fff" for ch in names)  # CJK
    assert any("\u0400" <= ch <= "\u04ff" for ch in names)  # Cyrillic
    assert any("\u1200" <= ch <= "\u137f" for ch in names)  # Ethiopic


def test_the_readme_says_which_language_each_named_demo_account_reads():
    """Newcomers sign in as the coordinator and land on Catalan pages: the README must say so."""
    names = {"ca": "Catalan", "es": "Spanish", "fr": "French", "en": "English"}
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for email, *_rest, language, _roles in PEOPLE:
        row = next(line for line in readme.splitlines() if line.startswith(f"| {email} |"))
        assert row.rstrip(" |").endswith(names[language]), row
