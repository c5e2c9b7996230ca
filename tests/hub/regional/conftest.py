"""Regional fixtures: coordinator accounts and the collector pointed at fixture figures."""

import datetime

import pytest

from hub.accounts.models import CoordinatorAssignment, User
from hub.municipalities.models import Region
from hub.regional import services as regional_services
from tests.conftest import PASSWORD

TODAY = datetime.date(2026, 6, 15)
FIXTURE = "tests.hub.regional.fixture_figures"
MISSING = "tests.hub.regional.no_such_module"


def coordinator(email: str, *codes: str) -> User:
    user = User.objects.create_user(email, PASSWORD)
    for code in codes:
        CoordinatorAssignment.objects.create(user=user, area=Region.objects.get(code=code))
    return user


def _point(monkeypatch, participation: str, catalogue: str) -> None:
    sources = dict(regional_services.SOURCES)
    sources["participation"] = (participation, sources["participation"][1])
    sources["catalogue"] = (catalogue, sources["catalogue"][1])
    monkeypatch.setattr(regional_services, "SOURCES", sources)
    monkeypatch.setattr(regional_services, "LISTING_MODULE", catalogue)


@pytest.fixture
def fixture_sources(monkeypatch):
    """Participation and catalogue answer with the fixture figures."""
    _point(monkeypatch, FIXTURE, FIXTURE)


@pytest.fixture
def missing_sources(monkeypatch):
    """Participation and catalogue are not there (as before issues 5 and 6 land)."""
    _point(monkeypatch, MISSING, MISSING)
