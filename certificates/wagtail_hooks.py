"""Coordinators manage certificate templates and hand-issued activities in the Wagtail admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Activity, CertificateTemplate


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full-inverse"
    menu_label = _("Certificate templates")
    menu_order = 330
    add_to_admin_menu = True
    list_display = ["kind", "language", "heading", "validity_months"]


class ActivityViewSet(SnippetViewSet):
    model = Activity
    icon = "date"
    menu_label = _("Training activities")
    menu_order = 340
    add_to_admin_menu = True
    list_display = ["title", "started_on", "hours"]
    search_fields = ["title"]


register_snippet(CertificateTemplateViewSet)
register_snippet(ActivityViewSet)
