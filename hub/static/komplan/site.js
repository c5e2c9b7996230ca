// Ask before destructive or irreversible steps: forms carrying data-confirm.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

// Progress bars carry their width as data-width (percent): the CSP allows no style attributes,
// and a width set from script is not one.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".bar > span[data-width]").forEach(function (bar) {
    var width = parseFloat(bar.dataset.width);
    if (!isNaN(width)) {
      bar.style.width = Math.max(0, Math.min(100, width)) + "%";
    }
  });
});
