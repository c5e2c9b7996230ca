"""The platform's catalogue of every municipality's open datasets: a paged page (/data/) and
DCAT-AP JSON-LD for national portals to harvest (/data/catalog.jsonld?page=N). Built from the
public-schema OpenDataRecord rows only, one page at a time — never a tenant schema."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from hub.accounts.access import public_page
from hub.regional.models import OpenDataRecord
from hub.tenancy.urls import municipality_url, platform_url

PAGE_SIZE = 50
#: The EU file-type vocabulary used by DCAT-AP for dct:format.
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA_TYPES = {"json": "application/json", "csv": "text/csv"}


def _records():
    return (OpenDataRecord.objects.exclude(datasets=[])
            .select_related("municipality").prefetch_related("municipality__domains")
            .order_by("municipality__name", "municipality_id"))


def _page(request):
    return Paginator(_records(), PAGE_SIZE).get_page(request.GET.get("page"))


def datasets_of(record: OpenDataRecord) -> list[dict]:
    """The record's datasets, each with its download addresses, as the page shows them."""
    base = municipality_url(record.municipality, "/data/")
    return [{**d, "landing": base,
             "downloads": [(fmt.upper(), f"{base}{d['name']}.{fmt}") for fmt in MEDIA_TYPES]}
            for d in record.datasets]


@public_page
def catalogue(request):
    page = _page(request)
    rows = [(record, datasets_of(record)) for record in page.object_list]
    return render(request, "regional/open_data.html", {"page": page, "rows": rows})


def _dataset_node(record: OpenDataRecord, dataset: dict) -> dict:
    m = record.municipality
    base = municipality_url(m, "/data/")
    ident = f"{base}#{dataset['name']}"
    return {
        "@id": ident, "@type": "dcat:Dataset", "dct:identifier": ident,
        "dct:title": {"@value": f"{m.name}: {dataset['title']}", "@language": m.language},
        "dct:description": {"@value": dataset["description"], "@language": m.language},
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": m.name,
                          "foaf:homepage": {"@id": municipality_url(m)}},
        "dct:license": {"@id": record.licence_url},
        "dct:modified": {"@value": record.modified.isoformat(timespec="seconds"),
                         "@type": "xsd:dateTime"},
        "dcat:landingPage": {"@id": base},
        "dcat:distribution": [{
            "@id": f"{base}{dataset['name']}.{fmt}", "@type": "dcat:Distribution",
            "dcat:accessURL": {"@id": base},
            "dcat:downloadURL": {"@id": f"{base}{dataset['name']}.{fmt}"},
            "dct:format": {"@id": FILE_TYPE + fmt.upper()},
            "dcat:mediaType": {"@id": "https://www.iana.org/assignments/media-types/" + media},
            "dct:license": {"@id": record.licence_url},
        } for fmt, media in MEDIA_TYPES.items()],
    }


@public_page
def catalog_jsonld(request):
    """One page of the DCAT-AP catalogue; hydra:next names the following page."""
    page = _page(request)
    own = platform_url("/data/catalog.jsonld")
    body = {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
                     "foaf": "http://xmlns.com/foaf/0.1/",
                     "xsd": "http://www.w3.org/2001/XMLSchema#",
                     "hydra": "http://www.w3.org/ns/hydra/core#"},
        "@id": platform_url("/data/"), "@type": "dcat:Catalog",
        "dct:title": _("Open data of municipalities on Komplan"),
        "dct:description": _("Community plans of social services, meetings and catalogues of "
                             "social services published by the municipalities."),
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": "Komplan"},
        "dcat:dataset": [_dataset_node(record, d) for record in page.object_list
                         for d in record.datasets],
        "hydra:view": {"@id": f"{own}?page={page.number}", "@type": "hydra:PartialCollectionView",
                       "hydra:first": f"{own}?page=1",
                       "hydra:last": f"{own}?page={page.paginator.num_pages}",
                       **({"hydra:next": f"{own}?page={page.next_page_number()}"}
                          if page.has_next() else {})},
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/ld+json; charset=utf-8"
    response["Access-Control-Allow-Origin"] = "*"
    return response
