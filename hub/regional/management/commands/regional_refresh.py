"""Refresh the regional read model: queue the nightly fan-out now, or recompute in-process."""

from django.core.management.base import BaseCommand, CommandError

from hub.municipalities.models import Municipality


class Command(BaseCommand):
    help = ("Refresh the coordinators' figures. Without options it queues one refresh task per "
            "municipality (as the nightly schedule does); --sync recomputes here and now.")

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="only these municipalities (with --sync)")
        parser.add_argument("--sync", action="store_true",
                            help="compute in this process instead of queueing worker tasks")

    def handle(self, *args, slugs=(), sync=False, **options):
        if not sync:
            if slugs:
                raise CommandError("Naming municipalities needs --sync.")
            from django.utils import timezone

            from workers import fanout, outbox

            # Recorded in the outbox here (works with Redis down); a round of its own, so a
            # nightly round of the same day does not absorb it; sent now, not spread.
            count = fanout.fan_out(task_name="hub.regional.figures_refresh_task", window=0,
                                   run=f"manual-{timezone.now():%Y%m%dT%H%M%S.%f}")
            outbox.sweep()
            self.stdout.write(f"regional_refresh: {count} refreshes queued")
            return
        from hub.regional.services import figures_refresh

        places = Municipality.objects.order_by("pk")
        if slugs:
            places = places.filter(slug__in=slugs)
            unknown = set(slugs) - set(places.values_list("slug", flat=True))
            if unknown:
                raise CommandError(f"Unknown municipalities: {', '.join(sorted(unknown))}")
        count = 0
        for municipality in places.iterator():
            figures_refresh(municipality=municipality)
            count += 1
        self.stdout.write(f"regional_refresh: {count} municipalities refreshed")
