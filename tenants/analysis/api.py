"""API of the needs analysis: population counts (read, import, entry), norms and the network
analysis. Staff read and editors write; once the analysis is published anyone reads it.
ROUTES are registered on the tenant router by hub/urls_tenant.py."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from hub.accounts.models import Role
from hub.accounts.selectors import has_role, request_role
from tenants.analysis import forms, import_jobs, network, network_cache, selectors, services
from tenants.analysis.models import DemographyImport, Norm, PopulationCount
from tenants.analysis.optimal import api as optimal_api
from tenants.analysis.surveys import api as surveys_api


class StaffOrPublished(BasePermission):
    """Members read, editors write; anyone reads once the analysis is published."""

    def has_permission(self, request, view):
        if getattr(request, "municipality", None) is None:
            return False
        role = request_role(request)
        if request.method in SAFE_METHODS:
            return has_role(role, Role.VIEWER) or selectors.is_published()
        return has_role(role, Role.EDITOR)


class EditorOnly(BasePermission):
    """An import job is the editors' work: neither viewers nor the public read it."""

    def has_permission(self, request, view):
        return getattr(request, "municipality", None) is not None and has_role(
            request_role(request), Role.EDITOR)


class PopulationCountSerializer(serializers.ModelSerializer):
    class Meta:
        model = PopulationCount
        fields = ["id", "area_code", "area_name", "year", "sex", "age_from", "age_to", "count",
                  "source"]
        read_only_fields = fields


class PopulationImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=(
        "CSV in the Czech statistical office's long layout (hodnota, vek_txt, pohlavi_kod, "
        "vuzemi_kod or uzemi_kod, casref_do) or the template code;year;age_band;count[;sex]."))


class PopulationImportJobSerializer(serializers.ModelSerializer):
    errors = serializers.ListField(child=serializers.CharField(), help_text=(
        "Every bad row (the first 2,000), in the uploader's language; any bad row: nothing "
        "stored."))

    class Meta:
        model = DemographyImport
        fields = ["id", "status", "progress", "filename", "layout", "stored", "skipped",
                  "error_count", "errors", "message", "created_at", "finished_at"]
        read_only_fields = fields


class PopulationEntrySerializer(serializers.Serializer):
    area_code = serializers.CharField(max_length=12)
    year = serializers.IntegerField(min_value=1900, max_value=2100)
    age_0_14 = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    age_15_64 = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    age_65_79 = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    age_80 = serializers.IntegerField(min_value=0, required=False, allow_null=True)

    BANDS = {"age_0_14": (0, 14), "age_15_64": (15, 64), "age_65_79": (65, 79),
             "age_80": (80, None)}


class DemographyViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Population counts by area, year, sex and age band (age_to null: and older; age_from
    null: all ages)."""
    api_description = _("Population counts by area, year, sex and age band.")

    serializer_class = PopulationCountSerializer
    permission_classes = [StaffOrPublished]
    access = "published-read:staff:editor"
    parser_classes = [JSONParser, MultiPartParser]

    def get_queryset(self):
        counts = PopulationCount.objects.all()
        for name in ("area_code", "year"):
            value = self.request.query_params.get(name)
            if value and (name != "year" or value.isdigit()):
                counts = counts.filter(**{name: value})
        return counts

    @extend_schema(parameters=[OpenApiParameter("area_code", str), OpenApiParameter("year", int)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary=_("Import population counts from a file"),
                   description="The file is imported on the worker: follow the job at "
                               "/api/demography/imports/{id}/ until its status is done or "
                               "failed.",
                   request={"multipart/form-data": PopulationImportSerializer},
                   responses={202: PopulationImportJobSerializer,
                              400: OpenApiResponse(description="not a CSV or XLSX file, too large, or "
                                                               "no statistical code yet")})
    @action(detail=False, methods=["post"], url_path="import")
    def import_file(self, request):
        data = PopulationImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        form = forms.ImportForm(files={"file": data.validated_data["file"]})
        if not form.is_valid():
            raise serializers.ValidationError({"file": form.errors["file"]})
        job = import_jobs.demography_import_start(
            user=request.user, upload=form.cleaned_data["file"],
            language=request.LANGUAGE_CODE)
        return Response(PopulationImportJobSerializer(job).data,
                        status=status.HTTP_202_ACCEPTED)

    @extend_schema(summary=_("A demography import: its progress, then its result"),
                   responses=PopulationImportJobSerializer)
    @action(detail=False, methods=["get"], url_path=r"imports/(?P<job_id>[0-9]+)",
            permission_classes=[EditorOnly])
    def import_job(self, request, job_id: str):
        return Response(PopulationImportJobSerializer(
            selectors.import_by_id(int(job_id))).data)

    @extend_schema(summary=_("Enter population counts by hand"),
                   request=PopulationEntrySerializer, responses={201: PopulationCountSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def enter(self, request):
        data = PopulationEntrySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.population_enter(
            area_code=values["area_code"], year=values["year"],
            counts={band: values.get(name) for name, band in PopulationEntrySerializer.BANDS.items()})
        counts = PopulationCount.objects.filter(area_code=values["area_code"],
                                                year=values["year"])
        return Response(PopulationCountSerializer(counts, many=True).data,
                        status=status.HTTP_201_CREATED)


class NormSerializer(serializers.ModelSerializer):
    class Meta:
        model = Norm
        fields = ["id", "service_type", "target_group", "unit", "per_1000", "note"]


class NormViewSet(viewsets.ModelViewSet):
    """The standards (places per 1,000 of the target population) this municipality set."""
    api_description = _(
        "The standards (places per 1,000 of the target population) this municipality set.")

    queryset = Norm.objects.all()
    serializer_class = NormSerializer
    permission_classes = [StaffOrPublished]
    access = "published-read:staff:editor"

    def perform_create(self, serializer):
        serializer.instance = services.norm_save(
            country=self.request.municipality.country, **serializer.validated_data)

    def perform_update(self, serializer):
        data = {**NormSerializer(serializer.instance).data, **serializer.validated_data}
        data.pop("id", None)
        serializer.instance = services.norm_save(
            country=self.request.municipality.country, norm=serializer.instance, **data)

    def perform_destroy(self, instance):
        services.norm_delete(norm=instance)


class NetworkRowSerializer(serializers.Serializer):
    service_type = serializers.CharField()
    target_group = serializers.CharField(help_text="empty: all target groups")
    unit = serializers.CharField()
    target = serializers.CharField(help_text="the target population: total, 0-14, 15-64, "
                                             "15+, 65+ or 80+")
    capacity = serializers.IntegerField(allow_null=True)
    population = serializers.IntegerField(allow_null=True)
    per_1000 = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    standard = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    standard_source = serializers.CharField(help_text="norm | region | median | empty")
    comparables = serializers.IntegerField()
    required = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True)
    gap = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True,
                                   help_text="positive: places missing; negative: surplus")
    share = serializers.DecimalField(max_digits=7, decimal_places=1, allow_null=True,
                                     help_text="gap ÷ required, in %")


class NetworkAreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    own = serializers.BooleanField(help_text="the municipality's whole territory")
    year = serializers.IntegerField(allow_null=True)
    rows = NetworkRowSerializer(many=True)


class NetworkAnalysisSerializer(serializers.Serializer):
    capacity_known = serializers.BooleanField()
    capacity_source = serializers.CharField()
    areas = NetworkAreaSerializer(many=True)


class _OneDocument(AutoSchema):
    """The analysis is one object, though the router names its GET action ``list``:
    drf-spectacular would describe it as an array (Schemathesis caught the mismatch)."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class NetworkAnalysisViewSet(viewsets.ViewSet):
    """The network analysis: capacity, per 1,000 of the target population, the standard and
    the gap per service type × target group × unit, for each area (null: not available)."""
    api_description = _(
        "The network analysis: capacity, per 1,000 of the target population, the standard "
        "and the gap.")

    permission_classes = [StaffOrPublished]
    access = "published-read:staff"
    schema = _OneDocument()

    @extend_schema(responses=NetworkAnalysisSerializer,
                   parameters=[OpenApiParameter("year", int, description="default: latest")])
    def list(self, request):
        year = request.query_params.get("year")
        if year and year.isdigit():
            analysis = network.network_analysis(year=int(year))
        else:  # each area's latest year: what the pages show, kept as they keep it
            analysis = network.network_analysis(inputs=network_cache.network_inputs())
        return Response(NetworkAnalysisSerializer(analysis).data)


ROUTES = [
    ("demography", DemographyViewSet, "demography"),
    ("norms", NormViewSet, "norm"),
    ("network-analysis", NetworkAnalysisViewSet, "network-analysis"),
    *surveys_api.ROUTES,
    *optimal_api.ROUTES,
]
