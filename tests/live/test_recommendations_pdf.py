"""The presenter receives the experts' recommendations as a PDF (issue 16): the case, the
question and the advice, in the presenter's language, for whoever may read the case."""

import io

import pytest
from pypdf import PdfReader

from live import services
from live.models import Case
from lms.models import Notification
from tests.factories import UserFactory
from tests.live.factories import SessionFactory

pytestmark = pytest.mark.django_db

CASE = {
    "age_band": "5-9y",
    "sex": "female",
    "presenting_problem": "Abdominal mass, painless, for three weeks.",
    "question": "Surgery now or after chemotherapy?",
}


def _recommended(presenter=None) -> Case:
    case = services.submit_case(actor=presenter or UserFactory(), session=SessionFactory(), **CASE)
    teacher = case.session.series.faculty.first()
    return services.record_recommendations(
        actor=teacher, case=case, recommendations="Four weeks of chemotherapy first, then reassess."
    )


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_presenter_downloads_the_recommendations_as_a_pdf(client):
    case = _recommended()
    client.force_login(case.presenter)

    response = client.get(f"/live/cases/{case.pk}/recommendations.pdf")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "Four weeks of chemotherapy first" in text and "Surgery now or after chemotherapy?" in text


def test_the_pdf_speaks_the_presenters_language(client):
    case = _recommended(presenter=UserFactory(preferred_language="es"))
    client.force_login(case.presenter)

    text = _text(client.get(f"/live/cases/{case.pk}/recommendations.pdf", follow=True).content)

    assert "Recomendaciones" in text


def test_the_email_to_the_presenter_links_the_pdf():
    case = _recommended()

    body = Notification.objects.get(recipient=case.presenter, subject__contains="recommendations").body

    assert f"/live/cases/{case.pk}/recommendations.pdf" in body


def test_someone_who_may_not_read_the_case_gets_404(client):
    case = _recommended()
    client.force_login(UserFactory())

    assert client.get(f"/live/cases/{case.pk}/recommendations.pdf").status_code == 404


def test_there_is_no_pdf_before_the_experts_have_written(client):
    presenter = UserFactory()
    case = services.submit_case(actor=presenter, session=SessionFactory(), **CASE)
    client.force_login(presenter)

    assert client.get(f"/live/cases/{case.pk}/recommendations.pdf").status_code == 404


def test_the_pdf_declares_the_presenters_language(client):
    """The template read LANGUAGE_CODE from a request it does not have: every PDF said English."""
    case = _recommended(presenter=UserFactory(preferred_language="fr"))
    client.force_login(case.presenter)

    pdf = client.get(f"/live/cases/{case.pk}/recommendations.pdf", follow=True).content

    assert PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "fr"
