"""The public verification page checks a credential's ES256 signature once, not on every
visit; the certificate's status is read afresh each time."""

import pytest

from certificates import credentials
from certificates import services as certificate_services
from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db


def test_the_verification_page_checks_the_signature_once_per_credential(client, issue, monkeypatch):
    certificate = issue()
    checks = []
    check = credentials._verify_signature
    monkeypatch.setattr(credentials, "_verify_signature", lambda c: checks.append(c.pk) or check(c))

    for _ in range(3):
        assert "valid" in client.get(f"/verify/{certificate.verification_code}/").text.lower()

    assert checks == [certificate.pk]


def test_a_revoked_certificate_shows_as_revoked_on_the_next_visit(client, issue):
    certificate = issue()
    client.get(f"/verify/{certificate.verification_code}/")
    coordinator = CoordinatorFactory()
    certificate_services.revoke_certificate(actor=coordinator, certificate=certificate, reason="Issued in error")

    assert "revoked" in client.get(f"/verify/{certificate.verification_code}/").text.lower()
