"""Export one municipality alone into an archive file."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hub.backup.export import municipality_export
from hub.municipalities.models import Municipality


class Command(BaseCommand):
    help = ("Write one municipality's schema rows, registry rows, accounts' roles, read-model "
            "rows and files into one archive (municipality_import restores it).")

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("file")

    def handle(self, *args, **options):
        try:
            summary = municipality_export(options["slug"], options["file"])
        except Municipality.DoesNotExist:
            raise CommandError(_("No municipality has the address “%(slug)s”.")
                               % {"slug": options["slug"]}) from None
        self.stdout.write(_("Exported %(slug)s to %(path)s: %(tables)s tables, %(rows)s rows, "
                            "%(files)s files in %(seconds).1f s.") % {
            "slug": options["slug"], "path": summary.path, "tables": summary.tables,
            "rows": summary.rows, "files": summary.files, "seconds": summary.seconds})
