"""Text of the generated PDFs, read back: contact details are never hyphenated or broken
inside, and counts take the plural form their number needs (sk/cs)."""

import io
from types import SimpleNamespace

import pypdf
import pytest
from django_tenants.utils import tenant_context

from tenants.documents.models import Kind
from tenants.documents.sources import document_source, with_generation_date
from tests.tenants.catalogue import builders
from workers.render.typst_pdf import render_pdf

pytestmark = pytest.mark.django_db

# Long, hyphen-rich values in the leaflet's narrow columns: the reported break was
# "info@senior-" / "-foncorda.example".
EMAIL = "informacie@socialne-sluzby-senior-foncorda.example"
WEB = "https://www.socialne-sluzby-senior-foncorda.example/kontakt"
PHONE = "+421 48 123 45 67"
ICO = "99123456"


def _lines(municipality, kind, capacities):
    with tenant_context(municipality):
        country = municipality.country
        provider = builders.provider(name="Senior Fončorda", email=EMAIL, website=WEB,
                                     phone=PHONE, ico=ICO)
        for number, amount in enumerate(capacities):
            builders.service(provider, country=country, name=f"Služba {number}",
                             capacities=builders.capacity(amount, "bed"))
        template, data = document_source(SimpleNamespace(kind=kind, subject_id=None))
        pdf = render_pdf(template, with_generation_date(data))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    # The font's hyphen glyph reads back as U+00AD, a real "-" included. A value longer than
    # the column may wrap after a "/" (a safe point, nothing added); every other break —
    # a hyphen added, or a break after one of the value's own hyphens — leaves it split.
    text = "\n".join(page.extract_text() for page in reader.pages).replace("\xad", "-")
    text = text.replace("/\n", "/")
    return [" ".join(line.split()) for line in text.splitlines()], text


# The leaflet's short cards leave the IČO out.
@pytest.mark.parametrize("kind,values", [(Kind.LEAFLET_SENIORS, (EMAIL, WEB, PHONE)),
                                         (Kind.CATALOGUE, (EMAIL, WEB, PHONE, ICO))])
def test_contacts_stay_whole_on_one_line(alfa, kind, values):
    lines, text = _lines(alfa, kind, [40])
    for value in values:
        assert any(value in line for line in lines), (value, text)


def test_kpss_email_in_the_leaflet_stays_whole(alfa):
    alfa.kpss_email = "socialne-sluzby.kpss-koordinacia@mesto-alfa-senior.example"
    alfa.save(update_fields=["kpss_email"])
    try:
        lines, text = _lines(alfa, Kind.LEAFLET_SENIORS, [1])
        assert any(alfa.kpss_email in line for line in lines), text
    finally:
        alfa.kpss_email = "kpss@alfa.test"
        alfa.save(update_fields=["kpss_email"])


@pytest.mark.parametrize("place,expected", [
    ("alfa", ["1 lôžko", "3 lôžka", "40 lôžok"]),
    ("beta", ["1 lůžko", "3 lůžka", "40 lůžek"]),
])
def test_capacities_take_the_plural_form_of_their_number(place, expected, request):
    municipality = request.getfixturevalue(place)
    lines, text = _lines(municipality, Kind.CATALOGUE, [1, 3, 40])
    for words in expected:
        assert any(words in line for line in lines), (words, text)
    assert "40 lôžka" not in text and "40 lůžka" not in text
