"""One payment per round and person unless it reverses another, once 0003 has removed or turned
into corrections the duplicates an older version let in (a separate migration: on PostgreSQL the
unique index cannot be built in the transaction that deleted rows with foreign keys)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('relief', '0004_survey_dates'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='payment',
            constraint=models.UniqueConstraint(condition=models.Q(('reverses__isnull', True)), fields=('entry',), name='relief_one_payment_per_round_and_person'),
        ),
    ]
