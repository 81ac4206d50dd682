import csv
import io
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from django_countries import countries

from certificates.models import Kind
from reports.definitions import REPORTS
from tests.courses.factories import make_course
from tests.factories import CoordinatorFactory, FacultyFactory, InstitutionFactory, SponsorFactory, UserFactory
from tests.reports.factories import (
    assessment,
    at,
    certificate,
    enrolment,
    event,
    live_session,
    placement,
    submitted,
)
from tests.simulation.factories import ScenarioFactory

pytestmark = pytest.mark.django_db

PAGE = "/reports/"
CSV = "/reports/trainees-by-country.csv"
COUNTRY_CODES = [country.code for country in countries][:40]
TYPES = ("observership", "training_fellowship", "fellowship")


@pytest.fixture
def coordinator(client):
    person = CoordinatorFactory()
    client.force_login(person)
    return person


@pytest.fixture
def populate(intake_of):
    """populate(n): n rows in every report that grows with the data."""
    course = make_course()

    def add(count: int) -> None:
        for _ in range(count):
            n = add.made = add.made + 1
            kind = TYPES[n % 3]
            trained = placement(
                intake=intake_of(kind),
                applicant=UserFactory(country=COUNTRY_CODES[n]),
                institution=InstitutionFactory(),
                sponsor=SponsorFactory(),
                year=2015 + n,
            )
            event(trained.application, "submit", at(2014 + n, 10))
            event(trained.application, "accept", at(2014 + n, 11))
            enrolment(course=make_course() if n <= 12 else course, completed=n % 2 == 0, quizzes=(n % 3 == 0,))
            assessment(scenario=ScenarioFactory(), passed=n % 2 == 0)
            certificate(kind=kind, year=2015 + n, credits={"ancc": Decimal("2"), "cpd_hours": Decimal("1.5")})
            live_session(present=(UserFactory(institution=InstitutionFactory(), country=COUNTRY_CODES[n]),), cases=1)

    add.made = 0
    return add


def _section(content: bytes, slug: str):
    return BeautifulSoup(content, "html.parser").find("section", id=slug)


def test_a_coordinator_sees_every_report_with_a_chart_and_a_csv_link(client, coordinator, populate):
    populate(3)

    response = client.get(PAGE)

    assert response.status_code == 200
    for report in REPORTS:
        section = _section(response.content, report.slug)
        assert section.h2.get_text() == report.title
        assert section.find("svg") is not None
        assert section.find("a", href=f"/reports/{report.slug}.csv") is not None


def test_each_chart_is_an_image_named_by_its_report_heading(client, coordinator, populate):
    populate(3)

    page = BeautifulSoup(client.get(PAGE).content, "html.parser")

    charts = page.find_all("svg")
    assert len(charts) == len(REPORTS)
    for svg in charts:
        assert svg["role"] == "img"
        assert page.find(id=svg["aria-labelledby"]).name == "h2"


def test_the_table_beside_each_chart_carries_the_same_numbers(client, coordinator, populate):
    populate(3)
    content = client.get(PAGE).content

    for report in REPORTS:
        section = _section(content, report.slug)
        charted = [column.key for column in report.columns].index(report.chart)
        in_table = [row.find_all(["th", "td"])[charted].get_text() for row in section.tbody.find_all("tr")]
        in_chart = [text.get_text() for text in section.svg.find_all("text", attrs={"text-anchor": "end"})]
        assert in_chart == in_table, report.slug


def test_the_table_shows_the_trainees_of_each_country(client, coordinator, intake_of):
    placement(intake=intake_of(), applicant=UserFactory(country="MX"))
    placement(intake=intake_of(), applicant=UserFactory(country="MX"))
    placement(intake=intake_of(), applicant=UserFactory(country="SN"))

    table = _section(client.get(PAGE).content, "trainees-by-country").table

    assert [[cell.get_text() for cell in row.find_all(["th", "td"])] for row in table.find_all("tr")] == [
        ["Country", "Trainees"],
        ["Mexico", "2"],
        ["Senegal", "1"],
    ]


def test_the_spanish_page_writes_numbers_in_spanish_and_bar_widths_with_a_dot(client, coordinator, intake_of):
    application = submitted(intake=intake_of(), on=at(2025, 3, 1))
    event(application, "accept", at(2025, 3, 10, hour=0))

    section = _section(client.get("/es" + PAGE).content, "decision-times")

    assert section.tbody.find_all("td")[-1].get_text() == "8,5"
    assert [rect["width"] for rect in section.svg.find_all("rect")] == ["100%", "100.0%"]


