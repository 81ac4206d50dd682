"""The sign-in library's adapter: a locked account is told how to unlock itself."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many failed attempts for this account: wait a few minutes, or reset your password "
            "(we email you a link) to unlock it now."
        ),
    }
