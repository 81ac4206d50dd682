"""The training office keeps frameworks, their competencies, EPAs, entrustment scales and
competence committees in the Wagtail admin, under one "Competencies" menu. Frameworks usually
arrive as CASE files (the linking page, the API or `import_case`) and are corrected here;
which training trains what is linked on /competencies/links/."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import EPA, Committee, Competency, Framework, Scale
from .services import ERROR_SCALE_BUILTIN, check_scale_levels


class ScaleAdminForm(WagtailAdminModelForm):
    """A custom scale passes the rules `services.create_scale` applies; built-in ones are fixed."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.builtin:
            raise ValidationError(ERROR_SCALE_BUILTIN)
        levels = self.formsets["levels"]
        if levels.is_valid():
            kept = [
                (form.cleaned_data.get("value"), form.cleaned_data.get("label"))
                for form in levels.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
            try:
                check_scale_levels(kept)
            except ValidationError as error:
                self.add_error(None, error.messages)
        return cleaned


class FrameworkViewSet(SnippetViewSet):
    model = Framework
    icon = "list-ul"
    menu_label = _("Frameworks")
    list_display = ["title", "version", "updated_at"]
    search_fields = ["title"]


class CompetencyViewSet(SnippetViewSet):
    model = Competency
    icon = "tick"
    menu_label = _("Competencies")
    list_display = ["__str__", "level", "framework"]
    list_filter = ["framework", "level"]
    search_fields = ["code", "statement"]


class EPAViewSet(SnippetViewSet):
    model = EPA
    icon = "success"
    menu_label = _("EPAs")
    list_display = ["__str__", "framework", "scale"]
    list_filter = ["framework"]
    search_fields = ["code", "title"]


class ScaleViewSet(SnippetViewSet):
    model = Scale
    icon = "order"
    menu_label = _("Entrustment scales")
    list_display = ["display_name", "builtin"]
    edit_handler = ObjectList(
        [FieldPanel("name"), FieldPanel("description"), InlinePanel("levels", label=_("Levels"), min_num=2)],
        base_form_class=ScaleAdminForm,
    )


class CommitteeViewSet(SnippetViewSet):
    model = Committee
    icon = "group"
    menu_label = _("Competence committees")
    list_display = ["name", "framework"]
    search_fields = ["name"]


class CompetenciesGroup(SnippetViewSetGroup):
    items = (FrameworkViewSet, CompetencyViewSet, EPAViewSet, ScaleViewSet, CommitteeViewSet)
    menu_icon = "tick"
    menu_label = _("Competencies")
    menu_order = 380


register_snippet(CompetenciesGroup)
