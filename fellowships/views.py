"""HTML pages: applying and following an application (applicants), reviewing (programme
faculty), deciding and the pipeline per intake (coordinators), and the placement with its
logbook, evaluation and feedback. The catalogue and programme pages are Wagtail pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certificates.selectors import live_certificate_for
from cms.i18n import attach_localized, title_in
from lms import exports, uploads
from lms.models import Role
from lms.web import attempt, page_of, role_required

from . import selectors, services, wording
from .forms import (
    DocumentForm,
    DraftForm,
    EvaluationForm,
    FeedbackForm,
    LogbookForm,
    PlacementForm,
    ReviewForm,
    TransitionForm,
)
from .models import Application, ApplicationDocument, Intake, LogbookEntry, Status

# Applicants


@login_required
@require_POST
def start(request, intake_id: int):
    intake = get_object_or_404(Intake.objects.select_related("programme"), pk=intake_id)
    started = attempt(request, lambda: services.start_application(actor=request.user, intake=intake))
    if not started:
        existing = (
            selectors.my_applications(user=request.user)
            .filter(intake=intake)
            .exclude(status__in=[Status.WITHDRAWN, Status.DECLINED, Status.REJECTED])
        )
        if existing.exists():
            return redirect("fellowships:application", pk=existing.first().pk)
        return redirect(intake.programme.url or "/")
    return redirect("fellowships:edit", pk=started.value.pk)


APPLICATIONS_PER_PAGE = 50


@login_required
def my_applications(request):
    page = page_of(request, selectors.my_applications(user=request.user), APPLICATIONS_PER_PAGE)
    applications = attach_localized(page, {"intake.programme": "programme_shown"})
    return render(request, "fellowships/my_applications.html", {"applications": applications, "page_obj": page})


def _mine_or_404(request, pk: int) -> Application:
    """The applicant's own application, with `programme_shown`: the programme page in their language."""
    application = get_object_or_404(selectors.my_applications(user=request.user), pk=pk)
    return attach_localized([application], {"intake.programme": "programme_shown"})[0]


def _missing(application: Application) -> list[tuple[str, str]]:
    """What stops submission, as (field label, message) for the page."""
    labels = {"documents": _("Documents")}
    rows = []
    for field, problems in services.missing_for_submission(application).items():
        label = labels.get(field) or Application._meta.get_field(field).verbose_name
        rows += [(str(label).capitalize(), problem) for problem in problems]
    return rows


def _checklist(application: Application) -> list[tuple[str, str, list[ApplicationDocument]]]:
    uploaded: dict[str, list[ApplicationDocument]] = {}
    for document in application.documents.all():
        uploaded.setdefault(document.kind, []).append(document)
    return [
        (row.kind, row.get_kind_display(), uploaded.get(row.kind, []))
        for row in application.programme.required_documents.all()
    ]


@login_required
def application(request, pk: int):
    """The applicant's status page: where it stands, what next and by when, the timeline they
    may see, the documents, and the offer."""
    application = _mine_or_404(request, pk)
    step, by_when = wording.next_step(application)
    return render(
        request,
        "fellowships/application.html",
        {
            "application": application,
            "meaning": wording.MEANING[application.status],
            "next_step": step,
            "by_when": by_when,
            "timeline": selectors.timeline(application, for_applicant=True),
            "checklist": _checklist(application),
            "missing": _missing(application) if application.status == Status.DRAFT else [],
            "placement": getattr(application, "placement", None),
            "may_withdraw": services.APPLICATIONS.can(request.user, application, "withdraw"),
        },
    )


def _edit_page(request, application: Application, *, form: DraftForm, document_form: DocumentForm | None = None):
    return render(
        request,
        "fellowships/edit.html",
        {
            "application": application,
            "form": form,
            "document_form": document_form or DocumentForm(kinds=application.programme.required_document_kinds()),
            "checklist": _checklist(application),
            "missing": _missing(application),
        },
        status=400 if form.errors or (document_form is not None and document_form.errors) else 200,
    )


