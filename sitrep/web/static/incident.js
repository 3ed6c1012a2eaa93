/* sitrep incident page: the incident, each claim with its source and its report's text with the
   evidence highlighted, figures by source, audit history, and review actions for reviewers.
   Report text is split at span offsets into text nodes and <mark> elements: no HTML is ever parsed. */
"use strict";

(() => {
  const { el, clear, color, fmtCount, notice, api } = sitrep;
  const id = parseInt(document.body.dataset.incidentId, 10);
  const EDITABLE = ["event_type", "sub_event_type", "date", "date_precision", "location_name", "admin1", "country",
    "country_code", "lat", "lon", "geo_precision", "actor1", "actor2", "killed_low", "killed_best", "killed_high",
    "injured_low", "injured_best", "injured_high", "grade"];
  const NUMERIC = new Set(["lat", "lon", "geo_precision", "killed_low", "killed_best", "killed_high", "injured_low", "injured_best", "injured_high"]);
  const chosen = new Set();
  let map = null;

  /** Where a span really is in `text`: its offsets when they hold its words, else the nearest match. */
  function locate(text, span) {
    let s = Number(span.start), e = Number(span.end);
    if (Number.isInteger(s) && Number.isInteger(e) && s >= 0 && e <= text.length && s < e &&
        (!span.text || text.slice(s, e) === span.text)) return [s, e];
    if (span.text) {
      const at = text.indexOf(span.text);
      if (at >= 0) return [at, at + span.text.length];
    }
    return null;
  }

  /** The report text as a fragment: plain text nodes, with <mark> around evidence (class "evidence")
      and field evidence (class "field", fields named in data-fields and the title). */
  function highlighted(text, evidence, fieldEvidence) {
    const spans = [];
    for (const sp of evidence || []) {
      const at = locate(text, sp);
      if (at) spans.push({ s: at[0], e: at[1], kind: "evidence" });
    }
    for (const [field, sp] of Object.entries(fieldEvidence || {})) {
      const at = locate(text, sp);
      if (at) spans.push({ s: at[0], e: at[1], kind: "field", field });
    }
    const cuts = new Set([0, text.length]);
    for (const sp of spans) { cuts.add(sp.s); cuts.add(sp.e); }
    const points = [...cuts].sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i], b = points[i + 1];
      const piece = document.createTextNode(text.slice(a, b));
      const over = spans.filter((sp) => sp.s <= a && sp.e >= b);
      if (!over.length) { frag.appendChild(piece); continue; }
      const mark = document.createElement("mark");
      const kinds = new Set(over.map((sp) => sp.kind));
      const fields = over.filter((sp) => sp.field).map((sp) => sp.field);
      mark.className = [...kinds].join(" ");
      if (fields.length) { mark.dataset.fields = fields.join(" "); mark.title = fields.join(", "); }
      mark.appendChild(piece);
      frag.appendChild(mark);
    }
    return frag;
  }

  function field(dl, name, ...value) {
    dl.appendChild(el("dt", {}, name));
    dl.appendChild(el("dd", {}, ...value));
  }

  // The gazetteer's name of the place when the reports spell it otherwise ("Douma", GeoNames "Dūmā")
  function alsoNamed(loc) {
    return loc.gazetteer_name && loc.gazetteer_name !== loc.name
      ? el("span", { class: "muted gazetteer-name" }, ` (gazetteer: ${loc.gazetteer_name})`) : "";
  }

  function drawHead(inc) {
    const loc = inc.location || {};
    document.title = `sitrep · incident ${inc.id}`;
    const title = clear(document.getElementById("incident-title"));
    const dot = el("span", { class: "dot" });
    dot.style.background = color(inc.event_type);
    title.append(dot, `${inc.sub_event_type || inc.event_type || "Incident"} · ${loc.name || "unknown place"} · ${inc.date || "undated"}`);
    if (inc.status !== "active") {
      title.appendChild(el("span", { class: "status" }, ` (${inc.status}`,
        inc.merged_into ? [" into ", el("a", { href: `/incidents/${Number(inc.merged_into)}` }, `incident ${inc.merged_into}`)] : "", ")"));
    }
    const dl = clear(document.getElementById("incident-fields"));
    field(dl, "Incident", String(inc.id), inc.locked ? " · locked by review" : "");
    field(dl, "Type", `${inc.event_type || "–"} / ${inc.sub_event_type || "–"}`);
    field(dl, "Date", `${inc.date || "–"}${inc.date_precision ? ` (${inc.date_precision})` : ""}`);
    const approx = loc.approximate && loc.within;
    field(dl, "Place", [loc.name, loc.admin1, loc.country].filter(Boolean).join(", ") || "–",
      alsoNamed(loc),
      approx ? el("span", { class: "approximate", id: "approximate" }, ` approximate: placed at ${loc.within.name || "its region"}`) : "",
      loc.lat != null ? ` (${loc.lat.toFixed(3)}, ${loc.lon.toFixed(3)})` : "");
    field(dl, "Actors", inc.actor1 || "–", inc.actor2 ? ` vs ${inc.actor2}` : "");
    field(dl, "Killed", el("span", { id: "killed" }, fmtCount(inc.fatalities)));
    field(dl, "Injured", fmtCount(inc.injuries));
    field(dl, "Grade", el("span", { class: `grade grade-${inc.grade || "none"}`, id: "grade" }, inc.grade || "–"),
      inc.grade_reason ? ` — ${inc.grade_reason}` : "");
    field(dl, "Sources", ...sourceLinks(inc));
    const edits = Object.entries(inc.overrides || {});
    if (edits.length) field(dl, "Reviewer edits", edits.map(([k, v]) => `${k} = ${v}`).join("; "));
    if (loc.lat != null && loc.lon != null) {
      if (!map) { map = sitrep.newMap("incident-map", { zoomControl: true }); sitrep.basemap(map); }
      map.setView([loc.lat, loc.lon], 7);
      L.circleMarker([loc.lat, loc.lon], approx
        ? { radius: 8, color: color(inc.event_type), weight: 1.5, dashArray: "3 3", fillColor: color(inc.event_type), fillOpacity: 0.12, className: "approximate" }
        : { radius: 8, color: "#333", weight: 1, fillColor: color(inc.event_type), fillOpacity: 0.8 }).addTo(map);
    } else {
      document.getElementById("incident-map").hidden = true;
    }
  }

  /** Who published a report, as people name it, linked to the report when its address is known. */
  function outletName(d) {
    if (d.outlet || d.publisher) return d.outlet || d.publisher;
    const host = d.url && sitrep.safeHref(d.url) !== "#" ? new URL(d.url).hostname.replace(/^www\./, "") : null;
    return host || (d.title ? `“${d.title}”` : `report ${d.id}`);
  }

  function outletLink(d) {
    const name = outletName(d);
    return d.url && sitrep.safeHref(d.url) !== "#" ? el("a", { href: d.url, rel: "noopener noreferrer", target: "_blank", class: "outlet" }, name) : name;
  }

  /** The incident's sources, each linked to the report that published or cites it (its page, else the
      claim below). */
  function sourceLinks(inc) {
    const out = [];
    for (const name of inc.sources || []) {
      const c = inc.claims.find((x) => outletName(x.document) === name || (x.sources || []).includes(name) ||
        (x.document.title && name === `“${x.document.title.slice(0, 80)}”`) || name === `report ${x.document.id}`);
      if (out.length) out.push("; ");
      const url = c && c.document.url && sitrep.safeHref(c.document.url) !== "#" ? c.document.url : null;
      out.push(c ? el("a", url ? { href: url, rel: "noopener noreferrer", target: "_blank", class: "source" } : { href: `#claim-${c.id}`, class: "source" }, name) : name);
    }
    return out.length ? out : ["–"];
  }

  function drawFigures(inc) {
    const t = clear(document.getElementById("figures"));
    t.appendChild(el("tr", {}, el("th", {}, "Source"), el("th", {}, "Figure"), el("th", { class: "num" }, "low"), el("th", { class: "num" }, "best"), el("th", { class: "num" }, "high")));
    for (const what of ["killed", "injured"]) {
      for (const v of (inc.figures_by_source || {})[what] || []) {
        t.appendChild(el("tr", {}, el("td", {}, v.source), el("td", {}, what), el("td", { class: "num" }, String(v.low)),
          el("td", { class: "num" }, String(v.best)), el("td", { class: "num" }, String(v.high))));
      }
    }
    if (t.rows.length === 1) t.appendChild(el("tr", {}, el("td", { colspan: 5, class: "empty" }, "No figures reported.")));
  }

  function drawClaims(inc) {
    const box = clear(document.getElementById("claims"));
    const docs = new Map((inc.documents || []).map((d) => [d.db_id, d]));
    for (const c of inc.claims) {
      const d = docs.get(c.document.db_id) || c.document;
      const loc = c.location || {};
      const pick = el("input", { type: "checkbox", class: "review-only split-pick", "aria-label": `choose claim ${c.id}`, hidden: !document.body.classList.contains("can-review") });
      pick.checked = chosen.has(c.id);
      pick.addEventListener("change", () => {
        if (pick.checked) chosen.add(c.id); else chosen.delete(c.id);
        document.getElementById("split").disabled = chosen.size === 0;
      });
      const head = el("header", {}, pick,
        el("strong", { class: "publisher" }, outletLink(d)),
        d.published ? ` · published ${d.published}` : "",
        (c.sources || []).length ? el("span", { class: "attributed" }, ` · according to ${c.sources.join(", ")}`) : "",
        el("span", { class: "muted" }, ` · claim ${c.id}`));
      const facts = el("p", { class: "claim-facts" },
        `${c.sub_event_type} · ${c.date || "undated"} · ${[loc.name, loc.admin1, loc.country].filter(Boolean).join(", ") || "no place"}`,
        ` · ${[c.actor1, c.actor2].filter(Boolean).join(" vs ") || "no actors"}`,
        ` · killed ${fmtCount(c.fatalities)}`, c.fatalities && c.fatalities.text ? ` (“${c.fatalities.text}”)` : "",
        ` · injured ${fmtCount(c.injuries)}`);
      const title = d.title ? el("h3", { class: "doc-title" }, d.url && sitrep.safeHref(d.url) !== "#" ? el("a", { href: d.url, rel: "noopener noreferrer", target: "_blank" }, d.title) : d.title) : null;
      const text = el("div", { class: "report-text", "data-claim": c.id });
      text.appendChild(highlighted(d.text || "", c.evidence, c.field_evidence));
      box.appendChild(el("article", { class: "claim", id: `claim-${c.id}` }, head, facts, title, text));
    }
    if (!inc.claims.length) box.appendChild(el("p", { class: "empty" }, "No active claims."));
  }

  function drawAudit(inc) {
    const ol = clear(document.getElementById("audit"));
    for (const a of inc.audit || []) {
      const li = el("li", { "data-action": a.id },
        el("strong", {}, a.action), ` by ${a.who} at ${a.at}`, a.why ? ` — “${a.why}”` : "",
        ` (incidents ${a.incident_ids.join(", ")})`, a.undone_by ? el("em", {}, ` undone by action ${a.undone_by}`) : "");
      if (!a.undone_by && a.action !== "undo") {
        li.appendChild(el("button", { type: "button", class: "review-only undo", hidden: !document.body.classList.contains("can-review"),
          onclick: () => act(`/api/v1/actions/${a.id}/undo`, {}) }, "undo"));
      }
      ol.appendChild(li);
    }
    if (!ol.children.length) ol.appendChild(el("li", { class: "empty" }, "No review actions yet."));
  }

  async function act(path, body, after) {
    body.reason = document.getElementById("review-reason").value || null;
    try {
      const r = await api(path, { method: "POST", body });
      notice(`Done (action ${r.action}).`, "ok");
      if (after) after(r); else load();
    } catch (e) { notice(e.message, "error"); }
  }

  function setupReview() {
    const sel = document.getElementById("edit-field");
    for (const f of EDITABLE) sel.appendChild(el("option", { value: f }, f));
    document.getElementById("reject").addEventListener("click", () => act(`/api/v1/incidents/${id}/reject`, {}));
    document.getElementById("merge").addEventListener("click", () => {
      const ids = document.getElementById("merge-ids").value.split(/[\s,]+/).filter(Boolean).map(Number);
      act("/api/v1/incidents/merge", { ids: [id, ...ids] }, (r) => {
        if (r.incident !== id) location.assign(`/incidents/${r.incident}`); else load();
      });
    });
    document.getElementById("split").addEventListener("click", () => {
      act(`/api/v1/incidents/${id}/split`, { claim_ids: [...chosen] }, (r) => {
        chosen.clear();
        notice(`Split off into incident ${r.new_incident}.`, "ok");
        load();
      });
    });
    document.getElementById("edit").addEventListener("click", () => {
      const f = sel.value;
      let v = document.getElementById("edit-value").value.trim();
      v = v === "" ? null : NUMERIC.has(f) ? Number(v) : v;
      act(`/api/v1/incidents/${id}/edit`, { changes: { [f]: v } });
    });
  }

  let loadedOnce = false;
  async function load() {
    loadedOnce = true;
    try {
      const inc = await api(`/api/v1/incidents/${id}`);
      drawHead(inc);
      drawFigures(inc);
      drawClaims(inc);
      drawAudit(inc);
      document.body.dataset.ready = "1";
    } catch (e) {
      notice(e.status === 404 ? `There is no incident ${id}.` : e.message, "error");
    }
  }

  const back = new URLSearchParams(location.search).get("back");
  if (back && back.startsWith("?")) document.getElementById("back").setAttribute("href", "/" + back);
  setupReview();
  sitrep.onSession((session) => {
    for (const n of document.querySelectorAll(".review-only")) n.hidden = !document.body.classList.contains("can-review");
    if (session.signedIn && !document.body.dataset.ready && loadedOnce) load(); // reading was closed until now
  });
  sitrep.loadSession().then(load);
})();
