"""Serving the contact page: rate limit per address, spam dropped, submission stored, the
office emailed through the outbox (cms/services.py)."""

from django.db import transaction
from django.template.response import TemplateResponse
from django_ratelimit.core import is_ratelimited

from .forms import HONEYPOT_FIELD, RENDERED_AT_FIELD

CONTACT_RATE = "5/h"


def serve_contact_page(page, request, *args, **kwargs):
    context = page.get_context(request)
    if request.method != "POST":
        context["form"] = page.get_form(page=page, user=request.user)
        return TemplateResponse(request, page.get_template(request), context)

    limited = is_ratelimited(request, group="cms.contact", key="ip", rate=CONTACT_RATE, method="POST", increment=True)
    if limited:
        context["form"] = page.get_form(page=page, user=request.user)
        context["rate_limited"] = True
        return TemplateResponse(request, page.get_template(request), context, status=429)

    form = page.get_form(request.POST, request.FILES, page=page, user=request.user)
    if not form.is_valid():
        context["form"] = form
        return TemplateResponse(request, page.get_template(request), context, status=400)
    if form.is_spam:
        return page.render_landing_page(request, None, *args, **kwargs)
    with transaction.atomic():
        for name in (HONEYPOT_FIELD, RENDERED_AT_FIELD):
            form.cleaned_data.pop(name, None)
        submission = page.process_form_submission(form)
    return page.render_landing_page(request, submission, *args, **kwargs)
