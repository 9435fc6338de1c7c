/* MkStatus, optional: keep an open status page current. Without it the page is complete as built.
   - Every minute while the tab is visible, re-read api/v2/status.json past every cache: when the
     site has been published again with other news, say so (role="status") and update the banner.
   - Follow the visitor's clock through the maintenance windows the page lists (data-mks-window):
     labels become In progress and Completed, components Under Maintenance and back, without a build.
   - While an incident is unresolved, say plainly when the page is older than the site allows.
   Words come from the page (data-mks-texts); text is only ever inserted with textContent. */
(function () {
  "use strict";
  var info = document.querySelector("[data-mks-fresh]");
  if (!info || !window.fetch || !window.JSON || !Date.parse) return;
  var data = info.dataset, texts;
  try { texts = JSON.parse(data.mksTexts); } catch (error) { return; }
  var POLL = 60000, TICK = 10000;
  var SEVERITY = ["operational", "under_maintenance", "degraded_performance", "partial_outage", "major_outage"];
  var built = Date.parse(data.mksBuilt), staleAfter = Number(data.mksStaleAfter) * 60000;
  var seen = data.mksUpdated + " " + data.mksIndicator, rebuilt = false, lastPoll = Date.now(), shown = "";
  var windows = document.querySelectorAll("[data-mks-window]");
  var notice = document.createElement("div");
  var host = document.querySelector(".md-content__inner") || document.body;
  notice.className = "mks-notice";
  notice.setAttribute("role", "status");
  host.insertBefore(notice, host.firstChild);

  function each(selector, callback, root) {
    Array.prototype.forEach.call((root || document).querySelectorAll(selector), callback);
  }

  function worst(a, b) {
    return SEVERITY.indexOf(b) > SEVERITY.indexOf(a) ? b : a;
  }

  function setBadge(badge, className, entry) {
    if (!badge || !entry) return;
    badge.className = className;
    var icon = badge.querySelector(".mks-icon"), label = badge.querySelector(".mks-badge__text");
    if (icon) icon.className = "mks-icon " + entry[entry.length - 1];
    if (label) label.textContent = entry[0];
  }

  function setBanner(indicator, description) {
    var banner = document.querySelector(".mks-banner"), entry = texts.banner[indicator];
    if (!banner || !entry) return;
    banner.className = "mks-banner mks-banner--" + indicator;
    var icon = banner.querySelector(".mks-icon"), label = banner.querySelector(".mks-banner__text");
    if (icon) icon.className = "mks-icon " + entry[1];
    if (label) label.textContent = description;
  }

  function show(text) {
    if (text === shown) return;  // the same words again would be announced again
    shown = text;
    notice.textContent = text + " ";
    var link = document.createElement("a");
    link.href = location.href.split("#")[0];
    link.textContent = texts.reload;
    link.addEventListener("click", function (event) {
      event.preventDefault();
      location.reload();
    });
    notice.appendChild(link);
  }

  function followClock(now) {
    var statuses = {};
    each("[data-mks-component]", function (element) {
      statuses[element.dataset.mksComponent] = element.dataset.mksBase;
    });
    Array.prototype.forEach.call(windows, function (element) {
      var span = element.dataset.mksWindow.split(" "), state = "";
      if (now >= Date.parse(span[1])) {
        state = "completed";
      } else if (now >= Date.parse(span[0])) {
        if (span[2] === "scheduled") state = "in_progress";
        (element.dataset.mksAffects || "").split(" ").forEach(function (pair) {
          var parts = pair.split(":");
          if (parts[0] in statuses) statuses[parts[0]] = worst(statuses[parts[0]], parts[1]);
        });
      }
      var entry = texts.progress[state];
      if (!entry) return;
      setBadge(element.querySelector("[class*='mks-badge--progress-']"),
               "mks-badge mks-badge--progress-" + (state === "completed" ? "closed" : "open"), entry);
      var sentence = element.querySelector(".mks-status-sentence");
      if (sentence) sentence.textContent = entry[1];
    });
    each("[data-mks-component]", function (element) {
      var status = statuses[element.dataset.mksComponent];
      setBadge(element.querySelector(".mks-badge"), "mks-badge mks-badge--status-" + status, texts.status[status]);
    });
    each(".mks-group", function (group) {
      var status = "operational";
      each("[data-mks-component]", function (member) {
        status = worst(status, statuses[member.dataset.mksComponent]);
      }, group);
      setBadge(group.querySelector(".mks-component--group .mks-badge"), "mks-badge mks-badge--status-" + status,
               texts.status[status]);
    });
    // A calm page (nothing wrong but maintenance) shows maintenance in its banner exactly while a window is open.
    if (!rebuilt && document.querySelector(".mks-banner[data-mks-calm]")) {
      var key = "none";
      for (var id in statuses) if (statuses[id] === "under_maintenance") key = "maintenance";
      setBanner(key, texts.banner[key][0]);
    }
  }

  function poll() {
    lastPoll = Date.now();
    fetch(data.mksApi, {cache: "no-store"}).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (live) {
      if (!live || !live.page || !live.status) return;
      var state = live.page.updated_at + " " + live.status.indicator;
      if (state === seen) return;
      seen = state;
      rebuilt = true;
      setBanner(String(live.status.indicator), String(live.status.description));
      show(texts.updated);
    }).catch(function () {});  // offline or the host is down: the page stays as it is
  }

  function tick() {
    var now = Date.now();
    if (windows.length) followClock(now);
    if (!rebuilt && Number(data.mksUnresolved) > 0 && now - built > staleAfter) show(texts.stale);
    if (document.visibilityState !== "hidden" && now - lastPoll >= POLL) poll();
  }

  document.addEventListener("visibilitychange", tick);
  setInterval(tick, TICK);
  tick();
})();
