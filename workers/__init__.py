"""Komplan's background workers: one tenant-aware Celery app, task kinds, the fan-out and the
PDF renderer. Below hub and the tenant apps: it names their tasks by string, never imports them."""

from workers.celery import app

__all__ = ["app"]
