import pytest

from certificates.cohorts import get_provider
from certificates.models import Certificate
from certificates.services import issue_for_cohort
from lms.errors import ConflictError
from simulation import services
from tests.factories import CoordinatorFactory, UserFactory
from tests.simulation.factories import ChecklistItemFactory, SessionFactory, move_into_the_past

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessed_session(django_capture_on_commit_callbacks):
    """One passed, one failed (missed the critical item), one absent."""
    session = SessionFactory()
    item = ChecklistItemFactory(scenario=session.scenario, critical=True)
    passed, failed, absent = UserFactory(), UserFactory(), UserFactory()
    bookings = {person: services.book(actor=person, session=session) for person in (passed, failed, absent)}
    move_into_the_past(session)
    facilitator = session.facilitators.get()
    with django_capture_on_commit_callbacks(execute=True):
        for person, booking in bookings.items():
            services.mark_attendance(actor=facilitator, booking=booking, attended=person is not absent)
        services.assess(actor=facilitator, booking=bookings[passed], ratings={item.pk: "done"})
        services.assess(actor=facilitator, booking=bookings[failed], ratings={item.pk: "not_done"})
    return session, passed


def test_the_cohort_of_a_session_is_everyone_who_passed(assessed_session):
    session, passed = assessed_session
    provider = get_provider("simulation_session")

    completions = provider.completions(str(session.pk))

    assert [c.recipient for c in completions] == [passed]
    assert completions[0].title == session.scenario.title and completions[0].kind == "simulation"
    assert str(session.pk) in dict(provider.cohorts())


def test_issuing_for_a_session_cohort_gives_nobody_a_second_certificate(
    assessed_session, django_capture_on_commit_callbacks
):
    session, passed = assessed_session

    # the pass already issued the certificate: the batch says there is nothing new
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ConflictError) as refusal:
        issue_for_cohort(actor=CoordinatorFactory(), provider_key="simulation_session", cohort_id=str(session.pk))

    assert refusal.value.code == "nothing_new"
    assert list(Certificate.objects.values_list("recipient", flat=True)) == [passed.pk]


def test_those_who_did_not_pass_are_listed_with_why(assessed_session):
    session, passed = assessed_session

    reasons = sorted(reason for _person, reason in get_provider("simulation_session").not_eligible(str(session.pk)))

    assert reasons == ["Assessed: not yet competent", "Booking: No-show"]
