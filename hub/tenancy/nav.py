"""Header and staff-page links: what each tenant app declares as its ``nav`` (PUBLIC, STAFF)."""

from django.urls import reverse

from hub import plugins


def links(request):
    """Context processor: `nav_public` [(href, label)] and `nav_staff` [(href, title, text)]."""
    if getattr(request, "municipality", None) is None:
        return {}
    modules = [module for _config, module in plugins.offered("nav")]
    public = [(reverse(name), label) for module in modules for name, label in module.PUBLIC]
    staff = [(reverse(name), title, text)
             for module in modules for name, title, text in module.STAFF]
    return {"nav_public": public, "nav_staff": staff}
