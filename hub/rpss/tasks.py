"""The platform job that reads a national registry file into the snapshot."""

from workers.bases import platform_task


@platform_task(name="hub.rpss.registry_file_read_task", acks_late=True, time_limit=600,
               soft_time_limit=570)
def registry_file_read_task(*, file_id: int) -> str:
    """Read one loaded national file (idempotent: a second run finds nothing changed)."""
    from hub.rpss.models import RegistryFile
    from hub.rpss.services import registry_file_read

    registry_file = RegistryFile.objects.filter(pk=file_id).first()
    if registry_file is None or registry_file.status == RegistryFile.Status.DONE:
        return "nothing to do"
    return registry_file_read(registry_file=registry_file).status
