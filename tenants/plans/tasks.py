"""Plan tasks; they run in the schema of the municipality that sent them (or the fan-out)."""

from workers.bases import tenant_task


@tenant_task(name="tenants.plans.plans_advance_task")
def plans_advance_task(*, today: str | None = None) -> int:
    """Nightly: put approved plans in force on their day, expire or supersede ended ones."""
    import datetime

    from tenants.plans import services

    day = datetime.date.fromisoformat(today) if today else None
    return services.plans_advance(today=day)
