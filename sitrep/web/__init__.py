"""The web dashboard: two server-rendered page shells (Jinja2, autoescaped) and static scripts.

No front-end build: Leaflet, leaflet.markercluster, topojson-client and Natural Earth countries
(world-atlas) are vendored in static/vendor/.  Pages fetch JSON from the API and render report text only as DOM text nodes.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from sitrep import __version__
from sitrep.config import Settings
from sitrep.taxonomy import EVENT_TYPES

HERE = Path(__file__).parent
STATIC = HERE / "static"

# One color per ACLED event type (colorblind-safe Okabe-Ito palette), shared by map and timeline.
TYPE_COLORS = {
    "Battles": "#D55E00",
    "Explosions/Remote violence": "#E69F00",
    "Violence against civilians": "#CC79A7",
    "Protests": "#0072B2",
    "Riots": "#56B4E9",
    "Strategic developments": "#009E73",
}
assert set(TYPE_COLORS) == set(EVENT_TYPES)


def mount(app: FastAPI, settings: Settings) -> None:
    templates = Jinja2Templates(directory=str(HERE / "templates"))  # .html: autoescape on
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    context = {"version": __version__, "tile_url": settings.tile_url or "", "type_colors": TYPE_COLORS}

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def dashboard(request: Request):
        return templates.TemplateResponse(request, "dashboard.html", {**context, "page": "dashboard"})

    @app.get("/incidents/{incident_id}", response_class=HTMLResponse, include_in_schema=False)
    def incident_page(request: Request, incident_id: int):
        if incident_id < 1:
            raise HTTPException(status_code=404)
        return templates.TemplateResponse(
            request, "incident.html", {**context, "page": "incident", "incident_id": incident_id}
        )
