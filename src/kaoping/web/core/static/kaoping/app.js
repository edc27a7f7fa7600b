// Behaviour every page shares. A static file rather than inline handlers, so
// that a Content-Security-Policy without 'unsafe-inline' allows it.
"use strict";

// Runs in <head> before the first paint: the stylesheet folds the menu on a
// narrow screen only when a script is there to unfold it.
document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", function () {
  var toggle = document.querySelector("header.top .menu-toggle");
  var header = document.querySelector("header.top");
  if (toggle && header) {
    toggle.addEventListener("click", function () {
      var open = header.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // Logging out forgets the report forms kept for offline use: the next person
  // on this phone must not find them. (Unsent drafts stay, under their owner.)
  var logout = document.querySelector("form.logout");
  if (logout && window.caches) {
    logout.addEventListener("submit", function (event) {
      event.preventDefault();
      caches.delete("kaoping-pages").finally(function () { logout.submit(); });
    }, { once: true });
  }
  // A button or form with data-confirm asks first and says what will happen
  // (审定, 公布, 撤销, issuing many reminders at once): cancelling sends nothing.
  // Where the server asks on a page of its own (core/asking.py), a yes here
  // says so; elsewhere, without scripts, the action goes ahead as it always
  // did, and the server's own checks (four eyes, versions) hold either way.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var by = event.submitter;
    var text = (by && by.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    // A bulk action says how many and which: its sentence is translated whole
    // with {count} and {names} in it, the names read from the ticked boxes.
    var selected = by && by.getAttribute("data-confirm-selected");
    if (selected) {
      var names = Array.prototype.map.call(
        form.querySelectorAll("input[type=checkbox][name=report]:checked"),
        function (box) { return box.getAttribute("data-name") || box.value; }
      );
      if (!names.length) {
        window.alert(form.getAttribute("data-none"));
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
      text = selected.replace("{count}", String(names.length))
        .replace("{names}", names.join(form.getAttribute("data-separator") || "、"));
    }
    if (text && !window.confirm(text)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    } else if (text && !form.querySelector("input[name=confirmed]")) {
      // Answered yes here: the server, which asks the same question on a page
      // of its own when no script ran (core/asking.py), need not ask again.
      var yes = document.createElement("input");
      yes.type = "hidden";
      yes.name = "confirmed";
      yes.value = "yes";
      form.appendChild(yes);
    }
  }, true);
  // A box with data-select-all="name" ticks or clears every box of that name in its form.
  document.addEventListener("change", function (event) {
    var all = event.target;
    if (!(all instanceof HTMLInputElement) || !all.hasAttribute("data-select-all") || !all.form) return;
    var name = all.getAttribute("data-select-all");
    all.form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      if (box.name === name) box.checked = all.checked;
    });
  });
  // A <select data-autosubmit> sends its form when the choice changes.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el instanceof HTMLSelectElement && el.hasAttribute("data-autosubmit") && el.form) {
      el.form.submit();
    }
  });
});

// htmx leaves a page as it was when the server refuses (4xx, 5xx): without
// this the user would see nothing. The refusal is read from the answer — the
// #refused paragraph of an error page, else its first heading — and shown in
// the page's alert region, which a screen reader announces.
function showRefusal(xhr) {
  var region = document.getElementById("request-alert");
  if (!region) return;
  var text = "";
  var type = xhr.getResponseHeader("Content-Type") || "";
  if (type.indexOf("html") !== -1 && xhr.responseText) {
    var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
    var found = doc.querySelector("#refused") || doc.querySelector("main h1") || doc.querySelector("h1");
    if (found) text = found.textContent.trim();
  } else if (type.indexOf("json") !== -1) {
    try {
      var body = JSON.parse(xhr.responseText);
      text = body.error_zh || body.error || "";
    } catch (e) { /* the fallback below says the request failed */ }
  }
  region.querySelector(".text").textContent = text || region.getAttribute("data-fallback");
  region.hidden = false;
}

document.addEventListener("htmx:responseError", function (event) {
  showRefusal(event.detail.xhr);
});
// The next answer that succeeds clears a message about an earlier refusal.
document.addEventListener("htmx:afterRequest", function (event) {
  var region = document.getElementById("request-alert");
  if (region && event.detail.successful) region.hidden = true;
});
document.addEventListener("click", function (event) {
  var close = event.target instanceof Element && event.target.closest("#request-alert .close");
  if (close) document.getElementById("request-alert").hidden = true;
});

// Installable as a web app: the worker keeps the app shell for offline use.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js").catch(function () { /* the site works without it */ });
  });
}
