"""HTML pages: upcoming sessions with booking, my bookings with calendar files and feed, and
for facilitators their schedule, rosters, attendance, assessment and debrief; coordinators
schedule and cancel sessions."""

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.models import Role
from lms.web import attempt, page_of, role_required

from . import calendar, selectors, services
from .filters import SessionFilter
from .forms import AssessmentForm, CancelSessionForm, DebriefForm, ScheduleSessionForm, session_filter_choices
from .models import Booking, CalendarFeed, Session

SESSIONS_PER_PAGE = 30


def sessions(request):
    """Upcoming sessions anyone may browse, with the visitor's own booking next to each."""
    filterset = SessionFilter(request.GET or None, queryset=selectors.upcoming_sessions())
    filterset.form.fields["discipline"].widget = django_forms.Select(choices=session_filter_choices())
    filterset.form.fields["date_from"].widget = django_forms.DateInput(attrs={"type": "date"})
    filterset.form.fields["date_to"].widget = django_forms.DateInput(attrs={"type": "date"})
    queryset = Session.objects.none() if filterset.is_bound and not filterset.is_valid() else filterset.qs
    page = page_of(request, queryset, SESSIONS_PER_PAGE)
    mine = {}
    if request.user.is_authenticated:
        mine = selectors.bookings_by_session(user=request.user, sessions=page.object_list)
    rows = [(session, mine.get(session.pk)) for session in page.object_list]
    return render(
        request,
        "simulation/sessions.html",
        {"filter": filterset, "page_obj": page, "rows": rows},
        status=400 if filterset.is_bound and filterset.errors else 200,
    )


def session_detail(request, pk: int):
    session = get_object_or_404(selectors.with_occupancy(Session.objects.prefetch_related("facilitators")), pk=pk)
    booking = None
    if request.user.is_authenticated:
        booking = selectors.bookings_by_session(user=request.user, sessions=[session]).get(session.pk)
    return render(request, "simulation/session.html", {"session": session, "booking": booking})


@login_required
@require_POST
def book(request, pk: int):
    session = get_object_or_404(Session, pk=pk)
    booked = attempt(request, lambda: services.book(actor=request.user, session=session))
    if booked:
        booking = booked.value
        if booking.status == Booking.Status.CONFIRMED:
            messages.success(request, _("Your place is booked."))
        else:
            position = selectors.waitlist_position(
                selectors.with_waitlist_position(Booking.objects.filter(pk=booking.pk)).get()
            )
            messages.info(
                request, _("The session is full: you are number %(position)s on the waitlist.") % {"position": position}
            )
    return redirect("simulation:session", pk=pk)


@login_required
def my_bookings(request):
    feed = CalendarFeed.objects.filter(user=request.user).first()
    bookings = page_of(request, selectors.my_bookings(user=request.user), SESSIONS_PER_PAGE)
    feed_url = request.build_absolute_uri(reverse("simulation:feed", args=[feed.token])) if feed else ""
    return render(
        request, "simulation/my_bookings.html", {"bookings": bookings, "page_obj": bookings, "feed_url": feed_url}
    )


def _my_booking_or_404(request, pk: int) -> Booking:
    return get_object_or_404(selectors.my_bookings(user=request.user), pk=pk)


@login_required
def cancel_booking(request, pk: int):
    """GET asks for confirmation (a place given up may go to the waitlist at once); POST cancels."""
    booking = _my_booking_or_404(request, pk)
    if request.method != "POST":
        return render(request, "simulation/cancel_booking.html", {"booking": booking})
    attempt(
        request,
        lambda: services.cancel_booking(actor=request.user, booking=booking),
        success=_("Your booking is cancelled."),
    )
    return redirect("simulation:my-bookings")


