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


class VideoFileBlock(blocks.StructBlock):
    """A video uploaded to the document library, played by the browser's own player."""

    file = DocumentChooserBlock(help_text=_("An MP4 or WebM file from the document library."))
    caption = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "media"
        template = "cms/blocks/video_file.html"


class AnswerChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300)
    correct = blocks.BooleanBlock(required=False)


class QuestionBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    kind = blocks.ChoiceBlock(
        choices=[("single", _("One answer")), ("multiple", _("Several answers"))], default="single"
    )
    choices = blocks.ListBlock(AnswerChoiceBlock(), min_num=2)
    feedback = blocks.TextBlock(required=False, help_text=_("Shown after an attempt: why the answer is right."))


class QuizBlock(blocks.StructBlock):
    """Questions graded on the server. Attempts keep the questions as they were, so editing a
    quiz later never changes past results."""

    title = blocks.CharBlock(max_length=120, default=_("Check your understanding"))
    pass_mark = blocks.IntegerBlock(min_value=0, max_value=100, default=80, help_text=_("Percent needed to pass."))
    max_attempts = blocks.IntegerBlock(min_value=1, max_value=20, default=3)
    questions = blocks.ListBlock(QuestionBlock(), min_num=1)

    class Meta:
        icon = "help"


class RubricLevelBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=120)
    points = blocks.IntegerBlock(min_value=0, max_value=100)


class RubricCriterionBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=200)
    levels = blocks.ListBlock(RubricLevelBlock(), min_num=2)


class AssignmentBlock(blocks.StructBlock):
    """Work graded by the course's faculty against a rubric."""

    title = blocks.CharBlock(max_length=120)
    instructions = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])
    allowed_types = blocks.MultipleChoiceBlock(
        choices=[("pdf", "PDF"), ("docx", "DOCX"), ("odt", "ODT"), ("jpg", "JPG"), ("png", "PNG"), ("txt", "TXT")],
        default=["pdf", "docx"],
        required=False,
    )
    pass_mark = blocks.IntegerBlock(
        min_value=0, max_value=100, default=60, help_text=_("Percent of the rubric's points.")
    )
    rubric = blocks.ListBlock(RubricCriterionBlock(), min_num=1)

    class Meta:
        icon = "form"


class LessonBodyBlock(BaseContentBlock):
    """A lesson's body: everything a page holds, plus uploaded videos, quizzes and assignments."""

    video_file = VideoFileBlock()
    quiz = QuizBlock()
    assignment = AssignmentBlock()
