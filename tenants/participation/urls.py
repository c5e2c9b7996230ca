"""Pages of this app on a municipality's subdomain (included at the root by hub/urls_tenant.py)."""

app_name = "participation"
urlpatterns = []
