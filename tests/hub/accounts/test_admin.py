"""Operators deactivate accounts in the admin; deleting one is not offered."""

import pytest

from tests.conftest import account, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator():
    from hub.accounts.models import User

    return User.objects.create_superuser(email="operator@test.sk", password="Spravny-kon-baterka-42")


def test_account_cannot_be_deleted_in_the_admin(operator):
    target = account("alfa.editor@test.sk")
    client = client_for(None, operator)
    page = client.get(f"/admin/accounts/user/{target.pk}/change/")
    assert page.status_code == 200 and b"/delete/" not in page.content
    assert client.post(f"/admin/accounts/user/{target.pk}/delete/", {"post": "yes"}).status_code == 403
    listing = client.get("/admin/accounts/user/")
    assert b"delete_selected" not in listing.content
    target.refresh_from_db()
    assert target.is_active
