/* statuspress status widget: a notice in your web app while something is going on.
 *
 *   <script src="https://status.example.com/embed/widget.js" async
 *           data-position="bottom-right" data-maintenance-hours="24"></script>
 *
 * It reads api/v2/summary.json next to itself (or under data-site) and shows one
 * notice while an incident or a maintenance is active, or a maintenance starts within
 * data-maintenance-hours (default 24, 0 for never). Silent when all is well, and
 * silent about notices (incidents with impact "none" that name no component: support
 * hours, a coming change), which do not affect the service.
 * data-position: bottom-right (default), bottom-left or top; data-theme: auto
 * (default, follows prefers-color-scheme), light or dark.
 *
 * It must never break the host page: one global (StatuspressWidget), everything else
 * inside a closure and a shadow root (the host's CSS cannot reach in, ours cannot
 * leak out), and every failure (site unreachable, no CORS header, bad JSON) ends in
 * silence. Dismissed notices stay dismissed until the incident is updated.
 */
(function () {
  "use strict";
  if (window.StatuspressWidget || !window.fetch || !document.documentElement.attachShadow) return;

  var script = document.currentScript;
  var attr = function (name, fallback) {
    var value = script && script.getAttribute("data-" + name);
    return value === null || value === undefined || value === "" ? fallback : value;
  };
  var base;
  try {
    base = new URL(attr("site", "../"), script ? script.src : location.href);
  } catch (e) {
    return;
  }
  var position = /^(bottom-left|top)$/.test(attr("position", "")) ? attr("position") : "bottom-right";
  var theme = /^(light|dark)$/.test(attr("theme", "")) ? attr("theme") : "auto";
  var hours = parseFloat(attr("maintenance-hours", "24"));
  if (!(hours >= 0)) hours = 24;
  var STORE = "statuspress-widget:dismissed";
  var REFRESH_MS = 5 * 60 * 1000;

  // Its words, in the status site's language: the build writes the site's catalog
  // over this English object (render/embed.py, between the two markers).
  var T = /*texts*/{
    "investigating": "Investigating", "identified": "Identified", "monitoring": "Monitoring",
    "scheduled": "Scheduled", "in_progress": "In progress", "verifying": "Verifying",
    "none": "No impact", "minor": "Minor impact", "major": "Major impact", "critical": "Critical impact",
    "incident": "Incident", "maintenance": "Maintenance", "upcoming": "Scheduled maintenance",
    "service": "Service", "status_of": "{name} status", "update": "Status update",
    "starts": "Starts {time}", "starts_until": "Starts {start}, until {end}", "until": "Until {time}",
    "updated": "Updated {time}", "more_one": "And {count} more on the status page",
    "more_other": "And {count} more on the status page", "dismiss": "Dismiss this notice",
    "lang": "en"
  }/*end texts*/;
  var STAGES = { investigating: 1, identified: 1, monitoring: 1, scheduled: 1, in_progress: 1, verifying: 1 };
  var IMPACTS = { none: 1, minor: 1, major: 1, critical: 1 };
  function say(key, values) {
    return T[key].replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }

  var CSS = [
    ":host{all:initial}",
    ".n{--bg:#fff;--fg:#1f2329;--muted:#5c6670;--line:rgba(0,0,0,.16);--link:#1f5aa0;--mi:#b38600;--ma:#c2410c;--cr:#b3261e;--mt:#1f62b0;",
    "position:fixed;z-index:2147483000;bottom:16px;right:16px;box-sizing:border-box;width:22rem;max-width:calc(100vw - 32px);",
    "padding:12px 44px 12px 14px;border:1px solid var(--line);border-left:5px solid var(--c);border-radius:6px;",
    "background:var(--bg);color:var(--fg);box-shadow:0 4px 16px rgba(0,0,0,.25);",
    "font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;text-align:left;animation:sp-in .25s ease-out}",
    ".n.bottom-left{right:auto;left:16px}",
    ".n.top{top:0;bottom:auto;left:0;right:0;width:auto;max-width:none;border-radius:0;border-width:5px 0 1px;",
    "border-top-color:var(--c);padding:8px 48px 8px 16px;box-shadow:0 2px 8px rgba(0,0,0,.2)}",
    ".n.dark{--bg:#1e2129;--fg:#e3e7ec;--muted:#aab2bd;--line:rgba(255,255,255,.2);--link:#8ab8ff;--mi:#f2cf4a;--ma:#ffad5c;--cr:#ff8a80;--mt:#8ab8ff}",
    "@media (prefers-color-scheme:dark){.n.auto{--bg:#1e2129;--fg:#e3e7ec;--muted:#aab2bd;--line:rgba(255,255,255,.2);--link:#8ab8ff;--mi:#f2cf4a;--ma:#ffad5c;--cr:#ff8a80;--mt:#8ab8ff}}",
    ".n.minor{--c:var(--mi)}.n.major{--c:var(--ma)}.n.critical{--c:var(--cr)}.n.none{--c:var(--muted)}.n.maintenance{--c:var(--mt)}",
    ".k{margin:0;font-size:12px;font-weight:700;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}",
    ".t{margin:2px 0;font-weight:700}.t a,.x a{color:var(--link)}",
    ".m,.x{margin:0;color:var(--muted);font-size:13px}",
    ".top .k,.top .t,.top .m,.top .x{display:inline;margin-right:.6em}",
    "button{position:absolute;top:6px;right:6px;width:32px;height:32px;padding:0;border:0;border-radius:4px;",
    "background:transparent;color:var(--fg);font:inherit;font-size:20px;line-height:32px;cursor:pointer}",
    ".top button{top:50%;margin-top:-16px}",
    "button:hover{background:var(--line)}button:focus-visible{outline:2px solid var(--link);outline-offset:1px}",
    "@keyframes sp-in{from{opacity:0;transform:translateY(8px)}to{opacity:1;transform:none}}",
    "@media (prefers-reduced-motion:reduce){.n{animation:none}}"
  ].join("");

  var host = null;
  var shownKey = null;

  function when(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) return "";
    try {
      // Dates in the language of the words around them, not the visitor's browser.
      return date.toLocaleString(T.lang, {
        year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short"
      });
    } catch (e) {
      return date.toISOString();
    }
  }

  function notices(summary) {
    var now = Date.now();
    var found = [];
    (summary.incidents || []).forEach(function (i) {
      var notice = i.impact === "none" && !(i.components || []).length;
      if (i.status !== "resolved" && i.status !== "postmortem" && !notice) found.push({ kind: T.incident, item: i, level: i.impact in IMPACTS ? i.impact : "none" });
    });
    var maintenances = summary.scheduled_maintenances || [];
    maintenances.forEach(function (m) {
      if (m.status === "in_progress" || m.status === "verifying") found.push({ kind: T.maintenance, item: m, level: "maintenance" });
    });
    maintenances.forEach(function (m) {
      var start = Date.parse(m.scheduled_for);
      if (m.status === "scheduled" && start - now <= hours * 3600 * 1000 && start + 60000 > now && hours > 0) {
        found.push({ kind: T.upcoming, item: m, level: "maintenance", upcoming: true });
      }
    });
    return found;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function link(href, text) {
    var a = el("a", "", text);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener";
    return a;
  }

  function remember(key) {
    try { localStorage.setItem(STORE, key); } catch (e) { /* storage off: dismissed for this page only */ }
  }

  function dismissedKey() {
    try { return localStorage.getItem(STORE); } catch (e) { return null; }
  }

  function dismiss() {
    if (!host) return;
    remember(shownKey);
    var hadFocus = host.shadowRoot && host.shadowRoot.activeElement;
    host.remove();
    host = null;
    if (hadFocus && document.body) document.body.focus();
  }

  function render(summary) {
    var found = notices(summary);
    var key = found.map(function (n) { return n.item.id + "@" + n.item.updated_at; }).join(" ");
    if (key === shownKey && host) return;
    if (host) { host.remove(); host = null; }
    shownKey = key;
    if (!found.length || dismissedKey() === key || !document.body) return;

    var first = found[0];
    var item = first.item;
    var page = (summary.page && summary.page.url) || base.href;
    var name = (summary.page && summary.page.name) || T.service;

    host = el("div");
    host.setAttribute("data-statuspress-widget", "");
    var root = host.attachShadow({ mode: "open" });
    var style = el("style");
    style.textContent = CSS;
    root.appendChild(style);

    var box = el("aside", "n " + position + " " + theme + " " + first.level);
    // So that a screen reader reads the notice in its language, not the host page's.
    box.setAttribute("lang", T.lang);
    box.setAttribute("aria-label", say("status_of", { name: name }));
    var live = el("div");
    live.setAttribute("role", "status");
    var stage = item.status in STAGES ? T[item.status] : "";
    live.appendChild(el("p", "k", first.upcoming ? first.kind : first.kind + (stage ? " · " + stage : "")));
    var title = el("p", "t");
    title.appendChild(link(item.shortlink || page, item.name || T.update));
    live.appendChild(title);
    var meta;
    if (first.upcoming) {
      meta = item.scheduled_until
        ? say("starts_until", { start: when(item.scheduled_for), end: when(item.scheduled_until) })
        : say("starts", { time: when(item.scheduled_for) });
    } else if (first.level === "maintenance") {
      meta = item.scheduled_until ? say("until", { time: when(item.scheduled_until) }) : "";
    } else {
      meta = T[first.level] + " · " + say("updated", { time: when(item.updated_at) });
    }
    if (meta) live.appendChild(el("p", "m", meta));
    if (found.length > 1) {
      var more = el("p", "x");
      more.appendChild(link(page, say(found.length === 2 ? "more_one" : "more_other", { count: found.length - 1 })));
      live.appendChild(more);
    }
    box.appendChild(live);

    var close = el("button", "", "\u00d7");
    close.type = "button";
    close.setAttribute("aria-label", T.dismiss);
    close.addEventListener("click", dismiss);
    box.appendChild(close);
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") dismiss();
    });
    root.appendChild(box);
    document.body.appendChild(host);
  }

  function refresh() {
    var url;
    try { url = new URL("api/v2/summary.json", base); } catch (e) { return Promise.resolve(); }
    return fetch(url.href, { credentials: "omit", cache: "no-cache" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (summary) { if (summary && typeof summary === "object") render(summary); })
      .catch(function () { /* unreachable, no CORS header or bad JSON: stay silent */ });
  }

  window.StatuspressWidget = { refresh: refresh, dismiss: dismiss };

  function start() {
    refresh();
    setInterval(refresh, REFRESH_MS);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
