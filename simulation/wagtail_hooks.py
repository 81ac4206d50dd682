"""Coordinators keep the scenario library (with its checklist) and the rooms in the Wagtail admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Room, Scenario


class ScenarioViewSet(SnippetViewSet):
    model = Scenario
    icon = "clipboard-list"
    menu_label = _("Simulation scenarios")
    menu_order = 350
    add_to_admin_menu = True
    list_display = ["title", "discipline", "audience", "duration_minutes"]
    list_filter = ["audience"]
    search_fields = ["title", "discipline"]


class RoomViewSet(SnippetViewSet):
    model = Room
    icon = "home"
    menu_label = _("Simulation rooms")
    menu_order = 360
    add_to_admin_menu = True
    list_display = ["name", "capacity"]


register_snippet(ScenarioViewSet)
register_snippet(RoomViewSet)
