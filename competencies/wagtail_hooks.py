"""The training office keeps frameworks, their competencies, EPAs, entrustment scales and
competence committees in the Wagtail admin, under one "Competencies" menu. Frameworks usually
arrive as CASE files (the linking page, the API or `import_case`) and are corrected here;
which training trains what is linked on /competencies/links/."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, SnippetViewSet, SnippetViewSetGroup

from .models import EPA, Assessment, Committee, Competency, Framework, Scale
from .services import ERROR_SCALE_BUILTIN, ERROR_SCALE_NAME_TAKEN, check_scale_levels

ERROR_IN_USE = _(
    "%(name)s cannot be deleted: evidence, assessments or committee decisions refer to it, and "
    "learners' records keep them."
)
ERROR_LEVELS_USED = _(
    "This scale has been used in assessments, so its levels cannot change (past assessments "
    "would change meaning): add a new scale instead."
)
ERROR_LEVEL_RENUMBERED = _("Keep each level's number: delete a level and add it again to renumber.")


class KeepWhatRecordsUseDeleteView(DeleteView):
    """Deleting what learners' records refer to (a competency with evidence, an EPA with
    assessments, a committee with decisions, a built-in scale) is refused with a message;
    Wagtail's usage check does not see those references and the delete failed with a 500."""

    def form_valid(self, form):
        if getattr(self.object, "builtin", False):
            messages.error(self.request, ERROR_SCALE_BUILTIN)
            return redirect(self.get_success_url())
        try:
            return super().form_valid(form)
        except ProtectedError:
            messages.error(self.request, ERROR_IN_USE % {"name": self.object})
            return redirect(self.get_success_url())


class ScaleAdminForm(WagtailAdminModelForm):
    """A custom scale passes the rules `services.create_scale` applies; built-in ones are fixed,
    and so are the levels of a scale assessments have used."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.builtin:
            raise ValidationError(ERROR_SCALE_BUILTIN)
        name = (cleaned.get("name") or "").strip()
        if name and Scale.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            self.add_error("name", ERROR_SCALE_NAME_TAKEN)
        levels = self.formsets["levels"]
        if levels.is_valid():
            self._check_levels(levels)
        return cleaned

    def _check_levels(self, levels) -> None:
        kept = [form for form in levels.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        submitted = sorted(
            (form.cleaned_data.get("value"), (form.cleaned_data.get("label") or "").strip()) for form in kept
        )
        try:
            check_scale_levels(submitted)
        except ValidationError as error:
            self.add_error(None, error.messages)
            return
        if self.instance.pk is None:
            return
        stored = {level.pk: (level.value, level.label) for level in self.instance.levels.all()}
        if Assessment.objects.filter(level__scale=self.instance).exists() and submitted != sorted(stored.values()):
            self.add_error(None, ERROR_LEVELS_USED)
        elif any(
            form.instance.pk in stored and form.cleaned_data["value"] != stored[form.instance.pk][0] for form in kept
        ):
            self.add_error(None, ERROR_LEVEL_RENUMBERED)


class RecordSnippetViewSet(SnippetViewSet):
    """What learners' records refer to: deleting it in use is refused, not a 500."""

    delete_view_class = KeepWhatRecordsUseDeleteView


class FrameworkViewSet(RecordSnippetViewSet):
    model = Framework
    icon = "list-ul"
    menu_label = _("Frameworks")
    list_display = ["title", "version", "updated_at"]
    search_fields = ["title"]


class CompetencyViewSet(RecordSnippetViewSet):
    model = Competency
    icon = "tick"
    menu_label = _("Competencies")
    list_display = ["__str__", "level", "framework"]
    list_filter = ["framework", "level"]
    search_fields = ["code", "statement"]


class EPAViewSet(RecordSnippetViewSet):
    model = EPA
    icon = "success"
    menu_label = _("EPAs")
    list_display = ["__str__", "framework", "scale"]
    list_filter = ["framework"]
    search_fields = ["code", "title"]


class ScaleViewSet(RecordSnippetViewSet):
    model = Scale
    icon = "order"
    menu_label = _("Entrustment scales")
    list_display = ["display_name", "builtin"]
    edit_handler = ObjectList(
        [FieldPanel("name"), FieldPanel("description"), InlinePanel("levels", label=_("Levels"), min_num=2)],
        base_form_class=ScaleAdminForm,
    )


class CommitteeViewSet(RecordSnippetViewSet):
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
