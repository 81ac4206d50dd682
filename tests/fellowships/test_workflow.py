import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone, translation

from fellowships import selectors, services
from fellowships.models import Application, Status
from fellowships.services import APPLICANT, APPLICATIONS
from lms.errors import ConflictError
from lms.models import AuditEvent
from lms.workflow import SYSTEM
from tests.certificates.pdf import pdf_text
from tests.factories import CoordinatorFactory, UserFactory
from tests.fellowships.conftest import advance
from tests.fellowships.factories import ApplicationFactory, IntakeFactory, make_programme

pytestmark = pytest.mark.django_db


def status_events(application: Application):
    return AuditEvent.objects.filter(
        target_type="fellowships.application", target_id=str(application.pk)
    ).exclude(from_status="")


def _in_status(status: str) -> Application:
    application = ApplicationFactory()
    Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()
    return application


def _actor_for(move, application: Application):
    if move.who is APPLICANT:
        return application.applicant
    return None if move.who is SYSTEM else CoordinatorFactory()


ALLOWED = sorted((before, move.target, move.name) for move in APPLICATIONS.moves for before in move.sources)
ALLOWED_PAIRS = {(before, after) for before, after, _name in ALLOWED}


# The transition table


@pytest.mark.parametrize(("before", "after", "name"), ALLOWED)
def test_every_allowed_transition_is_applied_recorded_and_emailed(
    before, after, name, django_capture_on_commit_callbacks
):
    application = _in_status(before)
    actor = _actor_for(APPLICATIONS.move(name), application)

    with django_capture_on_commit_callbacks(execute=True):
        moved = services.transition(actor=actor, application=application, to_status=after, comment="Noted")

    assert moved.status == after
    event = status_events(application).get(to_status=after)
    assert (event.from_status, event.actor, event.comment, event.verb) == (
        before,
        actor,
        "Noted",
        f"application.{name}",
    )
    assert any(application.applicant.email in message.to for message in mail.outbox)


REFUSED = sorted(
    (before, after) for before in Status.values for after in Status.values if (before, after) not in ALLOWED_PAIRS
)


@pytest.mark.parametrize(("before", "after"), REFUSED)
def test_every_other_transition_is_refused_and_changes_nothing(before, after):
    application = _in_status(before)

    with pytest.raises(ConflictError) as error:
        services.transition(actor=CoordinatorFactory(), application=application, to_status=after)

    assert error.value.code == "transition_not_allowed"
    application.refresh_from_db()
    assert application.status == before
    assert not status_events(application).exists()


def test_the_office_cannot_make_the_applicants_moves():
    application = _in_status(Status.ACCEPTED)

    with pytest.raises(PermissionDenied):
        services.transition(actor=CoordinatorFactory(), application=application, to_status=Status.CONFIRMED)


def test_an_applicant_cannot_accept_themselves():
    application = _in_status(Status.UNDER_REVIEW)

    with pytest.raises(PermissionDenied):
        services.transition(actor=application.applicant, application=application, to_status=Status.ACCEPTED)
    application.refresh_from_db()
    assert application.status == Status.UNDER_REVIEW


def test_completion_comes_only_from_a_satisfactory_evaluation():
    application = _in_status(Status.IN_PROGRESS)

    with pytest.raises(PermissionDenied):
        services.transition(actor=CoordinatorFactory(), application=application, to_status=Status.COMPLETED)


def test_the_applicant_may_withdraw_before_the_training_starts_but_not_after():
    before = _in_status(Status.CONFIRMED)
    during = _in_status(Status.IN_PROGRESS)

    assert services.withdraw(actor=before.applicant, application=before).status == Status.WITHDRAWN
    with pytest.raises(ConflictError):
        services.withdraw(actor=during.applicant, application=during)


