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
