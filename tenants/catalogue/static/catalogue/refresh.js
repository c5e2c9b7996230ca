// Reload a page that shows a job still running (import progress), every few seconds.
(function () {
  var marker = document.querySelector("[data-refresh]");
  if (!marker) { return; }
  var seconds = parseInt(marker.getAttribute("data-refresh"), 10) || 3;
  window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
})();
