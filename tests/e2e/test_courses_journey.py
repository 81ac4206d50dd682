import re
from pathlib import Path

import pytest

from cms.demo import seed_site
from tests.courses.factories import assignment_block, catalogue, make_course, quiz_block
from tests.factories import DEFAULT_PASSWORD, FacultyFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_find_enrol_read_pass_the_quiz_submit_graded_certificate(reader, shot):
    """The course is written in English; everything around it is in the reader's language."""
    words = reader.words
    seed_site(log=lambda _: None)
    catalogue()
    teacher = FacultyFactory(
        email="dr.serra@example.org", full_name="Dr. Anna Serra", preferred_language=reader.language
    )
    make_course(
        title="Paediatric basic life support",
        faculty=[teacher],
        module=True,
        lessons=[
            [{"type": "paragraph", "value": "<p>Children arrest from hypoxia.</p>"}],
            [{"type": "paragraph", "value": "<p>Open the airway.</p>"}, quiz_block()],
            [assignment_block()],
        ],
    )
    make_course(title="Difficult airway for anaesthetists", audience="doctors")
    nurse = UserFactory(
        email="nurse.aisha@example.org", full_name="Aisha Bello", profession="nurse", preferred_language=reader.language
    )
    page = reader.new_page(accept_downloads=True)

    # the nurse finds the course for nurses in the catalogue and enrols
    reader.sign_in(page, nurse.email, DEFAULT_PASSWORD)
    page.goto("/courses/")
    page.get_by_label(words("Audience")).select_option(label=words("Nurses"))
    page.get_by_role("button", name=words("Filter"), exact=True).click()
    assert "Difficult airway" not in page.inner_text("main")
    reader.check(page)
    shot(page, "catalogue")
    page.get_by_role("link", name="Paediatric basic life support").click()
    reader.check(page)
    page.get_by_role("button", name=words("Enrol in this course")).click()
    assert words("You are enrolled. Start with the first lesson.") in page.inner_text("main")

    # reads the first lesson and moves on
    page.get_by_role("link", name=words("Start the first lesson")).click()
    assert "Children arrest from hypoxia." in page.inner_text("main")
    reader.check(page)
    page.get_by_role("button", name=words("Mark complete and continue")).click()

    # passes the quiz
    assert "Open the airway." in page.inner_text("main")
    page.get_by_role("group", name=re.compile("Ratio for two rescuers")).get_by_label("15:2").check()
    compressions = page.get_by_role("group", name=re.compile("Signs of good compressions"))
    compressions.get_by_label("Depth a third").check()
    compressions.get_by_label("100-120/min").check()
    reader.check(page)
    shot(page, "quiz")
    page.get_by_role("button", name=words("Submit answers")).click()
    assert words("Passed with %(score)s%%.", score=100) in page.inner_text("main")
    reader.check(page)

    # submits the assignment with a file
    page.get_by_role("link", name=re.compile("Lesson 3")).first.click()
    page.get_by_label(words("Your answer")).fill("On a night shift a toddler stopped breathing; we opened the airway.")
    page.get_by_label(words("Attach a file")).set_input_files(
        {"name": "reflection.txt", "mimeType": "text/plain", "buffer": b"My reflection on the case."}
    )
    page.get_by_role("button", name=words("Submit"), exact=True).click()
    assert words("waiting for grading") in page.inner_text("main")
    reader.check(page)
    reader.sign_out(page)

    # the faculty member grades it against the rubric
    reader.sign_in(page, teacher.email, DEFAULT_PASSWORD)
    page.goto("/courses/grading/")
    reader.check(page)
    page.get_by_role("link", name="Aisha Bello").click()
    page.get_by_role("group", name="Recognition").get_by_label("Yes (4)").check()
    page.get_by_role("group", name="Plan").get_by_label("Some (3)").check()
    page.get_by_label(words("Feedback for the learner")).fill("Good recognition; make the plan concrete.")
    reader.check(page)
    shot(page, "grading")
    page.get_by_role("button", name=words("Record the grade")).click()
    assert words("Graded.") in page.inner_text("main")
    reader.sign_out(page)

    # the nurse downloads the certificate from the dashboard
    reader.sign_in(page, nurse.email, DEFAULT_PASSWORD)
    shot(page, "dashboard-with-certificate")
    assert words("Completed") in page.inner_text("main")
    with page.expect_download() as download:
        page.get_by_role("link", name=words("Download PDF")).click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
