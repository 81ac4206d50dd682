import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fellowships import services
from fellowships.models import Application, Review, Status
from tests.factories import FORMULA_NAME, CoordinatorFactory, CoverImageFactory, FacultyFactory, UserFactory
from tests.fellowships.conftest import PDF_BYTES, advance
from tests.fellowships.factories import ApplicationFactory, IntakeFactory, catalogue, make_programme

pytestmark = pytest.mark.django_db


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def _in_status(status, **fields):
    application = ApplicationFactory(**fields)
    Application.objects.filter(pk=application.pk).update(status=status)
    return Application.objects.get(pk=application.pk)


# Catalogue and applying


def test_the_catalogue_lists_programmes_with_a_type_filter(client):
    make_programme(title="Echo observership", programme_type="observership")
    make_programme(title="ICU fellowship", programme_type="fellowship")

    response = client.get(catalogue().url, {"type": "fellowship"})

    assert "ICU fellowship" in response.text and "Echo observership" not in response.text


def test_a_programme_page_offers_its_open_intakes_with_an_apply_button(client):
    intake = IntakeFactory(title="Spring 2027")
    client.force_login(UserFactory(profession="doctor"))

    response = client.get(intake.programme.url)

    assert "Spring 2027" in response.text and f"/applications/start/{intake.pk}/" in response.text


def test_a_programme_page_offers_no_apply_button_to_a_profession_that_cannot_apply(client):
    intake = IntakeFactory(programme=make_programme(open_to_nurses=False))
    client.force_login(UserFactory(profession="nurse"))

    response = client.get(intake.programme.url)

    assert f"/applications/start/{intake.pk}/" not in response.text
    assert "This programme is open only to doctors." in response.text and 'href="/profile/"' in response.text


def test_applying_starts_a_draft_and_opens_the_form(client):
    intake = IntakeFactory()
    applicant = UserFactory(profession="doctor")
    client.force_login(applicant)

    response = client.post(f"/applications/start/{intake.pk}/")

    application = Application.objects.get(applicant=applicant)
    assert response["Location"] == f"/applications/{application.pk}/edit/"
    assert application.status == "draft"


def test_the_draft_form_names_a_bad_end_date_and_saves_nothing(client):
    application = ApplicationFactory()
    client.force_login(application.applicant)
    data = {
        "current_position": "Resident",
        "institution_other": "Hospital",
        "start_date": application.start_date.isoformat(),
        "end_date": application.start_date.replace(year=application.start_date.year + 2).isoformat(),
        "motivation": "New motivation",
        "language_level": "B2",
    }

    response = client.post(f"/applications/{application.pk}/edit/", data)

    assert response.status_code == 400 and "Observership programmes last 1 to 4 weeks" in response.text
    application.refresh_from_db()
    assert application.motivation != "New motivation"


def test_an_end_before_the_start_is_named_in_words_not_as_a_database_constraint(client):
    application = ApplicationFactory()
    client.force_login(application.applicant)
    data = _typed(application, end_date=application.start_date.isoformat(), start_date=application.end_date.isoformat())

    response = client.post(f"/applications/{application.pk}/edit/", data)

    assert response.status_code == 400
    assert "application_ends_after_it_starts" not in response.text


def test_uploading_the_wrong_kind_of_file_is_refused_with_a_message(client):
    application = ApplicationFactory()
    client.force_login(application.applicant)
    upload = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00" + b"\x00" * 300, content_type="application/pdf")

    response = client.post(f"/applications/{application.pk}/documents/", {"kind": "cv", "file": upload})

    assert response.status_code == 400 and "not accepted here" in response.text
    assert not application.documents.exists()


def _typed(application, **changes) -> dict:
    data = {
        "draft": "1",
        "current_position": "Resident",
        "institution_other": "Hospital",
        "start_date": application.start_date.isoformat(),
        "end_date": application.end_date.isoformat(),
        "motivation": "Typed before uploading",
        "language_level": "B2",
    }
    return data | changes


