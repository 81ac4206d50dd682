"""Editors keep testimonials as snippets; partner institutions are managed in lms's hooks."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Testimonial


class TestimonialViewSet(SnippetViewSet):
    model = Testimonial
    icon = "openquote"
    menu_label = _("Testimonials")
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["name", "role", "country", "featured"]
    list_filter = ["featured"]
    search_fields = ["name", "quote"]


register_snippet(TestimonialViewSet)
