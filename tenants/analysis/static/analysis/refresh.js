// Reload the page of a demography import still running, every few seconds (no inline script: CSP).
(function () {
  var marker = document.querySelector("[data-refresh]");
  if (!marker) { return; }
  var seconds = parseInt(marker.getAttribute("data-refresh"), 10) || 3;
  window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
})();
