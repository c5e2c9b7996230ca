"""DRF authentication by a municipality's API token: ``Authorization: Bearer kpt_…``.

The token is looked up on the request's municipality only, so a token shown on another
municipality's host, on the platform domain, revoked or expired answers 401 and never data.
Scope and resources are checked here rather than in each view's permission classes, so no
view can forget them: a read token writing, or a call outside its resources, answers 403.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS

from hub.accounts import tokens

KEYWORD = b"bearer"


class BearerTokenAuthentication(BaseAuthentication):
    """First in DEFAULT_AUTHENTICATION_CLASSES: its ``WWW-Authenticate`` makes a call without
    credentials that needs them a 401 (DRF asks the first class)."""

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD:
            return None  # a session, or anonymous
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as “Authorization: Bearer <token>”."))
        token = tokens.token_find(secret=parts[1].decode("latin-1"),
                                  municipality=getattr(request, "municipality", None))
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("This token is not valid here: unknown, revoked, expired, or issued by "
                  "another municipality."))
        if not tokens.token_reaches(token, path=request.path,
                                    safe=request.method in SAFE_METHODS):
            raise exceptions.PermissionDenied(
                _("This token's scope does not allow this request."))
        return token.created_by, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """The token in the OpenAPI schema (``securitySchemes``), so /api/docs/ offers it."""

    target_class = "hub.accounts.authentication.BearerTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": _("A token an admin of the municipality makes under Staff → "
                                 "API tokens; valid on this municipality's address only.")}
