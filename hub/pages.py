"""The platform domain's own pages: the municipalities on Komplan, and a signed-in account's
places (above both the registry and the accounts, so neither imports the other's pages)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render

from hub.accounts.access import coordinator_page, public_page
from hub.accounts.selectors import coordinated_areas, memberships_of
from hub.municipalities.selectors import municipalities_listed


@public_page
def platform_home(request):
    query = request.GET.get("q", "").strip()[:100]
    municipalities = municipalities_listed()
    # Word by word, each in the name, district or region, diacritics and case folded on both
    # sides by unaccent: "zdar sazavou" finds "Žďár nad Sázavou".
    for word in query.split()[:8]:
        municipalities = municipalities.filter(
            Q(name__unaccent__icontains=word) | Q(region__name__unaccent__icontains=word)
            | Q(district__name__unaccent__icontains=word))
    page = Paginator(municipalities, 50).get_page(request.GET.get("page"))
    return render(request, "municipalities/platform_home.html", {"page": page, "query": query})


@coordinator_page
def my_places(request):
    return render(request, "municipalities/my_places.html", {
        "memberships": memberships_of(user=request.user),
        "areas": coordinated_areas(user=request.user),
    })


@public_page
def platform_accessibility(request):
    """The platform's own accessibility statement (each municipality publishes its own)."""
    return render(request, "municipalities/platform_accessibility.html",
                  {"contact": settings.PLATFORM_CONTACT_EMAIL})


@public_page
def platform_privacy(request):
    """The operator's privacy notice for the platform's own pages."""
    return render(request, "municipalities/platform_privacy.html",
                  {"contact": settings.PLATFORM_CONTACT_EMAIL})
