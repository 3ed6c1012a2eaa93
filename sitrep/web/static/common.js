/* sitrep: shared helpers.  Rule: text from reports is only ever set with textContent / createTextNode,
   never innerHTML; attributes are set with setAttribute after checking what they are. */
"use strict";

const sitrep = (() => {
  const body = document.body;
  const colors = JSON.parse(body.dataset.typeColors || "{}");
  const session = { signedIn: false, name: null, role: null, csrf: null };
  const listeners = [];

  /** Build an element: el("td", {class: "num", title: "x"}, "text", childNode, ...).  Strings become text nodes. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "href") node.setAttribute("href", safeHref(v));
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  /** Only http(s) and same-site paths become links (a report's URL could be javascript:...). */
  function safeHref(v) {
    const s = String(v);
    if (s.startsWith("/") && !s.startsWith("//")) return s;
    try {
      const u = new URL(s);
      if (u.protocol === "http:" || u.protocol === "https:") return u.href;
    } catch (_) { /* not a URL */ }
    return "#";
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

  function color(type) { return colors[type] || "#777"; }

  function fmtCount(c) {
    if (!c || (c.best === null && c.low === null && c.high === null)) return "–";
    const best = c.best !== null ? c.best : c.low;
    if (c.low === c.high && c.low === best) return String(best);
    return `${best} (${c.low ?? "?"}–${c.high ?? "?"})`;
  }

  function notice(msg, kind) {
    const n = document.getElementById("notice");
    if (!n) return;
    n.textContent = msg || "";
    n.className = "notice " + (kind || "info");
    n.hidden = !msg;
  }

  class ApiError extends Error {
    constructor(status, detail) { super(detail); this.status = status; }
  }

  /** fetch JSON from the API; writes carry the CSRF token of the cookie session. */
  async function api(path, opts) {
    opts = opts || {};
    const headers = { Accept: "application/json" };
    const init = { method: opts.method || "GET", headers, credentials: "same-origin" };
    if (opts.body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(opts.body);
    }
    if (init.method !== "GET" && session.csrf) headers["X-CSRF-Token"] = session.csrf;
    const res = await fetch(path, init);
    let data = null;
    try { data = await res.json(); } catch (_) { data = null; }
    if (!res.ok) {
      let detail = data && data.detail;
      if (Array.isArray(detail)) detail = detail.map((d) => d.msg).join("; ");
      if (res.status === 401 && !session.signedIn) detail = "Sign in with a token to read this server's data.";
      throw new ApiError(res.status, detail || res.statusText);
    }
    return data;
  }

  function showAccount() {
    const form = document.getElementById("signin");
    const who = document.getElementById("whoami");
    const out = document.getElementById("signout");
    form.hidden = session.signedIn;
    who.hidden = out.hidden = !session.signedIn;
    if (session.signedIn) who.textContent = `${session.name} (${session.role})`;
    const reviewer = session.signedIn && (session.role === "reviewer" || session.role === "admin");
    body.classList.toggle("can-review", reviewer);
    for (const n of document.querySelectorAll(".review-only")) n.hidden = !reviewer;
    for (const f of listeners) f(session);
  }

  async function loadSession() {
    try {
      const s = await api("/api/v1/session");
      Object.assign(session, { signedIn: s.signed_in, name: s.name || null, role: s.role || null, csrf: s.csrf || null });
    } catch (_) { /* stays signed out */ }
    showAccount();
  }

  function setupAccount() {
    const form = document.getElementById("signin");
    const input = document.getElementById("token-input");
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      try {
        const s = await api("/api/v1/session", { method: "POST", body: { token: input.value } });
        input.value = "";
        Object.assign(session, { signedIn: true, name: s.name, role: s.role, csrf: s.csrf });
        notice(`Signed in as ${s.name} (${s.role}).`, "ok");
        showAccount();
      } catch (e) { notice(e.message, "error"); }
    });
    document.getElementById("signout").addEventListener("click", async () => {
      try { await api("/api/v1/session", { method: "DELETE" }); } catch (_) { /* cookie may be stale */ }
      Object.assign(session, { signedIn: false, name: null, role: null, csrf: null });
      notice("Signed out.", "info");
      showAccount();
    });
  }

  /** The basemap: Natural Earth countries drawn from the vendored TopoJSON (works offline), and tiles
      on top when the server has a tile URL configured. */
  async function basemap(map) {
    const tiles = body.dataset.tileUrl;
    map.createPane("countries").style.zIndex = 150;
    try {
      const res = await fetch("/static/vendor/world-atlas/countries-50m.json");
      const topo = await res.json();
      const land = topojson.feature(topo, topo.objects.countries);
      for (const f of land.features) unwrapAntimeridian(f.geometry);
      L.geoJSON(land, {
        pane: "countries",
        interactive: false,
        style: { color: "#ffffff", weight: 0.7, fillColor: "#d9d4c7", fillOpacity: 1 },
      }).addTo(map);
    } catch (e) { notice("The offline basemap could not be loaded.", "error"); }
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 18, attribution: "tiles: " + escapeAttribution(new URL(tiles.replace("{s}", "a")).host) }).addTo(map);
    }
  }

  /** Rings crossing the antimeridian (Fiji, Chukotka) come as -180/180 jumps, which draw as lines
      across the whole world: move their western longitudes past 180 so each ring is contiguous. */
  function unwrapAntimeridian(geom) {
    if (!geom) return;
    const polys = geom.type === "Polygon" ? [geom.coordinates] : geom.type === "MultiPolygon" ? geom.coordinates : [];
    for (const poly of polys) {
      for (const ring of poly) {
        let lo = Infinity, hi = -Infinity;
        for (const [x] of ring) { if (x < lo) lo = x; if (x > hi) hi = x; }
        if (hi - lo > 180) for (const p of ring) if (p[0] < 0) p[0] += 360;
      }
    }
  }

  function escapeAttribution(s) {
    const d = document.createElement("div");
    d.textContent = s;
    return d.innerHTML;  // escaped text of the operator's own setting; Leaflet takes attribution as HTML
  }

  function newMap(id, opts) {
    const map = L.map(id, Object.assign({ worldCopyJump: true, minZoom: 1, maxZoom: 12 }, opts || {}));
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Natural Earth");
    return map;
  }

  setupAccount();
  return {
    el, clear, color, colors, fmtCount, notice, api, ApiError, session, loadSession, safeHref,
    basemap, newMap, onSession: (f) => listeners.push(f),
  };
})();
