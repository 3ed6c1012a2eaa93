"""Review actions, tokens and sessions: no token 401, wrong role 403, CSRF for cookie sessions, closed reading."""

from __future__ import annotations

import json
import sqlite3

import pytest

from sitrep.api import tokens
from sitrep.cli import main


def incident_at(client, place: str) -> dict:
    return next(i for i in client.get("/api/v1/incidents", params={"status": "all"}).json()["items"] if i["location"]["name"] == place)


# every write endpoint, with a body it accepts
WRITES = [
    ("post", "/api/v1/incidents/merge", {"ids": [3, 4]}),
    ("post", "/api/v1/incidents/1/split", {"claim_ids": [1]}),
    ("post", "/api/v1/incidents/1/edit", {"changes": {"killed_best": 20}}),
    ("post", "/api/v1/incidents/1/reject", {}),
    ("post", "/api/v1/actions/1/undo", {}),
]
ADMIN = [
    ("get", "/api/v1/tokens", None),
    ("post", "/api/v1/tokens", {"name": "x", "role": "reader"}),
    ("delete", "/api/v1/tokens/1", None),
]


@pytest.mark.parametrize("method, path, body", WRITES + ADMIN)
def test_no_token_is_401(client, method, path, body):
    r = client.request(method, path, json=body)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("method, path, body", WRITES + ADMIN)
def test_bad_tokens_are_401(client, secrets, method, path, body):
    for header in (f"Bearer {secrets['revoked']}", "Bearer sitrep_nonsense", "Basic abc", "Bearer "):
        assert client.request(method, path, json=body, headers={"Authorization": header}).status_code == 401


@pytest.mark.parametrize("method, path, body", WRITES)
def test_reader_cannot_review_403(client, auth, method, path, body):
    r = client.request(method, path, json=body, headers=auth["reader"])
    assert r.status_code == 403 and "reviewer" in r.json()["detail"]


@pytest.mark.parametrize("method, path, body", ADMIN)
def test_reviewer_cannot_manage_tokens_403(client, auth, method, path, body):
    assert client.request(method, path, json=body, headers=auth["reviewer"]).status_code == 403


def test_merge_split_edit_reject_undo(client, auth):
    h = auth["reviewer"]
    mog, khar = incident_at(client, "Mogadishu")["id"], incident_at(client, "Khartoum")["id"]
    r = client.post("/api/v1/incidents/merge", json={"ids": [khar, mog], "reason": "same day"}, headers=h)
    assert r.status_code == 200, r.text
    into, merge_action = r.json()["incident"], r.json()["action"]
    assert into == min(mog, khar)
    merged = client.get(f"/api/v1/incidents/{into}").json()
    assert len(merged["claims"]) == 2 and merged["locked"]
    assert merged["audit"][-1] | {"at": None} == {
        "id": merge_action, "action": "merge", "who": "reviewer-tester", "at": None, "why": "same day",
        "incident_ids": sorted([mog, khar]), "params": {"into": into}, "undone_by": None,
    }  # fmt: skip
    assert client.get("/api/v1/incidents", params={"status": "merged"}).json()["total"] == 1

    claim = merged["claims"][1]["id"]
    r = client.post(f"/api/v1/incidents/{into}/split", json={"claim_ids": [claim], "reason": "two events"}, headers=h)
    assert r.status_code == 200, r.text
    new = r.json()["new_incident"]
    assert [c["id"] for c in client.get(f"/api/v1/incidents/{new}").json()["claims"]] == [claim]

    saraqib = incident_at(client, "Saraqib")["id"]
    r = client.post(f"/api/v1/incidents/{saraqib}/edit", json={"changes": {"killed_best": 20}, "reason": "checked"}, headers=h)
    assert r.status_code == 200
    edit_action = r.json()["action"]
    assert client.get(f"/api/v1/incidents/{saraqib}").json()["fatalities"]["best"] == 20
    assert "Saraqib" in {i["location"]["name"] for i in client.get("/api/v1/incidents", params={"min_killed": 20}).json()["items"]}

    r = client.post(f"/api/v1/actions/{edit_action}/undo", json={"reason": "oops"}, headers=h)
    assert r.status_code == 200 and r.json()["undone"] == edit_action
    assert client.get(f"/api/v1/incidents/{saraqib}").json()["fatalities"]["best"] == 25
    # undoing twice is a conflict, not a crash
    assert client.post(f"/api/v1/actions/{edit_action}/undo", json={}, headers=h).status_code == 409

    r = client.post(f"/api/v1/incidents/{saraqib}/reject", headers=h)  # no body: no reason
    assert r.status_code == 200
    assert incident_at(client, "Saraqib")["status"] == "rejected"
    log = client.get("/api/v1/actions").json()["items"]
    assert [a["action"] for a in log] == ["merge", "split", "edit", "undo", "reject"]
    assert {a["who"] for a in log} == {"reviewer-tester"}
    assert [a["action"] for a in client.get("/api/v1/actions", params={"incident": saraqib}).json()["items"]] == ["edit", "undo", "reject"]


