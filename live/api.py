"""REST API under /api/v1/live/: series, sessions (register, check in, cases, attendance) and
my registrations (cancel, evaluate and claim credit)."""

from zoneinfo import ZoneInfo

import django_filters
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from lms.parsers import JSONParser

from . import selectors, services
from .models import Case, Evaluation, Mode, Registration, Series, Session


class LiveSeriesSerializer(serializers.ModelSerializer):
    faculty = serializers.SerializerMethodField()
    institutions = serializers.SerializerMethodField()
    upcoming_sessions = serializers.IntegerField(source="upcoming_count", read_only=True)

    class Meta:
        model = Series
        fields = [
            "id",
            "title",
            "specialty",
            "summary",
            "language",
            "mode",
            "recurrence",
            "time_zone",
            "duration_minutes",
            "hours",
            "attendance_threshold",
            "faculty",
            "institutions",
            "upcoming_sessions",
        ]
        read_only_fields = fields

    def get_faculty(self, series: Series) -> list[str]:
        return [person.full_name or person.email for person in series.faculty.all()]

    def get_institutions(self, series: Series) -> list[str]:
        return [institution.name for institution in series.institutions.all()]


class LiveSessionSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="series.title", read_only=True)
    mode = serializers.ChoiceField(source="series.mode", choices=Mode.choices, read_only=True)
    registered = serializers.IntegerField(source="registered_count", read_only=True)

    class Meta:
        model = Session
        fields = ["id", "series", "title", "topic", "starts_at", "ends_at", "mode", "status", "registered"]
        read_only_fields = fields


class LiveRegistrationSerializer(serializers.ModelSerializer):
    minutes_attended = serializers.IntegerField(source="minutes", read_only=True)
    minutes_needed = serializers.IntegerField(source="session.minutes_needed", read_only=True)
    eligible = serializers.BooleanField(read_only=True)
    starts_at = serializers.DateTimeField(source="session.starts_at", read_only=True)
    title = serializers.CharField(source="session.series.title", read_only=True)
    video_url = serializers.CharField(source="session.series.video_url", read_only=True)
    dial_in = serializers.CharField(source="session.series.dial_in", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "session",
            "title",
            "starts_at",
            "role",
            "status",
            "checked_in_at",
            "minutes_attended",
            "minutes_needed",
            "eligible",
            "video_url",
            "dial_in",
        ]
        read_only_fields = fields


class LiveAttendanceSerializer(LiveRegistrationSerializer):
    person = serializers.CharField(source="person.full_name", read_only=True)
    email = serializers.EmailField(source="person.email", read_only=True)
    institution = serializers.CharField(source="person.institution_name", read_only=True)
    minutes_from_sources = serializers.IntegerField(source="minutes_attended", read_only=True)

    class Meta(LiveRegistrationSerializer.Meta):
        fields = [
            "id",
            "person",
            "email",
            "institution",
            "role",
            "status",
            "checked_in_at",
            "minutes_from_sources",
            "minutes_adjusted",
            "minutes_needed",
            "eligible",
        ]
        read_only_fields = fields


class LiveRegisterSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Registration.Role.choices, default=Registration.Role.PARTICIPANT)


class LiveMoveSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField(
        help_text="The new start, ISO 8601. Without an offset it is read in the series' time zone."
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class LiveCheckInSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)


class LiveAdjustSerializer(serializers.Serializer):
    registration = serializers.IntegerField()
    minutes = serializers.IntegerField(allow_null=True, min_value=0)
    reason = serializers.CharField(max_length=1000)


class LiveAttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    extension = serializers.CharField()


class LiveCaseSerializer(serializers.ModelSerializer):
    presenter = serializers.CharField(source="presenter.full_name", read_only=True)
    attachments = LiveAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "session",
            "presenter",
            "status",
            "age_band",
            "sex",
            "presenting_problem",
            "history",
            "investigations",
            "management",
            "question",
            "recommendations",
            "attachments",
            "submitted_at",
        ]
        read_only_fields = fields


class LiveCaseSubmissionSerializer(serializers.Serializer):
    age_band = serializers.ChoiceField(choices=Case.AgeBand.choices)
    sex = serializers.ChoiceField(choices=Case.Sex.choices)
    presenting_problem = serializers.CharField(max_length=4000)
    history = serializers.CharField(max_length=8000, required=False, allow_blank=True)
    investigations = serializers.CharField(max_length=8000, required=False, allow_blank=True)
    management = serializers.CharField(max_length=8000, required=False, allow_blank=True)
    question = serializers.CharField(max_length=2000)
    names = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text=_("Names of the patient, family and staff to screen for; used for the screen, never stored."),
    )
    confirmed = serializers.ListField(
        child=serializers.CharField(max_length=400),
        required=False,
        help_text=_("Keys of screen hits confirmed as not identifying."),
    )
    attachments = serializers.ListField(child=serializers.FileField(allow_empty_file=True), required=False)
    attachments_deidentified = serializers.BooleanField(required=False, default=False)


class LiveScreenHitSerializer(serializers.Serializer):
    field = serializers.CharField()
    kind = serializers.CharField()
    text = serializers.CharField()
    key = serializers.CharField()


class LiveEvaluationSerializer(serializers.Serializer):
    relevance = serializers.IntegerField(min_value=1, max_value=5)
    change_practice = serializers.ChoiceField(choices=Evaluation.Change.choices)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class SessionFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__gte")
    date_to = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__lte")
    mode = django_filters.ChoiceFilter(field_name="series__mode", choices=Mode.choices)

    class Meta:
        model = Session
        fields = ["series", "date_from", "date_to", "mode", "status"]


