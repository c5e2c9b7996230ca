"""The API tokens page under a municipality's staff settings (hub/urls_tenant.py)."""

from django.urls import path

from hub.accounts import views_tokens

app_name = "api_tokens"
urlpatterns = [
    path("", views_tokens.token_list, name="list"),
    path("<int:token_id>/revoke/", views_tokens.token_revoke, name="revoke"),
]
