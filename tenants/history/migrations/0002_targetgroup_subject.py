"""Target groups moved to tenants.common: their change records follow, so one object's
history stays under one subject ("common.targetgroup")."""

from django.db import migrations


def _rename(apps, schema_editor, old, new):
    apps.get_model("history", "Change").objects.filter(subject=old).update(subject=new)


def forwards(apps, schema_editor):
    _rename(apps, schema_editor, "plans.targetgroup", "common.targetgroup")


def backwards(apps, schema_editor):
    _rename(apps, schema_editor, "common.targetgroup", "plans.targetgroup")


class Migration(migrations.Migration):

    dependencies = [
        ("history", "0001_initial"),
        ("common", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
