"""WCAG 2.1 AA in a real browser: axe-core (vendored, tests/e2e/axe.py) finds no violation on
any public or staff page of a Slovak and a Czech municipality, on the platform's own pages or
on the coordinators' regional overview; the main pages again at phone width."""

import hashlib

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from tests.conftest import PASSWORD
from tests.e2e.axe import describe, violations
from tests.e2e.conftest import csp_watch, follow, shot
from tests.hub.tenancy.matrix import MODULES

pytestmark = [pytest.mark.browser]

# Every HTML page the isolation matrix declares (files, feeds and the API are not pages).
PAGES = [(path, minimum) for module in MODULES
         for _route, path, method, minimum, _body in module.PAGES
         if method == "get" and not path.startswith(("/api/", "/data/", "/hsds/"))
         and not path.endswith((".ics", ".csv", ".xlsx", ".json", ".zip", ".pdf", "/download/",
                                  "/export/"))]
PLACES = [("delta", "SK", "sk", "t-okres"), ("epsilon", "CZ", "cs", "t-kraj-cz")]
PLATFORM_PUBLIC = ["/", "/accessibility/", "/privacy/", "/accounts/signin/", "/data/",
                   "/regions/catalogue/", "/regions/catalogue/t-kraj/"]
COORDINATOR = ["/my/", "/regions/", "/regions/t-kraj/", "/regions/t-kraj/charts/",
               "/regions/t-kraj/deadlines/", "/regions/t-kraj/quality/",
               "/regions/t-kraj/gaps/", "/regions/t-kraj/norms/",
               "/regions/t-kraj/municipalities/delta/",
               "/regions/t-kraj-cz/"]
# The pages residents and staff use most, checked again at 375 px.
ON_A_PHONE = ["/", "/plan/", "/plans/{plan}/", "/catalogue/", "/catalogue/services/{service}/",
              "/schedule/", "/meetings/{planned}/", "/publications/", "/news/", "/accessibility/",
              "/privacy/", "/surveys/{survey_key}/", "/surveys/{survey_key}/results/"]


def _token(place, maker):
    """The matrix's sample token has one fixed hash; two municipalities need two."""
    from hub.accounts.models import ApiToken

    return ApiToken.objects.create(municipality=place, name="Token", prefix="kpt_axe",
                                   key_hash=hashlib.sha256(place.slug.encode()).hexdigest(),
                                   created_by=maker)


def _czech_catalogue():
    """The matrix's catalogue objects with a Czech service type."""
    from tenants.catalogue.models import ImportJob
    from tests.tenants.catalogue.builders import provider, service

    prov = provider(None, name="Charita Epsilon")
    empty = provider(None, name="Bez služeb Epsilon", ico="87654321")
    active = service(prov, None, country="CZ", name="Domov pro seniory Epsilon")
    hidden = service(prov, None, country="CZ", name="Skrytá služba", status="inactive",
                     locations=[])
    job = ImportJob.objects.create(kind=ImportJob.Kind.TABLE, filename="import.csv",
                                   status=ImportJob.Status.CHECKED,
                                   preview={"ok": True, "rows": [[2, "created", "řádek"]]})
    return {"provider": prov.uuid, "empty_provider": empty.uuid, "service": active.uuid,
            "hidden": hidden.uuid, "job": job.pk}


@pytest.fixture(scope="module")
def places(live_url, django_db_blocker):
    """A Slovak and a Czech municipality of their own with every object the matrix pages need,
    and a coordinator of both regions (committed: the live server reads them); the
    municipalities are dropped with their schemas afterwards."""
    from hub.accounts.models import CoordinatorAssignment, Membership, User
    from hub.municipalities.models import Municipality, Region
    from hub.municipalities.services import municipality_create
    from hub.regional.services import figures_refresh
    from tests.hub.regional.conftest import coordinator

    made = {}
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        try:
            for slug, country, _language, area in PLACES:
                area = Region.objects.get(code=area)
                place = municipality_create(
                    name=slug.title(), slug=slug, kind="town", country=country,
                    population=2000, kpss_email=f"kpss@{slug}.test",
                    **({"district": area} if country == "SK" else {"region": area}))
                admin = User.objects.create_user(f"{slug}.admin@test.sk", PASSWORD)
                Membership.objects.create(user=admin, municipality=place, role="admin")
                objects = {}
                with tenant_context(place):
                    for module in MODULES:
                        if module.__name__.endswith("api_tokens"):
                            objects["token"] = _token(place, admin).pk
                        elif module.__name__.endswith("catalogue") and country == "CZ":
                            objects.update(_czech_catalogue())
                        else:
                            objects.update(module.objects(place))
                made[slug] = objects
                figures_refresh(municipality=place)
            # Kept afterwards, like the accounts (deleting one reaches into tenant tables).
            coordinator("koord.axe@test.sk", "t-kraj", "t-kraj-cz")
            yield made
        finally:
            connection.set_schema_to_public()
            CoordinatorAssignment.objects.filter(user__email="koord.axe@test.sk").delete()
            for slug in made:
                Municipality.objects.get(slug=slug).delete(force_drop=True)


