import pytest

from certificates.models import Kind
from reports import selectors
from reports.forms import ERROR_YEARS_REVERSED, ReportFilterForm
from reports.selectors import Filters
from tests.courses.factories import make_course
from tests.reports.factories import at, certificate, enrolment, event, placement, submitted

pytestmark = pytest.mark.django_db


def _labels(rows):
    return [str(row["label"]) for row in rows]


def test_the_years_narrow_the_trainees_to_placements_starting_in_them(intake_of):
    for year in (2023, 2024, 2025):
        placement(intake=intake_of(), year=year)

    assert _labels(selectors.trainees_by_year(filters=Filters(year_from=2024))) == ["2024", "2025"]
    assert _labels(selectors.trainees_by_year(filters=Filters(year_to=2024))) == ["2023", "2024"]
    assert _labels(selectors.trainees_by_year(filters=Filters(year_from=2024, year_to=2024))) == ["2024"]


def test_the_programme_type_narrows_trainees_and_certificates_to_that_type(intake_of):
    placement(intake=intake_of("observership"))
    placement(intake=intake_of("fellowship"))
    certificate(kind=Kind.OBSERVERSHIP)
    certificate(kind=Kind.ONLINE_COURSE)
    fellowships = Filters(programme_type="fellowship")
    observerships = Filters(programme_type="observership")

    assert _labels(selectors.trainees_by_programme_type(filters=fellowships)) == ["Fellowship"]
    assert [row["kind"] for row in selectors.certificates_issued(filters=observerships)] == ["Observership"]


def test_the_years_narrow_the_funnel_to_applications_submitted_in_them(intake_of):
    for year in (2024, 2025):
        event(submitted(intake=intake_of(), on=at(year)), "submit", at(year))

    rows = selectors.application_funnel(filters=Filters(year_from=2025))

    assert rows[0]["applications"] == 1


def test_the_years_narrow_course_results_to_enrolments_begun_in_them():
    course = make_course()
    enrolment(course=course, year=2024, completed=True)
    enrolment(course=course, year=2025)

    total = selectors.course_results(filters=Filters(year_to=2024))[0]

    assert (total["enrolments"], total["completion_rate"]) == (1, 100.0)


def test_the_form_gives_empty_filters_for_an_empty_query():
    form = ReportFilterForm({})

    assert form.is_valid()
    assert form.filters() == Filters()


def test_the_form_refuses_an_end_year_before_the_start_year_on_the_end_year():
    form = ReportFilterForm({"year_from": "2025", "year_to": "2024"})

    assert not form.is_valid()
    assert form.errors["year_to"] == [str(ERROR_YEARS_REVERSED)]
