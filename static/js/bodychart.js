// Tapping a spot on the body chart ticks its checkbox in the list below (and back again).
// The list is the real form: this script only mirrors it on the drawing.
(function () {
  "use strict";
  document.querySelectorAll("[data-bodychart]").forEach(function (chart) {
    var form = chart.closest("form");
    if (!form) return;

    function box(site) {
      return form.querySelector("#id_" + site + "__on");
    }

    function paint(site) {
      var input = box(site);
      if (!input) return;
      chart.querySelectorAll('[data-site="' + site + '"]').forEach(function (dot) {
        dot.classList.toggle("is-marked", input.checked);
      });
      var row = form.querySelector('[data-spot-row="' + site + '"]');
      if (row) row.classList.toggle("is-marked", input.checked);
    }

    chart.addEventListener("click", function (event) {
      var dot = event.target.closest("[data-site]");
      if (!dot) return;
      var input = box(dot.getAttribute("data-site"));
      if (!input) return;
      input.checked = !input.checked;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });

    form.addEventListener("change", function (event) {
      var name = event.target.name || "";
      if (name.slice(-4) === "__on") paint(name.slice(0, -4));
    });
  });
})();
