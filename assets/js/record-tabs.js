// The console's user page: on phones its tab bar is one row that scrolls
// sideways, so a tab far along the row would open scrolled out of sight.
// Bring the current tab to the middle of the row. Only the row scrolls, never
// the page.
(function () {
  function centreCurrentTab() {
    var current = document.querySelector('.record-tabs [aria-current="page"]');
    if (!current) return;
    var row = current.closest('ul');
    if (!row || row.scrollWidth <= row.clientWidth) return;
    var offset = current.getBoundingClientRect().left - row.getBoundingClientRect().left;
    row.scrollLeft += offset - (row.clientWidth - current.offsetWidth) / 2;
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', centreCurrentTab);
  } else {
    centreCurrentTab();
  }
})();