def _save_draft(request, application: Application, form: DraftForm, *, success: str | None = None) -> bool:
    """What the applicant typed, through the service; its refusals become the form's errors."""
    if not form.is_valid():
        return False
    fields = {name: form.cleaned_data[name] for name in form.fields}
    return bool(
        attempt(
            request,
            lambda: services.update_draft(actor=request.user, application=application, **fields),
            form=form,
            success=success,
        )
    )


def _save_typed(request, application: Application) -> DraftForm | None:
    """The edit page is one form: uploading or removing a document also saves what was typed
    (it used to be thrown away). Returns the bound form when what was typed cannot be saved;
    posts without the draft marker (other clients) leave the draft alone."""
    if "draft" not in request.POST:
        return None
    form = DraftForm(request.POST, instance=Application.objects.get(pk=application.pk))
    return None if _save_draft(request, application, form) else form


@login_required
def edit(request, pk: int):
    application = _mine_or_404(request, pk)
    if application.status != Status.DRAFT:
        return redirect("fellowships:application", pk=pk)
    form = DraftForm(request.POST or None, instance=application)
    if request.method == "POST" and _save_draft(
        request, application, form, success=_("Saved. You can come back to it at any time.")
    ):
        return redirect("fellowships:edit", pk=pk)
    application.refresh_from_db()
    return _edit_page(request, application, form=form)


@login_required
@require_POST
def upload(request, pk: int):
    application = _mine_or_404(request, pk)
    form = DocumentForm(request.POST, request.FILES, kinds=application.programme.required_document_kinds())
    unsaved = _save_typed(request, application)
    if unsaved is not None:
        form.is_valid()
        return _edit_page(request, application, form=unsaved, document_form=form)
    if form.is_valid():
        uploaded = attempt(
            request,
            lambda: services.add_document(
                actor=request.user,
                application=application,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            ),
            form=form,
            success=_("Document uploaded."),
        )
        if uploaded:
            return redirect("fellowships:edit", pk=pk)
        if not form.errors:
            return redirect("fellowships:application", pk=pk)
    application.refresh_from_db()
    return _edit_page(request, application, form=DraftForm(instance=application), document_form=form)


@login_required
@require_POST
def delete_document(request, pk: int, document_id: int):
    application = _mine_or_404(request, pk)
    document = get_object_or_404(application.documents, pk=document_id)
    unsaved = _save_typed(request, application)
    if unsaved is not None:
        return _edit_page(request, application, form=unsaved)
    attempt(request, lambda: services.remove_document(actor=request.user, document=document))
    return redirect("fellowships:edit", pk=pk)


@login_required
def document(request, pk: int, document_id: int):
    """The applicant, the programme's faculty and coordinators may open a document."""
    application = get_object_or_404(selectors.visible_applications(user=request.user), pk=pk)
    document = get_object_or_404(application.documents, pk=document_id)
    return uploads.file_response(document.file, filename=document.original_name)


@login_required
def offer_letter(request, pk: int):
    application = get_object_or_404(selectors.visible_applications(user=request.user), pk=pk)
    if not application.offer_letter:
        raise Http404(_("The offer letter is not ready yet."))
    return FileResponse(
        application.offer_letter.open("rb"), as_attachment=True, filename=f"offer-letter-{application.pk}.pdf"
    )


@login_required
@require_POST
def submit(request, pk: int):
    application = _mine_or_404(request, pk)
    missing = services.missing_for_submission(application) if application.status == Status.DRAFT else {}
    if missing:
        problems = " ".join(problem for problems in missing.values() for problem in problems)
        messages.error(request, _("Not yet: %(missing)s") % {"missing": problems})
        return redirect("fellowships:edit", pk=pk)
    attempt(
        request,
        lambda: services.submit(actor=request.user, application=application),
        success=_("Your application is submitted. We will email you at each step."),
    )
    return redirect("fellowships:application", pk=pk)


RESPONDED = {
    "confirm": gettext_lazy("Your place is confirmed. See below what to prepare next."),
    "decline": gettext_lazy("You have declined the offer. Thank you for telling us."),
    "withdraw": gettext_lazy("Your application is withdrawn."),
}


