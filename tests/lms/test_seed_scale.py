"""seed_scale builds the big seed on top of the demo and changes nothing when run again (here
at a small size: the sizes are the module's constants)."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from certificates.models import Certificate
from courses.models import CoursePage, Enrolment
from fellowships.models import Application
from lms.management.commands import seed_scale
from lms.models import User
from simulation.models import Booking

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(monkeypatch):
    for name, value in {
        "PEOPLE": 40,
        "COURSES": 6,
        "GRADEBOOK_LEARNERS": 10,
        "PIPELINE_APPLICATIONS": 5,
        "APPLICATIONS": 20,
        "SESSIONS": 30,
        "BOOKINGS": 25,
        "CERTIFICATES": 30,
    }.items():
        monkeypatch.setattr(seed_scale, name, value)


def _counts() -> tuple:
    return (
        User.objects.count(),
        CoursePage.objects.count(),
        Enrolment.objects.count(),
        Certificate.objects.count(),
        Application.objects.count(),
        Booking.objects.count(),
    )


def test_the_big_seed_goes_on_top_of_the_demo_and_a_second_run_changes_nothing(small, demo):
    call_command("seed_scale", stdout=io.StringIO())
    first = _counts()
    call_command("seed_scale", stdout=io.StringIO())

    assert _counts() == first
    assert User.objects.filter(email__endswith="@scale.example.org").count() == 40
    assert CoursePage.objects.filter(slug__startswith="scale-").count() == 6
    assert Enrolment.objects.filter(learner__email="doctor@example.org", course__slug__startswith="scale-").count() == 6
    assert Certificate.objects.filter(serial__startswith="SCALE-").count() == 30


def test_the_big_seed_refuses_to_start_without_the_demo():
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("seed_scale", stdout=io.StringIO())
