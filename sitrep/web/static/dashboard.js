/* sitrep dashboard: filters drive the map, the timeline and the list together.  The filter state lives
   in the page's query string, so a filtered view can be bookmarked and shared. */
"use strict";

(() => {
  const { el, clear, color, colors, fmtCount, notice, api } = sitrep;
  const form = document.getElementById("filters");
  const list = document.getElementById("incident-list");
  const summary = document.getElementById("summary");
  const timeline = document.getElementById("timeline");
  const sortSel = document.getElementById("sort");
  const mergeBtn = document.getElementById("merge-selected");
  const PAGE = 50;
  const FIELDS = ["since", "until", "country", "admin1", "type", "sub_type", "actor", "min_killed", "grade", "q"];
  let offset = 0;
  let seq = 0; // only the latest refresh may draw (responses can arrive out of order)
  let facets = null;
  const selected = new Set();
  let lastDaily = null; // redrawn on resize without asking the server again
  let lastStats = null;

  // ---- map -----------------------------------------------------------------------------------
  const map = sitrep.newMap("map", { center: [20, 20], zoom: 2 });
  // The first fit waits for the basemap: a vector layer added in the middle of a zoom animation keeps
  // the clip of the old view (land cut off at the old edge).
  const basemapReady = sitrep.basemap(map);
  const svgRenderer = L.svg({ padding: 0.2 });
  const canvasRenderer = L.canvas({ padding: 0.2 });
  // Nearby incidents merge into one numbered cluster until zoomed in (leaflet.markercluster); at the
  // deepest zoom a cluster's incidents fan out.  One group for the page's life: refreshes swap its markers.
  const markers = L.markerClusterGroup({ iconCreateFunction: clusterIcon, maxClusterRadius: 50,
                                         showCoverageOnHover: false, spiderfyDistanceMultiplier: 1.5 }).addTo(map);

  function radius(killed) { return Math.min(40, 4 + 2.2 * Math.sqrt(killed || 0)); }

  /** A cluster's icon: its incident count, sized by it, ringed in the color of the type with most
      killed; the total killed in its title.  Built as a DOM node (Leaflet would parse a string as HTML). */
  function clusterIcon(cluster) {
    const children = cluster.getAllChildMarkers();
    let killed = 0;
    const byType = {};
    for (const m of children) {
      killed += m.options.killed || 0;
      byType[m.options.type] = (byType[m.options.type] || 0) + (m.options.killed || 0) + 0.001;
    }
    const top = Object.entries(byType).sort((a, b) => b[1] - a[1])[0];
    const n = children.length;
    const size = n < 10 ? 30 : n < 100 ? 38 : n < 1000 ? 46 : 54;
    const node = el("div", { class: "cluster-inner", title: `${n} incidents, ${killed} killed` }, el("span", {}, String(n)));
    node.style.borderColor = color(top ? top[0] : null);
    return L.divIcon({ html: node, className: "incident-cluster", iconSize: L.point(size, size) });
  }

  function drawPoints(points, filtered) {
    markers.clearLayers();
    // Up to a few thousand markers are SVG (each a DOM element: clickable, testable); beyond, canvas is faster.
    const renderer = points.length <= 3000 ? svgRenderer : canvasRenderer;
    const bounds = [];
    const layers = [];
    for (const [id, lat, lon, type, killed, date, place, approx] of points) {
      // approximate: the point is the region's, named with a town the gazetteer lacks: a hollow, dashed ring
      const style = approx
        ? { color: color(type), weight: 1.5, dashArray: "3 3", fillColor: color(type), fillOpacity: 0.12,
            className: "incident-marker approximate" }
        : { color: "#333", weight: 0.6, fillColor: color(type), fillOpacity: 0.75, className: "incident-marker" };
      const m = L.circleMarker([lat, lon], { renderer, radius: radius(killed), killed: killed || 0, type, ...style });
      m.bindPopup(() => el("div", { class: "popup" },
        el("strong", {}, type || "incident"), el("br"),
        `${date || "undated"} · ${place || "unknown place"}`, el("br"),
        approx ? [el("em", {}, "approximate: placed at its region"), el("br")] : "",
        `killed: ${killed ?? "–"}`, el("br"),
        el("a", { href: `/incidents/${id}` }, `incident ${id} ›`)));
      // Leaflet treats string content as HTML: give it a node (place names come from reports).
      m.bindTooltip(() => el("span", {}, `${place || "?"}${approx ? " (approximate)" : ""}, ${date || "undated"}: ${killed ?? "–"} killed`));
      layers.push(m);
      bounds.push([lat, lon]);
    }
    markers.addLayers(layers);
    document.getElementById("map").dataset.markers = String(points.length);
    if (bounds.length && filtered) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 8 });
  }

  function drawLegend() {
    const box = clear(document.getElementById("legend"));
    for (const [type, c] of Object.entries(colors)) {
      const sw = el("span", { class: "swatch" });
      sw.style.background = c;
      box.appendChild(el("span", { class: "legend-item" }, sw, type));
    }
    box.appendChild(el("span", { class: "legend-item muted" }, "marker area ∝ killed"));
    box.appendChild(el("span", { class: "legend-item muted" }, el("span", { class: "swatch approximate" }), "approximate (region's point)"));
  }

  // ---- timeline (SVG built with DOM calls) ---------------------------------------------------
  const NS = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, text) {
    const n = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) n.setAttribute(k, String(v));
    if (text !== undefined) n.textContent = text;
    return n;
  }

  function days(from, to) {
    const out = [];
    const d = new Date(from + "T00:00:00Z");
    const end = new Date(to + "T00:00:00Z");
    while (d <= end && out.length < 5000) { out.push(d.toISOString().slice(0, 10)); d.setUTCDate(d.getUTCDate() + 1); }
    return out;
  }

  const logBox = document.getElementById("log-scale");
  const clearRange = document.getElementById("clear-range");

  /** The daily killed of every date the other filters allow, stacked by type, on a log (or linear) axis
      so one massacre does not flatten every other day; the picked date range is shaded, and dragging
      across days picks a new one. */
  function drawTimeline(daily) {
    clear(timeline);
    const W = timeline.clientWidth || 800, H = 150, padL = 40, padB = 20, padT = 8;
    timeline.setAttribute("viewBox", `0 0 ${W} ${H}`);
    const since = form.elements.since.value, until = form.elements.until.value;
    clearRange.hidden = !since && !until;
    if (!daily.length) {
      timeline.appendChild(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty" }, "no dated incidents"));
      timeline.dataset.days = "0";
      timeline.days = [];
      return;
    }
    const byDay = new Map();
    for (const r of daily) {
      if (!byDay.has(r.date)) byDay.set(r.date, {});
      byDay.get(r.date)[r.event_type] = (byDay.get(r.date)[r.event_type] || 0) + r.killed;
    }
    const all = days(daily[0].date, daily[daily.length - 1].date);
    const totals = all.map((d) => Object.values(byDay.get(d) || {}).reduce((a, b) => a + b, 0));
    const max = Math.max(1, ...totals);
    const log = logBox.checked;
    const frac = (v) => (log ? Math.log10(1 + v) / Math.log10(1 + max) : v / max);
    const bw = (W - padL - 4) / all.length;
    const y = (v) => padT + (H - padT - padB) * (1 - frac(v));
    timeline.appendChild(svg("line", { x1: padL, x2: W, y1: y(0), y2: y(0), class: "axis" }));
    const ticks = log ? [1, 10, 100, 1000, 10000].filter((t) => t < max * 0.8) : [];
    for (const t of [0, ...ticks, max]) {
      if (t) timeline.appendChild(svg("line", { x1: padL, x2: W, y1: y(t), y2: y(t), class: "gridline" }));
      timeline.appendChild(svg("text", { x: padL - 4, y: y(t) + (t ? 4 : 0), "text-anchor": "end", class: "tick" }, String(t)));
    }
    const labels = Math.min(all.length, 6);
    for (let i = 0; i < labels; i++) {
      const k = Math.round((i * (all.length - 1)) / Math.max(1, labels - 1));
      const anchor = labels > 1 && i === 0 ? "start" : labels > 1 && i === labels - 1 ? "end" : "middle";
      const x = anchor === "start" ? padL + k * bw : anchor === "end" ? padL + (k + 1) * bw : padL + (k + 0.5) * bw;
      timeline.appendChild(svg("text", { x, y: H - 4, "text-anchor": anchor, class: "tick" }, all[k]));
    }
    const order = Object.keys(colors);
    all.forEach((d, i) => {
      const stack = byDay.get(d);
      if (!stack) return;
      const outside = (since && d < since) || (until && d > until);
      const g = svg("g", { class: outside ? "day outside-range" : "day", "data-date": d });
      // the day's bar is as high as its total; each type takes its share of that height
      const top = y(totals[i]), height = y(0) - top;
      let acc = 0;
      for (const type of order.concat(Object.keys(stack).filter((t) => !order.includes(t)))) {
        const v = stack[type];
        if (!v) continue;
        const h = height * (v / totals[i]);
        const r = svg("rect", {
          x: padL + i * bw + (bw > 3 ? 0.5 : 0), width: Math.max(1, bw - (bw > 3 ? 1 : 0)),
          y: y(0) - acc - h, height: Math.max(0.5, h), fill: color(type), class: "bar", "data-type": type,
        });
        r.appendChild(svg("title", {}, `${d} · ${type}: ${v} killed`));
        g.appendChild(r);
        acc += h;
      }
      const hit = svg("rect", { x: padL + i * bw, width: Math.max(2, bw), y: padT, height: H - padT - padB, class: "hit" });
      hit.appendChild(svg("title", {}, `${d}: ${totals[i]} killed — click for this day, drag for a range`));
      g.appendChild(hit);
      g.setAttribute("tabindex", "0"); // reachable with the keyboard: Enter filters to the day
      g.setAttribute("role", "button");
      g.setAttribute("aria-label", `${d}: ${totals[i]} killed`);
      g.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); setFilters({ since: d, until: d }); } });
      timeline.appendChild(g);
    });
    timeline.days = all;
    timeline.geometry = { padL, bw, padT, height: H - padT - padB, W };
    if (since || until) {
      const lo = since ? Math.max(0, all.findIndex((d) => d >= since)) : 0;
      let hi = until ? all.findIndex((d) => d > until) - 1 : all.length - 1;
      if (hi < -1) hi = all.length - 1;
      if (hi >= lo && lo < all.length) timeline.appendChild(brushRect(lo, hi, "brush"));
    }
    timeline.dataset.days = String(byDay.size);
  }

  function brushRect(lo, hi, id) {
    const { padL, bw, padT, height } = timeline.geometry;
    return svg("rect", { x: padL + Math.min(lo, hi) * bw, width: Math.max(2, (Math.abs(hi - lo) + 1) * bw), y: padT, height,
      class: "brush", id, "pointer-events": "none" });
  }

  /** The index of the day under a pointer event, clamped to the axis. */
  function dayIndex(ev) {
    const box = timeline.getBoundingClientRect();
    const { padL, bw, W } = timeline.geometry;
    const x = ((ev.clientX - box.left) * W) / box.width;
    return Math.max(0, Math.min(timeline.days.length - 1, Math.floor((x - padL) / bw)));
  }

  // the brush: press on a day, drag, release; a press without a drag picks one day
  let brushFrom = null;
  timeline.addEventListener("pointerdown", (ev) => {
    if (!timeline.days || !timeline.days.length || ev.button !== 0) return;
    brushFrom = dayIndex(ev);
    timeline.setPointerCapture(ev.pointerId);
    ev.preventDefault();
  });
  timeline.addEventListener("pointermove", (ev) => {
    if (brushFrom === null) return;
    const old = document.getElementById("brushing");
    if (old) old.remove();
    timeline.appendChild(brushRect(brushFrom, dayIndex(ev), "brushing"));
  });
  timeline.addEventListener("pointerup", (ev) => {
    if (brushFrom === null) return;
    const to = dayIndex(ev);
    const [lo, hi] = [Math.min(brushFrom, to), Math.max(brushFrom, to)];
    brushFrom = null;
    setFilters({ since: timeline.days[lo], until: timeline.days[hi] });
  });
  timeline.addEventListener("pointercancel", () => { brushFrom = null; });
  logBox.addEventListener("change", () => { if (lastDaily) drawTimeline(lastDaily); });
  clearRange.addEventListener("click", () => setFilters({ since: "", until: "" }));

  /** A horizontal bar chart of killed by `key`; clicking a bar filters to it. */
  function drawBars(node, rows, label, onPick, barColor) {
    clear(node);
    const W = node.clientWidth || 400, row = 20, labelW = Math.min(220, W * 0.45);
    const shown = rows.filter((r) => r.killed > 0).slice(0, 10);
    const H = Math.max(row, shown.length * row) + 4;
    node.setAttribute("viewBox", `0 0 ${W} ${H}`);
    node.setAttribute("height", String(H));
    if (!shown.length) {
      node.appendChild(svg("text", { x: 4, y: 14, class: "label" }, "nobody reported killed"));
      return;
    }
    const max = Math.max(...shown.map((r) => r.killed));
    shown.forEach((r, i) => {
      const name = label(r) || "unknown";
      const g = svg("g", { class: "row", "data-name": name, tabindex: "0", role: "button" });
      g.appendChild(svg("text", { x: labelW - 6, y: i * row + 14, "text-anchor": "end", class: "label" },
        name.length > 34 ? name.slice(0, 33) + "…" : name));
      const w = Math.max(1, (W - labelW - 50) * (r.killed / max));
      g.appendChild(svg("rect", { x: labelW, y: i * row + 4, width: w, height: row - 6, fill: barColor(r) }));
      g.appendChild(svg("text", { x: labelW + w + 4, y: i * row + 14, class: "value" }, `${r.killed} (${r.incidents})`));
      g.appendChild(svg("title", {}, `${name}: ${r.killed} killed in ${r.incidents} incidents`));
      const pick = () => onPick(r);
      g.addEventListener("click", pick);
      g.addEventListener("keydown", (ev) => { if (ev.key === "Enter") pick(); });
      node.appendChild(g);
    });
  }

  function drawCharts(stats) {
    drawBars(document.getElementById("chart-types"), stats.by_type || [], (r) => r.event_type,
      (r) => setFilters({ type: r.event_type || "" }), (r) => color(r.event_type));
    drawBars(document.getElementById("chart-actors"), stats.by_actor || [], (r) => r.actor,
      (r) => setFilters({ actor: r.actor || "" }), () => "#5b6b7b");
  }

  // ---- list ----------------------------------------------------------------------------------
  function drawList(page) {
    clear(list);
    for (const inc of page.items) {
      const loc = inc.location || {};
      const place = [loc.name, loc.admin1, loc.country].filter(Boolean).join(", ");
      const dot = el("span", { class: "dot" });
      dot.style.background = color(inc.event_type);
      const box = el("input", { type: "checkbox", "aria-label": `select incident ${inc.id}`, "data-id": inc.id });
      box.checked = selected.has(inc.id);
      box.addEventListener("change", () => {
        if (box.checked) selected.add(inc.id); else selected.delete(inc.id);
        mergeBtn.disabled = selected.size < 2;
      });
      list.appendChild(el("tr", { "data-id": inc.id },
        el("td", { class: "review-only", hidden: !document.body.classList.contains("can-review") }, box),
        el("td", {}, el("a", { href: `/incidents/${inc.id}${location.search ? "?back=" + encodeURIComponent(location.search) : ""}` }, inc.date || "undated")),
        el("td", {}, dot, inc.event_type || ""),
        el("td", {}, inc.sub_event_type || ""),
        el("td", {}, place || "–"),
        el("td", {}, [inc.actor1, inc.actor2].filter(Boolean).join(" vs ") || "–"),
        el("td", { class: "num" }, fmtCount(inc.fatalities)),
        el("td", {}, el("span", { class: `grade grade-${inc.grade || "none"}` }, inc.grade || "–")),
        el("td", { class: "num" }, String(inc.n_sources))));
    }
    if (!page.items.length) list.appendChild(el("tr", {}, el("td", { colspan: 9, class: "empty" }, "No incidents match these filters.")));
    const last = Math.min(page.offset + page.items.length, page.total);
    document.getElementById("page-info").textContent = page.total ? `${page.offset + 1}–${last} of ${page.total}` : "0 of 0";
    document.getElementById("prev").disabled = page.offset === 0;
    document.getElementById("next").disabled = last >= page.total;
  }

  function drawSummary(stats) {
    clear(summary);
    summary.appendChild(el("span", { class: "big", id: "total-incidents" }, String(stats.incidents)));
    summary.appendChild(document.createTextNode(" incidents · "));
    summary.appendChild(el("span", { class: "big", id: "total-killed" }, String(stats.killed)));
    summary.appendChild(document.createTextNode(" killed (best figures)"));
    const top = stats.by_place.slice(0, 3).map((p) => `${p.admin1 || "?"}, ${p.country || "?"} (${p.killed})`);
    if (top.length) summary.appendChild(el("span", { class: "muted" }, " · most killed in: " + top.join("; ")));
  }

  // ---- filters -------------------------------------------------------------------------------
  function currentParams() {
    const p = new URLSearchParams();
    const data = new FormData(form);
    for (const k of FIELDS) {
      const v = (data.get(k) || "").toString().trim();
      if (v) p.set(k, v);
    }
    return p;
  }

  function setFilters(values) {
    for (const [k, v] of Object.entries(values)) if (form.elements[k]) form.elements[k].value = v;
    offset = 0;
    refresh(true);
  }

  function fillSelect(sel, options) {
    const keep = sel.value;
    while (sel.options.length > 1) sel.remove(1);
    for (const [value, label] of options) sel.appendChild(el("option", { value }, label));
    sel.value = keep;
  }

  function updateSubtypes() {
    if (!facets) return;
    const t = form.elements.type.value;
    const subs = t ? facets.event_types[t] || [] : Object.values(facets.event_types).flat();
    fillSelect(form.elements.sub_type, subs.map((s) => [s, s]));
  }

  async function loadFacets() {
    facets = await api("/api/v1/facets");
    fillSelect(form.elements.country, facets.countries.map((c) => [c.code || c.name, `${c.name} (${c.incidents})`]));
    fillSelect(form.elements.type, Object.keys(facets.event_types).map((t) => [t, t]));
    const dl = clear(document.getElementById("admin1-list"));
    for (const a of facets.admin1) dl.appendChild(el("option", { value: a.name }));
    updateSubtypes();
  }

  function fromUrl() {
    const p = new URLSearchParams(location.search);
    for (const k of FIELDS) if (form.elements[k]) form.elements[k].value = p.get(k) || "";
    if (p.get("sort")) sortSel.value = p.get("sort");
    offset = parseInt(p.get("offset") || "0", 10) || 0;
  }

  async function refresh(refit) {
    const mine = ++seq;
    const params = currentParams();
    const listParams = new URLSearchParams(params);
    listParams.set("limit", PAGE);
    listParams.set("offset", offset);
    listParams.set("sort", sortSel.value);
    const shown = new URLSearchParams(params);
    if (sortSel.value !== "-date") shown.set("sort", sortSel.value);
    if (offset) shown.set("offset", offset);
    history.replaceState(null, "", shown.toString() ? `?${shown}` : location.pathname);
    for (const [id, fmt] of [["export-acled", "acled-csv"], ["export-ucdp", "ucdp-csv"], ["export-geojson", "geojson"]]) {
      const ep = new URLSearchParams(params);
      ep.set("format", fmt);
      document.getElementById(id).setAttribute("href", `/api/v1/export?${ep}`);
    }
    document.body.classList.add("loading");
    try {
      // the timeline shows every date the other filters allow, so a picked range can be widened again
      const context = new URLSearchParams(params);
      context.delete("since");
      context.delete("until");
      const [page, pts, stats, around] = await Promise.all([
        api(`/api/v1/incidents?${listParams}`),
        api(`/api/v1/points?${params}`),
        api(`/api/v1/stats?${params}&places=5`),
        params.has("since") || params.has("until") ? api(`/api/v1/stats?${context}&places=1`) : null,
      ]);
      if (mine !== seq) return;
      drawList(page);
      drawPoints(pts.points, refit);
      lastDaily = (around || stats).daily;
      drawTimeline(lastDaily);
      lastStats = stats;
      drawCharts(stats);
      drawSummary(stats);
      document.body.dataset.ready = String(mine);
      if (document.getElementById("notice").classList.contains("error")) notice(""); // keep "done" messages
    } catch (e) {
      if (mine === seq) notice(e.message, "error");
    } finally {
      if (mine === seq) document.body.classList.remove("loading");
    }
  }

  let timer = null;
  form.addEventListener("submit", (ev) => { ev.preventDefault(); offset = 0; refresh(true); });
  form.addEventListener("change", (ev) => {
    if (ev.target.name === "type") updateSubtypes();
    offset = 0;
    refresh(true);
  });
  form.addEventListener("input", (ev) => {
    if (ev.target.type !== "search" && ev.target.name !== "actor") return;
    clearTimeout(timer);
    timer = setTimeout(() => { offset = 0; refresh(true); }, 400);
  });
  document.getElementById("reset-filters").addEventListener("click", () => {
    form.reset();
    for (const k of FIELDS) form.elements[k].value = "";
    offset = 0;
    refresh(true);
  });
  sortSel.addEventListener("change", () => { offset = 0; refresh(false); });
  document.getElementById("prev").addEventListener("click", () => { offset = Math.max(0, offset - PAGE); refresh(false); });
  document.getElementById("next").addEventListener("click", () => { offset += PAGE; refresh(false); });
  mergeBtn.addEventListener("click", async () => {
    const ids = [...selected];
    if (ids.length < 2) return;
    try {
      const r = await api("/api/v1/incidents/merge", { method: "POST", body: { ids, reason: "merged from the list" } });
      selected.clear();
      notice(`Merged into incident ${r.incident} (action ${r.action}).`, "ok");
      refresh(false);
    } catch (e) { notice(e.message, "error"); }
  });
  sitrep.onSession(async (session) => {
    mergeBtn.disabled = selected.size < 2;
    if (session.signedIn && !facets) { // reading was closed until now
      try { await loadFacets(); fromUrl(); refresh(true); } catch (e) { notice(e.message, "error"); }
    }
  });
  let resizeTimer = null;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { if (lastDaily) drawTimeline(lastDaily); if (lastStats) drawCharts(lastStats); }, 200);
  });

  drawLegend();
  fromUrl();
  sitrep.loadSession().then(async () => {
    try { await loadFacets(); } catch (e) { notice(e.message, "error"); }
    await basemapReady;
    fromUrl(); // facets filled the menus: set them again from the URL
    refresh(true);
  });
})();
