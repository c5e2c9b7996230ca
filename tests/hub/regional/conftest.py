"""Regional fixtures: coordinator accounts and the collector pointed at fixture figures."""

import datetime

import pytest
from django.apps import apps

from hub.accounts.models import CoordinatorAssignment, User
from hub.municipalities.models import Region
from hub.regional.synthetic import region_build
from tests.conftest import PASSWORD, account, client_for

TODAY = datetime.date(2026, 6, 15)
FIXTURE = "tests.hub.regional.fixture_figures"


def coordinator(email: str, *codes: str) -> User:
    user = User.objects.create_user(email, PASSWORD)
    for code in codes:
        CoordinatorAssignment.objects.create(user=user, area=Region.objects.get(code=code))
    return user


def body(response) -> bytes:
    """A response's bytes, whether streamed (exports) or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def other_region() -> Region:
    """Another region of the same country as the tests' "t-velky", its own units and
    municipalities (slugs "iny…")."""
    return region_build(code="t-iny", name="Iný kraj", country="SK", count=20, today=TODAY,
                        seed=13, districts=2, prefix="iny")


def assert_only_its_coordinator(url: str) -> None:
    """``url`` of t-velky: anonymous sent to sign in (the API 401), a municipality's admin
    403, the other region's coordinator 404 with none of t-velky's names."""
    anonymous = client_for().get(url)
    if "/api/" in url:
        assert anonymous.status_code == 401
    else:
        assert anonymous.status_code == 302
        assert anonymous["Location"].startswith("/accounts/signin/")
    assert client_for(None, account("alfa.admin@test.sk")).get(url).status_code == 403
    elsewhere = client_for(None, coordinator("koord.iny@test.sk", "t-iny"))
    response = elsewhere.get(url)
    assert response.status_code == 404
    assert "Žďár 00001" not in body(response).decode("utf-8", "replace")


def _point(monkeypatch, figures: str | None) -> None:
    """What the participation and catalogue AppConfigs declare as their `figures`."""
    for label in ("participation", "catalogue"):
        monkeypatch.setattr(apps.get_app_config(label), "figures", figures)


@pytest.fixture
def fixture_sources(monkeypatch):
    """Participation and catalogue answer with the fixture figures."""
    _point(monkeypatch, FIXTURE)


@pytest.fixture
def missing_sources(monkeypatch):
    """Participation and catalogue declare no figures (as an app that offers none)."""
    _point(monkeypatch, None)
