"""REST API: competency frameworks (with CASE import and export), EPAs, EPA assessments
(request, complete, cancel), the training record and its transcripts."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from certificates.api import CertificateSerializer
from certificates.models import Certificate, Kind
from lms.models import User

from . import case, selectors, services
from .models import EPA, Assessment, Competency, Framework, ScaleLevel, TrainingLink, Transcript
from .registry import training_kinds


class CompetencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Competency
        fields = ["id", "identifier", "code", "statement", "level", "parent"]
        read_only_fields = fields


class FrameworkSerializer(serializers.ModelSerializer):
    competencies = CompetencySerializer(many=True, read_only=True)
    epas = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Framework
        fields = ["id", "identifier", "title", "creator", "description", "version", "language", "competencies", "epas"]
        read_only_fields = fields


class ScaleLevelSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="display_label", read_only=True)

    class Meta:
        model = ScaleLevel
        fields = ["value", "label"]
        read_only_fields = fields


class EPASerializer(serializers.ModelSerializer):
    scale = serializers.CharField(source="scale.display_name", read_only=True)
    levels = ScaleLevelSerializer(source="scale.levels", many=True, read_only=True)

    class Meta:
        model = EPA
        fields = ["id", "identifier", "framework", "code", "title", "description", "competencies", "scale", "levels"]
        read_only_fields = fields


class FrameworkViewSet(viewsets.ReadOnlyModelViewSet):
    """Frameworks anyone signed in may read; the training office imports them as CASE JSON."""

    serializer_class = FrameworkSerializer

    def get_queryset(self):
        return selectors.frameworks().order_by("title", "pk")

    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: FrameworkSerializer})
    @action(detail=False, methods=["post"], url_path="import")
    def import_case(self, request):
        """Import (or update, matched by identifier) a framework from a CASE 1.0 CFPackage."""
        framework = case.import_package(actor=request.user, package=request.data)
        return Response(
            FrameworkSerializer(selectors.frameworks().get(pk=framework.pk), context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"], url_path="case")
    def export_case(self, request, pk=None):
        """The framework as a CASE 1.0 CFPackage."""
        return Response(case.export_package(self.get_object()))


class EPAViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EPASerializer

    def get_queryset(self):
        return selectors.epas().order_by("framework_id", "sort_order", "pk")


class TrainingLinkSerializer(serializers.ModelSerializer):
    """That a piece of training (`training_kind` and `training_id`, as the registry names it)
    trains one competency or one EPA. `training` is its label, for people."""

    training_kind = serializers.ChoiceField(choices=[])
    training_id = serializers.CharField(source="target_id", max_length=40)
    training = serializers.SerializerMethodField()
    competency = serializers.PrimaryKeyRelatedField(queryset=Competency.objects.all(), required=False, allow_null=True)
    epa = serializers.PrimaryKeyRelatedField(queryset=EPA.objects.all(), required=False, allow_null=True)

    class Meta:
        model = TrainingLink
        fields = ["id", "training_kind", "training_id", "training", "competency", "epa"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["training_kind"].choices = sorted(training_kinds())

    def _trainings(self) -> selectors.TrainingChoices:
        """Read once per request however many links are listed."""
        if "trainings" not in self.context:
            self.context["trainings"] = selectors.training_choices()
        return self.context["trainings"]

    def get_training(self, link: TrainingLink) -> str:
        return self._trainings().label_of(link)

    def to_representation(self, link):
        link.training_kind = self._trainings().kind_of(link)
        return super().to_representation(link)

    def validate(self, attrs):
        target = self._trainings().objects.get(f"{attrs['training_kind']}:{attrs['target_id']}")
        if target is None:
            raise serializers.ValidationError({"training_id": services.ERROR_LINK_TRAINING})
        attrs["target"] = target
        return attrs


class TrainingLinkViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The training office's links between training and competencies or EPAs; `?framework=`
    narrows the list to one framework. Others see none; POST and DELETE are the office's."""

    serializer_class = TrainingLinkSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False) or not self.request.user.is_coordinator:
            return TrainingLink.objects.none()
        links = selectors.registered_links().select_related("competency", "epa").order_by("pk")
        framework = self.request.query_params.get("framework")
        if framework is not None:
            if not (framework.isascii() and framework.isdigit() and len(framework) < 12):
                raise serializers.ValidationError({"framework": _("Give a framework's id (a number).")})
            links = links.filter(Q(competency__framework_id=framework) | Q(epa__framework_id=framework))
        return links

    @extend_schema(
        parameters=[OpenApiParameter("framework", int, description="Only this framework's links.")],
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.link_training(
            actor=self.request.user, target=data["target"], competency=data.get("competency"), epa=data.get("epa")
        )

    def perform_destroy(self, instance):
        services.unlink_training(actor=self.request.user, link=instance)


class EPAAssessmentSerializer(serializers.ModelSerializer):
    epa_title = serializers.CharField(source="epa.__str__", read_only=True)
    trainee_name = serializers.CharField(source="trainee.full_name", read_only=True)
    supervisor_name = serializers.CharField(source="supervisor.full_name", read_only=True)
    level = serializers.IntegerField(source="level.value", read_only=True, allow_null=True, default=None)
    level_label = serializers.CharField(source="level.display_label", read_only=True, allow_null=True, default=None)
    supervisor = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    epa = serializers.PrimaryKeyRelatedField(queryset=EPA.objects.all())

    class Meta:
        model = Assessment
        fields = [
            "id",
            "epa",
            "epa_title",
            "trainee",
            "trainee_name",
            "supervisor",
            "supervisor_name",
            "setting",
            "complexity",
            "note",
            "status",
            "requested_at",
            "expires_at",
            "level",
            "level_label",
            "went_well",
            "to_work_on",
            "completed_at",
        ]
        read_only_fields = [
            "id",
            "trainee",
            "status",
            "requested_at",
            "expires_at",
            "went_well",
            "to_work_on",
            "completed_at",
        ]


class CompleteSerializer(serializers.Serializer):
    level = serializers.IntegerField(help_text="A level of the EPA's scale (1 is the least entrusted).")
    went_well = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    to_work_on = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AssessmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """A trainee's requests and a supervisor's queue. POST asks for an assessment (the trainee
    is the caller); `complete` is the supervisor's, `cancel` the trainee's."""

    serializer_class = EPAAssessmentSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Assessment.objects.none()
        return selectors.visible_assessments(user=self.request.user).order_by("-requested_at", "-pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.request_assessment(
            actor=self.request.user,
            epa=data["epa"],
            supervisor=data["supervisor"],
            setting=data["setting"],
            complexity=data["complexity"],
            note=data.get("note", ""),
        )

    @extend_schema(request=CompleteSerializer, responses={200: EPAAssessmentSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        assessment = self.get_object()
        form = CompleteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        done = services.complete_assessment(actor=request.user, assessment=assessment, **form.validated_data)
        return Response(EPAAssessmentSerializer(done, context={"request": request}).data)

    @extend_schema(request=None, responses={200: EPAAssessmentSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        cancelled = services.cancel_assessment(actor=request.user, assessment=self.get_object())
        return Response(EPAAssessmentSerializer(cancelled, context={"request": request}).data)


class RecordQuerySerializer(serializers.Serializer):
    person = serializers.IntegerField(required=False, help_text="Whose record (default: yours).")
    start = serializers.DateField(required=False, help_text="From this date.")
    end = serializers.DateField(required=False, help_text="Until this date.")
    programme = serializers.IntegerField(required=False, help_text="Only what this programme trains.")

    def validate(self, attrs):
        if attrs.get("start") and attrs.get("end") and attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": str(services.ERROR_PERIOD)})
        return attrs


class EvidenceItemSerializer(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    occurred_on = serializers.DateField()


class RecordCompetencySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="competency.id")
    code = serializers.CharField(source="competency.code")
    statement = serializers.CharField(source="competency.statement")
    framework = serializers.CharField(source="competency.framework.title")
    evidence = EvidenceItemSerializer(many=True)


class RecordAssessmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    completed_at = serializers.DateTimeField()
    level = serializers.IntegerField(source="level.value")
    level_label = serializers.CharField(source="level.display_label")
    setting = serializers.CharField()
    complexity = serializers.CharField()


class RecordEPASerializer(serializers.Serializer):
    id = serializers.IntegerField(source="epa.id")
    code = serializers.CharField(source="epa.code")
    title = serializers.CharField(source="epa.title")
    scale = serializers.CharField(source="epa.scale.display_name")
    latest_level = serializers.SerializerMethodField()
    trend = serializers.CharField()
    assessments = RecordAssessmentSerializer(many=True)

    def get_latest_level(self, row) -> int | None:
        return row.latest.level.value if row.latest else None


class CreditTotalSerializer(serializers.Serializer):
    system = serializers.CharField()
    label = serializers.CharField()
    amount = serializers.DecimalField(max_digits=8, decimal_places=2)


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=8, decimal_places=1)
    credits = serializers.SerializerMethodField()

    @extend_schema_field(CreditTotalSerializer(many=True))
    def get_credits(self, year) -> list[dict]:
        return CreditTotalSerializer(year.credits.values(), many=True).data


class RecordSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person.pk")
    full_name = serializers.CharField(source="person.full_name")
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    years = YearSerializer(many=True)
    certificates = serializers.SerializerMethodField()
    competencies = RecordCompetencySerializer(many=True)
    epas = RecordEPASerializer(many=True)

    def get_certificates(self, record) -> list[dict]:
        return CertificateSerializer(record.certificates, many=True, context=self.context).data


def record_person(request, person_id: int | None) -> User:
    """Whose record the caller may read: their own, a trainee they follow, anyone for the office;
    anyone else answers 404."""
    if person_id is None or person_id == request.user.pk:
        return request.user
    person = User.objects.filter(pk=person_id).first()
    if person is None or not services.follows(request.user, person):
        raise Http404
    return person


class RecordView(APIView):
    """Everything a person did here: certificates with hours and credits per year and credit
    system, each competency with its evidence, each EPA with its assessments."""

    @extend_schema(parameters=[RecordQuerySerializer], responses={200: RecordSerializer})
    def get(self, request):
        query = RecordQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        person = record_person(request, params.get("person"))
        record = selectors.training_record(
            person,
            start=params.get("start"),
            end=params.get("end"),
            programme=str(params["programme"]) if params.get("programme") else None,
        )
        return Response(RecordSerializer(record, context={"request": request}).data)


class TranscriptRequestSerializer(serializers.Serializer):
    start = serializers.DateField(required=False, allow_null=True)
    end = serializers.DateField(required=False, allow_null=True)
    sections = serializers.ListField(
        child=serializers.ChoiceField(choices=Transcript.Section.choices), required=False, allow_empty=False
    )
    programme = serializers.IntegerField(required=False, allow_null=True)


class TranscriptViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's transcripts (certificates of kind transcript). POST issues one: of
    everything when the body is empty, or for a period and the chosen sections."""

    serializer_class = CertificateSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Certificate.objects.none()
        return (
            Certificate.objects.filter(recipient=self.request.user, kind=Kind.TRANSCRIPT)
            .select_related("recipient")
            .prefetch_related("credits")
            .order_by("-issued_at", "-pk")
        )

    @extend_schema(request=TranscriptRequestSerializer, responses={201: CertificateSerializer})
    def create(self, request):
        form = TranscriptRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        certificate = services.issue_transcript(
            actor=request.user,
            start=data.get("start"),
            end=data.get("end"),
            sections=data.get("sections"),
            programme=str(data["programme"]) if data.get("programme") else None,
        )
        certificate = get_object_or_404(self.get_queryset(), pk=certificate.pk)
        return Response(CertificateSerializer(certificate, context={"request": request}).data, status=201)
