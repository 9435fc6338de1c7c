/* MkStatus embeddable banner: <mkstatus-banner> shows a status site's active incidents and
   maintenance in progress on any page, and nothing while all is well. No dependencies.
   MkStatus publishes this file as /embed/status.js with the site's settings written in below
   (mirrors, colours, icons, labels); see docs/embedding.md. */
(function () {
  "use strict";
  var SETTINGS = /*settings*/null;
  // Captured now: currentScript is only set while this script first runs.
  var script = document.currentScript;
  if (!SETTINGS || !window.customElements || !window.fetch || customElements.get("mkstatus-banner")) return;
  var TEXT = SETTINGS.text;
  var REFRESH_MS = 5 * 60 * 1000;
  var TIMEOUT_MS = 8000;
  var CLOSED = ["resolved", "postmortem", "completed"];
  var RUNNING = ["in_progress", "verifying"];  // maintenance still only scheduled is not shown

  /** An http(s) URL as a folder ("https://x/status/"), or "" for anything else. */
  function folder(url) {
    var parsed = httpUrl(url);
    if (!parsed) return "";
    parsed.search = parsed.hash = "";
    return parsed.href.replace(/\/?$/, "/");
  }

  function httpUrl(url) {
    try {
      var parsed = new URL(String(url), location.href);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed : null;
    } catch (error) {
      return null;
    }
  }

  // The site this script was published with (the folder above /embed/), so sub-path hosting works.
  var HOME = script && script.src ? folder(new URL("../", script.src).href) : "";
  var MIRRORS = SETTINGS.mirrors.map(folder).filter(Boolean);

  /** The first of `sites` whose summary.json answers, as {site, data}. */
  function readSummary(sites, index) {
    if (index >= sites.length) return Promise.reject(new Error("no site answered"));
    var abort = window.AbortController ? new AbortController() : null;
    var timer = abort && setTimeout(function () { abort.abort(); }, TIMEOUT_MS);
    return fetch(sites[index] + "api/v2/summary.json",
                 { cache: "no-cache", credentials: "omit", signal: abort && abort.signal })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        clearTimeout(timer);
        if (!data || typeof data !== "object") throw new Error("not a summary");
        return { site: sites[index], data: data };
      })
      .catch(function () {
        clearTimeout(timer);
        return readSummary(sites, index + 1);
      });
  }

  /** map[key] for the map's own keys only: "constructor" in another site's JSON is just unknown. */
  function own(map, key) {
    return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
  }

  function list(value) {
    return Array.isArray(value) ? value : [];
  }

  function time(value) {
    var moment = new Date(String(value || ""));
    return isNaN(moment.getTime()) ? null : moment;
  }

  /** Incidents and running maintenance to show, newest update first. */
  function itemsOf(summary, wanted) {
    var data = summary.data, page = data.page || {}, items = [];
    // Our incident links name the site's configured address; read them from wherever we read the data.
    var pageHome = page.url ? folder(page.url) : "";

    function affects(incident) {
      if (!wanted) return true;
      return list(incident.components).some(function (c) {
        return c && (wanted[String(c.id).toLowerCase()] || wanted[String(c.name).toLowerCase()] ||
                     (c.group_id && wanted[String(c.group_id).toLowerCase()]));
      });
    }

    function add(incident, maintenance) {
      if (!incident || !affects(incident)) return;
      var updates = list(incident.incident_updates).filter(function (u) { return u && time(u.display_at); });
      updates.sort(function (a, b) { return time(b.display_at) - time(a.display_at); });
      var latest = updates[0] || {}, previous = updates[1];
      if (maintenance && latest.status === "scheduled") {
        // Running with no update since it was scheduled: in progress since its start, as its status says.
        latest = { status: incident.status, display_at: incident.scheduled_for || latest.display_at };
        previous = null;
      }
      var link = String(incident.shortlink || summary.site);
      if (pageHome && link.indexOf(pageHome) === 0) link = summary.site + link.slice(pageHome.length);
      var impact = maintenance ? "maintenance" : String(incident.impact);
      items.push({
        key: "mkstatus-banner:" + (page.id || summary.site) + ":" + incident.id,
        title: String(incident.name || ""),
        impact: own(SETTINGS.colors, impact) ? impact : "none",
        label: previous && previous.status === latest.status ? TEXT.update
          : own(TEXT.status, latest.status) || String(latest.status || ""),
        at: time(latest.display_at || incident.updated_at),
        link: httpUrl(link) ? httpUrl(link).href : ""
      });
    }

    list(data.incidents).forEach(function (i) { if (i && CLOSED.indexOf(i.status) < 0) add(i, false); });
    list(data.scheduled_maintenances).forEach(function (m) { if (m && RUNNING.indexOf(m.status) >= 0) add(m, true); });
    items.sort(function (a, b) { return (b.at || 0) - (a.at || 0); });
    return items;
  }

  function remembered(key) {
    try { return localStorage.getItem(key); } catch (error) { return null; }  // storage may be blocked
  }

  function remember(key, value) {
    try { localStorage.setItem(key, value); } catch (error) { /* dismissed for this page view only */ }
  }

  function element(name, attributes, text) {
    var node = document.createElement(name);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (text) node.textContent = text;
    return node;
  }

  function icon(path) {
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    var shape = document.createElementNS("http://www.w3.org/2000/svg", "path");
    shape.setAttribute("d", path);
    svg.appendChild(shape);
    return svg;
  }

  var FORMAT = window.Intl ? new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }) : null;

  var CSS = ":host{display:block;font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;" +
    "--fg:#1b1b1f;--bg:#fff;--line:#c9ced8}" +
    ":host([hidden]){display:none}" +
    ":host([theme=dark]){--fg:#ececf1;--bg:#1e2129;--line:#4a5060}" +
    "@media (prefers-color-scheme:dark){:host(:not([theme=light])){--fg:#ececf1;--bg:#1e2129;--line:#4a5060}}" +
    ".row{display:flex;flex-wrap:wrap;align-items:center;gap:.35em .75em;margin:0 0 .5em;padding:.5em .75em;" +
    "color:var(--fg);background:var(--bg);border:1px solid var(--line);border-left:.35em solid var(--c);border-radius:.3em}" +
    ".chip{display:inline-flex;align-items:center;gap:.3em;padding:.1em .55em;border-radius:1em;" +
    "background:var(--c);color:#fff;font-weight:600;font-size:.85em}" +
    "svg{width:1.15em;height:1.15em;fill:currentColor}" +
    ".text{flex:1 1 14em;min-width:0;overflow-wrap:anywhere}" +
    ".title{font-weight:600;color:inherit}" +
    ".meta{display:block;font-size:.88em}" +
    "button{margin-inline-start:auto;min-width:2.2em;min-height:2.2em;border:1px solid var(--line);" +
    "border-radius:.3em;background:transparent;color:inherit;font:inherit;font-size:1.1em;cursor:pointer}" +
    "a:focus-visible,button:focus-visible{outline:2px solid currentColor;outline-offset:2px}";

  class Banner extends HTMLElement {
    static get observedAttributes() { return ["src", "components"]; }

    constructor() {
      super();
      var root = this.attachShadow({ mode: "open" });
      // A constructed stylesheet is not inline style, so a host page's CSP (style-src) allows it.
      if (root.adoptedStyleSheets && window.CSSStyleSheet && CSSStyleSheet.prototype.replaceSync) {
        var sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
        root.adoptedStyleSheets = [sheet];
      } else {
        root.appendChild(element("style", {}, CSS));
      }
      // Present from the start and empty while all is well, so screen readers announce what appears.
      this.live = root.appendChild(element("div", { "aria-live": "polite", part: "list" }));
      this.shown = "";
      this.items = [];
      this.stale = false;
      this.wake = this.wake.bind(this);
    }

    connectedCallback() {
      document.addEventListener("visibilitychange", this.wake);
      this.load();
    }

    disconnectedCallback() {
      document.removeEventListener("visibilitychange", this.wake);
      clearTimeout(this.timer);
    }

    attributeChangedCallback() {
      if (this.isConnected) this.load();
    }

    wake() {
      if (!document.hidden && this.stale) this.load();
    }

    /** Read the summary now, and again every few minutes while the page is visible. */
    load() {
      var self = this;
      clearTimeout(this.timer);
      this.timer = setTimeout(function () {
        if (document.hidden) self.stale = true; else self.load();
      }, REFRESH_MS);
      this.stale = false;
      var source = this.getAttribute("src");
      // Mirrors are this site's copies; a page named in `src` is read from there only.
      var sites = source ? [folder(source)].filter(Boolean) : [HOME].filter(Boolean).concat(MIRRORS);
      var wanted = null;
      (this.getAttribute("components") || "").split(",").forEach(function (name) {
        name = name.trim().toLowerCase();
        if (name) (wanted = wanted || {})[name] = true;
      });
      readSummary(sites, 0).then(function (summary) {
        self.render(itemsOf(summary, wanted));
      }, function () { /* nobody answered: keep what is shown */ });
    }

    render(items) {
      items = items.filter(function (item) { return remembered(item.key) !== String(item.at && item.at.getTime()); });
      var signature = JSON.stringify(items);
      if (signature === this.shown) return;  // re-reading must not re-announce the same news
      this.shown = signature;
      this.items = items;
      var self = this;
      this.live.textContent = "";
      items.forEach(function (item) { self.live.appendChild(self.row(item)); });
    }

    row(item) {
      var self = this;
      var row = element("div", { "class": "row", part: "banner" });
      row.style.setProperty("--c", SETTINGS.colors[item.impact]);
      var chip = row.appendChild(element("span", { "class": "chip", part: "impact" }));
      if (SETTINGS.icons[item.impact]) chip.appendChild(icon(SETTINGS.icons[item.impact]));
      chip.appendChild(element("span", {}, TEXT.impact[item.impact]));
      var text = row.appendChild(element("span", { "class": "text" }));
      text.appendChild(item.link
        ? element("a", { "class": "title", href: item.link, target: "_blank", rel: "noopener" }, item.title)
        : element("span", { "class": "title" }, item.title));
      var meta = text.appendChild(element("span", { "class": "meta" }, item.label));
      if (item.at) {
        meta.appendChild(document.createTextNode(" \u00b7 "));
        meta.appendChild(element("time", { datetime: item.at.toISOString() },
                                 FORMAT ? FORMAT.format(item.at) : item.at.toISOString()));
      }
      var close = row.appendChild(element("button", { type: "button", "aria-label": TEXT.dismiss + ": " + item.title,
                                                      title: TEXT.dismiss, part: "dismiss" }, "\u00d7"));
      close.addEventListener("click", function () {
        remember(item.key, String(item.at && item.at.getTime()));
        var next = row.nextElementSibling || row.previousElementSibling;
        row.remove();
        self.items = self.items.filter(function (other) { return other !== item; });
        self.shown = JSON.stringify(self.items);
        var focusable = next && next.querySelector("button");
        if (focusable) focusable.focus();
      });
      return row;
    }
  }

  customElements.define("mkstatus-banner", Banner);
})();
