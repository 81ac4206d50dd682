"""People's right to their data: every link from our models to a person is declared, and a
person downloads everything about them in one ZIP."""

import datetime
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from certificates.models import Certificate
from courses import services as courses
from courses.models import Enrolment, Submission
from fellowships import services as fellowships
from fellowships.models import Application, ApplicationDocument, Status
from lms import audit
from lms import services as lms_services
from lms.errors import ConflictError
from lms.models import AuditEvent, ErasureRequest
from lms.privacy import ERASED_TEXT, PROJECT_APPS, holdings
from lms.services import record_event
from lms.uploads import private_storage
from tests.certificates.issuing import issue_for
from tests.courses.factories import assignment_block, lessons_of, make_course
from tests.factories import CoordinatorFactory, UserFactory
from tests.fellowships.conftest import pdf_upload
from tests.fellowships.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _links_to_people() -> set[tuple[str, str]]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    links = set()
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.get_fields():
                if (
                    field.concrete
                    and (field.many_to_one or field.one_to_one or field.many_to_many)
                    and field.related_model is user_model
                    and field.model._meta.app_label in PROJECT_APPS
                ):
                    links.add((model._meta.label_lower, field.name))
    return links


def test_every_link_from_a_model_to_a_person_is_declared():
    declared = {(holding.model._meta.label_lower, holding.person) for holding in holdings()}

    assert _links_to_people() - declared == set()


def test_every_declaration_says_why_and_what_erasure_does():
    for holding in holdings():
        assert holding.purpose and holding.erasure, holding.name


@pytest.fixture
def person(django_capture_on_commit_callbacks):
    """A learner with a submitted assignment, an application with a document, a certificate."""
    learner = UserFactory(full_name="Nadia Haddad")
    course = make_course(lessons=[[assignment_block()]])
    lesson = lessons_of(course)[0]
    courses.enrol(actor=learner, course=course)
    courses.submit_assignment(
        actor=learner,
        lesson=lesson,
        block_id=lesson.activities()[0].id,
        upload=SimpleUploadedFile("essay.txt", "Mi reflexión".encode()),
    )
    application = ApplicationFactory(applicant=learner)
    fellowships.add_document(actor=learner, application=application, kind="cv", upload=pdf_upload())
    with django_capture_on_commit_callbacks(execute=True):
        issue_for(recipient=learner, source=learner)
    return learner


def _archive(content: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(content))


def test_a_person_downloads_all_their_data_as_one_zip_from_the_api(person):
    api = APIClient()
    api.force_authenticate(person)

    response = api.get("/api/v1/me/export/")

    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = _archive(response.content)
    names = archive.namelist()
    profile = json.loads(archive.read("lms.user.pk.json"))
    assert profile[0]["fields"]["full_name"] == "Nadia Haddad" and "password" not in profile[0]["fields"]
    assert len(json.loads(archive.read("courses.enrolment.learner.json"))) == 1
    assert len(json.loads(archive.read("fellowships.application.applicant.json"))) == 1
    assert len(json.loads(archive.read("certificates.certificate.recipient.json"))) == 1
    assert any(name.startswith("files/courses.submission.enrolment.learner/") for name in names)
    assert any(name.startswith("files/fellowships.applicationdocument.application.applicant/") for name in names)
    assert "README.txt" in names


def test_the_export_holds_nothing_of_anyone_else(person):
    other = UserFactory(full_name="Someone Else")
    issue_for(recipient=other, source=other)
    client = APIClient()
    client.force_authenticate(person)

    archive = _archive(client.get("/api/v1/me/export/").content)

    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"Someone Else" not in everything and other.email.encode() not in everything


def test_the_profile_page_offers_the_download(client, person):
    client.force_login(person)

    assert "Download my data" in client.get("/profile/").content.decode()
    response = client.post("/profile/export/")

    assert response["Content-Type"] == "application/zip"
    assert "lms.user.pk.json" in _archive(response.content).namelist()


def test_anonymous_callers_get_no_export(client):
    assert APIClient().get("/api/v1/me/export/").status_code == 401


# Erasure


