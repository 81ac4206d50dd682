"""Dashboard panels of the certificates app."""

from django.utils.translation import gettext_lazy as _

from lms.dashboard import Panel

from . import selectors

PANEL_CERTIFICATES = 5


def my_certificates(request, user) -> Panel:
    """The newest five, and a link to all of them when there are more (one query: it reads six)."""
    certificates = list(selectors.my_certificates(user=user)[: PANEL_CERTIFICATES + 1])
    return Panel(
        title=_("Your certificates"),
        template="certificates/panels/mine.html",
        context={"certificates": certificates[:PANEL_CERTIFICATES], "more": len(certificates) > PANEL_CERTIFICATES},
        order=90,
    )


def manage_certificates(request, user) -> Panel:
    return Panel(title=_("Certificates"), template="certificates/panels/manage.html", context={}, order=90)


def office_certificates(request, user) -> Panel:
    return Panel(title=_("Certificates"), template="certificates/panels/office.html", context={}, order=90)