def test_uploading_a_document_keeps_what_was_typed_in_the_form(client):
    application = ApplicationFactory()
    client.force_login(application.applicant)
    upload = SimpleUploadedFile("cv.pdf", PDF_BYTES, content_type="application/pdf")

    response = client.post(f"/applications/{application.pk}/documents/", _typed(application, kind="cv", file=upload))

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.motivation == "Typed before uploading"
    assert application.documents.filter(kind="cv").exists()


def test_removing_a_document_keeps_what_was_typed_in_the_form(client):
    application = ApplicationFactory()
    client.force_login(application.applicant)
    upload = SimpleUploadedFile("cv.pdf", PDF_BYTES, content_type="application/pdf")
    client.post(f"/applications/{application.pk}/documents/", {"kind": "cv", "file": upload})
    document = application.documents.get()

    client.post(f"/applications/{application.pk}/documents/{document.pk}/delete/", _typed(application))

    application.refresh_from_db()
    assert application.motivation == "Typed before uploading"
    assert not application.documents.exists()


def test_a_refused_file_still_keeps_what_was_typed_in_the_form(client):
    application = ApplicationFactory()
    client.force_login(application.applicant)
    upload = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00" + b"\x00" * 300, content_type="application/pdf")

    response = client.post(f"/applications/{application.pk}/documents/", _typed(application, kind="cv", file=upload))

    assert response.status_code == 400 and "not accepted here" in response.text
    assert "Typed before uploading" in response.text
    assert not application.documents.exists()


def test_the_upload_and_remove_buttons_are_in_the_same_form_as_the_draft_fields(client):
    application = ApplicationFactory()
    client.force_login(application.applicant)
    upload = SimpleUploadedFile("cv.pdf", PDF_BYTES, content_type="application/pdf")
    client.post(f"/applications/{application.pk}/documents/", {"kind": "cv", "file": upload})

    html = client.get(f"/applications/{application.pk}/edit/").text

    form = html[html.index('name="draft"') : html.index("</form>", html.index('name="draft"'))]
    assert 'name="motivation"' in form
    assert f'formaction="/applications/{application.pk}/documents/"' in form
    assert "/delete/" in form


def test_the_status_page_says_where_it_stands_what_next_and_by_when(client, coordinator):
    application = advance(_in_status(Status.UNDER_REVIEW), Status.ACCEPTED, coordinator=coordinator)
    client.force_login(application.applicant)

    response = client.get(f"/applications/{application.pk}/")

    assert "You have been offered a place." in response.text
    assert "Confirm or decline the offer." in response.text
    assert application.offer_deadline.strftime("%-d %B %Y") in response.text
    assert "Curriculum vitae" in response.text  # the document checklist


def test_the_applicant_confirms_the_offer_from_the_status_page(client, coordinator):
    application = advance(_in_status(Status.UNDER_REVIEW), Status.ACCEPTED, coordinator=coordinator)
    client.force_login(application.applicant)

    response = client.post(f"/applications/{application.pk}/respond/", {"answer": "confirm"}, follow=True)

    application.refresh_from_db()
    assert application.status == "confirmed" and application.placement
    assert "Your place is confirmed." in response.text


@pytest.mark.parametrize("path", ["", "edit/", "offer-letter.pdf"])
def test_another_persons_application_pages_answer_404(client, path):
    application = ApplicationFactory()
    client.force_login(UserFactory())

    assert client.get(f"/applications/{application.pk}/{path}").status_code == 404


def test_another_persons_documents_answer_404(client):
    application = ApplicationFactory()
    upload = SimpleUploadedFile("cv.pdf", PDF_BYTES, content_type="application/pdf")
    document = services.add_document(actor=application.applicant, application=application, kind="cv", upload=upload)
    client.force_login(UserFactory())

    assert client.get(f"/applications/{application.pk}/documents/{document.pk}/").status_code == 404
    assert client.post(f"/applications/{application.pk}/documents/{document.pk}/delete/").status_code == 404
    assert application.documents.count() == 1


