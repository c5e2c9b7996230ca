"""Static files: WhiteNoise's hashed, compressed storage that never turns a page into a 500."""

import fcntl
import hashlib
import logging
import os
from pathlib import Path

from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.storage import CompressedManifestStaticFilesStorage

log = logging.getLogger(__name__)
_warned: set[str] = set()  # each missing name is logged once per process, not per lookup


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed names from the manifest collectstatic wrote. A name missing from it — a file
    added without collecting again, a typo in a template — is served under its plain name
    (a 404 for that one file) and logged, instead of failing the whole page;
    tests/hub/test_static_files.py checks that every name the templates use is collected."""

    manifest_strict = False

    def url(self, name, force=False):
        try:
            return super().url(name, force)
        except ValueError:
            if self.exists(name):
                raise  # collected, just not a manifest entry: WhiteNoise asks such names
            if name not in _warned:
                _warned.add(name)
                log.warning("Static file %s is not collected; run collectstatic", name)
            return self.base_url + name.lstrip("/")


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, asking the manifest itself whether a file is a hashed copy. At start it
    guesses an unhashed name for every file ("bootstrap.min.css" → "bootstrap.css") and asks
    for its URL; through StaticStorage.url a guess that names nothing logged "not collected;
    run collectstatic" — 17 false alarms in every web process's log at each start."""

    def get_static_url(self, name):
        from django.contrib.staticfiles.storage import staticfiles_storage

        if name not in getattr(staticfiles_storage, "hashed_files", {}):
            return None
        return super().get_static_url(name)


def sources_fingerprint() -> str:
    """Names, sizes and times of every file the static finders see (apps' and hub's)."""
    from django.contrib.staticfiles import finders

    entries = []
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            entries.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()


def collect_if_changed() -> bool:
    """collectstatic when the sources changed since the last run (tests call this before the
    first page: hashed names need the manifest). True when it collected."""
    from django.conf import settings
    from django.core.management import call_command

    root = Path(settings.STATIC_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    stamp, manifest = root / ".sources", root / "staticfiles.json"
    fingerprint = sources_fingerprint()
    # Two test processes (or a test run beside `make run`) may start at once: one collects,
    # the other waits for it and then finds the stamp current.
    with open(root / ".collect.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if manifest.exists() and stamp.exists() and stamp.read_text() == fingerprint:
            return False
        call_command("collectstatic", interactive=False, verbosity=0)
        stamp.write_text(fingerprint)
    return True
