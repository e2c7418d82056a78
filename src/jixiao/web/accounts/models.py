import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class Membership(models.Model):
    """A user holds a role in a budget unit; they see only their units, unless a role sees all.

    The role is one of the Django groups of roles.py that needs a unit (单位填报, 单位审核, 帮扶干事, or one
    added later); 财政审核 and 管理员 are held as groups alone. A row without a role (as older databases and
    the demo have) means: every unit role the user holds, in this unit."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey("goals.Unit", on_delete=models.CASCADE, related_name="memberships")
    role = models.ForeignKey("auth.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="memberships",
                             verbose_name="角色")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_role"),
            models.UniqueConstraint(fields=["user", "unit"], condition=models.Q(role__isnull=True),
                                    name="membership_unique_unit_wide"),
        ]


class Token(models.Model):
    """An API token; only its hash is stored, the token itself is shown once. It works until it
    expires (`settings.API_TOKEN_DAYS` after issue unless given otherwise) or is revoked."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tokens")
    digest = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField("到期时间")
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)  # to the hour: see `touch`

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str = "", days: int | None = None) -> str:
        token = secrets.token_urlsafe(32)
        days = settings.API_TOKEN_DAYS if days is None else days
        cls.objects.create(user=user, digest=cls.hash(token), name=name,
                           expires_at=timezone.now() + timedelta(days=days))
        return token

    def state(self, now=None) -> str:
        """有效, 已过期 or 已吊销."""
        now = now or timezone.now()
        return "已吊销" if self.revoked_at else "已过期" if self.expires_at <= now else "有效"

    def touch(self) -> None:
        """Note the use, at most once an hour (no write on every request)."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at > timedelta(hours=1):
            Token.objects.filter(pk=self.pk).update(last_used_at=now)