# Staff


def test_reviewers_see_their_queue_and_score_from_the_staff_page(client):
    application = _in_status(Status.SUBMITTED)
    reviewer = application.programme.faculty.get()
    client.force_login(reviewer)

    queue = client.get("/fellowships/reviews/")
    client.post(
        f"/fellowships/applications/{application.pk}/manage/",
        {
            "form": "review",
            "review-experience": 4,
            "review-motivation": 5,
            "review-fit": 4,
            "review-language": 3,
            "review-recommendation": "accept",
            "review-comments": "Strong",
        },
    )

    assert application.applicant.full_name in queue.text
    assert application.reviews.get().total == 16


def test_the_coordinator_sees_reviews_side_by_side_and_decides(client, coordinator):
    application = _in_status(Status.UNDER_REVIEW)
    reviewer = application.programme.faculty.get()
    services.review(
        actor=reviewer,
        application=application,
        experience=2,
        motivation=3,
        fit=4,
        language=5,
        recommendation="waitlist",
    )
    client.force_login(coordinator)

    page = client.get(f"/fellowships/applications/{application.pk}/manage/")
    client.post(
        f"/fellowships/applications/{application.pk}/manage/",
        {
            "form": "transition",
            "decision-to_status": "accepted",
            "decision-comment": "Welcome",
            "decision-visible": "on",
        },
    )

    assert "14/20" in page.text and reviewer.full_name in page.text
    application.refresh_from_db()
    assert application.status == "accepted"


def test_a_decision_comment_is_private_to_the_office_unless_the_box_is_ticked(client, coordinator):
    application = _in_status(Status.UNDER_REVIEW)
    client.force_login(coordinator)

    html = client.get(f"/fellowships/applications/{application.pk}/manage/").text
    client.post(
        f"/fellowships/applications/{application.pk}/manage/",
        {"form": "transition", "decision-to_status": "accepted", "decision-comment": "Strong referee letters"},
    )

    box = html[html.index('name="decision-visible"') - 200 : html.index('name="decision-visible"') + 200]
    assert "checked" not in box
    client.force_login(application.applicant)
    assert "Strong referee letters" not in client.get(f"/applications/{application.pk}/").text


def test_applicants_never_reach_the_staff_page_or_reviews(client):
    application = _in_status(Status.SUBMITTED)
    client.force_login(application.applicant)

    assert client.get(f"/fellowships/applications/{application.pk}/manage/").status_code == 404
    assert "Reviews" not in client.get(f"/applications/{application.pk}/").text


def test_faculty_of_another_programme_get_404(client):
    application = _in_status(Status.SUBMITTED)
    client.force_login(FacultyFactory())

    assert client.get(f"/fellowships/applications/{application.pk}/manage/").status_code == 404
    assert application.applicant.full_name not in client.get("/fellowships/reviews/").text


def test_the_pipeline_counts_statuses_and_exports_csv(client, coordinator):
    intake = IntakeFactory()
    for status in (Status.SUBMITTED, Status.SUBMITTED, Status.WAITLISTED):
        _in_status(status, intake=intake)
    client.force_login(coordinator)

    page = client.get(f"/fellowships/intakes/{intake.pk}/pipeline/")
    exported = client.get(f"/fellowships/intakes/{intake.pk}/pipeline.csv", {"status": "submitted"})

    assert "Submitted: 2" in page.text and "Waitlisted: 1" in page.text
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0][:3] == ["application", "status", "applicant"] and len(rows) == 3


def test_faculty_have_no_pipeline(client):
    intake = IntakeFactory()
    client.force_login(FacultyFactory())

    assert client.get(f"/fellowships/intakes/{intake.pk}/pipeline/").status_code == 404
    assert client.get(f"/fellowships/intakes/{intake.pk}/pipeline.csv").status_code == 404


