"""REST API of online courses: the catalogue with outlines, enrolment, my enrolments with
progress, lesson completion, quiz attempts, assignment submissions, and for faculty the
submissions to grade and grading. Writes go through services."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, parsers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from cms.i18n import in_default_language

from . import selectors, services
from .models import Audience, CoursePage, Enrolment, LessonPage, QuizAttempt, Submission


class CourseSerializer(serializers.ModelSerializer):
    prerequisites = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    page_url = serializers.CharField(source="url", read_only=True)

    class Meta:
        model = CoursePage
        fields = [
            "id",
            "title",
            "summary",
            "audience",
            "specialty",
            "language",
            "cpd_hours",
            "estimated_hours",
            "enrolment_open",
            "prerequisites",
            "page_url",
        ]


class ActivitySerializer(serializers.Serializer):
    id = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField()


class LessonOutlineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    required = serializers.BooleanField()
    activities = ActivitySerializer(many=True)


class ModuleOutlineSerializer(serializers.Serializer):
    module = serializers.CharField(allow_null=True)
    lessons = LessonOutlineSerializer(many=True)


class CourseDetailSerializer(CourseSerializer):
    outline = serializers.SerializerMethodField()

    class Meta(CourseSerializer.Meta):
        fields = [*CourseSerializer.Meta.fields, "outline"]

    @extend_schema_field(ModuleOutlineSerializer(many=True))
    def get_outline(self, course: CoursePage) -> list[dict]:
        return [
            {
                "module": module.title if module else None,
                "lessons": [
                    {
                        "id": lesson.pk,
                        "title": lesson.title,
                        "required": lesson.required,
                        "activities": [
                            {"id": block.id, "kind": block.block_type, "title": block.value["title"]}
                            for block in lesson.activities()
                        ],
                    }
                    for lesson in lessons
                ],
            }
            for module, lessons in selectors.outline(course)
        ]


class CourseFilter(filters.FilterSet):
    audience = filters.ChoiceFilter(choices=Audience.choices)
    specialty = filters.CharFilter(lookup_expr="iexact")
    language = filters.CharFilter()
    q = filters.CharFilter(method="search", label="search in title, summary and specialty")

    class Meta:
        model = CoursePage
        fields = ["audience", "specialty", "language", "q"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(summary__icontains=value) | Q(specialty__icontains=value))


class EnrolmentSerializer(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Enrolment
        fields = ["id", "course", "status", "progress", "enrolled_at", "completed_at"]

    def get_progress(self, enrolment: Enrolment) -> int:
        if not hasattr(enrolment, "required_count"):
            enrolment = selectors.with_progress(Enrolment.objects.filter(pk=enrolment.pk)).get()
        return selectors.progress_percent(enrolment)


class CourseViewSet(viewsets.ReadOnlyModelViewSet):
    """Published courses; the detail includes the outline with each lesson's activities. The
    API lists the default-language pages, whose ids enrolments and progress refer to."""

    filterset_class = CourseFilter
    queryset = CoursePage.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CoursePage.objects.none()
        return in_default_language(selectors.courses()).prefetch_related("prerequisites")

    def get_serializer_class(self):
        return CourseDetailSerializer if self.action == "retrieve" else CourseSerializer

    @extend_schema(request=None, responses={201: EnrolmentSerializer})
    @action(detail=True, methods=["post"])
    def enroll(self, request, pk=None):
        """Refused with 409 naming the prerequisite courses still to complete."""
        enrolment = services.enrol(actor=request.user, course=self.get_object())
        return Response(EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED)


class EnrollmentViewSet(viewsets.ReadOnlyModelViewSet):
    """My enrolments, with progress (percent of required lessons completed)."""

    serializer_class = EnrolmentSerializer
    queryset = Enrolment.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Enrolment.objects.none()
        return selectors.my_enrolments(user=self.request.user)

    @extend_schema(request=None, responses=EnrolmentSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Leave the course (status becomes withdrawn; lessons done are kept). Enrolling again
        resumes. A completed or already withdrawn enrolment answers 409."""
        enrolment = services.withdraw(actor=request.user, enrolment=self.get_object())
        return Response(EnrolmentSerializer(enrolment).data)


