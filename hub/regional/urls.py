"""Coordinator pages and the regional catalogue (included by hub/urls_public.py under /regions/)."""

from django.urls import path

from hub.regional import views, views_gaps, views_norms, views_tokens

app_name = "regional"
urlpatterns = [
    path("", views.areas, name="areas"),
    path("catalogue/", views.catalogue_areas, name="catalogue_areas"),
    path("catalogue/<slug:code>/", views.catalogue, name="catalogue"),
    path("tokens/", views_tokens.token_list, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views_tokens.token_revoke, name="token_revoke"),
    path("api/schema/", views.api_schema, name="api_schema"),
    path("api/areas/", views.api_areas, name="api_areas"),
    path("api/areas/<slug:code>/", views.api_area, name="api_area"),
    path("api/areas/<slug:code>/deadlines/", views.api_deadlines, name="api_deadlines"),
    path("api/areas/<slug:code>/gaps/", views_gaps.api_gaps, name="api_gaps"),
    path("<slug:code>/", views.overview, name="overview"),
    path("<slug:code>/charts/", views.chart, name="chart"),
    path("<slug:code>/deadlines/", views.deadline_watch, name="deadlines"),
    path("<slug:code>/quality/", views.quality_comparison, name="quality"),
    path("<slug:code>/gaps/", views_gaps.gaps_page, name="gaps"),
    path("<slug:code>/gaps/export.csv", views_gaps.gaps_csv, name="gaps_csv"),
    path("<slug:code>/gaps/export.xlsx", views_gaps.gaps_xlsx, name="gaps_xlsx"),
    path("<slug:code>/norms/", views_norms.norms_page, name="norms"),
    path("<slug:code>/norms/<int:norm_id>/", views_norms.norm_edit, name="norm_edit"),
    path("<slug:code>/norms/<int:norm_id>/delete/", views_norms.norm_delete,
         name="norm_delete"),
    path("<slug:code>/export.csv", views.export_csv, name="export_csv"),
    path("<slug:code>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<slug:code>/municipalities/<slug:slug>/", views.profile, name="profile"),
]