def test_the_trainee_logs_and_the_supervisor_countersigns_on_the_placement_page(client, coordinator):
    application = advance(
        _in_status(Status.UNDER_REVIEW), Status.ACCEPTED, Status.CONFIRMED, Status.IN_PROGRESS, coordinator=coordinator
    )
    placement = application.placement
    client.force_login(application.applicant)
    client.post(
        f"/fellowships/placements/{placement.pk}/",
        {
            "form": "logbook",
            "logbook-day": placement.starts_on.isoformat(),
            "logbook-activity": "Echo",
            "logbook-hours": "6",
        },
    )
    entry = placement.logbook.get()
    client.force_login(placement.supervisor)

    client.post(f"/fellowships/placements/{placement.pk}/logbook/{entry.pk}/countersign/")

    entry.refresh_from_db()
    assert entry.countersigned_by == placement.supervisor


def test_the_placement_page_offers_feedback_only_once_the_placement_has_started(client, coordinator):
    application = advance(
        _in_status(Status.UNDER_REVIEW), Status.ACCEPTED, Status.CONFIRMED, Status.IN_PROGRESS, coordinator=coordinator
    )
    placement = application.placement
    placement.starts_on = timezone.localdate() + datetime.timedelta(days=2)
    placement.ends_on = placement.starts_on + datetime.timedelta(days=7)
    placement.save()
    client.force_login(application.applicant)

    before = client.get(f"/fellowships/placements/{placement.pk}/").text
    placement.starts_on = timezone.localdate()
    placement.save()
    after = client.get(f"/fellowships/placements/{placement.pk}/").text

    assert 'value="feedback"' not in before and "once it has started" in before
    assert 'value="feedback"' in after


def test_a_completed_placement_links_to_its_certificate(client, coordinator, django_capture_on_commit_callbacks):
    application = advance(
        _in_status(Status.UNDER_REVIEW), Status.ACCEPTED, Status.CONFIRMED, Status.IN_PROGRESS, coordinator=coordinator
    )
    placement = application.placement
    with django_capture_on_commit_callbacks(execute=True):
        services.evaluate(
            actor=placement.supervisor,
            placement=placement,
            clinical_knowledge=4,
            clinical_skills=4,
            professionalism=4,
            communication=4,
            satisfactory=True,
        )
    certificate = application.applicant.certificates.get()
    client.force_login(application.applicant)

    html = client.get(f"/fellowships/placements/{placement.pk}/").text

    assert certificate.serial in html and f"/certificates/{certificate.pk}/pdf/" in html


def test_strangers_cannot_open_a_placement(client, coordinator):
    application = advance(_in_status(Status.UNDER_REVIEW), Status.ACCEPTED, Status.CONFIRMED, coordinator=coordinator)
    client.force_login(FacultyFactory())

    assert client.get(f"/fellowships/placements/{application.placement.pk}/").status_code == 404


# Flat query counts


def test_my_applications_uses_the_same_queries_for_3_and_30(client, django_assert_num_queries):
    applicant = UserFactory(profession="doctor")
    client.force_login(applicant)
    for _ in range(3):
        ApplicationFactory(applicant=applicant)
    small = _count(client, "/applications/")
    for _ in range(27):
        ApplicationFactory(applicant=applicant)

    with django_assert_num_queries(small):
        client.get("/applications/")


def test_the_pipeline_and_intakes_use_the_same_queries_for_3_and_30(client, coordinator, django_assert_num_queries):
    intake = IntakeFactory(places=50)
    client.force_login(coordinator)
    for _ in range(3):
        _in_status(Status.SUBMITTED, intake=intake)
        IntakeFactory()
    pipeline = _count(client, f"/fellowships/intakes/{intake.pk}/pipeline/")
    intakes = _count(client, "/fellowships/intakes/")
    for _ in range(27):
        _in_status(Status.SUBMITTED, intake=intake)
        IntakeFactory()

    with django_assert_num_queries(pipeline):
        client.get(f"/fellowships/intakes/{intake.pk}/pipeline/")
    with django_assert_num_queries(intakes):
        client.get("/fellowships/intakes/")


