"""Password rules, in the reader's language.

Django 5.2 changed the wording of the "too short" message and its Catalan catalogue has no
translation of the new one, so a Catalan reader signing up with a short password met English.
This validator says the same in words our own catalogue translates (es, fr, ca)."""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short: use at least %(min_length)d character.",
            "This password is too short: use at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
