"""Portal API: the municipality's public profile and introduction; editors change the text."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.accounts.permissions import PublicReadStaffWrite
from tenants.portal import selectors, services


class PortalApi(APIView):
    api_description = _(
        "GET: the municipality and its introduction. PATCH: editors and admins "
        "change it.")

    permission_classes = [PublicReadStaffWrite]
    access = "public-read:staff:editor"

    class OutputSerializer(serializers.Serializer):
        name = serializers.CharField()
        kind = serializers.CharField()
        country = serializers.CharField()
        language = serializers.CharField()
        population = serializers.IntegerField(allow_null=True)
        kpss_email = serializers.EmailField(allow_blank=True)
        heading = serializers.CharField(allow_blank=True)
        text = serializers.CharField(allow_blank=True)

    class InputSerializer(serializers.Serializer):
        heading = serializers.CharField(max_length=200)
        text = serializers.CharField(max_length=5000)

    class PatchedInputSerializer(InputSerializer):
        """What a PATCH may send: either field, or both."""

        heading = serializers.CharField(max_length=200, required=False)
        text = serializers.CharField(max_length=5000, required=False)

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

    @extend_schema(request=PatchedInputSerializer, responses=OutputSerializer,
                   operation_id="portal_update")
    def patch(self, request):
        # Partial: what is not sent keeps its value (both are required while there is none).
        intro = selectors.introduction_get()
        current = {"heading": intro.heading, "text": intro.text} if intro else {}
        sent = request.data
        if hasattr(sent, "items"):  # anything else the serializer refuses with a message
            sent = {**current, **{key: sent[key] for key in sent}}
        data = self.InputSerializer(data=sent)
        data.is_valid(raise_exception=True)
        services.introduction_update(user=request.user, **data.validated_data)
        return Response(self._payload(request))


# News and the documents archive (viewsets on the tenant router) ---------------------------

from django.urls import reverse  # noqa: E402
from rest_framework import mixins, parsers, viewsets  # noqa: E402

from hub.accounts.models import Role  # noqa: E402
from hub.accounts.selectors import has_role, request_role  # noqa: E402
from tenants.portal.models import Document, NewsItem  # noqa: E402


class NewsSerializer(serializers.ModelSerializer):
    class Meta:
        model = NewsItem
        fields = ["id", "title", "summary", "body", "published_at", "updated_at"]
        read_only_fields = ["updated_at"]

    def validate_published_at(self, value):
        # Before 1900 the zone's offsets had seconds (local mean time), which no RFC 3339
        # date-time can carry; no news item is that old.
        if value is not None and value.year < 1900:
            raise serializers.ValidationError(_("Choose a date from 1900 on."))
        return value


class NewsViewSet(viewsets.ModelViewSet):
    api_description = _(
        "News (aktuality): everyone reads published items; staff also see "
        "drafts; editors write.")

    serializer_class = NewsSerializer
    permission_classes = [PublicReadStaffWrite]
    access = "public-read:staff:editor"

    def get_queryset(self):
        if has_role(request_role(self.request), Role.VIEWER):
            return NewsItem.objects.order_by("-published_at", "-created_at")
        return selectors.news_published()

    def _fields(self, serializer):
        item = serializer.instance
        return {k: serializer.validated_data.get(k, getattr(item, k, "" if k != "published_at"
                                                            else None))
                for k in ["title", "summary", "body", "published_at"]}

    def perform_create(self, serializer):
        serializer.instance = services.news_save(user=self.request.user,
                                                 **self._fields(serializer))

    def perform_update(self, serializer):
        serializer.instance = services.news_save(user=self.request.user,
                                                 item=serializer.instance,
                                                 **self._fields(serializer))

    def perform_destroy(self, instance):
        services.news_delete(user=self.request.user, item=instance)


class DocumentSerializer(serializers.ModelSerializer):
    file = serializers.FileField(write_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", "title", "category", "description", "original_name", "content_type",
                  "size", "uploaded_at", "download", "file"]
        read_only_fields = ["original_name", "content_type", "size", "uploaded_at"]
        extra_kwargs = {"title": {"required": False, "allow_blank": True}}

    def get_download(self, document) -> str:
        return reverse("portal:document_download", args=[document.pk])


class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      mixins.CreateModelMixin, mixins.DestroyModelMixin,
                      viewsets.GenericViewSet):
    api_description = _(
        "The documents archive: everyone lists and downloads; editors upload "
        "(multipart) and delete. Size and type limits as on the staff page.")

    serializer_class = DocumentSerializer
    permission_classes = [PublicReadStaffWrite]
    parser_classes = [parsers.MultiPartParser, parsers.FormParser, parsers.JSONParser]
    access = "public-read:staff:editor"

    def get_queryset(self):
        category = self.request.query_params.get("category", "")
        return selectors.documents_search(
            query=self.request.query_params.get("q", "")[:100],
            category=category if category in Document.Category.values else "")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.document_upload(user=self.request.user,
                                                       title=data.get("title", ""),
                                                       category=data["category"],
                                                       description=data.get("description", ""),
                                                       upload=data["file"])

    def perform_destroy(self, instance):
        services.document_delete(user=self.request.user, document=instance)


# (prefix, viewset, basename), registered under /api/ (PortalConfig.api_routes)
ROUTES = [("news", NewsViewSet, "news"), ("archive", DocumentViewSet, "archive-document")]
# Plain API views under /api/ (PortalConfig.api_urls)
API_URLS = [path("portal/", PortalApi.as_view(), name="api-portal")]
