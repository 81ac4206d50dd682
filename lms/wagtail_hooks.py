"""Coordinators manage partner institutions and sponsors in the Wagtail admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Institution, Sponsor


class InstitutionViewSet(SnippetViewSet):
    model = Institution
    icon = "home"
    menu_label = _("Partner institutions")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "country", "city", "is_partner"]
    list_filter = ["is_partner", "country"]
    search_fields = ["name", "city"]


class SponsorViewSet(SnippetViewSet):
    model = Sponsor
    icon = "pick"
    menu_label = _("Sponsors")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "kind", "country", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]


register_snippet(InstitutionViewSet)
register_snippet(SponsorViewSet)