def test_an_internal_comment_stays_out_of_the_applicants_timeline_and_email(
    coordinator, django_capture_on_commit_callbacks
):
    application = _in_status(Status.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        services.transition(
            actor=coordinator,
            application=application,
            to_status=Status.UNDER_REVIEW,
            comment="Weak reference letter",
            visible=False,
        )

    assert list(selectors.timeline(application, for_applicant=True)) == []
    assert [e.comment for e in selectors.timeline(application, for_applicant=False)] == ["Weak reference letter"]
    assert all("Weak reference" not in message.body for message in mail.outbox)


# Drafts, dates and documents


def test_one_active_application_per_person_per_intake():
    application = ApplicationFactory()

    with pytest.raises(ConflictError) as error:
        services.start_application(actor=application.applicant, intake=application.intake)

    assert error.value.code == "already_applied"
    assert Application.objects.count() == 1


def test_after_withdrawing_a_person_may_apply_again_to_the_same_intake():
    application = ApplicationFactory()
    services.withdraw(actor=application.applicant, application=application)

    again = services.start_application(actor=application.applicant, intake=application.intake)

    assert again.status == Status.DRAFT


def test_a_closed_intake_takes_no_applications():
    intake = IntakeFactory(closes_on=timezone.localdate() - datetime.timedelta(days=1))

    with pytest.raises(ConflictError, match="closed"):
        services.start_application(actor=UserFactory(), intake=intake)


def test_a_programme_for_doctors_refuses_a_nurse_naming_who_may_apply():
    intake = IntakeFactory(programme=make_programme(open_to_nurses=False))

    with pytest.raises(ConflictError, match=r"^This programme is open only to doctors\.$"):
        services.start_application(actor=UserFactory(profession="nurse"), intake=intake)


def test_the_refusal_names_several_professions_as_a_phrase():
    intake = IntakeFactory(programme=make_programme(open_to_doctors=False, open_to_nurses=True, open_to_other=True))

    with pytest.raises(ConflictError, match=r"open only to nurses and other health professionals\.$"):
        services.start_application(actor=UserFactory(profession="doctor"), intake=intake)


BOUNDS = [
    ("observership", relativedelta(days=6), False),
    ("observership", relativedelta(weeks=1), True),
    ("observership", relativedelta(weeks=4), True),
    ("observership", relativedelta(weeks=4, days=1), False),
    ("training_fellowship", relativedelta(weeks=3), False),
    ("training_fellowship", relativedelta(months=1), True),
    ("training_fellowship", relativedelta(months=6), True),
    ("training_fellowship", relativedelta(months=6, days=1), False),
    ("fellowship", relativedelta(months=12), False),
    ("fellowship", relativedelta(months=12, days=1), True),
    ("fellowship", relativedelta(months=36), True),
    ("fellowship", relativedelta(months=36, days=1), False),
]


@pytest.mark.parametrize(("programme_type", "length", "allowed"), BOUNDS)
def test_the_duration_is_bounded_by_the_programme_type(programme_type, length, allowed):
    intake = IntakeFactory(programme=make_programme(programme_type=programme_type))
    application = ApplicationFactory(intake=intake)
    start = intake.earliest_start

    if allowed:
        services.update_draft(actor=application.applicant, application=application, end_date=start + length)
        application.refresh_from_db()
        assert application.end_date == start + length
    else:
        with pytest.raises(ValidationError) as error:
            services.update_draft(actor=application.applicant, application=application, end_date=start + length)
        assert "end_date" in error.value.message_dict
        application.refresh_from_db()
        assert application.end_date != start + length


def test_a_start_outside_the_intake_window_is_refused_naming_the_window():
    application = ApplicationFactory()
    intake = application.intake

    with pytest.raises(ValidationError) as error:
        services.update_draft(
            actor=application.applicant,
            application=application,
            start_date=intake.latest_start + datetime.timedelta(days=1),
            end_date=intake.latest_start + datetime.timedelta(days=15),
        )

    assert str(intake.earliest_start) in error.value.message_dict["start_date"][0]


def test_submission_is_refused_naming_what_is_missing():
    application = ApplicationFactory(motivation="")

    with pytest.raises(ValidationError) as error:
        services.submit(actor=application.applicant, application=application)

    missing = error.value.message_dict
    assert set(missing) == {"motivation", "documents"}
    assert "Curriculum vitae" in missing["documents"][0] and "Passport or ID" in missing["documents"][0]
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_a_complete_draft_is_submitted(complete_draft):
    submitted = services.submit(actor=complete_draft.applicant, application=complete_draft)

    assert submitted.status == Status.SUBMITTED and submitted.submitted_at is not None


def test_sponsorship_is_refused_where_the_programme_offers_none():
    application = ApplicationFactory(intake=IntakeFactory(programme=make_programme(sponsorship_available=False)))

    with pytest.raises(ValidationError) as error:
        services.update_draft(actor=application.applicant, application=application, sponsorship_requested=True)

    assert "sponsorship_requested" in error.value.message_dict


def test_only_the_applicant_edits_their_draft():
    application = ApplicationFactory()

    with pytest.raises(PermissionDenied):
        services.update_draft(actor=UserFactory(), application=application, motivation="Not mine")


def test_a_submitted_application_is_no_longer_edited(complete_draft):
    services.submit(actor=complete_draft.applicant, application=complete_draft)

    with pytest.raises(ConflictError):
        services.update_draft(actor=complete_draft.applicant, application=complete_draft, motivation="Changed")


# Decisions and places


def test_accepting_beyond_the_places_is_refused(coordinator):
    intake = IntakeFactory(places=1)
    first, second = (_in_status_for(intake, Status.UNDER_REVIEW) for _ in range(2))
    services.transition(actor=coordinator, application=first, to_status=Status.ACCEPTED)

    with pytest.raises(ConflictError) as error:
        services.transition(actor=coordinator, application=second, to_status=Status.ACCEPTED)

    assert error.value.code == "no_places"
    second.refresh_from_db()
    assert second.status == Status.UNDER_REVIEW


def _in_status_for(intake, status):
    application = ApplicationFactory(intake=intake)
    Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()
    return application


def test_when_an_accepted_applicant_declines_the_office_is_offered_the_first_waitlisted(
    coordinator, django_capture_on_commit_callbacks
):
    intake = IntakeFactory(places=1)
    accepted = _in_status_for(intake, Status.UNDER_REVIEW)
    services.transition(actor=coordinator, application=accepted, to_status=Status.ACCEPTED)
    first_waiting = _in_status_for(intake, Status.UNDER_REVIEW)
    services.transition(actor=coordinator, application=first_waiting, to_status=Status.WAITLISTED)
    later_waiting = _in_status_for(intake, Status.UNDER_REVIEW)
    services.transition(actor=coordinator, application=later_waiting, to_status=Status.WAITLISTED)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.transition(actor=accepted.applicant, application=accepted, to_status=Status.DECLINED)

    [to_office] = [message for message in mail.outbox if message.to == [coordinator.email]]
    assert first_waiting.applicant.full_name in to_office.body
    assert later_waiting.applicant.full_name not in to_office.body
    services.transition(actor=coordinator, application=first_waiting, to_status=Status.ACCEPTED)


def test_an_offer_is_confirmed_before_its_deadline_and_becomes_a_placement(coordinator):
    application = _in_status(Status.UNDER_REVIEW)
    services.transition(actor=coordinator, application=application, to_status=Status.ACCEPTED)

    confirmed = services.transition(actor=application.applicant, application=application, to_status=Status.CONFIRMED)

    placement = confirmed.placement
    assert (placement.starts_on, placement.ends_on) == (application.start_date, application.end_date)
    assert placement.supervisor in application.programme.faculty.all()
    assert placement.department == application.programme.department


def test_an_expired_offer_cannot_be_confirmed(coordinator):
    application = _in_status(Status.UNDER_REVIEW)
    services.transition(actor=coordinator, application=application, to_status=Status.ACCEPTED)
    Application.objects.filter(pk=application.pk).update(offer_deadline=timezone.localdate() - datetime.timedelta(1))

    with pytest.raises(ConflictError) as error:
        services.transition(actor=application.applicant, application=application, to_status=Status.CONFIRMED)

    assert error.value.code == "offer_expired"


def test_accepting_renders_the_offer_letter_with_what_a_consulate_needs(
    coordinator, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(applicant=UserFactory(full_name="Kwame Mensah", country="GH", profession="doctor"))
    Application.objects.filter(pk=application.pk).update(status=Status.UNDER_REVIEW)
    coordinator.full_name = "Laura Puig"
    coordinator.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.transition(actor=coordinator, application=application, to_status=Status.ACCEPTED)

    application.refresh_from_db()
    text = pdf_text(application.offer_letter.open("rb").read())
    for expected in ("Kwame Mensah", "Ghana", application.programme.title, "Cardiology", "Laura Puig"):
        assert expected in text
    assert application.start_date.strftime("%-d %B %Y") in text


def test_the_offer_letter_names_the_issuer_once_at_the_top_and_once_under_the_signature(
    coordinator, django_capture_on_commit_callbacks
):
    """The signature said "International training office, International Training Office,
    Children's Hospital": the office's name, then the issuer's, which already names it."""
    application = ApplicationFactory()
    Application.objects.filter(pk=application.pk).update(status=Status.UNDER_REVIEW)

    with django_capture_on_commit_callbacks(execute=True):
        services.transition(actor=coordinator, application=application, to_status=Status.ACCEPTED)

    application.refresh_from_db()
    text = " ".join(pdf_text(application.offer_letter.open("rb").read()).split())
    assert text.lower().count("international training office") == 2
    assert text.count(settings.CERTIFICATE_ISSUER) == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_acceptances_never_exceed_the_places():
    intake = IntakeFactory(places=4)
    applications = [_in_status_for(intake, Status.UNDER_REVIEW) for _ in range(10)]
    coordinators = [CoordinatorFactory() for _ in range(10)]
    barrier = threading.Barrier(10)

    def accept(pair):
        coordinator, application = pair
        barrier.wait()
        try:
            services.transition(actor=coordinator, application=application, to_status=Status.ACCEPTED)
            return "accepted"
        except ConflictError:
            return "full"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(accept, zip(coordinators, applications, strict=True)))

    assert sorted(results).count("accepted") == 4
    assert Application.objects.filter(intake=intake, status=Status.ACCEPTED).count() == 4


# Reviews


def test_a_programme_reviewer_scores_once_and_can_revise():
    application = _in_status(Status.SUBMITTED)
    reviewer = application.programme.faculty.get()
    scores = {"experience": 4, "motivation": 5, "fit": 3, "language": 4}

    services.review(actor=reviewer, application=application, recommendation="accept", **scores)
    revised = services.review(actor=reviewer, application=application, recommendation="waitlist", **scores)

    assert application.reviews.count() == 1 and revised.recommendation == "waitlist" and revised.total == 16


def test_faculty_of_another_programme_cannot_review():
    application = _in_status(Status.SUBMITTED)
    other = make_programme().faculty.get()

    with pytest.raises(PermissionDenied):
        services.review(
            actor=other, application=application, experience=3, motivation=3, fit=3, language=3, recommendation="accept"
        )


def test_scores_outside_one_to_five_are_refused_naming_the_criterion():
    application = _in_status(Status.SUBMITTED)
    reviewer = application.programme.faculty.get()

    with pytest.raises(ValidationError) as error:
        services.review(
            actor=reviewer, application=application, experience=6, motivation=3, fit=0, language=3, recommendation="x"
        )

    assert set(error.value.message_dict) == {"experience", "fit", "recommendation"}
    assert not application.reviews.exists()


# The journey to a certificate


def test_the_whole_journey_ends_with_a_certificate_for_the_countersigned_hours(
    complete_draft, coordinator, django_capture_on_commit_callbacks
):
    application = advance(
        complete_draft,
        Status.SUBMITTED,
        Status.UNDER_REVIEW,
        Status.ACCEPTED,
        Status.CONFIRMED,
        Status.IN_PROGRESS,
        coordinator=coordinator,
    )
    placement = application.placement
    supervisor = placement.supervisor
    trainee = application.applicant
    signed = services.add_logbook_entry(
        actor=trainee, placement=placement, day=placement.starts_on, activity="Echo clinic", hours=6
    )
    services.add_logbook_entry(
        actor=trainee, placement=placement, day=placement.starts_on, activity="Ward round (unsigned)", hours=3
    )
    services.countersign(actor=supervisor, entry=signed)

    with django_capture_on_commit_callbacks(execute=True):
        services.evaluate(
            actor=supervisor,
            placement=placement,
            clinical_knowledge=4,
            clinical_skills=4,
            professionalism=5,
            communication=4,
            satisfactory=True,
        )

    application.refresh_from_db()
    certificate = trainee.certificates.get()
    assert application.status == Status.COMPLETED
    assert (certificate.kind, certificate.title, certificate.hours) == (
        "observership",
        application.programme.title,
        6,
    )
    assert (certificate.started_on, certificate.ended_on) == (placement.starts_on, placement.ends_on)


def _placement_in_progress(complete_draft, coordinator):
    steps = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.ACCEPTED, Status.CONFIRMED, Status.IN_PROGRESS)
    return advance(complete_draft, *steps, coordinator=coordinator).placement


