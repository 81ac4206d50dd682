"""Enduring activities: a past session's recording answered for a credit of its own."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from certificates.credit import CreditSystem
from certificates.models import Certificate, CertificateTemplate, Kind, Signatory
from cms.demo import seed_site
from live import services
from live.models import EnduringActivity, EnduringAttempt, EnduringCredit, EnduringQuestion
from lms.errors import ConflictError
from tests.factories import CoordinatorFactory, UserFactory
from tests.live.factories import (
    EnduringActivityFactory,
    RegistrationFactory,
    SessionFactory,
    ended,
    right_answers,
)

pytestmark = pytest.mark.django_db


def _wrong_answers(activity: EnduringActivity) -> dict[int, int]:
    return {question.pk: 2 for question in activity.questions.all()}


# The service ----------------------------------------------------------------------------------


def test_passing_the_recordings_questions_issues_a_certificate_with_the_activitys_own_credit():
    template = CertificateTemplate.objects.create(kind=Kind.LIVE_SESSION, language="en")
    Signatory.objects.create(template=template, name="Dr Marta Vidal", role="Director of Education")
    activity = EnduringActivityFactory(hours=Decimal("1.50"))
    EnduringCredit.objects.create(
        activity=activity, system=CreditSystem.CPD_HOURS, amount=Decimal("1.5"), accrediting_body="National CPD body"
    )
    person = UserFactory(preferred_language="en")

    attempt, certificate = services.answer_enduring(actor=person, activity=activity, answers=right_answers(activity))

    assert attempt.passed and attempt.score == 100
    assert certificate.recipient == person
    assert certificate.hours == Decimal("1.5")
    assert certificate.title.endswith("(recording)")
    assert [(credit.system, credit.designated) for credit in certificate.credits.all()] == [
        (CreditSystem.CPD_HOURS, Decimal("1.50"))
    ]


def test_the_certificate_title_says_recording_in_the_recipients_language():
    activity = EnduringActivityFactory()
    person = UserFactory(preferred_language="es")

    _, certificate = services.answer_enduring(actor=person, activity=activity, answers=right_answers(activity))

    assert certificate.title.endswith("(grabación)")


def test_a_score_below_the_pass_mark_is_recorded_without_a_certificate():
    activity = EnduringActivityFactory(pass_mark=80)
    person = UserFactory()
    answers = right_answers(activity)
    first = activity.questions.first()
    answers[first.pk] = 2  # two of three right: 66 %

    attempt, certificate = services.answer_enduring(actor=person, activity=activity, answers=answers)

    assert attempt.score == 66 and not attempt.passed
    assert certificate is None
    assert not Certificate.objects.filter(recipient=person).exists()


def test_a_failed_attempt_may_be_repeated_and_then_pass():
    activity = EnduringActivityFactory()
    person = UserFactory()
    services.answer_enduring(actor=person, activity=activity, answers=_wrong_answers(activity))

    attempt, certificate = services.answer_enduring(actor=person, activity=activity, answers=right_answers(activity))

    assert attempt.passed and certificate is not None


def test_attempts_stop_at_the_limit():
    activity = EnduringActivityFactory()
    person = UserFactory()
    for _ in range(services.MAX_ENDURING_ATTEMPTS):
        services.answer_enduring(actor=person, activity=activity, answers=_wrong_answers(activity))

    with pytest.raises(ConflictError) as refusal:
        services.answer_enduring(actor=person, activity=activity, answers=right_answers(activity))

    assert refusal.value.code == "too_many_attempts"
    assert EnduringAttempt.objects.filter(person=person).count() == services.MAX_ENDURING_ATTEMPTS


def test_passing_twice_is_refused():
    activity = EnduringActivityFactory()
    person = UserFactory()
    services.answer_enduring(actor=person, activity=activity, answers=right_answers(activity))

    with pytest.raises(ConflictError) as refusal:
        services.answer_enduring(actor=person, activity=activity, answers=right_answers(activity))

    assert refusal.value.code == "already_passed"
    assert Certificate.objects.filter(recipient=person).count() == 1


@pytest.mark.parametrize("days", [(2, 10), (-10, -1)], ids=["not yet open", "closed"])
def test_answering_outside_the_validity_period_is_refused_naming_the_dates(days):
    today = timezone.localdate()
    activity = EnduringActivityFactory(
        opens_on=today + datetime.timedelta(days=days[0]), closes_on=today + datetime.timedelta(days=days[1])
    )

    with pytest.raises(ConflictError) as refusal:
        services.answer_enduring(actor=UserFactory(), activity=activity, answers=right_answers(activity))

    assert refusal.value.code == "closed"
    assert str(activity.closes_on.year) in refusal.value.message
    assert not EnduringAttempt.objects.exists()


def test_the_last_day_is_read_in_the_series_time_zone():
    """Madrid is ahead of UTC: at 23:30 UTC on the last day it is already the next day there."""
    activity = EnduringActivityFactory()
    last = activity.closes_on
    zone = ZoneInfo(activity.session.series.time_zone)
    late_on_the_last_day = datetime.datetime.combine(last, datetime.time(23, 30), tzinfo=zone)
    just_after = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time(0, 30), tzinfo=zone)

    assert services.enduring_is_open(activity, late_on_the_last_day)
    assert not services.enduring_is_open(activity, just_after)


def test_whoever_claimed_the_live_credit_cannot_take_the_recording_for_credit_too():
    registration = RegistrationFactory(session=ended(SessionFactory(recording_url="https://v.example.org/1")))
    registration.minutes_attended = 60
    registration.save()
    services.evaluate_and_claim(
        actor=registration.person, registration=registration, relevance=5, change_practice="yes"
    )
    activity = EnduringActivityFactory(session=registration.session)

    with pytest.raises(ConflictError) as refusal:
        services.answer_enduring(actor=registration.person, activity=activity, answers=right_answers(activity))

    assert refusal.value.code == "live_credit"


def test_whoever_passed_the_recording_cannot_claim_the_live_credit_too():
    activity = EnduringActivityFactory()
    registration = RegistrationFactory(session=activity.session, minutes_attended=60)
    services.answer_enduring(actor=registration.person, activity=activity, answers=right_answers(activity))

    with pytest.raises(ConflictError) as refusal:
        services.evaluate_and_claim(
            actor=registration.person, registration=registration, relevance=5, change_practice="yes"
        )

    assert refusal.value.code == "enduring_credit"
    assert Certificate.objects.filter(recipient=registration.person).count() == 1


def test_an_unanswered_question_is_refused_naming_it_and_nothing_is_written():
    activity = EnduringActivityFactory()
    answers = right_answers(activity)
    answers.pop(activity.questions.last().pk)

    with pytest.raises(ValidationError) as refusal:
        services.answer_enduring(actor=UserFactory(), activity=activity, answers=answers)

    assert "question 3" in refusal.value.message_dict["answers"][0]
    assert not EnduringAttempt.objects.exists()


def test_an_answer_number_beyond_the_choices_is_refused():
    activity = EnduringActivityFactory()
    answers = right_answers(activity)
    answers[activity.questions.first().pk] = 7

    with pytest.raises(ValidationError):
        services.answer_enduring(actor=UserFactory(), activity=activity, answers=answers)
    assert not EnduringAttempt.objects.exists()


# What the admin form checks ---------------------------------------------------------------------


def test_a_session_without_its_recording_cannot_be_offered():
    activity = EnduringActivity(
        session=ended(SessionFactory()), opens_on=timezone.localdate(), closes_on=timezone.localdate()
    )
    with pytest.raises(ValidationError) as refusal:
        activity.full_clean()
    assert "session" in refusal.value.message_dict


def test_the_last_day_cannot_come_before_the_first():
    today = timezone.localdate()
    activity = EnduringActivity(
        session=ended(SessionFactory(recording_url="https://v.example.org/2")),
        opens_on=today,
        closes_on=today - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as refusal:
        activity.full_clean()
    assert "closes_on" in refusal.value.message_dict


@pytest.mark.parametrize(
    ("choices", "correct", "field"),
    [("Only one", 1, "choices"), ("A\nB\nC\nD\nE\nF\nG", 1, "choices"), ("A\nB", 3, "correct"), ("A\nB", 0, "correct")],
)
def test_a_question_needs_two_to_six_answers_and_one_of_them_right(choices, correct, field):
    question = EnduringQuestion(activity=EnduringActivityFactory(), text="Why?", choices=choices, correct=correct)
    with pytest.raises(ValidationError) as refusal:
        question.full_clean()
    assert field in refusal.value.message_dict


# The pages --------------------------------------------------------------------------------------


def test_a_learner_answers_on_the_page_and_sees_the_certificate(client):
    activity = EnduringActivityFactory()
    person = UserFactory()
    client.force_login(person)
    data = {f"question_{pk}": answer for pk, answer in right_answers(activity).items()}

    response = client.post(f"/live/recordings/{activity.pk}/", data, follow=True)

    assert response.status_code == 200
    assert "You passed with 100%" in response.text
    certificate = Certificate.objects.get(recipient=person)
    assert certificate.serial in response.text


def test_a_missing_answer_on_the_page_is_refused_naming_the_question_and_nothing_is_written(client):
    activity = EnduringActivityFactory()
    client.force_login(UserFactory())
    first, *rest = activity.questions.all()
    data = {f"question_{question.pk}": 1 for question in rest}

    response = client.post(f"/live/recordings/{activity.pk}/", data)

    assert response.status_code == 400
    assert f'id="id_question_{first.pk}_error"' in response.text
    assert not EnduringAttempt.objects.exists()


def test_a_failed_attempt_shows_the_score_but_not_the_right_answers(client):
    activity = EnduringActivityFactory()
    client.force_login(UserFactory())
    data = {f"question_{pk}": 2 for pk in right_answers(activity)}

    response = client.post(f"/live/recordings/{activity.pk}/", data, follow=True)

    assert "You scored 0%" in response.text
    assert "4 attempts left" in response.text


def test_the_recording_page_asks_an_anonymous_visitor_to_sign_in(client):
    activity = EnduringActivityFactory()
    response = client.get(f"/live/recordings/{activity.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unpublished_recording_is_404(client):
    activity = EnduringActivityFactory(published=False)
    client.force_login(UserFactory())
    assert client.get(f"/live/recordings/{activity.pk}/").status_code == 404


def test_the_list_shows_open_recordings_only(client):
    open_one = EnduringActivityFactory()
    closed = EnduringActivityFactory(
        opens_on=timezone.localdate() - datetime.timedelta(days=20),
        closes_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    response = client.get("/live/recordings/")
    assert f"/live/recordings/{open_one.pk}/" in response.text
    assert f"/live/recordings/{closed.pk}/" not in response.text


def test_the_list_uses_the_same_queries_for_3_and_30_rows(client, queries_for):
    for _ in range(3):
        EnduringActivityFactory()
    few = queries_for(client, "/live/recordings/")
    for _ in range(27):
        EnduringActivityFactory()
    assert queries_for(client, "/live/recordings/") == few


def test_the_session_page_offers_the_recording_to_those_who_missed_it(client):
    activity = EnduringActivityFactory()
    client.force_login(UserFactory())
    response = client.get(f"/live/sessions/{activity.session.pk}/")
    assert f"/live/recordings/{activity.pk}/" in response.text


def test_a_coordinator_offers_a_recording_in_the_admin(client):
    seed_site(log=lambda _: None)
    client.force_login(CoordinatorFactory())
    assert client.get("/cms-admin/snippets/live/enduringactivity/add/").status_code == 200


def test_the_admin_list_of_recordings_uses_the_same_queries_for_3_and_30(client, queries_for):
    seed_site(log=lambda _: None)
    client.force_login(CoordinatorFactory())
    for _ in range(3):
        EnduringActivityFactory(questions=1)
    few = queries_for(client, "/cms-admin/snippets/live/enduringactivity/")
    for _ in range(27):
        EnduringActivityFactory(questions=1)

    assert queries_for(client, "/cms-admin/snippets/live/enduringactivity/") == few


def test_a_recording_without_questions_is_refused_and_uses_no_attempt():
    activity = EnduringActivityFactory(questions=0)

    with pytest.raises(ConflictError, match="no questions yet"):
        services.answer_enduring(actor=UserFactory(), activity=activity, answers={})

    assert not EnduringAttempt.objects.exists()


def test_a_recording_earns_no_credit_before_its_session_is_held():
    activity = EnduringActivityFactory()
    future = timezone.now() + datetime.timedelta(days=2)
    type(activity.session).objects.filter(pk=activity.session.pk).update(
        starts_at=future, ends_at=future + datetime.timedelta(hours=1)
    )
    activity.refresh_from_db()

    with pytest.raises(ConflictError, match="not been held yet"):
        services.answer_enduring(actor=UserFactory(), activity=activity, answers=right_answers(activity))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_claiming_live_and_passing_the_recording_at_the_same_moment_earn_one_credit():
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from django.db import connection

    activity = EnduringActivityFactory()
    registration = RegistrationFactory(session=activity.session, minutes_attended=60)
    person = registration.person
    barrier = Barrier(2)

    def claim_live():
        barrier.wait()
        try:
            return services.evaluate_and_claim(
                actor=person, registration=registration, relevance=5, change_practice="yes"
            )
        finally:
            connection.close()

    def pass_recording():
        barrier.wait()
        try:
            return services.answer_enduring(actor=person, activity=activity, answers=right_answers(activity))[1]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(claim_live), pool.submit(pass_recording)]
    outcomes = [future.exception() or future.result() for future in futures]

    assert sum(isinstance(outcome, Certificate) for outcome in outcomes) == 1
    assert sum(isinstance(outcome, ConflictError) for outcome in outcomes) == 1
    assert Certificate.objects.filter(recipient=person).count() == 1
