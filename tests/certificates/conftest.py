import pytest

from tests.certificates.issuing import issue_for
from tests.factories import UserFactory


@pytest.fixture
def issue(django_capture_on_commit_callbacks):
    """issue(recipient=..., **fields) issues a simulation certificate for a fresh source and
    runs the render task (eagerly) as the commit would."""

    def make(*, recipient=None, source=None, **fields):
        recipient = recipient or UserFactory()
        with django_capture_on_commit_callbacks(execute=True):
            certificate = issue_for(recipient=recipient, source=source or UserFactory(), **fields)
        certificate.refresh_from_db()
        return certificate

    return make
