"""Each report as the page and its CSV show it: title, columns, which column the bars draw, and
how many rows fit on the page. The numbers come from `selectors`; this module only names,
formats and lays them out, so the page, its tables and the CSV cannot disagree."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from certificates.credit import format_amount

from . import selectors
from .charts import Chart, bar_chart
from .selectors import Filters

TEXT, COUNT, PERCENT, DAYS, AMOUNT = "text", "count", "percent", "days", "amount"
MISSING = "—"


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    unit: str = COUNT

    def display(self, value) -> str:
        """For the page, in the reader's language: 8,5 in Spanish, 8.5 in English."""
        if value is None:
            return MISSING
        if self.unit == TEXT:
            return str(value)
        if self.unit == PERCENT:
            return f"{number_format(value, 1)}%"
        if self.unit == DAYS:
            return number_format(value, 1)
        if self.unit == AMOUNT:
            return number_format(Decimal(format_amount(value)))
        return number_format(value)

    def raw(self, value) -> str | int | float | Decimal:
        """For the CSV: numbers as numbers, with a dot (`lms.exports` neutralises formula-like text)."""
        if value is None:
            return ""
        if self.unit == TEXT:
            return str(value)
        return value


@dataclass(frozen=True)
class Report:
    slug: str
    title: Promise
    description: Promise
    read: Callable[..., list[dict]]
    columns: tuple[Column, ...]  # the first names the row
    chart: str  # the key of the column the bars draw
    page_limit: int | None = None  # rows on the page for reports that grow; the CSV has all
    residential: bool = True  # whether the programme type filter applies

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    def rows(self, filters: Filters, *, limit: int | None = None) -> list[dict]:
        return self.read(filters=filters, limit=limit) if limit is not None else self.read(filters=filters)


@dataclass(frozen=True)
class Section:
    """One report on the page: the bars and, beside them, the same numbers as a table."""

    report: Report
    cells: list[list[str]]
    chart: Chart
    may_have_more: bool
    programme_type_ignored: bool


TRAINEES = Column("trainees", _("Trainees"))
PLACEMENTS_NOTE = _("People with a residential placement that went ahead, each counted once per row.")