def test_the_pipeline_counts_each_applications_reviews_without_grouping_its_rows(client, coordinator):
    """A GROUP BY over the joined rows kept the page's LIMIT from walking the intake's index
    (30 ms at 1,000 applications); the count is a subquery per row."""
    from fellowships import selectors

    intake = IntakeFactory()
    reviewed = _in_status(Status.UNDER_REVIEW, intake=intake)
    unreviewed = _in_status(Status.SUBMITTED, intake=intake)
    for _ in range(2):
        Review.objects.create(
            application=reviewed,
            reviewer=FacultyFactory(),
            experience=4,
            motivation=4,
            fit=4,
            language=4,
            recommendation="accept",
        )

    applications = selectors.pipeline(intake=intake)["applications"]

    assert {a.pk: a.review_count for a in applications} == {reviewed.pk: 2, unreviewed.pk: 0}
    assert applications.query.group_by is None  # the page query itself groups nothing


def test_the_review_queue_uses_the_same_queries_for_3_and_30(client, django_assert_num_queries):
    reviewer = FacultyFactory()
    intake = IntakeFactory(programme=make_programme(faculty=[reviewer]))
    client.force_login(reviewer)
    for _ in range(3):
        _in_status(Status.SUBMITTED, intake=intake)
    small = _count(client, "/fellowships/reviews/")
    for _ in range(27):
        _in_status(Status.SUBMITTED, intake=intake)

    with django_assert_num_queries(small):
        client.get("/fellowships/reviews/")


def test_the_catalogue_uses_the_same_queries_for_3_and_30(client, django_assert_num_queries):
    """Each programme has its cover: the cards' renditions are read with the list."""
    client.force_login(UserFactory())
    for _ in range(3):
        IntakeFactory(programme=make_programme(cover_image=CoverImageFactory()))
    client.get(catalogue().url)  # warm Wagtail's site cache, make the renditions
    small = _count(client, catalogue().url)
    for _ in range(27):
        IntakeFactory(programme=make_programme(cover_image=CoverImageFactory()))
    url = catalogue().url
    client.get(url)  # publishing pages cleared it

    with django_assert_num_queries(small):
        html = client.get(url).text
    assert html.count('class="card"') == 30 and html.count('class="card-cover"') == 30


def test_a_programme_shows_its_cover_on_its_card_and_its_page(client):
    programme = make_programme(cover_image=CoverImageFactory())

    card = client.get(catalogue().url).text
    page = client.get(programme.url).text

    assert 'class="card-cover"' in card and "fill-480x240.format-webp.webp" in card
    assert 'class="cover"' in page and "fill-960x360.format-webp.webp" in page


def test_the_dashboard_stays_flat_with_many_applications(client, django_assert_num_queries):
    applicant = UserFactory(profession="doctor")
    client.force_login(applicant)
    for _ in range(3):
        ApplicationFactory(applicant=applicant)
    small = _count(client, "/dashboard/")
    for _ in range(27):
        ApplicationFactory(applicant=applicant)

    with django_assert_num_queries(small):
        client.get("/dashboard/")


def test_coordinators_may_edit_programme_pages():
    coordinator = CoordinatorFactory()

    assert coordinator.has_perm("wagtailadmin.access_admin")
    assert coordinator.has_perm("fellowships.change_intake")


def test_the_pipeline_csv_quotes_a_formula_in_an_applicants_name(client, coordinator):
    application = _in_status("submitted")
    application.applicant.full_name = FORMULA_NAME
    application.applicant.save(update_fields=["full_name"])
    client.force_login(coordinator)

    exported = client.get(f"/fellowships/intakes/{application.intake_id}/pipeline.csv")

    assert list(csv.reader(io.StringIO(exported.content.decode())))[1][2] == f"'{FORMULA_NAME}"
