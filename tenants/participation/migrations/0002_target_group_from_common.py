"""Target groups moved to the shared app (tenants.common): the working group's foreign key
now names it. State only: the column and its constraint already point at the same table."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("participation", "0001_initial"),
        ("common", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="workinggroup",
                    name="target_group",
                    field=models.ForeignKey(
                        blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                        related_name="working_groups", to="common.targetgroup",
                        verbose_name="target group"),
                ),
            ],
            database_operations=[],
        ),
    ]
