"""People's right to their data: every link from our models to a person is declared, and a
person downloads everything about them in one ZIP."""

import io
import json
import zipfile

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from courses import services as courses
from fellowships import services as fellowships
from lms.privacy import PROJECT_APPS, holdings
from tests.certificates.issuing import issue_for
from tests.courses.factories import assignment_block, lessons_of, make_course
from tests.factories import UserFactory
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
def person():
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
