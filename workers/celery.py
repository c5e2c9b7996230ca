"""The Celery app: tenant-aware (tenant-schemas-celery), configured from Django settings."""

import os

from celery.schedules import crontab
from tenant_schemas_celery.app import CeleryApp

from workers import kombu_fixes

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")

app = CeleryApp("komplan")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Task modules live beside their domain (<app>/tasks.py) and are found in every installed app
# (Celery's Django fixup reads INSTALLED_APPS); the fan-out lives here. Below, tasks are named
# by string only: the workers' machinery imports no app of the platform or of a tenant.
app.autodiscover_tasks(related_name="tasks", force=False)
app.conf.imports = ["workers.fanout", "workers.sweeper"]
# KOMPLAN_KOMBU_FIX=0 only for the test that reproduces the crash the fix is for.
if os.environ.get("KOMPLAN_KOMBU_FIX", "1") != "0":
    kombu_fixes.apply()

# One beat entry per job kind: a dispatcher records it in the outbox for every municipality,
# each at its slot of the window, never one beat entry per tenant (research/tech.md §3).
app.conf.beat_schedule = {
    # Sends the outbox's due work (this minute's slice of a fan-out, a debounced refresh),
    # what was asked for while the broker was down, and work whose worker went silent.
    "outbox-sweep": {"task": "workers.outbox_sweep_task", "schedule": 60.0},
    "worker-check-nightly": {
        "task": "workers.fan_out_task",
        "schedule": crontab(hour=2, minute=15),
        "kwargs": {"task_name": "tenants.portal.worker_check_task",
                   "task_kwargs": {"source": "schedule"}},
    },
    # Plans take effect and expire by the calendar: just after midnight, before the
    # documents and the regional figures are rebuilt from them.
    "plans-advance-daily": {
        "task": "workers.fan_out_task",
        "schedule": crontab(hour=0, minute=20),
        "kwargs": {"task_name": "tenants.plans.plans_advance_task"},
    },
    # Personal data kept past each municipality's retention period are deleted
    # (tenants/portal/privacy.py); before the documents and figures are rebuilt.
    "privacy-purge-nightly": {
        "task": "workers.fan_out_task",
        "schedule": crontab(hour=1, minute=40),
        "kwargs": {"task_name": "tenants.portal.privacy_purge_task"},
    },
    # Each municipality checks which documents are due by its own cadence and regenerates
    # only those whose data changed (tenants/documents/services.py).
    "documents-regenerate-daily": {
        "task": "workers.fan_out_task",
        "schedule": crontab(hour=3, minute=30),
        "kwargs": {"task_name": "tenants.documents.documents_regenerate_due_task"},
    },
    # Reconciles the regional read model (writes refresh it as they happen, debounced); an
    # hour after the documents so the two fan-outs don't share a window.
    "regional-figures-nightly": {
        "task": "workers.fan_out_task",
        "schedule": crontab(hour=4, minute=30),
        "kwargs": {"task_name": "hub.regional.figures_refresh_task"},
    },
    "spare-schemas-refill": {
        "task": "hub.tenancy.spare_pool_refill_task",
        "schedule": crontab(minute="*/10"),
    },
}

# PDF rendering has its own queue and worker (`-Q documents`): heavy, memory-hungry (typst's
# cache grows per distinct render, so that worker recycles its processes).
app.conf.task_routes = {"tenants.documents.document_render_task": {"queue": "documents"}}
