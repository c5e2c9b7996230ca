"""Test builders of the needs analysis: Alfa as an ORP of three obce, the demography and
catalogue of the network fixtures, comparable municipalities in the read model."""

import datetime
from pathlib import Path

from django_tenants.utils import tenant_context

from hub.municipalities import codebooks
from hub.municipalities.models import Municipality, TerritorialUnit
from hub.municipalities.services import territory_load
from hub.regional.models import MunicipalityFigures

FILES = Path(__file__).parent / "files"
CODEBOOK = ("level,code,name,parent,orp\nkraj,27,Středočeský kraj,,\nokres,3201,Benešov,27,\n"
            "orp,2101,Benešov,27,\nobec,529303,Benešov,3201,2101\n"
            "obec,530859,Vlašim,3201,2101\nobec,530841,Votice,3201,2101\n")
TODAY = datetime.date(2024, 3, 1)


def read(name: str) -> bytes:
    return (FILES / name).read_bytes()


def make_orp(municipality: Municipality) -> Municipality:
    """The municipality becomes ORP Benešov (2101) with Benešov, Vlašim and Votice."""
    rows, errors = codebooks.csv_rows(CODEBOOK.encode())
    assert errors == []
    territory_load(country="CZ", rows=rows)
    municipality.kind, municipality.country = "district", "CZ"
    municipality.territory = TerritorialUnit.objects.get(country="CZ", level="orp", code="2101")
    municipality.save()
    return municipality


def bands(code: str, year: int, counts: tuple[int, int, int, int]) -> list[dict]:
    return [{"area_code": code, "area_name": code, "year": year, "sex": "t",
             "age_from": a, "age_to": b, "count": n}
            for (a, b), n in zip([(0, 14), (15, 64), (65, 79), (80, None)], counts,
                                 strict=True)]


def network_fixture(municipality: Municipality) -> None:
    """Demography of the three obce for 2023, the ORP's catalogue and norms, and three
    comparable ORPs in the read model (personal assistance 0.5, 0.25 and 0 per 1,000)."""
    from tenants.analysis import services
    from tenants.catalogue.models import Provider, Service

    make_orp(municipality)
    with tenant_context(municipality):
        services.population_store(
            rows=bands("529303", 2023, (2400, 10900, 2730, 750))
            + bands("530859", 2023, (1700, 7000, 2000, 700))
            + bands("530841", 2023, (700, 2900, 750, 250)), source="manual")
        provider = Provider.objects.create(name="Poskytovatel")

        def service(name, service_type, groups, unit, capacity, covers, form="residential"):
            Service.objects.create(provider=provider, name=name, service_type=service_type,
                                   form=form, target_groups=list(groups), covers=list(covers),
                                   capacities=[{"form": form, "unit": unit,
                                                "capacity": capacity}])

        service("Domov Benešov", "cz-49", ["seniors"], "bed", 60, [])
        service("Domov Vlašim", "cz-49", ["seniors"], "bed", 40, ["municipality:530859"])
        service("Pečovatelská ORP", "cz-40", ["seniors"], "client", 120, ["orp:2101"], "field")
        service("Pečovatelská Votice", "cz-40", ["seniors"], "client", 30,
                ["municipality:530841"], "field")
        service("Krizová linka", "cz-55", ["crisis"], "call", 2500, ["region:27"], "field")
        service("Domov OZP", "cz-48", ["disability-intellectual"], "bed", 20, [])
        service("Asistence", "cz-39", ["disability-physical"], "client", 10, [], "field")
        for service_type, group, unit, per_1000 in (("cz-49", "seniors", "bed", "17.00"),
                                                    ("cz-40", "seniors", "client", "20.00"),
                                                    ("cz-48", "", "bed", "1.10")):
            services.norm_save(country="CZ", service_type=service_type, target_group=group,
                               unit=unit, per_1000=per_1000)
    for slug, population, capacity in (("orp-a", 60000, {"cz-39": {"client": 30}}),
                                       ("orp-b", 40000, {"cz-39": {"client": 10}}),
                                       ("orp-c", 50000, {"cz-49": {"bed": 900}})):
        other = Municipality.objects.create(schema_name=f"m_{slug.replace('-', '_')}",
                                            slug=slug, name=slug, kind="district",
                                            country="CZ", language="cs")
        MunicipalityFigures.objects.create(municipality=other, period=2024, computed_on=TODAY,
                                           population=population, capacity_by_type=capacity,
                                           capacity_source="catalogue")
    # A town is not comparable with an ORP, however high its figure.
    town = Municipality.objects.create(schema_name="m_town", slug="town", name="town",
                                       kind="town", country="CZ", language="cs")
    MunicipalityFigures.objects.create(municipality=town, period=2024, computed_on=TODAY,
                                       population=1000, capacity_by_type={"cz-39": {"client": 90}},
                                       capacity_source="catalogue")
