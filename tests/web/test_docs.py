"""/docs: the interactive API documentation works offline (vendored Swagger UI, no CDN) under the
same strict CSP as the dashboard."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_docs_load_offline(page, server, artifacts):
    page.goto(server.url + "/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "sitrep" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-summary-path[data-path=\"/api/v1/incidents\"]")
    page.screenshot(path=str(artifacts / "docs.png"))
    assert page.outside == []  # nothing fetched from another host
    assert not [e for e in page.errors if "Content Security Policy" in e or "Refused" in e], page.errors
