"""Operators correct a region's norms in the admin under the coordinators' rules."""

from decimal import Decimal as D

import pytest

from hub.accounts.models import User
from hub.municipalities.models import Region
from hub.regional.models import RegionNorm
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db
ADD = "/admin/regional/regionnorm/add/"


def _form(**values) -> dict:
    return {"area": str(Region.objects.get(code="t-kraj").pk), "service_type": "sk-35",
            "target_group": "", "unit": "bed", "per_1000": "20", "note": "", **values}


def test_an_operator_adds_a_norm_and_a_wrong_one_is_refused_in_words():
    operator_user = User.objects.create_superuser("operator-n@test.sk", PASSWORD)
    operator = client_for(user=operator_user)
    page = operator.get(ADD, HTTP_ACCEPT_LANGUAGE="sk")
    assert page.status_code == 200 and "normatív kraja" in page.content.decode()
    for values, message in (({"per_1000": "0"}, "The norm must be more than 0 places"),
                            ({"service_type": "cz-49"}, "Unknown service type."),
                            # Only a kraj is offered (limit_choices_to).
                            ({"area": str(Region.objects.get(code="t-okres").pk)},
                             "Select a valid choice")):
        refused = operator.post(ADD, _form(**values), HTTP_ACCEPT_LANGUAGE="en")
        assert refused.status_code == 200 and message in refused.content.decode()
    assert RegionNorm.objects.count() == 0
    assert operator.post(ADD, _form(), HTTP_ACCEPT_LANGUAGE="en").status_code == 302
    norm = RegionNorm.objects.get()
    assert (norm.area.code, norm.service_type, norm.per_1000, norm.updated_by) == (
        "t-kraj", "sk-35", D("20.00"), operator_user)
