"""Portal API: the municipality's public profile and introduction; editors change the text."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.accounts.permissions import PublicReadStaffWrite
from tenants.portal import selectors, services


class PortalApi(APIView):
    """GET: the municipality and its introduction. PATCH: editors and admins change it."""

    permission_classes = [PublicReadStaffWrite]
    access = "public-read:staff:editor"

    class OutputSerializer(serializers.Serializer):
        name = serializers.CharField()
        kind = serializers.CharField()
        country = serializers.CharField()
        language = serializers.CharField()
        population = serializers.IntegerField(allow_null=True)
        kpss_email = serializers.EmailField()
        heading = serializers.CharField(allow_blank=True)
        text = serializers.CharField(allow_blank=True)

    class InputSerializer(serializers.Serializer):
        heading = serializers.CharField(max_length=200)
        text = serializers.CharField(max_length=5000)

    def _payload(self, request):
        m = request.municipality
        intro = selectors.introduction_get()
        return self.OutputSerializer({
            "name": m.name, "kind": m.kind, "country": m.country, "language": m.language,
            "population": m.population, "kpss_email": m.kpss_email,
            "heading": intro.heading if intro else "", "text": intro.text if intro else "",
        }).data

    @extend_schema(responses=OutputSerializer, operation_id="portal_retrieve")
    def get(self, request):
        return Response(self._payload(request))

    @extend_schema(request=InputSerializer, responses=OutputSerializer,
                   operation_id="portal_update")
    def patch(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.introduction_update(user=request.user, **data.validated_data)
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        return Response(self._payload(request))
