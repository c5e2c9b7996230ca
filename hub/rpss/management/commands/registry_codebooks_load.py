"""Load the registry's codebook files (service types, target groups, forms, capacity types,
kraje, okresy, obce) from disk."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from hub.rpss.services import codebooks_load


class Command(BaseCommand):
    help = ("Load the Czech registry's codebooks from their JSON files, all or nothing: e.g. "
            "druhy-socialni-sluzby.json cilove-skupiny-osoby.json formy-soc-sluzby.json "
            "kraje.json okresy.json obce.json. Entries that map to nothing are listed.")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")

    def handle(self, *args, **options):
        files = []
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"No such file: {name}")
            files.append((path.name, path.read_bytes()))
        try:
            result = codebooks_load(files=files)
        except ValidationError as error:
            raise CommandError("Nothing was loaded:\n" + "\n".join(error.messages[:50])) from None
        for codebook, counts in result["entries"].items():
            self.stdout.write(f"{codebook}: {counts['created']} created, "
                              f"{counts['updated']} updated")
        for level, counts in result["territory"].items():
            self.stdout.write(f"{level}: {counts['created']} created, {counts['updated']} updated")
        for codebook, reference, name, reviewed in result["unmapped"]:
            why = "no counterpart (reviewed)" if reviewed else "NOT IN THE MAPPING TABLE"
            self.stdout.write(f"unmapped {codebook} {reference} “{name}”: {why}")
