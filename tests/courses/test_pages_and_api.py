import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from courses import services
from courses.models import Enrolment, Submission
from tests.courses.factories import assignment_block, catalogue, lessons_of, make_course, quiz_block
from tests.factories import FORMULA_NAME, CoordinatorFactory, CoverImageFactory, FacultyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def _submitted(course=None):
    course = course or make_course(lessons=[[assignment_block()]])
    lesson = next(lesson for lesson in lessons_of(course) if lesson.activities()[-1].block_type == "assignment")
    learner = UserFactory()
    services.enrol(actor=learner, course=course)
    return services.submit_assignment(
        actor=learner, lesson=lesson, block_id=lesson.activities()[0].id, text="My answer"
    )


# Catalogue, course and lessons


def test_the_catalogue_filters_by_audience_and_shows_my_state(client):
    nurses = make_course(title="BLS for nurses", audience="nurses")
    make_course(title="Airway for doctors", audience="doctors")
    learner = UserFactory()
    services.enrol(actor=learner, course=nurses)
    client.force_login(learner)

    response = client.get(catalogue().url, {"audience": "nurses"})

    assert "BLS for nurses" in response.text and "Airway for doctors" not in response.text
    assert "In progress: 0%" in response.text


def test_the_catalogue_searches_titles_and_summaries(client):
    make_course(title="Sepsis recognition", summary="Spot it early.")
    make_course(title="Airway")

    response = client.get(catalogue().url, {"q": "sepsis"})

    assert "Sepsis recognition" in response.text and "Airway" not in response.text


def test_enrolling_from_the_course_page_names_missing_prerequisites(client):
    basics = make_course(title="Paediatric BLS")
    advanced = make_course()
    advanced.prerequisites.set([basics])
    advanced.save_revision().publish()
    client.force_login(UserFactory())

    response = client.post(f"/courses/{advanced.pk}/enrol/", follow=True)

    assert "Complete these courses first: Paediatric BLS." in response.text
    assert not Enrolment.objects.exists()


def test_lessons_are_closed_to_learners_who_are_not_enrolled(client):
    course = make_course()
    client.force_login(UserFactory())

    response = client.get(lessons_of(course)[0].url)

    assert response.status_code == 302 and response["Location"] == course.url


def test_a_learner_marks_a_lesson_complete_sees_the_tick_and_resumes(client):
    course = make_course(
        lessons=[[{"type": "paragraph", "value": "<p>One</p>"}], [{"type": "paragraph", "value": "<p>Two</p>"}]]
    )
    first, second = lessons_of(course)
    learner = UserFactory()
    services.enrol(actor=learner, course=course)
    client.force_login(learner)
    client.get(first.url)

    client.post(f"/courses/lessons/{first.pk}/complete/", {"next": second.url})
    client.get(second.url)
    page = client.get(course.url)

    assert "Your progress: 50%" in page.text
    assert "Resume where you left off" in page.text and f'href="{second.url}"' in page.text
    assert "Completed:" in page.text


def test_a_completed_course_offers_to_go_back_over_the_lessons_not_to_resume(client):
    course = make_course(
        lessons=[[{"type": "paragraph", "value": "<p>One</p>"}], [{"type": "paragraph", "value": "<p>Two</p>"}]]
    )
    first, optional = lessons_of(course)
    optional.required = False
    optional.save_revision().publish()
    learner = UserFactory()
    services.enrol(actor=learner, course=course)
    client.force_login(learner)
    client.post(f"/courses/lessons/{first.pk}/complete/")

    page = client.get(course.url)

    assert Enrolment.objects.get(learner=learner).status == "completed"
    assert "Resume where you left off" not in page.text
    assert "Go back over the lessons" in page.text and f'href="{first.url}"' in page.text


def test_anonymous_visitors_see_no_enrolment_state_in_the_catalogue(client):
    make_course(title="Neonatal resuscitation")

    page = client.get(catalogue().url)

    assert "Neonatal resuscitation" in page.text and "Not enrolled" not in page.text


def test_a_signed_in_learner_sees_not_enrolled_in_the_catalogue(client):
    make_course(title="Neonatal resuscitation")
    client.force_login(UserFactory())

    assert "Not enrolled" in client.get(catalogue().url).text


def test_a_quiz_answered_on_the_lesson_page_is_graded(client):
    course = make_course(lessons=[[quiz_block()]])
    lesson = lessons_of(course)[0]
    learner = UserFactory()
    services.enrol(actor=learner, course=course)
    client.force_login(learner)

    response = client.post(
        f"/courses/lessons/{lesson.pk}/quiz/{lesson.activities()[0].id}/", {"q0": "1", "q1": ["0", "2"]}, follow=True
    )

    assert "Passed with 100%." in response.text


