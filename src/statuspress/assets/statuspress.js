/* statuspress: optional enhancements; every page is complete without this script.
 *
 * Times are written in UTC inside <time datetime="..."> elements. Where the reader's
 * time zone is not UTC, add the same moment in their local time next to it, in their
 * browser's format, labelled in the page's language (the meta tag base.html writes).
 */
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (!zone || zone === "UTC" || zone === "Etc/UTC") return;
  var format = new Intl.DateTimeFormat(undefined, {
    year: "numeric", month: "short", day: "numeric",
    hour: "2-digit", minute: "2-digit", timeZoneName: "short"
  });
  var label = document.querySelector('meta[name="statuspress-local-time"]');
  var suffix = label ? label.getAttribute("content") : "(your time)";
  var times = document.querySelectorAll("time.sp-utc[datetime]");
  for (var i = 0; i < times.length; i++) {
    var moment = new Date(times[i].getAttribute("datetime"));
    if (isNaN(moment.getTime())) continue;
    var local = document.createElement("span");
    local.className = "sp-local";
    local.textContent = format.format(moment) + " " + suffix;
    times[i].insertAdjacentElement("afterend", local);
  }
})();
