"""HTML pages: public verification, PDF and credential downloads, and the faculty and
coordinator pages (issue by hand, revoke, reissue, cohort batches, ZIP, CPD export)."""

import io
import zipfile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from lms import exports
from lms.models import Role
from lms.web import attempt, page_of, role_required, safe_next

from . import cohorts, credentials, selectors, services, status_list
from .credit import CreditSystem, statements
from .forms import ClaimForm, CohortForm, IssueByHandForm, RevokeForm
from .models import Certificate, IssuanceBatch


def verify(request, code: str):
    """Public: anyone with the link or QR sees whether the certificate is valid, and no more
    about the person than the name printed on it."""
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        # Our own page, so a verifier gets a plain answer (and never a debug page) for a mistyped code.
        return render(request, "certificates/verify_unknown.html", status=404)
    return render(
        request,
        "certificates/verify.html",
        {
            "certificate": certificate,
            "status": certificate.public_status(),
            "signature_valid": credentials.verify(certificate),
        },
    )


def _visible_or_404(request, pk: int) -> Certificate:
    return get_object_or_404(selectors.visible_certificates(user=request.user), pk=pk)


@login_required
def download_pdf(request, pk: int):
    certificate = _visible_or_404(request, pk)
    if not certificate.pdf:
        raise Http404(_("The PDF is not ready yet."))
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"{certificate.serial}.pdf",
        content_type="application/pdf",
    )


@login_required
def download_credential(request, pk: int):
    certificate = _visible_or_404(request, pk)
    if not certificate.credential:
        raise Http404(_("The credential is not ready yet."))
    body = {"credential": credentials.signed_credential(certificate.credential), "jwt": certificate.credential}
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{certificate.serial}-credential.json"'
    return response


teachers_only = role_required(Role.FACULTY, Role.COORDINATOR)
coordinators_only = role_required(Role.COORDINATOR)
CERTIFICATES_PER_PAGE = 50
MY_CERTIFICATES_PER_PAGE = 20


@login_required
def mine(request):
    """All of a person's certificates, paged (the dashboard shows the newest five)."""
    page = page_of(request, selectors.my_certificates(user=request.user), MY_CERTIFICATES_PER_PAGE)
    return render(request, "certificates/mine.html", {"certificates": page, "page_obj": page})


@teachers_only
def manage(request):
    """Faculty: the certificates they are concerned with; coordinators: all, newest first."""
    certificates = selectors.manageable_certificates(user=request.user).order_by("-issued_at", "-pk")
    page = page_of(request, certificates, CERTIFICATES_PER_PAGE)
    return render(request, "certificates/manage.html", {"certificates": page, "page_obj": page})


@teachers_only
def issue_by_hand(request):
    form = IssueByHandForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        certificate = services.issue_for_activity(
            actor=request.user, activity=form.cleaned_data["activity"], recipient=form.cleaned_data["recipient_email"]
        )
        messages.success(request, _("Certificate %(serial)s issued.") % {"serial": certificate.serial})
        return redirect("certificates:manage")
    return render(request, "certificates/issue.html", {"form": form}, status=400 if form.errors else 200)


def _manageable_or_404(request, pk: int) -> Certificate:
    return get_object_or_404(selectors.manageable_certificates(user=request.user), pk=pk)


@login_required
def claim(request, pk: int):
    """The recipient claims their AMA credit; the certificate is then prepared with it."""
    certificate = get_object_or_404(
        Certificate.objects.filter(recipient=request.user, status=Certificate.Status.AWAITING_CLAIM), pk=pk
    )
    credit = certificate.credits.get(system=CreditSystem.AMA_PRA_1)
    form = ClaimForm(request.POST or None, maximum=credit.designated)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.claim_credit(
                actor=request.user, certificate=certificate, amount=form.cleaned_data["amount"]
            ),
            form=form,
            success=_("Thank you: your certificate is being prepared."),
        )
        if done:
            return redirect("dashboard")
    statement = statements(credit.as_credit(), provider=certificate.issuer, title=certificate.title)
    return render(
        request,
        "certificates/claim.html",
        {"form": form, "certificate": certificate, "credit": credit, "statement": statement},
        status=400 if form.errors else 200,
    )


