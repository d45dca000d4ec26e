// Hisaab's service worker (served from /sw.js, so its scope is the whole site).
// It does two things: static assets come from the cache (their URLs carry a
// content hash, so a cached one is never stale), and when the network is gone a
// page load shows Hisaab's offline page instead of the browser's error.
// Pages and API answers are never cached: they hold someone's money, and a
// shared device must not show them after sign-out.
const CACHE = __CACHE__;
const OFFLINE = '/offline';
const PRECACHE = __PRECACHE__;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) =>
        // The offline page is fetched without cookies: it must never show
        // whoever happened to be signed in when it was cached.
        cache
          .addAll(PRECACHE)
          .then(() => fetch(new Request(OFFLINE, { credentials: 'omit' })))
          .then((response) => cache.put(OFFLINE, response)),
      )
      .then(() => self.skipWaiting()),
  );
});

// A new release has a new cache name: drop the old ones.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('hisaab-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(
      caches.match(request).then(
        (hit) =>
          hit ||
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              caches.open(CACHE).then((cache) => cache.put(request, copy));
            }
            return response;
          }),
      ),
    );
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE)));
  }
});
