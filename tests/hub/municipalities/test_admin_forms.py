"""The operator's admin forms: onboarding a municipality with the form as the admin renders it,
then its new subdomain; the region form refuses in words, never by a constraint's name."""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client

from hub.accounts.models import User
from hub.municipalities.models import Domain, Municipality, Region
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db
ADD = "/admin/municipalities/municipality/add/"


class _FormFields(HTMLParser):
    """The named fields of the admin's main form, with the values it renders."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "checkbox"):
            self.fields[name] = attrs.get("value") or ""
        elif tag in ("select", "textarea") and name:
            self.fields[name] = ""
            self._select = name if tag == "select" else None
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


@pytest.fixture
def operator():
    return client_for(user=User.objects.create_superuser("operator-f@test.sk", PASSWORD))


def test_operator_onboards_a_municipality_through_the_admin_form_and_opens_it(operator):
    page = operator.get(ADD)
    assert page.status_code == 200
    parser = _FormFields()
    parser.feed(page.content.decode())
    fields = parser.fields
    assert {"csrfmiddlewaretoken", "name", "slug", "kind", "country", "language", "population",
            "population_65", "region", "district", "territory"} <= set(fields)
    fields.update({"name": "Nová Obec", "slug": "nova-obec", "kind": "village",
                   "country": "SK", "population": "1250", "population_65": "260",
                   "region": str(Region.objects.get(code="t-kraj").pk),
                   "district": str(Region.objects.get(code="t-okres").pk),
                   "_save": "Save"})
    response = operator.post(ADD, fields)
    assert response.status_code == 302, response.content.decode()[:3000]
    made = Municipality.objects.get(slug="nova-obec")
    assert (made.language, made.population, made.population_65) == ("sk", 1250, 260)
    domain = f"nova-obec.{settings.PLATFORM_DOMAIN}"
    assert Domain.objects.filter(tenant=made, domain=domain, is_primary=True).exists()
    # The new subdomain answers: its home page and an empty plan page, in its language.
    visitor = Client(HTTP_HOST=domain)
    home = visitor.get("/")
    assert home.status_code == 200 and "Nová Obec" in home.content.decode()
    assert "Momentálne nie je platný žiadny plán." in visitor.get("/plans/").content.decode()


@pytest.mark.parametrize("kind,parent,field,message", [
    ("district", "", "parent", "Choose the region this district or ORP belongs to."),
    ("region", "t-kraj", "parent", "A region is not part of another region"),
])
def test_region_form_explains_in_words(operator, kind, parent, field, message):
    form = {"name": "Nový okres", "code": "t-novy", "kind": kind, "country": "SK",
            "parent": str(Region.objects.get(code=parent).pk) if parent else "",
            "territory": ""}
    response = operator.post("/admin/municipalities/region/add/", form,
                             HTTP_ACCEPT_LANGUAGE="en")
    text = response.content.decode()
    assert response.status_code == 200 and message in text
    assert "region_has_no_parent_district_has_one" not in text
    assert not Region.objects.filter(code="t-novy").exists()