@login_required
def booking_ics(request, pk: int):
    booking = _my_booking_or_404(request, pk)
    response = HttpResponse(calendar.booking_calendar(booking), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="simulation-session-{booking.session_id}.ics"'
    return response


def feed(request, token: str):
    """The personal calendar feed: no login (calendar apps cannot log in), the token is the key."""
    owner = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token).user
    body = calendar.personal_feed(
        bookings=selectors.feed_bookings(user=owner),
        facilitated=selectors.feed_facilitated(user=owner),
        name=_("Simulation training"),
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
@require_POST
def reset_feed(request):
    """The person's feed address, made on their request (a POST, never by opening the page); a
    second press gives a new token and the old URL stops working (e.g. after sharing it)."""
    existed = CalendarFeed.objects.filter(user=request.user).exists()
    services.reset_calendar_feed(actor=request.user)
    if existed:
        messages.success(request, _("Your calendar feed has a new address; the old one no longer works."))
    else:
        messages.success(request, _("Your calendar feed is ready: add its address to your calendar app."))
    return redirect("simulation:my-bookings")


@role_required(Role.FACULTY, Role.COORDINATOR)
def facilitating(request):
    """Facilitators: the sessions they run (coordinators: all), upcoming first then past."""
    scheduled = page_of(
        request, selectors.facilitated_sessions(user=request.user).prefetch_related("facilitators"), SESSIONS_PER_PAGE
    )
    return render(request, "simulation/facilitating.html", {"sessions": scheduled, "page_obj": scheduled})


def _facilitated_or_404(request, pk: int) -> Session:
    return get_object_or_404(selectors.facilitated_sessions(user=request.user), pk=pk)


@login_required
def roster(request, pk: int):
    session = _facilitated_or_404(request, pk)
    debrief = DebriefForm(request.POST or None, initial={"notes": session.debrief_notes})
    if request.method == "POST" and debrief.is_valid():
        services.write_debrief(actor=request.user, session=session, notes=debrief.cleaned_data["notes"])
        messages.success(request, _("Debrief notes saved."))
        return redirect("simulation:roster", pk=pk)
    return render(
        request,
        "simulation/roster.html",
        {
            "session": session,
            "bookings": selectors.roster(session=session),
            "debrief": debrief,
            "cancel_form": CancelSessionForm(),
        },
        status=400 if debrief.errors else 200,
    )


def _facilitated_booking_or_404(request, pk: int) -> Booking:
    sessions = selectors.facilitated_sessions(user=request.user).values("pk")
    queryset = Booking.objects.filter(session__in=sessions).select_related("session__scenario", "participant")
    return get_object_or_404(queryset, pk=pk)


@login_required
@require_POST
def attendance(request, pk: int):
    booking = _facilitated_booking_or_404(request, pk)
    attended = request.POST.get("attended")
    if attended not in ("yes", "no"):
        messages.error(request, _("Say whether the participant attended."))
        return redirect("simulation:roster", pk=booking.session_id)
    attempt(request, lambda: services.mark_attendance(actor=request.user, booking=booking, attended=attended == "yes"))
    return redirect("simulation:roster", pk=booking.session_id)


@login_required
def assess(request, pk: int):
    booking = _facilitated_booking_or_404(request, pk)
    scenario = booking.session.scenario
    previous = dict(booking.ratings.values_list("item_id", "rating"))
    form = AssessmentForm(
        request.POST or None, scenario=scenario, initial_ratings=previous, initial={"feedback": booking.feedback}
    )
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.assess(
                actor=request.user, booking=booking, ratings=form.ratings(), feedback=form.cleaned_data["feedback"]
            ),
            form=form,
        )
        if done:
            assessed = done.value
            messages.success(
                request,
                _("%(name)s: %(result)s (%(score)s%%).")
                % {
                    "name": assessed.participant.full_name,
                    "result": assessed.get_result_display(),
                    "score": assessed.score,
                },
            )
            return redirect("simulation:roster", pk=booking.session_id)
    return render(
        request,
        "simulation/assess.html",
        {"booking": booking, "form": form},
        status=400 if form.errors else 200,
    )


@role_required(Role.COORDINATOR)
def schedule(request):
    """Coordinators schedule a session; clashes come back next to the room or facilitators."""
    form = ScheduleSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scheduled = attempt(
            request,
            lambda: services.schedule_session(
                actor=request.user,
                scenario=data["scenario"],
                room=data["room"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                places=data["places"],
                facilitators=list(data["facilitators"]),
                cancellation_hours=data["cancellation_hours"],
            ),
            form=form,
        )
        if scheduled:
            session = scheduled.value
            messages.success(request, _("Session scheduled: %(session)s.") % {"session": session})
            return redirect("simulation:roster", pk=session.pk)
    return render(request, "simulation/schedule.html", {"form": form}, status=400 if form.errors else 200)


@role_required(Role.COORDINATOR)
@require_POST
def cancel_session(request, pk: int):
    session = get_object_or_404(Session, pk=pk)
    form = CancelSessionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("reason", [])))
        return redirect("simulation:roster", pk=pk)
    attempt(
        request,
        lambda: services.cancel_session(actor=request.user, session=session, reason=form.cleaned_data["reason"]),
        success=_("Session cancelled; everyone booked has been told."),
    )
    return redirect("simulation:roster", pk=pk)
