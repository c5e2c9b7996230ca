"""URLs of a municipality's subdomain (its schema is active for every one of them)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from hub.accounts.access import public_page
from tenants.catalogue import api as catalogue_api
from tenants.documents import api as documents_api
from tenants.participation import api as participation_api
from tenants.plans import api as plans_api
from tenants.portal import api as portal_api
from tenants.portal.api import PortalApi

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("plans", plans_api.PlanViewSet, basename="plan")
router.register("priorities", plans_api.PriorityViewSet, basename="priority")
router.register("measures", plans_api.MeasureViewSet, basename="measure")
router.register("activities", plans_api.ActivityViewSet, basename="activity")
router.register("action-plans", plans_api.ActionPlanViewSet, basename="action-plan")
router.register("evaluations", plans_api.EvaluationViewSet, basename="evaluation")
router.register("comments", plans_api.CommentViewSet, basename="comment")
router.register("target-groups", plans_api.TargetGroupViewSet, basename="target-group")
# Each app lists its own viewsets, so apps grow without editing this file.
for _prefix, _viewset, _basename in (portal_api.ROUTES + participation_api.ROUTES
                                     + catalogue_api.ROUTES
                                     + documents_api.ROUTES):
    router.register(_prefix, _viewset, basename=_basename)

urlpatterns = [
    path("", include("tenants.portal.urls")),
    path("", include("tenants.plans.urls")),
    path("", include("tenants.participation.urls")),
    path("", include("tenants.catalogue.urls")),
    path("", include("tenants.documents.urls")),
    path("accounts/", include("hub.accounts.urls")),
    path("i18n/setlang/", public_page(set_language), name="set_language"),
    path("api/portal/", PortalApi.as_view(), name="api-portal"),
    path("api/", include(router.urls)),
    path("api/schema/", public_page(SpectacularAPIView.as_view()), name="api-schema"),
    path("api/docs/", public_page(SpectacularSwaggerView.as_view(url_name="api-schema")),
         name="api-docs"),
]
