"""A 得分比例 the column cannot hold, saved before the forms and the service checked it (issue 13):
on SQLite a typed `NaN`, `Infinity` or `1e10` was kept as it was, and from then on every page,
table and API answer that read the value failed; on PostgreSQL a `NaN` fits numeric(5,2). Such a
share is emptied (the indicator's actual stays), so that the value can be read and typed again."""

from django.db import migrations

TABLE = "evaluation_indicatorvalue"
WHERE = {
    # SQLite keeps text that is no number as text, and any number whatever the declared digits.
    "sqlite": "share IS NOT NULL AND (typeof(share) NOT IN ('integer', 'real') OR share < 0 OR share > 100)",
    "postgresql": "share = 'NaN'",
}


def empty_shares_not_finite(apps, schema_editor):
    where = WHERE.get(schema_editor.connection.vendor)
    if where:
        schema_editor.execute(f"UPDATE {TABLE} SET share = NULL WHERE {where}")


class Migration(migrations.Migration):

    dependencies = [
        ("evaluation", "0007_value_and_remark_versions"),
    ]

    operations = [
        migrations.RunPython(empty_shares_not_finite, migrations.RunPython.noop),
    ]
