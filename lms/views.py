"""HTML pages of the core: the dashboard (home of a logged-in user), the profile, health."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST, require_safe
from kombu.exceptions import OperationalError as KombuOperationalError

from . import dashboard
from .forms import ProfileForm
from .models import User
from .services import export_personal_data, request_erasure, update_profile
from .web import attempt


@login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    """The signed-in person as the session loaded them: their roles are read once for the
    request, by the header and the sections alike (loading them again cost two queries)."""
    user = request.user
    return render(
        request,
        "lms/dashboard.html",
        {"profile_user": user, "sections": dashboard.sections_for(request=request, user=user)},
    )


@login_required
def profile_view(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=None, initial=_profile_initial(request.user))
    if request.method == "POST" and form.is_valid():
        update_profile(actor=request.user, user=request.user, **form.cleaned_data)
        messages.success(request, _("Your profile is saved."))
        return redirect("dashboard")
    status = 400 if request.method == "POST" else 200
    return render(request, "lms/profile.html", {"form": form}, status=status)


def _profile_initial(user) -> dict:
    return {name: getattr(user, name) for name in ProfileForm.Meta.fields}


def _broker_state() -> str:
    if not settings.CELERY_BROKER_URL:
        return "eager"
    from .celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except (OSError, KombuOperationalError):
        return "down"
    return "ok"


@require_safe
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers and feed readers ask for /favicon.ico whatever the page says: send them to the
    logo (every page named none, so each visit logged a 404)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness for load balancers: 503 when the database cannot be reached."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except DatabaseError:
        database = "down"
    broker = _broker_state()
    status = 200 if database == "ok" else 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "error", "database": database, "broker": broker}, status=status
    )


@login_required
@require_POST
def export_view(request: HttpRequest) -> HttpResponse:
    """The person's own data as a ZIP (asked for with a button: an export is a recorded act)."""
    response = HttpResponse(export_personal_data(actor=request.user, user=request.user), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="my-data.zip"'
    return response


@login_required
@require_POST
def erasure_request_view(request: HttpRequest) -> HttpResponse:
    attempt(
        request,
        lambda: request_erasure(actor=request.user),
        success=_("We have your request: the training office will confirm it and erase your data."),
    )
    return redirect("profile")


class DesignSampleForm(forms.Form):
    """The form shown on the components page: one field left wrong, to show how errors read."""

    full_name = forms.CharField(
        label=gettext_lazy("Full name"), help_text=gettext_lazy("Exactly as it must appear on your certificates.")
    )
    profession = forms.ChoiceField(label=gettext_lazy("Profession"), choices=User.Profession.choices)


@require_safe
def design_view(request: HttpRequest) -> HttpResponse:
    """Every interface component on one page (buttons, badges, alerts, cards, a stacking table,
    a form with an error, an empty state, pagination), in the reader's language: a reference for
    editors and developers, and one page the browser walks check for all of them."""
    form = DesignSampleForm(data={"full_name": "", "profession": User.Profession.NURSE})
    form.is_valid()
    pages = Paginator(range(30), 10).get_page(2)
    return render(request, "lms/design.html", {"form": form, "page_obj": pages})
