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


def test_a_partner_clinician_presents_a_case_checks_in_and_gets_the_certificate(
    browser, live_server, shot, login, logout, serious_accessibility_violations, tmp_path
):
    started = time.monotonic()
    seed_site(log=lambda _: None)
    expert = FacultyFactory(email="dr.soler@example.org", full_name="Dr. Jordi Soler")
    coordinator = CoordinatorFactory(email="office@example.org", full_name="Montserrat Puig")
    series = SeriesFactory(title="Paediatric oncology tumour board", faculty=[expert])
    describe(series, summary="Cases from partner hospitals, every other Thursday.")
    now = timezone.now()
    session = SessionFactory(series=series, starts_at=now - datetime.timedelta(minutes=5))
    clinician = UserFactory(email="dr.mensah@example.org", full_name="Dr. Kwame Mensah", profession="doctor")
    colleague = RegistrationFactory(session=session).person
    page = browser.new_context(base_url=live_server.url, locale="en-GB", accept_downloads=True).new_page()
    page.set_default_timeout(20_000)

    # the clinician finds the session and registers
    login(page, clinician.email, DEFAULT_PASSWORD)
    page.goto("/live/")
    assert serious_accessibility_violations(page) == []
    page.get_by_role("link", name=series.title).click()
    page.get_by_role("link", name=re.compile(timezone.localtime(session.starts_at).strftime("%-d %b %Y"))).click()
    page.get_by_label("I will take part as").select_option("presenter")
    page.get_by_role("button", name="Register", exact=True).click()
    assert "You are registered" in page.inner_text("main")
    shot(page, "live-registered")

    # she submits a case; the screen catches the name she listed
    page.get_by_role("link", name="Present a case").first.click()
    page.get_by_label("Names to look for").fill("Amina Uwase")
    page.get_by_label("Age band").select_option("5-9y")
    page.get_by_label("Sex").select_option("female")
    page.get_by_label("Presenting problem").fill("Painless abdominal mass for three weeks.")
    page.get_by_label("History", exact=True).fill("Her aunt Amina Uwase noticed it while bathing her.")
    page.get_by_label("Question for the experts").fill("Surgery now or after chemotherapy?")
    page.get_by_role("button", name="Check and submit the case").click()
    assert page.locator("mark", has_text="Amina Uwase").is_visible()
    assert serious_accessibility_violations(page) == []
    shot(page, "live-case-screened")
    page.get_by_label("History", exact=True).fill("Her aunt noticed it while bathing her.")
    page.get_by_role("button", name="Check and submit the case").click()
    assert "Your case is submitted" in page.inner_text("main")
    assert Case.objects.get().history == "Her aunt noticed it while bathing her."
    logout(page)

    # the expert shows the check-in code
    login(page, expert.email, DEFAULT_PASSWORD)
    page.goto(f"/live/sessions/{session.pk}/")
    page.get_by_role("button", name="Open check-in").click()
    code = page.locator(".code strong").inner_text()
    assert re.fullmatch(r"\d{6}", code)
    logout(page)

    # the clinician checks in with it
    login(page, clinician.email, DEFAULT_PASSWORD)
    page.goto(f"/live/sessions/{session.pk}/")
    page.get_by_label("Check-in code").fill(code)
    page.get_by_role("button", name="Check in").click()
    assert "You are checked in" in page.inner_text("main")
    logout(page)

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
    login(page, coordinator.email, DEFAULT_PASSWORD)
    page.goto(f"/live/sessions/{session.pk}/attendance/")
    page.get_by_label("Participant report (CSV)").set_input_files(str(report))
    page.get_by_role("button", name="Import").click()
    assert "guest@example.net" in page.inner_text("main")
    row = page.get_by_role("row").filter(has_text=colleague.email)
    row.get_by_label("Minutes attended").fill("55")
    row.get_by_label("Reason").fill("Followed by phone after the video dropped.")
    row.get_by_role("button", name=re.compile("^Save")).click()
    assert "Attendance corrected" in page.inner_text("main")
    assert serious_accessibility_violations(page) == []
    shot(page, "live-attendance")
    assert Registration.objects.get(person=colleague).minutes == 55
    logout(page)

    # the clinician claims credit and downloads her certificate
    login(page, clinician.email, DEFAULT_PASSWORD)
    page.goto(f"/live/sessions/{session.pk}/")
    page.locator("input[name=relevance][value='5']").check()
    page.locator("input[name=change_practice][value=yes]").check()
    page.get_by_role("button", name="Send and claim my certificate").click()
    page.goto(f"/live/sessions/{session.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    shot(page, "live-certificate")
    print(f"live journey: {time.monotonic() - started:.1f} s")
