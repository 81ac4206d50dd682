"""Reports for coordinators: server-rendered SVG charts with their numbers beside, and CSV."""


from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

from lms import exports
from lms.models import Role
from lms.web import role_required

from . import definitions
from .forms import ReportFilterForm

coordinators_only = role_required(Role.COORDINATOR)


@coordinators_only
def overview(request):
    """Every report under the same filters; bad filters answer 400 with the form, no numbers."""
    form = ReportFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "reports/overview.html", {"form": form, "sections": []}, status=400)
    filters = form.filters()
    sections = [definitions.section(report, filters) for report in definitions.REPORTS]
    return render(request, "reports/overview.html", {"form": form, "sections": sections})


@coordinators_only
def report_csv(request, slug: str):
    report = definitions.BY_SLUG.get(slug)
    if report is None:
        raise Http404
    form = ReportFilterForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(form.error_text(), content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{report.slug}.csv"'
    exports.writer(response).writerows(definitions.csv_rows(report, form.filters()))
    return response
