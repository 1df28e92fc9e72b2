"""Schemathesis against /api/schema/, in process (WSGI): every operation, with and without
a token, positive and negative data. No response may be a 5xx, use an undocumented status
or content type, or break its documented schema. The examples per operation are bounded
so that the run stays well under 90 s."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hsettings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from ocop.api.enums import TokenAccess, TokenScope
from ocop.geo.models import Province
from tests.api.conftest import token
from tests.conftest import HOME_PROVINCE

pytestmark = pytest.mark.django_db

EXAMPLES = 8
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def run_operation(operation, *, headers, mode, examples):  # type: ignore[no-untyped-def]
    @hsettings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):  # type: ignore[no-untyped-def]
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)

    check()


@pytest.fixture
def connection_kept():  # type: ignore[no-untyped-def]
    """Keep the test's database connection open across in-process WSGI requests, as
    Django's test client does (the end of a request would otherwise close it)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_schema_holds_for_every_operation(home, away, settings, connection_kept):  # type: ignore[no-untyped-def]
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "0/3600", "api_anon": "0/3600"}
    from ocop.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    write = token(TokenScope.NATIONAL, TokenAccess.WRITE)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 40  # every resource is in the schema
    anonymous: dict[str, str] = {}
    signed = {"Authorization": f"Bearer {write}"}
    # A read token of one province: 403 on every write, 404 outside Ninh Bình.
    province = token(TokenScope.PROVINCE, province=Province.objects.get(code=HOME_PROVINCE))
    reader = {"Authorization": f"Bearer {province}"}
    # Without a token most operations answer 401 whatever the data: a few examples check
    # that shape; the token runs explore the data.
    runs = [
        (anonymous, GenerationMode.POSITIVE, 3),
        (reader, GenerationMode.POSITIVE, 4),
        (signed, GenerationMode.POSITIVE, EXAMPLES),
        (signed, GenerationMode.NEGATIVE, EXAMPLES),
    ]
    for operation in operations:
        for headers, mode, examples in runs:
            run_operation(operation, headers=headers, mode=mode, examples=examples)