def test_after_a_failed_attempt_the_feedback_is_shown_open_and_the_answers_kept(client):
    course = make_course(lessons=[[quiz_block(pass_mark=100)]])
    lesson = lessons_of(course)[0]
    learner = UserFactory()
    services.enrol(actor=learner, course=course)
    client.force_login(learner)

    response = client.post(
        f"/courses/lessons/{lesson.pk}/quiz/{lesson.activities()[0].id}/", {"q0": "0", "q1": ["0", "2"]}, follow=True
    )

    html = response.text
    assert "Not yet passed" in html and "<details" not in html
    assert "15:2 in children." in html and "Not right" in html and "Right" in html
    assert 'name="q0" value="0" checked' in html and 'name="q0" value="1" required' in html
    assert 'name="q1" value="0" checked' in html and 'name="q1" value="2" checked' in html


def test_the_outline_and_catalogue_stay_flat_for_3_and_30_lessons_and_courses(client, django_assert_num_queries):
    learner = UserFactory()
    client.force_login(learner)
    small_course = make_course(lessons=[[]] * 3, module=True)
    big_course = make_course(lessons=[[]] * 30, module=True)
    for course in (small_course, big_course):
        services.enrol(actor=learner, course=course)
    client.get(small_course.url)
    client.get(big_course.url)
    small = _count(client, small_course.url)

    with django_assert_num_queries(small):
        client.get(big_course.url)


def test_the_catalogue_uses_the_same_queries_for_3_and_30_courses(client, django_assert_num_queries):
    """Each course has its cover: the cards' renditions are read with the list."""
    learner = UserFactory()
    client.force_login(learner)
    for _ in range(3):
        services.enrol(actor=learner, course=make_course(cover_image=CoverImageFactory()))
    url = catalogue().url
    client.get(url)  # makes the renditions
    small = _count(client, url)
    for _ in range(27):
        services.enrol(actor=learner, course=make_course(cover_image=CoverImageFactory()))
    client.get(url)

    with django_assert_num_queries(small):
        html = client.get(url).text
    assert html.count('class="card"') == 24 and html.count('class="card-cover"') == 24


def test_a_course_card_shows_its_cover_as_a_small_webp_and_a_course_without_one_shows_none(client):
    make_course(title="With a cover", cover_image=CoverImageFactory())
    make_course(title="Without a cover")

    html = client.get(catalogue().url).text

    cover = re.search(r'<img [^>]*class="card-cover"[^>]*>', html).group(0)
    assert html.count('class="card-cover"') == 1
    assert 'alt=""' in cover and 'loading="lazy"' in cover and "fill-480x240.format-webp.webp" in cover


# Grading


def test_faculty_grade_from_the_queue_against_the_rubric(client):
    submission = _submitted()
    faculty = submission.enrolment.course.faculty.get()
    client.force_login(faculty)

    queue = client.get("/courses/grading/")
    client.post(
        f"/courses/submissions/{submission.pk}/grade/", {"criterion_0": "1", "criterion_1": "2", "feedback": "Good"}
    )

    submission.refresh_from_db()
    assert submission.enrolment.learner.full_name in queue.text
    assert (submission.status, submission.score, submission.feedback) == ("graded", 100, "Good")


def test_faculty_not_assigned_to_the_course_see_none_of_its_submissions(client, api):
    submission = _submitted()
    outsider = FacultyFactory()
    client.force_login(outsider)
    api.force_authenticate(outsider)

    assert submission.enrolment.learner.full_name not in client.get("/courses/grading/").text
    assert client.get(f"/courses/submissions/{submission.pk}/grade/").status_code == 404
    assert client.get(f"/courses/submissions/{submission.pk}/file/").status_code == 404
    assert api.get("/api/v1/submissions/").json()["results"] == []
    assert api.post(f"/api/v1/submissions/{submission.pk}/grade/", {"levels": [1, 2]}, format="json").status_code == 404
    submission.refresh_from_db()
    assert submission.status == "submitted"


def test_a_grade_form_missing_a_criterion_is_refused_and_grades_nothing(client):
    submission = _submitted()
    client.force_login(submission.enrolment.course.faculty.get())

    response = client.post(f"/courses/submissions/{submission.pk}/grade/", {"criterion_0": "1"})

    assert response.status_code == 400 and "This field is required" in response.text
    submission.refresh_from_db()
    assert submission.status == "submitted"


