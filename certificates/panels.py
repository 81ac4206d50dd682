"""Dashboard panels of the certificates app."""

from django.utils.translation import gettext_lazy as _

from lms.dashboard import Panel

from .models import Certificate


def my_certificates(request, user) -> Panel:
    certificates = list(
        Certificate.objects.filter(recipient=user)
        .exclude(status=Certificate.Status.SUPERSEDED)
        .order_by("-issued_at")[:50]
    )
    return Panel(
        title=_("Your certificates"),
        template="certificates/panels/mine.html",
        context={"certificates": certificates},
        order=90,
    )


def manage_certificates(request, user) -> Panel:
    return Panel(title=_("Certificates"), template="certificates/panels/manage.html", context={}, order=90)


def office_certificates(request, user) -> Panel:
    return Panel(title=_("Certificates"), template="certificates/panels/office.html", context={}, order=90)