class SeriesViewSet(viewsets.ReadOnlyModelViewSet):
    """Published live training series, with their faculty and connected partners."""

    serializer_class = LiveSeriesSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        return selectors.published_series()


class LiveSessionViewSet(viewsets.ReadOnlyModelViewSet):
    """Sessions of published series, soonest first. Filters: series, date_from, date_to
    (YYYY-MM-DD), mode, status."""

    serializer_class = LiveSessionSerializer
    filterset_class = SessionFilter
    permission_classes = [AllowAny]

    def get_queryset(self):
        return selectors.sessions()

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [AllowAny()]
        return [IsAuthenticated()]

    @extend_schema(request=LiveRegisterSerializer, responses={201: LiveRegistrationSerializer})
    @action(detail=True, methods=["post"])
    def register(self, request, pk=None):
        payload = LiveRegisterSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        registration = services.register(
            actor=request.user, session=self.get_object(), role=payload.validated_data["role"]
        )
        return Response(LiveRegistrationSerializer(registration).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LiveMoveSerializer, responses=LiveSessionSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """The training office moves one session (same length); everyone registered is told."""
        session = self.get_object()
        payload = LiveMoveSerializer(data=request.data)
        with timezone.override(ZoneInfo(session.series.time_zone)):
            payload.is_valid(raise_exception=True)
        moved = services.move_session(actor=request.user, session=session, **payload.validated_data)
        return Response(LiveSessionSerializer(self.get_queryset().get(pk=moved.pk)).data)

    @extend_schema(request=LiveCheckInSerializer, responses=LiveRegistrationSerializer)
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request, pk=None):
        payload = LiveCheckInSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        registration = services.check_in(
            actor=request.user, session=self.get_object(), code=payload.validated_data["code"]
        )
        return Response(LiveRegistrationSerializer(registration).data)

    def _readable_session(self, pk) -> Session:
        session = get_object_or_404(Session.objects.select_related("series"), pk=pk)
        if not selectors.may_read_cases(user=self.request.user, session=session):
            raise Http404
        return session

    @extend_schema(
        methods=["get"],
        responses=LiveCaseSerializer(many=True),
        description="The session's cases: for its faculty and registered people only (404 to anyone else).",
    )
    @extend_schema(
        methods=["post"],
        request={"multipart/form-data": LiveCaseSubmissionSerializer, "application/json": LiveCaseSubmissionSerializer},
        responses={
            201: LiveCaseSerializer,
            400: inline_serializer(
                # Either the screen's refusal (screen, hits) or the usual field errors.
                "CaseScreenRefusal",
                {
                    "screen": serializers.ListField(child=serializers.CharField(), required=False),
                    "hits": LiveScreenHitSerializer(many=True, required=False),
                },
            ),
        },
        description="Present a case. A 400 with `hits` lists possible identifiers: remove them from the text or "
        "send their `key` in `confirmed`.",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        pagination_class=None,
        parser_classes=[JSONParser, MultiPartParser, FormParser],
    )
    def cases(self, request, pk=None):
        if request.method == "GET":
            session = self._readable_session(pk)
            return Response(LiveCaseSerializer(selectors.cases(session=session), many=True).data)
        session = get_object_or_404(selectors.sessions(), pk=pk)
        payload = LiveCaseSubmissionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        try:
            case = services.submit_case(
                actor=request.user,
                session=session,
                attachments=data.pop("attachments", []),
                confirmed=data.pop("confirmed", []),
                **data,
            )
        except services.CaseScreenRefused as refusal:
            hits = [
                {"field": hit.field, "kind": str(hit.kind), "text": hit.text, "key": hit.key} for hit in refusal.hits
            ]
            return Response({"screen": refusal.messages, "hits": hits}, status=status.HTTP_400_BAD_REQUEST)
        return Response(LiveCaseSerializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["get"], responses=LiveAttendanceSerializer(many=True))
    @extend_schema(methods=["post"], request=LiveAdjustSerializer, responses=LiveAttendanceSerializer)
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def attendance(self, request, pk=None):
        """The session's registrations with minutes attended (faculty and coordinators); POST
        adjusts one person's minutes with a reason (coordinators)."""
        session = get_object_or_404(selectors.taught_sessions(user=request.user), pk=pk)
        if request.method == "GET":
            return Response(LiveAttendanceSerializer(selectors.roster(session=session), many=True).data)
        payload = LiveAdjustSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        registration = get_object_or_404(session.registrations, pk=payload.validated_data["registration"])
        registration = services.adjust_attendance(
            actor=request.user,
            registration=registration,
            minutes=payload.validated_data["minutes"],
            reason=payload.validated_data["reason"],
        )
        return Response(LiveAttendanceSerializer(registration).data)


class RegistrationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """My registrations, each with its session, status and minutes attended."""

    serializer_class = LiveRegistrationSerializer
    queryset = Registration.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Registration.objects.none()
        return selectors.my_registrations(user=self.request.user)

    @extend_schema(request=None, responses=LiveRegistrationSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        registration = services.cancel_registration(actor=request.user, registration=self.get_object())
        return Response(LiveRegistrationSerializer(registration).data)

    @extend_schema(
        request=LiveEvaluationSerializer,
        responses={201: inline_serializer("CreditClaimed", {"certificate": serializers.IntegerField(allow_null=True)})},
    )
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None):
        """Answer the evaluation and claim credit; the certificate is issued at once."""
        payload = LiveEvaluationSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        certificate = services.evaluate_and_claim(
            actor=request.user, registration=self.get_object(), **payload.validated_data
        )
        return Response({"certificate": certificate.pk if certificate else None}, status=status.HTTP_201_CREATED)
