"""Isolation-matrix rows of the API tokens page (hub/accounts/views_tokens.py): admins only."""

from django.db import connection

from hub.accounts.models import ApiToken, Membership

PAGES = [
    ("/staff/api-tokens/", "/staff/api-tokens/", "get", "admin", None),
    ("/staff/api-tokens/", "/staff/api-tokens/", "post", "admin",
     {"name": "Webová stránka", "scope": "read"}),
    ("/staff/api-tokens/<int:token_id>/revoke/", "/staff/api-tokens/{token}/revoke/", "get",
     "admin", None),
    ("/staff/api-tokens/<int:token_id>/revoke/", "/staff/api-tokens/{token}/revoke/", "post",
     "admin", {}),
]
API_READS = []
MARKERS = ['name="scope"', "kpt_", "Matrix token"]


def objects(municipality):
    maker = Membership.objects.filter(municipality=municipality, role="admin").first().user
    token = ApiToken.objects.create(municipality=municipality, name="Matrix token",
                                    key_hash="0" * 64, prefix="kpt_matrix", created_by=maker)
    return {"token": token.pk}


def state():
    return list(ApiToken.objects.filter(municipality__schema_name=connection.schema_name)
                .order_by("pk").values_list("name", "scope", "revoked_at"))
