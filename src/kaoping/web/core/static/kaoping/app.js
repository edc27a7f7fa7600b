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
  // A <select data-autosubmit> sends its form when the choice changes.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el instanceof HTMLSelectElement && el.hasAttribute("data-autosubmit") && el.form) {
      el.form.submit();
    }
  });
});

// Installable as a web app: the worker keeps the app shell for offline use.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js").catch(function () { /* the site works without it */ });
  });
}
