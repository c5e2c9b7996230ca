"""Isolation-matrix rows of the optimal network (tenants/analysis/optimal): its staff pages
under /staff/analysis/network-plans/ and its API. Only members read, only editors write."""

ITEM = {"action": "create", "service_type": "sk-35", "target_group": "", "capacity": 5,
        "unit": "bed", "place": "Alfa", "year": 2025, "cost": "100"}
PAGES = [
    ("/staff/analysis/network-plans/", "/staff/analysis/network-plans/", "get", "viewer",
     None),
    ("/staff/analysis/network-plans/new/", "/staff/analysis/network-plans/new/", "post",
     "editor", {"plan": "{net_plan}", "title": "Iná sieť"}),
    ("/staff/analysis/network-plans/<int:description_id>/",
     "/staff/analysis/network-plans/{net}/", "get", "viewer", None),
    ("/staff/analysis/network-plans/<int:description_id>/from-gaps/",
     "/staff/analysis/network-plans/{net}/from-gaps/", "post", "editor", {}),
    ("/staff/analysis/network-plans/<int:description_id>/items/new/",
     "/staff/analysis/network-plans/{net}/items/new/", "post", "editor", ITEM),
    ("/staff/analysis/network-plans/<int:description_id>/items/<int:item_id>/",
     "/staff/analysis/network-plans/{net}/items/{net_item}/", "post", "editor",
     {**ITEM, "capacity": 7}),
    ("/staff/analysis/network-plans/<int:description_id>/items/<int:item_id>/delete/",
     "/staff/analysis/network-plans/{net}/items/{net_item}/delete/", "post", "editor", {}),
    ("/staff/analysis/network-plans/<int:description_id>/approve/",
     "/staff/analysis/network-plans/{net}/approve/", "post", "editor",
     {"approved_on": "2024-05-02"}),
    ("/staff/analysis/network-plans/<int:description_id>/new-version/",
     "/staff/analysis/network-plans/{net_approved}/new-version/", "post", "editor", {}),
    ("/staff/analysis/network-plans/<int:description_id>/delete/",
     "/staff/analysis/network-plans/{net}/delete/", "post", "editor", {}),
    ("/api/network-descriptions/", "/api/network-descriptions/", "get", "viewer", None),
    ("/api/network-descriptions/<id>/", "/api/network-descriptions/{net}/", "patch",
     "editor", {"title": "Zmenená sieť"}),
    ("/api/network-descriptions/<id>/approve/", "/api/network-descriptions/{net}/approve/",
     "post", "editor", {"approved_on": "2024-05-02"}),
    ("/api/network-items/", "/api/network-items/", "get", "viewer", None),
    ("/api/network-items/", "/api/network-items/", "post", "editor",
     {**ITEM, "description": "{net}"}),
    ("/api/network-items/<id>/", "/api/network-items/{net_item}/", "patch", "editor",
     {"capacity": 9}),
    ("/api/network-items/<id>/", "/api/network-items/{net_item}/", "delete", "editor", None),
]
API_READS = []
MARKERS = ["Tajná sieť Alfa", "Tajné miesto Alfa"]


def objects(municipality):
    """A draft plan of Alfa's (its own, apart from the plans module's) with a draft network
    of one item linked to a measure, and an approved network of another draft plan."""
    import datetime

    from tenants.analysis.optimal import services
    from tests.conftest import account
    from tests.tenants.plans.builders import plan_with_tree

    user = account("alfa.editor@test.sk")
    plan, tree = plan_with_tree(user, title="Plán siete Alfa")
    description = services.description_create(user=user, plan=plan, title="Tajná sieť Alfa")
    item = services.item_save(user=user, description=description, country="SK",
                              action="keep", service_type="sk-35", capacity=3, unit="bed",
                              place="Tajné miesto Alfa", year=2025,
                              measures=[tree["m11"].pk])
    other, _tree = plan_with_tree(user, title="Druhý plán siete Alfa")
    approved = services.description_create(user=user, plan=other, title="Schválená sieť")
    services.item_save(user=user, description=approved, country="SK", action="create",
                       service_type="sk-35", capacity=2, unit="bed", place="Alfa",
                       year=2025)
    services.description_approve(user=user, description=approved,
                                 approved_on=datetime.date(2024, 1, 5))
    # A plan without a network yet: the one a new description may be made for.
    free, _tree = plan_with_tree(user, title="Plán bez siete Alfa")
    return {"net": description.pk, "net_item": item.pk, "net_approved": approved.pk,
            "net_plan": free.pk}


def state():
    from tenants.analysis.models import MeasureLink, NetworkDescription, NetworkItem

    return (sorted(NetworkDescription.objects.values_list("pk", "title", "status", "version")),
            sorted(NetworkItem.objects.values_list("pk", "capacity", "place", "year")),
            sorted(MeasureLink.objects.values_list("measure_id", "item_id")))