def test_the_gradebook_shows_learners_by_assessments_and_exports_csv(client):
    course = make_course(lessons=[[quiz_block()], [assignment_block()]])
    quizzed, assigned = lessons_of(course)
    learner = UserFactory(full_name="Amina Diallo")
    services.enrol(actor=learner, course=course)
    services.submit_quiz(actor=learner, lesson=quizzed, block_id=quizzed.activities()[0].id, answers=[[1], [0]])
    client.force_login(course.faculty.get())

    page = client.get(f"/courses/{course.pk}/gradebook/")
    rows = list(csv.reader(io.StringIO(client.get(f"/courses/{course.pk}/gradebook.csv").content.decode())))

    assert "Amina Diallo" in page.text and "50%" in page.text
    assert rows[0] == ["learner", "email", "status", "progress", "Quiz", "Reflection"]
    assert rows[1][0] == "Amina Diallo" and rows[1][4] == "50%"


def test_the_gradebook_is_closed_to_other_faculty(client):
    course = make_course()
    client.force_login(FacultyFactory())

    assert client.get(f"/courses/{course.pk}/gradebook/").status_code == 404


def test_the_gradebook_and_queue_use_the_same_queries_for_3_and_30(client, django_assert_num_queries):
    course = make_course(lessons=[[quiz_block()], [assignment_block()]])
    client.force_login(course.faculty.get())
    for _ in range(3):
        _submitted(course)
    gradebook = _count(client, f"/courses/{course.pk}/gradebook/")
    queue = _count(client, "/courses/grading/")
    for _ in range(27):
        _submitted(course)

    with django_assert_num_queries(gradebook):
        client.get(f"/courses/{course.pk}/gradebook/")
    with django_assert_num_queries(queue):
        client.get("/courses/grading/")


def test_a_coordinator_is_linked_to_the_gradebooks_of_courses_with_work_waiting_not_to_every_course(client):
    waiting = _submitted().enrolment.course
    quiet = make_course(title="Quiet course")
    client.force_login(CoordinatorFactory())

    html = client.get("/courses/grading/").text

    assert f"/courses/{waiting.pk}/gradebook/" in html
    assert f"/courses/{quiet.pk}/gradebook/" not in html


def test_faculty_are_linked_to_the_gradebooks_of_the_courses_they_teach(client):
    course = make_course()
    client.force_login(course.faculty.get())

    assert f"/courses/{course.pk}/gradebook/" in client.get("/courses/grading/").text


@pytest.mark.parametrize(("who", "linked"), [("faculty", True), ("coordinator", True), ("learner", False)])
def test_the_course_page_links_its_gradebook_for_those_who_teach_it(client, who, linked):
    course = make_course()
    people = {"faculty": course.faculty.get(), "coordinator": CoordinatorFactory(), "learner": UserFactory()}
    client.force_login(people[who])

    html = client.get(course.url).text

    assert (f"/courses/{course.pk}/gradebook/" in html) is linked


def test_the_course_page_links_no_gradebook_for_faculty_of_another_course(client):
    course = make_course()
    client.force_login(make_course().faculty.get())

    assert "/gradebook/" not in client.get(course.url).text


# API


def test_the_course_api_lists_with_contract_fields_and_details_the_outline(api):
    basics = make_course()
    course = make_course(lessons=[[quiz_block()]], module=True)
    course.prerequisites.set([basics])
    course.save_revision().publish()
    api.force_authenticate(UserFactory())

    rows = api.get("/api/v1/courses/").json()["results"]
    detail = api.get(f"/api/v1/courses/{course.pk}/").json()

    assert {"id", "title", "audience", "language", "cpd_hours", "prerequisites"} <= set(rows[0])
    assert detail["prerequisites"] == [basics.pk]
    assert detail["outline"][0]["module"] == "Module one"
    assert detail["outline"][0]["lessons"][0]["activities"][0]["kind"] == "quiz"


def test_enrolling_through_the_api_and_reading_progress(api):
    course = make_course(lessons=[[], []])
    learner = UserFactory()
    api.force_authenticate(learner)

    enrolled = api.post(f"/api/v1/courses/{course.pk}/enroll/")
    api.post(f"/api/v1/lessons/{lessons_of(course)[0].pk}/complete/")
    mine = api.get("/api/v1/enrollments/").json()["results"]

    assert enrolled.status_code == 201
    assert [(row["course"], row["status"], row["progress"]) for row in mine] == [(course.pk, "active", 50)]


def test_prerequisites_missing_answer_409_through_the_api(api):
    basics = make_course(title="Paediatric BLS")
    advanced = make_course()
    advanced.prerequisites.set([basics])
    advanced.save_revision().publish()
    api.force_authenticate(UserFactory())

    response = api.post(f"/api/v1/courses/{advanced.pk}/enroll/")

    assert response.status_code == 409 and "Paediatric BLS" in response.json()["detail"]


