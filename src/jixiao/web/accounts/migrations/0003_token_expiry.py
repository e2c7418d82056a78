"""API tokens expire and can be revoked (issue 13 §7). Tokens issued before this migration get the
usual lifetime from today, so that no running integration stops the day of the upgrade."""

from datetime import timedelta

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def expire_later(apps, schema_editor):
    Token = apps.get_model("accounts", "Token")
    Token.objects.filter(expires_at__isnull=True).update(
        expires_at=timezone.now() + timedelta(days=getattr(settings, "API_TOKEN_DAYS", 90)))


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_membership_role"),
    ]

    operations = [
        migrations.AddField(model_name="token", name="expires_at",
                            field=models.DateTimeField(null=True, verbose_name="到期时间")),
        migrations.AddField(model_name="token", name="revoked_at",
                            field=models.DateTimeField(blank=True, null=True, verbose_name="吊销时间")),
        migrations.AddField(model_name="token", name="last_used_at",
                            field=models.DateTimeField(blank=True, null=True, verbose_name="最近使用")),
        migrations.RunPython(expire_later, migrations.RunPython.noop),
        migrations.AlterField(model_name="token", name="expires_at",
                              field=models.DateTimeField(verbose_name="到期时间")),
    ]