@login_required
@require_POST
def respond(request, pk: int):
    """Confirm or decline an offer, or withdraw."""
    application = _mine_or_404(request, pk)
    answer = request.POST.get("answer")
    targets = {"confirm": Status.CONFIRMED, "decline": Status.DECLINED, "withdraw": Status.WITHDRAWN}
    if answer not in targets:
        messages.error(request, _("Choose confirm, decline or withdraw."))
        return redirect("fellowships:application", pk=pk)
    attempt(
        request,
        lambda: services.transition(
            actor=request.user,
            application=application,
            to_status=targets[answer],
            comment=request.POST.get("comment", "")[:2000],
        ),
        success=RESPONDED[answer],
    )
    return redirect("fellowships:application", pk=pk)


# Faculty and coordinators


staff_only = role_required(Role.FACULTY, Role.COORDINATOR)
coordinators_only = role_required(Role.COORDINATOR)
INTAKES_PER_PAGE = 50


@staff_only
def review_queue(request):
    page = page_of(request, selectors.review_queue(user=request.user), APPLICATIONS_PER_PAGE)
    return render(
        request,
        "fellowships/review_queue.html",
        {"applications": page, "page_obj": page},
    )


@staff_only
def manage(request, pk: int):
    """The staff view: details, documents, reviews, and (coordinators) the decision."""
    application = get_object_or_404(selectors.staff_applications(user=request.user), pk=pk)
    is_reviewer = application.programme.faculty.filter(pk=request.user.pk).exists()
    own_review = application.reviews.filter(reviewer=request.user).first()
    review_form = ReviewForm(
        request.POST if request.POST.get("form") == "review" else None, instance=own_review, prefix="review"
    )
    targets = [move.target for move in services.APPLICATIONS.allowed(request.user, application)]
    transition_form = TransitionForm(
        request.POST if request.POST.get("form") == "transition" else None, targets=targets, prefix="decision"
    )
    reviewing = request.method == "POST" and request.POST.get("form") == "review" and review_form.is_valid()
    if reviewing and attempt(
        request,
        lambda: services.review(actor=request.user, application=application, **review_form.cleaned_data),
        form=review_form,
        success=_("Review saved."),
    ):
        return redirect("fellowships:manage", pk=pk)
    if request.method == "POST" and request.POST.get("form") == "transition" and transition_form.is_valid():
        attempt(
            request,
            lambda: services.transition(
                actor=request.user,
                application=application,
                to_status=transition_form.cleaned_data["to_status"],
                comment=transition_form.cleaned_data["comment"],
                visible=transition_form.cleaned_data["visible"],
            ),
            success=_("Status changed; the applicant has been emailed."),
        )
        return redirect("fellowships:manage", pk=pk)
    bound_errors = review_form.errors or transition_form.errors
    return render(
        request,
        "fellowships/manage.html",
        {
            "application": application,
            "checklist": _checklist(application),
            "timeline": selectors.timeline(application, for_applicant=False),
            "reviews": selectors.reviews_of(application) if request.user.is_coordinator else [],
            "review_form": review_form if is_reviewer else None,
            "transition_form": transition_form if targets else None,
            "placement": getattr(application, "placement", None),
        },
        status=400 if bound_errors else 200,
    )


@coordinators_only
def intakes(request):
    page = page_of(request, selectors.intakes_with_counts().order_by("-opens_on", "-pk"), INTAKES_PER_PAGE)
    intakes = attach_localized(page, {"programme": "programme_shown"})
    return render(
        request,
        "fellowships/intakes.html",
        {"intakes": intakes, "page_obj": page},
    )


@coordinators_only
def pipeline(request, pk: int):
    intake = get_object_or_404(Intake.objects.select_related("programme"), pk=pk)
    status = request.GET.get("status", "")
    data = selectors.pipeline(intake=intake, status=status)
    data["applications"] = data["page_obj"] = page_of(request, data["applications"], APPLICATIONS_PER_PAGE)
    first_waitlisted = selectors.first_waitlisted(intake) if data["places_taken"] < intake.places else None
    programme_title = title_in(intake.programme, get_language())
    return render(
        request,
        "fellowships/pipeline.html",
        {
            "intake": intake,
            "programme_title": programme_title,
            "status": status,
            "first_waitlisted": first_waitlisted,
            **data,
        },
    )


CSV_COLUMNS = [
    "application",
    "status",
    "applicant",
    "email",
    "profession",
    "country",
    "institution",
    "start_date",
    "end_date",
    "sponsorship",
    "submitted_at",
    "reviews",
]


