import datetime
import re
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cms.demo import seed_site
from live.models import Case, Registration, Session
from tests.factories import DEFAULT_PASSWORD, CoordinatorFactory, FacultyFactory, UserFactory
from tests.live.factories import RegistrationFactory, SeriesFactory, SessionFactory, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_partner_clinician_presents_a_case_checks_in_and_gets_the_certificate(reader, shot, tmp_path):
    words = reader.words
    started = time.monotonic()
    seed_site(log=lambda _: None)
    expert = FacultyFactory(
        email="dr.soler@example.org", full_name="Dr. Jordi Soler", preferred_language=reader.language
    )
    coordinator = CoordinatorFactory(
        email="office@example.org", full_name="Montserrat Puig", preferred_language=reader.language
    )
    series = SeriesFactory(title="Paediatric oncology tumour board", faculty=[expert])
    describe(series, summary="Cases from partner hospitals, every other Thursday.")
    now = timezone.now()
    session = SessionFactory(series=series, starts_at=now - datetime.timedelta(minutes=5))
    clinician = UserFactory(
        email="dr.mensah@example.org",
        full_name="Dr. Kwame Mensah",
        profession="doctor",
        preferred_language=reader.language,
    )
    colleague = RegistrationFactory(session=session).person
    page = reader.new_page(accept_downloads=True)

    # the clinician finds the session and registers
    reader.sign_in(page, clinician.email, DEFAULT_PASSWORD)
    page.goto("/live/")
    reader.check(page)
    page.get_by_role("link", name=series.title).click()
    reader.check(page)
    page.locator(f"a[href$='/live/sessions/{session.pk}/']").first.click()
    page.get_by_label(words("I will take part as")).select_option("presenter")
    page.get_by_role("button", name=words("Register"), exact=True).click()
    assert words("You are registered. The link to join is on this page.") in page.inner_text("main")
    reader.check(page)
    shot(page, "live-registered")

    # she submits a case; the screen catches the name she listed
    page.get_by_role("link", name=words("Present a case")).first.click()
    reader.check(page)
    history = page.get_by_label(re.compile("^" + re.escape(reader.words_in("clinical case", "History"))))
    page.get_by_label(reader.starting("Names to look for")).fill("Amina Uwase")
    page.get_by_label(reader.starting("Age band")).select_option("5-9y")
    page.get_by_label(reader.starting("Sex")).select_option("female")
    page.get_by_label(reader.starting("Presenting problem")).fill("Painless abdominal mass for three weeks.")
    history.fill("Her aunt Amina Uwase noticed it while bathing her.")
    page.get_by_label(reader.starting("Question for the experts")).fill("Surgery now or after chemotherapy?")
    page.get_by_role("button", name=words("Check and submit the case")).click()
    assert page.locator("mark", has_text="Amina Uwase").is_visible()
    reader.check(page)
    shot(page, "live-case-screened")
    history.fill("Her aunt noticed it while bathing her.")
    page.get_by_role("button", name=words("Check and submit the case")).click()
    assert words("Your case is submitted. The faculty will discuss it in the session.") in page.inner_text("main")
    reader.check(page)
    assert Case.objects.get().history == "Her aunt noticed it while bathing her."
    reader.sign_out(page)

    # the expert shows the check-in code
    reader.sign_in(page, expert.email, DEFAULT_PASSWORD)
    page.goto(f"/live/sessions/{session.pk}/")
    page.get_by_role("button", name=words("Open check-in")).click()
    code = page.locator(".code strong").inner_text()
    assert re.fullmatch(r"\d{6}", code)
    reader.check(page)
    reader.sign_out(page)

    # the clinician checks in with it
    reader.sign_in(page, clinician.email, DEFAULT_PASSWORD)
    page.goto(f"/live/sessions/{session.pk}/")
    reader.check(page)
    page.get_by_label(reader.starting("Check-in code")).fill(code)
    page.get_by_role("button", name=words("Check in"), exact=True).click()
    assert words("You are checked in.") in page.inner_text("main")
    reader.sign_out(page)

    # after the session, the office imports the video report and corrects one person's minutes
    Session.objects.filter(pk=session.pk).update(
        starts_at=now - datetime.timedelta(hours=2), ends_at=now - datetime.timedelta(hours=1)
    )
    session.refresh_from_db()
    start = session.starts_at.astimezone(ZoneInfo("Europe/Madrid"))
    report = tmp_path / "participants.csv"
    report.write_text(
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n"
        f"Kwame,{clinician.email},{start:%m/%d/%Y %I:%M:%S %p},"
        f"{start + datetime.timedelta(minutes=58):%m/%d/%Y %I:%M:%S %p},58\n"
        f"Colleague,{colleague.email},{start:%m/%d/%Y %I:%M:%S %p},"
        f"{start + datetime.timedelta(minutes=20):%m/%d/%Y %I:%M:%S %p},20\n"
        f"Guest,guest@example.net,{start:%m/%d/%Y %I:%M:%S %p},{start:%m/%d/%Y %I:%M:%S %p},0\n"
    )
    reader.sign_in(page, coordinator.email, DEFAULT_PASSWORD)
    page.goto(f"/live/sessions/{session.pk}/attendance/")
    reader.check(page)
    page.get_by_label(reader.starting("Participant report (CSV)")).set_input_files(str(report))
    page.get_by_role("button", name=words("Import")).click()
    assert "guest@example.net" in page.inner_text("main")
    row = page.get_by_role("row").filter(has_text=colleague.email)
    row.get_by_label(words("Minutes attended")).fill("55")
    row.get_by_label(words("Reason")).fill("Followed by phone after the video dropped.")
    row.get_by_role("button", name=reader.starting("Save")).click()
    assert words("Attendance corrected.") in page.inner_text("main")
    reader.check(page)
    shot(page, "live-attendance")
    assert Registration.objects.get(person=colleague).minutes == 55
    reader.sign_out(page)

    # the clinician claims credit and downloads her certificate
    reader.sign_in(page, clinician.email, DEFAULT_PASSWORD)
    page.goto(f"/live/sessions/{session.pk}/")
    page.locator("input[name=relevance][value='5']").check()
    page.locator("input[name=change_practice][value=yes]").check()
    reader.check(page)
    page.get_by_role("button", name=words("Send and claim my certificate")).click()
    page.goto(f"/live/sessions/{session.pk}/")
    reader.check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=words("Download the PDF")).click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    shot(page, "live-certificate")
    print(f"live journey: {time.monotonic() - started:.1f} s")
