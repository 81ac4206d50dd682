"""The pages the site-wide checks walk (accessibility, weight, phones, languages), by who
reads them, on the demo data."""

PUBLIC_PAGES = [
    "/",
    "/accounts/login/",
    "/accounts/signup/",
    "/search/?q=observership",
    "/contact/",
    "/design/",
    "/news/",
    "/simulation/",
    "/live/",
    "/live/recordings/",
    "/programmes/",
    "/programmes/paediatric-oncology-observership/",
    "/courses/",
    "/courses/paediatric-basic-life-support/",
    "/es/",
    "/fr/courses/",
    "/ca/programmes/paediatric-oncology-observership/",
]
LEARNER_PAGES = [
    "/dashboard/",
    "/profile/",
    "/simulation/bookings/",
    "/live/registrations/",
    "/applications/",
    "/courses/mine/",
    "/courses/paediatric-basic-life-support/basic-life-support/the-paediatric-bls-algorithm/",
    "/courses/paediatric-basic-life-support/basic-life-support/reflect-on-a-case/",
    "/certificates/mine/",
    "/record/",
    "/record/transcripts/",
    "/competencies/assessments/",
    "/competencies/assessments/new/",
]


def learner_pages() -> list[str]:
    """The fixed pages and the demo's recording open for credit (its id differs per run)."""
    from live.models import EnduringActivity

    return [*LEARNER_PAGES, f"/live/recordings/{EnduringActivity.objects.get().pk}/"]


def teaching_pages() -> list[tuple[str, str]]:
    from competencies.models import Assessment
    from courses.models import Submission
    from fellowships.models import Application, Placement
    from live.models import Case, Session
    from simulation.models import Booking

    case = Case.objects.select_related("session").first()
    upcoming = Session.objects.filter(starts_at__gt=case.session.ends_at).order_by("starts_at").last()
    assessed = Booking.objects.filter(status="attended").first()
    waiting_assessment = Assessment.objects.get(status="requested")
    fellow = waiting_assessment.trainee
    placement = Placement.objects.filter(application__status="in_progress").first()
    interview = Application.objects.get(status="interview")
    offer = Application.objects.get(applicant__email="nurse@example.org")
    draft = Application.objects.get(status="draft")
    waiting = Submission.objects.filter(status="submitted").first()
    return [
        ("faculty@example.org", "/simulation/facilitating/"),
        ("faculty@example.org", f"/simulation/sessions/{assessed.session_id}/roster/"),
        ("faculty@example.org", f"/simulation/bookings/{assessed.pk}/assess/"),
        ("coordinator@example.org", "/simulation/schedule/"),
        ("coordinator@example.org", f"/live/sessions/{case.session_id}/attendance/"),
        ("doctor@example.org", f"/live/sessions/{case.session_id}/"),
        ("doctor@example.org", f"/live/cases/{case.pk}/"),
        ("doctor@example.org", f"/live/sessions/{upcoming.pk}/cases/new/"),
        ("faculty@example.org", "/fellowships/reviews/"),
        ("faculty@example.org", f"/fellowships/placements/{placement.pk}/"),
        ("coordinator@example.org", f"/fellowships/intakes/{interview.intake_id}/pipeline/"),
        ("coordinator@example.org", f"/fellowships/applications/{interview.pk}/manage/"),
        ("nurse@example.org", f"/applications/{offer.pk}/"),
        (draft.applicant.email, f"/applications/{draft.pk}/edit/"),
        ("faculty@example.org", "/courses/grading/"),
        ("faculty@example.org", f"/courses/submissions/{waiting.pk}/grade/"),
        ("faculty@example.org", f"/courses/{waiting.enrolment.course_id}/gradebook/"),
        ("coordinator@example.org", "/reports/"),
        ("coordinator@example.org", "/competencies/links/"),
        ("doctor@example.org", "/record/"),
        ("faculty@example.org", "/competencies/assessments/"),
        ("faculty@example.org", "/competencies/progress/"),
        ("faculty@example.org", f"/competencies/progress/{fellow.pk}/"),
        ("faculty@example.org", f"/competencies/assessments/{waiting_assessment.pk}/"),
    ]