REPORTS: tuple[Report, ...] = (
    Report(
        slug="trainees-by-country",
        title=_("Trainees by country"),
        description=PLACEMENTS_NOTE,
        read=selectors.trainees_by_country,
        columns=(Column("label", _("Country"), TEXT), TRAINEES),
        chart="trainees",
        page_limit=20,
    ),
    Report(
        slug="trainees-by-institution",
        title=_("Trainees by partner institution"),
        description=_("The institution named on each trainee's application."),
        read=selectors.trainees_by_institution,
        columns=(Column("label", _("Institution"), TEXT), TRAINEES),
        chart="trainees",
        page_limit=20,
    ),
    Report(
        slug="trainees-by-programme-type",
        title=_("Trainees by programme type"),
        description=PLACEMENTS_NOTE,
        read=selectors.trainees_by_programme_type,
        columns=(Column("label", _("Programme type"), TEXT), TRAINEES),
        chart="trainees",
    ),
    Report(
        slug="trainees-by-year",
        title=_("Trainees by year"),
        description=_("By the year their placement starts."),
        read=selectors.trainees_by_year,
        columns=(Column("label", _("Year"), TEXT), TRAINEES),
        chart="trainees",
    ),
    Report(
        slug="sponsored-places",
        title=_("Sponsored places by sponsor"),
        description=_("Trainees' placements whose application names a sponsor."),
        read=selectors.sponsored_places,
        columns=(
            Column("label", _("Sponsor"), TEXT),
            Column("places", _("Places")),
            Column("completed", _("Completed")),
        ),
        chart="places",
        page_limit=20,
    ),
    Report(
        slug="application-funnel",
        title=_("Application funnel"),
        description=_("Applications submitted in the period, and how many reached each stage."),
        read=selectors.application_funnel,
        columns=(
            Column("label", _("Stage"), TEXT),
            Column("applications", _("Applications")),
            Column("share", _("Share of submitted"), PERCENT),
        ),
        chart="applications",
    ),
    Report(
        slug="decision-times",
        title=_("Decision times"),
        description=_("Average days from submission to the first decision: accepted, waitlisted or not accepted."),
        read=selectors.decision_times,
        columns=(
            Column("label", _("Programme type"), TEXT),
            Column("decided", _("Decisions")),
            Column("average_days", _("Average days"), DAYS),
        ),
        chart="average_days",
    ),
    Report(
        slug="course-results",
        title=_("Online courses: completion and pass rates"),
        description=_("Enrolments begun in the period, all courses together and the courses with most enrolments."),
        read=selectors.course_results,
        columns=(
            Column("label", _("Course"), TEXT),
            Column("enrolments", _("Enrolments")),
            Column("completed", _("Completed")),
            Column("completion_rate", _("Completion rate"), PERCENT),
            Column("attempts", _("Quiz attempts")),
            Column("pass_rate", _("Quiz pass rate"), PERCENT),
        ),
        chart="completion_rate",
        page_limit=10,
        residential=False,
    ),
    Report(
        slug="simulation-results",
        title=_("Simulation: pass rates"),
        description=_("Participants assessed in sessions held in the period, all scenarios together and per scenario."),
        read=selectors.simulation_results,
        columns=(
            Column("label", _("Scenario"), TEXT),
            Column("assessed", _("Assessed")),
            Column("passed", _("Passed")),
            Column("pass_rate", _("Pass rate"), PERCENT),
        ),
        chart="pass_rate",
        page_limit=10,
        residential=False,
    ),
    Report(
        slug="live-series",
        title=_("Live training per series"),
        description=_(
            "Sessions held in the period, the cases presented at them, the people present (any "
            "minutes attended) and the certificates issued for them."
        ),
        read=selectors.live_series,
        columns=(
            Column("label", _("Series"), TEXT),
            Column("sessions", _("Sessions held")),
            Column("cases", _("Cases presented")),
            Column("present", _("Present")),
            Column("certificates", _("Certificates")),
        ),
        chart="present",
        page_limit=10,
        residential=False,
    ),
    Report(
        slug="live-partners",
        title=_("Live training per partner institution"),
        description=_(
            "Presence at the sessions held in the period and the cases presented, by the "
            "institution and country on each person's profile."
        ),
        read=selectors.live_partners,
        columns=(
            Column("label", _("Institution"), TEXT),
            Column("country", _("Country"), TEXT),
            Column("people", _("People")),
            Column("present", _("Present at sessions")),
            Column("cases", _("Cases presented")),
        ),
        chart="present",
        page_limit=20,
        residential=False,
    ),
    Report(
        slug="certificates-issued",
        title=_("Certificates issued"),
        description=_("Certificates that stand, by year of issue and kind: revoked ones are left out."),
        read=selectors.certificates_issued,
        columns=(
            Column("year", _("Year"), TEXT),
            Column("kind", _("Kind"), TEXT),
            Column("certificates", _("Certificates")),
            Column("hours", _("Hours"), AMOUNT),
        ),
        chart="certificates",
        page_limit=20,
    ),
    Report(
        slug="credits-issued",
        title=_("Credits issued"),
        description=_("Credit designated on the certificates issued, by year and credit system."),
        read=selectors.credits_issued,
        columns=(
            Column("year", _("Year"), TEXT),
            Column("system", _("Credit system"), TEXT),
            Column("certificates", _("Certificates")),
            Column("credits", _("Credit designated"), AMOUNT),
        ),
        chart="credits",
        page_limit=20,
    ),
)

BY_SLUG = {report.slug: report for report in REPORTS}


def section(report: Report, filters: Filters) -> Section:
    rows = report.rows(filters, limit=report.page_limit)
    charted = report.column(report.chart)
    return Section(
        report=report,
        cells=[[column.display(row[column.key]) for column in report.columns] for row in rows],
        chart=bar_chart(
            rows, value=charted.key, display=charted.display, scale_max=100 if charted.unit == PERCENT else None
        ),
        may_have_more=report.page_limit is not None and len(rows) >= report.page_limit,
        programme_type_ignored=bool(filters.programme_type) and not report.residential,
    )


def csv_rows(report: Report, filters: Filters) -> Iterator[list]:
    """The header, then every row (no page limit)."""
    yield [str(column.label) for column in report.columns]
    for row in report.rows(filters):
        yield [column.raw(row[column.key]) for column in report.columns]
