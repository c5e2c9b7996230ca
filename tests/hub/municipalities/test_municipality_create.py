"""Onboarding: a new municipality gets a working schema from a spare or the template."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_exists, tenant_context

from hub.accounts.models import User
from hub.municipalities.models import Domain, Municipality, Region
from hub.municipalities.services import municipality_create
from hub.tenancy import schemas
from hub.tenancy.models import SpareSchema
from tenants.portal.models import Introduction
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _tables(schema):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = %s",
                       [schema])
        return cursor.fetchone()[0]


def test_onboarded_municipality_works_end_to_end():
    gamma = municipality_create(name="Gama", slug="gama", kind="village", country="CZ")
    assert gamma.language == "cs" and gamma.schema_name == "m_gama"
    assert Domain.objects.get(tenant=gamma).domain == "gama.localhost"
    assert _tables("m_gama") == _tables("tenant_template") > 0
    assert gamma.migrations_fingerprint == schemas.migrations_fingerprint()
    editor = User.objects.get(email="alfa.editor@test.sk")
    with tenant_context(gamma):
        # Writes work, sequences are the schema's own, and FKs into public resolve.
        first = Introduction.objects.create(heading="Úvod", text="Text", updated_by=editor)
        assert first.pk == 1
    with connection.cursor() as cursor:
        cursor.execute('SELECT count(*) FROM "tenant_template".portal_introduction')
        assert cursor.fetchone()[0] == 0
    page = client_for(gamma).get("/")
    assert page.status_code == 200 and "Úvod" in page.content.decode()


def test_spare_schema_is_renamed_not_migrated():
    assert schemas.spare_pool_refill(size=1) == 1
    spare = SpareSchema.objects.get(role="spare")
    delta = municipality_create(name="Delta", slug="delta", kind="town", country="SK")
    assert not schema_exists(spare.name) and schema_exists(delta.schema_name)
    assert not SpareSchema.objects.filter(role="spare").exists()
    with tenant_context(delta):
        assert Introduction.objects.count() == 0


def test_stale_spare_is_never_handed_out():
    schemas.spare_pool_refill(size=1)
    SpareSchema.objects.filter(role="spare").update(migrations_fingerprint="old")
    municipality_create(name="Epsilon", slug="epsilon", kind="town", country="SK")
    assert SpareSchema.objects.filter(role="spare", migrations_fingerprint="old").count() == 1
    assert schemas.spares_drop_stale() == 1
    assert not SpareSchema.objects.filter(role="spare").exists()


@pytest.mark.parametrize("slug,field", [
    ("Zlý Slug", "slug"), ("-zly", "slug"), ("alfa", "slug"), ("", "slug"),
])
def test_bad_input_is_refused_and_leaves_nothing(slug, field):
    count = Municipality.objects.count()
    with pytest.raises(ValidationError) as error:
        municipality_create(name="Zlá", slug=slug, kind="town", country="SK")
    assert field in error.value.message_dict
    assert Municipality.objects.count() == count
    assert not schema_exists("m_zly")


def test_district_of_another_region_is_refused():
    other = Region.objects.create(code="t-iny", name="Iný kraj", kind="region", country="SK")
    okres = Region.objects.get(code="t-okres")
    with pytest.raises(ValidationError) as error:
        municipality_create(name="Zeta", slug="zeta", kind="town", country="SK",
                            region=other, district=okres)
    assert "district" in error.value.message_dict
    assert not Municipality.objects.filter(slug="zeta").exists()


def test_management_command_onboards(capsys):
    call_command("municipality_create", "--name", "Éta", "--slug", "eta", "--kind", "town",
                 "--country", "SK", "--district", "t-okres", "--ico", "12345678")
    eta = Municipality.objects.get(slug="eta")
    assert eta.region.code == "t-kraj" and eta.district.code == "t-okres"
    assert "http://eta.localhost:8000/" in capsys.readouterr().out
