"""Target groups move to the shared app (tenants.common), step 1 of 3: the table takes the
shared app's name. Rows, ids and the foreign keys pointing at them stay as they are
(PostgreSQL constraints follow a renamed table)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="targetgroup", table="common_targetgroup"),
    ]