def _erase(person, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = lms_services.request_erasure(actor=person)
        lms_services.decide_erasure(actor=coordinator, request=request, confirm=True)


def test_a_confirmed_erasure_removes_personal_data_and_files_and_keeps_counts(
    person, django_capture_on_commit_callbacks
):
    submission = Submission.objects.get(enrolment__learner=person)
    document = ApplicationDocument.objects.get(application__applicant=person)
    certificate = Certificate.objects.get(recipient=person)
    stored = [submission.file.name, document.file.name]

    _erase(person, CoordinatorFactory(), django_capture_on_commit_callbacks)

    person.refresh_from_db()
    assert person.full_name == "" and person.email.endswith("@erased.invalid") and not person.is_active
    assert not person.has_usable_password()
    submission.refresh_from_db()
    assert submission.text == ERASED_TEXT and not submission.file
    assert not ApplicationDocument.objects.filter(pk=document.pk).exists()
    assert not any(private_storage().exists(name) for name in stored)
    assert Enrolment.objects.filter(learner=person).count() == 1  # counts stay
    certificate.refresh_from_db()
    assert certificate.recipient_name == "" and certificate.status == Certificate.Status.READY


def test_an_erased_holders_certificate_still_verifies_without_the_name(
    client, person, django_capture_on_commit_callbacks
):
    certificate = Certificate.objects.get(recipient=person)
    _erase(person, CoordinatorFactory(), django_capture_on_commit_callbacks)

    page = client.get(f"/verify/{certificate.verification_code}/").content.decode()
    data = client.get(f"/api/v1/verify/{certificate.verification_code}/").json()

    assert "Removed at the holder's request" in page and "Nadia" not in page
    assert data["status"] == "valid" and data["full_name"] == ""


def test_the_audit_chain_still_verifies_after_an_erasure(person, django_capture_on_commit_callbacks):
    coordinator = CoordinatorFactory()
    record_event(actor=person, verb="profile.note", target=person, comment="Nadia wrote this about herself")
    _erase(person, coordinator, django_capture_on_commit_callbacks)
    audit.seal()

    assert audit.verify_chain().intact
    assert not AuditEvent.objects.filter(comment__icontains="Nadia").exists()
    assert AuditEvent.objects.filter(actor=person).exists()  # the pseudonym: an id, no name


def test_only_a_coordinator_confirms_and_a_second_request_waits_for_the_first(person):
    request = lms_services.request_erasure(actor=person)

    with pytest.raises(ConflictError):
        lms_services.request_erasure(actor=person)
    with pytest.raises(PermissionDenied):
        lms_services.decide_erasure(actor=UserFactory(), request=request, confirm=True)
    person.refresh_from_db()
    assert person.full_name == "Nadia Haddad"


def test_a_person_asks_from_the_profile_and_a_coordinator_confirms_on_the_office_page(client, person):
    client.force_login(person)
    client.post("/profile/erase/")
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)

    page = client.get("/office/erasures/").content.decode()
    request = ErasureRequest.objects.get(user=person)
    client.post(f"/office/erasures/{request.pk}/", {"decision": "confirm"})

    assert person.email in page
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.ERASED


def test_the_erasure_page_is_for_coordinators_only(client, person):
    client.force_login(person)

    assert client.get("/office/erasures/").status_code == 404


@pytest.mark.parametrize("rows", [3, 30])
def test_the_erasure_page_uses_the_same_queries_for_3_and_30_requests(client, django_assert_num_queries, rows):
    for _ in range(rows):
        lms_services.request_erasure(actor=UserFactory())
    client.force_login(CoordinatorFactory())
    client.get("/office/erasures/")

    with django_assert_num_queries(_ERASURE_PAGE_QUERIES):
        assert client.get("/office/erasures/").status_code == 200


_ERASURE_PAGE_QUERIES = 5


# Retention of applications that were not accepted


def test_unaccepted_applications_lose_what_the_applicant_wrote_after_the_retention_period(settings):
    settings.APPLICATION_RETENTION_DAYS = 30
    old = ApplicationFactory(motivation="I want to learn")
    fellowships.add_document(actor=old.applicant, application=old, kind="cv", upload=pdf_upload())
    recent = ApplicationFactory(motivation="Me too")
    long_ago = timezone.now() - datetime.timedelta(days=31)
    Application.objects.filter(pk=old.pk).update(status=Status.REJECTED, status_changed_at=long_ago)
    Application.objects.filter(pk=recent.pk).update(status=Status.REJECTED)

    assert fellowships.erase_unaccepted_applications() == 1
    assert fellowships.erase_unaccepted_applications() == 0  # idempotent

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.motivation == "" and not old.documents.exists() and old.status == Status.REJECTED
    assert recent.motivation == "Me too"
