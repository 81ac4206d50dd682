"""What every HTML view shares: who may open a staff page, and one way to turn a service's
refusal into what the person sees.

A service refuses in three ways: `ValidationError` (bad input, shown next to the fields of the
form, or above it), `ConflictError` (the object's state refuses the move: a message) and
`PermissionDenied` (a message, or a 404 where the object must not be seen to exist). The API
maps the same three to 400, 409 and 403/404 in lms/api.py.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme

from .errors import ConflictError
from .forms import add_service_errors, refusal_message
from .models import Role


def role_required(*roles: Role):
    """Logged in and holding one of `roles`; anyone else gets a 404, so staff pages are not
    seen to exist."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not any(request.user.has_role(role) for role in roles):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


@dataclass
class Outcome:
    ok: bool
    value: Any = None

    def __bool__(self) -> bool:
        return self.ok


def attempt(
    request,
    call: Callable[[], Any],
    *,
    form: forms.Form | None = None,
    success: str | None = None,
    hide_denied: bool = False,
) -> Outcome:
    """Run one service call. A refusal becomes form errors (with `form`) or a message, and
    `hide_denied` turns PermissionDenied into a 404; success may say so in a message."""
    try:
        value = call()
    except ValidationError as error:
        if form is not None:
            add_service_errors(form, error)
        else:
            messages.error(request, refusal_message(error))
        return Outcome(False)
    except PermissionDenied as error:
        if hide_denied:
            raise Http404 from None
        messages.error(request, refusal_message(error))
        return Outcome(False)
    except ConflictError as error:
        messages.error(request, refusal_message(error))
        return Outcome(False)
    if success:
        messages.success(request, success)
    return Outcome(True, value)


def safe_next(request, *, default: str) -> str:
    """The `next` address of a form or link when it stays on this site, else `default`: every
    redirect that takes its target from the request goes through here (no open redirects)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def page_of(request, items, per_page: int):
    """The page of `items` named by `?page=` (the first for a missing or bad number, the last
    past the end). Every HTML list that can grow is paged, so a page's cost and size do not
    grow with the data; templates show the links with includes/pagination.html."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))
