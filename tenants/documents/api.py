"""API of this app: ROUTES are registered on the tenant router by hub/urls_tenant.py."""

# (prefix, viewset, basename)
ROUTES = []
