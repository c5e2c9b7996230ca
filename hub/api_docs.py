"""The API docs page (Swagger UI from the sidecar) in the municipality's language, under the
same strict CSP as every page, and the "Getting a token" guide it links to.

The split view serves Swagger UI's start-up script as a file of its own (``?script=``)
instead of inline, and the template links a stylesheet instead of drf-spectacular's inline
``<style>``. The one addition to the site's policy: Swagger UI draws its icons from
``data:`` images. The page's own header, and the schema it loads (``?lang=``), are in the
request's language; Swagger UI's buttons are its own and stay in English.
"""

from csp.decorators import csp_update
from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.decorators import method_decorator
from drf_spectacular.plumbing import set_query_parameters
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView

from hub.accounts import tokens
from hub.accounts.access import public_page

LANGUAGES = dict(settings.LANGUAGES)


def _language(request) -> str:
    """``?lang=`` when it names a language we have, else the request's own."""
    asked = request.GET.get("lang")
    if asked in LANGUAGES:
        translation.activate(asked)
        request.LANGUAGE_CODE = asked
    return translation.get_language()


@method_decorator(csp_update({"img-src": ["data:"]}), name="dispatch")
class ApiDocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        self.language = _language(request)
        response = super().get(request, *args, **kwargs)
        if request.GET.get("script") is None:
            response.data.update({
                "language": self.language,
                "languages": [(code, translation.get_language_info(code)["name_local"])
                              for code in LANGUAGES],
                "schema_url": self._get_schema_url(request)})
        return response

    def _get_schema_url(self, request):
        # The schema in the language of the page around it, whatever the browser asks for.
        return set_query_parameters(url="/api/schema/", lang=self.language)


@public_page
def token_guide(request):
    """How a program gets a token: who makes it, scopes, a call, revoking, the errors."""
    language = _language(request)
    return render(request, "api/token_guide.html", {
        "language": language,
        "api_base": request.build_absolute_uri("/api/"),
        "resources": tokens.resource_names(),
        "token_rate": settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].get("token"),
    })
