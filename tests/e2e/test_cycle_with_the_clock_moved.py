"""#14 acceptance: the whole planning cycle in a real browser for one Slovak and one Czech
municipality, from a new plan to its expiry, with the clock moved — and the coordinator's
regional pages checked at each step.

The clock: every state is judged by ``timezone.localdate()`` (Plan.state_on, the services'
"today", the regional pages' day). The live server runs in this process, so moving that one
function moves the day for the pages, the forms' checks and the regional watch alike —
no sleeping, no waiting for a real date. The read model is refreshed for the day, as the
nightly fan-out would."""

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.conftest import PASSWORD, account
from tests.e2e.conftest import follow, shot

pytestmark = [pytest.mark.browser]
D = datetime.date

WORDS = {
    "sk": {"refused": "kým trvá jeho verejné pripomienkovanie", "discussion":
           "vo verejnom pripomienkovaní", "expired": "platnosť skončila",
           "no_plan": "Žiadny platný plán", "expiring": "Plán končí do 12 mesiacov",
           "plan_expired": "Platnosť plánu skončila", "ended": "jeho obdobie skončilo"},
    "cs": {"refused": "dokud trvá jeho veřejné připomínkování", "discussion":
           "ve veřejném připomínkování", "expired": "platnost skončila",
           "no_plan": "Žádný platný plán", "expiring": "Plán končí do 12 měsíců",
           "plan_expired": "Platnost plánu skončila", "ended": "jeho období skončilo"},
}
CASES = [
    pytest.param("alfa", "alfa.editor@test.sk", "sk-kpss", "t-kraj", "sk", id="sk-alfa"),
    pytest.param("beta", "beta.admin@test.sk", "cz-obec", "t-kraj-cz", "cs", id="cz-beta"),
]


@pytest.fixture
def clock(monkeypatch):
    """Set ``clock.day``: from then on it is that day for the app and the test."""
    real = timezone.localdate

    class Clock:
        day = None

        def __call__(self, value=None, timezone=None):
            if value is None and self.day is not None:
                return self.day
            return real(value, timezone)

    moved = Clock()
    monkeypatch.setattr("django.utils.timezone.localdate", moved)
    return moved


def _signin(page, base, email):
    page.goto(f"{base}/accounts/signin/")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    follow(page, "button.primary")


def _transition(page, action, **fields):
    form = page.locator("form.transition", has=page.locator(
        f"input[name=action][value={action}]"))
    for name, value in fields.items():
        form.locator(f"input[name={name}]").fill(value)
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        form.locator("button").click()


def _no_sideways_scroll(page):
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths


def _watch(page, platform, code, place_name, name, plan_sections):
    """The coordinator's deadline watch: which of its plan checks list ``place_name`` (the
    page shows one check at a time, each behind its link with a count)."""
    page.goto(f"{platform}/regions/{code}/deadlines/")
    checks = {}
    for link in page.locator(".watch nav.checks a").all():
        title = link.inner_text().rsplit(" ", 1)[0].strip()
        if title in plan_sections:  # action plans and evaluations have their own tests
            checks[title] = link.get_attribute("href")
    def url(href):
        if href.startswith("?"):
            return f"{platform}/regions/{code}/deadlines/{href}"
        return href if href.startswith("http") else f"{platform}{href}"

    listed = {}
    for title, href in checks.items():
        page.goto(url(href))
        table = page.locator(".watch table")
        if table.count() and place_name in table.inner_text():
            listed[title] = href
    if listed:  # the page left open is the first check that lists it (callers read it)
        page.goto(url(next(iter(listed.values()))))
    _no_sideways_scroll(page)
    shot(page, f"cycle-{name}")
    return set(listed)