@pytest.mark.parametrize(
    "path, body, status",
    [
        ("/api/v1/incidents/999/reject", {}, 404),
        ("/api/v1/incidents/merge", {"ids": [1]}, 422),  # needs two
        ("/api/v1/incidents/merge", {"ids": [1, 999]}, 404),
        ("/api/v1/incidents/1/split", {"claim_ids": [1, 2, 3]}, 409),  # would leave nothing
        ("/api/v1/incidents/1/split", {"claim_ids": [999]}, 404),  # unknown claims (docs/api.md); was 409
        ("/api/v1/incidents/1/edit", {"changes": {"status": "gone"}}, 409),  # not editable
        ("/api/v1/actions/999/undo", {}, 404),
        ("/api/v1/incidents/1/edit", {"nothing": 1}, 422),
    ],
)
def test_review_errors(client, auth, path, body, status):
    r = client.post(path, json=body, headers=auth["reviewer"])
    assert r.status_code == status, r.text
    assert r.json()["detail"]


def test_admin_manages_tokens(client, auth):
    r = client.post("/api/v1/tokens", json={"name": "analyst", "role": "reviewer"}, headers=auth["admin"])
    assert r.status_code == 200
    new = r.json()
    assert new["token"].startswith("sitrep_")
    listed = client.get("/api/v1/tokens", headers=auth["admin"]).json()["items"]
    assert any(t["id"] == new["id"] and t["name"] == "analyst" for t in listed)
    assert all("token" not in t and "token_hash" not in t for t in listed)
    h = {"Authorization": f"Bearer {new['token']}"}
    assert client.post("/api/v1/incidents/1/edit", json={"changes": {"grade": "fair"}}, headers=h).status_code == 200
    assert client.delete(f"/api/v1/tokens/{new['id']}", headers=auth["admin"]).status_code == 200
    assert client.post("/api/v1/incidents/1/edit", json={"changes": {"grade": "weak"}}, headers=h).status_code == 401
    assert client.delete(f"/api/v1/tokens/{new['id']}", headers=auth["admin"]).status_code == 404
    assert client.post("/api/v1/tokens", json={"name": "x", "role": "god"}, headers=auth["admin"]).status_code == 422


def test_admin_can_review(client, auth):
    assert client.post("/api/v1/incidents/1/reject", json={}, headers=auth["admin"]).status_code == 200


def test_tokens_are_stored_hashed(client, secrets, db_path):
    client.app.state.store.close()
    raw = db_path.read_bytes()
    wal = db_path.with_name(db_path.name + "-wal")
    raw += wal.read_bytes() if wal.exists() else b""
    for s in secrets.values():
        assert s.encode() not in raw
        assert tokens.hash_token(s).encode() in raw
    with sqlite3.connect(db_path) as conn:
        cols = [r[1] for r in conn.execute("PRAGMA table_info(api_tokens)")]
    assert "token_hash" in cols and "token" not in cols


# ---- reading closed ------------------------------------------------------------------------------

