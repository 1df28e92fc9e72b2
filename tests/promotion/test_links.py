"""The link check against a local HTTP server (no internet): HEAD then GET, redirects,
no cookies, dead after two failures in a row."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from ocop.core.models import AuditEntry
from ocop.promotion import domain
from ocop.promotion.enums import ListingStatus, Platform
from ocop.promotion.models import Listing
from ocop.promotion.tasks import task_check_links


class Handler(BaseHTTPRequestHandler):
    seen: list[tuple[str, str, str | None]] = []

    def _answer(self, method: str) -> None:
        Handler.seen.append((method, self.path, self.headers.get("Cookie")))
        if self.path == "/ok":
            self._send(200, {"Set-Cookie": "session=abc; Path=/"})
        elif self.path == "/redirect":
            self._send(302, {"Location": "/ok"})
        elif self.path == "/no-head":
            self._send(405 if method == "HEAD" else 200)
        else:
            self._send(404)

    def _send(self, code: int, headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:
        self._answer("HEAD")

    def do_GET(self) -> None:
        self._answer("GET")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Handler.seen = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def refused_url():
    """A port nobody listens on: bind, read the port, close."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/gone"


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)


def listing(product, url):
    return domain.add_listing(actor=None, product=product, platform=Platform.OWN_SITE, url=url)


def test_200_stays_active_and_records_the_check(product, server):
    ok = listing(product, f"{server}/ok")
    run = domain.check_links(timeout=2)
    ok.refresh_from_db()
    assert run.as_dict() == {"checked": 1, "ok": 1, "failed": 0, "dead": 0}
    assert (ok.status, ok.last_status_code, ok.failures) == (ListingStatus.ACTIVE, 200, 0)
    assert ok.last_checked_at is not None
    assert Handler.seen == [("HEAD", "/ok", None)]


def test_redirects_are_followed_without_cookies(product, server):
    moved = listing(product, f"{server}/redirect")
    domain.check_links(timeout=2)
    domain.check_links(timeout=2)
    moved.refresh_from_db()
    assert (moved.status, moved.last_status_code) == (ListingStatus.ACTIVE, 200)
    # The cookie set by /ok is never sent back.
    assert [cookie for _m, _p, cookie in Handler.seen] == [None] * 4


def test_get_when_head_is_refused(product, server):
    shop = listing(product, f"{server}/no-head")
    domain.check_links(timeout=2)
    shop.refresh_from_db()
    assert (shop.status, shop.last_status_code, shop.failures) == (ListingStatus.ACTIVE, 200, 0)
    assert Handler.seen == [("HEAD", "/no-head", None), ("GET", "/no-head", None)]


def test_404_twice_marks_dead(product, server):
    gone = listing(product, f"{server}/missing")
    first = domain.check_links(timeout=2)
    gone.refresh_from_db()
    assert first.as_dict() == {"checked": 1, "ok": 0, "failed": 1, "dead": 0}
    assert (gone.status, gone.last_status_code, gone.failures) == (ListingStatus.ACTIVE, 404, 1)
    second = domain.check_links(timeout=2)
    gone.refresh_from_db()
    assert second.dead == 1
    assert (gone.status, gone.failures) == (ListingStatus.DEAD, 2)
    entry = AuditEntry.objects.get(action="ocop.listing.dead")
    assert entry.changes == {"status": ["active", "dead"]}
    # A dead link is not requested again.
    assert domain.check_links(timeout=2).checked == 0


def test_a_success_in_between_resets_the_count(product, server):
    flaky = listing(product, f"{server}/missing")
    domain.check_links(timeout=2)
    Listing.objects.filter(pk=flaky.pk).update(url=f"{server}/ok")
    domain.check_links(timeout=2)
    flaky.refresh_from_db()
    assert (flaky.status, flaky.failures) == (ListingStatus.ACTIVE, 0)


def test_connection_refused_counts_as_a_failure(product, refused_url):
    down = listing(product, refused_url)
    domain.check_links(timeout=2)
    down.refresh_from_db()
    assert down.last_status_code is None
    assert down.failures == 1
    assert "Connection refused" in down.last_error or "URLError" in down.last_error
    domain.check_links(timeout=2)
    down.refresh_from_db()
    assert down.status == ListingStatus.DEAD


def test_withdrawn_links_are_not_checked(product, server):
    gone = listing(product, f"{server}/ok")
    domain.withdraw_listing(actor=None, listing=gone)
    assert domain.check_links(timeout=2).checked == 0
    assert Handler.seen == []


def test_task_and_command(product, server, capsys):
    listing(product, f"{server}/ok")
    result = task_check_links.enqueue()
    assert result.return_value == {"checked": 1, "ok": 1, "failed": 0, "dead": 0}
    call_command("check_links", "--timeout", "2")
    assert capsys.readouterr().out.strip() == "1 links checked: 1 ok, 0 failed, 0 marked dead"
