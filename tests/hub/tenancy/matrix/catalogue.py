"""Isolation-matrix rows of the catalogue app."""

from tests.conftest import account

_SERVICE = {"provider": "{provider}", "name": "Zmenené", "service_type": "sk-41",
            "form": "field", "status": "active"}
PAGES = [
    # Public catalogue and HSDS
    ("/catalogue/", "/catalogue/?q=domov", "get", "public", None),
    ("/catalogue/services/<uuid:service_id>/", "/catalogue/services/{service}/", "get",
     "public", None),
    ("/catalogue/providers/<uuid:provider_id>/", "/catalogue/providers/{provider}/", "get",
     "public", None),
    ("/hsds/", "/hsds/", "get", "public", None),
    ("/hsds/profile/", "/hsds/profile/", "get", "public", None),
    ("/hsds/openapi.json", "/hsds/openapi.json", "get", "public", None),
    ("/hsds/services", "/hsds/services", "get", "public", None),
    ("/hsds/services/<str:service_id>", "/hsds/services/{service}", "get", "public", None),
    ("/hsds/organizations", "/hsds/organizations", "get", "public", None),
    ("/hsds/organizations/<str:organization_id>", "/hsds/organizations/{provider}", "get",
     "public", None),
    ("/hsds/taxonomies", "/hsds/taxonomies", "get", "public", None),
    ("/hsds/taxonomy_terms", "/hsds/taxonomy_terms", "get", "public", None),
    ("/hsds/datapackage.zip", "/hsds/datapackage.zip", "get", "public", None),
    # Staff
    ("/staff/catalogue/", "/staff/catalogue/?status=inactive", "get", "viewer", None),
    ("/staff/catalogue/services/new/", "/staff/catalogue/services/new/", "post", "editor",
     _SERVICE),
    ("/staff/catalogue/services/<uuid:service_id>/", "/staff/catalogue/services/{hidden}/",
     "get", "editor", None),
    ("/staff/catalogue/services/<uuid:service_id>/", "/staff/catalogue/services/{service}/",
     "post", "editor", _SERVICE),
    ("/staff/catalogue/services/<uuid:service_id>/delete/",
     "/staff/catalogue/services/{hidden}/delete/", "post", "editor", {}),
    ("/staff/catalogue/providers/", "/staff/catalogue/providers/", "get", "viewer", None),
    ("/staff/catalogue/providers/new/", "/staff/catalogue/providers/new/", "post", "editor",
     {"name": "Zmenené"}),
    ("/staff/catalogue/providers/<uuid:provider_id>/", "/staff/catalogue/providers/{provider}/",
     "post", "editor", {"name": "Zmenené"}),
    ("/staff/catalogue/providers/<uuid:provider_id>/delete/",
     "/staff/catalogue/providers/{empty_provider}/delete/", "post", "editor", {}),
    ("/staff/catalogue/import/", "/staff/catalogue/import/", "get", "editor", None),
    ("/staff/catalogue/import/registry/", "/staff/catalogue/import/registry/", "get", "editor",
     None),
    ("/staff/catalogue/export.<str:fmt>", "/staff/catalogue/export.csv", "get", "viewer", None),
    ("/staff/catalogue/imports/", "/staff/catalogue/imports/", "get", "editor", None),
    ("/staff/catalogue/imports/<int:job_id>/", "/staff/catalogue/imports/{job}/", "get",
     "editor", None),
    ("/staff/catalogue/imports/<int:job_id>/confirm/",
     "/staff/catalogue/imports/{job}/confirm/", "post", "editor", {}),
    ("/staff/catalogue/registry/", "/staff/catalogue/registry/", "get", "viewer", None),
    ("/staff/catalogue/registry/accept-all/", "/staff/catalogue/registry/accept-all/", "post",
     "editor", {}),
    ("/staff/catalogue/registry/<str:registry_id>/", "/staff/catalogue/registry/R0/", "post",
     "editor", {"action": "ignore"}),
    # Staff API
    ("/api/catalogue-services/", "/api/catalogue-services/", "get", "viewer", None),
    ("/api/catalogue-services/", "/api/catalogue-services/", "post", "editor", _SERVICE),
    ("/api/catalogue-services/<id>/", "/api/catalogue-services/{hidden}/", "get", "viewer",
     None),
    ("/api/catalogue-services/<id>/", "/api/catalogue-services/{service}/", "patch", "editor",
     {"name": "Zmenené"}),
    ("/api/catalogue-services/<id>/", "/api/catalogue-services/{hidden}/", "delete", "editor",
     None),
    ("/api/catalogue-providers/", "/api/catalogue-providers/", "get", "viewer", None),
    ("/api/catalogue-providers/", "/api/catalogue-providers/", "post", "editor",
     {"name": "Zmenené"}),
    ("/api/catalogue-providers/<id>/", "/api/catalogue-providers/{provider}/", "patch",
     "editor", {"name": "Zmenené"}),
    ("/api/catalogue-providers/<id>/", "/api/catalogue-providers/{empty_provider}/", "delete",
     "editor", None),
]
API_READS = ["/api/catalogue-services/", "/api/catalogue-providers/"]
# Only staff see inactive services; only the staff form has these fields.
MARKERS = ["Skrytá služba Alfa", 'name="service_type"', 'name="ico"', "alfa-import.csv"]


def objects(municipality):
    from tests.tenants.catalogue.builders import provider, service

    user = account("alfa.editor@test.sk")
    prov = provider(user, name="Poskytovateľ Alfa")
    empty = provider(user, name="Bez služieb Alfa", ico="87654321")
    active = service(prov, user, name="Verejná služba Alfa")
    hidden = service(prov, user, name="Skrytá služba Alfa", status="inactive", locations=[])
    from tenants.catalogue.models import ImportJob

    job = ImportJob.objects.create(kind=ImportJob.Kind.TABLE, filename="alfa-import.csv",
                                   status=ImportJob.Status.CHECKED, user=user,
                                   preview={"ok": True, "rows": [[2, "created", "Alfa riadok"]]})
    return {"provider": prov.uuid, "empty_provider": empty.uuid, "service": active.uuid,
            "hidden": hidden.uuid, "job": job.pk}


def state():
    from tenants.catalogue.models import (
        ImportJob,
        Location,
        OpeningHours,
        Provider,
        RegistryDecision,
        Service,
    )

    return (sorted(Provider.objects.values_list("name", "ico")),
            sorted(Service.objects.values_list("name", "status", "service_type")),
            Location.objects.count(), OpeningHours.objects.count(),
            sorted(ImportJob.objects.values_list("status", "filename")),
            RegistryDecision.objects.count())
