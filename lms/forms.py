"""Forms for the person's own account pages. They validate; services write."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import Institution, User

ERROR_MARKUP_IN_NAME = _("Please type your name as plain text, without < or > characters.")
ERROR_NAME_REQUIRED = _("Please give your full name as it must appear on certificates.")
ERROR_INSTITUTION_BOTH = _("Choose an institution from the list or type another one, not both.")


def clean_plain_name(value: str) -> str:
    """Names are kept exactly as typed, in any script; markup characters are refused so the
    name cannot be mistaken for HTML anywhere it is printed."""
    value = " ".join(value.split())
    if "<" in value or ">" in value or strip_tags(value) != value:
        raise forms.ValidationError(ERROR_MARKUP_IN_NAME, code="markup")
    return value


class ProfileForm(forms.ModelForm):
    institution = forms.ModelChoiceField(
        queryset=Institution.objects.filter(is_partner=True),
        required=False,
        label=_("Partner institution"),
        empty_label=_("— not in the list —"),
    )

    class Meta:
        model = User
        fields = [
            "full_name",
            "profession",
            "specialty",
            "institution",
            "institution_other",
            "country",
            "preferred_language",
            "licence_number",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["full_name"].error_messages["required"] = ERROR_NAME_REQUIRED
        self.fields["profession"].required = True
        self.fields["country"].required = True

    def clean_full_name(self) -> str:
        return clean_plain_name(self.cleaned_data["full_name"])

    def clean_institution_other(self) -> str:
        return clean_plain_name(self.cleaned_data.get("institution_other", ""))

    def clean_specialty(self) -> str:
        return clean_plain_name(self.cleaned_data.get("specialty", ""))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("institution") and cleaned.get("institution_other"):
            self.add_error("institution_other", ERROR_INSTITUTION_BOTH)
        return cleaned


class SignupProfileForm(forms.Form):
    """Extra signup fields for django-allauth: the certificate name and profession."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        help_text=_("Exactly as it must appear on your certificates."),
        error_messages={"required": ERROR_NAME_REQUIRED},
    )
    profession = forms.ChoiceField(label=_("Profession"), choices=User.Profession.choices)
    # A callable, so the country names come in the reader's language when the form is shown.
    country = forms.ChoiceField(label=_("Country where you work"), choices=lambda: [("", "---------"), *countries])

    def clean_full_name(self) -> str:
        return clean_plain_name(self.cleaned_data["full_name"])

    def signup(self, request, user: User) -> None:
        """Called by allauth while it saves the new user, inside its own signup flow."""
        from .services import update_profile

        update_profile(
            actor=user,
            user=user,
            full_name=self.cleaned_data["full_name"],
            profession=self.cleaned_data["profession"],
            country=self.cleaned_data["country"],
            preferred_language=getattr(request, "LANGUAGE_CODE", "en") or "en",
        )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the fields it names (the rest above the form),
    so a rule checked in services reads like any other form error."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def refusal_message(error: Exception) -> str:
    """The words of a refused action (ConflictError, PermissionDenied, ValidationError)."""
    return getattr(error, "message", None) or " ".join(getattr(error, "messages", [str(error)]))
