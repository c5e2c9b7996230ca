"""Import one municipality from an archive made by municipality_export."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hub.backup.archive import ArchiveError
from hub.backup.restore import RestoreRefused, municipality_import


class Command(BaseCommand):
    help = ("Restore one municipality from its archive into this installation, under its own "
            "address or a new one (--slug); refuses an address in use; all or nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--slug", help="import under this address instead of the archive's")

    def handle(self, *args, **options):
        try:
            summary = municipality_import(options["file"], slug=options["slug"])
        except (ArchiveError, RestoreRefused) as error:
            raise CommandError(str(error)) from error
        for note in summary.notes:
            self.stderr.write(note)
        self.stdout.write(_("Imported %(slug)s into the schema %(schema)s: %(rows)s rows, "
                            "%(files)s files in %(seconds).1f s.") % {
            "slug": summary.municipality.slug, "schema": summary.municipality.schema_name,
            "rows": summary.rows, "files": summary.files, "seconds": summary.seconds})
