"""Seed the demo municipalities and accounts (demo mode only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hub.demo.services import demo_seed


class Command(BaseCommand):
    help = "Seed the demo municipalities, their content and demo accounts. Idempotent."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Demo data is only seeded with KOMPLAN_DEMO=1 (never in production).")
        created = demo_seed()
        summary = ", ".join(f"{count} {what}" for what, count in created.items())
        self.stdout.write(f"seed_demo: created {summary}")
