from django import forms
from django.utils.translation import gettext_lazy as _

from fellowships.models import ProgrammeType

from .selectors import Filters

FIRST_YEAR = 2000
LAST_YEAR = 2100

ERROR_YEARS_REVERSED = _("The end year comes before the start year.")


class ReportFilterForm(forms.Form):
    """The filters every report and CSV share, read from the query string; all optional."""

    year_from = forms.IntegerField(label=_("From year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    year_to = forms.IntegerField(label=_("To year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    programme_type = forms.ChoiceField(
        label=_("Programme type"),
        required=False,
        choices=[("", _("All types")), *ProgrammeType.choices],
        help_text=_("Applies to residential training and its certificates, not to online courses or simulation."),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("year_from"), cleaned.get("year_to")
        if start is not None and end is not None and end < start:
            self.add_error("year_to", ERROR_YEARS_REVERSED)
        return cleaned

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(year_from=data["year_from"], year_to=data["year_to"], programme_type=data["programme_type"])

    def error_text(self) -> str:
        """Every error as "Field: message", one a line, for answers that are not a page (CSV)."""
        return "\n".join(
            f"{self.fields[name].label}: {message}" for name, messages in self.errors.items() for message in messages
        )
