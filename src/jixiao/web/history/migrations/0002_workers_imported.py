"""Imports of the 劳模名册 were written as register.imported (导入困难职工档案) until issue 13; they are
workers.imported (导入劳模名册) now and show on the 劳模体检 page with the imports written since."""

from django.db import migrations


def rename(apps, schema_editor):
    Entry = apps.get_model("history", "Entry")
    Entry.objects.filter(action="register.imported", changes__has_key="model_workers").update(action="workers.imported")


def back(apps, schema_editor):
    Entry = apps.get_model("history", "Entry")
    Entry.objects.filter(action="workers.imported").update(action="register.imported")


class Migration(migrations.Migration):

    dependencies = [("history", "0001_initial")]

    operations = [migrations.RunPython(rename, back)]