@login_required
def revoke(request, pk: int):
    certificate = _manageable_or_404(request, pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attempt(
            request,
            lambda: services.revoke_certificate(
                actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
            ),
            success=_("Certificate %(serial)s revoked.") % {"serial": certificate.serial},
        )
        return redirect("certificates:manage")
    return render(
        request,
        "certificates/revoke.html",
        {"form": form, "certificate": certificate},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def reissue(request, pk: int):
    certificate = _manageable_or_404(request, pk)
    reissued = attempt(request, lambda: services.reissue_certificate(actor=request.user, certificate=certificate))
    if reissued:
        messages.success(request, _("Reissued as %(serial)s.") % {"serial": reissued.value.serial})
    return redirect("certificates:manage")


@login_required
@require_POST
def retry(request, pk: int):
    certificate = _manageable_or_404(request, pk)
    attempt(request, lambda: services.retry_rendering(actor=request.user, certificate=certificate))
    return redirect(safe_next(request, default=reverse("certificates:manage")))


@coordinators_only
def batches(request):
    """Coordinators pick a cohort and issue for every completer who has no certificate yet."""
    forms = []
    for key, provider in sorted(cohorts.providers().items()):
        choices = provider.cohorts()
        bound = request.method == "POST" and request.POST.get("provider") == key
        form = CohortForm(request.POST if bound else None, choices=choices, prefix=key)
        if bound and form.is_valid() and request.POST.get("action") == "zip":
            return redirect("certificates:cohort-zip", provider=key, cohort_id=form.cleaned_data["cohort"])
        if bound and form.is_valid() and request.POST.get("action") == "view":
            return redirect("certificates:cohort", provider=key, cohort_id=form.cleaned_data["cohort"])
        if bound and form.is_valid():
            issued = attempt(
                request,
                lambda key=key, cohort=form.cleaned_data["cohort"]: services.issue_for_cohort(
                    actor=request.user, provider_key=key, cohort_id=cohort
                ),
            )
            if issued:
                return redirect("certificates:batch", pk=issued.value.pk)
        forms.append((key, provider.label, form))
    recent = selectors.batches_with_progress()[:50]
    return render(request, "certificates/batches.html", {"forms": forms, "batches": recent})


@coordinators_only
def cohort(request, provider: str, cohort_id: str):
    """Who in the cohort is certified, who is eligible and not yet (with what held it back),
    and who is not eligible and why; issue for the rest, or download what is ready."""
    found = cohorts.find_cohort(provider, cohort_id)
    if found is None:
        raise Http404
    source, label = found
    overview = selectors.cohort_overview(provider=source, cohort_id=cohort_id, label=label)
    return render(
        request,
        "certificates/cohort.html",
        {"overview": overview, "provider": provider, "provider_label": source.label, "cohort_id": cohort_id},
    )


@coordinators_only
def cohort_zip(request, provider: str, cohort_id: str):
    """The cohort's ready certificates at any time, however and whenever they were issued."""
    try:
        certificates = services.cohort_certificates(provider_key=provider, cohort_id=cohort_id)
    except ValidationError as error:
        raise Http404 from error
    return _zip_response(certificates, filename=f"certificates-{provider}-{cohort_id}.zip")


def _zip_response(certificates, *, filename: str) -> FileResponse:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates:
            with certificate.pdf.open("rb") as handle:
                archive.writestr(f"{certificate.serial}.pdf", handle.read())
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=filename)


@coordinators_only
def batch(request, pk: int):
    batch = get_object_or_404(selectors.batches_with_progress(), pk=pk)
    failures = batch.certificates.filter(status=Certificate.Status.FAILED).select_related("recipient")
    return render(
        request,
        "certificates/batch.html",
        {"batch": batch, "failures": failures, "refresh": batch.ready + batch.failed < batch.total},
    )


@coordinators_only
def batch_zip(request, pk: int):
    batch = get_object_or_404(IssuanceBatch, pk=pk)
    ready = batch.certificates.filter(status=Certificate.Status.READY).exclude(pdf="")
    return _zip_response(ready, filename=f"certificates-batch-{batch.pk}.zip")


CPD_COLUMNS = [
    "recipient",
    "email",
    "licence_number",
    "profession",
    "title",
    "kind",
    "hours",
    "started_on",
    "ended_on",
    "issued_on",
    "serial",
    "status",
]


@coordinators_only
def cpd_export(request):
    """CSV of certificates with hours, for accreditation registries: the activity's own dates,
    codes rather than words in the coordinator's language, and licence numbers where given."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cpd-credits.csv"'
    response.write("\ufeff")
    writer = exports.writer(response)
    writer.writerow(CPD_COLUMNS)
    for certificate in selectors.cpd_certificates():
        writer.writerow(
            [
                certificate.recipient_name,
                certificate.recipient.email,
                certificate.recipient.licence_number,
                certificate.recipient.profession,
                certificate.title,
                certificate.kind,
                certificate.hours,
                certificate.started_on or "",
                certificate.ended_on or "",
                timezone.localdate(certificate.issued_at).isoformat(),
                certificate.serial,
                certificate.public_status(),
            ]
        )
    return response


ACTIVITY_SUMMARY_COLUMNS = [
    "year",
    "activity_type",
    "title",
    "start_date",
    "end_date",
    "location",
    "hours",
    "credits_designated",
    "learners",
    "doctors",
    "nurses",
    "other_professions",
]


@coordinators_only
def activity_summary(request, year: int):
    """The yearly activity summary an accreditor's reporting system asks for, tab-delimited: one
    row per activity (type, title and dates), with its hours, the credit designated and the
    learners certified by profession."""
    response = HttpResponse(content_type="text/tab-separated-values; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cpd-activities-{year}.tsv"'
    writer = exports.writer(response, delimiter="\t", lineterminator="\n")
    writer.writerow(ACTIVITY_SUMMARY_COLUMNS)
    for row in selectors.activity_summary(year=year):
        writer.writerow(
            [
                year,
                row["kind"],
                row["title"],
                row["started_on"] or "",
                row["ended_on"] or "",
                settings.CPD_ACTIVITY_LOCATION,
                row["hours"] or "",
                row["hours"] or "",
                row["learners"],
                row["doctors"],
                row["nurses"],
                row["learners"] - row["doctors"] - row["nurses"],
            ]
        )
    return response


@cache_control(public=True, max_age=300)
def issuer_keys(request):
    """The keys that sign credentials, current and retired, as a JWK set, for verifiers."""
    return JsonResponse(credentials.jwks())


@cache_control(public=True, max_age=300)
def did_document(request):
    """The issuer's did:web document: who signs, with which keys (current and retired)."""
    return JsonResponse(credentials.did_document(), content_type="application/did+json")


@cache_control(public=True, max_age=60)
def status_list_credential(request, number: int):
    """The signed Bitstring Status List credential (a VC-JWT) that revoked credentials point to."""
    token = status_list.current_token(number)
    if token is None:
        raise Http404
    return HttpResponse(token, content_type="application/vc+jwt")
