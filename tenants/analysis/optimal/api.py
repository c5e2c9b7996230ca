"""API of the optimal network: descriptions of plans (versions, approval) and their items
with the plan measures that carry them out. Members read, editors write; ROUTES join the
analysis' routes (tenants/analysis/api.py)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from tenants.analysis.models import NetworkDescription, NetworkItem
from tenants.analysis.optimal import selectors, services
from tenants.analysis.surveys.api import StaffOnly


class DescriptionSerializer(serializers.ModelSerializer):
    items = serializers.SerializerMethodField(help_text=_("How many items it has."))

    class Meta:
        model = NetworkDescription
        fields = ["id", "plan", "version", "amends", "title", "note", "status", "approved_on",
                  "resolution", "items"]
        read_only_fields = ["version", "amends", "status", "approved_on", "resolution"]

    def get_items(self, description) -> int:
        return description.items.count()


class DescriptionUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=250, required=False)
    note = serializers.CharField(required=False, allow_blank=True)


class ApproveSerializer(serializers.Serializer):
    approved_on = serializers.DateField()
    resolution = serializers.CharField(max_length=60, required=False, allow_blank=True,
                                       default="")


class MeasuresField(serializers.ListField):
    """Ids of the plan's measures: written as a list, read from the links."""

    def to_representation(self, data):
        return [link.measure_id for link in data.all()]


class ItemSerializer(serializers.ModelSerializer):
    measures = MeasuresField(child=serializers.IntegerField(min_value=1), source="links",
                             required=False, help_text=_(
                                 "Ids of the plan's measures that carry the item out."))

    class Meta:
        model = NetworkItem
        fields = ["id", "description", "action", "service_type", "target_group", "capacity",
                  "unit", "place", "provider", "year", "cost", "note", "gap_key", "gap_then",
                  "measures"]
        read_only_fields = ["gap_then"]
        extra_kwargs = {"gap_key": {"help_text": _(
            "The row of the network analysis it answers: service type|target group|unit "
            "(empty group: all groups); empty: none.")}}


def _item_values(data: dict) -> dict:
    values = {name: data.get(name) for name in (
        "action", "service_type", "capacity", "unit", "place", "year", "cost")}
    values.update(target_group=data.get("target_group") or "", note=data.get("note") or "",
                  gap_key=data.get("gap_key") or "")
    provider = data.get("provider")
    values["provider_id"] = provider.pk if provider is not None else None
    if "links" in data:
        values["measures"] = list(dict.fromkeys(data["links"]))
    return values


class NetworkDescriptionViewSet(viewsets.ModelViewSet):
    """Descriptions of the optimal network, one per plan and version."""
    api_description = _("Descriptions of the optimal network of social services, one per "
                        "plan and version; an approved version is changed by a new one.")

    serializer_class = DescriptionSerializer
    permission_classes = [StaffOnly]
    access = "staff:viewer:editor"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return selectors.descriptions()

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.description_create(
            user=self.request.user, plan=data["plan"], title=data["title"],
            note=data.get("note", ""))

    @extend_schema(request=DescriptionUpdateSerializer, responses=DescriptionSerializer)
    def partial_update(self, request, *args, **kwargs):
        description = self.get_object()
        data = DescriptionUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = {"title": description.title, "note": description.note,
                  **data.validated_data}
        services.description_update(user=request.user, description=description, **values)
        return Response(DescriptionSerializer(description).data)

    def perform_destroy(self, instance):
        services.description_delete(user=self.request.user, description=instance)

    @extend_schema(summary=_("Record the council's approval"), request=ApproveSerializer,
                   responses=DescriptionSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        data = ApproveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        description = services.description_approve(
            user=request.user, description=self.get_object(), **data.validated_data)
        return Response(DescriptionSerializer(description).data)

    @extend_schema(summary=_("Make a new draft version of an approved description"),
                   request=None, responses={201: DescriptionSerializer})
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request, pk=None):
        new = services.description_amend(user=request.user, description=self.get_object())
        return Response(DescriptionSerializer(new).data, status=201)


class NetworkItemViewSet(viewsets.ModelViewSet):
    """Items of the optimal network; ?description= narrows to one description."""
    api_description = _("Items of the optimal network: keep, extend or create a service, "
                        "with capacity, place, provider, year, estimated cost, the gap it "
                        "answers and the plan measures that carry it out.")

    serializer_class = ItemSerializer
    permission_classes = [StaffOnly]
    access = "staff:viewer:editor"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        items = NetworkItem.objects.select_related("description__plan").prefetch_related(
            "links")
        description = self.request.query_params.get("description")
        return (items.filter(description=description) if description and description.isdigit()
                else items)

    @extend_schema(parameters=[OpenApiParameter("description", int)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.item_save(
            user=self.request.user, description=data["description"],
            country=self.request.municipality.country, **_item_values(data))

    def perform_update(self, serializer):
        item = serializer.instance
        current = {name: getattr(item, name) for name in services.ITEM_FIELDS}
        data = {**current, **serializer.validated_data}
        if "description" in serializer.validated_data and (
                serializer.validated_data["description"] != item.description):
            raise serializers.ValidationError({"description": [
                _("An item stays in its description.")]})
        serializer.instance = services.item_save(
            user=self.request.user, description=item.description, item=item,
            country=self.request.municipality.country, **_item_values(data))

    def perform_destroy(self, instance):
        services.item_delete(user=self.request.user, item=instance)


ROUTES = [
    ("network-descriptions", NetworkDescriptionViewSet, "network-description"),
    ("network-items", NetworkItemViewSet, "network-item"),
]
