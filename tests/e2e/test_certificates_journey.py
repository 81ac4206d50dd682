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
    reader, live_server, shot, settings
):
    words = reader.words
    settings.SITE_URL = live_server.url  # what the QR code and the credential point to
    seed_site(log=lambda _: None)
    faculty = FacultyFactory(email="dr.soler@example.org", preferred_language=reader.language)
    activity = ActivityFactory(title="Paediatric airway workshop", faculty=[faculty])
    UserFactory(email="nurse.ana@example.org", full_name="Ana Lucía Quispe Mamani", preferred_language=reader.language)
    page = reader.new_page(accept_downloads=True)

    # the faculty member issues a certificate by hand
    reader.sign_in(page, faculty.email, DEFAULT_PASSWORD)
    page.goto("/certificates/issue/")
    page.get_by_label(words("Activity")).select_option(str(activity.pk))
    page.get_by_label(words("Learner's email")).fill("nurse.ana@example.org")
    reader.check(page)
    shot(page, "issue-form")
    page.get_by_role("button", name=reader.exactly("Issue")).click()
    page.wait_for_url(re.compile(r"/certificates/$"))
    reader.check(page)
    shot(page, "issued")
    reader.sign_out(page)

    # the learner downloads it from the dashboard
    reader.sign_in(page, "nurse.ana@example.org", DEFAULT_PASSWORD)
    shot(page, "learner-dashboard")
    with page.expect_download() as download:
        page.get_by_role("link", name=words("Download PDF")).click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")

    # anyone scans the QR code printed on it and lands on the verification page: valid
    [scanned] = decoded_qr_codes(pdf)
    visitor = reader.new_page()
    visitor.goto(scanned)
    reader.check(visitor)
    shot(visitor, "verification-valid")
    assert words("Valid certificate") in visitor.inner_text("main")
    assert "Ana Lucía Quispe Mamani" in visitor.inner_text("main")
    reader.sign_out(page)

    # the faculty member revokes it; the verification page now says revoked
    reader.sign_in(page, faculty.email, DEFAULT_PASSWORD)
    page.goto("/certificates/")
    reader.check(page)
    page.get_by_role("link", name=words("Revoke")).click()
    page.get_by_label(words("Reason (kept internal; verification shows only the date)")).fill(
        "Issued to the wrong participant"
    )
    reader.check(page)
    page.get_by_role("button", name=words("Revoke")).click()
    page.wait_for_url(re.compile(r"/certificates/$"))
    visitor.reload()
    reader.check(visitor)
    shot(visitor, "verification-revoked")
    assert words("Revoked on %(date)s", date="") in visitor.inner_text("main")
    assert "wrong participant" not in visitor.inner_text("main")

    # and the credential's entry in the public status list is now set
    entry = jwt_claims(pdf_attachments(pdf)["open-badge-credential.jwt"].decode())["vc"]["credentialStatus"]
    served = visitor.request.get(entry["statusListCredential"])
    assert served.ok
    encoded_list = jwt_claims(served.text())["vc"]["credentialSubject"]["encodedList"]
    assert status_bit(encoded_list, int(entry["statusListIndex"]))
