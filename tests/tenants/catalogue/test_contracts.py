"""The contracts other issues build on: taxonomy, figures, regional listing, print data."""

import json

import pytest
from django_tenants.utils import tenant_context

from hub import taxonomy
from tenants.catalogue import figures, print_data
from tests.conftest import account
from tests.tenants.catalogue.builders import capacity, provider, service

pytestmark = pytest.mark.django_db


def test_taxonomy_terms_have_names_paragraphs_and_groups():
    for country, count in (("SK", 37), ("CZ", 32)):
        types = taxonomy.service_types(country)
        assert len(types) >= count
        groups = {g.code for g in taxonomy.type_groups(country)}
        for t in types:
            assert t.group in groups and t.paragraph.startswith("§")
            assert all(t.name(lang) for lang in ("sk", "cs", "en"))
    assert taxonomy.term("cz-49").name("cs") == "Domovy pro seniory"
    assert taxonomy.term("cz-49").paragraph == "§49"
    assert taxonomy.term("sk-35").name("sk") == "Zariadenie pre seniorov"
    assert taxonomy.term("nonsense") is None
    assert [f.code for f in taxonomy.forms("CZ")] == ["residential", "outpatient", "field"]
    assert "other" in [f.code for f in taxonomy.forms("SK")]


def test_figures_and_listing(alfa):
    from hub.municipalities.models import TerritorialUnit

    TerritorialUnit.objects.create(country="SK", level="region", code="T27",
                                   name="Testovací kraj (jednotka)")
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        assert figures.municipality_figures(None)["catalogue_updated_at"] is None
        p = provider(user)
        s1 = service(p, user)
        service(p, user, name="Opatrovateľská služba", service_type="sk-41", form="field",
                target_groups=["seniors", "disability-physical"],
                capacities=capacity(120, "client", "field"), covers=["region:T27"], locations=[])
        service(p, user, name="Zatvorené", status="inactive", capacities=capacity(5, "bed"),
                locations=[])
        result = figures.municipality_figures(None)
        assert result["services"] == 2
        assert result["capacity_by_type"] == {"sk-35": {"bed": 40}, "sk-41": {"client": 120}}
        assert result["capacity_by_target_group"]["seniors"] == {"bed": 40, "client": 120}
        assert result["capacity_by_target_group"]["disability-physical"] == {"client": 120}
        assert result["senior_capacity"] == {"bed": 40, "client": 120}
        assert result["catalogue_updated_at"] is not None
        listing = figures.regional_listing()
        assert [row["service"] for row in listing] == ["Domov dôchodcov Slnečnica",
                                                       "Opatrovateľská služba"]
        assert listing[0]["path"] == f"/catalogue/services/{s1.uuid}/"
        assert listing[1]["towns"] == ["Testovací kraj (jednotka)"]
        assert listing[1]["covers"] == ["region:T27"]
        assert listing[0]["towns"] == ["Alfa"] and listing[0]["covers"] == []
        assert [i for i in result["capacity_items"] if i["service_type"] == "sk-41"] == [{
            "service_type": "sk-41", "target_groups": ["seniors", "disability-physical"],
            "form": "field", "unit": "client", "capacity": 120, "covers": ["region:T27"],
            "source": "catalogue"}]
        assert len(result["capacity_items"]) == 2


def test_print_data_groups_services_by_law_and_filters_audience(alfa):
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        p = provider(user)
        home = service(p, user)
        service(p, user, name="Útulok Nádej", service_type="sk-26", form="residential",
                target_groups=["homeless"], capacities=capacity(20, "bed"), locations=[])
        data = print_data.catalogue_print_data()
        json.dumps(data)  # serialisable
        assert data["language"] == "sk" and data["municipality"] == alfa.name
        assert [g["code"] for g in data["groups"]] == ["sk-g-crisis", "sk-g-dependency"]
        group = data["groups"][1]
        assert group["name"].startswith("Sociálne služby na riešenie")
        entry = group["services"][0]
        assert entry["id"] == str(home.uuid)
        assert entry["provider"]["ico"] == "12345678"
        assert entry["form"] == "pobytová" and entry["target_groups"] == ["seniori"]
        assert entry["capacities"] == ["pobytová 40 lôžok"] and entry["hidden_address"] is False
        assert entry["locations"][0]["hours"] == [
            {"day": "pondelok", "weekday": 0, "opens": "08:00", "closes": "15:30"}]
        assert data["places"] == [{"town": "Alfa", "service_ids": [str(home.uuid)]}]
        before = data["updated_at"]
        seniors = print_data.catalogue_print_data(audience="seniors")
        assert [s["name"] for g in seniors["groups"] for s in g["services"]] == [home.name]
        crisis = print_data.catalogue_print_data(audience="crisis")
        assert [s["name"] for g in crisis["groups"] for s in g["services"]] == ["Útulok Nádej"]
        with pytest.raises(ValueError):
            print_data.catalogue_print_data(audience="everyone")
        from tenants.catalogue import services
        services.service_delete(user=user, service=home)
        assert print_data.catalogue_print_data()["updated_at"] > before