READS = ["/api/v1/incidents", "/api/v1/incidents/1", "/api/v1/points", "/api/v1/stats", "/api/v1/facets", "/api/v1/documents",
         "/api/v1/documents/1", "/api/v1/sources", "/api/v1/export", "/api/v1/actions"]  # fmt: skip


@pytest.mark.parametrize("path", READS)
def test_closed_reading_needs_a_token(closed_client, auth, path):
    assert closed_client.get(path).status_code == 401
    assert closed_client.get(path, headers=auth["reader"]).status_code == 200


@pytest.mark.parametrize("path", READS)
def test_open_reading_needs_none(client, path):
    assert client.get(path).status_code == 200


def test_closed_server_still_serves_the_page_and_static_files(closed_client):
    assert closed_client.get("/").status_code == 200
    assert closed_client.get("/static/common.js").status_code == 200
    assert closed_client.get("/api/v1/session").json() == {"signed_in": False, "read_open": False}


# ---- browser sessions and CSRF -------------------------------------------------------------------


def sign_in(client, secret: str) -> str:
    r = client.post("/api/v1/session", json={"token": secret})
    assert r.status_code == 200, r.text
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    return r.json()["csrf"]


def test_cookie_session_needs_csrf_token(client, secrets):
    csrf = sign_in(client, secrets["reviewer"])
    assert client.get("/api/v1/session").json()["name"] == "reviewer-tester"
    assert client.post("/api/v1/incidents/1/reject", json={}).status_code == 403  # cookie alone: refused
    assert client.post("/api/v1/incidents/1/reject", json={}, headers={"X-CSRF-Token": "f" * 64}).status_code == 403
    r = client.post("/api/v1/incidents/1/reject", json={}, headers={"X-CSRF-Token": csrf, "Origin": "https://evil.example"})
    assert r.status_code == 403
    r = client.post("/api/v1/incidents/1/reject", json={}, headers={"X-CSRF-Token": csrf, "Origin": "http://testserver"})
    assert r.status_code == 200, r.text
    assert client.get("/api/v1/actions").json()["items"][-1]["who"] == "reviewer-tester"


def test_csrf_token_is_per_token(client, secrets):
    assert sign_in(client, secrets["reviewer"]) != sign_in(client, secrets["admin"])


def test_sign_in_with_a_bad_token(client, secrets):
    assert client.post("/api/v1/session", json={"token": secrets["revoked"]}).status_code == 401
    assert client.post("/api/v1/session", json={"token": "nope"}).status_code == 401
    assert client.get("/api/v1/session").json()["signed_in"] is False


def test_sign_out(client, secrets):
    csrf = sign_in(client, secrets["reviewer"])
    assert client.delete("/api/v1/session").status_code == 403  # needs the CSRF token too
    assert client.delete("/api/v1/session", headers={"X-CSRF-Token": csrf}).status_code == 200
    client.cookies.clear()
    assert client.get("/api/v1/session").json()["signed_in"] is False
    assert client.post("/api/v1/incidents/1/reject", json={}, headers={"X-CSRF-Token": csrf}).status_code == 401


def test_reader_cookie_session_cannot_review(client, secrets):
    csrf = sign_in(client, secrets["reader"])
    assert client.post("/api/v1/incidents/1/reject", json={}, headers={"X-CSRF-Token": csrf}).status_code == 403


def test_closed_reading_with_cookie_session(closed_client, secrets):
    assert closed_client.get("/api/v1/incidents").status_code == 401
    sign_in(closed_client, secrets["reader"])
    assert closed_client.get("/api/v1/incidents").json()["total"] == 6


