"""The API docs page (Swagger UI from the sidecar) under the same strict CSP as every page.

The split view serves Swagger UI's start-up script as a file of its own (``?script=``)
instead of inline, and the template links a stylesheet instead of drf-spectacular's inline
``<style>``. The one addition to the site's policy: Swagger UI draws its icons from
``data:`` images.
"""

from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularSwaggerSplitView


@method_decorator(csp_update({"img-src": ["data:"]}), name="dispatch")
class ApiDocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
