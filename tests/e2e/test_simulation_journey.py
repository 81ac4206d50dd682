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


def test_last_place_waitlist_promotion_attendance_assessment_and_certificate(reader, shot):
    words = reader.words
    seed_site(log=lambda _: None)
    facilitator = FacultyFactory(
        email="dr.vidal@example.org", full_name="Dr. Marta Vidal", preferred_language=reader.language
    )
    scenario = ScenarioFactory(title="Neonatal resuscitation: the non-breathing newborn", pass_mark=70)
    critical = ChecklistItemFactory(scenario=scenario, text="Gives five inflation breaths", weight=2, critical=True)
    ChecklistItemFactory(scenario=scenario, text="Calls for help", weight=1)
    session = SessionFactory(scenario=scenario, places=1, facilitators=[facilitator])
    first, second = (
        UserFactory(email=email, full_name=name, profession="nurse", preferred_language=reader.language)
        for email, name in (("nurse.ana@example.org", "Ana Lucía Quispe"), ("nurse.fatou@example.org", "Fatou Ndiaye"))
    )
    book = re.compile("^" + re.escape(words("Book %(title)s, %(when)s", title=scenario.title, when="").rstrip(", ")))
    page = reader.new_page(accept_downloads=True)

    # the first nurse books the last place
    reader.sign_in(page, first.email, DEFAULT_PASSWORD)
    page.goto("/simulation/")
    reader.check(page)
    shot(page, "sessions")
    page.get_by_role("button", name=book).click()
    page.wait_for_url(re.compile(rf"/simulation/sessions/{session.pk}/$"))
    assert words("Your place is booked.") in page.inner_text("main")
    reader.check(page)
    reader.sign_out(page)

    # the second nurse finds it full and joins the waitlist
    reader.sign_in(page, second.email, DEFAULT_PASSWORD)
    page.goto("/simulation/")
    assert words("Full") in page.inner_text("main")
    page.get_by_role("button", name=book).click()
    assert words("The session is full: you are number %(position)s on the waitlist.", position=1) in page.inner_text(
        "main"
    )
    reader.check(page)
    shot(page, "waitlisted")
    reader.sign_out(page)

    # the first nurse cancels; the second is promoted and told by email, in her language
    reader.sign_in(page, first.email, DEFAULT_PASSWORD)
    page.goto("/simulation/bookings/")
    reader.check(page)
    page.get_by_role("link", name=reader.starting("Cancel")).click()
    assert Booking.objects.get(participant=second).status == "waitlisted"  # asked first, nothing changed yet
    reader.check(page)
    page.get_by_role("button", name=words("Yes, cancel my booking")).click()
    assert words("Your booking is cancelled.") in page.inner_text("main")
    reader.sign_out(page)
    assert Booking.objects.get(participant=second).status == "confirmed"
    subject = words("You have a place: %(scenario)s", scenario=scenario.title)
    assert any(message.to == [second.email] and message.subject.endswith(subject) for message in mail.outbox)
    reader.sign_in(page, second.email, DEFAULT_PASSWORD)
    page.goto("/simulation/bookings/")
    shot(page, "promoted")
    assert words("Confirmed") in page.inner_text("main")
    reader.sign_out(page)

    # the day comes (the session is moved into the past); the facilitator takes attendance and assesses
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3), ends_at=timezone.now() - datetime.timedelta(hours=1)
    )
    reader.sign_in(page, facilitator.email, DEFAULT_PASSWORD)
    page.goto("/simulation/facilitating/")
    reader.check(page)
    page.get_by_role("link", name=reader.starting("Roster")).click()
    reader.check(page)
    attended = page.get_by_role("button", name=f"{words('Attended')} Fatou Ndiaye")
    white = "rgb(255, 255, 255)"
    assert attended.evaluate("button => getComputedStyle(button).backgroundColor") == white  # nothing recorded yet
    attended.click()
    attended = page.get_by_role("button", name=f"{words('Attended')} Fatou Ndiaye")
    assert attended.evaluate("button => getComputedStyle(button).backgroundColor") != white
    no_show = page.get_by_role("button", name=f"{words('No-show')} Fatou Ndiaye")
    assert no_show.evaluate("button => getComputedStyle(button).backgroundColor") == white
    page.get_by_role("link", name=f"{words('Assess')} Fatou Ndiaye").click()
    page.get_by_role("group", name=re.compile(critical.text)).get_by_label(words("Done"), exact=True).check()
    page.get_by_role("group", name="Calls for help").get_by_label(words("Partly")).check()
    page.get_by_label(words("Feedback for the participant")).fill("Confident ventilation; call for help earlier.")
    reader.check(page)
    shot(page, "assessment")
    page.get_by_role("button", name=words("Record the result")).click()
    page.wait_for_url(re.compile(r"/roster/$"))
    assert words("Passed") in page.inner_text("main")
    reader.check(page)
    shot(page, "roster-assessed")
    reader.sign_out(page)

    # the nurse sees her result and downloads the certificate
    reader.sign_in(page, second.email, DEFAULT_PASSWORD)
    shot(page, "dashboard-with-certificate")
    with page.expect_download() as download:
        page.get_by_role("link", name=words("Download PDF")).click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    page.goto("/simulation/bookings/")
    assert words("Passed") in page.inner_text("main")
    assert "call for help earlier" in page.inner_text("main")
    reader.check(page)
