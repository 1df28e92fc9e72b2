"""Read-replica routing with two database aliases.

The ``replica`` alias is added for these tests as a TEST MIRROR of default (the way
``OCOP_DATABASE_REPLICA_URL`` configures it): the same test database, but its own
connection, which does not see the uncommitted rows of the test's transaction.
"""

import copy
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.db import connections, router
from django.test.utils import CaptureQueriesContext

from ocop.geo.models import Province
from ocop.ops.routing import REPLICA, ReplicaRouter, use_replica
from ocop.registry.models import Producer
from tests.conftest import HOME_COMMUNE, HOME_PROVINCE
from tests.factories import make_producer, make_user

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(databases=["default", REPLICA])
class TestWithAReplica:
    @pytest.fixture
    def _replica_alias(self) -> Iterator[None]:
        config = copy.deepcopy(connections["default"].settings_dict)  # NAME: the test database
        config["TEST"] = {**config.get("TEST", {}), "MIRROR": "default"}
        if config["ENGINE"].endswith("sqlite3"):
            # TestCase opens a transaction on the mirror too: on SQLite a second IMMEDIATE
            # one would wait for default's write lock. A replica only reads.
            config["OPTIONS"] = {**config["OPTIONS"], "transaction_mode": "DEFERRED"}
        connections.settings[REPLICA] = config
        try:
            yield
        finally:
            connections[REPLICA].close()
            del connections[REPLICA]
            del connections.settings[REPLICA]

    @pytest.fixture
    def _django_db_helper(self, _replica_alias, _django_db_helper) -> Iterator[None]:  # type: ignore[no-untyped-def]
        """pytest-django's own, once the alias exists (its test case class looks it up)."""
        yield

    def test_reads_inside_use_replica_go_to_the_replica(self) -> None:
        with (
            CaptureQueriesContext(connections["default"]) as on_default,
            CaptureQueriesContext(connections[REPLICA]) as on_replica,
        ):
            with use_replica():
                province = Province.objects.get(pk=HOME_PROVINCE)
            outside = Province.objects.get(pk=HOME_PROVINCE)
        assert province._state.db == REPLICA
        assert outside._state.db == "default"
        assert (len(on_replica), len(on_default)) == (1, 1)

    def test_writes_inside_use_replica_go_to_default(self) -> None:
        with use_replica():
            producer = make_producer(commune=HOME_COMMUNE)
            assert router.db_for_write(Producer) == "default"
            # The replica is another connection: it does not see the uncommitted write...
            assert not Producer.objects.filter(pk=producer.pk).exists()
        assert producer._state.db == "default"
        # ...which default holds.
        assert Producer.objects.filter(pk=producer.pk).exists()

    def test_sessions_users_and_roles_are_read_from_default(self) -> None:
        user = make_user("dang-nhap", role="province_officer", province=HOME_PROVINCE)
        with use_replica():
            # The replica's connection cannot see this uncommitted user: found means default.
            assert type(user).objects.get(pk=user.pk)._state.db == "default"
            assert user.role_assignments.get()._state.db == "default"
            assert Session.objects.filter(pk="none").exists() is False
            assert router.db_for_read(Session) == "default"
            assert router.db_for_read(Province) == REPLICA

    def test_use_replica_as_a_decorator(self) -> None:
        @use_replica()
        def report() -> str | None:
            return Province.objects.get(pk=HOME_PROVINCE)._state.db

        assert report() == REPLICA
        assert Province.objects.get(pk=HOME_PROVINCE)._state.db == "default"


@pytest.mark.django_db
def test_without_a_replica_use_replica_reads_default() -> None:
    assert REPLICA not in connections.settings
    with use_replica():
        assert Province.objects.get(pk=HOME_PROVINCE)._state.db == "default"


def test_migrations_only_on_default() -> None:
    assert ReplicaRouter().allow_migrate("default", "registry") is True
    assert ReplicaRouter().allow_migrate(REPLICA, "registry") is False


def test_replica_url_adds_a_mirrored_alias(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCOP_")}
    env.update(
        DJANGO_SETTINGS_MODULE="ocop.settings",
        OCOP_DATABASE_URL="postgres://ocop@primary.internal:5432/ocop",
        OCOP_DATABASE_REPLICA_URL="postgres://ocop_ro@replica.internal:5432/ocop",
    )
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "r = s.DATABASES['replica']; print(json.dumps([r['HOST'], r['USER'], r['TEST'], "
        "r['OPTIONS'], s.DATABASE_ROUTERS]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    host, user, test, options, routers = json.loads(result.stdout)
    assert (host, user, test["MIRROR"]) == ("replica.internal", "ocop_ro", "default")
    assert options == {"prepare_threshold": 5}  # the resolver's prepared statements too
    assert routers == ["ocop.ops.routing.ReplicaRouter"]
