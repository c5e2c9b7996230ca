"""The accessibility statement and privacy notice: default text per country, the admin's own
text, kept inside its municipality; the skip link and footer links on every page."""

import pytest
from django_tenants.utils import tenant_context

from tenants.portal.models import LegalNotice
from tests.conftest import account, client_for

pytestmark = pytest.mark.django_db


def test_default_statements_name_the_law_of_the_country(alfa, beta):
    slovak = client_for(alfa).get("/accessibility/").content.decode()
    czech = client_for(beta).get("/accessibility/").content.decode()
    assert "95/2019 Z. z." in slovak and "2016/2102" in slovak and "99/2019" not in slovak
    assert "99/2019 Sb." in czech and "2016/2102" in czech and "95/2019" not in czech
    assert "kpss@alfa.test" in slovak


def test_default_privacy_notice_names_the_controller_and_the_authority(alfa, beta):
    slovak = client_for(alfa).get("/privacy/").content.decode()
    czech = client_for(beta).get("/privacy/").content.decode()
    assert "Prevádzkovateľom vašich osobných údajov na tomto webe je Alfa" in slovak
    assert "Úrad na ochranu osobných údajov Slovenskej republiky" in slovak
    assert "Správcem vašich osobních údajů na tomto webu je Beta" in czech
    assert "Úřadu pro ochranu osobních údajů" in czech


def test_the_admins_own_text_replaces_the_default_sanitised_and_empty_brings_it_back(alfa):
    admin = client_for(alfa, account("alfa.admin@test.sk"))
    response = admin.post("/staff/legal/privacy/",
                          {"text": "<h3>Naše zásady</h3><p>Text</p><script>alert(1)</script>"})
    assert response.status_code == 302 and response["Location"] == "/privacy/"
    page = client_for(alfa).get("/privacy/").content.decode()
    assert "Naše zásady" in page and "alert(1)" not in page
    assert "Prevádzkovateľom vašich osobných údajov" not in page
    admin.post("/staff/legal/privacy/", {"text": ""})
    assert "Prevádzkovateľom vašich osobných údajov" in client_for(alfa).get("/privacy/")\
        .content.decode()


def test_one_municipalitys_text_never_shows_in_another(alfa, beta):
    client_for(beta, account("beta.admin@test.sk")).post(
        "/staff/legal/accessibility/", {"text": "Vyhlásenie obce Beta"})
    assert "Vyhlásenie obce Beta" not in client_for(alfa).get("/accessibility/").content.decode()
    with tenant_context(alfa):
        assert not LegalNotice.objects.exists()
    with tenant_context(beta):
        assert LegalNotice.objects.get().text == "<p>Vyhlásenie obce Beta</p>"


@pytest.mark.parametrize("email", [None, "alfa.editor@test.sk", "alfa.viewer@test.sk",
                                   "beta.admin@test.sk", "nobody@test.sk"])
def test_only_the_municipalitys_admin_may_edit(alfa, email):
    client = client_for(alfa, account(email) if email else None)
    response = client.post("/staff/legal/accessibility/", {"text": "Cudzí text"})
    assert response.status_code == (302 if email is None else 403)
    if email is None:
        assert response["Location"].startswith("/accounts/signin/")
    with tenant_context(alfa):
        assert not LegalNotice.objects.exists()


def test_an_unknown_kind_is_not_found(alfa):
    client = client_for(alfa, account("alfa.admin@test.sk"))
    assert client.get("/staff/legal/cookies/").status_code == 404


@pytest.mark.parametrize("path", ["/", "/news/", "/accessibility/", "/accounts/signin/"])
def test_every_page_has_a_skip_link_landmarks_and_the_footer_links(alfa, path):
    page = client_for(alfa).get(path).content.decode()
    assert '<a class="skip-link" href="#content">Preskočiť na obsah</a>' in page
    assert 'id="content"' in page and "<header" in page and "<nav" in page
    assert "<footer" in page
    assert 'href="/accessibility/">Vyhlásenie o prístupnosti</a>' in page
    assert 'href="/privacy/">Ochrana osobných údajov</a>' in page


def test_the_czech_skip_link(beta):
    assert "Přeskočit na obsah" in client_for(beta).get("/").content.decode()
