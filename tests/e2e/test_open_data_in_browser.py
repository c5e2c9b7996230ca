"""Open data pages in a real browser: a municipality's /data/ at 1280 and 375 px, the admin's
licence choice, and the platform's catalogue of every municipality's datasets."""

import pytest
from django_tenants.utils import tenant_context

from tests.conftest import PASSWORD, account
from tests.e2e.conftest import shot
from tests.tenants.plans.builders import plan_in_force

pytestmark = [pytest.mark.browser]


@pytest.fixture
def alfa_plan(live_url):
    from hub.municipalities.models import Municipality
    from hub.regional.models import OpenDataRecord
    from hub.regional.services import figures_refresh
    from tenants.portal.models import OpenDataSettings

    alfa = Municipality.objects.get(slug="alfa")
    with tenant_context(alfa):
        plan, _tree = plan_in_force(account("alfa.editor@test.sk"), title="Plán otvorených dát")
    figures_refresh(municipality=alfa)
    yield alfa
    with tenant_context(alfa):
        plan.delete()
        OpenDataSettings.objects.all().delete()
    OpenDataRecord.objects.filter(municipality=alfa).delete()


def test_open_data_pages(page, live_url, alfa_plan):
    port = live_url.split(":")[1]
    base = f"http://alfa.localhost:{port}"
    page.goto(f"{base}/")
    page.click("footer a[href='/data/']")
    page.wait_for_url(f"{base}/data/")
    assert page.locator("h1").inner_text() == "Otvorené dáta"
    first = page.locator("tbody tr").first
    assert first.locator("strong").inner_text() == "Priority platného plánu"
    assert first.locator("td.num").inner_text() == "2"
    assert page.locator("a[rel=license]").inner_text() == "Creative Commons Attribution 4.0"
    shot(page, "open-data-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    # Nothing wider than the phone's screen but the table's own scrolling box.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "open-data-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    csv_text = page.evaluate("fetch('/data/measures.csv').then(r => r.text())")
    assert csv_text.splitlines()[0] == ("plan,priority,number,title,description,target_groups,"
                                        "service_types")

    page.goto(f"{base}/accounts/signin/?next=/staff/open-data/")
    page.fill("#id_email", "alfa.admin@test.sk")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{base}/staff/open-data/")
    page.check("input[value='cc0-1.0']")
    shot(page, "open-data-licence")
    page.click("button.primary")
    page.wait_for_url(f"{base}/staff/open-data/")
    page.goto(f"{base}/data/")
    assert page.locator("a[rel=license]").inner_text() == "Creative Commons Zero 1.0"

    page.goto(f"http://{live_url}/data/")
    assert page.locator("h1").inner_text() == "Otvorené dáta obcí"
    assert page.locator("section.card h2").all_inner_texts() == ["Alfa"]
    shot(page, "open-data-platform-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "open-data-platform-375")
