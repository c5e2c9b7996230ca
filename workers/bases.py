"""Task kinds: tenant tasks run only in a municipality's schema, platform tasks only in public;
both claim their outbox row when one sent them."""

from celery.exceptions import Retry
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from tenant_schemas_celery.task import TenantTask

from workers import outbox
from workers.celery import app

#: Failures that say "try again later" (the database went away): the outbox row stays open
#: and the sweeper sends the work again; any other failure ends it (the task recorded why).
TRANSIENT = (OperationalError, InterfaceError)


def _outbox_id(request) -> int | None:
    headers = request.headers or {}
    value = headers.get(outbox.HEADER, request.get(outbox.HEADER))
    return int(value) if value is not None else None


class OutboxTask(TenantTask):
    """A task sent from the outbox claims its row, keeps a heartbeat on it while it runs and
    closes it at the end (workers/outbox.py); a message for work already done, or held by
    another live run, does nothing. Tasks sent without the outbox run as they are."""

    abstract = True

    def __call__(self, *args, **kwargs):
        entry_id = _outbox_id(self.request)
        if entry_id is None:
            return super().__call__(*args, **kwargs)
        held = outbox.claim(entry_id=entry_id, task_id=self.request.id or "",
                            worker=self.request.hostname or "")
        if held is None:
            return None
        heartbeat = outbox.Heartbeat(held)
        heartbeat.start()
        try:
            result = super().__call__(*args, **kwargs)
        except (*TRANSIENT, Retry):
            raise  # left open: the retry or the sweeper runs it again
        except BaseException:
            outbox.finish(held)
            raise
        finally:
            heartbeat.stop()
        outbox.finish(held)
        return result


class TenantSchemaRequired(RuntimeError):
    """A tenant task found itself in the public (or template/spare) schema."""


class MunicipalityTask(OutboxTask):
    abstract = True

    def __call__(self, *args, **kwargs):
        schema = connection.schema_name
        if schema == "public" or schema == settings.TENANT_TEMPLATE_SCHEMA or \
                schema.startswith("spare_"):
            raise TenantSchemaRequired(
                f"{self.name} must run in a municipality's schema, not in {schema!r}: "
                "send it from a tenant request or through workers.fanout."
            )
        return super().__call__(*args, **kwargs)


def tenant_task(**options):
    """``@tenant_task(name=...)``: a Celery task that only runs inside a municipality's schema."""
    return app.task(base=MunicipalityTask, **options)


class PlatformTask(OutboxTask):
    """Works on public-schema data (registry, pools, read models) whoever sent it."""

    abstract = True

    def __call__(self, *args, **kwargs):
        connection.set_schema_to_public()
        return super().__call__(*args, **kwargs)


def platform_task(**options):
    """``@platform_task(name=...)``: a Celery task that always runs in the public schema."""
    return app.task(base=PlatformTask, **options)
