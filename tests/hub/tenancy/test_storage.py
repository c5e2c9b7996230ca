"""Municipalities' files through Django's storage API, on the local disk and in an
S3-compatible bucket (moto's server on a free local port stands in for the service): each
municipality under its own prefix, private, never overwritten, written whole before any row
refers to it, and a failed write leaves neither a row nor a partial file."""

import socket

import boto3
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import override_settings
from django_tenants.utils import tenant_context

from hub.tenancy.storage import TenantFileSystemStorage, TenantS3Storage
from tenants.documents import services as documents
from tenants.documents.models import DocumentJob, DocumentVersion
from tenants.portal import services as portal
from tenants.portal.models import Document
from tests.conftest import MEDIA_ROOT, account, client_for

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n" + b"x" * 2048


class BrokenContent(ContentFile):
    """An upload whose stream breaks half-way (a client gone, a disk error)."""

    def chunks(self, chunk_size=None):
        yield self.read(1024)
        raise OSError("the stream broke")

    def read(self, *args):
        data = super().read(*args)
        if self.tell() >= 1024:
            raise OSError("the stream broke")
        return data


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The local disk ------------------------------------------------------------------------------

def test_filesystem_files_live_under_the_schema_and_are_never_replaced(alfa, beta):
    with tenant_context(alfa):
        first = default_storage.save("documents/x/a.pdf", ContentFile(PDF))
        second = default_storage.save("documents/x/a.pdf", ContentFile(b"%PDF-other"))
        assert isinstance(default_storage._wrapped, TenantFileSystemStorage)
        assert first == "documents/x/a.pdf" and second != first
        assert default_storage.path(first) == str(MEDIA_ROOT / "m_alfa" / "documents/x/a.pdf")
        assert default_storage.open(first).read() == PDF
        folder = MEDIA_ROOT / "m_alfa" / "documents" / "x"
        assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".part-")) == []
        with pytest.raises(NotImplementedError):
            default_storage.url(first)  # files are served by views, never by URL
    with tenant_context(beta):
        assert not default_storage.exists("documents/x/a.pdf")


def test_filesystem_write_that_breaks_leaves_nothing(alfa):
    with tenant_context(alfa):
        with pytest.raises(OSError, match="the stream broke"):
            default_storage.save("documents/broken/b.pdf", BrokenContent(PDF))
        folder = MEDIA_ROOT / "m_alfa" / "documents" / "broken"
        assert [p.name for p in folder.iterdir()] == []  # neither b.pdf nor a .part- file


# An S3-compatible bucket ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def _options(endpoint: str, bucket: str) -> dict:
    return {"bucket_name": bucket, "endpoint_url": endpoint, "region_name": "eu-central-1",
            "access_key": "testing", "secret_key": "testing", "location": "komplan",
            "addressing_style": "path"}


def _client(endpoint: str):
    return boto3.client("s3", endpoint_url=endpoint, region_name="eu-central-1",
                        aws_access_key_id="testing", aws_secret_access_key="testing")


@pytest.fixture
def bucket(s3_server, request):
    name = f"komplan-{request.node.name.replace('_', '-')[:40].lower()}"
    client = _client(s3_server)
    client.create_bucket(Bucket=name,
                         CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    storages = {"default": {"BACKEND": "hub.tenancy.storage.TenantS3Storage",
                            "OPTIONS": _options(s3_server, name)},
                "staticfiles": settings.STORAGES["staticfiles"]}
    with override_settings(STORAGES=storages):
        yield client, name


def _keys(client, bucket_name: str) -> list[str]:
    return sorted(item["Key"] for item in
                  client.list_objects_v2(Bucket=bucket_name).get("Contents", []))


def test_s3_objects_live_under_the_schema_private_and_never_replaced(bucket, alfa, beta):
    client, name = bucket
    with tenant_context(alfa):
        first = default_storage.save("documents/x/a.pdf", ContentFile(PDF))
        second = default_storage.save("documents/x/a.pdf", ContentFile(b"%PDF-other"))
        assert isinstance(default_storage._wrapped, TenantS3Storage)
        assert first == "documents/x/a.pdf" and second != first
        assert default_storage.open(first).read() == PDF
        with pytest.raises(NotImplementedError):
            default_storage.url(first)
    with tenant_context(beta):
        assert not default_storage.exists("documents/x/a.pdf")
        with pytest.raises(FileNotFoundError):
            default_storage.open("documents/x/a.pdf")
    assert _keys(client, name) == sorted([f"komplan/m_alfa/{first}", f"komplan/m_alfa/{second}"])
    acl = client.get_object_acl(Bucket=name, Key=f"komplan/m_alfa/{first}")
    assert [grant["Permission"] for grant in acl["Grants"]] == ["FULL_CONTROL"]
    assert acl["Grants"][0]["Grantee"]["Type"] == "CanonicalUser"  # the owner, nobody else


def test_s3_upload_that_breaks_leaves_no_object(bucket, alfa):
    client, name = bucket
    with tenant_context(alfa):
        with pytest.raises(OSError, match="the stream broke"):
            default_storage.save("documents/broken/b.pdf", BrokenContent(PDF))
    assert _keys(client, name) == []


def test_s3_generated_document_is_whole_before_its_version_row(bucket, alfa):
    """The worker's service, in process: the PDF is in the bucket under its own name, the
    version row points at it, and the staff download streams exactly those bytes."""
    client, name = bucket
    with tenant_context(alfa):
        job = documents.document_generate(user=account("alfa.admin@test.sk"), kind="catalogue")
        job = documents.document_job_run(job_id=job.pk)
        assert job.state == DocumentJob.State.DONE, job.error
        version = DocumentVersion.objects.get(pk=job.version_id)
        stored = client.get_object(Bucket=name, Key=f"komplan/m_alfa/{version.file.name}")
        body = stored["Body"].read()
        assert body.startswith(b"%PDF-") and len(body) == version.size
    response = client_for(alfa, account("alfa.admin@test.sk")).get(
        f"/staff/documents/versions/{version.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == body
    assert response["Content-Type"] == "application/pdf"


def test_s3_unreachable_no_version_and_no_archive_row(s3_server, alfa):
    """The bucket does not answer: the generation fails with a readable message and makes no
    version; an archive upload is refused and makes no row."""
    dead = {"default": {"BACKEND": "hub.tenancy.storage.TenantS3Storage",
                        "OPTIONS": {**_options(f"http://127.0.0.1:{_free_port()}", "gone")}},
            "staticfiles": settings.STORAGES["staticfiles"]}
    with override_settings(STORAGES=dead), tenant_context(alfa):
        admin = account("alfa.admin@test.sk")
        job = documents.document_generate(user=admin, kind="catalogue")
        job = documents.document_job_run(job_id=job.pk)
        assert job.state == DocumentJob.State.FAILED
        # The message names storage (issue #12), not a generic failure.
        assert job.error.startswith("Súbor sa nepodarilo uložiť do úložiska")
        assert DocumentVersion.objects.count() == 0
        with pytest.raises(Exception):  # noqa: B017 — botocore's connection error, any kind
            portal.document_upload(user=admin, title="Zápisnica", category="minutes",
                                   upload=SimpleUploadedFile("zapis.pdf", PDF))
        assert Document.objects.count() == 0
