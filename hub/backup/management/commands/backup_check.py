"""Can this database be dumped whole? The locks pg_dump needs against the server's lock table."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hub.backup.locks import HEADROOM, lock_budget


class Command(BaseCommand):
    help = ("Count the locks a whole-database pg_dump takes and compare them with "
            "max_locks_per_transaction × (max_connections + max_prepared_transactions); "
            "exit status 1 when too low.")

    def add_arguments(self, parser):
        parser.add_argument("--warn-only", action="store_true",
                            help="report a low setting without failing")

    def handle(self, *args, **options):
        # No timeout here: an operator waits for the answer (readiness cannot).
        budget = lock_budget(timeout_ms=None)
        self.stdout.write(_(
            "A whole-database pg_dump locks %(needed)s relations. The lock table holds "
            "%(capacity)s: max_locks_per_transaction %(locks)s × (max_connections "
            "%(connections)s + max_prepared_transactions %(prepared)s).") % {
            "needed": budget.needed, "capacity": budget.capacity,
            "locks": budget.max_locks_per_transaction,
            "connections": budget.max_connections, "prepared": budget.max_prepared_transactions})
        if budget.enough:
            self.stdout.write(_("Enough, with %(headroom)s %% headroom.")
                              % {"headroom": round((HEADROOM - 1) * 100)})
            return
        message = _(
            "Too low for a whole-database pg_dump: set max_locks_per_transaction = "
            "%(recommended)s or more (a server restart), or back up physically "
            "(deploy/backup/README.md).") % {"recommended": budget.recommended}
        if options["warn_only"]:
            self.stderr.write(message)
        else:
            raise CommandError(message)
