"""REST API of the core: token, current user, and the shared error handling and schema hook."""

from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ConflictError
from .models import User
from .selectors import user_with_roles

ERROR_BAD_CREDENTIALS = "Unable to log in with the email and password given."
ERROR_EMAIL_NOT_CONFIRMED = "Confirm your email address (see the message we sent you) before using the API."


def exception_handler(exc, context):
    """DRF's handler, plus: Django validation errors answer 400 naming the fields, a refused
    state change answers 409, a refused permission 403 with its reason."""
    if isinstance(exc, DjangoValidationError):
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


class MeView(APIView):
    """The person the request is authenticated as."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(user_with_roles(user_id=request.user.pk)).data)


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
