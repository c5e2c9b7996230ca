"""Regional fixtures: coordinator accounts and the collector pointed at fixture figures."""

import datetime

import pytest
from django.apps import apps

from hub.accounts.models import CoordinatorAssignment, User
from hub.municipalities.models import Region
from tests.conftest import PASSWORD

TODAY = datetime.date(2026, 6, 15)
FIXTURE = "tests.hub.regional.fixture_figures"


def coordinator(email: str, *codes: str) -> User:
    user = User.objects.create_user(email, PASSWORD)
    for code in codes:
        CoordinatorAssignment.objects.create(user=user, area=Region.objects.get(code=code))
    return user


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
