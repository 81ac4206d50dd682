import re
from datetime import timedelta
from pathlib import Path

import pytest

from cms.demo import seed_site
from fellowships.models import Application
from tests.factories import DEFAULT_PASSWORD, CoordinatorFactory, FacultyFactory, UserFactory
from tests.fellowships.conftest import PDF_BYTES
from tests.fellowships.factories import IntakeFactory, catalogue, make_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pick(page, group: str, label: str) -> None:
    page.get_by_role("group", name=re.compile(f"^{re.escape(group)}", re.I)).get_by_label(label, exact=True).check()


def test_apply_review_accept_confirm_logbook_evaluate_certificate(
    browser, live_server, shot, login, logout, serious_accessibility_violations
):
    seed_site(log=lambda _: None)
    catalogue()
    supervisor = FacultyFactory(email="dr.roca@example.org", full_name="Dr. Jaume Roca")
    programme = make_programme(title="Paediatric cardiology observership", faculty=[supervisor])
    intake = IntakeFactory(programme=programme, title="Spring 2027")
    coordinator = CoordinatorFactory(email="office@example.org", full_name="Laura Puig")
    doctor = UserFactory(email="dr.mensah@example.org", full_name="Kwame Mensah", profession="doctor", country="GH")
    page = browser.new_context(base_url=live_server.url, locale="en-GB", accept_downloads=True).new_page()
    page.set_default_timeout(20_000)

    # the doctor applies with documents and submits
    login(page, doctor.email, DEFAULT_PASSWORD)
    page.goto("/programmes/")
    page.get_by_role("link", name="Paediatric cardiology observership").first.click()
    page.get_by_role("button", name=re.compile("^Apply for this intake")).click()
    page.wait_for_url(re.compile(r"/applications/\d+/edit/$"))
    assert serious_accessibility_violations(page) == []
    page.get_by_label("Current position").fill("Paediatric resident, 3rd year")
    page.get_by_label("Other institution").fill("Korle Bu Teaching Hospital")
    page.get_by_label("Requested start").fill(intake.earliest_start.isoformat())
    page.get_by_label("Requested end").fill((intake.earliest_start + timedelta(weeks=3)).isoformat())
    page.get_by_label("Motivation").fill("To start a paediatric echocardiography service at home.")
    page.get_by_label("Language level").fill("English C2, Spanish B2")
    page.get_by_role("button", name="Save draft").click()
    assert "Saved." in page.inner_text("main")
    shot(page, "draft-saved")
    page.get_by_label("Motivation").fill("To start a paediatric echocardiography service, and teach it.")
    for kind in ("Curriculum vitae", "Passport or ID"):
        page.get_by_label(re.compile(r"^Document\b")).select_option(label=kind)
        page.get_by_label(re.compile("^File")).set_input_files(
            {"name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
        )
        page.get_by_role("button", name="Upload").click()
        assert "Document uploaded." in page.inner_text("main")
    assert page.get_by_label("Motivation").input_value().endswith("and teach it.")
    shot(page, "application-ready")
    page.get_by_role("button", name="Submit my application").click()
    assert "We have received your application." in page.inner_text("main")
    logout(page)
    application = Application.objects.get(applicant=doctor)

    # the reviewer scores it
    login(page, supervisor.email, DEFAULT_PASSWORD)
    page.goto("/fellowships/reviews/")
    page.get_by_role("link", name="Kwame Mensah").click()
    for group, score in (
        ("Clinical experience", "4"),
        ("Motivation", "5"),
        ("Fit with the programme", "4"),
        ("Language", "5"),
    ):
        _pick(page, group, score)
    _pick(page, "Recommendation", "Accept")
    shot(page, "review")
    page.get_by_role("button", name="Save review").click()
    assert "Review saved." in page.inner_text("main")
    logout(page)

    # the coordinator moves it to review, then accepts
    login(page, coordinator.email, DEFAULT_PASSWORD)
    page.goto(f"/fellowships/intakes/{intake.pk}/pipeline/")
    page.get_by_role("link", name="Kwame Mensah").click()
    assert "18/20" in page.inner_text("main")
    for status in ("Under review", "Accepted"):
        page.get_by_label("New status").select_option(label=status)
        page.get_by_role("button", name="Change the status").click()
        assert "the applicant has been emailed" in page.inner_text("main")
    shot(page, "accepted")
    logout(page)

    # the applicant sees the offer and its letter, and confirms
    login(page, doctor.email, DEFAULT_PASSWORD)
    page.goto(f"/applications/{application.pk}/")
    assert "You have been offered a place." in page.inner_text("main")
    with page.expect_download() as letter:
        page.get_by_role("link", name="Download the offer letter (PDF)").click()
    assert Path(letter.value.path()).read_bytes().startswith(b"%PDF")
    page.get_by_role("button", name="Confirm my place").click()
    assert "You have confirmed your place." in page.inner_text("main")
    logout(page)

    # the coordinator records the arrival
    login(page, coordinator.email, DEFAULT_PASSWORD)
    page.goto(f"/fellowships/applications/{application.pk}/manage/")
    page.get_by_label("New status").select_option(label="In progress")
    page.get_by_role("button", name="Change the status").click()
    logout(page)

    # the trainee keeps the logbook
    login(page, doctor.email, DEFAULT_PASSWORD)
    page.goto(f"/applications/{application.pk}/")
    page.get_by_role("link", name=re.compile("Your placement")).click()
    page.get_by_label("Date").fill(intake.earliest_start.isoformat())
    page.get_by_label("Activity or procedure").fill("Echocardiography clinic")
    page.get_by_label("Hours").fill("7.5")
    page.get_by_role("button", name="Add to logbook").click()
    assert "Echocardiography clinic" in page.inner_text("main")
    logout(page)

    # the supervisor countersigns and evaluates
    login(page, supervisor.email, DEFAULT_PASSWORD)
    page.goto(f"/fellowships/placements/{application.placement.pk}/")
    page.get_by_role("button", name=re.compile("^Countersign")).click()
    for group in ("Clinical knowledge", "Clinical skills", "Professionalism", "Communication and teamwork"):
        _pick(page, group, "4")
    shot(page, "evaluation-form")
    _pick(page, "Overall, was the placement satisfactory", "Yes: complete the placement and issue the certificate")
    shot(page, "evaluation")
    page.get_by_role("button", name="Record the evaluation").click()
    assert "Satisfactory" in page.inner_text("main")
    logout(page)

    # the certificate appears on the trainee's dashboard
    login(page, doctor.email, DEFAULT_PASSWORD)
    shot(page, "dashboard-with-certificate")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
