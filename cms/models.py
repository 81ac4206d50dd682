"""The public site's pages and snippets.

The home page presents the offer, the partner network and testimonials; editors build other
pages from the shared blocks. Course and programme catalogues are page types of their own apps.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from .blocks import BaseContentBlock
from .forms import ContactFormBuilder
from .i18n import FallbackRoutingMixin, LocalizedPageMixin


class HomePage(FallbackRoutingMixin, Page):
    """The landing page: the training offer, the partner network, testimonials, sign-up."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseContentBlock(), blank=True, use_json_field=True)
    show_partners = models.BooleanField(_("show the partner network"), default=True)
    show_testimonials = models.BooleanField(_("show testimonials"), default=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("show_partners"), FieldPanel("show_testimonials")]),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from .selectors import featured_testimonials, partner_network

        context = super().get_context(request, *args, **kwargs)
        if self.show_partners:
            context["partner_network"] = partner_network()
        if self.show_testimonials:
            context["testimonials"] = featured_testimonials()
        return context


class StandardPage(LocalizedPageMixin, Page):
    """A plain content page (about, travel information, visa guidance...)."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseContentBlock(), blank=True, use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class NewsIndexPage(LocalizedPageMixin, Page):
    """Lists news items, newest first."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = NewsPage.objects.child_of(self).live().order_by("-date")[:50]
        return context


class NewsPage(LocalizedPageMixin, Page):
    date = models.DateField(_("date"))
    summary = models.TextField(_("summary"), max_length=400, blank=True)
    body = StreamField(BaseContentBlock(), blank=True, use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("date"), FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news item")


class Testimonial(TranslatableMixin, models.Model):
    """A past trainee's words, shown on the home page: social proof for partner hospitals.
    Translatable like pages: the home page shows each testimonial in the reader's language
    where it has been translated, else in its original words."""

    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=120, help_text=_("e.g. Paediatric nurse"))
    institution = models.ForeignKey(
        "lms.Institution", verbose_name=_("institution"), on_delete=models.SET_NULL, null=True, blank=True
    )
    country = CountryField(_("country"), blank=True)
    quote = models.TextField(_("quote"), max_length=600)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sponsor = models.ForeignKey(
        "lms.Sponsor", verbose_name=_("sponsor"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    featured = models.BooleanField(_("show on the home page"), default=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("institution"),
        FieldPanel("country"),
        FieldPanel("quote"),
        FieldPanel("photo"),
        FieldPanel("sponsor"),
        FieldPanel("featured"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("testimonial")
        verbose_name_plural = _("testimonials")

    def __str__(self) -> str:
        return self.name


class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(LocalizedPageMixin, AbstractEmailForm):
    """Wagtail's form builder with spam stopped on our side only: a honeypot field, a signed
    render time (too fast or too old is a robot) and a rate limit per address. Submissions are
    stored and emailed to the office by Celery after commit."""

    intro = RichTextField(_("introduction"), blank=True)
    thank_you_text = RichTextField(_("thank-you text"), blank=True)

    form_builder = ContactFormBuilder
    content_panels = [
        *AbstractEmailForm.content_panels,
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("Email to the office"),
        ),
    ]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("contact page")

    def serve(self, request, *args, **kwargs):
        from .contact import serve_contact_page

        return serve_contact_page(self, request, *args, **kwargs)

    def send_mail(self, form):
        """Queued instead of sent inline: the visitor never waits for, or fails by, the mail server."""
        from .services import queue_office_email

        queue_office_email(page=self, form=form)

    def clean(self):
        super().clean()
        if self.to_address and not self.subject:
            raise ValidationError({"subject": _("Give the email a subject so the office can filter it.")})
