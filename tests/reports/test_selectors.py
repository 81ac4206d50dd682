from decimal import Decimal

import pytest

from certificates.models import Certificate, Kind
from fellowships.models import Status
from reports import selectors
from reports.selectors import Filters
from simulation.models import Booking
from tests.courses.factories import make_course
from tests.factories import InstitutionFactory, SponsorFactory, UserFactory
from tests.reports.factories import assessment, at, certificate, enrolment, event, live_session, placement, submitted
from tests.simulation.factories import ScenarioFactory, SessionFactory

pytestmark = pytest.mark.django_db

EVERYTHING = Filters()


def _pairs(rows, *keys):
    return [(str(row["label"]), *(row[key] for key in keys)) for row in rows]


def test_trainees_by_country_count_each_person_once_and_leave_out_withdrawn_placements(intake_of):
    twice = UserFactory(country="MX")
    placement(intake=intake_of("observership"), applicant=twice)
    placement(intake=intake_of("fellowship"), applicant=twice)
    placement(intake=intake_of(), applicant=UserFactory(country="MX"))
    placement(intake=intake_of(), applicant=UserFactory(country="AR"))
    placement(intake=intake_of(), applicant=UserFactory(country=""))
    placement(intake=intake_of(), applicant=UserFactory(country="PE"), status=Status.WITHDRAWN)

    rows = selectors.trainees_by_country(filters=EVERYTHING)

    assert _pairs(rows, "trainees") == [("Mexico", 2), ("Argentina", 1), ("Not given", 1)]


def test_trainees_by_institution_use_the_institution_named_on_the_application(intake_of):
    garrahan = InstitutionFactory(name="Hospital Garrahan", country="AR")
    placement(intake=intake_of(), institution=garrahan)
    placement(intake=intake_of(), institution=garrahan)
    placement(intake=intake_of())  # typed another institution's name

    rows = selectors.trainees_by_institution(filters=EVERYTHING)

    assert _pairs(rows, "trainees") == [("Hospital Garrahan", 2), ("Other or not given", 1)]


def test_trainees_by_programme_type_follow_the_types_order(intake_of):
    placement(intake=intake_of("fellowship"))
    placement(intake=intake_of("observership"))
    placement(intake=intake_of("observership"))

    rows = selectors.trainees_by_programme_type(filters=EVERYTHING)

    assert _pairs(rows, "trainees") == [("Observership", 2), ("Fellowship", 1)]


def test_trainees_by_year_count_a_person_in_each_year_a_placement_starts(intake_of):
    both_years = UserFactory()
    placement(intake=intake_of("observership"), applicant=both_years, year=2024)
    placement(intake=intake_of("fellowship"), applicant=both_years, year=2025)
    placement(intake=intake_of(), year=2025)

    rows = selectors.trainees_by_year(filters=EVERYTHING)

    assert _pairs(rows, "trainees") == [("2024", 1), ("2025", 2)]


def test_sponsored_places_count_placements_and_completions_per_sponsor(intake_of):
    fund, ministry = SponsorFactory(name="Fund for Children"), SponsorFactory(name="Ministry of Health")
    placement(intake=intake_of(), sponsor=fund, status=Status.COMPLETED)
    placement(intake=intake_of(), sponsor=fund)
    placement(intake=intake_of(), sponsor=ministry)
    placement(intake=intake_of(), sponsor=ministry, status=Status.WITHDRAWN)
    placement(intake=intake_of())

    rows = selectors.sponsored_places(filters=EVERYTHING)

    assert _pairs(rows, "places", "completed") == [("Fund for Children", 2, 1), ("Ministry of Health", 1, 0)]


def test_the_funnel_counts_the_applications_that_reached_each_stage(intake_of):
    paths = [
        ("submit", "review", "accept", "confirm", "complete"),
        ("submit", "review", "accept", "withdraw"),
        ("submit", "review", "reject"),
        ("submit",),
    ]
    for moves in paths:
        application = submitted(intake=intake_of(), on=at(2025))
        for day, move in enumerate(moves, start=1):
            event(application, move, at(2025, 3, day))

    rows = selectors.application_funnel(filters=EVERYTHING)

    assert _pairs(rows, "applications", "share") == [
        ("Submitted", 4, 100.0),
        ("Under review", 3, 75.0),
        ("Offered a place", 2, 50.0),
        ("Confirmed", 1, 25.0),
        ("Completed", 1, 25.0),
    ]


