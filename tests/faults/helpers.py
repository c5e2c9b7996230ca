"""What the fault tests read back: jobs, worker checks, pages, the broker's queues."""

from django_tenants.utils import tenant_context

from tests.conftest import PASSWORD

PUBLIC_PAGES = ("/", "/plans/", "/groups/", "/catalogue/", "/publications/", "/api/portal/",
                "/accounts/signin/")
STAFF_PAGES = ("/staff/", "/staff/introduction/", "/staff/documents/")
EDITOR = "alfa.editor@test.sk"


def place(slug: str):
    from hub.municipalities.models import Municipality

    return Municipality.objects.get(slug=slug)


def staff_browser(stack, slug: str = "alfa", email: str = EDITOR):
    browser = stack.browser(slug)
    browser.sign_in(email, PASSWORD)
    return browser


def pages_answering(stack, resident, staff) -> list[tuple[str, int]]:
    """Every public and staff page once; the ones that did not answer 200."""
    failed = []
    for browser, paths in ((resident, PUBLIC_PAGES), (staff, STAFF_PAGES)):
        for path in paths:
            try:
                status = browser.get(path)
            except OSError as error:
                status = repr(error)
            if status != 200:
                failed.append((path, status))
    return failed


def generate(staff, kind: str = "catalogue") -> int:
    """Press Generate on the staff documents page; the job's id from the redirect."""
    status, body, headers = staff.post_form("/staff/documents/", "/staff/documents/generate/",
                                            {"kind": kind})
    assert status == 302, (status, body[:500])
    location = headers["location"]
    assert "/staff/documents/jobs/" in location, location
    return int(location.rstrip("/").rsplit("/", 1)[1])


def job(slug: str, job_id: int):
    from tenants.documents.models import DocumentJob

    with tenant_context(place(slug)):
        return DocumentJob.objects.select_related("version", "document").get(pk=job_id)


def finished_job(slug: str, job_id: int):
    found = job(slug, job_id)
    return found if found.is_finished else None


def versions(slug: str, document_id: int) -> list:
    from tenants.documents.models import DocumentVersion

    with tenant_context(place(slug)):
        return list(DocumentVersion.objects.filter(document_id=document_id))


def worker_checks(requested_at) -> dict[str, int]:
    """Worker-check records made for one request, per municipality (slug)."""
    from hub.municipalities.models import Municipality
    from tenants.portal.models import WorkerCheck

    counts = {}
    for municipality in Municipality.objects.all():
        with tenant_context(municipality):
            counts[municipality.slug] = WorkerCheck.objects.filter(
                requested_at=requested_at).count()
    return counts


def broker_backlog(stack) -> int:
    """Messages waiting in the stack's queues or held unacknowledged by a worker."""
    import redis

    client = redis.Redis(port=stack.redis_port)
    return (client.llen("default") + client.llen("documents") + client.hlen("unacked"))


def open_work(key_prefix: str = "") -> int:
    """Outbox rows (workers/models.py) not finished yet: work asked for and not done."""
    from workers.models import Dispatch

    return Dispatch.objects.filter(finished_at__isnull=True, key__startswith=key_prefix).count()


def held_by_a_worker(stack, task_name: str) -> bool:
    """A message of ``task_name`` taken by a worker and not acknowledged yet (kombu's
    ``unacked`` hash on the Redis broker)."""
    import redis

    client = redis.Redis(port=stack.redis_port)
    return any(task_name.encode() in message for message in client.hvals("unacked"))
