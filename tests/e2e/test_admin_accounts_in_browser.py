"""The operator's admin pages for API tokens and memberships, in a real browser at desktop
and phone width: Slovak labels, no filter listing every municipality, a membership's
municipality chosen by search (autocomplete), not from a list of thousands."""

import pytest

from tests.conftest import PASSWORD, account
from tests.e2e.conftest import follow, shot
from tests.e2e.test_lockout_in_browser import operator  # noqa: F401 — the fixture

pytestmark = [pytest.mark.browser]


@pytest.fixture
def a_token(django_db_blocker):
    from hub.accounts.models import ApiToken
    from hub.accounts.tokens import token_create
    from hub.municipalities.models import Municipality

    with django_db_blocker.unblock():
        alfa = Municipality.objects.get(slug="alfa")
        token, _secret = token_create(municipality=alfa, user=account("alfa.admin@test.sk"),
                                      name="Web obce", scope="read", resources=[])
        yield token
        ApiToken.objects.filter(pk=token.pk).delete()


def test_operator_sees_tokens_and_adds_a_membership_by_search(page, live_url, operator,  # noqa: F811
                                                              a_token):
    base = f"http://{live_url}"
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "operator.e2e@test.sk")
    page.fill("#id_password", PASSWORD)
    follow(page, "input[type=submit]")
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{base}/admin/accounts/apitoken/")
        rows = page.locator("#result_list tbody tr")
        assert rows.count() == 1 and "Web obce" in rows.inner_text()
        assert "Alfa" not in page.locator("#changelist-filter").inner_text()
        shot(page, f"admin-api-tokens-{width}")
        page.goto(f"{base}/admin/accounts/membership/add/")
        # The municipality is an autocomplete box, not a <select> listing every municipality.
        assert page.locator("select#id_municipality.admin-autocomplete").count() == 1
        assert page.locator("select#id_municipality option").count() <= 1
        shot(page, f"admin-membership-add-{width}")
