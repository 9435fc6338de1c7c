/* MkStatus, optional: next to each time in the site's zone, show it in the visitor's zone too.
   The page is complete without this script; it only adds text, never replaces it. */
(function () {
  "use strict";
  var root = document.querySelector("[data-mks-zone]");
  if (!root || !window.Intl) return;
  var visitor = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!visitor || visitor === root.getAttribute("data-mks-zone")) return;
  var format = new Intl.DateTimeFormat(undefined, {
    year: "numeric", month: "short", day: "numeric",
    hour: "2-digit", minute: "2-digit", timeZoneName: "short"
  });
  root.querySelectorAll("time[datetime]").forEach(function (element) {
    var moment = new Date(element.getAttribute("datetime"));
    if (isNaN(moment.getTime())) return;
    var local = document.createElement("span");
    local.className = "mks-local";
    local.textContent = " (" + format.format(moment) + " your time)";
    element.insertAdjacentElement("afterend", local);
  });
})();
