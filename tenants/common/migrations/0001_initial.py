"""Target groups move to the shared app, step 2 of 3: the model now belongs to tenants.common.
State only: the table (common_targetgroup) was renamed by plans 0002 and keeps its rows."""

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("plans", "0002_targetgroup_table_to_common"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="TargetGroup",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                                   serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("name", models.CharField(max_length=150, unique=True,
                                                  verbose_name="name")),
                        ("position", models.PositiveSmallIntegerField(default=0,
                                                                      verbose_name="order")),
                        ("is_active", models.BooleanField(default=True, verbose_name="in use")),
                    ],
                    options={
                        "verbose_name": "target group",
                        "verbose_name_plural": "target groups",
                        "ordering": ["position", "name"],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
