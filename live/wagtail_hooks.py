"""Coordinators keep live series (schedule, faculty, partners, credit) in the Wagtail admin.
Saving a series creates the sessions its recurrence gives that do not exist yet."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import services
from .models import Series


class SeriesViewSet(SnippetViewSet):
    model = Series
    icon = "date"
    menu_label = _("Live series")
    menu_order = 370
    add_to_admin_menu = True
    list_display = ["title", "specialty", "mode", "language"]
    list_filter = ["mode", "language"]
    search_fields = ["title", "specialty"]


register_snippet(SeriesViewSet)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def generate_series_sessions(request, instance):
    if isinstance(instance, Series):
        services.generate_sessions(actor=request.user, series=instance)
