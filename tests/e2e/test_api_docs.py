"""The self-hosted API reference renders every operation in a real browser, CSP intact."""

import pytest
from playwright.sync_api import expect


@pytest.mark.django_db(transaction=True)
def test_api_docs_page_lists_the_operations(page, live_server, units):
    violations = []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )
    page.goto(f"{live_server.url}/api/docs/")
    operations = page.locator("#api-docs details")
    expect(operations.first).to_be_visible()
    assert operations.count() >= 40
    expect(page.locator("#api-docs")).to_contain_text("/api/v1/certificates/")
    operations.filter(has_text="/api/v1/provinces/").first.locator("summary").click()
    expect(page.locator("#api-docs details[open]").first).to_contain_text("Response 200")
    assert violations == []
