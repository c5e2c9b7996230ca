"""Schemathesis against one municipality's /api/schema/, as its admin's write token: every
operation and method, a few generated requests each; no server error, no status code or
body the schema does not describe.

In-process (Django's WSGI app inside the test's transaction), so it runs in `make test` in
a minute or two; for a longer local run raise the budget and add the coverage phase:
KOMPLAN_SCHEMATHESIS_EXAMPLES=20 KOMPLAN_SCHEMATHESIS_PHASES=examples,coverage,fuzzing.
Derandomized: the same requests every run, so a failure is reproducible, never flaky.
"""

import json
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import load_all_checks, not_a_server_error
from schemathesis.generation.feedback import FeedbackSources
from schemathesis.pytest._test_builder import build_operation_test
from schemathesis.python._constants.orchestrator import make_constants_value_source
from schemathesis.specs.openapi import checks

from hub.accounts.tokens import token_create
from hub.wsgi import application
from tests.conftest import account

EXAMPLES = int(os.environ.get("KOMPLAN_SCHEMATHESIS_EXAMPLES", "3"))
# The coverage phase sends every boundary case the schema allows (many per operation, whatever
# the budget): on for the long local run, off in `make test`.
PHASES = os.environ.get("KOMPLAN_SCHEMATHESIS_PHASES", "examples,fuzzing").split(",")
BASE_URL = "http://alfa.localhost"
# No 5xx on any operation first, then the answers as the schema describes them.
CHECKS = [not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_schema_conformance]


@pytest.fixture
def api_token(alfa):
    _token, secret = token_create(municipality=alfa, user=account("alfa.admin@test.sk"),
                                  name="Schemathesis", scope="write", resources=[])
    return secret


@pytest.fixture
def in_process(db):
    # Django's own WSGI app closes the connection after each request, which would end the
    # test's transaction; the test client keeps it open the same way.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def _schema():
    """The schema /api/schema/ serves, made without a request (no database at collection;
    schemathesis' lazy loader from a fixture does not run under pytest 9)."""
    generator = SchemaGenerator(urlconf="hub.urls_tenant")
    document = json.loads(OpenApiJsonRenderer().render(generator.get_schema(public=True)))
    loaded = schemathesis.openapi.from_dict(document)
    loaded.app = application
    loaded.config.phases.update(phases=PHASES)
    return loaded


schema = _schema()
OPERATIONS = {result.ok().label: result.ok() for result in schema.get_all_operations()}
FEEDBACK = FeedbackSources(constants_value_source=make_constants_value_source(schema))


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def _answers_as_described(case, api_token):
    case.call_and_validate(base_url=BASE_URL,
                           headers={"Authorization": f"Bearer {api_token}",
                                    "Accept-Language": "sk"},
                           checks=CHECKS)


# One test per operation, built the way `schema.parametrize()` builds it (same phases, modes,
# per-operation seed), but as plain pytest parametrization: under pytest-xdist, which
# `make test` uses, `schema.parametrize()`'s items ran one operation and reported one test.
@pytest.mark.schemathesis
@pytest.mark.django_db
@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_api_answers_as_its_schema_says(operation, api_token, in_process):
    load_all_checks()
    test = build_operation_test(config=schema.config, operation=OPERATIONS[operation],
                                test_func=_answers_as_described, given_kwargs={},
                                feedback=FEEDBACK)
    test(api_token=api_token)


def test_every_operation_of_the_schema_is_a_test():
    assert len(OPERATIONS) == sum(len(methods) for methods in
                                  schema.raw_schema["paths"].values()) >= 100
