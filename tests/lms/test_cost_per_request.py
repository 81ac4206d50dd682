"""What a request costs must not grow with the data or repeat itself: roles read once, no
write on a GET, answers compressed, lists paged, reads that depend only on the page tree or
on a signed credential cached until what they depend on changes."""

import gzip

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cms.i18n import translate_page
from courses import services as course_services
from courses.models import Enrolment
from courses.selectors import with_progress
from tests.courses.factories import catalogue, lessons_of, make_course
from tests.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def _queries(function) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        function()
    return [query["sql"] for query in context.captured_queries]


def test_a_coordinators_page_reads_their_roles_once(client):
    client.force_login(CoordinatorFactory())
    client.get("/dashboard/")

    sql = _queries(lambda: client.get("/certificates/"))

    assert sum('"auth_group"' in query and "INNER JOIN" in query for query in sql) == 1


def test_granting_a_role_is_seen_at_once_on_the_same_user_instance():
    user = UserFactory()
    assert not user.is_coordinator
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name="coordinator"))

    assert user.is_coordinator


def test_opening_a_lesson_writes_nothing(client):
    course = make_course(lessons=[[], []])
    learner = UserFactory()
    course_services.enrol(actor=learner, course=course)
    client.force_login(learner)
    client.get(lessons_of(course)[0].url)

    sql = _queries(lambda: client.get(lessons_of(course)[1].url))

    writes = [q for q in sql if q.split()[0].upper() in {"INSERT", "UPDATE", "DELETE", "SAVEPOINT", "BEGIN"}]
    assert writes == []


def test_pages_and_api_answers_are_compressed_for_clients_that_accept_it(client):
    client.force_login(UserFactory())

    response = client.get("/dashboard/", HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"
    assert b"</html>" in gzip.decompress(response.content)


def test_the_catalogue_shows_24_courses_a_page_and_the_rest_on_the_next(client):
    for _ in range(26):
        make_course()
    url = catalogue().url

    first = client.get(url).text
    second = client.get(url, {"page": 2}).text

    assert first.count('class="card"') == 24 and "Page 1 of 2" in first
    assert second.count('class="card"') == 2


def test_the_api_pages_by_50_and_takes_a_page_size_up_to_200():
    learner = UserFactory()
    for _ in range(3):
        course_services.enrol(actor=learner, course=make_course())
    api = APIClient()
    api.force_authenticate(learner)

    assert api.get("/api/v1/enrollments/", {"page_size": 2}).json()["next"].endswith("page=2&page_size=2")
    assert len(api.get("/api/v1/enrollments/", {"page_size": 1000}).json()["results"]) == 3


def test_progress_counts_only_lessons_still_published(client):
    course = make_course(lessons=[[], []])
    learner = UserFactory()
    course_services.enrol(actor=learner, course=course)
    first, second = lessons_of(course)
    course_services.complete_lesson(actor=learner, lesson=first)
    first.unpublish()

    enrolment = with_progress(Enrolment.objects.filter(learner=learner)).get()

    assert (enrolment.done_count, enrolment.required_count) == (0, 1)


def test_progress_of_many_enrolments_counts_each_courses_lessons_once():
    learner = UserFactory()
    for _ in range(5):
        course_services.enrol(actor=learner, course=make_course(lessons=[[], [], []]))

    sql = _queries(lambda: list(with_progress(Enrolment.objects.filter(learner=learner).select_related("course"))))

    assert len(sql) == 2  # the enrolments with what each has done, then every course's lessons


def test_the_language_links_are_read_once_until_a_page_changes(client):
    course = make_course()
    client.get(course.url)
    warm = len(_queries(lambda: client.get(course.url)))

    translate_page(course, "es", title="Soporte vital pediátrico")
    page = client.get(course.url).text

    assert 'hreflang="es"' in page
    assert len(_queries(lambda: client.get(course.url))) == warm


def test_the_catalogue_filter_offers_a_specialty_published_since_it_was_cached(client):
    make_course(specialty="Resuscitation")
    url = catalogue().url
    client.get(url)

    make_course(specialty="Neonatology")

    assert "<option>Neonatology</option>" in client.get(url).text
