"""capacity_items, capacity_wider, capacity_source: the catalogue's capacity lines with the
areas they cover, so a figure counts a line only in the area it serves (filled by the next
refresh; until then the rows keep their totals)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('regional', '0003_capacity_totals'),
    ]

    operations = [
        migrations.AddField(
            model_name='municipalityfigures',
            name='capacity_items',
            field=models.JSONField(default=list),
        ),
        migrations.AddField(
            model_name='municipalityfigures',
            name='capacity_wider',
            field=models.JSONField(default=dict),
        ),
        migrations.AddField(
            model_name='municipalityfigures',
            name='capacity_source',
            field=models.CharField(blank=True, max_length=10),
        ),
    ]
