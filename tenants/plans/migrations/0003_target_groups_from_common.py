"""Target groups move to the shared app, step 3 of 3: priorities and measures point at
common.TargetGroup and plans forgets its own model. State only: the many-to-many tables keep
their names and columns (plans_priority_target_groups.targetgroup_id …)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0002_targetgroup_table_to_common"),
        ("common", "0001_initial"),
        # Every foreign key to plans.TargetGroup must have moved before the model goes.
        ("participation", "0002_target_group_from_common"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="priority",
                    name="target_groups",
                    field=models.ManyToManyField(blank=True, related_name="priorities",
                                                 to="common.targetgroup",
                                                 verbose_name="target groups"),
                ),
                migrations.AlterField(
                    model_name="measure",
                    name="target_groups",
                    field=models.ManyToManyField(blank=True, related_name="measures",
                                                 to="common.targetgroup",
                                                 verbose_name="target groups"),
                ),
                migrations.DeleteModel(name="TargetGroup"),
            ],
            database_operations=[],
        ),
    ]
