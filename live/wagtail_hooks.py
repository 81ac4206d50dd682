"""Coordinators keep live series (schedule, faculty, partners, credit) and the recordings
offered for credit in the Wagtail admin, under "Live training".
Saving a series creates the sessions its recurrence gives that do not exist yet."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import services
from .models import EnduringActivity, Series


class SeriesViewSet(SnippetViewSet):
    model = Series
    icon = "date"
    menu_label = _("Live series")
    list_display = ["title", "specialty", "mode", "language"]
    list_filter = ["mode", "language"]
    search_fields = ["title", "specialty"]


class EnduringActivityViewSet(SnippetViewSet):
    """Recordings of past sessions offered for credit, with their questions and credit."""

    model = EnduringActivity
    icon = "media"
    menu_label = _("Recordings for credit")
    list_display = ["__str__", "opens_on", "closes_on", "published"]
    list_filter = ["published"]

    def get_queryset(self, request):
        """Each row is named by its session and series: read with the list, not once a row."""
        return EnduringActivity.objects.select_related("session__series")


class LiveTrainingViewSetGroup(SnippetViewSetGroup):
    items = (SeriesViewSet, EnduringActivityViewSet)
    menu_icon = "date"
    menu_label = _("Live training")
    menu_order = 370


register_snippet(LiveTrainingViewSetGroup)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def generate_series_sessions(request, instance):
    if isinstance(instance, Series):
        services.generate_sessions(actor=request.user, series=instance)