@coordinators_only
def pipeline_csv(request, pk: int):
    intake = get_object_or_404(Intake.objects.select_related("programme"), pk=pk)
    data = selectors.pipeline(intake=intake, status=request.GET.get("status", ""))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="intake-{intake.pk}-applications.csv"'
    writer = exports.writer(response)
    writer.writerow(CSV_COLUMNS)
    for application in data["applications"]:
        applicant = application.applicant
        writer.writerow(
            [
                application.pk,
                application.status,
                applicant.full_name,
                applicant.email,
                applicant.profession,
                applicant.country.code if applicant.country else "",
                application.institution_name(),
                application.start_date or "",
                application.end_date or "",
                application.sponsor.name
                if application.sponsor_id
                else ("yes" if application.sponsorship_requested else ""),
                application.submitted_at.isoformat() if application.submitted_at else "",
                application.review_count,
            ]
        )
    return response


# Placements


@login_required
def placement(request, pk: int):
    placement = get_object_or_404(selectors.visible_placements(user=request.user), pk=pk)
    application = placement.application
    user = request.user
    is_trainee = application.applicant_id == user.pk
    is_supervisor = placement.supervisor_id == user.pk or user.is_coordinator
    which = request.POST.get("form") if request.method == "POST" else None
    logbook_form = LogbookForm(request.POST if which == "logbook" else None, prefix="logbook")
    evaluation_form = EvaluationForm(request.POST if which == "evaluation" else None, prefix="evaluation")
    feedback_form = FeedbackForm(
        request.POST if which == "feedback" else None,
        instance=getattr(placement, "feedback", None),
        prefix="feedback",
    )
    placement_form = PlacementForm(
        request.POST if which == "placement" else None,
        faculty=application.programme.faculty.all(),
        initial={
            "supervisor": placement.supervisor_id,
            "department": placement.department,
            "starts_on": placement.starts_on,
            "ends_on": placement.ends_on,
        },
        prefix="placement",
    )
    forms_by_name = {
        "logbook": (
            logbook_form,
            is_trainee,
            lambda data: services.add_logbook_entry(actor=user, placement=placement, **data),
        ),
        "evaluation": (
            evaluation_form,
            is_supervisor,
            lambda data: services.evaluate(actor=user, placement=placement, **data),
        ),
        "feedback": (
            feedback_form,
            is_trainee,
            lambda data: services.give_feedback(actor=user, placement=placement, **data),
        ),
        "placement": (
            placement_form,
            user.is_coordinator,
            lambda data: services.update_placement(actor=user, placement=placement, **data),
        ),
    }
    if which in forms_by_name:
        form, allowed, apply = forms_by_name[which]
        if not allowed:
            raise Http404
        saved = form.is_valid() and attempt(request, lambda: apply(form.cleaned_data), form=form, success=_("Saved."))
        if form.is_bound and (saved or not form.errors):
            return redirect("fellowships:placement", pk=pk)
    has_errors = any(form.errors for form, *_rest in forms_by_name.values())
    return render(
        request,
        "fellowships/placement.html",
        {
            "placement": placement,
            "application": application,
            "entries": selectors.logbook(placement),
            "hours": services.logged_hours(placement),
            "evaluation": getattr(placement, "evaluation", None),
            "is_trainee": is_trainee,
            "is_supervisor": is_supervisor,
            "in_progress": application.status == Status.IN_PROGRESS,
            "feedback_open": services.feedback_refusal(placement) is None,
            "certificate": live_certificate_for(placement),
            "logbook_form": logbook_form,
            "evaluation_form": evaluation_form,
            "feedback_form": feedback_form,
            "placement_form": placement_form,
        },
        status=400 if has_errors else 200,
    )


@login_required
@require_POST
def countersign(request, pk: int, entry_id: int):
    placement = get_object_or_404(selectors.visible_placements(user=request.user), pk=pk)
    entry = get_object_or_404(LogbookEntry, pk=entry_id, placement=placement)
    attempt(request, lambda: services.countersign(actor=request.user, entry=entry), hide_denied=True)
    return redirect("fellowships:placement", pk=pk)