def test_trainee_feedback_before_the_placement_starts_is_refused_naming_the_day(complete_draft, coordinator):
    placement = _placement_in_progress(complete_draft, coordinator)
    placement.starts_on = timezone.localdate() + datetime.timedelta(days=3)
    placement.ends_on = placement.starts_on + datetime.timedelta(days=10)
    placement.save()

    with pytest.raises(ConflictError, match="Feedback opens when the placement starts"):
        services.give_feedback(actor=placement.application.applicant, placement=placement, rating=5)

    assert not hasattr(type(placement).objects.get(pk=placement.pk), "feedback")


def test_trainee_feedback_is_taken_once_the_placement_has_started(complete_draft, coordinator):
    placement = _placement_in_progress(complete_draft, coordinator)
    placement.starts_on = timezone.localdate()
    placement.ends_on = placement.starts_on + datetime.timedelta(days=10)
    placement.save()

    feedback = services.give_feedback(actor=placement.application.applicant, placement=placement, rating=4)

    assert feedback.rating == 4


def test_an_unsatisfactory_evaluation_issues_no_certificate(coordinator):
    application = advance(
        _in_status(Status.UNDER_REVIEW), Status.ACCEPTED, Status.CONFIRMED, Status.IN_PROGRESS, coordinator=coordinator
    )
    placement = application.placement

    services.evaluate(
        actor=placement.supervisor,
        placement=placement,
        clinical_knowledge=2,
        clinical_skills=2,
        professionalism=3,
        communication=2,
        satisfactory=False,
    )

    application.refresh_from_db()
    assert application.status == Status.IN_PROGRESS
    assert not application.applicant.certificates.exists()


