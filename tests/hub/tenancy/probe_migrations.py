"""Tenant migrations written on the fly: one app's real migrations copied to a temp package
with new ones after them, put in place through MIGRATION_MODULES (tests and bench/migrate.py)."""

import importlib
import shutil
import sys
import uuid
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db.migrations.loader import MigrationLoader
from django.test.utils import override_settings

from hub.tenancy import schemas
from hub.tenancy.migrate_engine import capture

HEADER = "from django.db import migrations, models\n\n\n"


class ProbeMigrations:
    """A migrations package for ``app_label`` that grows one file per ``add``."""

    def __init__(self, root: Path, app_label: str = "common"):
        self.app_label = app_label
        self.package = f"komplan_probe_{uuid.uuid4().hex[:10]}"
        self.root = Path(root)
        self.folder = self.root / self.package / app_label
        self.folder.parent.mkdir(parents=True)
        (self.folder.parent / "__init__.py").write_text("")
        source = Path(importlib.import_module(
            f"{apps.get_app_config(app_label).name}.migrations").__file__).parent
        shutil.copytree(source, self.folder, ignore=shutil.ignore_patterns("__pycache__"))
        loader = MigrationLoader(None, ignore_no_migrations=True)
        self.leaf = max(name for label, name in loader.graph.leaf_nodes() if label == app_label)
        self._override = override_settings(MIGRATION_MODULES={
            **settings.MIGRATION_MODULES, app_label: f"{self.package}.{app_label}"})

    def __enter__(self):
        sys.path.insert(0, str(self.root))
        self._override.enable()
        self._forget()
        return self

    def __exit__(self, *exc):
        self._override.disable()
        sys.path.remove(str(self.root))
        for name in [m for m in sys.modules if m.startswith(self.package)]:
            del sys.modules[name]
        self._forget()

    @staticmethod
    def _forget():
        importlib.invalidate_caches()
        schemas.migrations_fingerprint.cache_clear()
        capture._MEMORY.clear()

    def add(self, name: str, operations: str, *, code: str = "") -> str:
        """Write migration ``name`` after the last one; ``operations`` is Python source."""
        (self.folder / f"{name}.py").write_text(
            HEADER + code + "\n\nclass Migration(migrations.Migration):\n"
            f"    dependencies = [({self.app_label!r}, {self.leaf!r})]\n"
            f"    operations = [\n{operations}\n    ]\n")
        self.leaf = name
        self._forget()
        return name
