"""Coordinators keep intakes in the Wagtail admin; programmes are pages in the page tree."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_forms import IntakeForm
from .models import Intake


class IntakeViewSet(SnippetViewSet):
    model = Intake
    icon = "date"
    menu_label = _("Intakes")
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["programme", "title", "opens_on", "closes_on", "places"]
    # Saves through services.save_intake: places checked against those taken, change audited.
    edit_handler = ObjectList(Intake.panels, base_form_class=IntakeForm)


register_snippet(IntakeViewSet)
