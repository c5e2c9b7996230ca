"""API tokens: made by a municipality's admins only, shown once, stored hashed, valid only on
their municipality's host, within their scope and resources, until revoked or expired."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from hub.accounts.models import ApiToken, Membership
from hub.accounts.tokens import digest, token_create
from hub.api_throttles import TokenThrottle
from tenants.portal.models import Introduction
from tests.conftest import account, client_for

pytestmark = pytest.mark.django_db

INTRO = {"heading": "Z tokenu", "text": "Text z tokenu"}


def _token(municipality, scope="write", resources=(), **extra):
    admin = account(f"{municipality.slug}.admin@test.sk")
    return token_create(municipality=municipality, user=admin, name="Web", scope=scope,
                        resources=list(resources), **extra)


def _bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _patch_intro(municipality, secret):
    return client_for(municipality).patch("/api/portal/", data=json.dumps(INTRO),
                                          content_type="application/json", **_bearer(secret))


def _intro(municipality):
    with tenant_context(municipality):
        return list(Introduction.objects.values_list("heading", "text"))


def test_admin_makes_a_token_on_the_staff_page_and_sees_it_once(alfa):
    client = client_for(alfa, account("alfa.admin@test.sk"))
    response = client.post("/staff/api-tokens/", {"name": "Webová stránka", "scope": "read",
                                                  "resources": ["plans", "meetings"]})
    assert response.status_code == 201 and response["Cache-Control"] == "no-store"
    secret = response.context["secret"]
    assert secret.startswith("kpt_") and len(secret) == 4 + 43
    assert secret in response.content.decode()
    token = ApiToken.objects.get(municipality=alfa)
    # Only the digest is stored; the list shows the first characters, never the secret.
    assert token.key_hash == digest(secret) and secret not in str(
        list(ApiToken.objects.values()))
    assert (token.name, token.scope, token.resources) == ("Webová stránka", "read",
                                                          ["meetings", "plans"])
    listing = client.get("/staff/api-tokens/").content.decode()
    assert "Webová stránka" in listing and token.prefix in listing and secret not in listing


def test_bad_form_is_refused_in_the_users_language_and_nothing_made(alfa):
    client = client_for(alfa, account("alfa.admin@test.sk"))
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post("/staff/api-tokens/", {"name": " ", "scope": "admin",
                                                  "resources": ["nothing"],
                                                  "expires_on": yesterday})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"name", "scope", "resources", "expires_on"}
    assert "Toto pole je povinné." in response.content.decode()
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("email", ["alfa.editor@test.sk", "alfa.viewer@test.sk",
                                   "beta.admin@test.sk", "nobody@test.sk"])
def test_only_this_municipalitys_admins_make_tokens(alfa, email):
    client = client_for(alfa, account(email))
    assert client.get("/staff/api-tokens/").status_code == 403
    response = client.post("/staff/api-tokens/", {"name": "Web", "scope": "write"})
    assert response.status_code == 403 and "kpt_" not in response.content.decode()
    assert not ApiToken.objects.exists()


def test_anonymous_is_sent_to_sign_in(alfa):
    response = client_for(alfa).post("/staff/api-tokens/", {"name": "Web", "scope": "write"})
    assert response.status_code == 302 and "/accounts/signin/" in response["Location"]
    assert not ApiToken.objects.exists()


def test_another_municipalitys_admin_neither_sees_nor_revokes_a_token(alfa, beta):
    token, _secret = _token(alfa)
    beta_admin = client_for(beta, account("beta.admin@test.sk"))
    assert token.prefix not in beta_admin.get("/staff/api-tokens/").content.decode()
    assert beta_admin.post(f"/staff/api-tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_write_token_writes_as_its_maker_and_is_throttled_apart(alfa):
    _token_obj, secret = _token(alfa)
    response = _patch_intro(alfa, secret)
    assert response.status_code == 200, response.content
    assert _intro(alfa) == [(INTRO["heading"], INTRO["text"])]
    with tenant_context(alfa):
        assert Introduction.objects.get().updated_by == account("alfa.admin@test.sk")


def test_token_of_one_municipality_is_401_on_anothers_host(alfa, beta):
    _t, secret = _token(alfa)
    before = _intro(beta)
    response = _patch_intro(beta, secret)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert set(response.json()) == {"detail"}
    # A read too: 401, never the other municipality's data.
    read = client_for(beta).get("/api/portal/", **_bearer(secret))
    assert read.status_code == 401 and "Beta" not in read.content.decode()
    assert _intro(beta) == before


def test_token_is_nothing_on_the_platform_domain_and_its_admin(alfa):
    _t, secret = _token(alfa)
    platform = client_for()
    assert platform.get("/regions/api/areas/", **_bearer(secret)).status_code == 401
    response = platform.get("/admin/", **_bearer(secret))
    assert response.status_code == 302 and "/login/" in response["Location"]
    # Nor the municipality's own staff pages: they know sessions only.
    staff = client_for(alfa).get("/staff/", **_bearer(secret))
    assert staff.status_code == 302 and "/accounts/signin/" in staff["Location"]


@pytest.mark.parametrize("state", ["revoked", "expired", "maker deactivated", "unknown",
                                   "malformed"])
def test_dead_tokens_are_401_and_change_nothing(alfa, state):
    token, secret = _token(alfa)
    if state == "revoked":
        client = client_for(alfa, account("alfa.admin@test.sk"))
        assert client.post(f"/staff/api-tokens/{token.pk}/revoke/").status_code == 302
    elif state == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now()
                                                    - timedelta(seconds=1))
    elif state == "maker deactivated":
        type(token.created_by).objects.filter(pk=token.created_by_id).update(is_active=False)
    elif state == "unknown":
        secret = secret[:-2] + "xx"
    else:
        secret = f"{secret} extra"
    before = _intro(alfa)
    assert _patch_intro(alfa, secret).status_code == 401
    assert client_for(alfa).get("/api/plans/", **_bearer(secret)).status_code == 401
    assert _intro(alfa) == before


def test_future_expiry_still_works(alfa):
    _t, secret = _token(alfa, expires_at=timezone.now() + timedelta(days=1))
    assert _patch_intro(alfa, secret).status_code == 200


def test_read_token_cannot_write(alfa):
    _t, secret = _token(alfa, scope="read")
    before = _intro(alfa)
    assert client_for(alfa).get("/api/portal/", **_bearer(secret)).status_code == 200
    response = _patch_intro(alfa, secret)
    assert response.status_code == 403 and set(response.json()) == {"detail"}
    assert _intro(alfa) == before


def test_token_of_a_maker_no_longer_admin_writes_no_more_than_the_maker(alfa):
    _t, secret = _token(alfa)
    Membership.objects.filter(user=account("alfa.admin@test.sk"), municipality=alfa).update(
        role="viewer")
    before = _intro(alfa)
    assert _patch_intro(alfa, secret).status_code == 403
    assert _intro(alfa) == before


def test_token_limited_to_resources_reaches_only_those(alfa):
    _t, secret = _token(alfa, scope="read", resources=["plans"])
    client = client_for(alfa)
    assert client.get("/api/plans/", **_bearer(secret)).status_code == 200
    assert client.get("/api/schema/", **_bearer(secret)).status_code == 200
    assert client.get("/api/meetings/", **_bearer(secret)).status_code == 403
    assert client.get("/api/portal/", **_bearer(secret)).status_code == 403


def test_last_use_is_written_at_most_once_a_minute(alfa):
    token, secret = _token(alfa, scope="read")
    client = client_for(alfa)
    client.get("/api/portal/", **_bearer(secret))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    recent = timezone.now() - timedelta(seconds=30)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)
    client.get("/api/portal/", **_bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at == recent
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent - timedelta(minutes=1))
    client.get("/api/portal/", **_bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at > recent


def test_each_token_has_its_own_budget(alfa, monkeypatch):
    monkeypatch.setattr(TokenThrottle, "THROTTLE_RATES", {"token": "2/min"})
    _t, first = _token(alfa, scope="read")
    _t, second = _token(alfa, scope="read")
    client = client_for(alfa)
    assert [client.get("/api/portal/", **_bearer(first)).status_code for _ in range(3)] == [
        200, 200, 429]
    assert client.get("/api/portal/", **_bearer(second)).status_code == 200
    # The maker's own session is not used up by the token either.
    admin = client_for(alfa, account("alfa.admin@test.sk"))
    assert admin.get("/api/portal/").status_code == 200
