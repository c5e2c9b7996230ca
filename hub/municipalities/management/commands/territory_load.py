"""Load territorial codebooks (the registry's kraje/okresy/obce JSON, or the CSV layout)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from hub.municipalities import codebooks
from hub.municipalities.services import territory_load


class Command(BaseCommand):
    help = ("Create or update territorial units from codebook files, parents first, all or "
            "nothing: e.g. kraje.json okresy.json obce.json (the Czech registry's codebooks) or "
            "a CSV with level;code;name;parent;orp;population.")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument("--country", required=True, choices=["SK", "CZ"])

    def handle(self, *args, **options):
        rows, errors = [], []
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"No such file: {name}")
            found, problems = codebooks.read_file(path.read_bytes(), path.name)
            rows += found
            errors += [f"{path.name}: {problem}" for problem in problems]
        if errors:
            raise CommandError("Nothing was loaded:\n" + "\n".join(errors[:50])
                               + (f"\n… and {len(errors) - 50} more" if len(errors) > 50 else ""))
        try:
            counts = territory_load(country=options["country"], rows=rows)
        except ValidationError as error:
            messages = error.messages
            raise CommandError("Nothing was loaded:\n" + "\n".join(messages[:50])) from error
        for level, figures in counts.items():
            self.stdout.write(f"{level}: {figures['created']} created, "
                              f"{figures['updated']} updated")
