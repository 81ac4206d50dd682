import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fellowships import services
from fellowships.models import Status
from tests.factories import CoordinatorFactory
from tests.fellowships.factories import ApplicationFactory
from tests.files import MINIMAL_PDF

PDF_BYTES = MINIMAL_PDF


def pdf_upload(name="cv.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def coordinator():
    return CoordinatorFactory()


@pytest.fixture
def complete_draft():
    """A draft with every field and required document: ready to submit."""
    application = ApplicationFactory()
    for kind in application.programme.required_document_kinds():
        services.add_document(actor=application.applicant, application=application, kind=kind, upload=pdf_upload())
    return application


def advance(application, *steps, coordinator):
    """Move an application along the happy path as the right person at each step."""
    for status in steps:
        actor = (
            application.applicant if status in (Status.SUBMITTED, Status.CONFIRMED, Status.DECLINED) else coordinator
        )
        if status == Status.SUBMITTED:
            application = services.submit(actor=actor, application=application)
        else:
            application = services.transition(actor=actor, application=application, to_status=status)
    return application
