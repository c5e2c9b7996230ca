"""Accounts live in the public schema; access to a municipality is a Membership with a role."""

from axes.models import AccessAttempt
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.crypto import salted_hmac
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

    # Raised by a sign-out: every session of the account, on every host, carries a hash of
    # the old value and is flushed at its next request (hub/accounts/handoff.py).
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self):
        return self.get_full_name() or self.email

    def _get_session_auth_hash(self, secret=None):
        # Django's hash of the password, with the epoch in it: Django's own check at each
        # request (django.contrib.auth.get_user) then ends the sessions of an older epoch.
        return salted_hmac("django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
                           f"{self.password}:{self.session_epoch}", secret=secret,
                           algorithm="sha256").hexdigest()


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

    user = models.ForeignKey(User, verbose_name=_("account"), on_delete=models.CASCADE,
                             related_name="memberships")
    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"),
                                     on_delete=models.CASCADE, related_name="memberships")
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


class FailedSignIn(AccessAttempt):
    """Failed sign-ins of one account from one address and browser (django-axes' row, shown
    to operators under this name; hub/accounts/lockout.py counts them)."""

    class Meta:
        proxy = True
        verbose_name = _("failed sign-in")
        verbose_name_plural = _("failed sign-ins")

    def __str__(self):
        return f"{self.username} · {self.ip_address}"


class ApiToken(models.Model):
    """A municipality's key for its API (``Authorization: Bearer kpt_…``): only the SHA-256 of
    the secret is kept, the secret is shown once. It works on its municipality's host only,
    with at most its scope's role, and acts as the admin who made it."""

    class Scope(models.TextChoices):
        READ = "read", _("read")
        WRITE = "write", _("read and write")

    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"),
                                     on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100,
                            help_text=_("Who uses it and what for, e.g. “Town website”."))
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices,
                             default=Scope.READ)
    # API resource names (the segment after /api/), empty for all of them.
    resources = models.JSONField(_("resources"), default=list, blank=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the secret, to tell tokens apart in the lists (not secret enough
    # to guess the rest: 8 of the 43 characters).
    prefix = models.CharField(_("token starts with"), max_length=12, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def role_cap(self) -> str:
        """The most a call with this token may do, whatever its maker's role."""
        return Role.EDITOR if self.scope == self.Scope.WRITE else Role.VIEWER

    @property
    def throttle_ident(self) -> str:
        return f"token-{self.pk}"


class HandoffToken(models.Model):
    """A single-use pass that signs an account in on one other host of the platform (a
    municipality's subdomain or the platform domain) without a password: only the SHA-256 of
    the secret is kept; it expires within a minute and is spent at its first use."""

    token_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="handoff_tokens")
    host = models.CharField(max_length=253)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in handoff")
        verbose_name_plural = _("sign-in handoffs")

    def __str__(self):
        return f"{self.user} → {self.host}"


class CoordinatorToken(models.Model):
    """A coordinator's key for the regional API on the platform domain (``Authorization:
    Bearer kpr_…``): read only, acting as the coordinator who made it and never beyond what
    they coordinate at the moment of each call; optionally narrowed to some of their areas.
    Only the SHA-256 of the secret is kept; the secret is shown once."""

    name = models.CharField(_("name"), max_length=100,
                            help_text=_("Who uses it and what for, e.g. “Regional office "
                                        "dashboard”."))
    # Empty: every area the maker coordinates (also those assigned later).
    areas = models.ManyToManyField(Region, verbose_name=_("areas"), blank=True,
                                   related_name="+")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("token starts with"), max_length=12, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.CASCADE,
                                   related_name="coordinator_tokens",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("coordinator's API token")
        verbose_name_plural = _("coordinators' API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
