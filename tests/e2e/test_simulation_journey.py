import datetime
import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from cms.demo import seed_site
from simulation.models import Booking, Session
from tests.factories import DEFAULT_PASSWORD, FacultyFactory, UserFactory
from tests.simulation.factories import ChecklistItemFactory, ScenarioFactory, SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_last_place_waitlist_promotion_attendance_assessment_and_certificate(
    browser, live_server, shot, login, logout, serious_accessibility_violations
):
    seed_site(log=lambda _: None)
    facilitator = FacultyFactory(email="dr.vidal@example.org", full_name="Dr. Marta Vidal")
    scenario = ScenarioFactory(title="Neonatal resuscitation: the non-breathing newborn", pass_mark=70)
    critical = ChecklistItemFactory(scenario=scenario, text="Gives five inflation breaths", weight=2, critical=True)
    ChecklistItemFactory(scenario=scenario, text="Calls for help", weight=1)
    session = SessionFactory(scenario=scenario, places=1, facilitators=[facilitator])
    first = UserFactory(email="nurse.ana@example.org", full_name="Ana Lucía Quispe", profession="nurse")
    second = UserFactory(email="nurse.fatou@example.org", full_name="Fatou Ndiaye", profession="nurse")
    page = browser.new_context(base_url=live_server.url, locale="en-GB", accept_downloads=True).new_page()
    page.set_default_timeout(20_000)

    # the first nurse books the last place
    login(page, first.email, DEFAULT_PASSWORD)
    page.goto("/simulation/")
    shot(page, "sessions")
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name=re.compile(r"^Book Neonatal")).click()
    page.wait_for_url(re.compile(rf"/simulation/sessions/{session.pk}/$"))
    assert "Your place is booked" in page.inner_text("main")
    logout(page)

    # the second nurse finds it full and joins the waitlist
    login(page, second.email, DEFAULT_PASSWORD)
    page.goto("/simulation/")
    assert "Full" in page.inner_text("main")
    page.get_by_role("button", name=re.compile(r"^Book Neonatal")).click()
    assert "number 1 on the waitlist" in page.inner_text("main")
    shot(page, "waitlisted")
    logout(page)

    # the first nurse cancels; the second is promoted and told by email
    login(page, first.email, DEFAULT_PASSWORD)
    page.goto("/simulation/bookings/")
    page.get_by_role("link", name=re.compile("^Cancel")).click()
    assert Booking.objects.get(participant=second).status == "waitlisted"  # asked first, nothing changed yet
    page.get_by_role("button", name="Yes, cancel my booking").click()
    assert "Your booking is cancelled" in page.inner_text("main")
    logout(page)
    assert Booking.objects.get(participant=second).status == "confirmed"
    assert any(message.to == [second.email] and "You have a place" in message.subject for message in mail.outbox)
    login(page, second.email, DEFAULT_PASSWORD)
    page.goto("/simulation/bookings/")
    shot(page, "promoted")
    assert "Confirmed" in page.inner_text("main")
    logout(page)

    # the day comes (the session is moved into the past); the facilitator takes attendance and assesses
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3), ends_at=timezone.now() - datetime.timedelta(hours=1)
    )
    login(page, facilitator.email, DEFAULT_PASSWORD)
    page.goto("/simulation/facilitating/")
    page.get_by_role("link", name=re.compile("^Roster")).click()
    attended = page.get_by_role("button", name="Attended Fatou Ndiaye")
    white = "rgb(255, 255, 255)"
    assert attended.evaluate("button => getComputedStyle(button).backgroundColor") == white  # nothing recorded yet
    attended.click()
    attended = page.get_by_role("button", name="Attended Fatou Ndiaye")
    assert attended.evaluate("button => getComputedStyle(button).backgroundColor") != white
    no_show = page.get_by_role("button", name="No-show Fatou Ndiaye")
    assert no_show.evaluate("button => getComputedStyle(button).backgroundColor") == white
    page.get_by_role("link", name="Assess Fatou Ndiaye").click()
    assert serious_accessibility_violations(page) == []
    page.get_by_role("group", name=re.compile(critical.text)).get_by_label("Done", exact=True).check()
    page.get_by_role("group", name="Calls for help").get_by_label("Partly").check()
    page.get_by_label("Feedback for the participant").fill("Confident ventilation; call for help earlier.")
    shot(page, "assessment")
    page.get_by_role("button", name="Record the result").click()
    page.wait_for_url(re.compile(r"/roster/$"))
    assert "Passed" in page.inner_text("main")
    shot(page, "roster-assessed")
    logout(page)

    # the nurse sees her result and downloads the certificate
    login(page, second.email, DEFAULT_PASSWORD)
    shot(page, "dashboard-with-certificate")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    page.goto("/simulation/bookings/")
    assert "Passed" in page.inner_text("main")
    assert "call for help earlier" in page.inner_text("main")
