import pytest

from certificates.services import issue_certificate
from tests.factories import UserFactory


@pytest.fixture
def issue(django_capture_on_commit_callbacks):
    """issue(recipient=..., **fields) issues a simulation certificate for a fresh source and
    runs the render task (eagerly) as the commit would."""

    def make(*, recipient=None, source=None, **fields):
        recipient = recipient or UserFactory()
        defaults = {"actor": None, "kind": "simulation", "title": "Neonatal resuscitation", "hours": 4}
        with django_capture_on_commit_callbacks(execute=True):
            certificate = issue_certificate(
                recipient=recipient, source=source or UserFactory(), **{**defaults, **fields}
            )
        certificate.refresh_from_db()
        return certificate

    return make
