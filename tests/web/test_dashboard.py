"""The dashboard and the incident page in real headless Chromium."""

from __future__ import annotations

import re

import pytest
from api import data
from api.data import XSS

pytestmark = pytest.mark.browser


def open_dashboard(page, server, query: str = ""):
    page.goto(server.url + "/" + query)
    page.wait_for_selector("body[data-ready]:not(.loading)")


def wait_rows(page, n: int):
    page.wait_for_function(
        "n => document.querySelectorAll('#incident-list tr[data-id]').length === n && !document.body.classList.contains('loading')",
        arg=n,
    )


def test_markers_on_the_map(page, server, artifacts):
    open_dashboard(page, server)
    markers = page.locator("#map path.incident-marker")
    assert markers.count() == 6
    assert page.locator("#map").get_attribute("data-markers") == "6"
    # sized by killed: Kabul (30 killed) is drawn larger than Aleppo (3)
    page.wait_for_function("() => document.querySelectorAll('.leaflet-pane path').length > 100")  # countries drawn
    sizes = sorted(b["width"] for b in (markers.nth(i).bounding_box() for i in range(6)))
    assert sizes[-1] > 2 * sizes[0]
    fills = {markers.nth(i).get_attribute("fill") for i in range(6)}
    assert {"#E69F00", "#D55E00", "#CC79A7", "#0072B2"} == fills  # colored by type
    markers.first.click()  # biggest first: Kabul
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Kabul" in popup.inner_text()
    assert page.errors == [] and page.outside == []
    page.screenshot(path=str(artifacts / "dashboard.png"), full_page=True)


def test_timeline_rendered(page, server):
    open_dashboard(page, server)
    bars = page.locator("#timeline rect.bar")
    assert bars.count() == 5  # days x types with someone killed
    assert page.locator("#timeline").get_attribute("data-days") == "5"
    stacked = page.locator('#timeline g.day[data-date="2019-05-02"] rect.bar')
    assert stacked.count() == 2
    assert {stacked.nth(i).get_attribute("data-type") for i in range(2)} == {"Battles", "Violence against civilians"}
    labels = page.locator("#timeline text.tick").all_text_contents()
    assert "2019-04-30" in labels and "2019-05-04" in labels and "30" in labels
    assert page.errors == []


def test_filter_narrows_list_map_and_timeline(page, server):
    open_dashboard(page, server)
    wait_rows(page, 6)
    page.select_option("select[name=country]", "SY")
    wait_rows(page, 2)
    places = page.locator("#incident-list tr td:nth-child(5)").all_inner_texts()
    assert all("Syria" in p for p in places)
    assert page.locator("#map path.incident-marker").count() == 2
    assert page.locator("#timeline rect.bar").count() == 2
    assert page.locator("#total-incidents").inner_text() == "2"
    assert "country=SY" in page.url
    assert "country=SY" in page.locator("#export-acled").get_attribute("href")
    page.fill("input[name=min_killed]", "10")
    page.locator("input[name=min_killed]").dispatch_event("change")
    wait_rows(page, 1)
    assert "Saraqib" in page.locator("#incident-list").inner_text()
    page.click("#reset-filters")
    wait_rows(page, 6)
    # full-text search (debounced as you type)
    page.fill("input[name=q]", "wedding")
    wait_rows(page, 1)
    assert "Kabul" in page.locator("#incident-list").inner_text()
    page.click("#reset-filters")
    wait_rows(page, 6)
    # a day on the timeline filters everything to it
    page.locator('#timeline g.day[data-date="2019-05-02"] rect.hit').click()
    wait_rows(page, 2)
    assert page.locator("input[name=since]").input_value() == "2019-05-02"
    assert page.locator("#map path.incident-marker").count() == 2
    assert page.errors == []


def test_filters_from_the_url(page, server):
    open_dashboard(page, server, "?type=Battles")
    wait_rows(page, 1)
    assert page.locator("select[name=type]").input_value() == "Battles"
    assert "Mogadishu" in page.locator("#incident-list").inner_text()


def test_evidence_highlighted_on_incident_page(page, server, artifacts):
    page.goto(server.url + "/incidents/1")
    page.wait_for_selector("body[data-ready]")
    claims = page.locator("article.claim")
    assert claims.count() == 3
    first = page.locator("article.claim").first
    marks = first.locator(".report-text mark").all_inner_texts()
    assert "".join(marks) == "Syrian government warplanes struck a market in Saraqib on Wednesday, killing 40 civilians"
    field = first.locator("mark.field")
    assert field.inner_text() == "killing 40 civilians" and field.get_attribute("data-fields") == "fatalities"
    # the whole report is there, unchanged, around the marks
    assert first.locator(".report-text").inner_text().startswith("BEIRUT - Syrian government warplanes")
    assert "Rescuers were still searching the rubble." in first.locator(".report-text").inner_text()
    assert "Monitor Post" in first.locator("header").inner_text()
    assert "Syrian Observatory for Human Rights" in first.locator("header").inner_text()
    assert page.locator("#killed").inner_text() == "25 (12–40)"
    assert page.locator("#figures tr").count() == 4
    assert page.errors == [] and page.outside == []
    page.screenshot(path=str(artifacts / "incident.png"), full_page=True)


