import hashlib
import secrets

from django.conf import settings
from django.db import models


class Membership(models.Model):
    """A user belongs to budget units; they see only those, unless their role sees all."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey("goals.Unit", on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        unique_together = [("user", "unit")]


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
