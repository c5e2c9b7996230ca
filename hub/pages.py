"""The platform domain's own pages: the municipalities on Komplan, and a signed-in account's
places (above both the registry and the accounts, so neither imports the other's pages)."""

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
    if query:
        municipalities = municipalities.filter(
            Q(name__unaccent__icontains=query) | Q(region__name__unaccent__icontains=query)
            | Q(district__name__unaccent__icontains=query))
    page = Paginator(municipalities, 50).get_page(request.GET.get("page"))
    return render(request, "municipalities/platform_home.html", {"page": page, "query": query})


@coordinator_page
def my_places(request):
    return render(request, "municipalities/my_places.html", {
        "memberships": memberships_of(user=request.user),
        "areas": coordinated_areas(user=request.user),
    })
