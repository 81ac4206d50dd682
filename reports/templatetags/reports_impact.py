"""`{% load reports_impact %}{% impact_block %}`: the public impact figures, for the home page.

A template tag rather than a call from `cms`: the figures read partner institutions and
certificates, and `cms` may use only the `lms` core; templates may load from any app."""

from django import template

from reports.selectors import impact

register = template.Library()


@register.inclusion_tag("reports/includes/impact.html")
def impact_block() -> dict:
    return {"impact": impact()}
