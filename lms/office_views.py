"""The training office's view of the machinery: the audit trail (filters, CSV) and follow-up
work that failed or is stuck (with a retry button). Coordinators only."""


from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import exports, selectors, services
from .filters import AuditFilter
from .models import ErasureRequest, OutboxMessage, Role
from .web import attempt, page_of, role_required

EVENTS_PER_PAGE = 50
DELIVERIES_PER_PAGE = 50
AUDIT_CSV_COLUMNS = ["seq", "at", "actor_id", "actor_email", "verb", "object", "object_id", "from", "to", "comment"]

coordinators_only = role_required(Role.COORDINATOR)


def _filtered(request) -> AuditFilter:
    return AuditFilter(request.GET or None, queryset=selectors.audit_events())


@coordinators_only
def audit_trail(request):
    filterset = _filtered(request)
    events = filterset.qs if filterset.is_valid() else selectors.audit_events().none()
    page = page_of(request, events, EVENTS_PER_PAGE)
    return render(
        request,
        "lms/office/audit.html",
        {"filter": filterset, "page_obj": page},
        status=400 if filterset.is_bound and filterset.errors else 200,
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@coordinators_only
def audit_csv(request):
    """Every event the filters select, streamed (a year of events need not fit in memory)."""
    filterset = _filtered(request)
    events = filterset.qs if filterset.is_valid() else selectors.audit_events().none()
    writer = exports.writer(_Echo())

    def rows():
        yield writer.writerow(AUDIT_CSV_COLUMNS)
        for event in events.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    event.seq or "",
                    event.at.isoformat(),
                    event.actor_id or "",
                    event.actor.email if event.actor_id and event.actor else "",
                    event.verb,
                    event.target_type,
                    event.target_id,
                    event.from_status,
                    event.to_status,
                    event.comment,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-trail.csv"'
    return response


@coordinators_only
def deliveries(request):
    page = page_of(request, selectors.deliveries_needing_attention(), DELIVERIES_PER_PAGE)
    return render(request, "lms/office/deliveries.html", {"page_obj": page})


@coordinators_only
@require_POST
def retry_delivery(request, pk: int):
    message = get_object_or_404(OutboxMessage, pk=pk)
    attempt(
        request,
        lambda: services.retry_delivery(actor=request.user, message=message),
        success=_("Sent again: it will be delivered in a few seconds."),
    )
    return redirect("office-deliveries")


@coordinators_only
def erasures(request):
    waiting = ErasureRequest.objects.filter(status=ErasureRequest.Status.REQUESTED).select_related("user")
    page = page_of(request, waiting, DELIVERIES_PER_PAGE)
    return render(request, "lms/office/erasures.html", {"page_obj": page})


@coordinators_only
@require_POST
def decide_erasure(request, pk: int):
    erasure = get_object_or_404(ErasureRequest, pk=pk)
    confirm = request.POST.get("decision") == "confirm"
    attempt(
        request,
        lambda: services.decide_erasure(
            actor=request.user, request=erasure, confirm=confirm, comment=request.POST.get("comment", "")[:2000]
        ),
        success=_("Erased: the person's data is gone; a pseudonym keeps the counts.") if confirm else _("Refused."),
    )
    return redirect("office-erasures")
