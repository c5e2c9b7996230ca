"""Storage not writable (a read-only file system under the municipality's documents): the
job fails with a message that says it was the storage, in the municipality's language."""

import re
import subprocess

import pytest

from tests.conftest import wait_for
from tests.faults.helpers import finished_job, generate, place, staff_browser

# "storage" in the languages of the municipalities (alfa is Slovak): úložisko, úložiště.
NAMES_STORAGE = re.compile(r"úložisk|úložišt|storage", re.IGNORECASE)


@pytest.fixture
def read_only_documents_folder(stack):
    """MEDIA_ROOT/<alfa's schema>/documents on a read-only tmpfs (root), else made read-only
    by mode."""
    import os

    folder = stack.media_root / place("alfa").schema_name / "documents"
    folder.mkdir(parents=True)
    mounted = False
    if os.geteuid() == 0:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs",
                                  str(folder)], capture_output=True).returncode == 0
        if not mounted:
            pytest.fail("As root, this test needs to mount a read-only tmpfs (mode bits do "
                        "not stop root); the mount was refused.")
    else:
        folder.chmod(0o555)
    yield folder
    if mounted:
        subprocess.run(["umount", str(folder)], check=True)
    else:
        folder.chmod(0o755)


@pytest.mark.faults(bound=180)
def test_a_generation_on_read_only_storage_fails_naming_the_storage(stack,
                                                                    read_only_documents_folder):
    staff = staff_browser(stack)
    job_id = generate(staff)
    failed = wait_for(lambda: finished_job("alfa", job_id), timeout=120, interval=0.5)
    assert failed.state == "failed"
    assert NAMES_STORAGE.search(failed.error), failed.error
    assert failed.version is None
    status, page, _headers = staff.request("GET", f"/staff/documents/jobs/{job_id}/")
    assert status == 200 and NAMES_STORAGE.search(page.decode())
    assert list(read_only_documents_folder.iterdir()) == []
