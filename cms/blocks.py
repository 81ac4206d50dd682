"""StreamField blocks shared by all content (site pages, course lessons)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("info", _("Information")), ("warning", _("Warning")), ("tip", _("Tip"))], default="info"
    )
    title = blocks.CharBlock(required=False, max_length=120)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "warning"
        template = "cms/blocks/callout.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False)
    link_page = blocks.PageChooserBlock(required=False)
    link_url = blocks.URLBlock(required=False)
    link_label = blocks.CharBlock(max_length=60)

    class Meta:
        icon = "link"
        template = "cms/blocks/call_to_action.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "doc-full"
        template = "cms/blocks/document.html"


class BaseContentBlock(blocks.StreamBlock):
    """What every page body can hold; lesson bodies extend it with quizzes and assignments."""

    heading = blocks.CharBlock(form_classname="title", icon="title", template="cms/blocks/heading.html")
    paragraph = blocks.RichTextBlock(icon="pilcrow")
    image = ImageBlock()
    video = EmbedBlock(icon="media", help_text=_("A link to a video page, embedded."))
    document = DocumentBlock()
    callout = CalloutBlock()
    call_to_action = CallToActionBlock()
