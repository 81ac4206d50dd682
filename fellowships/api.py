"""REST API: programmes and intakes (read), applications (draft, update, submit, withdraw,
transition, documents, timeline). Reads go through selectors (others' applications answer
404); writes through services (refused moves answer 409, bad fields 400 naming them)."""

from django.db import transaction
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, parsers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cms.i18n import in_default_language

from . import selectors, services
from .models import DRAFT_FIELDS, Application, ApplicationDocument, DocumentKind, Intake, ProgrammePage, Status


class ProgrammeSerializer(serializers.ModelSerializer):
    type = serializers.CharField(source="programme_type", read_only=True)
    professions = serializers.ListField(child=serializers.CharField(), read_only=True)
    required_documents = serializers.SerializerMethodField()
    page_url = serializers.CharField(source="url", read_only=True)

    class Meta:
        model = ProgrammePage
        fields = [
            "id",
            "title",
            "type",
            "department",
            "specialty",
            "summary",
            "professions",
            "language_requirement",
            "sponsorship_available",
            "required_documents",
            "page_url",
        ]

    def get_required_documents(self, programme: ProgrammePage) -> list[str]:
        return [row.kind for row in programme.required_documents.all()]


class ProgrammeFilter(filters.FilterSet):
    type = filters.ChoiceFilter(
        field_name="programme_type", choices=ProgrammePage._meta.get_field("programme_type").choices
    )
    department = filters.CharFilter(lookup_expr="iexact")

    class Meta:
        model = ProgrammePage
        fields = ["type", "department"]


class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    """Published programmes (observerships, training fellowships, fellowships): the
    default-language pages, which intakes refer to."""

    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilter

    queryset = ProgrammePage.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProgrammePage.objects.none()
        return in_default_language(selectors.programmes()).prefetch_related("required_documents")


class IntakeSerializer(serializers.ModelSerializer):
    is_open = serializers.SerializerMethodField()

    class Meta:
        model = Intake
        fields = [
            "id",
            "programme",
            "title",
            "opens_on",
            "closes_on",
            "earliest_start",
            "latest_start",
            "places",
            "is_open",
        ]

    def get_is_open(self, intake: Intake) -> bool:
        return intake.is_open(timezone.localdate())


class IntakeFilter(filters.FilterSet):
    open = filters.BooleanFilter(method="filter_open", label="open for applications today")

    class Meta:
        model = Intake
        fields = ["programme", "open"]

    def filter_open(self, queryset, name, value):
        today = timezone.localdate()
        is_open = {"opens_on__lte": today, "closes_on__gte": today}
        return queryset.filter(**is_open) if value else queryset.exclude(**is_open)


class IntakeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IntakeSerializer
    filterset_class = IntakeFilter
    queryset = Intake.objects.order_by("earliest_start")


class TimelineEntrySerializer(serializers.Serializer):
    status = serializers.CharField(source="to_status")
    at = serializers.DateTimeField()
    comment = serializers.CharField()


class DocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApplicationDocument
        fields = ["id", "kind", "original_name", "size", "uploaded_at"]


class ApplicationSerializer(serializers.ModelSerializer):
    timeline = serializers.SerializerMethodField()
    documents = DocumentSerializer(many=True, read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "intake",
            "status",
            *DRAFT_FIELDS,
            "submitted_at",
            "offer_deadline",
            "timeline",
            "documents",
        ]
        read_only_fields = ["status", "submitted_at", "offer_deadline"]

    @extend_schema_field(TimelineEntrySerializer(many=True))
    def get_timeline(self, application: Application) -> list[dict]:
        """Only what the applicant may read: internal comments never leave the office."""
        if not hasattr(application, "applicant_timeline"):
            selectors.attach_timelines([application])
        return TimelineEntrySerializer(application.applicant_timeline, many=True).data


class ApplicationCreateSerializer(serializers.ModelSerializer):
    """A new draft for an intake, with any draft fields already known: they are checked as a
    later PATCH checks them (dates against the type and the intake), before anything is saved."""

    class Meta:
        model = Application
        fields = ["intake", *DRAFT_FIELDS]


class TransitionSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=Status.choices)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")
    visible = serializers.BooleanField(required=False, default=True)


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class DocumentUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    file = serializers.FileField(allow_empty_file=True)


class ApplicationFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=Status.choices)

    class Meta:
        model = Application
        fields = ["intake", "status"]


class ApplicationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Applicants: their own applications. Programme faculty: the submitted applications of
    their programmes. Coordinators: all."""

    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        return (
            selectors.visible_applications(user=self.request.user)
            .prefetch_related("documents")
            .order_by("-created_at")
        )

    def paginate_queryset(self, queryset):
        """The page's applicant timelines in one query, whatever the page size."""
        page = super().paginate_queryset(queryset)
        return selectors.attach_timelines(page) if page is not None else None

    def _fresh(self, application: Application) -> dict:
        return ApplicationSerializer(self.get_queryset().get(pk=application.pk)).data

    @extend_schema(request=ApplicationCreateSerializer, responses={201: ApplicationSerializer})
    def create(self, request, *args, **kwargs):
        """Start a draft for an open intake. Bad fields answer 400 naming them; nothing is created."""
        payload = ApplicationCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        fields = {name: value for name, value in payload.validated_data.items() if name in DRAFT_FIELDS}
        with transaction.atomic():
            application = services.start_application(actor=request.user, intake=payload.validated_data["intake"])
            if fields:
                services.update_draft(actor=request.user, application=application, **fields)
        return Response(self._fresh(application), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        """Change a draft (PATCH): the dates are checked against the type and the intake."""
        application = self.get_object()
        payload = ApplicationSerializer(application, data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        fields = {name: value for name, value in payload.validated_data.items() if name in DRAFT_FIELDS}
        services.update_draft(actor=request.user, application=application, **fields)
        return Response(self._fresh(application))

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Refused with 400 naming every missing field and document."""
        application = services.submit(actor=request.user, application=self.get_object())
        return Response(self._fresh(application))

    @extend_schema(request=CommentSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        payload = CommentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        application = services.withdraw(
            actor=request.user, application=self.get_object(), comment=payload.validated_data["comment"]
        )
        return Response(self._fresh(application))

    @extend_schema(request=TransitionSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Any move of the workflow table; a move not in the table answers 409."""
        payload = TransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        application = services.transition(actor=request.user, application=self.get_object(), **payload.validated_data)
        return Response(self._fresh(application))

    @extend_schema(methods=["get"], request=None, responses=DocumentSerializer(many=True))
    @extend_schema(methods=["post"], request=DocumentUploadSerializer, responses={201: DocumentSerializer})
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[parsers.MultiPartParser, parsers.FormParser],
        pagination_class=None,  # a handful per application: one list, as documented
    )
    def documents(self, request, pk=None):
        application = self.get_object()
        if request.method == "GET":
            return Response(DocumentSerializer(application.documents.all(), many=True).data)
        payload = DocumentUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        document = services.add_document(
            actor=request.user,
            application=application,
            kind=payload.validated_data["kind"],
            upload=payload.validated_data["file"],
        )
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)
