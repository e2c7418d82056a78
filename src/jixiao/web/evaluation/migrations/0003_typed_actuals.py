"""Typed actuals: the number and unit (or level) of each stored 完成值 and 全年预计, parsed
once from the text already stored, and where the value came from. The text columns stay
as they were, so the step back only drops the new columns."""

from django.db import migrations, models


def parse_stored(apps, schema_editor):
    from jixiao.evaluation.quantities import parse_actual

    IndicatorValue = apps.get_model("evaluation", "IndicatorValue")  # noqa: N806
    for row in IndicatorValue.objects.exclude(actual="", forecast="").iterator():
        fields = []
        for text, value, unit, level in ((row.actual, "value", "unit", "level"),
                                         (row.forecast, "forecast_value", "forecast_unit", None)):
            try:
                q = parse_actual(text.strip()) if text.strip() else None
            except ValueError:
                q = None  # left as text: reading it names the mistake, as before
            if q is None or (q.level and level is None):
                continue
            setattr(row, value, q.value)
            setattr(row, unit, q.unit)
            fields += [value, unit]
            if level:
                setattr(row, level, q.level or "")
                fields.append(level)
        if fields:
            row.save(update_fields=fields)


class Migration(migrations.Migration):

    dependencies = [
        ('evaluation', '0002_evidence'),
    ]

    operations = [
        migrations.AddField(
            model_name='indicatorvalue',
            name='value',
            field=models.DecimalField(blank=True, decimal_places=10, max_digits=30, null=True,
                                      verbose_name='完成值（数值）'),
        ),
        migrations.AddField(
            model_name='indicatorvalue',
            name='unit',
            field=models.CharField(blank=True, max_length=20, verbose_name='完成值单位'),
        ),
        migrations.AddField(
            model_name='indicatorvalue',
            name='level',
            field=models.CharField(blank=True, max_length=8, verbose_name='完成程度'),
        ),
        migrations.AddField(
            model_name='indicatorvalue',
            name='forecast_value',
            field=models.DecimalField(blank=True, decimal_places=10, max_digits=30, null=True,
                                      verbose_name='全年预计（数值）'),
        ),
        migrations.AddField(
            model_name='indicatorvalue',
            name='forecast_unit',
            field=models.CharField(blank=True, max_length=20, verbose_name='全年预计单位'),
        ),
        migrations.AddField(
            model_name='indicatorvalue',
            name='source',
            field=models.CharField(choices=[('typed', '手工填报'), ('imported', '文件导入')], default='typed',
                                   max_length=10, verbose_name='来源'),
        ),
        migrations.AddField(
            model_name='indicatorvalue',
            name='source_file',
            field=models.CharField(blank=True, max_length=300, verbose_name='导入文件'),
        ),
        migrations.RunPython(parse_stored, migrations.RunPython.noop),
    ]