# ---- headers -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/incidents/1", "/api/v1/incidents", "/static/dashboard.js", "/api/nothing"])
def test_security_headers(client, path):
    h = client.get(path).headers
    csp = h["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert h["x-content-type-options"] == "nosniff"


def test_tile_url_allowed_in_csp(db_path):
    from fastapi.testclient import TestClient

    from sitrep.api import create_app
    from sitrep.config import Settings

    app = create_app(Settings(db=str(db_path), tile_url="https://{s}.tile.example.org/{z}/{x}/{y}.png"))
    with TestClient(app) as c:
        r = c.get("/")
        assert "img-src 'self' data: https://*.tile.example.org" in r.headers["content-security-policy"]
        assert 'data-tile-url="https://{s}.tile.example.org/{z}/{x}/{y}.png"' in r.text
    app.state.store.close()


def test_pages_are_shells_without_report_text(client):
    page = client.get("/incidents/6").text
    assert "<script>window" not in page and "onerror" not in page
    assert 'data-incident-id="6"' in page
    assert client.get("/incidents/0").status_code == 404


# ---- CLI -----------------------------------------------------------------------------------------


def test_cli_token_create_list_revoke(tmp_path, capsys):
    db = str(tmp_path / "cli.db")
    assert main(["token", "create", "--role", "admin", "--name", "ops", "--db", db]) == 0
    secret = capsys.readouterr().out.strip()
    assert secret.startswith("sitrep_")
    assert main(["token", "create", "--role", "reviewer", "--name", "ana", "--db", db, "--format", "json"]) == 0
    capsys.readouterr()
    assert main(["token", "list", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "ops" in out and "ana" in out and secret not in out
    assert main(["token", "revoke", "1", "--db", db]) == 0
    assert main(["token", "revoke", "1", "--db", db]) == 1
    assert main(["token", "list", "--db", db]) == 0
    assert "revoked" in capsys.readouterr().out


def test_cli_serve_parser():
    from sitrep.cli import build_parser

    args = build_parser().parse_args(["serve", "--host", "0.0.0.0", "--port", "9000", "--db", "x.db"])
    assert (args.host, args.port, args.db) == ("0.0.0.0", 9000, "x.db")


@pytest.mark.parametrize(
    "changes",
    [{"killed_best": "many"}, {"killed_best": -1}, {"killed_best": True}, {"date": "May 1"}, {"lat": 123.0},
     {"event_type": "Skirmish"}, {"sub_event_type": "Battles"}, {"grade": "excellent"}, {"country_code": "syr"},
     {"actor1": ""}, {}],
)  # fmt: skip
def test_edit_values_are_checked(client, auth, changes):
    r = client.post("/api/v1/incidents/1/edit", json={"changes": changes}, headers=auth["reviewer"])
    assert r.status_code == 422, r.text
    assert client.get("/api/v1/incidents/1").json()["overrides"] == {}


def test_edit_accepts_valid_values(client, auth):
    changes = {"killed_best": 20, "date": "2019-05-02", "lat": 35.9, "event_type": "Battles", "sub_event_type": "Armed clash",
               "grade": "fair", "country_code": "SY", "actor1": "Rebel group", "killed_high": None}  # fmt: skip
    r = client.post("/api/v1/incidents/1/edit", json={"changes": changes}, headers=auth["reviewer"])
    assert r.status_code == 200, r.text
    inc = client.get("/api/v1/incidents/1").json()
    assert (inc["date"], inc["event_type"], inc["fatalities"]["best"], inc["grade"]) == ("2019-05-02", "Battles", 20, "fair")


def test_sign_in_needs_json_and_same_origin(client, secrets):
    r = client.post("/api/v1/session", content=json.dumps({"token": secrets["reviewer"]}), headers={"Content-Type": "text/plain"})
    assert r.status_code == 422 and "set-cookie" not in r.headers  # a cross-site form cannot sign anyone in
    r = client.post("/api/v1/session", json={"token": secrets["reviewer"]}, headers={"Origin": "https://evil.example"})
    assert r.status_code == 403 and "set-cookie" not in r.headers


def test_page_templates_autoescape(db_path):
    from fastapi.testclient import TestClient

    from sitrep.api import create_app
    from sitrep.config import Settings

    app = create_app(Settings(db=str(db_path), tile_url='https://t.example/{z}/{x}/{y}.png?"><script>alert(1)</script>'))
    with TestClient(app) as c:
        page = c.get("/").text
    app.state.store.close()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
