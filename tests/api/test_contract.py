"""The API contract: /openapi.json is a valid OpenAPI document, every 2xx response has a schema, every
documented error is a problem detail, and schemathesis finds no answer that breaks the schema (a
bounded run over every operation, read and write, with an admin token)."""

from __future__ import annotations

import itertools

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from api import data
from sitrep.api import create_app
from sitrep.config import Settings

EXAMPLES = 15  # valid and 15 invalid requests per operation: about a minute on 2 cores


def _app(template, tmp_path_factory):
    db = data.copy(template[0], tmp_path_factory.mktemp("contract") / "sitrep.db")
    application = create_app(Settings(db=str(db)))
    yield application
    application.state.store.close()


@pytest.fixture(scope="module")
def app(template, tmp_path_factory):
    """For the tests that only read (or are refused)."""
    yield from _app(template, tmp_path_factory)


@pytest.fixture(scope="module")
def fuzzed_app(template, tmp_path_factory):
    """For schemathesis, whose requests merge, split, edit and reject."""
    yield from _app(template, tmp_path_factory)


def _consistent(case) -> bool:
    """since > until is refused (422) by a rule across two parameters that OpenAPI cannot state."""
    q = case.query or {}
    return not (q.get("since") and q.get("until") and str(q["since"]) > str(q["until"]))


