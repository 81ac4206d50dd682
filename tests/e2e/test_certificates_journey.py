import re
from pathlib import Path

import pytest

from cms.demo import seed_site
from tests.certificates.factories import ActivityFactory
from tests.certificates.jwts import jwt_claims, status_bit
from tests.certificates.pdf import decoded_qr_codes, pdf_attachments
from tests.factories import DEFAULT_PASSWORD, FacultyFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_faculty_issues_by_hand_learner_downloads_anyone_verifies_then_it_is_revoked(
    browser, live_server, shot, login, logout, settings
):
    settings.SITE_URL = live_server.url  # what the QR code and the credential point to
    seed_site(log=lambda _: None)
    faculty = FacultyFactory(email="dr.soler@example.org")
    activity = ActivityFactory(title="Paediatric airway workshop", faculty=[faculty])
    UserFactory(email="nurse.ana@example.org", full_name="Ana Lucía Quispe Mamani")
    page = browser.new_context(base_url=live_server.url, accept_downloads=True).new_page()

    # the faculty member issues a certificate by hand
    login(page, faculty.email, DEFAULT_PASSWORD)
    page.goto("/certificates/issue/")
    page.get_by_label("Activity").select_option(str(activity.pk))
    page.get_by_label("Learner's email").fill("nurse.ana@example.org")
    shot(page, "issue-form")
    page.get_by_role("button", name="Issue").click()
    page.wait_for_url(re.compile(r"/certificates/$"))
    shot(page, "issued")
    logout(page)

    # the learner downloads it from the dashboard
    login(page, "nurse.ana@example.org", DEFAULT_PASSWORD)
    shot(page, "learner-dashboard")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")

    # anyone scans the QR code printed on it and lands on the verification page: valid
    [scanned] = decoded_qr_codes(pdf)
    visitor = browser.new_context(base_url=live_server.url).new_page()
    visitor.goto(scanned)
    shot(visitor, "verification-valid")
    assert "Valid certificate" in visitor.inner_text("main")
    assert "Ana Lucía Quispe Mamani" in visitor.inner_text("main")
    logout(page)

    # the faculty member revokes it; the verification page now says revoked
    login(page, faculty.email, DEFAULT_PASSWORD)
    page.goto("/certificates/")
    page.get_by_role("link", name="Revoke").click()
    page.get_by_label(re.compile("Reason")).fill("Issued to the wrong participant")
    page.get_by_role("button", name="Revoke").click()
    page.wait_for_url(re.compile(r"/certificates/$"))
    visitor.reload()
    shot(visitor, "verification-revoked")
    assert "Revoked on" in visitor.inner_text("main")
    assert "wrong participant" not in visitor.inner_text("main")

    # and the credential's entry in the public status list is now set
    entry = jwt_claims(pdf_attachments(pdf)["open-badge-credential.jwt"].decode())["vc"]["credentialStatus"]
    served = visitor.request.get(entry["statusListCredential"])
    assert served.ok
    encoded_list = jwt_claims(served.text())["vc"]["credentialSubject"]["encodedList"]
    assert status_bit(encoded_list, int(entry["statusListIndex"]))