@pytest.mark.parametrize("slug,email,basis,area,lang", CASES)
def test_a_plan_from_draft_to_expiry_with_the_clock_moved(
        browser, live_url, clock, slug, email, basis, area, lang):
    from hub.accounts.models import CoordinatorAssignment
    from hub.municipalities.models import Municipality
    from hub.regional.models import MunicipalityFigures
    from hub.regional.services import figures_refresh
    from tenants.common.models import TargetGroup
    from tenants.history.models import Change
    from tenants.plans.models import Plan
    from tests.hub.regional.conftest import coordinator
    from tests.tenants.plans.builders import plan_with_tree

    words = WORDS[lang]
    place = Municipality.objects.get(slug=slug)
    clock.day = D(2027, 9, 1)
    with tenant_context(place):
        editor = account(email)
        draft, _tree = plan_with_tree(editor, title=f"Plán {place.name}",
                                      year_from=2028, year_to=2032, basis=basis)
    watcher = coordinator(f"koord.cyklus.{slug}@test.sk", area)
    port = live_url.split(":")[1]
    base, platform = f"http://{slug}.localhost:{port}", f"http://localhost:{port}"
    # Each in the country's language: the municipality's pages and its coordinator's.
    browser_locale = {"sk": "sk-SK", "cs": "cs-CZ"}[lang]
    staff_context = browser.new_context(viewport={"width": 1280, "height": 900},
                                        locale=browser_locale)
    coordinator_context = browser.new_context(viewport={"width": 1280, "height": 900},
                                              locale=browser_locale)
    page, regional = staff_context.new_page(), coordinator_context.new_page()

    def refresh_and_watch(name):
        figures_refresh(municipality=place, today=clock.day)
        return _watch(regional, platform, area, place.name, f"{slug}-{name}",
                      {words["no_plan"], words["expiring"], words["plan_expired"]})

    try:
        _signin(page, base, email)
        _signin(regional, platform, watcher.email)
        # 1 September 2027: the draft goes to public discussion for September.
        page.goto(f"{base}/staff/plans/{draft.pk}/")
        _transition(page, "start_discussion", discussion_from="2027-09-01",
                    discussion_to="2027-09-30")
        page.goto(f"{base}/plans/{draft.pk}/")
        assert page.locator(".title-row .state").inner_text() == words["discussion"]
        assert refresh_and_watch("1-discussion") == {words["no_plan"]}

        # 15 September: the council may not approve while residents comment.
        clock.day = D(2027, 9, 15)
        page.goto(f"{base}/staff/plans/{draft.pk}/")
        _transition(page, "approve", resolution_number="44/2027",
                    resolution_date="2027-09-15")
        assert words["refused"] in page.content() and "30. 9. 2027" in page.content()
        shot(page, f"cycle-{slug}-2-refused")

        # 5 October: approved, in force from 1. 1. 2028 — not before its period.
        clock.day = D(2027, 10, 5)
        page.goto(f"{base}/staff/plans/{draft.pk}/")
        _transition(page, "approve", resolution_number="44/2027",
                    resolution_date="2027-10-05")
        assert "1. 1. 2028" in page.content()
        page.goto(f"{base}/plans/{draft.pk}/")
        assert page.locator(".title-row .state").inner_text() == "schválený"
        assert refresh_and_watch("3-approved") == {words["no_plan"]}
        assert "1. 1. 2028" in regional.content()  # "approved, in force from 1. 1. 2028"

        # 1 January 2028, before any nightly run: in force by its dates.
        clock.day = D(2028, 1, 1)
        page.goto(f"{base}/plans/{draft.pk}/")
        assert page.locator(".title-row .state").inner_text() == "platný"
        shot(page, f"cycle-{slug}-4-in-force")
        listed = refresh_and_watch("4-in-force")
        assert words["no_plan"] not in listed and words["expiring"] not in listed

        # 15 January: the action plan for 2028 approved on its staff page.
        clock.day = D(2028, 1, 15)
        page.goto(f"{base}/staff/plans/{draft.pk}/")
        create = page.locator("form[action$='/action-plans/new/']")
        create.locator("select[name=year]").select_option("2028")
        with page.expect_navigation():
            create.locator("button").click()
        page.goto(f"{base}/staff/plans/{draft.pk}/action-plans/2028/")
        page.fill("#id_body", "Zastupiteľstvo" if lang == "sk" else "Zastupitelstvo")
        page.fill("#id_reference", "3/2028")
        page.fill("#id_approved_on", "2028-01-14")
        follow(page, "form[action$='/action-plans/2028/approve/'] button")
        page.goto(f"{base}/plans/{draft.pk}/action-plans/2028/")
        assert page.locator(".title-row .state").inner_text() in ("v realizácii", "v realizaci")

        # 1 June 2032: the plan ends within 12 months — the watch says so.
        clock.day = D(2032, 6, 1)
        assert words["expiring"] in refresh_and_watch("5-expiring")

        # 1 January 2033: expired by its dates, before the nightly task stored it.
        clock.day = D(2033, 1, 1)
        with tenant_context(place):
            # Stored as approved: no nightly run put it in force or ended it.
            assert Plan.objects.get(pk=draft.pk).status in ("approved", "in_force")
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{base}/plans/{draft.pk}/")
            assert page.locator(".title-row .state").inner_text() == words["expired"]
            assert f"{words['ended']} 31. 12. 2032" in page.content()
            _no_sideways_scroll(page)
            shot(page, f"cycle-{slug}-6-expired-{width}")
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{base}/staff/plans/{draft.pk}/")
        assert "/amend/" not in page.content()  # nothing to amend on an ended plan
        regional.set_viewport_size({"width": 375, "height": 900})
        assert refresh_and_watch("6-expired") == {words["plan_expired"]}
    finally:
        staff_context.close()
        coordinator_context.close()
        CoordinatorAssignment.objects.filter(user=watcher).delete()
        MunicipalityFigures.objects.filter(municipality=place).delete()
        with tenant_context(place):
            Plan.objects.update(superseded_by=None, amends=None)
            Plan.objects.all().delete()
            Change.objects.all().delete()
            TargetGroup.objects.all().delete()