def test_a_report_with_nothing_to_count_says_so_instead_of_an_empty_chart(client, coordinator):
    section = _section(client.get(PAGE).content, "trainees-by-country")

    assert section.svg is None
    assert "Nothing to count for these filters." in section.get_text()


def test_the_programme_type_filter_is_said_not_to_apply_to_courses(client, coordinator):
    content = client.get(PAGE, {"programme_type": "fellowship"}).content

    assert "does not apply" in _section(content, "course-results").get_text()
    assert "does not apply" not in _section(content, "trainees-by-year").get_text()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"year_from": "last year"}, "year_from"),
        ({"year_to": "1850"}, "year_to"),
        ({"year_from": "2025", "year_to": "2024"}, "year_to"),
        ({"programme_type": "cruise"}, "programme_type"),
    ],
)
def test_bad_filters_answer_400_with_the_error_on_the_field_and_no_numbers(client, coordinator, query, field):
    response = client.get(PAGE, query)

    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find(id=f"id_{field}_error") is not None
    assert page.find("svg") is None and page.find("table") is None


def test_bad_filters_on_a_csv_answer_400_naming_the_field(client, coordinator):
    response = client.get(CSV, {"year_from": "last year"})

    assert response.status_code == 400
    assert response.content.decode() == "From year: Enter a whole number."


@pytest.mark.parametrize("person", [UserFactory, FacultyFactory])
@pytest.mark.parametrize("url", [PAGE, CSV])
def test_learners_and_faculty_get_404(client, person, url):
    client.force_login(person())

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", [PAGE, CSV])
def test_anonymous_visitors_are_sent_to_login(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_an_unknown_report_has_no_csv(client, coordinator):
    assert client.get("/reports/salaries.csv").status_code == 404


def test_the_csv_has_a_header_and_a_row_per_country(client, coordinator, intake_of):
    placement(intake=intake_of(), applicant=UserFactory(country="MX"))
    placement(intake=intake_of(), applicant=UserFactory(country="MX"))
    placement(intake=intake_of(), applicant=UserFactory(country="SN"))

    response = client.get(CSV)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="trainees-by-country.csv"'
    assert list(csv.reader(io.StringIO(response.content.decode()))) == [
        ["Country", "Trainees"],
        ["Mexico", "2"],
        ["Senegal", "1"],
    ]


def test_the_csv_honours_the_filters(client, coordinator, intake_of):
    placement(intake=intake_of(), applicant=UserFactory(country="MX"), year=2024)
    placement(intake=intake_of(), applicant=UserFactory(country="SN"), year=2025)

    response = client.get(CSV, {"year_from": "2025"})

    assert list(csv.reader(io.StringIO(response.content.decode()))) == [["Country", "Trainees"], ["Senegal", "1"]]


def test_the_csv_has_every_row_the_page_leaves_out(client, coordinator, intake_of):
    for _ in range(21):
        placement(intake=intake_of(), institution=InstitutionFactory())

    page = _section(client.get(PAGE).content, "trainees-by-institution")
    rows = list(csv.reader(io.StringIO(client.get("/reports/trainees-by-institution.csv").content.decode())))

    assert len(page.tbody.find_all("tr")) == 20
    assert "the CSV has them all" in page.get_text()
    assert len(rows) == 1 + 21


def test_the_csv_writes_text_that_looks_like_a_formula_as_text(client, coordinator, intake_of):
    placement(intake=intake_of(), institution=InstitutionFactory(name='=HYPERLINK("http://example.com")'))

    rows = list(csv.reader(io.StringIO(client.get("/reports/trainees-by-institution.csv").content.decode())))

    assert rows[1] == ['\'=HYPERLINK("http://example.com")', "1"]


def test_the_page_uses_the_same_queries_for_3_and_30_rows(client, coordinator, populate, queries_for):
    populate(3)
    few = queries_for(client, PAGE)

    populate(27)

    assert queries_for(client, PAGE) == few


def test_the_page_stays_under_150_kb_with_every_report_full(client, coordinator, populate):
    populate(30)

    assert len(client.get(PAGE).content) < 150_000


def test_the_impact_block_shows_the_figures():
    InstitutionFactory(country="MX")
    InstitutionFactory(country="AR")
    certificate(kind=Kind.SIMULATION)

    html = Template("{% load reports_impact %}{% impact_block %}").render(Context())

    texts = [item.get_text(" ", strip=True) for item in BeautifulSoup(html, "html.parser").find_all("li")]
    assert texts == ["2 partner centres", "2 countries", "1 professional trained"]
