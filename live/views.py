"""HTML pages of live training: the series catalogue, a session with registration, check-in,
cases and the claim of credit; for faculty and the office the check-in code, attendance (video
report import, roster, corrections) and recommendations; calendar files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.views import serve as wagtail_serve

from lms.uploads import file_response
from lms.web import attempt, page_of

from . import calendar, deidentify, documents, selectors, services
from .forms import (
    AdjustForm,
    CancelSessionForm,
    CaseForm,
    CheckInForm,
    EnduringForm,
    EvaluationForm,
    MoveSessionForm,
    PeriodForm,
    RecommendationsForm,
    RegisterForm,
    VideoReportForm,
)
from .models import Case, CaseAttachment, EnduringActivity, Evaluation, Registration, Series, Session

PER_PAGE = 30


def series_list(request):
    """The catalogue is a CMS page (SeriesIndexPage, slug "live"), served here so that links
    keep `live:series-list` with the reader's language prefix. Until an editor has made that
    page (a site upgraded from before it), the same list is shown with the default wording."""
    try:
        return wagtail_serve(request, "live/")
    except Http404:
        return render(request, "live/series_list.html", selectors.series_catalogue(request=request))


def series_detail(request, pk: int):
    """A series by its id: its public page in the reader's language when it has one (where the
    office describes it), else its facts and sessions here."""
    series = get_object_or_404(Series, pk=pk, published=True)
    page = selectors.series_pages(series=[series]).get(series.pk)
    if page is not None:
        return redirect(page.get_url(request=request))
    return render(request, "live/series.html", selectors.series_page_context(request=request, series=series))


def _session_or_404(pk: int) -> Session:
    return get_object_or_404(selectors.sessions(), pk=pk)


def session_detail(request, pk: int):
    return _session_page(request, _session_or_404(pk))


def _session_page(
    request,
    session: Session,
    *,
    register_form: RegisterForm | None = None,
    move_form: MoveSessionForm | None = None,
    status: int = 200,
):
    user = request.user
    registration = selectors.registrations_by_session(user=user, sessions=[session]).get(session.pk)
    teaches = selectors.teaches(user=user, series=session.series)
    cases = list(selectors.cases(session=session)) if (teaches or registration) else []
    certificate = selectors.certificates_by_registration([registration]).get(registration.pk) if registration else None
    evaluated = registration is not None and Evaluation.objects.filter(registration=registration).exists()
    now = timezone.now()
    context = {
        "session": session,
        "series": session.series,
        "registration": registration,
        "teaches": teaches,
        "cases": cases,
        "certificate": certificate,
        "evaluated": evaluated,
        "ended": session.ends_at <= now,
        "open": session.status == Session.Status.SCHEDULED and session.ends_at > now,
        "register_form": register_form or RegisterForm(),
        "check_in_form": CheckInForm(),
        "evaluation_form": EvaluationForm(),
        "cancel_form": CancelSessionForm(),
        "move_form": move_form or MoveSessionForm(session=session),
        "enduring": EnduringActivity.objects.filter(session=session, published=True).first(),
    }
    return render(request, "live/session.html", context, status=status)


@login_required
@require_POST
def register(request, pk: int):
    session = _session_or_404(pk)
    form = RegisterForm(request.POST)
    if not form.is_valid():
        # A role that is not offered is refused on the form (it registered as a participant).
        return _session_page(request, session, register_form=form, status=400)
    attempt(
        request,
        lambda: services.register(actor=request.user, session=session, role=form.cleaned_data["role"]),
        success=_("You are registered. The link to join is on this page."),
    )
    return redirect("live:session", pk=pk)


@login_required
@require_POST
def register_series(request, pk: int):
    series = get_object_or_404(Series, pk=pk, published=True)
    done = attempt(request, lambda: services.register_for_series(actor=request.user, series=series))
    if done:
        messages.success(request, _("You are registered for %(count)s sessions.") % {"count": len(done.value)})
    return redirect("live:series", pk=pk)


@login_required
def cancel_registration(request, pk: int):
    """GET asks for confirmation (a seat given up in the room may go to someone else); POST
    cancels. It was one click from the session page."""
    registration = get_object_or_404(Registration.objects.select_related("session__series"), pk=pk, person=request.user)
    if request.method != "POST":
        return render(request, "live/cancel_registration.html", {"registration": registration})
    attempt(
        request,
        lambda: services.cancel_registration(actor=request.user, registration=registration),
        success=_("Your registration is cancelled."),
    )
    return redirect("live:session", pk=registration.session_id)


@login_required
@require_POST
def check_in(request, pk: int):
    session = _session_or_404(pk)
    form = CheckInForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.check_in(actor=request.user, session=session, code=form.cleaned_data["code"]),
            success=_("You are checked in."),
        )
    else:
        messages.error(request, _("Enter the check-in code."))
    return redirect("live:session", pk=pk)


@login_required
@require_POST
def open_check_in(request, pk: int):
    session = get_object_or_404(Session, pk=pk)
    attempt(request, lambda: services.open_check_in(actor=request.user, session=session), hide_denied=True)
    return redirect("live:session", pk=pk)


@login_required
@require_POST
def claim(request, pk: int):
    registration = get_object_or_404(Registration, pk=pk, person=request.user)
    form = EvaluationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Answer the questions to claim your credit."))
        return redirect("live:session", pk=registration.session_id)
    attempt(
        request,
        lambda: services.evaluate_and_claim(actor=request.user, registration=registration, **form.cleaned_data),
        success=_("Thank you. Your certificate is being prepared: it appears on this page in a few seconds."),
    )
    return redirect("live:session", pk=registration.session_id)


@login_required
def case_new(request, pk: int):
    session = _session_or_404(pk)
    form = CaseForm(request.POST or None, request.FILES or None)
    hits = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)

        def submit() -> Case:
            try:
                return services.submit_case(
                    actor=request.user, session=session, confirmed=request.POST.getlist("confirmed"), **data
                )
            except services.CaseScreenRefused as refusal:
                hits.extend(refusal.hits)
                raise

        if attempt(
            request,
            submit,
            form=form,
            success=_("Your case is submitted. The faculty will discuss it in the session."),
        ):
            return redirect("live:session", pk=pk)
    shown = [
        {
            "key": hit.key,
            "text": hit.text,
            "kind_label": deidentify.KIND_LABELS[hit.kind],
            "field_label": form.fields[hit.field].label if hit.field in form.fields else "",
        }
        for hit in hits
    ]
    return render(
        request,
        "live/case_form.html",
        {"session": session, "form": form, "hits": shown},
        status=400 if request.method == "POST" else 200,
    )


def _readable_case(request, pk: int) -> Case:
    case = selectors.visible_case(user=request.user, pk=pk)
    if case is None or case.status == Case.Status.ERASED:
        raise Http404
    return case


@login_required
def case_detail(request, pk: int):
    case = _readable_case(request, pk)
    teaches = selectors.teaches(user=request.user, series=case.session.series)
    form = RecommendationsForm(request.POST or None, initial={"recommendations": case.recommendations})
    if request.method == "POST":
        if not teaches:
            raise Http404
        if form.is_valid() and attempt(
            request,
            lambda: services.record_recommendations(
                actor=request.user, case=case, recommendations=form.cleaned_data["recommendations"]
            ),
            form=form,
            success=_("Recommendations saved; the presenter is told."),
        ):
            return redirect("live:case", pk=pk)
    return render(request, "live/case.html", {"case": case, "teaches": teaches, "form": form})


@login_required
def recommendations_pdf(request, pk: int):
    """The recommendations as a PDF, for whoever may read the case, once they are written."""
    case = _readable_case(request, pk)
    if not case.recommendations:
        raise Http404
    response = HttpResponse(documents.recommendations_pdf(case), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="recommendations-case-{case.pk}.pdf"'
    return response


@login_required
def case_attachment(request, pk: int, attachment_pk: int):
    case = _readable_case(request, pk)
    attachment = get_object_or_404(CaseAttachment, pk=attachment_pk, case=case)
    return file_response(attachment.file, filename=f"case-{case.pk}-{attachment.pk}.{attachment.extension}")


def _taught_session_or_404(request, pk: int) -> Session:
    return get_object_or_404(selectors.taught_sessions(user=request.user), pk=pk)


@login_required
def attendance(request, pk: int):
    session = _taught_session_or_404(request, pk)
    report = None
    upload_form = VideoReportForm()
    if request.method == "POST" and "file" in request.FILES:
        upload_form = VideoReportForm(request.POST, request.FILES)
        if upload_form.is_valid():
            done = attempt(
                request,
                lambda: services.import_video_report(
                    actor=request.user, session=session, upload=upload_form.cleaned_data["file"]
                ),
                form=upload_form,
                hide_denied=True,
            )
            if done:
                report = done.value
                messages.success(
                    request,
                    _("Report imported: %(rows)s rows, %(matched)s people matched.")
                    % {"rows": report.rows, "matched": len(report.matched)},
                )
    return render(
        request,
        "live/attendance.html",
        {
            "session": session,
            "registrations": selectors.roster(session=session),
            "upload_form": upload_form,
            "report": report,
            "adjust_form": AdjustForm(),
        },
        status=400 if upload_form.errors else 200,
    )


@login_required
@require_POST
def adjust(request, pk: int):
    registration = get_object_or_404(Registration.objects.select_related("session"), pk=pk)
    _taught_session_or_404(request, registration.session_id)
    form = AdjustForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.adjust_attendance(actor=request.user, registration=registration, **form.cleaned_data),
            success=_("Attendance corrected."),
            hide_denied=True,
        )
    else:
        messages.error(request, _("Give the minutes and a reason."))
    return redirect("live:attendance", pk=registration.session_id)


@login_required
@require_POST
def mark_present(request, pk: int):
    registration = get_object_or_404(Registration, pk=pk)
    _taught_session_or_404(request, registration.session_id)
    attempt(
        request,
        lambda: services.mark_present(
            actor=request.user, registration=registration, present=request.POST.get("present") == "yes"
        ),
        hide_denied=True,
    )
    return redirect("live:attendance", pk=registration.session_id)


@login_required
@require_POST
def move_session(request, pk: int):
    """The training office moves one session; the new start is read in the series' zone."""
    session = _taught_session_or_404(request, pk)
    form = MoveSessionForm(request.POST, session=session)
    if form.is_valid() and attempt(
        request,
        lambda: services.move_session(
            actor=request.user,
            session=session,
            starts_at=form.cleaned_data["starts_at"],
            reason=form.cleaned_data["reason"],
        ),
        form=form,
        success=_("The session is moved; everyone registered is told."),
    ):
        return redirect("live:session", pk=pk)
    if not form.errors:
        return redirect("live:session", pk=pk)  # refused with a message (not the office's to move)
    return _session_page(request, _session_or_404(pk), move_form=form, status=400)


