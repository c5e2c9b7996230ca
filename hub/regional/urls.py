"""Coordinator pages on the platform domain (included by hub/urls_public.py under /regions/)."""

app_name = "regional"
urlpatterns = []
