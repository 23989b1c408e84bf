"""Fuzz the API from its own OpenAPI description (schemathesis): no server error, and every answer as declared.

Bounded: a few examples per operation, with and without an origin officer's bearer token.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from corridor.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
CHECKS = [schemathesis.checks.not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
FUZZ = settings(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.filter_too_much, HealthCheck.data_too_large])


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Django's own test client stops each request from closing the database connection; this WSGI client
    does not, and on PostgreSQL closing it would end the test's transaction. Do what the test client does."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def officer_token(db):
    from corridor.accounts import services
    from corridor.accounts.choices import Role

    ministry = services.organisation_create(acting_user=None, name="Ministry", kind="ministry", country="PH")
    officer = services.user_create(acting_user=None, username="fuzz-officer", password="a-long-test-password-2026",
                                   role=Role.ORIGIN_OFFICER, organisation=ministry)
    officer.is_verified = lambda: True
    services.worker_create(acting_user=officer, full_name="Fuzz Worker", nationality="PH", passport_number="F1")
    return services.api_token_create(acting_user=officer, name="fuzz")[1]


@pytest.mark.django_db
@schema.parametrize()
@FUZZ
def test_api_without_credentials(case):
    case.call_and_validate(checks=CHECKS)


@pytest.mark.django_db
@schema.parametrize()
@FUZZ
def test_api_as_an_officer(case, officer_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {officer_token}"}, checks=CHECKS)
