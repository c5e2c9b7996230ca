"""Reading the change history."""

from django.db.models import QuerySet

from tenants.history.models import Change


def changes_for_plan(*, plan_id: int) -> QuerySet[Change]:
    return Change.objects.filter(plan_id=plan_id).select_related("user")