@login_required
@require_POST
def cancel_session(request, pk: int):
    session = _taught_session_or_404(request, pk)
    form = CancelSessionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    attempt(
        request,
        lambda: services.cancel_session(actor=request.user, session=session, reason=reason),
        success=_("The session is cancelled; everyone registered is told."),
    )
    return redirect("live:session", pk=pk)


@login_required
def my_registrations(request, *, period_form: PeriodForm | None = None, status: int = 200):
    page = page_of(request, selectors.my_registrations(user=request.user), PER_PAGE)
    certificates = selectors.certificates_by_registration(page.object_list)
    rows = [(registration, certificates.get(registration.pk)) for registration in page.object_list]
    context = {
        "page_obj": page,
        "rows": rows,
        "period_form": period_form or PeriodForm(),
        "statements": selectors.recent_statements(user=request.user),
    }
    return render(request, "live/my_registrations.html", context, status=status)


@login_required
@require_POST
def period_statement(request):
    """A certificate listing each live session of a period; a bad period is shown on the form."""
    form = PeriodForm(request.POST)
    if form.is_valid() and attempt(
        request,
        lambda: services.issue_period_statement(actor=request.user, **form.cleaned_data),
        form=form,
        success=_("Your certificate for the period is being prepared: it appears below in a few seconds."),
    ):
        return redirect("live:my-registrations")
    return my_registrations(request, period_form=form, status=400)


