"""Coordinators' tokens for the regional API: made by a coordinator on the platform domain,
shown once, stored hashed; they read only the regional API, only the maker's areas (or the
token's own), only on the platform domain; never a municipality's API, and a
municipality's token never the regional API."""

import json
from datetime import timedelta

import pytest
from django.db import DatabaseError
from django.db.models.query import QuerySet
from django.utils import timezone
from django_tenants.utils import tenant_context

from hub.accounts import coordinator_tokens
from hub.accounts.models import CoordinatorAssignment, CoordinatorToken
from hub.accounts.tokens import digest
from hub.accounts.tokens import token_create as municipality_token_create
from hub.municipalities.models import Region
from tenants.portal.models import Introduction
from tests.conftest import account, client_for
from tests.hub.regional.conftest import body, coordinator
from tests.hub.regional.test_access import filled  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db

API = ["/regions/api/areas/", "/regions/api/areas/{code}/",
       "/regions/api/areas/{code}/deadlines/"]


def _token(user, *codes, **extra):
    areas = [Region.objects.get(code=code) for code in codes]
    return coordinator_tokens.token_create(user=user, name="Dashboard", areas=areas, **extra)


def _get(path, secret, municipality=None):
    return client_for(municipality).get(path, HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_coordinator_makes_a_token_on_the_page_and_sees_it_once():
    user = coordinator("koord.kraj@test.sk", "t-kraj")
    client = client_for(None, user)
    okres = Region.objects.get(code="t-okres")
    response = client.post("/regions/tokens/", {"name": "Krajský dashboard",
                                                "areas": [okres.pk]})
    assert response.status_code == 201 and response["Cache-Control"] == "no-store"
    secret = response.context["secret"]
    assert secret.startswith("kpr_") and secret in response.content.decode()
    token = CoordinatorToken.objects.get()
    assert token.key_hash == digest(secret) and list(token.areas.all()) == [okres]
    listing = client.get("/regions/tokens/").content.decode()
    assert "Krajský dashboard" in listing and secret not in listing


def test_a_token_whose_areas_fail_to_save_is_not_left_reaching_every_area(monkeypatch):
    user = coordinator("koord.atomic@test.sk", "t-kraj")
    bulk_create = QuerySet.bulk_create

    def failing(queryset, objs, *args, **kwargs):
        if queryset.model is CoordinatorToken.areas.through:
            raise DatabaseError("the connection dropped")
        return bulk_create(queryset, objs, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "bulk_create", failing)
    with pytest.raises(DatabaseError):
        _token(user, "t-okres")
    assert not CoordinatorToken.objects.filter(created_by=user).exists()


def test_token_reads_the_coordinators_areas_as_json(filled):  # noqa: F811
    _made, secret = _token(coordinator("koord.kraj@test.sk", "t-kraj"))
    areas = _get("/regions/api/areas/", secret).json()["areas"]
    assert [a["code"] for a in areas] == ["t-okres", "t-kraj"]
    answer = _get("/regions/api/areas/t-kraj/", secret)
    assert answer.status_code == 200 and "Alfa" in answer.content.decode()
    assert _get("/regions/api/areas/t-okres/deadlines/", secret).status_code == 200
    assert CoordinatorToken.objects.get().last_used_at is not None


@pytest.mark.parametrize("path", API[1:])
def test_token_cannot_read_another_region(filled, path):  # noqa: F811
    _made, secret = _token(coordinator("koord.cz@test.sk", "t-kraj-cz"))
    response = _get(path.format(code="t-kraj"), secret)
    assert response.status_code == 404 and "Alfa" not in response.content.decode()
    assert _get(path.format(code="t-okres"), secret).status_code == 404
    assert _get(path.format(code="t-kraj-cz"), secret).status_code == 200


def test_token_limited_to_a_district_reaches_only_it(filled):  # noqa: F811
    _made, secret = _token(coordinator("koord.kraj@test.sk", "t-kraj"), "t-okres")
    assert [a["code"] for a in _get("/regions/api/areas/", secret).json()["areas"]] == [
        "t-okres"]
    assert _get("/regions/api/areas/t-okres/", secret).status_code == 200
    refused = _get("/regions/api/areas/t-kraj/", secret)
    assert refused.status_code == 404 and "Alfa" not in refused.content.decode()


def test_token_follows_the_makers_current_assignments(filled):  # noqa: F811
    user = coordinator("koord.kraj@test.sk", "t-kraj", "t-kraj-cz")
    _made, secret = _token(user, "t-kraj")
    CoordinatorAssignment.objects.filter(user=user, area__code="t-kraj").delete()
    assert _get("/regions/api/areas/t-kraj/", secret).status_code == 404
    assert _get("/regions/api/areas/", secret).json() == {"areas": []}
    CoordinatorAssignment.objects.filter(user=user).delete()
    # Coordinates nothing any more: the wrong role.
    assert _get("/regions/api/areas/t-kraj/", secret).status_code == 403


@pytest.mark.parametrize("spoil", ["revoked", "expired", "maker deactivated", "unknown",
                                   "no bearer"])
def test_dead_token_answers_401_json(filled, spoil):  # noqa: F811
    user = coordinator("koord.kraj@test.sk", "t-kraj")
    made, secret = _token(user)
    if spoil == "revoked":
        coordinator_tokens.token_revoke(token=made, user=user)
    elif spoil == "expired":
        CoordinatorToken.objects.filter(pk=made.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1))
    elif spoil == "maker deactivated":
        user.is_active = False
        user.save()
    elif spoil == "unknown":
        secret = secret[:-2] + "xx"
    header = f"Token {secret}" if spoil == "no bearer" else f"Bearer {secret}"
    for path in API:
        response = client_for().get(path.format(code="t-kraj"), HTTP_AUTHORIZATION=header)
        assert response.status_code == 401 and set(response.json()) == {"detail"}
        assert "Bearer" in response["WWW-Authenticate"] and "Alfa" not in body(
            response).decode()


