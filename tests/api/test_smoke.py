"""Every list answers real rows to a national token, in the documented page shape."""

import pytest

from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db

PAGED = [
    "provinces",
    "communes",
    "producers",
    "products",
    "criteria/versions",
    "criteria/sheets",
    "dossiers",
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
]


def test_every_list_answers_rows(client, home, away, national_read):
    for path in PAGED:
        response = client.get(f"/api/v1/{path}/", **bearer(national_read))
        assert response.status_code == 200, (path, response.content[:300])
        body = response.json()
        assert set(body) == {"next", "previous", "results"}, path
        assert body["results"], path
    for path in ["indicators", "open-data"]:
        rows = client.get(f"/api/v1/{path}/", **bearer(national_read)).json()
        assert rows and isinstance(rows, list), path
    sheets = client.get("/api/v1/criteria/sheets/?criteria=26/2026&number=4").json()["results"]
    assert [s["number"] for s in sheets] == [4]
    sheet = client.get(f"/api/v1/criteria/sheets/{sheets[0]['id']}/").json()
    assert sheet["revision"]["content"]


def test_cursor_pages_walk_every_row(client, home):
    seen: list[str] = []
    url = "/api/v1/provinces/?page_size=10"
    while url:
        body = client.get(url).json()
        seen += [p["code"] for p in body["results"]]
        url = body["next"]
    assert len(seen) == 34 and seen == sorted(seen)
