// The service worker of kaoping (rendered by core/views/webapp.py so that it
// names the current static files). It keeps the app shell, and the report
// forms a reporter has opened, so that a form still opens without a
// connection; the figures typed there are kept by drafts.js until they are sent.
"use strict";

const VERSION = "{{ version }}";
const SHELL_CACHE = "kaoping-shell-" + VERSION;
const PAGES_CACHE = "kaoping-pages";
const SHELL = {{ shell|safe }};
const OFFLINE = "/offline/";
// Pages kept for offline use: a report form, nothing else (no lists of other
// villages, no admin pages).
const KEEP = /^\/report\/\d+\/[^/]+\/[^/]+\/$/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((k) => k.startsWith("kaoping-shell-") && k !== SHELL_CACHE)
          .map((k) => caches.delete(k))
      ))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // Only reads of this site; a POST that fails offline is drafts.js's business.
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request, url));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(shellFile(request));
  }
});

async function page(request, url) {
  try {
    const response = await fetch(request);
    if (response.ok && KEEP.test(url.pathname)) {
      const copy = response.clone();
      caches.open(PAGES_CACHE).then((cache) => cache.put(request, copy));
    }
    return response;
  } catch (offline) {
    // ignoreVary: a copy refreshed by drafts.js was fetched with other headers.
    const kept = await caches.match(request, { cacheName: PAGES_CACHE, ignoreVary: true });
    return kept || (await caches.match(OFFLINE)) || Response.error();
  }
}

// The kept copy at once, refreshed in the background for the next time.
async function shellFile(request) {
  const cache = await caches.open(SHELL_CACHE);
  const kept = await cache.match(request);
  const fresh = fetch(request).then((response) => {
    if (response.ok) cache.put(request, response.clone());
    return response;
  });
  if (kept) {
    fresh.catch(() => undefined);
    return kept;
  }
  return fresh;
}
