"""The certificate table, pair by pair, through `Workflow.apply` itself (the services add
reasons, replacements and the outbox on top: see test_issuance.py)."""

import pytest
from django.core.exceptions import PermissionDenied

from certificates.models import Certificate
from certificates.services import CERTIFICATES
from lms.errors import ConflictError
from lms.models import AuditEvent
from tests.certificates.issuing import issue_for
from tests.factories import CoordinatorFactory, FacultyFactory, UserFactory

pytestmark = pytest.mark.django_db

STATUSES = Certificate.Status.values


def _events(certificate):
    return AuditEvent.objects.filter(target_type="certificates.certificate", target_id=str(certificate.pk))


def _certificate(status: str) -> Certificate:
    """A certificate taught by one faculty member; its render waits for a commit that never comes."""
    certificate = issue_for(recipient=UserFactory(), source=UserFactory(), faculty=[FacultyFactory()])
    Certificate.objects.filter(pk=certificate.pk).update(status=status)
    certificate.refresh_from_db()
    return certificate


def _actor_for(move, certificate):
    """The first of the certificate's faculty, a coordinator, the system and the recipient the
    move admits."""
    candidates = [certificate.faculty.get(), CoordinatorFactory(), None, certificate.recipient]
    return next(actor for actor in candidates if move.who(actor, certificate))


def _pairs(*, allowed):
    return sorted(
        (str(status), move.name)
        for move in CERTIFICATES.moves
        for status in STATUSES
        if (status in move.sources) == allowed
    )


@pytest.mark.parametrize(("before", "name"), _pairs(allowed=True))
def test_every_allowed_certificate_move_is_applied_and_recorded(before, name, django_capture_on_commit_callbacks):
    certificate = _certificate(before)
    move = CERTIFICATES.move(name)
    actor = _actor_for(move, certificate)
    earlier = list(_events(certificate).values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        moved = CERTIFICATES.apply(actor=actor, obj=certificate, name=name)

    # A retry's or a claim's follow-up renders after commit, recording its own event and ending ready.
    assert moved.status == move.target
    [event] = _events(certificate).exclude(pk__in=earlier).filter(verb=f"certificate.{name}")
    assert (event.from_status, event.to_status, event.actor) == (before, move.target, actor)
    certificate.refresh_from_db()
    assert certificate.status == (Certificate.Status.READY if name in ("retry", "claim") else move.target)


@pytest.mark.parametrize(("before", "name"), _pairs(allowed=False))
def test_every_other_certificate_move_is_refused_and_changes_nothing(before, name):
    certificate = _certificate(before)
    events = _events(certificate).count()

    with pytest.raises(ConflictError) as error:
        CERTIFICATES.apply(actor=_actor_for(CERTIFICATES.move(name), certificate), obj=certificate, name=name)

    assert error.value.code == "transition_not_allowed"
    certificate.refresh_from_db()
    assert (certificate.status, _events(certificate).count()) == (before, events)


@pytest.mark.parametrize("name", [move.name for move in CERTIFICATES.moves if move.name != "claim"])
def test_the_recipient_may_make_no_move_but_the_claim_on_their_own_certificate(name):
    certificate = _certificate(CERTIFICATES.move(name).sources[0])
    before, events = certificate.status, _events(certificate).count()

    with pytest.raises(PermissionDenied):
        CERTIFICATES.apply(actor=certificate.recipient, obj=certificate, name=name)

    certificate.refresh_from_db()
    assert (certificate.status, _events(certificate).count()) == (before, events)


@pytest.mark.parametrize("who", ["faculty", "coordinator"])
def test_only_the_recipient_claims_the_credit(who):
    certificate = _certificate(Certificate.Status.AWAITING_CLAIM)
    actor = certificate.faculty.get() if who == "faculty" else CoordinatorFactory()

    with pytest.raises(PermissionDenied):
        CERTIFICATES.apply(actor=actor, obj=certificate, name="claim")

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.AWAITING_CLAIM