def test_municipality_token_cannot_use_the_regional_api(filled, alfa):  # noqa: F811
    # Even made by an admin who also coordinates the region.
    admin = account("alfa.admin@test.sk")
    CoordinatorAssignment.objects.create(user=admin, area=Region.objects.get(code="t-kraj"))
    _made, secret = municipality_token_create(municipality=alfa, user=admin, name="Web",
                                              scope="write", resources=[])
    for path in API:
        response = _get(path.format(code="t-kraj"), secret)
        assert response.status_code == 401 and "Alfa" not in response.content.decode()


def test_coordinator_token_cannot_use_a_municipalitys_api(filled, alfa):  # noqa: F811
    _made, secret = _token(coordinator("koord.kraj@test.sk", "t-kraj"))
    for path in ("/api/plans/", "/api/portal/", "/api/catalogue-services/"):
        assert _get(path, secret, alfa).status_code == 401, path
    write = client_for(alfa).patch("/api/portal/", data=json.dumps({"heading": "x"}),
                                   content_type="application/json",
                                   HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert write.status_code == 401
    with tenant_context(alfa):
        assert not Introduction.objects.filter(heading="x").exists()


def test_coordinator_token_opens_no_page_or_export(filled):  # noqa: F811
    _made, secret = _token(coordinator("koord.kraj@test.sk", "t-kraj"))
    for path in ("/regions/t-kraj/", "/regions/t-kraj/export.csv", "/regions/tokens/", "/my/"):
        response = _get(path, secret)
        assert response.status_code == 302 and "/accounts/signin/" in response["Location"]


def test_only_coordinators_make_tokens_and_only_for_their_areas():
    # An account that coordinates nothing (a municipality's admin, anyone).
    for email in ("alfa.admin@test.sk", "nobody@test.sk"):
        client = client_for(None, account(email))
        assert client.get("/regions/tokens/").status_code == 403
        assert client.post("/regions/tokens/", {"name": "x"}).status_code == 403
    assert client_for().get("/regions/tokens/").status_code == 302
    client = client_for(None, coordinator("koord.cz@test.sk", "t-kraj-cz"))
    other = Region.objects.get(code="t-kraj")
    response = client.post("/regions/tokens/", {"name": "x", "areas": [other.pk]})
    assert response.status_code == 400 and "kpr_" not in response.content.decode()
    assert not CoordinatorToken.objects.exists()


def test_another_coordinator_neither_sees_nor_revokes_the_token():
    made, _secret = _token(coordinator("koord.kraj@test.sk", "t-kraj"))
    other = client_for(None, coordinator("koord.cz@test.sk", "t-kraj-cz"))
    assert "Dashboard" not in other.get("/regions/tokens/").content.decode()
    assert other.get(f"/regions/tokens/{made.pk}/revoke/").status_code == 404
    assert other.post(f"/regions/tokens/{made.pk}/revoke/").status_code == 404
    made.refresh_from_db()
    assert made.revoked_at is None


def test_maker_revokes_on_the_page():
    user = coordinator("koord.kraj@test.sk", "t-kraj")
    made, secret = _token(user)
    client = client_for(None, user)
    assert client.post(f"/regions/tokens/{made.pk}/revoke/").status_code == 302
    assert _get("/regions/api/areas/", secret).status_code == 401


def test_token_calls_are_throttled_per_token(filled, settings):  # noqa: F811
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "token": "2/min"}}
    user = coordinator("koord.kraj@test.sk", "t-kraj")
    _one, first = _token(user)
    _two, second = _token(user)
    assert [_get("/regions/api/areas/", first).status_code for _ in range(3)] == [200, 200, 429]
    assert _get("/regions/api/areas/", second).status_code == 200
