"""REST API: a person's certificates; faculty and coordinators issue, revoke and reissue; public
verification as JSON."""

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.models import User

from . import credentials, selectors, services
from .models import Activity, Certificate, CertificateCredit

ERROR_PDF_NOT_READY = "The PDF is not ready yet."


class CreditSerializer(serializers.ModelSerializer):
    class Meta:
        model = CertificateCredit
        fields = ["system", "designated", "claimed"]
        read_only_fields = fields


class CertificateSerializer(serializers.ModelSerializer):
    credits = CreditSerializer(many=True, read_only=True)
    pdf_url = serializers.SerializerMethodField()
    verification_url = serializers.SerializerMethodField()
    expires_at = serializers.DateField(source="expires_on", read_only=True, allow_null=True)

    class Meta:
        model = Certificate
        fields = [
            "id",
            "serial",
            "kind",
            "title",
            "status",
            "recipient_name",
            "hours",
            "credits",
            "pdf_url",
            "verification_url",
            "issued_at",
            "expires_at",
        ]
        read_only_fields = fields

    def get_pdf_url(self, certificate: Certificate) -> str | None:
        """The API's own download, so a client with a token (not only a browser with a
        session) fetches the PDF it is given."""
        if not certificate.pdf:
            return None
        return self.context["request"].build_absolute_uri(reverse("certificate-pdf", args=[certificate.pk]))

    def get_verification_url(self, certificate: Certificate) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("certificates:verify", args=[certificate.verification_code])
        )


class IssueRequestSerializer(serializers.Serializer):
    activity = serializers.PrimaryKeyRelatedField(queryset=Activity.objects.all())
    recipient_email = serializers.EmailField()

    def validate_recipient_email(self, value: str) -> User:
        recipient = User.objects.filter(email__iexact=value).first()
        if recipient is None:
            raise serializers.ValidationError("No account uses this email address.")
        return recipient


class ClaimRequestSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=5, decimal_places=2, help_text="Credit claimed, in 0.25 steps.")


class RevokeRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class CertificateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Certificates the person may see: their own, those they are faculty for, or all for
    coordinators. POST issues one by hand for an activity."""

    serializer_class = CertificateSerializer
    queryset = Certificate.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Certificate.objects.none()
        return selectors.visible_certificates(user=self.request.user).prefetch_related("credits").order_by("-issued_at")

    @extend_schema(request=IssueRequestSerializer, responses={201: CertificateSerializer})
    def create(self, request):
        payload = IssueRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        certificate = services.issue_for_activity(
            actor=request.user,
            activity=payload.validated_data["activity"],
            recipient=payload.validated_data["recipient_email"],
        )
        return Response(self.get_serializer(certificate).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        """The certificate's PDF, for whoever may see the certificate (session or token)."""
        certificate = self.get_object()
        if not certificate.pdf:
            raise NotFound(ERROR_PDF_NOT_READY)
        return FileResponse(
            certificate.pdf.open("rb"),
            as_attachment=True,
            filename=f"{certificate.serial}.pdf",
            content_type="application/pdf",
        )

    @extend_schema(request=ClaimRequestSerializer, responses=CertificateSerializer)
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None):
        """The recipient claims their AMA PRA Category 1 Credit™; the certificate is then prepared."""
        payload = ClaimRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        certificate = services.claim_credit(
            actor=request.user, certificate=self.get_object(), amount=payload.validated_data["amount"]
        )
        return Response(self.get_serializer(certificate).data)

    def _manageable(self, pk) -> Certificate:
        return get_object_or_404(selectors.manageable_certificates(user=self.request.user), pk=pk)

    @extend_schema(request=RevokeRequestSerializer, responses=CertificateSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        payload = RevokeRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        certificate = services.revoke_certificate(
            actor=request.user, certificate=self._manageable(pk), reason=payload.validated_data["reason"]
        )
        return Response(self.get_serializer(certificate).data)

    @extend_schema(request=None, responses={201: CertificateSerializer})
    @action(detail=True, methods=["post"])
    def reissue(self, request, pk=None):
        replacement = services.reissue_certificate(actor=request.user, certificate=self._manageable(pk))
        return Response(self.get_serializer(replacement).data, status=status.HTTP_201_CREATED)


class VerificationSerializer(serializers.Serializer):
    status = serializers.CharField()
    replaced_by = serializers.URLField(
        allow_null=True, help_text="For a superseded certificate: the verification address of its replacement."
    )
    full_name = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField()
    issued_at = serializers.DateTimeField()
    expires_at = serializers.DateField(allow_null=True)
    revoked_at = serializers.DateTimeField(allow_null=True)
    started_on = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)
    issuer = serializers.CharField()
    hours = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    credits = CreditSerializer(many=True)
    serial = serializers.CharField()
    signature_valid = serializers.BooleanField()


def _replacement_url(request, certificate: Certificate) -> str | None:
    replacement = certificate.superseded_by if certificate.status == Certificate.Status.SUPERSEDED else None
    if replacement is None:
        return None
    return request.build_absolute_uri(reverse("certificates:verify", args=[replacement.verification_code]))


class VerificationView(APIView):
    """Public: whether a certificate is valid, and what it certifies. Unknown codes are 404."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(responses=VerificationSerializer)
    def get(self, request, code: str):
        certificate = selectors.certificate_by_code(code)
        if certificate is None:
            raise NotFound()
        status_word = certificate.public_status()
        data = {
            "status": status_word,
            "replaced_by": _replacement_url(request, certificate),
            "full_name": certificate.recipient_name,
            "title": certificate.title,
            "kind": certificate.kind,
            "issued_at": certificate.issued_at,
            "expires_at": certificate.expires_on,
            "revoked_at": certificate.revoked_at if status_word == "revoked" else None,
            "started_on": certificate.started_on,
            "ended_on": certificate.ended_on,
            "issuer": certificate.issuer,
            "hours": certificate.hours,
            "credits": certificate.credits.all(),
            "serial": certificate.serial,
            "signature_valid": credentials.verify(certificate),
        }
        return Response(VerificationSerializer(data).data)
