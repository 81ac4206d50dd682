"""HTML pages of competencies: the training record and its transcripts, EPA assessments (the
trainee's request on a phone, the supervisor's queue and the one-time link that needs no
sign-in), and the progress view of supervisors and competence committees."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from certificates.models import Certificate, Kind
from lms.forms import add_service_errors
from lms.models import User
from lms.web import attempt, page_of

from . import case, selectors, services
from .forms import (
    AssessmentRequestForm,
    CaseImportForm,
    CompleteForm,
    ConcernForm,
    DecisionForm,
    LinkForm,
    RecordFilterForm,
    TranscriptForm,
)
from .models import Assessment, Concern, Framework, TrainingLink

PER_PAGE = 30


def _followed_or_404(user: User, person_id: int) -> User:
    person = get_object_or_404(User, pk=person_id)
    if not services.follows(user, person):
        raise Http404
    return person


def _record_page(request, person: User):
    form = RecordFilterForm(request.GET or None, programmes=selectors.programme_choices())
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    record = selectors.training_record(
        person, start=filters.get("start"), end=filters.get("end"), programme=filters.get("programme") or None
    )
    return render(
        request,
        "competencies/record.html",
        {"record": record, "form": form, "own": person.pk == request.user.pk},
    )


@login_required
def my_record(request):
    return _record_page(request, request.user)


@login_required
def trainee_record(request, person_id: int):
    return _record_page(request, _followed_or_404(request.user, person_id))


@login_required
def transcripts(request):
    form = TranscriptForm(request.POST or None, programmes=selectors.programme_choices())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            lambda: services.issue_transcript(
                actor=request.user,
                start=data.get("start"),
                end=data.get("end"),
                sections=data["sections"],
                programme=data.get("programme") or None,
            ),
            form=form,
            success=_("Your transcript is issued. Its PDF is ready in a moment."),
        )
        if done:
            return redirect("competencies:transcripts")
    issued = page_of(
        request,
        Certificate.objects.filter(recipient=request.user, kind=Kind.TRANSCRIPT).order_by("-issued_at", "-pk"),
        PER_PAGE,
    )
    return render(request, "competencies/transcripts.html", {"form": form, "page_obj": issued})


@login_required
def assessments(request):
    """The trainee's requests and, for supervisors, the assessments waiting for them."""
    user = request.user
    queue = list(selectors.supervisor_queue(user=user).order_by("requested_at", "pk")[:PER_PAGE])
    mine = page_of(
        request,
        selectors.visible_assessments(user=user).filter(trainee=user).order_by("-requested_at", "-pk"),
        PER_PAGE,
    )
    return render(request, "competencies/assessments.html", {"queue": queue, "page_obj": mine})


@login_required
def request_assessment(request):
    form = AssessmentRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            lambda: services.request_assessment(
                actor=request.user,
                epa=data["epa"],
                supervisor=data["supervisor"],
                setting=data["setting"],
                complexity=data["complexity"],
                note=data["note"],
            ),
            form=form,
        )
        if done:
            messages.success(
                request,
                _("Sent to %(supervisor)s, with a link to answer in under a minute.")
                % {"supervisor": done.value.supervisor.full_name or done.value.supervisor.email},
            )
            return redirect("competencies:assessments")
    return render(request, "competencies/request.html", {"form": form})


@login_required
def assessment_detail(request, pk: int):
    assessment = get_object_or_404(selectors.visible_assessments(user=request.user), pk=pk)
    supervising = assessment.supervisor_id == request.user.pk and assessment.status == Assessment.Status.REQUESTED
    form = CompleteForm(request.POST or None, assessment=assessment) if supervising else None
    if request.method == "POST":
        if "cancel" in request.POST:
            attempt(
                request,
                lambda: services.cancel_assessment(actor=request.user, assessment=assessment),
                success=_("The request is cancelled."),
            )
            return redirect("competencies:assessment", pk=pk)
        if form is not None and form.is_valid():
            done = attempt(
                request,
                lambda: services.complete_assessment(actor=request.user, assessment=assessment, **form.cleaned_data),
                form=form,
                success=_("Thank you: the assessment is recorded and the trainee is told."),
            )
            if done:
                return redirect("competencies:assessments")
    return render(request, "competencies/assessment.html", {"assessment": assessment, "form": form})


@never_cache
def assess_by_link(request, pk: int, token: str):
    """The supervisor's one-time link from the email: no sign-in, this assessment only."""
    try:
        assessment = services.assessment_for_link(assessment_id=pk, token=token)
    except ValidationError as refusal:
        return render(request, "competencies/link_refused.html", {"reason": refusal.messages[0]}, status=410)
    form = CompleteForm(request.POST or None, assessment=assessment)
    if request.method == "POST" and form.is_valid():
        try:
            services.complete_assessment(actor=None, assessment=assessment, token=token, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "competencies/link_done.html", {"assessment": assessment})
    return render(request, "competencies/assessment.html", {"assessment": assessment, "form": form, "by_link": True})


