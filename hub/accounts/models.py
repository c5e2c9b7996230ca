"""Accounts live in the public schema; access to a municipality is a Membership with a role."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.municipalities.models import Municipality, Region


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A person who signs in: municipal staff, a coordinator or a platform operator."""

    username = None
    email = models.EmailField(_("e-mail"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self):
        return self.get_full_name() or self.email


class Role(models.TextChoices):
    """What a member may do in a municipality; each role includes the ones below it."""

    VIEWER = "viewer", _("Viewer")
    EDITOR = "editor", _("Editor")
    ADMIN = "admin", _("Administrator")

    @classmethod
    def rank(cls, role: str | None) -> int:
        return {cls.VIEWER: 1, cls.EDITOR: 2, cls.ADMIN: 3}.get(role, 0)


class Membership(models.Model):
    """An account's role in one municipality."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE,
                                     related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "municipality"], name="one_membership_per_place"),
        ]

    def __str__(self):
        return f"{self.user} — {self.municipality} ({self.get_role_display()})"


class CoordinatorAssignment(models.Model):
    """An account that coordinates a region or a district (sees its aggregates only)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="coordinations")
    area = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="coordinators")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("coordinator")
        verbose_name_plural = _("coordinators")
        constraints = [
            models.UniqueConstraint(fields=["user", "area"], name="one_assignment_per_area"),
        ]

    def __str__(self):
        return f"{self.user} — {self.area}"
