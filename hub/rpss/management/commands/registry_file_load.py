"""Load a national rpss.json from disk and read it into the snapshot."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from hub.rpss.models import RegistryFile
from hub.rpss.services import registry_file_create, registry_file_read


class Command(BaseCommand):
    help = ("Keep a national rpss.json and read it into the registry snapshot: here and now "
            "(default), or on the worker with --queue.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--queue", action="store_true",
                            help="leave the reading to the worker (as the admin upload does)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        with path.open("rb") as handle:
            upload = File(handle, name=path.name)
            upload.size = path.stat().st_size
            try:
                registry_file = registry_file_create(upload=upload, queue=options["queue"])
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        if options["queue"]:
            self.stdout.write(f"Queued: registry file {registry_file.pk}")
            return
        registry_file = registry_file_read(registry_file=registry_file)
        if registry_file.status != RegistryFile.Status.DONE:
            raise CommandError(registry_file.message)
        self.stdout.write(registry_file.message)
