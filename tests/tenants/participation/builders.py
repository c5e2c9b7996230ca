"""Small builders for participation tests (inside a municipality's schema)."""

import datetime

from tenants.participation import services
from tests.conftest import account


def group_with_members(name="Seniori", members=(("Jana", "jana@example.org"),)):
    user = account("alfa.editor@test.sk") if _is_alfa() else account("beta.admin@test.sk")
    group = services.group_save(user=user, name=name, kind="target")
    made = [services.member_add(user=user, group=group, name=n, email=e, sector="public",
                                consent=True) for n, e in members]
    return group, made


def meeting(groups, *, day=datetime.date(2031, 10, 4), start=datetime.time(12),
            end=datetime.time(15), title="Stretnutie pracovných skupín", **extra):
    user = account("alfa.editor@test.sk") if _is_alfa() else account("beta.admin@test.sk")
    return services.meeting_save(user=user, groups=groups, title=title, date=day,
                                 starts_at=start, ends_at=end, place="Mestský úrad",
                                 room="zasadačka č. 250", **extra)


def _is_alfa() -> bool:
    from django.db import connection

    return connection.schema_name == "m_alfa"
