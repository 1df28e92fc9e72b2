import pytest

from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db


def test_every_list_answers(client, home, away, national_read):
    for path in [
        "provinces",
        "communes",
        "producers",
        "products",
        "criteria/versions",
        "criteria/sheets",
        "dossiers",
        "results",
        "certificates",
        "stamps/batches",
        "stamps",
        "stamps/scans",
        "epcis/events",
        "sales-points",
        "fairs",
        "listings",
        "inquiries",
        "plans",
        "indicators",
        "open-data",
        "whoami",
    ]:
        r = client.get(f"/api/v1/{path}/", **bearer(national_read))
        assert r.status_code == 200, (path, r.content[:500])
        print(path, r.content[:300])
