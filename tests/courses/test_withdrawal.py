"""Leaving a course: the learner withdraws (page and API), staff may withdraw a learner, lessons
done are kept, and enrolling again resumes."""

import pytest
from django.core.exceptions import PermissionDenied

from courses import services
from courses.models import Enrolment
from lms.errors import ConflictError
from lms.models import AuditEvent
from tests.courses.factories import lessons_of, make_course
from tests.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolment():
    course = make_course(lessons=[[{"type": "paragraph", "value": "<p>One</p>"}]] * 2)
    learner = UserFactory()
    enrolment = services.enrol(actor=learner, course=course)
    services.complete_lesson(actor=learner, lesson=lessons_of(course)[0])
    return enrolment


def test_a_learner_leaves_a_course_from_my_courses(client, enrolment):
    client.force_login(enrolment.learner)

    page = client.get("/courses/mine/").content.decode()
    response = client.post(f"/courses/enrolments/{enrolment.pk}/withdraw/", follow=True)

    assert "Leave course" in page
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.WITHDRAWN
    assert "You left this course" in response.content.decode()
    assert AuditEvent.objects.filter(verb="enrolment.withdraw", actor=enrolment.learner).exists()


def test_a_withdrawn_learner_may_not_open_lessons_or_complete_them(client, enrolment):
    services.withdraw(actor=enrolment.learner, enrolment=enrolment)
    lesson = lessons_of(enrolment.course)[1]

    with pytest.raises(PermissionDenied):
        services.complete_lesson(actor=enrolment.learner, lesson=lesson)


def test_enrolling_again_resumes_with_the_lessons_done(enrolment):
    services.withdraw(actor=enrolment.learner, enrolment=enrolment)

    again = services.enrol(actor=enrolment.learner, course=enrolment.course)

    assert again.pk == enrolment.pk and again.status == Enrolment.Status.ACTIVE
    assert enrolment.progress.count() == 1


def test_the_office_may_withdraw_a_learner_but_another_learner_may_not(enrolment):
    with pytest.raises(PermissionDenied):
        services.withdraw(actor=UserFactory(), enrolment=enrolment)

    services.withdraw(actor=CoordinatorFactory(), enrolment=enrolment, comment="Duplicate account")

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.WITHDRAWN


def test_the_api_withdraws_my_enrolment_and_refuses_a_second_time_with_409(client, enrolment):
    client.force_login(enrolment.learner)

    first = client.post(f"/api/v1/enrollments/{enrolment.pk}/withdraw/")
    second = client.post(f"/api/v1/enrollments/{enrolment.pk}/withdraw/")

    assert first.status_code == 200 and first.json()["status"] == "withdrawn"
    assert second.status_code == 409


def test_another_learner_gets_404_withdrawing_my_enrolment(client, enrolment):
    client.force_login(UserFactory())

    assert client.post(f"/api/v1/enrollments/{enrolment.pk}/withdraw/").status_code == 404
    assert client.post(f"/courses/enrolments/{enrolment.pk}/withdraw/").status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE


def test_a_completed_enrolment_cannot_be_withdrawn(enrolment):
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.COMPLETED)
    enrolment.refresh_from_db()

    with pytest.raises(ConflictError):
        services.withdraw(actor=enrolment.learner, enrolment=enrolment)


def test_the_course_page_offers_to_enrol_again_after_leaving(client, enrolment):
    services.withdraw(actor=enrolment.learner, enrolment=enrolment)
    client.force_login(enrolment.learner)

    page = client.get(enrolment.course.url).content.decode()

    assert "Enrol again" in page and "Resume where you left off" not in page
