"""Staff API of the catalogue (reads and writes for the municipality's staff); the public reads
it through /hsds/. ROUTES are registered on the tenant router by hub/urls_tenant.py."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from hub.accounts.permissions import StaffOnly
from tenants.catalogue import coverage, selectors, services
from tenants.catalogue.models import Provider, Service


class ProviderSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)

    class Meta:
        model = Provider
        fields = ["id", "name", "legal_form", "ico", "website", "email", "phone", "address",
                  "description", "updated_at"]
        read_only_fields = ["updated_at"]


class HoursSerializer(serializers.Serializer):
    weekday = serializers.IntegerField(min_value=0, max_value=6,
                                       help_text="0 = Monday … 6 = Sunday")
    opens = serializers.TimeField(format="%H:%M")
    closes = serializers.TimeField(format="%H:%M")
    # opens < closes is the service's rule (services._hours), refused there with a
    # translated message.


class LocationSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid", required=False)
    name = serializers.CharField(max_length=250, required=False, allow_blank=True)
    address = serializers.CharField(max_length=250)
    town = serializers.CharField(max_length=120)
    postal_code = serializers.CharField(max_length=10, required=False, allow_blank=True)
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False,
                                        allow_null=True, min_value=-90, max_value=90)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False,
                                         allow_null=True, min_value=-180, max_value=180)
    accessibility = serializers.CharField(required=False, allow_blank=True)
    hours = HoursSerializer(many=True, required=False)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["hours"] = HoursSerializer(instance.hours.all(), many=True).data
        return data


class CapacitySerializer(serializers.Serializer):
    form = serializers.CharField(max_length=20, help_text="residential | outpatient | field")
    unit = serializers.CharField(max_length=20,
                                 help_text="bed | client | contact | intervention | call")
    capacity = serializers.IntegerField(min_value=0, help_text=(
        "The registered maximum capacity in this form and unit (not free places)."))
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ServiceSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    provider = serializers.SlugRelatedField(slug_field="uuid", queryset=Provider.objects.all())
    service_type = serializers.CharField(max_length=20, help_text=(
        "Code of the country's taxonomy, e.g. cz-49 or sk-35 (see /hsds/taxonomy_terms)."))
    target_groups = serializers.ListField(child=serializers.CharField(max_length=30),
                                          required=False)
    capacities = CapacitySerializer(many=True, required=False)
    covers = serializers.ListField(child=serializers.CharField(max_length=150), required=False,
                                   help_text=(
        "Territorial units the service covers, as keys <level>:<code> (district:3201) or "
        "names (\"okres Benešov\"); empty: the municipality's own territory. Answered as "
        "keys."))
    locations = LocationSerializer(many=True, required=False)

    class Meta:
        model = Service
        fields = ["id", "provider", "name", "service_type", "form", "target_groups",
                  "age_from", "age_to", "capacities", "description", "fees",
                  "eligibility", "registry_id", "status", "phone", "email", "website", "covers",
                  "hidden_address", "ended_on", "locations", "updated_at"]
        read_only_fields = ["updated_at", "ended_on"]
        validators = []  # the service validates (and names the field)

    def create(self, validated_data):
        return services.service_save(user=self.context["request"].user,
                                     **self._plain(validated_data))

    def update(self, instance, validated_data):
        return services.service_save(user=self.context["request"].user,
                                     service=instance, **self._plain(validated_data))

    def validate_covers(self, value):
        keys, errors = coverage.resolve(value)
        if errors:
            raise serializers.ValidationError(errors)
        return keys

    @staticmethod
    def _plain(data):
        data = dict(data)
        if "capacities" in data:
            data["capacities"] = [dict(line) for line in data["capacities"]]
        if "locations" in data:
            data["locations"] = [{**loc, "uuid": str(loc["uuid"]) if loc.get("uuid") else "",
                                  "hours": [dict(h) for h in loc.get("hours", [])]}
                                 for loc in data["locations"]]
        return data


class ProviderViewSet(viewsets.ModelViewSet):
    api_description = _("Providers of social services (organisations).")

    serializer_class = ProviderSerializer
    permission_classes = [StaffOnly]
    access = "staff:viewer:editor"
    lookup_field = "uuid"
    lookup_url_kwarg = "id"
    lookup_value_regex = "[0-9a-f-]{36}"

    def get_queryset(self):
        return Provider.objects.order_by("name", "pk")

    def perform_create(self, serializer):
        serializer.instance = services.provider_save(user=self.request.user,
                                                     **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.provider_save(user=self.request.user,
                                                     provider=serializer.instance,
                                                     **serializer.validated_data)

    def destroy(self, request, *args, **kwargs):
        services.provider_delete(user=request.user, provider=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class ServiceViewSet(viewsets.ModelViewSet):
    api_description = _("Social services of the catalogue, with their places and weekly hours.")

    serializer_class = ServiceSerializer
    permission_classes = [StaffOnly]
    access = "staff:viewer:editor"
    lookup_field = "uuid"
    lookup_url_kwarg = "id"
    lookup_value_regex = "[0-9a-f-]{36}"

    def get_queryset(self):
        qs = selectors.service_full().order_by("name", "pk")
        if self.request.query_params.get("status") in Service.Status.values:
            qs = qs.filter(status=self.request.query_params["status"])
        return qs

    def destroy(self, request, *args, **kwargs):
        services.service_delete(user=request.user, service=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


ROUTES = [
    ("catalogue-providers", ProviderViewSet, "catalogue-provider"),
    ("catalogue-services", ServiceViewSet, "catalogue-service"),
]
