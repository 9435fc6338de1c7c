/* MkStatus, optional: next to each time in the site's zone, show it in the visitor's zone too.
   The page is complete without this script; it only adds text, never replaces it. Its words come
   from the page (data-mks-local, translated with the rest), its date format from the page's language. */
(function () {
  "use strict";
  var root = document.querySelector("[data-mks-zone]");
  if (!root || !window.Intl) return;
  var visitor = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!visitor || visitor === root.getAttribute("data-mks-zone")) return;
  var options = {
    year: "numeric", month: "short", day: "numeric",
    hour: "2-digit", minute: "2-digit", timeZoneName: "short", numberingSystem: "latn"
  };
  var format;
  try {
    format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, options);
  } catch (error) {  // a language tag the browser does not know
    format = new Intl.DateTimeFormat(undefined, options);
  }
  var words = root.getAttribute("data-mks-local") || "({time} your time)";
  root.querySelectorAll("time[datetime]").forEach(function (element) {
    var moment = new Date(element.getAttribute("datetime"));
    if (isNaN(moment.getTime())) return;
    var local = document.createElement("span");
    local.className = "mks-local";
    local.textContent = " " + words.replace("{time}", format.format(moment));
    element.insertAdjacentElement("afterend", local);
  });
})();
