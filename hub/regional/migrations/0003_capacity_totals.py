"""capacity_totals: each row's capacity per unit summed over its service types, filled for the
rows already there (the refresh writes it from now on)."""

from django.db import migrations, models

BACKFILL = """
UPDATE regional_municipalityfigures f SET capacity_totals = coalesce((
    SELECT jsonb_object_agg(unit, total) FROM (
        SELECT u.key AS unit, sum(u.value::numeric) AS total
        FROM jsonb_each(f.capacity_by_type) AS e, jsonb_each_text(e.value) AS u
        GROUP BY u.key) AS sums), '{}'::jsonb)
"""


class Migration(migrations.Migration):

    dependencies = [
        ('regional', '0002_figures_plan_in_force_from'),
    ]

    operations = [
        migrations.AddField(
            model_name='municipalityfigures',
            name='capacity_totals',
            field=models.JSONField(default=dict),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