def test_schemathesis_finds_no_broken_response(fuzzed_app, template):
    """Every operation, EXAMPLES valid and EXAMPLES invalid requests each (schemathesis' pytest plugin
    does not run on this pytest, so the operations are looped here); the failures of all operations
    are reported.  Invalid requests must get a documented 4xx whose body is a problem detail."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzzed_app)
    headers = {"Authorization": f"Bearer {template[1]['admin']}"}
    failures = []
    for result, mode in itertools.product(schema.get_all_operations(), GenerationMode):
        op = result.ok()

        @given(case=op.as_strategy(generation_mode=mode).filter(_consistent))
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def run(case):
            case.call_and_validate(headers=headers)

        try:
            run()
        except Unsatisfiable:  # nothing to make invalid (an operation without parameters)
            continue
        except (Exception, BaseExceptionGroup) as e:  # noqa: BLE001 - collected, so one run reports every broken operation
            failures.append(f"{op.method.upper()} {op.path} ({mode.value}): {str(e)[:1500]}")
    assert not failures, "\n\n".join(failures)


@pytest.fixture(scope="module")
def sql_client(template, tmp_path_factory):
    from fastapi.testclient import TestClient

    db = data.copy(template[0], tmp_path_factory.mktemp("contract-sql") / "sitrep.db")
    application = create_app(Settings(db=str(db), api_index_max=0))
    with TestClient(application) as c:
        yield c
    application.state.store.close()


@pytest.fixture
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


def test_spec_is_valid_openapi_with_typed_success_and_problem_errors(client):
    from openapi_spec_validator import validate

    spec = client.get("/openapi.json").json()
    validate(spec)
    assert set(spec["components"]["securitySchemes"]) == {"bearer", "session"}
    assert spec["components"]["securitySchemes"]["bearer"] == {
        "type": "http", "scheme": "bearer", "description": "a token from `sitrep token create`"}  # fmt: skip
    for path, ops in spec["paths"].items():
        assert path.startswith("/api/v1/")
        for method, op in ops.items():
            where = f"{method.upper()} {path}"
            for status, resp in op["responses"].items():
                content = resp.get("content", {})
                if status.startswith("2"):
                    assert content, where
                    for media, body in content.items():
                        schema = body.get("schema", {})
                        assert schema.get("$ref") or schema.get("type") in ("string", "object"), (where, media)
                        assert schema.get("additionalProperties") is not True, where
                else:
                    assert list(content) == ["application/problem+json"], (where, status)
            if not path.endswith(("/session", "/health")):  # sign-in takes its token in the body
                assert "security" in op, where
    exports = spec["paths"]["/api/v1/export"]["get"]["responses"]["200"]["content"]
    assert set(exports) == {"text/csv", "application/geo+json"}
    for schema in spec["components"]["schemas"].values():
        assert schema.get("additionalProperties") is not True


@pytest.mark.parametrize(
    "method, path, body, status",
    [
        ("get", "/api/v1/incidents/999", None, 404),
        ("get", "/api/v1/incidents?since=2019-13-45", None, 422),
        ("get", "/api/v1/tokens", None, 401),
        ("post", "/api/v1/incidents/1/split", {"claim_ids": [1, 2, 3]}, 409),
    ],
)
def test_errors_are_problem_details(client, template, method, path, body, status):
    headers = {"Authorization": f"Bearer {template[1]['reviewer']}"} if status == 409 else {}
    r = client.request(method, path, json=body, headers=headers)
    assert r.status_code == status and r.headers["content-type"] == "application/problem+json"
    p = r.json()
    assert set(p) <= {"type", "title", "status", "detail", "instance", "errors"}
    assert p["status"] == status and p["type"] == "about:blank" and p["title"] and isinstance(p["detail"], str)
    assert p["instance"] == path.split("?")[0]


def test_forbidden_is_a_problem_detail(client, template):
    r = client.get("/api/v1/tokens", headers={"Authorization": f"Bearer {template[1]['reader']}"})
    assert r.status_code == 403 and r.headers["content-type"] == "application/problem+json"
    assert "admin" in r.json()["detail"]


def test_validation_problem_names_each_field(client):
    r = client.get("/api/v1/incidents", params={"limit": 0, "sort": "name"})
    p = r.json()
    assert r.status_code == 422 and {tuple(e["loc"]) for e in p["errors"]} == {("query", "limit"), ("query", "sort")}


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("get", "/api/v1/incidents/99999999999999999999", None),
        ("get", "/api/v1/incidents?offset=99999999999999999999", None),
        ("get", "/api/v1/incidents?min_killed=99999999999999999999", None),
        ("get", "/api/v1/documents/99999999999999999999", None),
        ("get", "/api/v1/actions?incident=99999999999999999999", None),
        ("post", "/api/v1/incidents/merge", {"ids": [1, 99999999999999999999]}),
        ("post", "/api/v1/incidents/1/split", {"claim_ids": [99999999999999999999]}),
        ("post", "/api/v1/actions/99999999999999999999/undo", {}),
        ("post", "/api/v1/incidents/1/edit", {"changes": {"killed_best": 99999999999999999999}}),
        ("delete", "/api/v1/tokens/99999999999999999999", None),
    ],
)
def test_numbers_beyond_int64_are_422_not_500(client, template, method, path, body):
    r = client.request(method, path, json=body, headers={"Authorization": f"Bearer {template[1]['admin']}"})
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json", r.text


@pytest.mark.parametrize("q", ['"', "\x00", 'a"b', "NEAR(", "*", "  "])
@pytest.mark.parametrize("path", ["incidents", "points", "stats", "documents", "export"])
def test_search_strings_never_break(client, sql_client, path, q):
    """On the index path and the SQL path."""
    r = client.get(f"/api/v1/{path}", params={"q": q})
    assert r.status_code == 200, r.text
    r = sql_client.get(f"/api/v1/{path}", params={"q": q})
    assert r.status_code == 200, r.text
    if path == "export":
        assert r.text.startswith("event_id_cnty,") and r.text.endswith("\n")  # a whole file, not cut short


def test_export_content_types(client):
    csv_ = client.get("/api/v1/export", params={"format": "ucdp-csv"})
    assert csv_.headers["content-type"] == "text/csv; charset=utf-8"
    gj = client.get("/api/v1/export", params={"format": "geojson"})
    assert gj.headers["content-type"] == "application/geo+json" and gj.json()["type"] == "FeatureCollection"


def test_old_paths_redirect_with_method_and_query(client, template):
    r = client.get("/api/incidents?country=SY&limit=1", follow_redirects=False)
    assert r.status_code == 308 and r.headers["location"] == "/api/v1/incidents?country=SY&limit=1"
    r = client.post("/api/incidents/merge", json={"ids": [1]}, follow_redirects=False)
    assert r.status_code == 308 and r.headers["location"] == "/api/v1/incidents/merge"
    assert client.get("/api/v1/nothing").status_code == 404


def test_etag_and_if_none_match(client):
    r = client.get("/api/v1/incidents", params={"country": "SY"})
    tag = r.headers["etag"]
    assert tag.startswith('W/"')
    again = client.get("/api/v1/incidents", params={"country": "SY"}, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
    other = client.get("/api/v1/incidents", params={"country": "AF"}, headers={"If-None-Match": tag})
    assert other.status_code == 200 and other.headers["etag"] != tag


def test_gzip(client):
    r = client.get("/api/v1/incidents", params={"limit": 1000}, headers={"Accept-Encoding": "gzip"})
    raw = client.get("/api/v1/incidents", params={"limit": 1000}, headers={"Accept-Encoding": "identity"})
    assert r.headers["content-encoding"] == "gzip" and r.json() == raw.json() and len(raw.json()["items"]) == 6
    assert "content-encoding" not in raw.headers


def test_request_body_limit(client, template):
    h = {"Authorization": f"Bearer {template[1]['reviewer']}", "Content-Type": "application/json"}
    r = client.post("/api/v1/incidents/1/reject", content=b'{"reason": "' + b"x" * 2_000_000 + b'"}', headers=h)
    assert r.status_code == 413 and r.headers["content-type"] == "application/problem+json"


def test_docs_page_uses_vendored_assets_only(client):
    page = client.get("/docs").text
    assert "/docs/assets/swagger-ui-bundle.js" in page and "http" not in page.replace("http-equiv", "")
    assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200
    assert "<script>" not in page  # no inline script: the CSP stays script-src 'self'


def test_incremental_sync_follows_next_links(fresh_client_v1, template):
    """Page through everything changed since T (sort=updated, 2 a page) by the `next` links; after a
    change, a sync from the last cursor returns exactly the changed incident."""
    client = fresh_client_v1
    url, seen, pages = "/api/v1/incidents?sort=updated&limit=2&updated_since=2000-01-01T00:00:00Z", [], 0
    while url:
        r = client.get(url)
        body = r.json()
        seen += body["items"]
        url = body["next"]
        assert (r.headers.get("link") is not None) == (url is not None)
        pages += 1
    assert pages == 3 and sorted(i["id"] for i in seen) == sorted(i["id"] for i in client.get("/api/v1/incidents").json()["items"])
    stamps = [(i["updated_at"], i["id"]) for i in seen]
    assert stamps == sorted(stamps)
    last_time, last_id = stamps[-1]
    h = {"Authorization": f"Bearer {template[1]['reviewer']}"}
    changed = seen[0]["id"]
    assert client.post(f"/api/v1/incidents/{changed}/edit", json={"changes": {"killed_best": 9}}, headers=h).status_code == 200
    r = client.get("/api/v1/incidents", params={"sort": "updated", "updated_since": last_time, "after_id": last_id})
    assert [i["id"] for i in r.json()["items"]] == [changed] and r.json()["next"] is None


@pytest.fixture
def fresh_client_v1(template, tmp_path):
    from fastapi.testclient import TestClient

    application = create_app(Settings(db=str(data.copy(template[0], tmp_path / "sitrep.db"))))
    with TestClient(application) as c:
        yield c
    application.state.store.close()
