"""Komplan's background workers: one tenant-aware Celery app, fan-out and (later) renderers."""

from workers.celery import app

__all__ = ["app"]
