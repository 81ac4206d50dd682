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


def test_apply_review_accept_confirm_logbook_evaluate_certificate(reader, shot):
    words, label = reader.words, reader.label
    seed_site(log=lambda _: None)
    catalogue()
    supervisor = FacultyFactory(
        email="dr.roca@example.org", full_name="Dr. Jaume Roca", preferred_language=reader.language
    )
    programme = make_programme(title="Paediatric cardiology observership", faculty=[supervisor])
    intake = IntakeFactory(programme=programme, title="Spring 2027")
    coordinator = CoordinatorFactory(
        email="office@example.org", full_name="Laura Puig", preferred_language=reader.language
    )
    doctor = UserFactory(
        email="dr.mensah@example.org",
        full_name="Kwame Mensah",
        profession="doctor",
        country="GH",
        preferred_language=reader.language,
    )
    page = reader.new_page(accept_downloads=True)

    # the doctor applies with documents and submits
    reader.sign_in(page, doctor.email, DEFAULT_PASSWORD)
    page.goto("/programmes/")
    reader.check(page)
    page.get_by_role("link", name="Paediatric cardiology observership").first.click()
    reader.check(page)
    page.get_by_role("button", name=reader.starting("Apply for this intake")).click()
    page.wait_for_url(re.compile(r"/applications/\d+/edit/$"))
    reader.check(page)
    page.get_by_label(label("current position")).fill("Paediatric resident, 3rd year")
    page.get_by_label(label("other institution")).fill("Korle Bu Teaching Hospital")
    page.get_by_label(label("requested start")).fill(intake.earliest_start.isoformat())
    page.get_by_label(label("requested end")).fill((intake.earliest_start + timedelta(weeks=3)).isoformat())
    page.get_by_label(label("motivation")).fill("To start a paediatric echocardiography service at home.")
    page.get_by_label(label("language level")).fill("English C2, Spanish B2")
    page.get_by_role("button", name=words("Save draft")).click()
    assert words("Saved.") in page.inner_text("main")
    reader.check(page)
    shot(page, "draft-saved")
    page.get_by_label(label("motivation")).fill("To start a paediatric echocardiography service, and teach it.")
    for kind in ("Curriculum vitae", "Passport or ID"):
        page.get_by_label(re.compile(rf"^{re.escape(words('Document'))}\b")).select_option(label=words(kind))
        page.get_by_label(words("File (PDF, JPG, PNG, DOCX or ODT, at most 10 MB)")).set_input_files(
            {"name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
        )
        page.get_by_role("button", name=words("Upload")).click()
        assert words("Document uploaded.") in page.inner_text("main")
    assert page.get_by_label(label("motivation")).input_value().endswith("and teach it.")
    reader.check(page)
    shot(page, "application-ready")
    page.get_by_role("button", name=words("Submit my application")).click()
    assert words("We have received your application.") in page.inner_text("main")
    reader.check(page)
    reader.sign_out(page)
    application = Application.objects.get(applicant=doctor)

    # the reviewer scores it
    reader.sign_in(page, supervisor.email, DEFAULT_PASSWORD)
    page.goto("/fellowships/reviews/")
    reader.check(page)
    page.get_by_role("link", name="Kwame Mensah").click()
    for group, score in (
        ("clinical experience", "4"),
        ("motivation", "5"),
        ("fit with the programme", "4"),
        ("language", "5"),
    ):
        _pick(page, words(group), score)
    _pick(page, words("Recommendation"), words("Accept"))
    reader.check(page)
    shot(page, "review")
    page.get_by_role("button", name=words("Save review")).click()
    assert words("Review saved.") in page.inner_text("main")
    reader.sign_out(page)

    # the coordinator moves it to review, then accepts
    reader.sign_in(page, coordinator.email, DEFAULT_PASSWORD)
    page.goto(f"/fellowships/intakes/{intake.pk}/pipeline/")
    reader.check(page)
    page.get_by_role("link", name="Kwame Mensah").click()
    assert "18/20" in page.inner_text("main")
    for status in ("Under review", "Accepted"):
        page.get_by_label(words("New status")).select_option(label=words(status))
        page.get_by_role("button", name=words("Change the status")).click()
        assert words("Status changed; the applicant has been emailed.") in page.inner_text("main")
    reader.check(page)
    shot(page, "accepted")
    reader.sign_out(page)

    # the applicant sees the offer and its letter, and confirms
    reader.sign_in(page, doctor.email, DEFAULT_PASSWORD)
    page.goto(f"/applications/{application.pk}/")
    assert words("You have been offered a place.") in page.inner_text("main")
    reader.check(page)
    with page.expect_download() as letter:
        page.get_by_role("link", name=words("Download the offer letter (PDF)")).click()
    assert Path(letter.value.path()).read_bytes().startswith(b"%PDF")
    page.get_by_role("button", name=words("Confirm my place")).click()
    assert words("You have confirmed your place.") in page.inner_text("main")
    reader.check(page)
    reader.sign_out(page)

    # the coordinator records the arrival
    reader.sign_in(page, coordinator.email, DEFAULT_PASSWORD)
    page.goto(f"/fellowships/applications/{application.pk}/manage/")
    reader.check(page)
    page.get_by_label(words("New status")).select_option(label=words("In progress"))
    page.get_by_role("button", name=words("Change the status")).click()
    reader.sign_out(page)

    # the trainee keeps the logbook
    reader.sign_in(page, doctor.email, DEFAULT_PASSWORD)
    page.goto(f"/applications/{application.pk}/")
    page.get_by_role("link", name=words("Your placement: logbook and feedback")).click()
    reader.check(page)
    page.get_by_label(reader.starting("Date")).fill(intake.earliest_start.isoformat())
    page.get_by_label(words("Activity or procedure")).fill("Echocardiography clinic")
    page.get_by_label(reader.starting("Hours")).fill("7.5")
    page.get_by_role("button", name=words("Add to logbook")).click()
    assert "Echocardiography clinic" in page.inner_text("main")
    if reader.is_phone:  # the logbook stacks its rows on a phone instead of squeezing five columns
        entry = page.get_by_role("cell", name="Echocardiography clinic").bounding_box()
        assert entry["width"] > reader.viewport["width"] * 0.75
    reader.check(page)
    reader.sign_out(page)

    # the supervisor countersigns and evaluates
    reader.sign_in(page, supervisor.email, DEFAULT_PASSWORD)
    page.goto(f"/fellowships/placements/{application.placement.pk}/")
    reader.check(page)
    page.get_by_role("button", name=reader.starting("Countersign")).click()
    for group in ("clinical knowledge", "clinical skills", "professionalism", "communication and teamwork"):
        _pick(page, words(group), "4")
    shot(page, "evaluation-form")
    _pick(
        page,
        words("Overall, was the placement satisfactory?"),
        words("Yes: complete the placement and issue the certificate"),
    )
    reader.check(page)
    shot(page, "evaluation")
    page.get_by_role("button", name=words("Record the evaluation")).click()
    assert words("Satisfactory") in page.inner_text("main")
    reader.check(page)
    reader.sign_out(page)

    # the certificate appears on the trainee's dashboard
    reader.sign_in(page, doctor.email, DEFAULT_PASSWORD)
    shot(page, "dashboard-with-certificate")
    with page.expect_download() as download:
        page.get_by_role("link", name=words("Download PDF")).click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
