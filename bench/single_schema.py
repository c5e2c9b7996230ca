"""Baseline for the throughput benchmark: one fixed schema, no host lookup, no switching."""

from django.conf import settings
from django.db import connection
from django.urls import set_urlconf


class FixedSchemaMiddleware:
    def __init__(self, get_response):
        from hub.municipalities.models import Municipality

        self.get_response = get_response
        self.municipality = Municipality.objects.get(schema_name=settings.BENCH_FIXED_SCHEMA)

    def __call__(self, request):
        request.tenant = request.municipality = self.municipality
        if connection.schema_name != self.municipality.schema_name:
            connection.set_tenant(self.municipality)
        request.urlconf = settings.ROOT_URLCONF
        set_urlconf(request.urlconf)
        return self.get_response(request)
