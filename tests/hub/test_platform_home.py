"""The platform's list of municipalities pages and searches at country size: fifty a page,
words folded (diacritics, case) in the name, district or region, page links keep the search."""

import pytest

from hub.regional.synthetic import region_build
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def many():
    return region_build(code="t-home", name="Kraj Vysočina", country="CZ", count=140, seed=12)


def _rows(html: str) -> int:
    return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0].count("<tr>")


def test_fifty_a_page_and_the_last_page(many):
    client = client_for()
    assert _rows(client.get("/").content.decode()) == 50
    total = 140 + 2  # and the test database's Alfa and Beta
    last = client.get("/?page=3").content.decode()
    assert _rows(last) == total - 100
    assert _rows(client.get("/?page=99").content.decode()) == total - 100


def test_search_folds_diacritics_and_matches_every_word(many):
    client = client_for()
    html = client.get("/?q=ZDAR 0000").content.decode()
    assert _rows(html) == 1 and "Žďár 00001" in html  # 00001 only: 00013, 00025 … are 000xx
    html = client.get("/?q=vysocina").content.decode()  # the region's name, unaccented
    assert _rows(html) == 50 and "q=vysocina&amp;page=2" in html
    assert "Alfa" not in client.get("/?q=vysocina&page=3").content.decode()
    html = client.get("/?q=nic take").content.decode()
    assert "<tbody>" not in html and "nic take" in html
