"""REST API of the core: token, current user, and the shared error handling and schema hook."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ConflictError
from .forms import ProfileForm
from .models import User
from .selectors import user_with_roles
from .services import PROFILE_FIELDS, export_personal_data, update_profile

ERROR_OUT_OF_RANGE = "A number in the request is out of range."
ERROR_BAD_CREDENTIALS = "Unable to log in with the email and password given."
ERROR_EMAIL_NOT_CONFIRMED = "Confirm your email address (see the message we sent you) before using the API."


def exception_handler(exc, context):
    """DRF's handler, plus: Django validation errors answer 400 naming the fields, a refused
    state change answers 409, a refused permission 403 with its reason."""
    if isinstance(exc, OverflowError | DataError):
        # A number in the query too large for the database (an id of 30 digits): bad input.
        exc = exceptions.ValidationError(detail={"non_field_errors": [ERROR_OUT_OF_RANGE]})
    elif isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(detail=str(exc) or None)
    elif isinstance(exc, ConflictError):
        return Response({"detail": exc.message, "code": exc.code}, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)


def only_api_paths(endpoints):
    """drf-spectacular preprocessing hook: document only our API, not Wagtail's admin views."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.ListField(child=serializers.CharField(), read_only=True)
    country = serializers.CharField(source="country.code", read_only=True)
    institution = serializers.CharField(source="institution_name", read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "full_name",
            "profession",
            "specialty",
            "country",
            "institution",
            "preferred_language",
            "roles",
        ]
        read_only_fields = fields


class MeUpdateSerializer(serializers.Serializer):
    """The profile fields a person corrects about themselves; any subset. Validated by the
    profile page's form (lms.forms.ProfileForm), so the API and the page accept the same."""

    full_name = serializers.CharField(required=False, max_length=200)
    profession = serializers.ChoiceField(choices=User.Profession.choices, required=False)
    specialty = serializers.CharField(required=False, allow_blank=True, max_length=120)
    institution = serializers.IntegerField(required=False, allow_null=True, help_text="A partner institution's id.")
    institution_other = serializers.CharField(required=False, allow_blank=True, max_length=200)
    country = serializers.CharField(required=False, max_length=2, help_text="ISO 3166-1 alpha-2 code.")
    preferred_language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    licence_number = serializers.CharField(required=False, allow_blank=True, max_length=60)


class MeView(APIView):
    """The person the request is authenticated as; PATCH corrects their profile."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(user_with_roles(user_id=request.user.pk)).data)

    @extend_schema(request=MeUpdateSerializer, responses=MeSerializer)
    def patch(self, request):
        """Bad values answer 400 naming each field, and change nothing."""
        payload = MeUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = request.user
        current = {name: _form_value(user, name) for name in PROFILE_FIELDS}
        form = ProfileForm(data={**current, **payload.validated_data}, instance=User.objects.get(pk=user.pk))
        if not form.is_valid():
            raise exceptions.ValidationError(
                {field: [error["message"] for error in errors] for field, errors in form.errors.get_json_data().items()}
            )
        update_profile(actor=user, user=user, **{name: form.cleaned_data[name] for name in payload.validated_data})
        return Response(MeSerializer(user_with_roles(user_id=user.pk)).data)


def _form_value(user: User, name: str):
    """A profile field as the form takes it in its data (ids and codes, not objects)."""
    if name == "institution":
        return user.institution_id or ""
    if name == "country":
        return user.country.code if user.country else ""
    return getattr(user, name)


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})


class ObtainTokenView(APIView):
    """Exchange email and password for an API token (throttled per address)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        request=TokenRequestSerializer,
        responses=inline_serializer("TokenResponse", fields={"token": serializers.CharField()}),
    )
    def post(self, request):
        payload = TokenRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = authenticate(
            request=request._request,
            email=payload.validated_data["email"].lower(),
            password=payload.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise exceptions.ValidationError({"non_field_errors": [ERROR_BAD_CREDENTIALS]})
        if not EmailAddress.objects.filter(user=user, verified=True).exists():
            raise exceptions.ValidationError({"email": [ERROR_EMAIL_NOT_CONFIRMED]})
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class MyDataExportView(APIView):
    """Everything we hold about me, as a ZIP of JSON and files."""

    @extend_schema(responses={(200, "application/zip"): OpenApiTypes.BINARY})
    def get(self, request):
        archive = export_personal_data(actor=request.user, user=request.user)
        response = HttpResponse(archive, content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="my-data.zip"'
        return response
