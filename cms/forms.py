"""The contact form: Wagtail's form builder plus our own spam checks and plain-text rules."""

import re
import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

HONEYPOT_FIELD = "website"
RENDERED_AT_FIELD = "rendered_at"
MIN_SECONDS_TO_FILL = 3
MAX_SECONDS_TO_FILL = 24 * 60 * 60
MULTILINE_MAX_LENGTH = 4000
SIGNING_SALT = "cms.contact.rendered_at"
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")

ERROR_MARKUP = _("Please write plain text: HTML tags such as <script> are not accepted.")


def signed_now() -> str:
    return signing.TimestampSigner(salt=SIGNING_SALT).sign(str(int(time.time())))


class ContactForm(BaseForm):
    """Marks a submission as spam (dropped silently, so robots learn nothing) rather than
    failing it; refuses markup in text with a message naming the field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_spam = False
        if not self.is_bound:
            self.initial[RENDERED_AT_FIELD] = signed_now()

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if name in (HONEYPOT_FIELD, RENDERED_AT_FIELD):
                continue
            if isinstance(value, str) and MARKUP.search(value):
                self.add_error(name, ERROR_MARKUP)
        self.is_spam = bool(cleaned.get(HONEYPOT_FIELD)) or not self._filled_by_a_person(cleaned.get(RENDERED_AT_FIELD))
        return cleaned

    @staticmethod
    def _filled_by_a_person(token: str | None) -> bool:
        try:
            rendered = int(signing.TimestampSigner(salt=SIGNING_SALT).unsign(token or "", max_age=MAX_SECONDS_TO_FILL))
        except (signing.BadSignature, ValueError):
            return False
        return time.time() - rendered >= MIN_SECONDS_TO_FILL


class ContactFormBuilder(FormBuilder):
    def create_multiline_field(self, field, options):
        options["max_length"] = MULTILINE_MAX_LENGTH
        return super().create_multiline_field(field, options)

    @property
    def formfields(self):
        fields = super().formfields
        fields[HONEYPOT_FIELD] = forms.CharField(
            required=False,
            label=_("Leave this field empty"),
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        fields[RENDERED_AT_FIELD] = forms.CharField(required=False, widget=forms.HiddenInput)
        return fields

    def get_form_class(self):
        return type("ContactForm", (ContactForm,), self.formfields)
