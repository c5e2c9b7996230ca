"""Schemas that are not (yet) a municipality: the template and the pool of pre-made spares."""

from django.db import models


class SpareSchema(models.Model):
    """A schema migrated ahead of time; onboarding renames one instead of migrating."""

    class Role(models.TextChoices):
        TEMPLATE = "template", "template"
        SPARE = "spare", "spare"

    name = models.CharField(max_length=63, unique=True)
    role = models.CharField(max_length=10, choices=Role.choices)
    # The tenant migrations this schema carries; a spare is handed out only on a match.
    migrations_fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["role"], condition=models.Q(role="template"),
                                    name="one_template_schema"),
        ]

    def __str__(self):
        return f"{self.role}:{self.name}"


class CapturedMigration(models.Model):
    """The SQL a tenant migration executed in the template, replayed into every schema behind.

    Kept after the deploy that captured it, so a deploy that stopped half-way is resumed by
    the next one (the template is current by then and captures nothing new).
    """

    class Kind(models.TextChoices):
        SQL = "sql", "sql"  # replay the statements
        PYTHON = "python", "python"  # run its operations per schema (data migrations)

    app = models.CharField(max_length=255)
    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    statements = models.JSONField(default=list)
    migrations_fingerprint = models.CharField(max_length=64)
    captured_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["app", "name"], name="one_capture_per_migration"),
        ]

    def __str__(self):
        return f"{self.app}.{self.name} ({self.kind})"
