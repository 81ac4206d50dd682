"""One certificate for a period, listing each live session with its own credit."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from certificates.models import Certificate
from certificates.rendering import certificate_html
from certificates.selectors import cpd_certificates
from live import services
from live.models import PeriodStatement
from lms.errors import ConflictError
from tests.factories import UserFactory
from tests.live.factories import EnduringActivityFactory, RegistrationFactory, SessionFactory, ended, right_answers

pytestmark = pytest.mark.django_db


def _certified_session(person, *, topic: str, days_ago: int = 0):
    """A session `days_ago` before today that the person attended and claimed credit for."""
    session = ended(SessionFactory(topic=topic))
    if days_ago:
        starts = session.starts_at - datetime.timedelta(days=days_ago)
        type(session).objects.filter(pk=session.pk).update(
            starts_at=starts, ends_at=starts + datetime.timedelta(hours=1)
        )
        session.refresh_from_db()
    registration = RegistrationFactory(session=session, person=person, minutes_attended=60)
    return services.evaluate_and_claim(actor=person, registration=registration, relevance=5, change_practice="yes")


def _this_year() -> dict:
    today = timezone.localdate()
    return {"starts_on": today - datetime.timedelta(days=60), "ends_on": today}


def test_a_period_certificate_lists_each_session_with_its_date_hours_and_serial():
    person = UserFactory()
    first = _certified_session(person, topic="Wilms tumour", days_ago=14)
    second = _certified_session(person, topic="Febrile neutropenia")

    statement = services.issue_period_statement(actor=person, **_this_year())

    entries = list(statement.entries.all())
    assert [entry.serial for entry in entries] == [first.serial, second.serial]
    assert entries[0].title.endswith("Wilms tumour")
    assert entries[0].held_on == first.ended_on
    assert statement.hours is None  # the sessions' certificates carry the hours: never counted twice
    assert statement.recipient == person and statement.kind == "live_statement"


def test_each_sessions_credit_is_listed_and_the_statement_carries_none_of_its_own():
    person = UserFactory()
    certificate = _certified_session(person, topic="Wilms tumour")
    # The session's certificate carries CPD hours (its series' credit), copied when it was issued.
    certificate.credits.create(system="cpd_hours", designated=Decimal("1"), accrediting_body="National CPD body")

    statement = services.issue_period_statement(actor=person, **_this_year())

    assert statement.entries.get().credit == "1 CPD hour"
    assert not statement.credits.exists()


def test_a_recording_passed_for_credit_is_listed_too():
    person = UserFactory()
    activity = EnduringActivityFactory()
    _, certificate = services.answer_enduring(actor=person, activity=activity, answers=right_answers(activity))

    statement = services.issue_period_statement(actor=person, **_this_year())

    assert [entry.serial for entry in statement.entries.all()] == [certificate.serial]


def test_sessions_outside_the_period_and_other_peoples_are_not_listed():
    person = UserFactory()
    _certified_session(person, topic="Long ago", days_ago=200)
    _certified_session(UserFactory(), topic="Someone else's")
    inside = _certified_session(person, topic="Inside")

    statement = services.issue_period_statement(actor=person, **_this_year())

    assert [entry.serial for entry in statement.entries.all()] == [inside.serial]


def test_asking_again_for_the_same_period_gives_the_same_certificate():
    person = UserFactory()
    _certified_session(person, topic="Wilms tumour")
    first = services.issue_period_statement(actor=person, **_this_year())

    again = services.issue_period_statement(actor=person, **_this_year())

    assert again.pk == first.pk
    assert PeriodStatement.objects.count() == 1


def test_a_session_certified_later_gives_a_new_statement_beside_the_first():
    person = UserFactory()
    _certified_session(person, topic="Wilms tumour", days_ago=7)
    first = services.issue_period_statement(actor=person, **_this_year())
    _certified_session(person, topic="Febrile neutropenia")

    second = services.issue_period_statement(actor=person, **_this_year())

    assert second.pk != first.pk and second.entries.count() == 2
    first.refresh_from_db()
    assert first.is_live  # it stays true: it lists what was certified on its day


def test_a_period_without_sessions_is_refused_naming_the_dates():
    with pytest.raises(ConflictError) as refusal:
        services.issue_period_statement(actor=UserFactory(), **_this_year())
    assert refusal.value.code == "empty"
    assert not Certificate.objects.exists() and not PeriodStatement.objects.exists()


@pytest.mark.parametrize(
    ("starts", "ends", "field"),
    [(0, -5, "ends_on"), (-10, 3, "ends_on"), (-1200, 0, "starts_on")],
    ids=["end before start", "ends in the future", "longer than three years"],
)
def test_a_bad_period_is_refused_naming_the_field(starts, ends, field):
    person = UserFactory()
    _certified_session(person, topic="Wilms tumour")
    today = timezone.localdate()

    with pytest.raises(ValidationError) as refusal:
        services.issue_period_statement(
            actor=person,
            starts_on=today + datetime.timedelta(days=starts),
            ends_on=today + datetime.timedelta(days=ends),
        )

    assert field in refusal.value.message_dict
    assert not PeriodStatement.objects.exists()


def test_the_pdf_has_a_page_listing_the_sessions():
    person = UserFactory()
    certificate = _certified_session(person, topic="Wilms tumour")
    statement = services.issue_period_statement(actor=person, **_this_year())

    html = certificate_html(statement)

    assert "Activities listed" in html and certificate.serial in html
    assert "<th>1</th>" in html  # the total hours under the list


def test_the_verification_page_lists_the_sessions(client):
    person = UserFactory()
    certificate = _certified_session(person, topic="Wilms tumour")
    statement = services.issue_period_statement(actor=person, **_this_year())

    response = client.get(f"/verify/{statement.verification_code}/")

    assert certificate.serial in response.text and "Wilms tumour" in response.text


# The page ---------------------------------------------------------------------------------------


def test_a_learner_asks_for_the_period_certificate_on_my_live_sessions(client):
    person = UserFactory()
    _certified_session(person, topic="Wilms tumour")
    client.force_login(person)
    period = _this_year()

    response = client.post(
        "/live/statements/",
        {"starts_on": period["starts_on"].isoformat(), "ends_on": period["ends_on"].isoformat()},
        follow=True,
    )

    statement = Certificate.objects.get(recipient=person, source_type__model="periodstatement")
    assert response.status_code == 200
    assert statement.serial in response.text


def test_a_bad_date_on_the_page_is_refused_naming_the_field_and_nothing_is_written(client):
    client.force_login(UserFactory())

    response = client.post("/live/statements/", {"starts_on": "2026-01-01", "ends_on": "not a date"})

    assert response.status_code == 400
    assert 'id="id_ends_on_error"' in response.text
    assert not PeriodStatement.objects.exists()


def test_a_refused_period_on_the_page_answers_400_with_the_reason(client):
    client.force_login(UserFactory())
    period = _this_year()

    response = client.post(
        "/live/statements/",
        {"starts_on": period["starts_on"].isoformat(), "ends_on": period["ends_on"].isoformat()},
    )

    assert response.status_code == 400
    assert "You have no certificate for a live session" in response.text


def test_my_live_sessions_page_keeps_its_queries_with_statements(client, queries_for):
    person = UserFactory()
    client.force_login(person)
    for n in range(3):
        _certified_session(person, topic=f"Topic {n}")
    services.issue_period_statement(actor=person, **_this_year())
    few = queries_for(client, "/live/registrations/")
    for n in range(6):
        _certified_session(person, topic=f"More {n}")
        services.issue_period_statement(actor=person, **_this_year())
    assert queries_for(client, "/live/registrations/") == few


def test_the_period_page_needs_a_signed_in_person(client):
    response = client.post("/live/statements/", {"starts_on": "2026-01-01", "ends_on": "2026-02-01"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_cpd_export_counts_each_session_once(django_capture_on_commit_callbacks):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        certificate = _certified_session(person, topic="Wilms tumour")
    with django_capture_on_commit_callbacks(execute=True):
        statement = services.issue_period_statement(actor=person, **_this_year())
    statement.refresh_from_db()
    assert statement.status == "ready"  # rendered, yet not a credit-bearing row

    exported = list(cpd_certificates())

    assert certificate in exported and statement not in exported


def test_a_session_lists_the_credit_claimed_not_the_credit_designated():
    person = UserFactory()
    certificate = _certified_session(person, topic="Wilms tumour")
    certificate.credits.create(
        system="ama_pra_1", designated=Decimal("1"), claimed=Decimal("0.5"), accrediting_body="Accredited provider"
    )

    statement = services.issue_period_statement(actor=person, **_this_year())

    assert statement.entries.get().credit.startswith("0.5 ")


def test_a_certificate_still_waiting_for_its_credit_claim_is_not_listed():
    person = UserFactory()
    waiting = _certified_session(person, topic="Wilms tumour")
    Certificate.objects.filter(pk=waiting.pk).update(status=Certificate.Status.AWAITING_CLAIM)
    listed = _certified_session(person, topic="Febrile neutropenia")

    statement = services.issue_period_statement(actor=person, **_this_year())

    assert [entry.serial for entry in statement.entries.all()] == [listed.serial]


def test_the_statement_is_not_counted_as_another_session_in_the_training_record():
    from competencies.selectors import record_certificates

    person = UserFactory()
    certificate = _certified_session(person, topic="Wilms tumour")
    statement = services.issue_period_statement(actor=person, **_this_year())
    Certificate.objects.filter(pk__in=[certificate.pk, statement.pk]).update(status=Certificate.Status.READY)

    assert record_certificates(person, None, None) == [certificate]


def _periods(count: int) -> list[dict]:
    """`count` different periods, all ending today."""
    today = timezone.localdate()
    return [{"starts_on": today - datetime.timedelta(days=30 + n), "ends_on": today} for n in range(count)]


def test_a_person_gets_ten_statements_for_new_periods_a_day_and_the_eleventh_is_refused():
    person = UserFactory()
    _certified_session(person, topic="Wilms tumour")
    *allowed, refused = _periods(services.NEW_STATEMENTS_PER_DAY + 1)
    for period in allowed:
        services.issue_period_statement(actor=person, **period)

    with pytest.raises(ConflictError) as error:
        services.issue_period_statement(actor=person, **refused)

    assert error.value.code == "too_many_statements"
    assert PeriodStatement.objects.filter(person=person).count() == services.NEW_STATEMENTS_PER_DAY
    assert Certificate.objects.filter(recipient=person, kind="live_statement").count() == len(allowed)


def test_a_statement_already_issued_is_given_again_after_the_days_limit():
    person = UserFactory()
    _certified_session(person, topic="Wilms tumour")
    first, *others = _periods(services.NEW_STATEMENTS_PER_DAY)
    issued = services.issue_period_statement(actor=person, **first)
    for period in others:
        services.issue_period_statement(actor=person, **period)

    assert services.issue_period_statement(actor=person, **first) == issued


def test_the_limit_counts_the_last_24_hours_only():
    person = UserFactory()
    _certified_session(person, topic="Wilms tumour")
    periods = _periods(services.NEW_STATEMENTS_PER_DAY + 1)
    for period in periods[:-1]:
        services.issue_period_statement(actor=person, **period)
    PeriodStatement.objects.filter(person=person).update(created_at=timezone.now() - datetime.timedelta(hours=25))

    services.issue_period_statement(actor=person, **periods[-1])

    assert PeriodStatement.objects.filter(person=person).count() == services.NEW_STATEMENTS_PER_DAY + 1


def test_the_page_says_why_an_eleventh_period_is_refused_and_issues_nothing(client):
    person = UserFactory()
    _certified_session(person, topic="Wilms tumour")
    *allowed, refused = _periods(services.NEW_STATEMENTS_PER_DAY + 1)
    for period in allowed:
        services.issue_period_statement(actor=person, **period)
    client.force_login(person)

    response = client.post("/live/statements/", {key: value.isoformat() for key, value in refused.items()})

    assert response.status_code == 400
    assert "certificates for new periods in the last 24 hours" in response.text
    assert PeriodStatement.objects.filter(person=person).count() == services.NEW_STATEMENTS_PER_DAY
