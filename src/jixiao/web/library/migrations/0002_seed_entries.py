"""The entries shipped with jixiao (core/indicator_library.toml, each with its source) into the library."""

from django.db import migrations


def seed(apps, schema_editor):
    from jixiao.core.indicator_library import seed_entries

    LibraryEntry = apps.get_model("library", "LibraryEntry")
    known = set(LibraryEntry.objects.values_list("key", flat=True))
    LibraryEntry.objects.bulk_create([
        LibraryEntry(key=e.key, kind=e.kind, sector=e.sector, level1=e.level1, level2=e.level2, name=e.name,
                     description=e.description, op=e.op, unit=e.unit, typical=e.typical, source=e.source[:500],
                     origin="seed")
        for e in seed_entries() if e.key not in known])


class Migration(migrations.Migration):
    dependencies = [("library", "0001_entries")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
