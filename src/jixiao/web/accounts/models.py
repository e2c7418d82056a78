import hashlib
import secrets

from django.conf import settings
from django.db import models


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
    """An API token; only its hash is stored, the token itself is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tokens")
    digest = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str = "") -> str:
        token = secrets.token_urlsafe(32)
        cls.objects.create(user=user, digest=cls.hash(token), name=name)
        return token