@login_required
def teaching(request):
    page = page_of(request, selectors.taught_sessions(user=request.user), PER_PAGE)
    return render(request, "live/teaching.html", {"page_obj": page})


def session_ics(request, pk: int):
    session = get_object_or_404(Session.objects.select_related("series"), pk=pk, series__published=True)
    response = HttpResponse(calendar.session_calendar(session), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="live-session-{session.pk}.ics"'
    return response


def series_ics(request, pk: int):
    """The series as one recurring event: calendar apps follow moves and cancellations."""
    series = get_object_or_404(Series, pk=pk, published=True)
    body = calendar.series_calendar(series, list(series.sessions.all()))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def enduring_list(request):
    """Recordings of past sessions open for credit, the soonest to close first."""
    page = page_of(request, selectors.open_enduring(), PER_PAGE)
    return render(request, "live/enduring_list.html", {"page_obj": page})


@login_required
def enduring_detail(request, pk: int):
    """The recording and its questions. The link is shown to signed-in people only (recordings
    of clinical sessions are not public); answering is the service's business."""
    activity = selectors.enduring(pk=pk)
    if activity is None:
        raise Http404
    form = EnduringForm(request.POST or None, activity=activity)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            done = attempt(
                request, lambda: services.answer_enduring(actor=request.user, activity=activity, answers=form.answers())
            )
            if done:
                answered, _certificate = done.value
                if answered.passed:
                    messages.success(
                        request,
                        _("You passed with %(score)s%%. Your certificate is being prepared: it appears on this page.")
                        % {"score": answered.score},
                    )
                else:
                    messages.error(
                        request,
                        _("You scored %(score)s%%; %(needed)s%% is needed. Watch the recording again and retry.")
                        % {"score": answered.score, "needed": activity.pass_mark},
                    )
            return redirect("live:enduring", pk=pk)
        status = 400
    attempts = selectors.enduring_attempts(user=request.user, activity=activity)
    context = {
        "activity": activity,
        "session": activity.session,
        "series": activity.session.series,
        "form": form,
        "attempts": attempts,
        "passed": any(answered.passed for answered in attempts),
        "certificate": selectors.enduring_certificate(attempts),
        "open": services.enduring_is_open(activity),
        "attempts_left": max(services.MAX_ENDURING_ATTEMPTS - len(attempts), 0),
    }
    return render(request, "live/enduring.html", context, status=status)