def test_decision_times_average_the_days_to_the_first_decision_per_programme_type(intake_of):
    waitlisted_then_accepted = submitted(intake=intake_of("observership"), on=at(2025, 3, 1))
    event(waitlisted_then_accepted, "waitlist", at(2025, 3, 3))
    event(waitlisted_then_accepted, "accept", at(2025, 3, 20))
    rejected = submitted(intake=intake_of("observership"), on=at(2025, 3, 1))
    event(rejected, "reject", at(2025, 3, 5))
    submitted(intake=intake_of("observership"), on=at(2025, 3, 1))  # not decided yet
    accepted = submitted(intake=intake_of("fellowship"), on=at(2025, 3, 1))
    event(accepted, "accept", at(2025, 3, 11, hour=0))

    rows = selectors.decision_times(filters=EVERYTHING)

    assert _pairs(rows, "decided", "average_days") == [("Observership", 2, 3.0), ("Fellowship", 1, 9.5)]


def test_course_results_give_completion_and_quiz_pass_rates_with_an_all_courses_row():
    life_support = make_course(title="Paediatric life support")
    sepsis = make_course(title="Sepsis in children")
    enrolment(course=life_support, completed=True, quizzes=(False, True))
    enrolment(course=life_support, completed=True, quizzes=(True,))
    enrolment(course=life_support)
    enrolment(course=life_support, quizzes=(False,))
    enrolment(course=sepsis, completed=True)

    rows = selectors.course_results(filters=EVERYTHING)

    assert _pairs(rows, "enrolments", "completed", "completion_rate", "attempts", "passed", "pass_rate") == [
        ("All courses", 5, 3, 60.0, 4, 2, 50.0),
        ("Paediatric life support", 4, 2, 50.0, 4, 2, 50.0),
        ("Sepsis in children", 1, 1, 100.0, 0, 0, None),
    ]


def test_course_results_list_only_the_courses_with_most_enrolments_but_total_them_all():
    busy, quiet = make_course(title="Busy"), make_course(title="Quiet")
    enrolment(course=busy)
    enrolment(course=busy)
    enrolment(course=quiet)

    rows = selectors.course_results(filters=EVERYTHING, limit=1)

    assert _pairs(rows, "enrolments") == [("All courses", 3), ("Busy", 2)]


def test_simulation_results_give_pass_rates_per_scenario_and_overall():
    airway, sepsis = ScenarioFactory(title="Airway"), ScenarioFactory(title="Septic shock")
    for passed in (True, True, False):
        assessment(scenario=airway, passed=passed)
    assessment(scenario=sepsis, passed=False)
    Booking.objects.create(
        session=SessionFactory(scenario=sepsis), participant=UserFactory(), status=Booking.Status.ATTENDED
    )  # attended, not assessed yet

    rows = selectors.simulation_results(filters=EVERYTHING)

    assert _pairs(rows, "assessed", "passed", "pass_rate") == [
        ("All scenarios", 4, 2, 50.0),
        ("Airway", 3, 2, 66.7),
        ("Septic shock", 1, 0, 0.0),
    ]


def test_certificates_issued_count_those_that_stand_per_year_and_kind():
    certificate(year=2025)
    certificate(year=2025, hours=Decimal("2.5"))
    certificate(year=2025, kind=Kind.SIMULATION)
    certificate(year=2024)
    for status in (Certificate.Status.REVOKED, Certificate.Status.SUPERSEDED, Certificate.Status.AWAITING_CLAIM):
        certificate(year=2025, status=status)

    rows = selectors.certificates_issued(filters=EVERYTHING)

    assert _pairs(rows, "year", "kind", "certificates", "hours") == [
        ("2025 · Online course", 2025, "Online course", 2, Decimal("6.5")),
        ("2025 · Simulation training", 2025, "Simulation training", 1, Decimal("4")),
        ("2024 · Online course", 2024, "Online course", 1, Decimal("4")),
    ]


