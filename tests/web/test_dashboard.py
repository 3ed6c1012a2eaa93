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


def shown(page) -> int:
    """Incidents on the map: single markers plus the incidents inside cluster icons."""
    count = """() => document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim') ? -1
                     : [...document.querySelectorAll('#map .incident-cluster')].reduce((n, c) => n + Number(c.textContent), 0)
                       + document.querySelectorAll('#map path.incident-marker').length"""
    # zooms and cluster animations hold markers of both zoom levels for a while: count once still
    seen: list[int] = []
    for _ in range(60):
        page.wait_for_timeout(150)
        seen.append(page.evaluate(count))
        if len(seen) >= 3 and seen[-1] == seen[-2] == seen[-3] != -1:
            break
    return seen[-1]


def test_markers_on_the_map(page, server, artifacts):
    open_dashboard(page, server)
    assert shown(page) == 6
    assert page.locator("#map").get_attribute("data-markers") == "6"
    markers = page.locator("#map path.incident-marker")
    # sized by killed: Kabul (30 killed) is drawn larger than Maiduguri (8)
    page.wait_for_function("() => document.querySelectorAll('.leaflet-pane path').length > 100")  # countries drawn
    sizes = sorted(b["width"] for b in (markers.nth(i).bounding_box() for i in range(markers.count())))
    assert sizes[-1] > 1.5 * sizes[0]
    fills = {markers.nth(i).get_attribute("fill") for i in range(markers.count())}
    assert {"#D55E00", "#CC79A7", "#0072B2"} <= fills  # colored by type
    page.locator("#map path.incident-marker[fill='#E69F00']").first.click()  # Kabul
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
    assert shown(page) == 2
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
    assert shown(page) == 2
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
    page.locator("#map .incident-cluster").first.click()  # Aleppo and Saraqib: zoom in on them
    page.wait_for_function("() => document.querySelectorAll('#map .incident-cluster').length === 0")
    page.locator("#map path.incident-marker[fill='#E69F00']").last.hover()
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
    assert shown(page) == 6


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


def test_nearby_incidents_cluster_until_zoomed_in(page, server, artifacts):
    open_dashboard(page, server)
    cluster = page.locator("#map .incident-cluster")
    # Saraqib and Aleppo, 50 km apart, are one cluster of 2 at the world view
    assert cluster.count() == 1 and cluster.inner_text() == "2"
    assert "2 incidents, 28 killed" in cluster.locator(".cluster-inner").get_attribute("title")
    before = page.locator("#map path.incident-marker").count()
    cluster.click()  # zooms to its incidents
    page.wait_for_function("() => document.querySelectorAll('#map .incident-cluster').length === 0")
    page.wait_for_function("n => document.querySelectorAll('#map path.incident-marker').length >= n", arg=before - 2)
    assert page.locator("#map path.incident-marker[fill='#E69F00']").count() == 2  # both Syrian strikes, apart
    page.screenshot(path=str(artifacts / "dashboard-zoomed.png"))
    assert page.errors == [] and page.outside == []


def _box(page, day: str) -> dict:
    """Where a day's bar is (the timeline may be redrawn under us: ask again until it holds still)."""
    for _ in range(50):
        box = page.locator(f'#timeline g.day[data-date="{day}"] rect.hit').bounding_box(timeout=5000)
        if box is not None:
            return box
        page.wait_for_timeout(100)
    raise AssertionError(f"no bar for {day}")


def _drag(page, start: str, end: str):
    page.wait_for_function("() => !document.body.classList.contains('loading')")
    a, b = _box(page, start), _box(page, end)
    page.mouse.move(a["x"] + a["width"] / 2, a["y"] + 20)
    page.mouse.down()
    page.mouse.move(a["x"] + a["width"], a["y"] + 20, steps=3)
    page.mouse.move(b["x"] + b["width"] / 2, b["y"] + 20, steps=5)
    page.mouse.up()


def test_brushed_time_range_filters_list_and_map(page, server, artifacts):
    open_dashboard(page, server)
    wait_rows(page, 6)
    _drag(page, "2019-04-30", "2019-05-01")
    wait_rows(page, 2)  # Aleppo (30 April) and Saraqib (1 May)
    dates = page.locator("#incident-list tr td:nth-child(2)").all_inner_texts()
    assert sorted(dates) == ["2019-04-30", "2019-05-01"]
    assert "since=2019-04-30" in page.url and "until=2019-05-01" in page.url
    assert shown(page) == 2
    # the timeline keeps every day, the range shaded and the rest dimmed, so the range can be moved
    assert page.locator("#timeline").get_attribute("data-days") == "5"
    assert page.locator("#timeline rect.brush").count() == 1
    assert page.locator("#timeline g.day.outside-range").count() == 3
    page.screenshot(path=str(artifacts / "dashboard-brushed.png"), full_page=True)
    _drag(page, "2019-05-03", "2019-05-02")  # dragged right to left
    wait_rows(page, 3)
    assert page.locator("input[name=since]").input_value() == "2019-05-02"
    assert page.locator("input[name=until]").input_value() == "2019-05-03"
    page.click("#clear-range")
    wait_rows(page, 6)
    assert page.locator("#timeline rect.brush").count() == 0 and page.locator("#clear-range").is_hidden()
    assert page.errors == []


def test_timeline_log_axis(page, server):
    open_dashboard(page, server)
    bar = lambda d: page.locator(f'#timeline g.day[data-date="{d}"] rect.bar')  # noqa: E731
    high = lambda d: sum(bar(d).nth(i).bounding_box()["height"] for i in range(bar(d).count()))  # noqa: E731
    # log scale (default): 3 killed on 30 April is far more than a tenth of the 30 killed on 3 May
    assert high("2019-04-30") > 0.3 * high("2019-05-03")
    assert "10" in page.locator("#timeline text.tick").all_text_contents()
    page.uncheck("#log-scale")
    page.wait_for_function("() => !document.querySelector('#timeline text.tick') || true")
    assert high("2019-04-30") < 0.15 * high("2019-05-03")


def test_killed_by_type_and_by_actor(page, server):
    open_dashboard(page, server)
    types = page.locator("#chart-types g.row")
    assert [types.nth(i).get_attribute("data-name") for i in range(types.count())] == [
        "Explosions/Remote violence", "Violence against civilians", "Battles"]  # fmt: skip
    assert "58 (3)" in page.locator("#chart-types").text_content()  # 25 + 30 + 3 killed in three incidents
    actors = page.locator("#chart-actors g.row")
    assert actors.first.get_attribute("data-name") == "Islamic State (Afghanistan)"
    assert actors.count() == 5
    actors.first.click()
    wait_rows(page, 1)
    assert page.locator("input[name=actor]").input_value() == "Islamic State (Afghanistan)"
    assert page.errors == []


def test_incident_sources_are_named_and_linked(page, server):
    page.goto(server.url + "/incidents/1")
    page.wait_for_selector("body[data-ready]")
    fields = page.locator("#incident-fields").inner_text()
    assert "report " not in fields and "unknown outlet" not in fields
    link = page.locator("#incident-fields a.source", has_text="Syrian Observatory for Human Rights")
    assert link.get_attribute("href") == "https://monitorpost.example/a/1"  # the report that cites it
    outlet = page.locator("article.claim header a.outlet").first
    assert outlet.inner_text() == "Monitor Post" and outlet.get_attribute("href") == "https://monitorpost.example/a/1"
    assert page.errors == []
