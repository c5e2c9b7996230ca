"""Picks the page language: the visitor's explicit choice, else the municipality's own language;
an API call's Accept-Language first (a program states its language in the header)."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class MunicipalityLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        municipality = getattr(request, "municipality", None)
        asked = _api_language(request)
        if asked:
            language = asked
        elif chosen in SUPPORTED:
            language = chosen
        elif municipality is not None:
            language = municipality.language
        else:
            language = translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", language)
        return response


def _api_language(request) -> str | None:
    """The first supported language of an /api/ call's Accept-Language, or None. The docs
    pages under /api/docs/ are pages for people: they follow the visitor's choice (the
    language switch) and the municipality's language, like every other page."""
    if not request.path.startswith("/api/") or request.path.startswith("/api/docs/"):
        return None
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None