def test_malicious_report_is_inert(page, server):
    page.goto(server.url + "/incidents/6")
    page.wait_for_selector("body[data-ready]")
    text = page.locator(".report-text").inner_text()
    assert XSS in text  # shown as text, letter for letter
    assert page.evaluate("window.__pwned") is None
    assert page.locator(".report-text script, .report-text img, main img, main script").count() == 0
    assert XSS in page.locator("#incident-fields").inner_text()  # the actor name too
    assert "Evil Gazette <b>bold</b>" in page.locator("article.claim header").inner_text()
    assert page.locator("article.claim b").count() == 0
    # the report's javascript: URL is not a link
    assert page.locator("h3.doc-title").inner_text().startswith("Aleppo <script>")
    assert page.locator("h3.doc-title a").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    # and on the dashboard, where its actor is listed
    open_dashboard(page, server)
    assert XSS in page.locator("#incident-list").inner_text()
    page.locator("#map path.incident-marker").last.hover()
    assert page.evaluate("window.__pwned") is None and page.dialogs == []
    assert not [e for e in page.errors if "pwned" in e]


def test_no_inline_script_runs(page, server):
    """The CSP forbids inline scripts: one injected into the page is refused by the browser."""
    open_dashboard(page, server)
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.__inline = 1';
                     document.body.appendChild(s); }""")
    assert page.evaluate("window.__inline") is None
    assert any("Content Security Policy" in e for e in page.errors)


def test_review_actions_for_signed_in_users(page, fresh_server, web_template):
    secrets = web_template[1]
    page.goto(fresh_server.url + "/incidents/3")
    page.wait_for_selector("body[data-ready]")
    assert page.locator("#review-panel").is_hidden()
    page.fill("#token-input", secrets["reviewer"])
    page.click("#signin button")
    page.wait_for_selector("#review-panel", state="visible")
    assert page.locator("#whoami").inner_text() == "reviewer-tester (reviewer)"
    page.fill("#review-reason", "not a real clash")
    page.click("#reject")
    page.wait_for_selector("#audit li[data-action]")
    assert re.search(r"reject by reviewer-tester .*not a real clash", page.locator("#audit").inner_text())
    assert "rejected" in page.locator("#incident-title").inner_text()
    # the cookie session is HttpOnly: page scripts cannot read the token
    assert "sitrep_session" not in page.evaluate("document.cookie")
    page.locator("#audit button.undo").click()
    page.wait_for_function("() => document.querySelectorAll('#audit li[data-action]').length === 2")
    assert "rejected" not in page.locator("#incident-title").inner_text()
    page.click("#signout")
    page.wait_for_selector("#review-panel", state="hidden")
    assert page.errors == []


def test_reader_token_sees_no_review_controls(page, fresh_server, web_template):
    page.goto(fresh_server.url + "/incidents/3")
    page.wait_for_selector("body[data-ready]")
    page.fill("#token-input", web_template[1]["reader"])
    page.click("#signin button")
    page.wait_for_selector("#whoami", state="visible")
    assert page.locator("#review-panel").is_hidden()


@pytest.fixture
def closed_server(web_template, tmp_path, browser):
    from web.conftest import Server

    s = Server(data.copy(web_template[0], tmp_path / "sitrep.db"), read_open=False)
    yield s
    s.stop()


def test_closed_reading_asks_to_sign_in(page, closed_server, web_template):
    page.goto(closed_server.url + "/")
    page.wait_for_selector("#notice:not([hidden])")
    assert "Sign in" in page.locator("#notice").inner_text()
    assert page.locator("#incident-list tr[data-id]").count() == 0
    page.fill("#token-input", web_template[1]["reader"])
    page.click("#signin button")
    wait_rows(page, 6)
    assert page.locator("#map path.incident-marker").count() == 6


def test_incident_page_leads_back_to_the_same_filters(page, server):
    open_dashboard(page, server, "?country=SY")
    wait_rows(page, 2)
    page.locator("#incident-list tr[data-id] a").first.click()
    page.wait_for_selector("body[data-ready]")
    assert re.search(r"/incidents/\d+", page.url)
    page.click("#back")
    wait_rows(page, 2)
    assert page.locator("select[name=country]").input_value() == "SY"


def test_reviewer_merges_from_the_list(page, fresh_server, web_template):
    open_dashboard(page, fresh_server)
    wait_rows(page, 6)
    assert page.locator("#merge-selected").is_hidden()
    page.fill("#token-input", web_template[1]["reviewer"])
    page.click("#signin button")
    page.wait_for_selector("#merge-selected", state="visible")
    page.locator("#incident-list tr[data-id] input[type=checkbox]").nth(0).check()
    page.locator("#incident-list tr[data-id] input[type=checkbox]").nth(1).check()
    page.click("#merge-selected")
    wait_rows(page, 5)
    assert "Merged into incident" in page.locator("#notice").inner_text()
    assert page.errors == []