class QuizAnswersSerializer(serializers.Serializer):
    answers = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField(min_value=0)),
        help_text="Per question, the indexes of the choices given.",
    )


class QuizAttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = QuizAttempt
        fields = ["id", "block_id", "number", "score", "passed", "answers", "questions", "submitted_at"]


class AssignmentUploadSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, max_length=20000, default="")
    file = serializers.FileField(required=False, allow_empty_file=True)


class SubmissionSerializer(serializers.ModelSerializer):
    learner = serializers.CharField(source="enrolment.learner.full_name", read_only=True)
    course = serializers.IntegerField(source="enrolment.course_id", read_only=True)

    class Meta:
        model = Submission
        fields = [
            "id",
            "course",
            "lesson",
            "block_id",
            "number",
            "learner",
            "text",
            "original_name",
            "status",
            "submitted_at",
            "score",
            "passed",
            "feedback",
            "assignment",
        ]


class LessonViewSet(viewsets.GenericViewSet):
    """Learning actions on a lesson, for enrolled learners (others get 404)."""

    queryset = LessonPage.objects.none()
    serializer_class = QuizAttemptSerializer

    def _lesson(self, pk) -> LessonPage:
        lesson = get_object_or_404(LessonPage.objects.live(), pk=pk)
        course = services.course_of(lesson)
        if not Enrolment.objects.filter(
            learner=self.request.user, course__translation_key=course.translation_key
        ).exists():
            raise NotFound(str(services.ERROR_NOT_ENROLLED))
        return lesson

    @extend_schema(request=None, responses=EnrolmentSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        enrolment = services.complete_lesson(actor=request.user, lesson=self._lesson(pk))
        return Response(EnrolmentSerializer(enrolment).data)

    @extend_schema(request=QuizAnswersSerializer, responses={201: QuizAttemptSerializer})
    @action(detail=True, methods=["post"], url_path=r"quizzes/(?P<block_id>[\w-]+)/attempts")
    def quiz_attempt(self, request, pk=None, block_id=None):
        payload = QuizAnswersSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        attempt = services.submit_quiz(
            actor=request.user, lesson=self._lesson(pk), block_id=block_id, answers=payload.validated_data["answers"]
        )
        return Response(QuizAttemptSerializer(attempt).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AssignmentUploadSerializer, responses={201: SubmissionSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path=r"assignments/(?P<block_id>[\w-]+)/submissions",
        parser_classes=[parsers.MultiPartParser, parsers.FormParser, parsers.JSONParser],
    )
    def assignment_submission(self, request, pk=None, block_id=None):
        payload = AssignmentUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        submission = services.submit_assignment(
            actor=request.user,
            lesson=self._lesson(pk),
            block_id=block_id,
            text=payload.validated_data["text"],
            upload=payload.validated_data.get("file"),
        )
        return Response(SubmissionSerializer(submission).data, status=status.HTTP_201_CREATED)


class GradeSerializer(serializers.Serializer):
    levels = serializers.ListField(
        child=serializers.IntegerField(min_value=0), help_text="Per rubric criterion, the index of the level chosen."
    )
    feedback = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")


class SubmissionFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=Submission.Status.choices)

    class Meta:
        model = Submission
        fields = ["status"]


class SubmissionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """For faculty: submissions of the courses they teach (coordinators: all), oldest first."""

    serializer_class = SubmissionSerializer
    filterset_class = SubmissionFilter
    queryset = Submission.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Submission.objects.none()
        return selectors.gradable_submissions(user=self.request.user).order_by("submitted_at")

    @extend_schema(request=GradeSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def grade(self, request, pk=None):
        payload = GradeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        submission = services.grade_submission(
            actor=request.user, submission=self.get_object(), **payload.validated_data
        )
        return Response(SubmissionSerializer(submission).data)
