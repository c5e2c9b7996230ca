"""The per-provider application link: its own services only, its own round only, this
municipality only; forged or expired links and closed rounds are 404; nothing written then."""

import pytest
from django_tenants.utils import tenant_context

from tenants.funding import links, services
from tenants.funding.models import Application
from tests.conftest import account, client_for
from tests.tenants.catalogue.builders import provider, service
from tests.tenants.funding.builders import round_, two_services

pytestmark = pytest.mark.django_db

_BODY = {"requested": "300", "personnel_costs": "800", "operating_costs": "200",
         "other_sources": "100", "capacity": "12", "capacity_unit": "klientov", "note": ""}


@pytest.fixture
def setup(alfa):
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        r = round_(user, title="Otvorené kolo")
        services.round_transition(user=user, round_=r, to="open")
        mine, _other_of_mine = two_services(user)
        rival = service(provider(user, name="Iný poskytovateľ", ico="55500051"), user,
                        name="Cudzia služba")
        other_round = round_(user, title="Druhé kolo", year=2025)
        services.round_transition(user=user, round_=other_round, to="open")
        services.application_save(user=user, round_=r, service=rival, requested=10,
                                  personnel_costs=100, operating_costs=0, other_sources=0,
                                  capacity=1, capacity_unit="x", note="Tajná žiadosť")
        token = links.provider_link_token(round_=r, provider_id=mine.provider_id)
    return {"round": r, "mine": mine, "rival": rival, "token": token,
            "other_round": other_round}


def _count(alfa):
    with tenant_context(alfa):
        return list(Application.objects.values_list("service_name", "requested"))


def test_the_provider_applies_for_its_own_service_and_sees_only_its_own(alfa, setup):
    client = client_for(alfa)
    url = f"/funding/apply/{setup['token']}/"
    page = client.get(url).content.decode()
    assert "Denné centrum Jeseň" in page and "Terénna opatrovateľská služba" in page
    assert "Cudzia služba" not in page and "Tajná žiadosť" not in page
    response = client.post(f"{url}?service={setup['mine'].pk}", data=_BODY)
    assert response.status_code == 302
    with tenant_context(alfa):
        made = Application.objects.get(service=setup["mine"])
        assert (made.round_id, made.requested, made.provider_name) == (
            setup["round"].pk, 300, "Poskytovateľ dotácií")
    # The other provider's service, by its id: unknown here.
    before = _count(alfa)
    assert client.get(f"{url}?service={setup['rival'].pk}").status_code == 404
    assert client.post(f"{url}?service={setup['rival'].pk}", data=_BODY).status_code == 404
    assert _count(alfa) == before


def test_bad_input_behind_the_link_is_refused_in_words_and_not_saved(alfa, setup):
    url = f"/funding/apply/{setup['token']}/?service={setup['mine'].pk}"
    response = client_for(alfa).post(url, data={**_BODY, "requested": "5000"},
                                     HTTP_ACCEPT_LANGUAGE="sk")
    assert response.status_code == 400
    assert "Požadovaná suma (5\xa0000) je vyššia ako náklady (1\xa0000)." in \
        response.content.decode()
    assert len(_count(alfa)) == 1


def test_forged_expired_foreign_and_closed_links_are_404(alfa, beta, setup, monkeypatch):
    token = setup["token"]
    assert client_for(beta).get(f"/funding/apply/{token}/").status_code == 404
    assert client_for(alfa).get(f"/funding/apply/{token[:-2]}xx/").status_code == 404
    with tenant_context(alfa):
        # Signed for the other round: that link does not open this round's applications.
        other = links.provider_link_token(round_=setup["other_round"],
                                          provider_id=setup["mine"].provider_id)
    page = client_for(alfa).get(f"/funding/apply/{other}/").content.decode()
    assert "Druhé kolo" in page and "Otvorené kolo" not in page
    monkeypatch.setattr(links, "LINK_DAYS", -1)
    assert client_for(alfa).get(f"/funding/apply/{token}/").status_code == 404
    monkeypatch.setattr(links, "LINK_DAYS", 30)
    with tenant_context(alfa):
        services.round_transition(user=None, round_=setup["round"], to="evaluating")
    before = _count(alfa)
    response = client_for(alfa).post(f"/funding/apply/{token}/?service={setup['mine'].pk}",
                                     data=_BODY)
    assert response.status_code == 404
    assert _count(alfa) == before
