/* Corridor's offline worker: the worker's clearance page, the certificate check page, the node's public keys and the
   last revocation list are kept; each is fetched from the network first and read from the cache without one. */
const CACHE = "corridor-offline-v1";
const KEPT = ["{{ mine }}", "{{ verify }}", "{{ keys }}", "{{ revocations }}", "{{ css }}", "{{ clearance_css }}",
              "{{ script }}", "{{ manifest }}"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) =>
    Promise.all(KEPT.map((url) => cache.add(new Request(url, {credentials: "same-origin"})).catch(() => null)))));
  self.skipWaiting();
});

self.addEventListener("activate", (event) => { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (!KEPT.includes(url.pathname)) return;
  event.respondWith(fetch(event.request).then((response) => {
    if (response.ok) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
    }
    return response;
  }).catch(() => caches.match(url.pathname).then((hit) => hit || Response.error())));
});
