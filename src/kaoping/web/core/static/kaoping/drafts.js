// A report form's figures typed without a connection are kept in this browser
// (localStorage, one entry per person, report and version) and sent when the
// connection returns. They are sent with the version of the form they were
// typed into, so the server's version check still applies: if someone saved
// the report meanwhile, the reporter gets the usual conflict screen and
// chooses figure by figure. A draft is forgotten only once the server has
// saved it.
"use strict";

(function () {
  var PREFIX = "kaoping:draft:";
  var sending = null; // the draft being sent, until the server's answer is in

  function form() {
    return document.querySelector("#report-form form[data-draft-owner]");
  }
  function statusLine() {
    return document.getElementById("draft-status");
  }
  function keyPrefix(f) {
    return PREFIX + f.getAttribute("data-draft-owner") + ":" + location.pathname + ":";
  }
  function version(f) {
    return f.elements.namedItem("version").value;
  }

  function when(iso) {
    var d = new Date(iso);
    // no-break spaces: a time is not split over two lines
    return d.toLocaleString(document.documentElement.lang || undefined, {
      month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit",
    }).replace(/ /g, "\u00a0");
  }
  function say(name, fill) {
    var line = statusLine();
    if (!line) return;
    var text = line.getAttribute("data-" + name) || "";
    Object.keys(fill || {}).forEach(function (k) { text = text.replace("{" + k + "}", fill[k]); });
    line.textContent = text;
    line.hidden = !text;
    line.className = "draft-status " + name;
  }

  function stored(f) {
    var p = keyPrefix(f), found = null;
    for (var i = 0; i < localStorage.length; i++) {
      var k = localStorage.key(i);
      if (!k || k.indexOf(p) !== 0) continue;
      try {
        var d = JSON.parse(localStorage.getItem(k));
        d.key = k;
        if (!found || d.savedAt > found.savedAt) found = d;
      } catch (broken) {
        localStorage.removeItem(k);
      }
    }
    return found;
  }
  function forget(f) {
    var p = keyPrefix(f), gone = [];
    for (var i = 0; i < localStorage.length; i++) {
      var k = localStorage.key(i);
      if (k && k.indexOf(p) === 0) gone.push(k);
    }
    gone.forEach(function (k) { localStorage.removeItem(k); });
  }

  function values(f) {
    var out = {};
    Array.prototype.forEach.call(f.elements, function (el) {
      if (!el.name || el.disabled || el.readOnly || /^(hidden|submit|button)$/.test(el.type)) return;
      if (el.type === "radio") {
        if (el.checked) out[el.name] = el.value;
        else if (!(el.name in out)) out[el.name] = "";
      } else {
        out[el.name] = el.value;
      }
    });
    return out;
  }

  function keep(f, action) {
    var previous = stored(f);
    var draft = {
      // The version the figures were typed against: a restored draft puts its
      // own back into the form, a conflict screen the one it resolves against.
      version: version(f),
      values: values(f),
      action: action || (previous && previous.action) || "save",
      savedAt: new Date().toISOString(),
    };
    forget(f);
    try {
      localStorage.setItem(keyPrefix(f) + draft.version, JSON.stringify(draft));
    } catch (full) {
      say("full");
      return;
    }
    say("kept", { time: when(draft.savedAt) });
  }

  function restore(f, draft) {
    Object.keys(draft.values).forEach(function (name) {
      var value = draft.values[name];
      var fields = f.querySelectorAll('[name="' + CSS.escape(name) + '"]');
      Array.prototype.forEach.call(fields, function (el) {
        if (el.type === "radio") el.checked = el.value === value && value !== "";
        else el.value = value;
      });
    });
    f.elements.namedItem("version").value = draft.version;
  }

  function send(f, draft) {
    if (sending || !navigator.onLine) return;
    sending = draft;
    say("sending", { kept: when(draft.savedAt) });
    var button = f.querySelector('button[name="action"][value="' + draft.action + '"]') ||
      f.querySelector('button[name="action"][value="save"]');
    if (button && f.requestSubmit) f.requestSubmit(button);
    else sending = null;
  }

  function start() {
    var f = form();
    if (!f) return;
    var draft = stored(f);
    if (!draft) return;
    restore(f, draft);
    if (navigator.onLine) send(f, draft);
    else say("kept", { time: when(draft.savedAt) });
  }

  var lastAction = "save";
  document.addEventListener("click", function (event) {
    var b = event.target.closest && event.target.closest("#report-form button[name=action]");
    if (b) lastAction = b.value;
  });
  // Typing while offline is kept as it goes: closing the page loses nothing.
  document.addEventListener("input", function (event) {
    var f = form();
    if (f && !navigator.onLine && f.contains(event.target)) keep(f);
  });
  document.addEventListener("change", function (event) {
    var f = form();
    if (f && !navigator.onLine && f.contains(event.target)) keep(f);
  });
  // The form could not reach the server (no connection, or the server is down).
  document.body.addEventListener("htmx:sendError", function (event) {
    var f = form();
    if (!f || event.detail.elt !== f) return;
    if (sending) {
      sending = null;
      say("kept", { time: when(stored(f).savedAt) });
      return;
    }
    keep(f, lastAction);
  });
  // The server answered with a new form: saved, or not (a message, a conflict).
  document.body.addEventListener("htmx:afterSettle", function () {
    var f = form();
    var draft = sending;
    sending = null;
    if (!f) return;
    if (document.getElementById("saved")) {
      var had = draft || stored(f);
      forget(f);
      // The copy kept for offline use should show what was just saved, with
      // its new version, not the figures of the last time the page was opened.
      if (window.caches) {
        caches.open("kaoping-pages").then(function (c) { return c.add(location.href); })
          .catch(function () { /* kept copy stays as it was */ });
      }
      if (had) say("sent", { kept: when(had.savedAt), sent: when(new Date().toISOString()) });
    } else if (draft) {
      say("answered", { kept: when(draft.savedAt) });
    }
  });
  window.addEventListener("online", function () {
    var f = form(), draft = f && stored(f);
    if (draft) send(f, draft);
  });
  window.addEventListener("offline", function () {
    if (form()) say("offline");
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
