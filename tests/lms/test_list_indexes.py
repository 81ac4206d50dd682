"""Every list that can grow is read a page at a time in an order an index gives, so its cost
does not grow with the table: checked with PostgreSQL's EXPLAIN, sequential and bitmap scans and sorts priced out
(on a nearly empty test table the planner would otherwise pick them whatever the indexes).
Each case is the filter and order of the list's selector, on the list's own table."""

import pytest
from django.db import connection
from django.utils import timezone

from certificates.models import Certificate
from courses.models import Enrolment, Submission
from fellowships.models import Application
from simulation.models import Session

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

NOW = timezone.now()

LISTS = {
    # courses.selectors.my_enrolments: my courses and the enrolments API
    "enrolment_learner_recent_idx": lambda: Enrolment.objects.filter(learner_id=1).order_by("-enrolled_at"),
    # courses.selectors.grading_queue
    "submission_queue_idx": lambda: Submission.objects.filter(status="submitted").order_by("submitted_at"),
    # fellowships.selectors.pipeline
    "application_intake_sub_idx": lambda: Application.objects.filter(intake_id=1)
    .exclude(status="draft")
    .order_by("submitted_at", "pk"),
    # fellowships.selectors.my_applications
    "application_mine_idx": lambda: Application.objects.filter(applicant_id=1).order_by("-created_at"),
    # certificates.views.manage and the certificates API
    "certificate_issued_idx": lambda: Certificate.objects.order_by("-issued_at", "-pk"),
    # simulation.selectors.upcoming_sessions and facilitated_sessions
    "session_starts_idx": lambda: Session.objects.filter(status="scheduled", starts_at__gt=NOW).order_by("starts_at"),
}


@pytest.mark.parametrize("index", LISTS)
def test_a_page_of_the_list_is_read_through_its_index_without_sorting(index):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        # Sorting priced out too: the question is whether an index can give the order, not
        # which path the planner likes best for a table of a few test rows.
        cursor.execute("SET LOCAL enable_sort = off")
    plan = LISTS[index]()[:50].explain()

    assert index in plan, plan
    assert "Sort" not in plan, plan
