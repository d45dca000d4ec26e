// Live refresh (ADR 0021) that never takes work out of a person's hands.
//
// Any event on the page's stream makes the hidden #live-refresh element fetch
// the page again and swap in its live regions. This holds that refresh back
// while the person is busy in one of those regions: focus in a form field, a
// disclosure with a form opened (an IOU's "Change this IOU"), or the few
// seconds after their own change, while its confirmation is on screen. The
// held refresh runs as soon as they are done, so nothing is skipped.
(function () {
  'use strict';
  var REFRESHER = 'live-refresh';
  var HOLD_AFTER_OWN_WRITE_MS = 4000;
  var RETRY_MS = 1000;
  var holdUntil = 0;
  var retry = null;

  function refresher() {
    return document.getElementById(REFRESHER);
  }

  // The selectors of the live regions, from the refresher's hx-select-oob
  // ("#live-status:innerHTML,#group-summary,..."), without swap styles.
  function regions() {
    var el = refresher();
    var spec = (el && el.getAttribute('hx-select-oob')) || '';
    return spec.split(',').map(function (s) { return s.split(':')[0].trim(); })
      .filter(function (s) { return s && s !== '#live-status'; })
      .map(function (s) { return document.querySelector(s); })
      .filter(Boolean);
  }

  function busy() {
    if (Date.now() < holdUntil) return true;
    var active = document.activeElement;
    return regions().some(function (region) {
      if (active && active.form && region.contains(active)) return true;
      return Array.prototype.some.call(region.querySelectorAll('details[open]'), function (d) {
        return d.querySelector('form') !== null;
      });
    });
  }

  function later() {
    if (retry) return;
    retry = window.setTimeout(function () {
      retry = null;
      if (busy()) return later();
      var el = refresher();
      if (el && window.htmx) window.htmx.trigger(el, 'live-retry');
    }, RETRY_MS);
  }

  function fromRefresher(evt) {
    return evt.detail && evt.detail.elt && evt.detail.elt.id === REFRESHER;
  }

  // A list the person has scrolled further into ("More" rows loaded) says how
  // many rows it shows (data-live-shown names the parameter), so the refresh
  // redraws as many instead of folding it back to its first page.
  // Set on the address (not added as a parameter) so that it is never there twice.
  document.addEventListener('htmx:configRequest', function (evt) {
    if (!fromRefresher(evt)) return;
    var lists = document.querySelectorAll('[data-live-shown]');
    if (lists.length === 0) return;
    var url = new URL(evt.detail.path, window.location.href);
    Array.prototype.forEach.call(lists, function (list) {
      var shown = list.querySelectorAll(':scope > :not(.table__more)').length;
      url.searchParams.set(list.getAttribute('data-live-shown'), String(shown));
    });
    evt.detail.path = url.pathname + url.search;
  });

  document.addEventListener('htmx:beforeRequest', function (evt) {
    if (fromRefresher(evt) && busy()) {
      evt.preventDefault();
      later();
    }
  });

  // A refresh that was already on its way when the person got busy.
  document.addEventListener('htmx:beforeSwap', function (evt) {
    if (fromRefresher(evt) && busy()) {
      evt.detail.shouldSwap = false;
      later();
    }
  });

  // The person's own change just answered: its result and message are on
  // screen; the event it caused refreshes the page a moment later.
  document.addEventListener('htmx:afterRequest', function (evt) {
    var verb = evt.detail && evt.detail.requestConfig && evt.detail.requestConfig.verb;
    if (!fromRefresher(evt) && verb && verb !== 'get' && evt.detail.successful) {
      holdUntil = Date.now() + HOLD_AFTER_OWN_WRITE_MS;
    }
  });
})();