def test_only_the_supervisor_countersigns_and_evaluates(coordinator):
    application = advance(
        _in_status(Status.UNDER_REVIEW), Status.ACCEPTED, Status.CONFIRMED, Status.IN_PROGRESS, coordinator=coordinator
    )
    placement = application.placement
    entry = services.add_logbook_entry(
        actor=application.applicant, placement=placement, day=placement.starts_on, activity="Clinic", hours=4
    )
    stranger = make_programme().faculty.get()

    with pytest.raises(PermissionDenied):
        services.countersign(actor=stranger, entry=entry)
    with pytest.raises(PermissionDenied):
        services.countersign(actor=application.applicant, entry=entry)


def test_a_logbook_day_outside_the_placement_is_refused(coordinator):
    application = advance(
        _in_status(Status.UNDER_REVIEW), Status.ACCEPTED, Status.CONFIRMED, Status.IN_PROGRESS, coordinator=coordinator
    )
    placement = application.placement

    with pytest.raises(ValidationError) as error:
        services.add_logbook_entry(
            actor=application.applicant,
            placement=placement,
            day=placement.ends_on + datetime.timedelta(days=1),
            activity="Clinic",
            hours=4,
        )

    assert "day" in error.value.message_dict
    assert not placement.logbook.exists()


def test_the_applicants_email_is_in_their_language_whoever_moves_the_application(
    coordinator, django_capture_on_commit_callbacks
):
    # given a Spanish-reading applicant and a coordinator working in Catalan
    application = _in_status(Status.UNDER_REVIEW)
    application.applicant.preferred_language = "es"
    application.applicant.save(update_fields=["preferred_language"])

    with translation.override("ca"), django_capture_on_commit_callbacks(execute=True):
        services.transition(actor=coordinator, application=application, to_status=Status.ACCEPTED)

    [email] = [message for message in mail.outbox if application.applicant.email in message.to]
    assert email.subject.endswith("Su solicitud: Aceptada")
    assert "sol·licitud" not in email.subject
