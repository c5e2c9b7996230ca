"""Onboard a municipality from the command line."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from hub.municipalities.models import Municipality, Region
from hub.municipalities.selectors import unit_for_kind
from hub.municipalities.services import municipality_create
from hub.tenancy.urls import municipality_url


class Command(BaseCommand):
    help = "Onboard a municipality: registry row, <slug>.<PLATFORM_DOMAIN> and a ready schema."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--slug", required=True)
        parser.add_argument("--kind", required=True, choices=Municipality.Kind.values)
        parser.add_argument("--country", required=True, choices=["SK", "CZ"])
        parser.add_argument("--language", choices=["sk", "cs"])
        parser.add_argument("--population", type=int)
        parser.add_argument("--population-65", type=int, help="inhabitants aged 65 and over")
        parser.add_argument("--ico", default="")
        parser.add_argument("--email", default="", help="community planning contact e-mail")
        parser.add_argument("--region", help="code of the region")
        parser.add_argument("--district", help="code of the district / ORP")
        parser.add_argument("--territory", help="statistical code of its territorial unit "
                            "(an obec for a town, an ORP or okres for a district), e.g. 529303")

    def handle(self, *args, **o):
        try:
            region = Region.objects.get(code=o["region"]) if o["region"] else None
            district = Region.objects.get(code=o["district"]) if o["district"] else None
        except Region.DoesNotExist as error:
            raise CommandError(f"Unknown region or district code: {error}") from error
        territory = None
        if o["territory"]:
            territory = unit_for_kind(country=o["country"], kind=o["kind"], code=o["territory"])
            if territory is None:
                raise CommandError(f"No territorial unit {o['territory']} that a {o['kind']} in "
                                   f"{o['country']} can be; load the codebooks first "
                                   "(manage.py territory_load).")
        try:
            municipality = municipality_create(
                name=o["name"], slug=o["slug"], kind=o["kind"], country=o["country"],
                language=o["language"], population=o["population"],
                population_65=o["population_65"], ico=o["ico"],
                kpss_email=o["email"], region=region, district=district, territory=territory,
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"Onboarded {municipality.name}: {municipality_url(municipality)}")