@pytest.fixture
def browse(browser, django_db_blocker):
    """Pages in a browser that asks for a given language, at a given width; a
    Content-Security-Policy violation fails the test as with the `page` fixture."""
    contexts = []

    def open_page(language: str, width: int = 1280):
        context = browser.new_context(viewport={"width": width, "height": 900},
                                      locale={"sk": "sk-SK", "cs": "cs-CZ"}[language])
        contexts.append((context, csp_watch(context)))
        return context.new_page()

    with django_db_blocker.unblock():
        yield open_page
    for context, watched in contexts:
        context.close()
        assert not watched, watched


def _signin(page, base, email):
    page.goto(f"{base}/accounts/signin/")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    follow(page, "button.primary")


def _check(page, url: str, found: dict) -> None:
    """Open the page; when it is an HTML page (not a file it serves), record what axe finds."""
    response = page.goto(url)
    assert response.status < 500, (url, response.status)
    if response.headers.get("content-type", "").startswith("text/html"):
        assert page.locator("html").get_attribute("lang"), url
        # The same walk checks the Content-Security-Policy: sent on every page, and (the
        # `browse` contexts watch for it) not violated by any of them.
        assert "script-src 'self'" in response.headers.get("content-security-policy", ""), url
        found[url] = violations(page)


def _none(found: dict) -> None:
    failing = {url: rules for url, rules in found.items() if rules}
    assert not failing, "\n".join(describe(url, rules) for url, rules in failing.items())


@pytest.mark.parametrize("slug,country,language,area", PLACES)
def test_every_page_of_a_municipality_has_no_violation(browse, places, live_url, slug, country,
                                                       language, area):
    page = browse(language)
    base = f"http://{slug}.localhost:{live_url.split(':')[1]}"
    objects, found = places[slug], {}
    for path, minimum in PAGES:
        if minimum == "public":
            _check(page, base + path.format(**objects), found)
    assert page.evaluate("() => document.documentElement.lang") == language
    _signin(page, base, f"{slug}.admin@test.sk")
    for path, minimum in PAGES:
        if minimum != "public":
            _check(page, base + path.format(**objects), found)
    # Each page was looked at: the public ones, the forms and the lists of staff.
    assert len(found) >= 55, sorted(found)
    _none(found)


@pytest.mark.parametrize("language", ["sk", "cs"])
def test_the_platform_and_the_regional_overview_have_no_violation(browse, places, live_url,
                                                                  language):
    page = browse(language)
    base = f"http://{live_url}"
    found = {}
    for path in PLATFORM_PUBLIC:
        _check(page, base + path, found)
    assert page.evaluate("() => document.documentElement.lang") == language
    _signin(page, base, "koord.axe@test.sk")
    for path in COORDINATOR:
        _check(page, base + path, found)
    assert len(found) == len(PLATFORM_PUBLIC) + len(COORDINATOR)
    _none(found)


@pytest.mark.parametrize("slug,country,language,area", PLACES)
def test_the_main_pages_on_a_phone_have_no_violation(browse, places, live_url, slug, country,
                                                     language, area):
    page = browse(language, width=375)
    port = live_url.split(":")[1]
    base = f"http://{slug}.localhost:{port}"
    found = {}
    objects = places[slug]
    for path in ON_A_PHONE:
        _check(page, base + path.format(**objects), found)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 375, path
    shot(page, f"axe-privacy-{language}-375")
    _signin(page, base, f"{slug}.admin@test.sk")
    for path in ("/staff/", "/staff/plans/{plan}/", "/staff/target-groups/"):
        _check(page, base + path.format(**objects), found)
    shot(page, f"axe-target-groups-{language}-375")
    page.goto(f"http://{live_url}/")
    shot(page, f"axe-platform-footer-{language}-375")
    _check(page, f"http://{live_url}/accessibility/", found)
    shot(page, f"platform-accessibility-{language}-375")
    assert len(found) == len(ON_A_PHONE) + 4
    _none(found)


def test_the_check_sees_a_violation(browse, places, live_url):
    """Not blind: a field without a label and text too faint to read are reported."""
    page = browse("sk")
    page.goto(f"http://{live_url}/")
    assert violations(page) == []
    # Styled through the CSSOM: a style attribute would be blocked by the page's policy.
    page.evaluate("""() => {
        const main = document.querySelector("main");
        main.insertAdjacentHTML("afterbegin", '<input type="text" name="x"><p>bledé</p>');
        main.querySelector("p").style.color = "#ccc";
    }""")
    assert {rule["id"] for rule in violations(page)} == {"label", "color-contrast"}