def test_credits_issued_sum_the_designated_credit_per_year_and_system():
    certificate(year=2025, credits={"ancc": Decimal("4"), "cpd_hours": Decimal("2")})
    certificate(year=2025, credits={"ancc": Decimal("1.5")})
    certificate(year=2025, credits={"ancc": Decimal("10")}, status=Certificate.Status.REVOKED)
    certificate(year=2024, credits={"eaccme": Decimal("3")})

    rows = selectors.credits_issued(filters=EVERYTHING)

    assert [(row["year"], row["system"], row["certificates"], row["credits"]) for row in rows] == [
        (2025, "ANCC nursing contact hours", 2, Decimal("5.5")),
        (2025, "CPD/CME hours accredited by another body", 1, Decimal("2")),
        (2024, "UEMS-EACCME® European CME credits (ECMEC®s)", 1, Decimal("3")),
    ]


def test_reports_of_nothing_are_empty():
    assert selectors.trainees_by_country(filters=EVERYTHING) == []
    assert [row["applications"] for row in selectors.application_funnel(filters=EVERYTHING)] == [0] * 5
    assert selectors.course_results(filters=EVERYTHING) == [
        {"label": "All courses", "enrolments": 0, "completed": 0, "attempts": 0, "passed": 0}
        | {"completion_rate": None, "pass_rate": None}
    ]


def test_impact_counts_partner_centres_their_countries_and_the_people_trained():
    InstitutionFactory(country="MX")
    InstitutionFactory(country="MX")
    InstitutionFactory(country="AR")
    InstitutionFactory(country="ES", is_partner=False)
    twice = UserFactory()
    certificate(recipient=twice)
    certificate(recipient=twice, kind=Kind.OBSERVERSHIP)
    certificate()
    certificate(status=Certificate.Status.REVOKED)

    assert selectors.impact() == selectors.Impact(partner_centres=3, countries=2, professionals_trained=2)


def test_impact_is_kept_in_the_cache_after_the_first_read(django_assert_num_queries):
    InstitutionFactory()
    first = selectors.impact()
    InstitutionFactory()

    with django_assert_num_queries(0):
        assert selectors.impact() == first


# Live training -----------------------------------------------------------------------------------


def test_live_series_count_sessions_held_cases_presence_and_certificates():
    from live.models import Session as LiveSession
    from tests.live.factories import SeriesFactory
    from tests.live.factories import SessionFactory as LiveSessionFactory

    board = SeriesFactory(title="Oncology board")
    first = live_session(series=board, present=(UserFactory(), UserFactory()), absent=(UserFactory(),), cases=2)
    live_session(series=board, present=(UserFactory(),))
    cancelled = live_session(series=board, present=(UserFactory(),), cases=1)
    LiveSession.objects.filter(pk=cancelled.pk).update(status=LiveSession.Status.CANCELLED)
    LiveSessionFactory(series=board)  # upcoming: not held yet

    [row] = selectors.live_series(filters=EVERYTHING)

    assert first.series == board
    assert row == {"label": "Oncology board", "sessions": 2, "cases": 2, "present": 3, "certificates": 3}


def test_live_series_honour_the_years():
    from tests.live.factories import SeriesFactory

    board = SeriesFactory(title="Oncology board")
    live_session(series=board, year=2024, present=(UserFactory(),))
    live_session(series=board, year=2025, present=(UserFactory(), UserFactory()))

    [row] = selectors.live_series(filters=Filters(year_from=2025, year_to=2025))

    assert (row["sessions"], row["present"]) == (1, 2)


def test_live_partners_count_presence_and_cases_per_institution_and_country():
    kenyatta = InstitutionFactory(name="Kenyatta National Hospital", country="KE")
    nairobi = [UserFactory(institution=kenyatta, country="KE") for _ in range(2)]
    unattached = UserFactory(institution=None, country="RW")
    live_session(present=(nairobi[0], nairobi[1]), cases=1)
    live_session(present=(nairobi[0], unattached), absent=(UserFactory(institution=kenyatta, country="KE"),))

    rows = selectors.live_partners(filters=EVERYTHING)

    assert [(str(r["label"]), str(r["country"]), r["people"], r["present"], r["cases"]) for r in rows] == [
        ("Kenyatta National Hospital", "Kenya", 2, 3, 1),
        ("Not given", "Rwanda", 1, 1, 0),
    ]
