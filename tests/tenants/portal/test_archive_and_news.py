"""The documents archive refuses files too large or of a wrong type (nothing stored) and
serves files only through a view with an allow-listed type; news drafts stay private."""

import datetime
import os
import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.portal.models import Document, NewsItem
from tests.conftest import MEDIA_ROOT, account, client_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _no_files_from_earlier_tests():
    # The database rolls back after each test; the files folder does not.
    shutil.rmtree(MEDIA_ROOT / "m_alfa", ignore_errors=True)


def _upload(alfa, name, content, **extra):
    client = client_for(alfa, account("alfa.editor@test.sk"))
    return client.post("/staff/archive/", {"title": "Zápis", "category": "minutes",
                                           "file": SimpleUploadedFile(name, content), **extra})


def _stored(alfa):
    with tenant_context(alfa):
        rows = list(Document.objects.values_list("title", "original_name", "content_type",
                                                  "size"))
    folder = MEDIA_ROOT / "m_alfa" / "documents"
    files = sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []
    return rows, files


def test_pdf_is_stored_under_a_random_name_and_served_safely(alfa, beta):
    response = _upload(alfa, "Zápis 2023.pdf", PDF)
    assert response.status_code == 302
    rows, files = _stored(alfa)
    assert rows == [("Zápis", "Zápis 2023.pdf", "application/pdf", len(PDF))]
    assert len(files) == 1 and files[0].endswith(".pdf") and "Zápis" not in files[0]
    with tenant_context(alfa):
        document = Document.objects.get()
    download = client_for(alfa).get(f"/archive/{document.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("inline;")
    assert "sandbox" in download["Content-Security-Policy"]
    assert b"".join(download.streaming_content) == PDF
    # Another municipality knows nothing of it.
    assert client_for(beta).get(f"/archive/{document.pk}/download/").status_code == 404


@pytest.mark.parametrize("name,content,message", [
    ("page.html", b"<html><script>alert(1)</script></html>", "nemožno nahrať"),
    ("program.exe", b"MZ\x90\x00", "nemožno nahrať"),
    ("obrazok.svg", b"<svg onload=alert(1)>", "nemožno nahrať"),
    ("fake.pdf", b"<html><script>alert(1)</script>", "nezodpovedá jeho typu"),
    ("poznamky.txt", b"<script>alert(1)</script>", "nezodpovedá jeho typu"),
    ("empty.pdf", b"", "prázdny"),
])
def test_wrong_types_are_refused_and_nothing_stored(alfa, name, content, message):
    response = _upload(alfa, name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _stored(alfa) == ([], [])


def test_utf8_text_with_a_letter_cut_by_the_sniffed_sample_is_accepted(alfa):
    # "č" is two bytes; here one stands across byte 2000 and another across byte 2048.
    content = ("a" * 1999 + "č" + "b" * 46 + "č" + " ďalší riadok\n" * 10).encode("utf-8")
    response = _upload(alfa, "zoznam.csv", content)
    assert response.status_code == 302, response.content[:300]
    assert _stored(alfa)[0] == [("Zápis", "zoznam.csv", "text/csv; charset=utf-8",
                                 len(content))]


def test_too_large_file_is_refused_and_nothing_stored(alfa, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    response = _upload(alfa, "velky.pdf", PDF + b"0" * (1024 * 1024))
    assert response.status_code == 400
    assert "príliš veľký (1.0 MB); limit je 1 MB" in response.content.decode()
    assert _stored(alfa) == ([], [])


def test_api_upload_follows_the_same_rules(alfa):
    client = client_for(alfa, account("alfa.editor@test.sk"))
    refused = client.post("/api/archive/", {"category": "other",
                                            "file": SimpleUploadedFile("x.html", b"<p>x</p>")})
    assert refused.status_code == 400 and "file" in refused.json()
    assert _stored(alfa) == ([], [])
    made = client.post("/api/archive/", {"category": "plan", "title": "Plán",
                                         "file": SimpleUploadedFile("plan.pdf", PDF)})
    assert made.status_code == 201
    assert made.json()["content_type"] == "application/pdf"
    public = client_for(alfa).get("/api/archive/").json()
    assert [d["title"] for d in public["results"]] == ["Plán"]
    assert "file" not in public["results"][0]


def test_news_drafts_and_future_items_are_not_public(alfa):
    with tenant_context(alfa):
        NewsItem.objects.create(title="Koncept", published_at=None)
        NewsItem.objects.create(title="Neskôr",
                                published_at=timezone.now() + datetime.timedelta(days=2))
        shown = NewsItem.objects.create(title="Stretnutie 4. októbra",
                                        published_at=timezone.now() - datetime.timedelta(hours=1))
    page = client_for(alfa).get("/news/").content.decode()
    assert "Stretnutie 4. októbra" in page and "Koncept" not in page and "Neskôr" not in page
    assert [n["title"] for n in client_for(alfa).get("/api/news/").json()["results"]] == [
        "Stretnutie 4. októbra"]
    home = client_for(alfa).get("/").content.decode()
    assert "Stretnutie 4. októbra" in home and "Koncept" not in home
    assert client_for(alfa).get(f"/news/{shown.pk}/").status_code == 200
    staff = client_for(alfa, account("alfa.viewer@test.sk")).get("/api/news/").json()
    assert sorted(n["title"] for n in staff["results"]) == ["Koncept", "Neskôr",
                                                            "Stretnutie 4. októbra"]


def test_news_body_is_sanitised(alfa):
    client = client_for(alfa, account("alfa.editor@test.sk"))
    client.post("/staff/news/new/", {"title": "Pozor", "body": "<p>Ahoj<script>x()</script></p>"
                                     "<img src=x onerror=y>", "published_at": ""})
    with tenant_context(alfa):
        assert NewsItem.objects.get().body == "<p>Ahoj</p>"


def test_contact_page_shows_the_kpss_email(alfa):
    page = client_for(alfa).get("/contact/").content.decode()
    assert 'href="mailto:kpss@alfa.test"' in page


def test_media_root_is_the_tmp_folder():
    from django.conf import settings

    assert str(settings.MEDIA_ROOT) == str(MEDIA_ROOT) and os.path.isabs(settings.MEDIA_ROOT)