@login_required
def progress(request):
    """Supervisors and committee members: each trainee's progress per EPA."""
    page = page_of(request, selectors.followed_trainees(user=request.user), PER_PAGE)
    if not page.object_list and not request.user.is_faculty and not request.user.is_coordinator:
        raise Http404
    rows = selectors.progress_of(list(page.object_list))
    return render(request, "competencies/progress.html", {"rows": rows, "page_obj": page})


@login_required
def trainee_progress(request, person_id: int):
    trainee = _followed_or_404(request.user, person_id)
    if trainee.pk == request.user.pk:
        return redirect("competencies:record")
    committees = selectors.committees_of(user=request.user).filter(trainees=trainee)
    concern_form = ConcernForm(request.POST if "concern" in request.POST else None)
    decision_form = DecisionForm(request.POST if "decision" in request.POST else None, committees=committees)
    if (
        concern_form.is_bound
        and concern_form.is_valid()
        and attempt(
            request,
            lambda: services.raise_concern(actor=request.user, trainee=trainee, text=concern_form.cleaned_data["text"]),
            form=concern_form,
            success=_("Your concern is recorded for the committee."),
        )
    ):
        return redirect("competencies:trainee-progress", person_id=trainee.pk)
    if decision_form.is_bound and decision_form.is_valid():
        data = decision_form.cleaned_data
        if attempt(
            request,
            lambda: services.record_decision(
                actor=request.user,
                committee=data["committee"],
                trainee=trainee,
                stage=data["stage"],
                rationale=data["rationale"],
            ),
            form=decision_form,
            success=_("The committee's decision is recorded."),
        ):
            return redirect("competencies:trainee-progress", person_id=trainee.pk)
    row = selectors.progress_of([trainee])[0]
    concerns = Concern.objects.filter(trainee=trainee).select_related("raised_by", "epa")[:PER_PAGE]
    return render(
        request,
        "competencies/trainee_progress.html",
        {
            "trainee": trainee,
            "row": row,
            "concerns": concerns,
            "concern_form": concern_form,
            "decision_form": decision_form if committees.exists() else None,
            "decisions": selectors.decisions_of(trainee)[:PER_PAGE],
        },
    )


def _links_url(framework_id: int) -> str:
    return f"{reverse('competencies:links')}?framework={framework_id}"


@login_required
def links(request):
    """The training office says what each course, programme, scenario (item by item) and live
    series trains, one framework at a time; evidence then flows from what learners do there."""
    if not request.user.is_coordinator:
        raise Http404
    import_form = CaseImportForm(request.POST, request.FILES) if "import" in request.POST else CaseImportForm()
    if import_form.is_bound and import_form.is_valid():
        try:
            imported = case.import_package(actor=request.user, package=import_form.cleaned_data["file"])
        except ValidationError as error:
            import_form.add_package_errors(error)
        else:
            messages.success(request, _("The framework %(title)s is imported.") % {"title": imported.title})
            return redirect(_links_url(imported.pk))
    frameworks = list(Framework.objects.order_by("title", "pk"))
    framework = frameworks[0] if frameworks else None
    if request.GET.get("framework"):
        framework = next((f for f in frameworks if str(f.pk) == request.GET["framework"]), None)
        if framework is None:
            raise Http404
    if framework is None:
        return render(request, "competencies/links.html", {"frameworks": frameworks, "import_form": import_form})
    trainings = selectors.training_choices()
    form = LinkForm(request.POST if "link" in request.POST else None, framework=framework, trainings=trainings)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if attempt(
            request,
            lambda: services.link_activity(
                actor=request.user, target=data["training"], competencies=data["competencies"], epas=data["epas"]
            ),
            form=form,
            success=_("The training is linked."),
        ):
            return redirect(_links_url(framework.pk))
    page = page_of(request, selectors.links_in(framework), PER_PAGE)
    rows = [(link, trainings.label_of(link)) for link in page.object_list]
    return render(
        request,
        "competencies/links.html",
        {
            "frameworks": frameworks,
            "framework": framework,
            "form": form,
            "import_form": import_form,
            "rows": rows,
            "page_obj": page,
        },
    )


@login_required
@require_POST
def unlink(request, pk: int):
    if not request.user.is_coordinator:
        raise Http404
    link = get_object_or_404(TrainingLink.objects.select_related("competency", "epa"), pk=pk)
    framework_id = (link.competency or link.epa).framework_id
    attempt(
        request,
        lambda: services.unlink_training(actor=request.user, link=link),
        success=_("The link is removed. Evidence already recorded stays."),
    )
    return redirect(_links_url(framework_id))