def test_a_quiz_attempt_through_the_api_returns_the_result(api):
    course = make_course(lessons=[[quiz_block()]])
    lesson = lessons_of(course)[0]
    learner = UserFactory()
    services.enrol(actor=learner, course=course)
    api.force_authenticate(learner)

    response = api.post(
        f"/api/v1/lessons/{lesson.pk}/quizzes/{lesson.activities()[0].id}/attempts/",
        {"answers": [[0], [0, 2]]},
        format="json",
    )

    assert response.status_code == 201 and (response.json()["score"], response.json()["passed"]) == (50, True)


def test_an_assignment_through_the_api_with_a_wrong_file_answers_400(api):
    course = make_course(lessons=[[assignment_block()]])
    lesson = lessons_of(course)[0]
    learner = UserFactory()
    services.enrol(actor=learner, course=course)
    api.force_authenticate(learner)
    upload = SimpleUploadedFile("work.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)

    response = api.post(
        f"/api/v1/lessons/{lesson.pk}/assignments/{lesson.activities()[0].id}/submissions/", {"file": upload}
    )

    assert response.status_code == 400 and "file" in response.json()
    assert not Submission.objects.exists()


def test_lessons_of_a_course_i_am_not_in_answer_404_through_the_api(api):
    course = make_course(lessons=[[quiz_block()]])
    lesson = lessons_of(course)[0]
    api.force_authenticate(UserFactory())

    response = api.post(
        f"/api/v1/lessons/{lesson.pk}/quizzes/{lesson.activities()[0].id}/attempts/",
        {"answers": [[1], [0]]},
        format="json",
    )

    assert response.status_code == 404


def test_another_learners_enrolment_answers_404(api):
    course = make_course()
    other = services.enrol(actor=UserFactory(), course=course)
    api.force_authenticate(UserFactory())

    assert api.get(f"/api/v1/enrollments/{other.pk}/").status_code == 404


def test_faculty_grade_through_the_api(api):
    submission = _submitted()
    api.force_authenticate(submission.enrolment.course.faculty.get())

    queue = api.get("/api/v1/submissions/", {"status": "submitted"}).json()["results"]
    graded = api.post(
        f"/api/v1/submissions/{submission.pk}/grade/", {"levels": [1, 0], "feedback": "Add a plan"}, format="json"
    )
    bad = api.post(f"/api/v1/submissions/{submission.pk}/grade/", {"levels": "x"}, format="json")

    assert [row["id"] for row in queue] == [submission.pk]
    assert graded.status_code == 200 and graded.json()["passed"] is False and graded.json()["score"] == 40
    assert bad.status_code == 400 and "levels" in bad.json()


def _count_api(api, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert api.get(url).status_code == 200
    return len(context)  # counted now: Django's query log is a bounded deque


def test_the_api_lists_use_the_same_queries_for_3_and_30(api, django_assert_num_queries):
    coordinator = CoordinatorFactory()
    learner = UserFactory()
    course = make_course(lessons=[[assignment_block()]])

    def grow(count):
        for _ in range(count):
            services.enrol(actor=learner, course=make_course())
            _submitted(course)

    grow(3)
    api.force_authenticate(learner)
    api.get("/api/v1/courses/")
    courses_small = _count_api(api, "/api/v1/courses/")
    enrolments_small = _count_api(api, "/api/v1/enrollments/")
    api.force_authenticate(coordinator)
    api.get("/api/v1/submissions/")  # force_authenticate keeps one user instance: its roles read once
    submissions_small = _count_api(api, "/api/v1/submissions/")
    grow(27)
    api.force_authenticate(learner)
    api.get("/api/v1/courses/")

    with django_assert_num_queries(courses_small):
        api.get("/api/v1/courses/")
    with django_assert_num_queries(enrolments_small):
        assert len(api.get("/api/v1/enrollments/").json()["results"]) == 30
    api.force_authenticate(coordinator)
    with django_assert_num_queries(submissions_small):
        assert len(api.get("/api/v1/submissions/").json()["results"]) == 30


def test_the_course_page_shows_its_cover_image(client):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    cover = Image.objects.create(title="Manikin", file=get_test_image_file())
    course = make_course(cover_image=cover)

    response = client.get(course.url)

    assert 'class="cover"' in response.text and "fill-960x360" in response.text


def test_the_gradebook_csv_quotes_a_formula_in_a_learners_name(client):
    course = make_course(lessons=[[quiz_block()]])
    learner = UserFactory(full_name=FORMULA_NAME)
    services.enrol(actor=learner, course=course)
    client.force_login(course.faculty.get())

    rows = list(csv.reader(io.StringIO(client.get(f"/courses/{course.pk}/gradebook.csv").content.decode())))

    assert rows[1][0] == f"'{FORMULA_NAME}"
