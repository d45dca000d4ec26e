// Registers the service worker (/sw.js): cached static assets and an offline
// page, so Hisaab can be installed as an app. Pages are never cached by it.
(function () {
  if (!('serviceWorker' in navigator)) return;
  window.addEventListener('load', function () {
    navigator.serviceWorker.register('/sw.js').catch(function () {});
  });
})();
