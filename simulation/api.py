"""REST API: upcoming sessions and booking; my bookings and cancelling; for facilitators the
roster, attendance and assessment."""

from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from . import selectors, services
from .filters import SessionFilter
from .models import Booking, ItemRating, Session


class SessionSerializer(serializers.ModelSerializer):
    scenario = serializers.CharField(source="scenario.title", read_only=True)
    discipline = serializers.CharField(source="scenario.discipline", read_only=True)
    audience = serializers.CharField(source="scenario.audience", read_only=True)
    room = serializers.CharField(source="room.name", read_only=True)
    places_left = serializers.IntegerField(read_only=True)
    waitlist_length = serializers.IntegerField(read_only=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "scenario",
            "discipline",
            "audience",
            "room",
            "starts_at",
            "ends_at",
            "places",
            "places_left",
            "waitlist_length",
            "status",
        ]
        read_only_fields = fields


class BookingSerializer(serializers.ModelSerializer):
    waitlist_position = serializers.SerializerMethodField()
    scenario = serializers.CharField(source="session.scenario.title", read_only=True)
    starts_at = serializers.DateTimeField(source="session.starts_at", read_only=True)
    # Empty until the participant is assessed: documented as such, so clients expect "".
    result = serializers.ChoiceField(choices=Booking.Result.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Booking
        fields = [
            "id",
            "session",
            "scenario",
            "starts_at",
            "status",
            "waitlist_position",
            "result",
            "score",
            "feedback",
        ]
        read_only_fields = fields

    def get_waitlist_position(self, booking: Booking) -> int | None:
        if not hasattr(booking, "people_ahead"):
            booking = selectors.with_waitlist_position(Booking.objects.filter(pk=booking.pk)).get()
        return selectors.waitlist_position(booking)


class RosterEntrySerializer(BookingSerializer):
    participant = serializers.CharField(source="participant.full_name", read_only=True)

    class Meta(BookingSerializer.Meta):
        fields = [*BookingSerializer.Meta.fields, "participant"]
        read_only_fields = fields


class AttendanceSerializer(serializers.Serializer):
    attended = serializers.BooleanField()


class RatingSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    rating = serializers.ChoiceField(choices=ItemRating.Rating.choices)


class AssessmentSerializer(serializers.Serializer):
    ratings = RatingSerializer(many=True)
    feedback = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class SessionViewSet(viewsets.ReadOnlyModelViewSet):
    """Upcoming scheduled sessions, with places left and waitlist length. Filters: discipline,
    audience, date_from, date_to (dates as YYYY-MM-DD)."""

    serializer_class = SessionSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = SessionFilter

    def get_queryset(self):
        return selectors.upcoming_sessions()

    @extend_schema(request=None, responses={201: BookingSerializer})
    @action(detail=True, methods=["post"])
    def book(self, request, pk=None):
        booking = services.book(actor=request.user, session=self.get_object())
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=RosterEntrySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)  # one session's roster: one list
    def roster(self, request, pk=None):
        session = get_object_or_404(selectors.facilitated_sessions(user=request.user), pk=pk)
        return Response(RosterEntrySerializer(selectors.roster(session=session), many=True).data)


class BookingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """My bookings; facilitators also reach the bookings of their sessions for attendance and
    assessment."""

    serializer_class = BookingSerializer
    queryset = Booking.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Booking.objects.none()
        return selectors.my_bookings(user=self.request.user)

    def _facilitated(self, pk) -> Booking:
        sessions = selectors.facilitated_sessions(user=self.request.user).values("pk")
        return get_object_or_404(Booking.objects.filter(session__in=sessions), pk=pk)

    @extend_schema(request=None, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        booking = services.cancel_booking(actor=request.user, booking=self.get_object())
        return Response(BookingSerializer(booking).data)

    @extend_schema(request=AttendanceSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        payload = AttendanceSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        booking = services.mark_attendance(
            actor=request.user, booking=self._facilitated(pk), attended=payload.validated_data["attended"]
        )
        return Response(BookingSerializer(booking).data)

    @extend_schema(request=AssessmentSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def assessment(self, request, pk=None):
        payload = AssessmentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        booking = services.assess(
            actor=request.user,
            booking=self._facilitated(pk),
            ratings={row["item"]: row["rating"] for row in payload.validated_data["ratings"]},
            feedback=payload.validated_data.get("feedback", ""),
        )
        return Response(BookingSerializer(booking).data)
