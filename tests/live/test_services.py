import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certificates.models import Certificate
from live import recurrence, services
from live.models import Case, Registration, Session
from lms.errors import ConflictError
from lms.models import AuditEvent, Notification
from tests.factories import CoordinatorFactory, FacultyFactory, UserFactory
from tests.live.factories import RegistrationFactory, SeriesFactory, SessionFactory, ended, running

pytestmark = pytest.mark.django_db
MADRID = ZoneInfo("Europe/Madrid")


# Recurrence -----------------------------------------------------------------------------------


def test_fortnightly_sessions_keep_their_local_hour_across_the_change_to_summer_time():
    series = SeriesFactory(first_day=datetime.date(2027, 3, 11), recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;COUNT=3")
    sessions = services.generate_sessions(actor=CoordinatorFactory(), series=series)
    local = [session.starts_at.astimezone(MADRID) for session in sessions]
    assert [(s.date().isoformat(), s.hour, s.minute) for s in local] == [
        ("2027-03-11", 14, 0),
        ("2027-03-25", 14, 0),
        ("2027-04-08", 14, 0),
    ]
    assert [s.starts_at.astimezone(datetime.UTC).hour for s in sessions] == [13, 13, 12]


def test_sessions_keep_their_local_hour_when_summer_time_ends():
    series = SeriesFactory(first_day=datetime.date(2027, 10, 28), recurrence="FREQ=WEEKLY;COUNT=2")
    sessions = services.generate_sessions(actor=CoordinatorFactory(), series=series)
    assert [s.starts_at.astimezone(datetime.UTC).hour for s in sessions] == [12, 13]
    assert {s.starts_at.astimezone(MADRID).hour for s in sessions} == {14}


def test_a_start_in_the_skipped_hour_is_read_with_the_offset_before_the_change():
    series = SeriesFactory(
        first_day=datetime.date(2027, 3, 28), start_time=datetime.time(2, 30), recurrence="FREQ=DAILY;COUNT=1"
    )
    (session,) = services.generate_sessions(actor=CoordinatorFactory(), series=series)
    assert session.starts_at.astimezone(datetime.UTC) == datetime.datetime(2027, 3, 28, 1, 30, tzinfo=datetime.UTC)


def test_generating_again_adds_nothing_and_keeps_moved_sessions():
    coordinator = CoordinatorFactory()
    series = SeriesFactory()
    first = services.generate_sessions(actor=coordinator, series=series)
    services.move_session(
        actor=coordinator, session=first[0], starts_at=first[0].starts_at + datetime.timedelta(days=1)
    )
    assert services.generate_sessions(actor=coordinator, series=series) == []
    assert series.sessions.count() == 4


def test_a_rule_without_count_or_until_stops_at_the_horizon():
    series = SeriesFactory(recurrence="FREQ=DAILY")
    sessions = services.generate_sessions(actor=CoordinatorFactory(), series=series)
    assert len(sessions) == recurrence.MAX_OCCURRENCES


def test_an_unreadable_rule_is_refused_naming_the_field():
    series = SeriesFactory(recurrence="EVERY OTHER THURSDAY")
    with pytest.raises(ValidationError) as refusal:
        services.generate_sessions(actor=CoordinatorFactory(), series=series)
    assert "recurrence" in refusal.value.message_dict
    assert not series.sessions.exists()


def test_an_unknown_time_zone_is_refused_on_the_series_form():
    series = SeriesFactory.build(time_zone="Mars/Olympus")
    with pytest.raises(ValidationError) as refusal:
        series.clean()
    assert "time_zone" in refusal.value.message_dict


def test_a_first_day_at_the_end_of_time_is_refused_naming_the_field():
    series = SeriesFactory.build(first_day=datetime.date(9999, 12, 30))
    with pytest.raises(ValidationError) as refusal:
        series.clean()
    assert "first_day" in refusal.value.message_dict


def test_only_coordinators_generate_sessions():
    with pytest.raises(PermissionDenied):
        services.generate_sessions(actor=FacultyFactory(), series=SeriesFactory())


# Moving and cancelling ------------------------------------------------------------------------


def test_cancelling_a_session_tells_everyone_registered():
    registration = RegistrationFactory()
    services.cancel_session(actor=CoordinatorFactory(), session=registration.session, reason="Public holiday")
    registration.session.refresh_from_db()
    assert registration.session.status == Session.Status.CANCELLED
    assert Notification.objects.filter(recipient=registration.person, body__contains="Public holiday").exists()


def test_moving_a_session_tells_everyone_registered_and_keeps_its_length():
    registration = RegistrationFactory()
    session = registration.session
    later = session.starts_at + datetime.timedelta(days=1)
    services.move_session(actor=CoordinatorFactory(), session=session, starts_at=later)
    session.refresh_from_db()
    assert (session.starts_at, session.ends_at - session.starts_at) == (later, datetime.timedelta(hours=1))
    assert Notification.objects.filter(recipient=registration.person).count() == 1


# Registration ---------------------------------------------------------------------------------


def test_registering_twice_is_refused():
    registration = RegistrationFactory()
    with pytest.raises(ConflictError):
        services.register(actor=registration.person, session=registration.session)


def test_a_cancelled_registration_can_register_again_with_another_role():
    registration = RegistrationFactory()
    services.cancel_registration(actor=registration.person, registration=registration)
    again = services.register(actor=registration.person, session=registration.session, role="observer")
    assert (again.pk, again.status, again.role) == (registration.pk, "registered", "observer")


def test_registration_closes_when_the_session_ends():
    session = ended(SessionFactory())
    with pytest.raises(ConflictError):
        services.register(actor=UserFactory(), session=session)


def test_a_full_in_class_session_refuses_one_more():
    session = SessionFactory(series=SeriesFactory(mode="in_class", places=1))
    services.register(actor=UserFactory(), session=session)
    with pytest.raises(ConflictError):
        services.register(actor=UserFactory(), session=session)


def test_registering_for_a_series_registers_for_every_upcoming_session():
    coordinator = CoordinatorFactory()
    series = SeriesFactory()
    services.generate_sessions(actor=coordinator, series=series)
    person = UserFactory()
    assert len(services.register_for_series(actor=person, series=series)) == 4


def test_an_unknown_role_is_refused_naming_the_field():
    with pytest.raises(ValidationError) as refusal:
        services.register(actor=UserFactory(), session=SessionFactory(), role="speaker")
    assert "role" in refusal.value.message_dict


# Check-in -------------------------------------------------------------------------------------


def _open(session: Session) -> Session:
    return services.open_check_in(actor=session.series.faculty.first(), session=session)


def test_checking_in_with_the_code_counts_the_rest_of_the_session():
    registration = RegistrationFactory(session=running(SessionFactory(), minutes_in=10))
    session = _open(registration.session)
    services.check_in(actor=registration.person, session=session, code=session.check_in_code)
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert 49 <= registration.minutes_attended <= 50


def test_a_wrong_code_is_refused_and_counted():
    registration = RegistrationFactory(session=running(SessionFactory()))
    session = _open(registration.session)
    wrong = "000000" if session.check_in_code != "000000" else "111111"
    with pytest.raises(ValidationError) as refusal:
        services.check_in(actor=registration.person, session=session, code=wrong)
    assert "code" in refusal.value.message_dict
    registration.refresh_from_db()
    assert (registration.failed_check_ins, registration.checked_in_at) == (1, None)


def test_five_wrong_codes_lock_check_in_even_with_the_right_one():
    registration = RegistrationFactory(session=running(SessionFactory()), failed_check_ins=5)
    session = _open(registration.session)
    with pytest.raises(ConflictError) as refusal:
        services.check_in(actor=registration.person, session=session, code=session.check_in_code)
    assert refusal.value.code == "too_many_tries"


def test_an_expired_code_is_refused():
    registration = RegistrationFactory(session=running(SessionFactory()))
    session = _open(registration.session)
    Session.objects.filter(pk=session.pk).update(check_in_closes_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(ConflictError) as refusal:
        services.check_in(actor=registration.person, session=session, code=session.check_in_code)
    assert refusal.value.code == "check_in_closed"


def test_a_code_used_twice_by_the_same_person_is_refused():
    registration = RegistrationFactory(session=running(SessionFactory()))
    session = _open(registration.session)
    services.check_in(actor=registration.person, session=session, code=session.check_in_code)
    with pytest.raises(ConflictError) as refusal:
        services.check_in(actor=registration.person, session=session, code=session.check_in_code)
    assert refusal.value.code == "already_checked_in"


def test_the_code_of_another_session_is_wrong_here():
    registration = RegistrationFactory(session=running(SessionFactory()))
    other = _open(running(SessionFactory(series=registration.session.series)))
    session = _open(registration.session)
    if other.check_in_code == session.check_in_code:
        pytest.skip("the two random codes happen to match")
    with pytest.raises(ValidationError):
        services.check_in(actor=registration.person, session=session, code=other.check_in_code)


def test_a_code_typed_in_arabic_indic_digits_is_read():
    registration = RegistrationFactory(session=running(SessionFactory()))
    session = _open(registration.session)
    arabic = session.check_in_code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    services.check_in(actor=registration.person, session=session, code=arabic)
    registration.refresh_from_db()
    assert registration.checked_in_at is not None


def test_a_code_with_other_characters_is_just_wrong():
    registration = RegistrationFactory(session=running(SessionFactory()))
    session = _open(registration.session)
    with pytest.raises(ValidationError):
        services.check_in(actor=registration.person, session=session, code="ñ½x²")


def test_checking_in_needs_a_registration():
    session = _open(running(SessionFactory()))
    with pytest.raises(ConflictError) as refusal:
        services.check_in(actor=UserFactory(), session=session, code=session.check_in_code)
    assert refusal.value.code == "not_registered"


def test_the_code_is_not_shown_earlier_than_fifteen_minutes_before_the_start():
    session = SessionFactory()
    with pytest.raises(ConflictError):
        _open(session)


def test_only_the_series_faculty_open_check_in():
    session = running(SessionFactory())
    with pytest.raises(PermissionDenied):
        services.open_check_in(actor=FacultyFactory(), session=session)


# Attendance: threshold, video report, roster, adjustment -----------------------------------------


def test_eighty_percent_of_an_hour_is_forty_eight_minutes_and_earns_credit():
    registration = RegistrationFactory(minutes_attended=48)
    assert registration.session.minutes_needed == 48
    assert registration.eligible


def test_forty_seven_minutes_of_an_hour_do_not_earn_credit():
    assert not RegistrationFactory(minutes_attended=47).eligible


def test_an_observer_never_earns_credit():
    assert not RegistrationFactory(minutes_attended=60, role="observer").eligible


def test_the_threshold_rounds_up_to_the_next_whole_minute():
    session = SessionFactory.build(series=SeriesFactory(attendance_threshold=75))
    session.ends_at = session.starts_at + datetime.timedelta(minutes=45)
    assert session.minutes_needed == 34  # 33.75 minutes


def _report(session: Session, rows: list[tuple[str, int, int]]) -> SimpleUploadedFile:
    """A Zoom-style participant report: (email, joined after start, left after start) in minutes."""
    start = session.starts_at.astimezone(MADRID)
    lines = ["Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)"]
    for email, joined, left in rows:
        a, b = start + datetime.timedelta(minutes=joined), start + datetime.timedelta(minutes=left)
        lines.append(f"Someone,{email},{a:%m/%d/%Y %I:%M:%S %p},{b:%m/%d/%Y %I:%M:%S %p},{left - joined}")
    return SimpleUploadedFile("participants.csv", "\n".join(lines).encode())


def test_overlapping_joins_in_the_video_report_are_counted_once():
    registration = RegistrationFactory(session=ended(SessionFactory()))
    email = registration.person.email
    upload = _report(registration.session, [(email, 0, 30), (email, 20, 50), (email, 55, 70)])
    report = services.import_video_report(actor=CoordinatorFactory(), session=registration.session, upload=upload)
    registration.refresh_from_db()
    assert registration.minutes_attended == 55  # 0-50 and 55-60: the end of the session caps it
    assert report.matched == {registration.pk}


def test_unknown_emails_in_the_video_report_are_listed_and_change_nothing():
    registration = RegistrationFactory(session=ended(SessionFactory()))
    outsider = UserFactory()
    upload = _report(registration.session, [("nobody@example.net", 0, 60), (outsider.email, 0, 60)])
    report = services.import_video_report(actor=CoordinatorFactory(), session=registration.session, upload=upload)
    assert report.unknown_emails == ["nobody@example.net"]
    assert report.not_registered == [outsider.email.lower()]
    assert not Registration.objects.filter(person=outsider).exists()


def test_importing_a_corrected_report_replaces_the_first():
    registration = RegistrationFactory(session=ended(SessionFactory()))
    session, email = registration.session, registration.person.email
    coordinator = CoordinatorFactory()
    services.import_video_report(actor=coordinator, session=session, upload=_report(session, [(email, 0, 60)]))
    services.import_video_report(actor=coordinator, session=session, upload=_report(session, [(email, 0, 10)]))
    registration.refresh_from_db()
    assert registration.minutes_attended == 10


def test_a_check_in_and_a_video_report_of_the_same_time_count_once():
    registration = RegistrationFactory(session=running(SessionFactory(), minutes_in=0))
    session = _open(registration.session)
    services.check_in(actor=registration.person, session=session, code=session.check_in_code)
    upload = _report(session, [(registration.person.email, 0, 60)])
    services.import_video_report(actor=CoordinatorFactory(), session=session, upload=upload)
    registration.refresh_from_db()
    assert registration.minutes_attended == 60


def test_a_report_without_the_needed_columns_is_refused_naming_the_file():
    session = ended(SessionFactory())
    upload = SimpleUploadedFile("r.csv", b"Name,Duration\nSomeone,60\n")
    with pytest.raises(ValidationError) as refusal:
        services.import_video_report(actor=CoordinatorFactory(), session=session, upload=upload)
    assert "file" in refusal.value.message_dict


def test_unreadable_lines_are_listed_by_number():
    registration = RegistrationFactory(session=ended(SessionFactory()))
    start = registration.session.starts_at.isoformat()
    lines = f"User Email,Join Time,Leave Time\nx@example.org,not a time,later\ny@example.org,{start},{start}\n"
    upload = SimpleUploadedFile("r.csv", lines.encode())
    report = services.import_video_report(actor=CoordinatorFactory(), session=registration.session, upload=upload)
    assert report.bad_lines == [2]


def test_a_report_with_no_readable_line_is_refused_and_keeps_the_previous_import():
    registration = RegistrationFactory(session=ended(SessionFactory()))
    session, coordinator = registration.session, CoordinatorFactory()
    services.import_video_report(
        actor=coordinator, session=session, upload=_report(session, [(registration.person.email, 0, 60)])
    )
    for content in (b"User Email,Join Time,Leave Time\n", b"User Email,Join Time,Leave Time\nx@y.org,soon,later\n"):
        with pytest.raises(ValidationError) as refusal:
            services.import_video_report(
                actor=coordinator, session=session, upload=SimpleUploadedFile("r.csv", content)
            )
        assert "file" in refusal.value.message_dict
    registration.refresh_from_db()
    assert registration.minutes_attended == 60


def test_times_far_from_the_session_are_bad_lines_not_errors():
    registration = RegistrationFactory(session=ended(SessionFactory()))
    email = registration.person.email
    start = registration.session.starts_at.isoformat()
    lines = f"User Email,Join Time,Leave Time\n{email},9999-12-31 23:00,9999-12-31 23:30\n{email},{start},{start}\n"
    report = services.import_video_report(
        actor=CoordinatorFactory(), session=registration.session, upload=SimpleUploadedFile("r.csv", lines.encode())
    )
    assert report.bad_lines == [2]


def test_a_report_with_carriage_returns_only_is_read():
    registration = RegistrationFactory(session=ended(SessionFactory()))
    start = registration.session.starts_at
    end = start + datetime.timedelta(minutes=50)
    lines = f"User Email,Join Time,Leave Time\r{registration.person.email},{start.isoformat()},{end.isoformat()}\r"
    services.import_video_report(
        actor=CoordinatorFactory(), session=registration.session, upload=SimpleUploadedFile("r.csv", lines.encode())
    )
    registration.refresh_from_db()
    assert registration.minutes_attended == 50


def test_an_excel_report_in_windows_1252_matches_accented_names():
    person = UserFactory(email="josé.núñez@example.org")
    registration = RegistrationFactory(person=person, session=ended(SessionFactory()))
    start = registration.session.starts_at
    end = start + datetime.timedelta(minutes=60)
    header = "Nombre;Correo (User Email);Join Time;Leave Time\n"
    lines = f"{header}José Núñez;{person.email};{start.isoformat()};{end.isoformat()}\n"
    services.import_video_report(
        actor=CoordinatorFactory(),
        session=registration.session,
        upload=SimpleUploadedFile("r.csv", lines.encode("cp1252")),
    )
    registration.refresh_from_db()
    assert registration.minutes_attended == 60


def test_faculty_do_not_import_video_reports():
    with pytest.raises(PermissionDenied):
        services.import_video_report(
            actor=FacultyFactory(), session=SessionFactory(), upload=_report(SessionFactory(), [])
        )


def test_an_adjustment_wins_over_the_sources_and_is_an_audited_event_with_its_reason():
    registration = RegistrationFactory(minutes_attended=20)
    coordinator = CoordinatorFactory()
    services.adjust_attendance(actor=coordinator, registration=registration, minutes=55, reason="Joined by phone")
    registration.refresh_from_db()
    assert (registration.minutes, registration.eligible) == (55, True)
    event = AuditEvent.objects.get(verb="live_registration.attendance_adjusted")
    assert (event.actor, event.comment, event.data["minutes_before"], event.data["minutes_after"]) == (
        coordinator,
        "Joined by phone",
        20,
        55,
    )


def test_an_adjustment_without_a_reason_is_refused_and_changes_nothing():
    registration = RegistrationFactory(minutes_attended=20)
    with pytest.raises(ValidationError) as refusal:
        services.adjust_attendance(actor=CoordinatorFactory(), registration=registration, minutes=55, reason=" ")
    assert "reason" in refusal.value.message_dict
    registration.refresh_from_db()
    assert registration.minutes_adjusted is None


def test_an_adjustment_longer_than_the_session_is_refused():
    registration = RegistrationFactory()
    with pytest.raises(ValidationError) as refusal:
        services.adjust_attendance(actor=CoordinatorFactory(), registration=registration, minutes=61, reason="x")
    assert "minutes" in refusal.value.message_dict


def test_faculty_do_not_adjust_attendance():
    registration = RegistrationFactory()
    with pytest.raises(PermissionDenied):
        services.adjust_attendance(
            actor=registration.session.series.faculty.first(), registration=registration, minutes=60, reason="x"
        )


def test_marking_present_from_the_roster_counts_the_whole_session():
    registration = RegistrationFactory(session=ended(SessionFactory(series=SeriesFactory(mode="in_class"))))
    services.mark_present(actor=registration.session.series.faculty.first(), registration=registration, present=True)
    registration.refresh_from_db()
    assert registration.minutes_attended == 60


def test_marking_absent_removes_the_roster_time():
    registration = RegistrationFactory(session=ended(SessionFactory(series=SeriesFactory(mode="in_class"))))
    teacher = registration.session.series.faculty.first()
    services.mark_present(actor=teacher, registration=registration, present=True)
    services.mark_present(actor=teacher, registration=registration, present=False)
    registration.refresh_from_db()
    assert registration.minutes_attended == 0


# Cases --------------------------------------------------------------------------------------------

CASE = {
    "age_band": "5-9y",
    "sex": "female",
    "presenting_problem": "Abdominal mass, painless, for three weeks.",
    "question": "Surgery now or after chemotherapy?",
}


def test_a_case_naming_the_patient_is_refused_with_the_hit():
    session = SessionFactory()
    text = {**CASE, "history": "Seen by her mother Amina Uwase in March."}
    with pytest.raises(services.CaseScreenRefused) as refusal:
        services.submit_case(actor=UserFactory(), session=session, names="Amina Uwase", **text)
    assert {hit.text for hit in refusal.value.hits} >= {"Amina Uwase"}
    assert not Case.objects.exists()


def test_a_confirmed_hit_lets_the_case_through_and_makes_the_person_presenter():
    session = SessionFactory()
    person = UserFactory()
    text = {**CASE, "history": "Mrs Wilms brought her."}
    with pytest.raises(services.CaseScreenRefused) as refusal:
        services.submit_case(actor=person, session=session, **text)
    keys = [hit.key for hit in refusal.value.hits]
    case = services.submit_case(actor=person, session=session, confirmed=keys, **text)
    assert case.status == Case.Status.SUBMITTED
    assert Registration.objects.get(session=session, person=person).role == Registration.Role.PRESENTER


def test_the_names_given_for_the_screen_are_not_stored():
    case = services.submit_case(actor=UserFactory(), session=SessionFactory(), names="Zawadi Mwangi", **CASE)
    stored = " ".join(str(value) for value in Case.objects.filter(pk=case.pk).values().get().values())
    assert "Zawadi" not in stored


def test_attachments_need_the_presenters_confirmation():
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%%EOF\n")
    with pytest.raises(ValidationError) as refusal:
        services.submit_case(actor=UserFactory(), session=SessionFactory(), attachments=[upload], **CASE)
    assert "attachments" in refusal.value.message_dict


def test_a_dicom_file_is_refused_even_when_confirmed():
    dicom = SimpleUploadedFile("ct.dcm", b"\0" * 128 + b"DICM" + b"\0" * 64)
    with pytest.raises(ValidationError) as refusal:
        services.submit_case(
            actor=UserFactory(), session=SessionFactory(), attachments=[dicom], attachments_deidentified=True, **CASE
        )
    assert "attachments" in refusal.value.message_dict


def test_an_image_is_stored_without_its_metadata():
    import io

    from PIL import Image

    image = Image.new("RGB", (40, 30), "white")
    exif = Image.Exif()
    exif[0x010E] = "Patient: Amina Uwase"  # ImageDescription
    exif[0x013B] = "Dr Habimana"  # Artist
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    assert b"Amina" in buffer.getvalue()
    upload = SimpleUploadedFile("x-ray.jpg", buffer.getvalue())
    case = services.submit_case(
        actor=UserFactory(), session=SessionFactory(), attachments=[upload], attachments_deidentified=True, **CASE
    )
    stored = case.attachments.get().file.read()
    assert b"Amina" not in stored and b"Habimana" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()


def test_a_case_missing_its_question_is_refused_naming_the_field():
    with pytest.raises(ValidationError) as refusal:
        services.submit_case(actor=UserFactory(), session=SessionFactory(), **{**CASE, "question": " "})
    assert "question" in refusal.value.message_dict


def test_a_presenter_who_cancelled_still_reads_their_case():
    from live import selectors

    person = UserFactory()
    case = services.submit_case(actor=person, session=SessionFactory(), **CASE)
    services.cancel_registration(actor=person, registration=Registration.objects.get(person=person))
    assert selectors.visible_case(user=person, pk=case.pk) == case


def test_recommendations_tell_the_presenter():
    case = services.submit_case(actor=UserFactory(), session=SessionFactory(), **CASE)
    teacher = case.session.series.faculty.first()
    services.record_recommendations(actor=teacher, case=case, recommendations="Four weeks of chemotherapy first.")
    case.refresh_from_db()
    assert case.status == Case.Status.DISCUSSED
    assert Notification.objects.filter(recipient=case.presenter, body__contains="Four weeks").exists()


def test_cases_are_erased_after_the_retention_period():
    case = services.submit_case(actor=UserFactory(), session=SessionFactory(), **CASE)
    assert services.erase_expired_cases(now=case.erase_after - datetime.timedelta(seconds=1)) == 0
    assert services.erase_expired_cases(now=case.erase_after) == 1
    case.refresh_from_db()
    assert (case.status, case.presenting_problem, case.question) == (Case.Status.ERASED, "", "")


# Credit -------------------------------------------------------------------------------------------


def test_an_eligible_participant_claims_credit_and_gets_a_certificate():
    registration = RegistrationFactory(session=ended(SessionFactory()), minutes_attended=50)
    certificate = services.evaluate_and_claim(
        actor=registration.person, registration=registration, relevance=5, change_practice="yes"
    )
    assert certificate.kind == "live_session"
    assert certificate.hours == 1
    assert Certificate.objects.filter(recipient=registration.person).count() == 1


def test_claiming_with_too_few_minutes_is_refused_with_the_figures():
    registration = RegistrationFactory(session=ended(SessionFactory()), minutes_attended=47)
    with pytest.raises(ConflictError) as refusal:
        services.evaluate_and_claim(
            actor=registration.person, registration=registration, relevance=5, change_practice="yes"
        )
    assert "47" in refusal.value.message and "48" in refusal.value.message


def test_claiming_before_the_session_ends_is_refused():
    registration = RegistrationFactory(minutes_attended=60)
    with pytest.raises(ConflictError):
        services.evaluate_and_claim(
            actor=registration.person, registration=registration, relevance=5, change_practice="yes"
        )


def test_claiming_twice_is_refused():
    registration = RegistrationFactory(session=ended(SessionFactory()), minutes_attended=60)
    services.evaluate_and_claim(actor=registration.person, registration=registration, relevance=4, change_practice="no")
    with pytest.raises(ConflictError):
        services.evaluate_and_claim(
            actor=registration.person, registration=registration, relevance=4, change_practice="no"
        )


def test_an_evaluation_out_of_range_is_refused_naming_the_field():
    registration = RegistrationFactory(session=ended(SessionFactory()), minutes_attended=60)
    with pytest.raises(ValidationError) as refusal:
        services.evaluate_and_claim(
            actor=registration.person, registration=registration, relevance=9, change_practice="yes"
        )
    assert "relevance" in refusal.value.message_dict
    assert not Certificate.objects.exists()


def test_someone_else_cannot_claim_my_credit():
    registration = RegistrationFactory(session=ended(SessionFactory()), minutes_attended=60)
    with pytest.raises(PermissionDenied):
        services.evaluate_and_claim(actor=UserFactory(), registration=registration, relevance=5, change_practice="yes")


# Reminders --------------------------------------------------------------------------------------


def test_a_reminder_goes_once_the_day_before_in_the_persons_language():
    person = UserFactory(preferred_language="es")
    registration = RegistrationFactory(
        person=person, session=SessionFactory(starts_at=timezone.now() + datetime.timedelta(hours=20))
    )
    assert services.send_reminders() == 1
    assert services.send_reminders() == 0
    notification = Notification.objects.get(recipient=person)
    assert registration.session.series.title in notification.subject
    assert "Mañana" in notification.subject


def test_importing_a_report_uses_the_same_queries_for_3_and_30_people():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    coordinator = CoordinatorFactory()

    def queries(people: int) -> int:
        session = ended(SessionFactory())
        rows = [(RegistrationFactory(session=session).person.email, 0, 60) for _ in range(people)]
        rows += [(f"guest{n}@example.net", 0, 60) for n in range(people)] + [(UserFactory().email, 0, 60)]
        with CaptureQueriesContext(connection) as context:
            services.import_video_report(actor=coordinator, session=session, upload=_report(session, rows))
        return len(context.captured_queries)

    queries(1)  # warm: the coordinator's roles are read once per user instance
    assert queries(3) == queries(30)
